"""What the auditor's commands print cannot drive the auditor's terminal, and a clone sees the
report (review of issue 15): ``verify`` shows the metadata a PDF claims for itself escaped (in
text and JSON) and calls a release not yet received "cannot tell yet", not "does not match";
``publish`` and ``sync`` print names and record keys escaped; ``itatui clone`` of a bare repository whose HEAD
names a branch that was never pushed (plain ``git init --bare``) checks out main."""

from __future__ import annotations

import json
import subprocess

from helpers import EMWARA, ITATUI, approve_chain, as_officer, git, itatui, make_repo_with
from itatui.core.controlchars import FORBIDDEN

NASTY = "\x1b[31mแดง\x07\x9b\u202e"


def _with_metadata(src, dst, **items) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    w = PdfWriter(clone_from=PdfReader(src))
    info = w._info.get_object()
    for k, v in items.items():
        info[NameObject(f"/{k}")] = TextStringObject(v)
    with open(dst, "wb") as fh:
        w.write(fh)


def _clean(proc) -> None:
    assert not FORBIDDEN.search(proc.stdout), FORBIDDEN.findall(proc.stdout)
    assert not FORBIDDEN.search(proc.stderr), FORBIDDEN.findall(proc.stderr)
    assert "Traceback" not in proc.stderr


def test_verify_shows_what_a_pdf_claims_escaped_and_not_yet_received_as_undecided(
        sample_repo, tmp_path):
    r = str(sample_repo)
    pdf = tmp_path / "report.pdf"
    assert itatui("render", "--repo", r, "--format", "pdf", "-o", str(pdf)).returncode == 0
    edition, commit = tmp_path / "edition.pdf", tmp_path / "commit.pdf"
    _with_metadata(pdf, edition, ItatuiEdition="ita-2569-o26-v9" + NASTY)
    _with_metadata(pdf, commit, ItatuiCommit="abc" + NASTY)
    out = itatui("verify", "--repo", r, str(edition))
    assert out.returncode == 2 and out.stdout.startswith("ยังบอกไม่ได้: "), out.stdout
    assert "ita-2569-o26-v9\\x1b[31mแดง\\x07\\x9b\\u202e" in out.stdout
    _clean(out)
    out = itatui("verify", "--repo", r, str(commit))
    assert out.returncode == 1 and out.stdout.startswith("ไม่ตรง: ")
    _clean(out)
    for f in (edition, commit):
        out = itatui("verify", "--repo", r, "--format", "json", str(f))
        _clean(out)
        json.loads(out.stdout)
        if f == edition:
            assert "\\u009b\\u202e" in out.stdout


def test_publish_prints_the_files_name_escaped_and_lists_times_in_the_agencys_zone(tmp_path):
    repo = make_repo_with(tmp_path / "repo")
    approve_chain(repo)
    target = tmp_path / f"ฉบับ{NASTY[-2:]}.pdf"            # C1 and RLO: JSON keeps them raw
    out = itatui("publish", "--repo", str(repo), "--despite-errors", "--format", "json",
                 "-o", str(target))
    assert out.returncode == 0, out.stderr
    _clean(out)
    assert json.loads(out.stdout)["pdf"].endswith("ฉบับ\x9b\u202e.pdf")
    out = itatui("publish", "--repo", str(repo), "--list", "--format", "json")
    _clean(out)
    assert json.loads(out.stdout)[0]["date"].endswith("+07:00")   # the agency's zone, as log
    out = itatui("publish", "--repo", str(repo), "--list")
    assert out.stdout.startswith("เวลาทั้งหมดเป็นเวลาประเทศไทย (UTC+07:00)\n"), out.stdout
    assert "+00:00" not in out.stdout and "พ.ศ." not in out.stdout and "๒๕" in out.stdout


def test_sync_names_a_conflicting_key_written_by_hand_escaped(two_clones):
    a, b = two_clones
    key = '"x\\u001by"'                                   # TOML's escape: the key holds ESC
    memo = "records/memo.toml"

    def write(root, value, message):
        f = root / memo
        text = f.read_text(encoding="utf-8")
        text = text.split(f"\n{key} = ")[0].rstrip("\n") + f'\n{key} = "{value}"\n'
        f.write_text(text, encoding="utf-8")
        git(root, "-c", f"user.name={EMWARA[0]}", "-c", f"user.email={EMWARA[1]}", "commit",
            "-qam", message)

    write(a, "ก", "เพิ่ม")
    assert itatui("sync", "--repo", str(a)).returncode == 0
    assert itatui("sync", "--repo", str(b)).returncode == 0
    write(a, "ข", "ก")
    write(b, "ค", "ข")
    assert itatui("sync", "--repo", str(a)).returncode == 0
    out = itatui("sync", "--repo", str(b), "--theirs")
    assert out.returncode == 0, out.stderr
    _clean(out)
    assert "ช่องที่ขัดกัน" in out.stdout and "x\\x1by" in out.stdout


