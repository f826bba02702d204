"""Shared fixtures: every test runs with its own HOME, config folder and git identity, and works
on real git repositories in temporary folders. Plain helpers are in helpers.py."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from helpers import OFFICER, git, make_repo, write_identity


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


@pytest.fixture
def sample_repo(tmp_path) -> Path:
    """A real git repository holding a copy of the sample records, one commit."""
    return make_repo(tmp_path / "repo")


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
