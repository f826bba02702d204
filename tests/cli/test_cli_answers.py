"""Uniform answers (issue 15): every bad input is a Thai error on stderr with exit 2, never a
traceback; the exit codes of every command are the README's table. Generated arguments
(hypothesis) drive ``set``, ``log``, ``blame``, ``diff``, ``render --at`` and ``approve``
in process through ``itatui.cli.main``; the known cases run as whole processes too."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from helpers import (EMWARA, PREENAPA, ROLES, ROOT, git, itatui, make_repo_with, ok,
                     table_rows)
from itatui.cli import COMMANDS, INTERNAL, main

THAI = re.compile(r"[\u0e01-\u0e5b]")
RECORDS = ("records/memo.toml", "records/signers.toml", "records/scores.toml",
           "records/measures/02-01.toml", "records/issues/01.toml", "records/units.toml")


def run_in(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    """``itatui ARGV`` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as exc:           # argparse: --help, a bad argument
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def assert_answer(code: int, err: str, allowed=(0, 2)) -> None:
    assert code in allowed, (code, err)
    assert "Traceback" not in err and INTERNAL not in err, err
    if code == 2:
        assert THAI.search(err), err


@pytest.fixture(scope="module")
def shared_repo(tmp_path_factory) -> Path:
    """The sample with its officers list and two more commits, shared by the generated runs
    (they may add commits; nothing else uses it)."""
    root = make_repo_with(tmp_path_factory.mktemp("answers") / "repo")
    env = ["-c", f"user.name={EMWARA[0]}", "-c", f"user.email={EMWARA[1]}"]
    memo = root / "records" / "memo.toml"
    memo.write_text(memo.read_text(encoding="utf-8").replace("เรียน", "เรียน", 1), "utf-8")
    (root / "records" / "issues" / "01.toml").write_text('title = "ประเด็นแก้ไข"\n', "utf-8")
    git(root, *env, "commit", "-qam", "แก้ไขประเด็นที่ ๑")
    return root


# -- generated arguments -------------------------------------------------------------------
_tricky = st.sampled_from(["", "-", "--", "..", "...", "HEAD", "HEAD~1", "HEAD~99", "main",
                           "nope", "HEAD..", "..HEAD", "@{u}", "-x", "--help", "\x1b[31m",
                           "a\udc9bb", "records/", "records/../README.md", "/etc/passwd",
                           "records/measures/99-99.toml", "๒๕๖๙-๐๑-๓๑", "31 ม.ค. 2569",
                           "2500-01-01", "0001-01-01", "9999-12-31", "2026-02-30",
                           "2569-13-01", "approvals.7.comment", "approvals.-1.comment",
                           "drafter.name.x", "2568.1", "2568", "1.2.3.4", "99.50", "๙๙.๕๐",
                           "[1, 2", '["a", 3]', "ก\x00ข", "\u202eกลับ", "\u200bคำ", "x" * 300])
_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
_any = st.one_of(_tricky, _text)
_key = st.one_of(st.sampled_from(["subject", "to", "outcome", "results", "results.0",
                                  "approvals.0.comment", "approvals.7.comment", "drafter.name",
                                  "2568.1", "2567.3", "fiscal_year", "units", "nope"]),
                 st.lists(st.one_of(st.integers(-2, 9).map(str),
                                    st.text("abcx_", min_size=1, max_size=5)),
                          min_size=1, max_size=4).map(".".join), _any)
_record = st.one_of(st.sampled_from(RECORDS), _any)
_date = st.one_of(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(str),
                  st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)).map(
                      lambda d: f"{d.year + 543}-{d.month:02d}-{d.day:02d}"), _any)

_commands = st.one_of(
    st.tuples(st.just("set"), _record, _key, _any).map(list),
    st.tuples(st.just("log"), _record).map(list),
    st.tuples(st.just("log"), st.sampled_from(["--since", "--until", "--author", "--field",
                                               "-n"]), _any).map(list),
    st.tuples(st.just("blame"), _record).map(list),
    st.tuples(st.just("blame"), _record, st.just("--rev"), _any).map(list),
    st.tuples(st.just("diff"), _any).map(list),
    st.tuples(st.just("diff"), _any, _any, _record).map(list),
    st.tuples(st.just("render"), st.just("--format"), st.just("md"), st.just("--at"),
              _date).map(list),
    st.tuples(st.just("approve"), st.just("--role"), st.one_of(st.sampled_from(ROLES), _any),
              st.just("--comment"), _any).map(list),
)


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(argv=_commands, fmt=st.sampled_from([[], ["--format", "json"]]))
def test_generated_arguments_get_a_thai_answer_never_a_traceback(shared_repo, argv, fmt):
    extra = fmt if argv[0] in ("log", "blame", "diff") else []
    code, out, err = run_in(argv[0], "--repo", str(shared_repo), *argv[1:], *extra,
                            stdin="ค่าจาก stdin")
    assert_answer(code, err)
    assert "\x1b" not in out + err and "\x00" not in out + err


