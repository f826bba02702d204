"""Signatures as an auditor must see them: whose key signed, not only whether the signature is
good. Real ssh signing with throw-away keys (``ssh-keygen``) and an allowed-signers file that
maps each officer's e-mail to their own key."""

from __future__ import annotations

import json
import os

import pytest
from helpers import (EMWARA, OUTSIDER, PREENAPA, ROLES, SOMCHAI, approve_with_plain_git, git,
                     itatui, make_repo_with, ok, sign_with, ssh_keys, officer_workspace)

from itatui.core.audit.approvals import approve, list_approvals
from itatui.core.audit.signing import commit_signature, signatures, tag_signature
from itatui.core.audit.timeline import timeline, with_signatures
from itatui.core.history import History
from itatui.publishing.verify import history_check

M = "records/measures/02-01.toml"


@pytest.fixture
def signed_repo(tmp_path):
    root = make_repo_with(tmp_path / "repo")
    keys = ssh_keys(root, tmp_path / "keys", [EMWARA, PREENAPA, SOMCHAI, OUTSIDER],
                    allowed=[EMWARA, PREENAPA, SOMCHAI])          # the outsider's key: unknown
    return root, keys


def test_an_approval_signed_with_another_officers_key_is_an_error(signed_repo):
    repo, keys = signed_repo
    # Preenapa's approval signed with Somchai's key (itatui approve refuses that: plain git)
    approve_with_plain_git(repo, PREENAPA, ROLES[0], keys[SOMCHAI[1]])
    sign_with(repo, keys[SOMCHAI[1]])
    approve(officer_workspace(repo, SOMCHAI), ROLES[1])            # Somchai with his own
    hist = History.open(repo)
    aps = {a.author: a for a in list_approvals(hist)}
    wrong = commit_signature(hist, aps[PREENAPA[0]].commit)
    assert (wrong.status, wrong.kind, wrong.severity, wrong.valid) == \
        ("W", "wrong-signer", "error", False)
    assert SOMCHAI[1] in wrong.label and PREENAPA[1] in wrong.label
    assert wrong.label != "ลายมือชื่อถูกต้อง"
    own = commit_signature(hist, aps[SOMCHAI[0]].commit)
    assert (own.kind, own.valid, own.label) == ("good", True, "ลายมือชื่อถูกต้อง")
    probs = [p for p in history_check(hist) if p.code == "signer-mismatch"]
    assert [(p.commit, p.severity) for p in probs] == [(aps[PREENAPA[0]].commit, "error")]
    assert SOMCHAI[1] in probs[0].message
    proc = itatui("verify", "--repo", str(repo), "--history")
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "signer-mismatch" in proc.stdout + proc.stderr


def test_an_approval_signed_with_a_key_outside_the_allowed_signers_is_an_error(signed_repo):
    repo, keys = signed_repo
    approve_with_plain_git(repo, PREENAPA, ROLES[0], keys[OUTSIDER[1]])
    hist = History.open(repo)
    sig = commit_signature(hist, list_approvals(hist)[0].commit)
    assert (sig.status, sig.kind, sig.valid) == ("U", "unknown-key", False)
    assert "ไม่อยู่ในรายชื่อผู้ลงนาม" in sig.label
    assert "signer-mismatch" in {p.code for p in history_check(hist) if p.severity == "error"}


def test_a_tag_signed_with_another_officers_key(signed_repo):
    repo, keys = signed_repo
    sign_with(repo, keys[SOMCHAI[1]])
    env = {**os.environ, "GIT_COMMITTER_NAME": PREENAPA[0], "GIT_COMMITTER_EMAIL": PREENAPA[1]}
    git(repo, "tag", "-s", "-m", "ทดสอบ", "by-preenapa", env=env)
    git(repo, "tag", "-s", "-m", "ทดสอบ", "by-somchai",
        env={**env, "GIT_COMMITTER_NAME": SOMCHAI[0], "GIT_COMMITTER_EMAIL": SOMCHAI[1]})
    hist = History.open(repo)
    assert tag_signature(hist, "by-preenapa").kind == "wrong-signer"
    assert tag_signature(hist, "by-somchai").kind == "good"
    # a release tag (ita-*) so signed is an error of the history check
    head = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "tag", "-s", "-m", f"เผยแพร่\n\nCommit: {head}", "ita-2569-o26-v1", env=env)
    probs = [p for p in history_check(History.open(repo)) if p.code == "signer-mismatch"]
    assert [(p.ref, p.severity) for p in probs] == [("ita-2569-o26-v1", "error")]


