"""The draft journal's store (itatui.core.drafts): unsaved edits kept in .git/itatui, read back,
cleared; on real files in a real git repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import journal_holder, kill_9
from itatui.core.drafts import Drafts, DraftStore, git_dir

MEMO = "records/memo.toml"


def test_write_read_clear(sample_repo):
    store = DraftStore(sample_repo)
    assert store.path == sample_repo / ".git" / "itatui" / "drafts.json"
    assert not store.read()
    drafts = Drafts({MEMO: {"subject": "ทดสอบ ผู้นำ 😀"}}, {"records/scores.toml": ["9.x"]})
    assert store.write(drafts)
    back = store.read()
    assert back.texts == drafts.texts and back.extra_keys == drafts.extra_keys
    assert back.saved_at > 0
    assert back.paths() == [MEMO, "records/scores.toml"]
    # inside .git: nothing shows in the working tree
    status = subprocess.run(["git", "status", "--porcelain"], cwd=sample_repo,
                            capture_output=True, text=True, check=True).stdout
    assert status == ""
    store.write(Drafts())                     # nothing unsaved: the journal goes
    assert not store.path.exists()
    store.clear()                             # clearing twice is fine


def test_an_older_write_never_replaces_a_newer(sample_repo):
    store = DraftStore(sample_repo)
    assert store.write(Drafts({MEMO: {"subject": "ใหม่"}}), seq=2)
    assert not store.write(Drafts({MEMO: {"subject": "เก่า"}}), seq=1)
    assert store.read().texts[MEMO]["subject"] == "ใหม่"


def test_a_damaged_journal_reads_as_empty(sample_repo):
    store = DraftStore(sample_repo)
    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"version": 1, "texts": {', encoding="utf-8")
    assert not store.read()
    store.path.write_text(json.dumps({"version": 99, "texts": {MEMO: {"a": "b"}}}),
                          encoding="utf-8")
    assert not store.read()


def test_a_worktree_keeps_its_journal_in_its_own_git_dir(sample_repo, tmp_path):
    other = tmp_path / "wt"
    subprocess.run(["git", "worktree", "add", "-q", str(other)], cwd=sample_repo, check=True)
    assert (other / ".git").is_file()
    gd = git_dir(other)
    assert gd.is_dir() and gd != sample_repo / ".git"
    DraftStore(other).write(Drafts({MEMO: {"subject": "x"}}))
    assert (gd / "itatui" / "drafts.json").exists()
    assert not DraftStore(sample_repo).read()


def test_the_journal_lock_is_held_by_one_process_and_freed_by_kill_9(sample_repo):
    store = DraftStore(sample_repo)
    holder = journal_holder(sample_repo)              # a running editor, another process
    try:
        assert store.hold() == holder.pid             # not ours: its pid, read from the lock
        assert store.hold() == holder.pid
    finally:
        kill_9(holder)
    assert store.hold() is None                       # the kernel let go: ours now
    assert store.hold() is None                       # held already: still ours
    assert store.lock_path == sample_repo / ".git" / "itatui" / "drafts.pid"
    assert store.lock_path.read_text(encoding="ascii").strip() == str(os.getpid())
    other = subprocess.run([sys.executable, "-c",
                            "import sys\nfrom itatui.core.drafts import DraftStore\n"
                            "print(DraftStore(sys.argv[1]).hold())", str(sample_repo)],
                           capture_output=True, text=True, check=True)
    assert other.stdout.strip() == str(os.getpid())   # a second editor is kept out
    store.release()
    other = subprocess.run(other.args, capture_output=True, text=True, check=True)
    assert other.stdout.strip() == "None"             # released: free again