@pytest.mark.parametrize("argv", [
    ["set", "records/signers.toml", "approvals.7.comment", "x"],
    ["set", "records/memo.toml", "subject", "ทดสอบ\x1b[31mแดง\x07"],
    ["log", "records/never-was.toml"],
    ["blame", "records/never-was.toml"],
    ["render", "--format", "md", "--at", "2500-01-01"],
    ["diff", "nope"],
])
def test_the_known_cases_as_whole_processes(shared_repo, argv):
    proc = itatui(argv[0], "--repo", str(shared_repo), *argv[1:])
    assert_answer(proc.returncode, proc.stderr, allowed=(2,))


# -- the known cases of the issue ----------------------------------------------------------
def test_a_list_item_that_does_not_exist_is_a_thai_error(sample_repo):
    before = git(sample_repo, "rev-parse", "HEAD")
    code, _, err = run_in("set", "--repo", str(sample_repo), "records/signers.toml",
                          "approvals.7.comment", "x")
    assert code == 2 and "approvals.7" in err and "มี ๓ รายการ" in err
    assert git(sample_repo, "rev-parse", "HEAD") == before
    assert not git(sample_repo, "status", "--porcelain")


def test_render_at_a_date_before_the_first_commit_refuses_and_says_the_reading(shared_repo):
    code, out, err = run_in("render", "--repo", str(shared_repo), "--format", "md",
                            "--at", "2500-01-01")
    assert code == 2 and not out
    assert "พ.ศ. ๒๕๐๐" in err and "ค.ศ. 1957" in err and "ฉบับแรก" in err
    # a date that reads both ways and has a version: rendered, and the reading said
    code, out, err = run_in("render", "--repo", str(shared_repo), "--format", "md",
                            "--at", "2569-12-31")
    assert code == 0 and "บันทึกข้อความ" in out
    assert "พ.ศ. ๒๕๖๙" in err and "ค.ศ. 2026" in err and "ไม่ใช่ปี ค.ศ. 2569" in err
    code, out, err = run_in("render", "--repo", str(shared_repo), "--format", "md",
                            "--at", "2026-01-04")        # the day before the import
    assert code == 2 and "ฉบับแรก" in err


def test_log_of_a_record_that_never_existed_is_exit_2_like_blame(shared_repo):
    for cmd in ("log", "blame"):
        code, out, err = run_in(cmd, "--repo", str(shared_repo), "records/measures/09-09.toml")
        assert code == 2 and "ไม่มีประวัติ" in err and not out
    code, _, err = run_in("log", "--repo", str(shared_repo), "records/memo.toml",
                          "--author", "ไม่มีใคร")
    assert code == 0                                     # a filter that matched nothing


def test_blame_of_a_record_that_is_now_invalid_toml_says_so(sample_repo):
    path = sample_repo / "records" / "issues" / "02.toml"
    path.write_text('title = "ประเด็นที่สอง\n', encoding="utf-8")     # unclosed string
    git(sample_repo, "commit", "-qam", "แก้ด้วยมือ")
    code, out, err = run_in("blame", "--repo", str(sample_repo), "records/issues/02.toml")
    assert code == 2
    assert "อ่านไม่ได้" in err and "บรรทัด 1" in err and "คอลัมน์" in err
    assert "ฉบับล่าสุดที่อ่านได้" in err and "title" in out      # the last good values, said so


def test_blame_of_a_deleted_record_says_when(sample_repo):
    git(sample_repo, "rm", "-q", "records/issues/07.toml")
    git(sample_repo, "commit", "-qm", "ลบประเด็นที่ ๗")
    code, out, err = run_in("blame", "--repo", str(sample_repo), "records/issues/07.toml")
    assert code == 2 and "ถูกลบไปแล้ว" in err and "ลบประเด็นที่ ๗" in err and not out
    code, out, _ = run_in("blame", "--repo", str(sample_repo), "records/issues/07.toml",
                          "--rev", "HEAD~1")
    assert code == 0 and "title" in out


def test_a_duplicate_approval_is_exit_2(tmp_path):
    repo = make_repo_with(tmp_path / "repo")
    args = ("approve", "--repo", str(repo), "--role", ROLES[0], "--despite-errors")
    ok(itatui(*args, officer=PREENAPA))
    again = itatui(*args, officer=PREENAPA)
    assert again.returncode == 2 and "ไว้แล้ว" in again.stderr
    assert "Traceback" not in again.stderr


