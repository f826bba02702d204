"""``itatui log`` and ``itatui blame`` import only what they need (issue 15, speed): the command
line imports the one command asked for, and reading the history needs neither GitPython nor
the Thai word list, tomlkit or the TUI. Each runs in a fresh interpreter, on a real repository."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import make_repo_with

M = "records/measures/02-01.toml"
HEAVY = ("git", "gitdb", "tomlkit", "regex", "pythainlp", "textual", "rich", "weasyprint",
         "pypdf", "itatui.render", "itatui.publishing", "itatui.tui.app")

PROBE = """
import io, json, sys
from contextlib import redirect_stdout
from itatui.cli import main
with redirect_stdout(io.StringIO()) as out:
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def run(repo, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=repo, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("command", ["log", "blame"])
def test_log_and_blame_import_only_what_they_need(tmp_path, command):
    repo = make_repo_with(tmp_path / "repo")
    found = run(repo, command, M)
    assert found["code"] == 0 and "๕ ม.ค. ๒๕๖๙" in found["out"]
    modules = set(found["modules"])
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY or
                   any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == []
    commands = sorted(m for m in modules if m.startswith("itatui.cli.cmd_"))
    assert commands == [f"itatui.cli.cmd_{command}"]


def test_help_and_a_misspelt_command_still_list_every_command(tmp_path):
    done = subprocess.run([sys.executable, "-m", "itatui", "lgo"], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 2
    assert "'blame'" in done.stderr and "'audit'" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "itatui", "blame", "--help"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0 and "itatui blame" in done.stdout