def _tampered(repo) -> str:
    """HEAD's commit object with its message changed and its signature kept: a bad signature."""
    raw = git(repo, "cat-file", "commit", "HEAD")
    head, _, msg = raw.partition("\n\n")
    new = git(repo, "hash-object", "-t", "commit", "-w", "--stdin",
              input=head + "\n\nแก้ข้อความภายหลัง\n" + msg)
    sha = new.strip()
    git(repo, "update-ref", "HEAD", sha)
    return sha


def test_log_text_and_json_show_each_commits_signature(signed_repo):
    repo, keys = signed_repo
    r = str(repo)

    def edit(officer, key, value):
        sign_with(repo, key)
        ok(itatui("set", "--repo", r, M, "outcome", value, officer=officer))
        return git(repo, "rev-parse", "HEAD").strip()

    unsigned = edit(EMWARA, None, "ไม่ลงนาม")
    own = edit(EMWARA, keys[EMWARA[1]], "ลงนามด้วยกุญแจของตน")
    wrong = edit(PREENAPA, keys[EMWARA[1]], "ลงนามด้วยกุญแจของผู้อื่น")
    unknown = edit(SOMCHAI, keys[OUTSIDER[1]], "กุญแจที่ไม่รู้จัก")
    edit(SOMCHAI, keys[SOMCHAI[1]], "จะถูกแก้ข้อความ")
    bad = _tampered(repo)
    sign_with(repo, None)
    expected = {unsigned: "none", own: "good", wrong: "wrong-signer", unknown: "unknown-key",
                bad: "bad"}
    for args in ((), (M,)):                            # the whole log and the record's log
        entries = json.loads(ok(itatui("log", "--repo", r, *args, "--format", "json")))
        kinds = {e["commit"]: e["signature"]["kind"] for e in entries}
        assert {s: kinds[s] for s in expected} == expected
        by_sha = {e["commit"]: e for e in entries}
        assert by_sha[wrong]["signature"]["severity"] == "error"
        assert EMWARA[1] in by_sha[wrong]["signature"]["signer"]
        assert by_sha[bad]["signature"]["severity"] == "error"
        lines = {ln[:8]: ln for ln in ok(itatui("log", "--repo", r, *args)).splitlines()}
        assert lines[unsigned[:8]].endswith("[ไม่ได้ลงนาม]")
        assert lines[own[:8]].endswith("[ลงนามถูกต้อง]")
        assert lines[wrong[:8]].endswith(f"[ลงนามด้วยกุญแจของผู้อื่น ({EMWARA[1]})]")
        assert lines[unknown[:8]].endswith("[ไม่รู้จักกุญแจที่ลงนาม]")
        assert lines[bad[:8]].endswith("[ลายมือชื่อไม่ถูกต้อง]")
    # the history check: the record commit signed with another officer's key is an error
    probs = [p for p in history_check(History.open(repo)) if p.code == "signer-mismatch"]
    assert [(p.commit, p.severity) for p in probs] == [(wrong, "error")]
    # the audit timeline carries the same status for the TUI
    hist = History.open(repo)
    shown = {e.sha: e.signature.kind for e in with_signatures(hist, timeline(hist, M))}
    assert {s: shown[s] for s in expected} == expected


def test_ssh_signatures_without_an_allowed_signers_file_cannot_be_checked(signed_repo):
    repo, keys = signed_repo
    sign_with(repo, keys[EMWARA[1]])
    ok(itatui("set", "--repo", str(repo), M, "outcome", "ลงนามแล้ว", officer=EMWARA))
    git(repo, "config", "--unset", "gpg.ssh.allowedSignersFile")
    hist = History.open(repo)
    head = git(repo, "rev-parse", "HEAD").strip()
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    found = signatures(hist, [head, first])
    assert (found[head].status, found[head].kind) == ("E", "unknown-key")   # not "unsigned"
    assert found[first].kind == "none"
    for args in ((), (M,)):          # the whole log, and a record's (read in its own walk)
        entries = json.loads(ok(itatui("log", "--repo", str(repo), *args, "--format", "json")))
        kinds = {e["commit"]: (e["signature"]["status"], e["signature"]["kind"]) for e in entries}
        assert kinds[head] == ("E", "unknown-key") and kinds[first] == ("N", "none")


def test_the_audit_tui_shows_another_officers_key_in_red(signed_repo):
    from itatui.tui.audit.app import signature_cell

    repo, keys = signed_repo
    approve_with_plain_git(repo, PREENAPA, ROLES[0], keys[SOMCHAI[1]])
    hist = History.open(repo)
    entry = with_signatures(hist, timeline(hist, limit=1))[0]
    cell = signature_cell(entry.signature)
    assert "red" in str(cell.style) and "ลงนามด้วยกุญแจของผู้อื่น" in cell.plain
    assert "ลายมือชื่อถูกต้อง" not in entry.signature.label


