"""Saving: one commit per change, the officer as author, Thai message with trailers; refusals."""

from __future__ import annotations

import os
import subprocess

import pytest

from itatui.core.errors import IdentityError, NothingToSave, RecordError
from itatui.core.history import History
from itatui.core.workspace import Workspace

from helpers import OFFICER, commit_count, git, processes

MEASURE = "records/measures/02-01.toml"
NEW_RESULT = "ติดตามผลการให้บริการผ่านระบบ E-Service ทุกไตรมาส และรายงานนายกเทศมนตรี"


def test_save_makes_one_commit_with_author_message_and_trailers(sample_repo):
    ws = Workspace(sample_repo)
    rec = ws.load(MEASURE)
    before = commit_count(sample_repo)
    results = rec.get("results") + [NEW_RESULT]
    result = ws.save(rec, {"results": results, "period": rec.get("period")})
    assert commit_count(sample_repo) == before + 1
    assert result.fields == ("results",)
    author = git(sample_repo, "log", "-1", "--format=%an|%ae|%cn|%ce").strip()
    assert author == f"{OFFICER[0]}|{OFFICER[1]}|{OFFICER[0]}|{OFFICER[1]}"
    files = git(sample_repo, "show", "--name-only", "--format=", "HEAD").split()
    assert files == [MEASURE]
    message = git(sample_repo, "log", "-1", "--format=%B")
    assert message.splitlines()[0] == "แก้ไข ประเด็นที่ ๒ มาตรการที่ ๑: ผลการดำเนินการ"
    assert "- ผลการดำเนินการ (results)" in message
    trailers = git(sample_repo, "log", "-1", "--format=%(trailers:only,unfold)").strip().splitlines()
    assert f"Record: {MEASURE}" in trailers and "Field: results" in trailers
    text = (sample_repo / MEASURE).read_text(encoding="utf-8")
    assert f'    "{NEW_RESULT}",\n]' in text
    assert git(sample_repo, "status", "--porcelain").strip() == ""


def test_save_commits_only_the_record_even_with_other_changes_staged(sample_repo):
    other = sample_repo / "records" / "issues" / "01.toml"
    other.write_text(other.read_text(encoding="utf-8") + "# ร่าง\n", encoding="utf-8")
    git(sample_repo, "add", str(other))
    ws = Workspace(sample_repo)
    rec = ws.load(MEASURE)
    ws.save(rec, {"period": "ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘ (ทั้งปี)"})
    assert git(sample_repo, "show", "--name-only", "--format=", "HEAD").split() == [MEASURE]
    assert "records/issues/01.toml" in git(sample_repo, "status", "--porcelain")


def test_unchanged_save_writes_and_commits_nothing(sample_repo):
    ws = Workspace(sample_repo)
    rec = ws.load(MEASURE)
    before = (sample_repo / MEASURE).read_bytes()
    with pytest.raises(NothingToSave):
        ws.save(rec, {"outcome": rec.get("outcome")})
    assert (sample_repo / MEASURE).read_bytes() == before
    assert commit_count(sample_repo) == 1


def test_no_identity_refuses_to_save(sample_repo, no_identity):
    ws = Workspace(sample_repo)
    rec = ws.load(MEASURE)
    before = (sample_repo / MEASURE).read_bytes()
    with pytest.raises(IdentityError) as info:
        ws.save(rec, {"outcome": "ข้อความใหม่"})
    assert "git config --global user.name" in str(info.value)
    assert "ยังไม่ได้ตั้งชื่อผู้บันทึก" in str(info.value)
    assert (sample_repo / MEASURE).read_bytes() == before
    assert commit_count(sample_repo) == 1


def test_itatui_config_identity_wins_over_git(sample_repo, no_identity):
    cfg = no_identity / ".config" / "itatui" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text('[officer]\nname = "นายทดสอบ ระบบ"\nemail = "test@go.th"\n', encoding="utf-8")
    ws = Workspace(sample_repo)
    ws.save(ws.load(MEASURE), {"period": "ตุลาคม ๒๕๖๗"})
    assert git(sample_repo, "log", "-1", "--format=%an <%ae>").strip() == "นายทดสอบ ระบบ <test@go.th>"


def test_record_changed_on_disk_is_not_overwritten(sample_repo):
    ws = Workspace(sample_repo)
    rec = ws.load(MEASURE)
    path = sample_repo / MEASURE
    path.write_text(path.read_text(encoding="utf-8").replace("ตุลาคม", "พฤศจิกายน"), encoding="utf-8")
    changed = path.read_bytes()
    with pytest.raises(RecordError, match="แก้ไขจากที่อื่น"):
        ws.save(rec, {"outcome": "ของฉัน"})
    assert path.read_bytes() == changed


