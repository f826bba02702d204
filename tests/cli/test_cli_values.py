"""Values keep their form (issue 15): a number is written with the decimals the file uses
(scores: two), and ``diff`` and ``blame`` show it as written; every time ``log`` and ``blame``
show is in one zone, the agency's (Asia/Bangkok unless ``[agency] timezone`` says otherwise),
and they say so. Whole processes on real git repositories."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from helpers import EMWARA, ITATUI, as_officer, git, itatui, ok

SCORES = "records/scores.toml"


def scores_lines(repo) -> list[str]:
    return (repo / SCORES).read_text(encoding="utf-8").splitlines()


def test_a_score_keeps_two_decimals_and_the_history_shows_them(sample_repo):
    r = str(sample_repo)
    ok(itatui("set", "--repo", r, SCORES, "2568.1", "99.50"))
    lines = scores_lines(sample_repo)
    assert "1 = 99.50" in lines
    ok(itatui("set", "--repo", r, SCORES, "2568.3", "๙๗.๕"))      # Thai digits, one decimal
    ok(itatui("set", "--repo", r, SCORES, "2568.6", "88.1"))      # a new key: as its table
    ok(itatui("set", "--repo", r, SCORES, "2568.4", "99.125"))    # more decimals: none lost
    lines = scores_lines(sample_repo)
    assert {"3 = 97.50", "6 = 88.10", "4 = 99.125"} <= set(lines)
    assert any(ln.startswith("2 = 100.00  # the outcome text") for ln in lines)   # untouched
    diff = ok(itatui("diff", "--repo", r, "HEAD~4..HEAD", "--color", "never"))
    assert "[-100.00-]{+97.50+}" in diff and "{+88.10+}" in diff
    assert "100.0-]" not in diff
    blame = ok(itatui("blame", "--repo", r, SCORES))
    assert re.search(r"\(2568\.1\): 99\.50$", blame, re.M)
    assert re.search(r"\(2568\.2\): 100\.00$", blame, re.M)
    assert re.search(r"\(2567\.1\): 2\.09$", blame, re.M)


def _commit_at(repo, date: str, text: str) -> None:
    memo = repo / "records" / "memo.toml"
    memo.write_text(re.sub(r'(?m)^to = ".*"$', f'to = "{text}"',
                           memo.read_text(encoding="utf-8")), "utf-8")
    git(repo, "-c", f"user.name={EMWARA[0]}", "-c", f"user.email={EMWARA[1]}", "commit",
        "-qam", text, env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
                           "PATH": "/usr/bin:/bin", "HOME": str(repo)})


def test_log_and_blame_show_every_time_in_the_agency_zone_and_say_so(sample_repo):
    _commit_at(sample_repo, "2026-01-05T02:30:00+00:00", "แก้ครั้งแรก")      # 09:30 in Thailand
    _commit_at(sample_repo, "2026-01-05T20:15:00-05:00", "แก้ครั้งที่สอง")    # 08:15 next day
    r = str(sample_repo)
    entries = json.loads(ok(itatui("log", "--repo", r, "--format", "json")))
    assert [e["date"] for e in entries[:2]] == ["2026-01-06T08:15:00+07:00",
                                                "2026-01-05T09:30:00+07:00"]
    assert all(e["date"].endswith("+07:00") for e in entries)
    text = ok(itatui("log", "--repo", r, "--records-only"))
    first, *rows = text.splitlines()
    assert first == "เวลาทั้งหมดเป็นเวลาประเทศไทย (UTC+07:00)"
    assert "๖ ม.ค. ๒๕๖๙ ๐๘:๑๕" in rows[0] and "๕ ม.ค. ๒๕๖๙ ๐๙:๓๐" in rows[1]
    blame = ok(itatui("blame", "--repo", r, "records/memo.toml"))
    assert blame.splitlines()[0] == "เวลาทั้งหมดเป็นเวลาประเทศไทย (UTC+07:00)"
    assert "๖ ม.ค. ๒๕๖๙ ๐๘:๑๕" in blame
    lines = json.loads(ok(itatui("blame", "--repo", r, "records/memo.toml", "--format", "json")))
    assert all(ln["date"].endswith("+07:00") for ln in lines)
    # --since/--until are read in the agency's zone: the Thai day 6 Jan holds only the second
    only = json.loads(ok(itatui("log", "--repo", r, "--since", "2569-01-06", "--until",
                                "2569-01-06", "--format", "json")))
    assert [e["summary"] for e in only] == ["แก้ครั้งที่สอง"]


def test_another_zone_from_the_config(sample_repo):
    _commit_at(sample_repo, "2026-01-05T02:30:00+00:00", "แก้ครั้งแรก")
    r = str(sample_repo)
    env = as_officer(EMWARA)
    cfg = Path(env["XDG_CONFIG_HOME"]) / "itatui" / "config.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + '\n[agency]\ntimezone = "Asia/Tokyo"\n',
                   encoding="utf-8")
    out = subprocess.run([*ITATUI, "log", "--repo", r], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "เวลาทั้งหมดเป็นเวลา Asia/Tokyo (UTC+09:00)"
    assert "๕ ม.ค. ๒๕๖๙ ๑๑:๓๐" in out.stdout
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("Asia/Tokyo", "Mars/Olympus"),
                   encoding="utf-8")
    bad = subprocess.run([*ITATUI, "log", "--repo", r], capture_output=True, text=True,
                         env=env, timeout=120)
    assert bad.returncode == 2 and "เขตเวลา" in bad.stderr and "Traceback" not in bad.stderr