# -- the README's table ----------------------------------------------------------------------
def _documented() -> dict[str, set[int]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("| command | 0 | 1 | 2 |")
    table = text[start:text.index("\n\n", start)]
    codes: dict[str, set[int]] = {}
    for row in table_rows(table):
        if len(row) != 4 or row[0] == "command":
            continue
        for name in re.findall(r"`(?:itatui )?([a-z-]+)", row[0]):
            codes[name] = {c for c, cell in zip((0, 1, 2), row[1:]) if cell.strip() != "—"}
    return codes


def test_every_command_is_in_the_exit_code_table_and_answers_as_it_says(tmp_path):
    table = _documented()
    assert {c.replace("_", "-") for c in COMMANDS} <= set(table), set(COMMANDS) - set(table)
    repo = make_repo_with(tmp_path / "repo")
    r = str(repo)
    nowhere = str(tmp_path / "not-a-repo")
    Path(nowhere).mkdir()
    scenarios = [
        (["init", str(tmp_path / "new"), "--agency", "เทศบาลตำบลบ้านเรือน",
          "--fiscal-year", "2568"], 0),
        (["init", str(tmp_path / "new2"), "--fiscal-year", "ปีนี้"], 2),
        (["import", str(tmp_path / "missing.txt"), "--repo", str(tmp_path / "imp")], 2),
        (["clone", str(tmp_path / "no-such.git"), str(tmp_path / "c")], 2),
        (["set", "--repo", r, "records/memo.toml", "to", "นายกเทศมนตรี"], 0),
        (["set", "--repo", r, "records/memo.toml", "to", "นายกเทศมนตรี"], 0),   # unchanged
        (["set", "--repo", r, "records/memo.toml", "nope", "x"], 2),
        (["restore", "--repo", r, "records/memo.toml", "HEAD~1"], 0),
        (["restore", "--repo", r, "records/memo.toml", "nope"], 2),
        (["render", "--repo", r, "--format", "md", "-o", str(tmp_path / "r.md")], 0),
        (["render", "--repo", nowhere, "--format", "md"], 2),
        (["diff", "--repo", r, "HEAD"], 0),
        (["diff", "--repo", r, "nope"], 2),
        (["log", "--repo", r], 0),
        (["log", "--repo", nowhere], 2),
        (["blame", "--repo", r, "records/memo.toml"], 0),
        (["blame", "--repo", r, "records/nope.toml"], 2),
        (["approve", "--repo", r, "--status"], 0),
        (["approve", "--repo", r], 2),                 # the drafter holds no approving role
        (["publish", "--repo", r], 2),                 # nothing approved yet
        (["check", "--repo", r], 1),                   # the sample's real mistakes
        (["check", "--repo", nowhere], 2),
        (["recover", "--repo", r], 0),
        (["verify", "--repo", r, str(tmp_path / "missing.pdf")], 2),
        (["verify", "--repo", r, "--history"], 0),
        (["sync", "--repo", r], 2),                    # no remote
        (["merge-driver"], 2),
        (["tui", "--no-such-option"], 2),
        (["audit", "--repo", nowhere], 2),
        (["years", "--repo", r], 0),
        (["years", "--repo", nowhere], 2),
        (["new-year", "--repo", r, "--dry-run"], 0),
        (["new-year", "--repo", nowhere], 2),
        (["serve", "--repo", r, "--list-officers"], 0),
        (["serve", "--repo", r], 2),                   # no officer may log in yet
    ]
    units = repo / "records" / "units.toml"

    def hand_edit():
        units.write_text(units.read_text(encoding="utf-8") + "# แก้ด้วยมือ\n", "utf-8")

    scenarios += [(hand_edit, None), (["recover", "--repo", r], 1)]   # listed, not committed
    seen: dict[str, set[int]] = {}
    for argv, want in scenarios:
        if callable(argv):
            argv()
            continue
        code, _, err = run_in(*argv)
        assert code == want, (argv, code, err)
        assert_answer(code, err, allowed=(0, 1, 2))
        assert code in table[argv[0]], (argv, code, table[argv[0]])
        seen.setdefault(argv[0], set()).add(code)
    assert set(seen) == {c.replace("_", "-") for c in COMMANDS}


def test_an_unexpected_error_is_still_a_thai_answer_with_exit_2(sample_repo, monkeypatch):
    import itatui.cli.cmd_log as cmd_log

    def broken(args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(cmd_log, "run", broken)
    code, _, err = run_in("log", "--repo", str(sample_repo))
    assert code == 2 and INTERNAL in err and "RuntimeError: a bug" in err
    assert "Traceback" not in err and "ITATUI_DEBUG=1" in err
    monkeypatch.setenv("ITATUI_DEBUG", "1")
    with pytest.raises(RuntimeError):
        run_in("log", "--repo", str(sample_repo))
