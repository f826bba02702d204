"""Shared fixtures: every test runs with its own HOME, config folder and git identity, and works
on real git repositories in temporary folders."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "records"
#: the real sample report (a copy of ../shared/seeds/000_4a8cee38f8a52e3e.txt, so that a clone
#: alone runs every test)
SEED = ROOT / "tests" / "fixtures" / "seed" / "000_4a8cee38f8a52e3e.txt"
OFFICER = ("นางเอมวรา ชัยวงศ์", "emwara@banruean.go.th")


def git(root: Path, *args: str, **kw) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True, **kw).stdout


def write_identity(path: Path, name: str | None, email: str | None) -> None:
    lines = ["[init]", "\tdefaultBranch = main"]
    if name:
        lines += ["[user]", f"\tname = {name}", f"\temail = {email}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    gitconfig = home / ".gitconfig"
    write_identity(gitconfig, *OFFICER)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("EMAIL", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                "GIT_COMMITTER_EMAIL", "GIT_DIR", "GIT_WORK_TREE", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(var, raising=False)
    yield home
    from itatui.core.history import History

    History.close_all()


@pytest.fixture
def no_identity(isolated_env, monkeypatch):
    """Git and itatui know no officer: saving must be refused."""
    write_identity(isolated_env / ".gitconfig", None, None)
    return isolated_env


def make_repo(root: Path, records: Path = RECORDS) -> Path:
    shutil.copytree(records, root / "records")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "records")
    git(root, "-c", "user.name=ตัวอย่าง", "-c", "user.email=sample@itatui.invalid",
        "commit", "-q", "-m", "นำเข้ารายงานตัวอย่าง")
    return root


@pytest.fixture
def sample_repo(tmp_path) -> Path:
    """A real git repository holding a copy of the sample records, one commit."""
    return make_repo(tmp_path / "repo")


def make_app(repo: Path, **kw):
    """The editor (``ItaApp``) on ``repo`` and the list its notifications are recorded in, as
    (message, keyword arguments) pairs."""
    from itatui.tui.app import ItaApp

    app = ItaApp(str(repo), thai_wrap=False, **kw)
    notes: list[tuple[str, dict]] = []
    notify = app.notify

    def record(message, **kwargs):
        notes.append((str(message), kwargs))
        return notify(message, **kwargs)

    app.notify = record  # type: ignore[method-assign]
    return app, notes


async def wait_until(pilot, condition, what: str = "the condition", tries: int = 200) -> None:
    """Poll a Pilot-driven app until ``condition()`` holds: messages posted by a finished worker
    (its state change, a notification) or a screen's first layout arrive a few frames later on
    a loaded machine, so one pause is not enough."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def commit_count(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD").strip())


def processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every running process, from /proc (no procps needed)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[0] == "Z":
                continue
            cmd = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            continue
        out.append((int(stat.parent.name), int(fields[1]), cmd.strip()))
    return out


@pytest.fixture
def two_clones(sample_repo, tmp_path):
    """Two officers' clones (a, b) of a bare repository of the sample, shared over file://."""
    from itatui.core.sync import clone

    bare = tmp_path / "banruean.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(sample_repo), str(bare)], check=True)
    a, b = tmp_path / "a", tmp_path / "b"
    clone(bare.as_uri(), a)
    clone(bare.as_uri(), b)
    git(b, "config", "user.name", "นายธนพล ใจดี")
    git(b, "config", "user.email", "thanapon@banruean.go.th")
    return a, b