def test_approve_with_another_officers_key_is_refused_and_makes_no_commit(signed_repo):
    repo, keys = signed_repo
    r = str(repo)
    head = git(repo, "rev-parse", "HEAD").strip()
    # another officer's key (named), a key outside the allowed signers
    for key, named in ((keys[SOMCHAI[1]], SOMCHAI[1]), (keys[OUTSIDER[1]], "allowedSignersFile")):
        sign_with(repo, key)
        proc = itatui("approve", "--repo", r, "--despite-errors", officer=PREENAPA)
        assert proc.returncode == 2, (proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr and "user.signingkey" in proc.stderr
        assert "ไม่ได้อนุมัติ" in proc.stderr and named in proc.stderr
        assert git(repo, "rev-parse", "HEAD").strip() == head      # no commit, branch unmoved
        assert "✓" not in ok(itatui("approve", "--repo", r, "--status"))
    sign_with(repo, keys[PREENAPA[1]])                    # her own key: approved, signed
    ok(itatui("approve", "--repo", r, "--despite-errors", officer=PREENAPA))
    assert git(repo, "rev-parse", "HEAD^").strip() == head
    hist = History.open(repo)
    assert commit_signature(hist, "HEAD").kind == "good"
    assert f"✓ {ROLES[0]}: {PREENAPA[0]}" in ok(itatui("approve", "--repo", r, "--status"))


def test_a_mis_signed_approval_blocks_publish_until_approved_again(signed_repo, tmp_path):
    repo, keys = signed_repo
    r = str(repo)
    # made by an older itatui (or plain git): Preenapa's approval signed with Somchai's key
    wrong = approve_with_plain_git(repo, PREENAPA, ROLES[0], keys[SOMCHAI[1]])
    sign_with(repo, keys[SOMCHAI[1]])
    approve(officer_workspace(repo, SOMCHAI), ROLES[1])
    approve(officer_workspace(repo, SOMCHAI), ROLES[2])
    status = ok(itatui("approve", "--repo", r, "--status"))
    assert f"✗ {ROLES[0]}: {PREENAPA[0]} ({wrong[:8]})" in status, status
    assert SOMCHAI[1] in status and f"✓ {ROLES[0]}" not in status
    assert "อนุมัติครบแล้ว" not in status
    refused = json.loads(ok(itatui("approve", "--repo", r, "--status", "--format", "json")))
    assert [a["commit"] for a in refused["refused"]] == [wrong] and not refused["complete"]
    pdf = tmp_path / "out.pdf"
    proc = itatui("publish", "--repo", r, "-o", str(pdf), "--despite-errors", officer=SOMCHAI)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert wrong[:12] in proc.stderr and "Traceback" not in proc.stderr
    assert not pdf.exists() and not git(repo, "tag", "--list").strip()
    probs = [p for p in history_check(History.open(repo)) if p.commit == wrong]
    assert [(p.code, p.severity) for p in probs] == [("signer-mismatch", "error")]
    early = tmp_path / "early.pdf"                 # a render of the version before the repair
    ok(itatui("render", "--repo", r, "--format", "pdf", "--at", "HEAD", "-o", str(early)))
    # Preenapa approves again with her own key: no longer refused as a duplicate
    sign_with(repo, keys[PREENAPA[1]])
    ok(itatui("approve", "--repo", r, "--despite-errors", officer=PREENAPA))
    again = git(repo, "rev-parse", "HEAD").strip()
    status = ok(itatui("approve", "--repo", r, "--status"))
    assert f"✓ {ROLES[0]}: {PREENAPA[0]} ({again[:8]})" in status and "อนุมัติครบแล้ว" in status
    sign_with(repo, keys[SOMCHAI[1]])
    ok(itatui("publish", "--repo", r, "-o", str(pdf), "--despite-errors", officer=SOMCHAI))
    proc = itatui("verify", "--repo", r, str(pdf))
    assert proc.returncode == 0, (proc.stdout, proc.stderr)
    probs = [p for p in history_check(History.open(repo)) if p.commit == wrong]
    assert [(p.code, p.severity, p.superseded_by) for p in probs] == \
        [("signer-mismatch", "warning", again)]
    out = itatui("verify", "--repo", r, "--history")
    assert f"แทนที่แล้วด้วยการอนุมัติที่ลงนามถูกต้อง {again[:12]}" in out.stdout + out.stderr
    assert out.returncode == 0, (out.stdout, out.stderr)
    # what was made before the re-approval still rests on the mis-signed approval
    proc = itatui("verify", "--repo", r, str(early))
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert f"ฉบับนี้สร้างก่อนการอนุมัติที่ลงนามถูกต้อง {again[:12]}" in proc.stdout + proc.stderr