def test_broken_record_is_reported_with_line_and_others_still_load(sample_repo):
    broken = sample_repo / "records" / "issues" / "03.toml"
    original = "# ประเด็นที่ ๓\ntitle = \"ช่องทาง\n"
    broken.write_text(original, encoding="utf-8")
    ws = Workspace(sample_repo)
    records = ws.records()
    bad = [r for r in records if r.error]
    assert [r.path for r in bad] == ["records/issues/03.toml"]
    assert bad[0].error.line == 2 and "TOML ไม่ถูกต้อง" in str(bad[0].error)
    assert "records/issues/03.toml บรรทัด 2" in str(bad[0].error)
    assert len([r for r in records if not r.error]) == len(records) - 1
    with pytest.raises(RecordError):
        ws.save(bad[0], {"title": "x"})
    assert broken.read_text(encoding="utf-8") == original


def test_log_of_a_record_lists_fields_and_authors(sample_repo):
    ws = Workspace(sample_repo)
    ws.save(ws.load(MEASURE), {"period": "ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘ ทั้งปี"})
    ws.save(ws.load(MEASURE), {"outcome": "ผลลัพธ์ใหม่", "results": ["หนึ่ง"]})
    log = ws.history.log(MEASURE)
    assert [e.fields for e in log[:2]] == [["outcome", "results"], ["period"]]
    assert log[0].author == OFFICER[0] and log[-1].summary == "นำเข้ารายงานตัวอย่าง"
    assert log[0].records == [MEASURE]


def test_one_repo_per_process_and_no_leftover_git_processes(sample_repo):
    ws = Workspace(sample_repo)
    assert History.open(sample_repo) is ws.history
    for i in range(5):
        ws.save(ws.load(MEASURE), {"period": f"รอบที่ {i}"})
        ws.history.log(MEASURE)
    History.close_all()
    mine = [pid for pid, _, cmd in processes()
            if "cat-file" in cmd and _cwd_of(str(pid)) == str(sample_repo)]
    assert mine == []


def _cwd_of(pid: str) -> str:
    try:
        return os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return ""


def test_held_index_lock_is_retried_then_explained(sample_repo, monkeypatch):
    """A lock held by a running git (here one waiting on its stdin) is never taken away."""
    import itatui.core.history as history
    from itatui.core.errors import GitError

    monkeypatch.setattr(history, "LOCK_WAIT", 0.01)
    lock = sample_repo / ".git" / "index.lock"
    lock.write_text("")
    holder = subprocess.Popen(["git", "hash-object", "--stdin"], cwd=sample_repo,
                              stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    try:
        ws = Workspace(sample_repo)
        with pytest.raises(GitError, match="index.lock"):
            ws.save(ws.load(MEASURE), {"period": "ใหม่"})
        assert lock.exists()
    finally:
        holder.communicate(b"")
    # the edit itself is on disk, not lost; once the holder is gone the stale lock is cleared
    assert "ใหม่" in (sample_repo / MEASURE).read_text(encoding="utf-8")
    from itatui.core.recovery import commit_pending

    commit_pending(ws)
    assert not lock.exists() and commit_count(sample_repo) == 2


def test_stale_lock_of_a_dead_git_is_cleared(sample_repo):
    (sample_repo / ".git" / "index.lock").write_text("")
    ws = Workspace(sample_repo)
    ws.save(ws.load(MEASURE), {"period": "หลังไฟดับ"})
    assert commit_count(sample_repo) == 2


def test_saves_are_signed_when_a_signing_key_is_configured(sample_repo, tmp_path):
    key = tmp_path / "officer_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", OFFICER[1], "-f",
                    str(key)], check=True)
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"{OFFICER[1]} {(tmp_path / 'officer_key.pub').read_text()}",
                       encoding="utf-8")
    for k, v in (("gpg.format", "ssh"), ("user.signingkey", str(key)),
                 ("gpg.ssh.allowedSignersFile", str(allowed))):
        git(sample_repo, "config", k, v)
    ws = Workspace(sample_repo)
    ws.save(ws.load(MEASURE), {"period": "ลงนามแล้ว"})
    assert git(sample_repo, "log", "-1", "--format=%G?").strip() == "G"
    git(sample_repo, "config", "commit.gpgsign", "false")
    History.close_all()
    ws = Workspace(sample_repo)
    ws.save(ws.load(MEASURE), {"period": "ไม่ลงนาม"})
    assert git(sample_repo, "log", "-1", "--format=%G?").strip() == "N"