def test_clone_of_a_bare_repository_whose_head_names_an_unpushed_branch(sample_repo, tmp_path):
    """``git init --bare`` (HEAD: master) and a first push of main: the clone is not empty."""
    bare = tmp_path / "server.git"
    subprocess.run(["git", "-c", "init.defaultBranch=master", "init", "-q", "--bare",
                    str(bare)], check=True)
    git(sample_repo, "push", "-q", str(bare), "HEAD:refs/heads/main")
    out = itatui("clone", bare.as_uri(), str(tmp_path / "b"))
    assert out.returncode == 0, out.stderr
    assert "ว่างอยู่" not in out.stderr and "(กิ่ง main)" in out.stdout
    assert (tmp_path / "b" / "records" / "memo.toml").is_file()
    assert git(tmp_path / "b", "rev-parse", "HEAD") == git(sample_repo, "rev-parse", "HEAD")


def test_render_at_a_date_reads_the_day_in_the_agencys_zone_not_the_machines(tmp_path):
    """A commit of 1 February 05:00 in Bangkok is 31 January 22:00 UTC: on a machine whose
    clock is in UTC (a server, a container), ``--at 2026-01-31`` still must not include it."""
    import os

    sample_repo = make_repo_with(tmp_path / "repo")          # first commit: 5 January 2026
    memo = sample_repo / "records" / "memo.toml"
    text = memo.read_text(encoding="utf-8")
    memo.write_text(text.replace('to = "', 'to = "เดือนกุมภาพันธ์ ', 1), encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-02-01T05:00:00+07:00",
           "GIT_COMMITTER_DATE": "2026-02-01T05:00:00+07:00"}
    git(sample_repo, "commit", "-qam", "กุมภาพันธ์", env=env)
    for tz in ("UTC", "Asia/Bangkok", "America/Los_Angeles"):
        out = subprocess.run([*ITATUI, "render", "--repo", str(sample_repo), "--at",
                              "2026-01-31", "--format", "md"], capture_output=True, text=True,
                             timeout=300, env={**as_officer(EMWARA), "TZ": tz})
        assert out.returncode == 0, out.stderr
        assert "เดือนกุมภาพันธ์" not in out.stdout, tz
        out = subprocess.run([*ITATUI, "render", "--repo", str(sample_repo), "--at",
                              "2026-02-01", "--format", "md"], capture_output=True, text=True,
                             timeout=300, env={**as_officer(EMWARA), "TZ": tz})
        assert "เดือนกุมภาพันธ์" in out.stdout, tz


def test_a_score_that_is_no_decimal_number_is_refused(sample_repo):
    """``float()`` reads "nan", "inf" and "1e400" (infinity): none is a score; refused, exit 2,
    nothing written."""
    scores = sample_repo / "records" / "scores.toml"
    before = scores.read_bytes()
    for value in ("nan", "1e400", "Infinity", "inf"):
        out = itatui("set", "--repo", str(sample_repo), "records/scores.toml", "2568.1", value)
        assert out.returncode == 2 and "ต้องเป็นตัวเลข" in out.stderr, (value, out.stderr)
        assert "Traceback" not in out.stderr
    assert scores.read_bytes() == before
    assert itatui("set", "--repo", str(sample_repo), "records/scores.toml", "2568.1",
                  "98.50").returncode == 0


def test_blame_of_an_unknown_revision_is_said_as_diff_says_it(sample_repo):
    r = str(sample_repo)
    for argv in (["blame", "--repo", r, "records/memo.toml", "--rev", "zzz"],
                 ["diff", "--repo", r, "zzz"]):
        out = itatui(*argv)
        assert out.returncode == 2 and 'ไม่พบฉบับ (commit หรือ tag) "zzz"' in out.stderr, out.stderr
        assert "fatal" not in out.stderr
    assert itatui("blame", "--repo", r, "records/memo.toml", "--rev", "HEAD").returncode == 0


def test_set_refused_by_a_pre_commit_hook_says_the_value_is_in_the_file(sample_repo):
    """README suggests ``itatui check`` as a pre-commit hook: when git refuses the commit, the
    value written stays in the file (nothing is lost) and ``set`` says so and how to go on."""
    hook = sample_repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'ตรวจไม่ผ่าน' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    head = git(sample_repo, "rev-parse", "HEAD")
    out = itatui("set", "--repo", str(sample_repo), "records/memo.toml", "to", "นายก")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "ยังไม่เป็น commit: records/memo.toml" in out.stderr, out.stderr
    assert "itatui recover --yes" in out.stderr
    assert git(sample_repo, "rev-parse", "HEAD") == head
    git(sample_repo, "checkout", "HEAD", "--", "records/memo.toml")     # the way back it names
    assert not git(sample_repo, "status", "--porcelain")


def test_an_approval_comment_with_a_control_character_is_refused(tmp_path):
    """The comment goes into the memo's comment block, like a record's text: refused."""
    from helpers import PREENAPA

    repo = make_repo_with(tmp_path / "repo")
    head = git(repo, "rev-parse", "HEAD")
    for comment in ("เห็นชอบ\x1b[2J", "เห็น\u202eชอบ"):
        out = itatui("approve", "--repo", str(repo), "--despite-errors", "--comment", comment,
                     officer=PREENAPA)
        assert out.returncode == 2 and "ความเห็น (--comment)" in out.stderr, out.stderr
        _clean(out)
    assert git(repo, "rev-parse", "HEAD") == head
    assert itatui("approve", "--repo", str(repo), "--despite-errors", "--comment", "เห็นชอบ",
                  officer=PREENAPA).returncode == 0
