"""Approvals, releases, signatures, ``verify`` of PDFs and of the history, on real repositories
edited and approved by several officers."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import (EMWARA, OUTSIDER, PREENAPA, ROLES, SOMCHAI, commit_count, git, itatui,
                     make_repo_with, ok)

from itatui.publishing import pdfstamp
from itatui.core.audit.approvals import approve, latest_approved, list_approvals, state_of
from itatui.core.audit.releases import list_releases, trailers
from itatui.publishing.publish import publish
from itatui.core.audit.signing import commit_signature, tag_signature
from itatui.publishing.verify import (EDITED, NOT_ITATUI, REWRITTEN, UNKNOWN_COMMIT, UNREADABLE,
                                      history_check, verify_pdf)
from itatui.core.config import Config
from itatui.core.errors import ItatuiError, NothingToSave
from itatui.core.history import History
from itatui.core.workspace import Workspace

M = "records/measures/02-01.toml"


def ws_as(root, officer):
    return Workspace(root, config=Config(officer_name=officer[0], officer_email=officer[1]))


def approve_all(root):
    approve(ws_as(root, PREENAPA))                       # her one role, from officers.toml
    approve(ws_as(root, SOMCHAI), ROLES[1])
    approve(ws_as(root, SOMCHAI), ROLES[2], "เห็นชอบ")  # acting for the mayor (signers.toml)


@pytest.fixture
def repo(tmp_path):
    root = make_repo_with(tmp_path / "repo")
    ws_as(root, EMWARA).set_field(M, "period", "ตุลาคม ๒๕๖๗ ถึง มีนาคม ๒๕๖๘")
    return root


@pytest.fixture
def released(repo, tmp_path):
    approve_all(repo)
    rel = publish(ws_as(repo, SOMCHAI), tmp_path / "release.pdf")
    return repo, rel


def codes(problems):
    return sorted({p.code for p in problems})


# -- approvals ---------------------------------------------------------------------------------
def test_approvals_are_empty_signed_commits_by_each_officer(repo):
    before = commit_count(repo)
    approve_all(repo)
    assert commit_count(repo) == before + 3
    assert git(repo, "diff", "--stat", "HEAD~3", "HEAD").strip() == ""   # no file changed
    aps = list_approvals(History.open(repo))
    assert [(a.author, a.role) for a in aps] == [(SOMCHAI[0], ROLES[2]), (SOMCHAI[0], ROLES[1]),
                                                 (PREENAPA[0], ROLES[0])]
    assert aps[0].comment == "เห็นชอบ"
    msg = git(repo, "log", "-1", "--format=%B")
    assert "Itatui-Action: approve" in msg and f"Role: {ROLES[2]}" in msg
    st = state_of(History.open(repo))
    assert st.complete and st.missing == []
    out = json.loads(ok(itatui("approve", "--repo", str(repo), "--status", "--format", "json")))
    assert out["complete"] is True and len(out["approvals"]) == 3


def test_approve_refuses_unlisted_officers_wrong_roles_and_repeats(repo):
    with pytest.raises(ItatuiError, match="ไม่อยู่ในรายชื่อเจ้าหน้าที่"):
        approve(ws_as(repo, OUTSIDER))
    with pytest.raises(ItatuiError, match="ไม่อยู่ในสายการอนุมัติ"):
        approve(ws_as(repo, EMWARA))                     # the drafter: not in the chain
    with pytest.raises(ItatuiError, match="ไม่มีบทบาท"):
        approve(ws_as(repo, PREENAPA), ROLES[1])
    with pytest.raises(ItatuiError, match="--role"):
        approve(ws_as(repo, SOMCHAI))                    # two roles: must say which
    out = itatui("approve", "--repo", str(repo), officer=OUTSIDER)
    assert out.returncode == 2 and "ไม่อยู่ในรายชื่อเจ้าหน้าที่" in out.stderr
    approve(ws_as(repo, PREENAPA))
    with pytest.raises(NothingToSave):
        approve(ws_as(repo, PREENAPA))
    (repo / M).write_text((repo / M).read_text(encoding="utf-8") + "# x\n", encoding="utf-8")
    with pytest.raises(ItatuiError, match="ยังไม่ได้บันทึก"):
        approve(ws_as(repo, SOMCHAI), ROLES[1])


def test_approve_does_not_sweep_in_staged_work(repo):
    (repo / "notes.txt").write_text("ร่าง\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    approve(ws_as(repo, PREENAPA))
    assert git(repo, "show", "--name-only", "--format=", "HEAD").strip() == ""
    assert "notes.txt" in git(repo, "diff", "--cached", "--name-only")


def test_an_edit_after_approval_needs_new_approvals(repo, tmp_path):
    approve_all(repo)
    approved = History.open(repo).head()
    ws_as(repo, EMWARA).set_field(M, "outcome", "แก้หลังอนุมัติ")
    hist = History.open(repo)
    now = state_of(hist)
    assert not now.complete and now.missing == list(ROLES)
    assert latest_approved(hist).commit == approved
    rel = publish(ws_as(repo, SOMCHAI), tmp_path / "r.pdf")
    assert rel.commit == approved                       # the approved content, not the edit
    assert "แก้หลังอนุมัติ" not in (hist.show_file(rel.commit, M) or "")


def test_publish_without_approvals_is_refused(repo, tmp_path):
    approve(ws_as(repo, PREENAPA))
    out = itatui("publish", "--repo", str(repo), "-o", str(tmp_path / "x.pdf"), officer=SOMCHAI)
    assert out.returncode == 2 and "ยังขาด" in out.stderr and ROLES[1] in out.stderr
    assert not (tmp_path / "x.pdf").exists()
    assert git(repo, "tag").strip() == ""


# -- publication and verify ---------------------------------------------------------------------
def test_publish_tags_the_release_and_the_pdf_carries_tag_commit_and_records(released):
    repo, rel = released
    assert rel.name == "ita-2569-o26-v1"
    assert git(repo, "cat-file", "-t", rel.name).strip() == "tag"
    tr = trailers(git(repo, "cat-file", "tag", rel.name))
    assert tr["Commit"] == [rel.commit] and tr["PDF-SHA256"] == [rel.pdf_sha256]
    assert git(repo, "rev-parse", f"{rel.name}^{{commit}}").strip() == rel.commit
    data = rel.pdf.read_bytes()
    assert pdfstamp.sha256(data) == rel.pdf_sha256
    pv = pdfstamp.read_provenance(data, with_text=False)
    assert pv.commit == rel.commit and pv.edition == rel.name
    assert pv.attachments[M] == git(repo, "show", f"{rel.commit}:{M}").encode("utf-8")
    ledger = git(repo, "log", "-1", "--format=%B")
    assert f"Release: {rel.name}" in ledger and f"Release-Tag: {rel.tag_object}" in ledger
    # the same content again: nothing new to publish; after new approvals: v2
    with pytest.raises(NothingToSave):
        publish(ws_as(repo, SOMCHAI), repo.parent / "again.pdf")
    ws_as(repo, EMWARA).set_field(M, "outcome", "ฉบับที่สอง")
    approve_all(repo)
    rel2 = publish(ws_as(repo, SOMCHAI), repo.parent / "v2.pdf")
    assert rel2.name == "ita-2569-o26-v2"
    assert [r.name for r in list_releases(History.open(repo))] == [rel2.name, rel.name]
    assert history_check(History.open(repo)) == []


def test_verify_accepts_the_published_pdf(released):
    repo, rel = released
    out = itatui("verify", "--repo", str(repo), str(rel.pdf))
    assert out.returncode == 0, out.stderr
    assert "ไบต์ตรงกัน" in out.stdout and rel.name in out.stdout
    data = json.loads(ok(itatui("verify", "--repo", str(repo), str(rel.pdf), "--history",
                                "--format", "json")))
    assert data["pdf"]["ok"] and data["pdf"]["method"] == "bytes" and data["history"] == []


def test_a_published_pdf_still_matches_when_the_renderer_changed(released, monkeypatch):
    """Another WeasyPrint or font version renders other bytes: the tag's SHA-256 decides."""
    import itatui.publishing.verify as verify_mod

    repo, rel = released
    real = verify_mod.pdf_bytes_at
    monkeypatch.setattr(verify_mod, "pdf_bytes_at",
                        lambda *a, **k: _flip_date(real(*a, **k)))
    v = verify_pdf(History.open(repo), rel.pdf)
    assert v.ok and v.method == "release" and v.notes


def _flip_date(data: bytes) -> bytes:
    """Change the creation date's minute: the PDF still opens, its bytes are not the render's."""
    i = data.index(b"/CreationDate")
    j = data.index(b"(D:", i) + 3
    digit = data[j + 2:j + 3]
    return data[:j + 2] + (b"1" if digit != b"1" else b"2") + data[j + 3:]


def test_verify_rejects_an_edited_published_pdf(released, tmp_path):
    repo, rel = released
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(_flip_date(rel.pdf.read_bytes()))
    v = verify_pdf(History.open(repo), edited)
    assert not v.ok and v.code == EDITED and "SHA-256" in v.detail
    out = itatui("verify", "--repo", str(repo), str(edited))
    assert out.returncode == 1 and "PDF edited after rendering" in out.stdout


def test_verify_rejects_edited_damaged_and_foreign_pdfs(repo, tmp_path):
    pdf = tmp_path / "head.pdf"
    ok(itatui("render", "--repo", str(repo), "--format", "pdf", "-o", str(pdf)))
    hist = History.open(repo)
    good = verify_pdf(hist, pdf)
    assert good.ok and good.method == "bytes" and good.commit == hist.head()

    edited = tmp_path / "edited.pdf"
    edited.write_bytes(_flip_date(pdf.read_bytes()))
    v = verify_pdf(hist, edited)
    assert v.code == EDITED and "รุ่นเดียวกัน" in v.detail

    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(pdf.read_bytes()[:2000])
    assert verify_pdf(hist, damaged).code in (UNREADABLE, NOT_ITATUI, EDITED)
    assert not verify_pdf(hist, damaged).ok

    plain = tmp_path / "plain.pdf"
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(100, 100)
    w.write(plain)
    assert verify_pdf(hist, plain).code == NOT_ITATUI


def _rewrite_with_pypdf(src: Path, dst: Path, drop: str | None = None) -> None:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(src)
    w = PdfWriter(clone_from=reader)
    w.add_metadata({"/Producer": "another PDF tool 1.0"})
    if drop:
        names = w._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
        i = [str(n) for n in names[::2]].index(drop)
        del names[2 * i:2 * i + 2]
    with open(dst, "wb") as fh:
        w.write(fh)


def test_verify_by_content_when_the_bytes_come_from_another_tool(repo, tmp_path):
    pdf = tmp_path / "head.pdf"
    ok(itatui("render", "--repo", str(repo), "--format", "pdf", "-o", str(pdf)))
    hist = History.open(repo)
    resaved = tmp_path / "resaved.pdf"
    _rewrite_with_pypdf(pdf, resaved)
    v = verify_pdf(hist, resaved)
    assert v.ok and v.method == "content" and v.notes
    stripped = tmp_path / "stripped.pdf"
    _rewrite_with_pypdf(pdf, stripped, drop=M)
    v = verify_pdf(hist, stripped)
    assert not v.ok and v.code == EDITED and M in v.detail


def test_verify_rejects_a_rewritten_history(repo, tmp_path):
    pdf = tmp_path / "head.pdf"
    ok(itatui("render", "--repo", str(repo), "--format", "pdf", "-o", str(pdf)))
    rendered = History.open(repo).head()
    git(repo, "commit", "--amend", "-q", "-m", "แก้ข้อความ commit ย้อนหลัง")
    History.close_all()
    v = verify_pdf(History.open(repo), pdf)
    assert not v.ok and v.code == REWRITTEN and rendered[:12] in v.detail
    out = itatui("verify", "--repo", str(repo), str(pdf))
    assert out.returncode == 1 and "history rewritten" in out.stdout
    # reset away and pruned: the commit is now unknown
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    git(repo, "reflog", "expire", "--expire=now", "--all")
    git(repo, "gc", "-q", "--prune=now")
    History.close_all()
    v = verify_pdf(History.open(repo), pdf)
    assert v.code == UNKNOWN_COMMIT
    out = itatui("verify", "--repo", str(repo), str(pdf))
    assert out.returncode == 1 and "unknown commit" in out.stdout


def test_moved_or_deleted_release_tags_are_caught(released):
    repo, rel = released
    hist = History.open(repo)
    git(repo, "-c", f"user.name={SOMCHAI[0]}", "-c", f"user.email={SOMCHAI[1]}", "tag", "-f",
        "-a", "-m", git(repo, "cat-file", "tag", rel.name).split("\n\n", 1)[1], rel.name,
        "HEAD~4")
    v = verify_pdf(hist, rel.pdf)
    assert v.code == REWRITTEN and "ถูกย้าย" in v.detail
    assert "release-moved" in codes(history_check(hist))
    out = itatui("verify", "--repo", str(repo), "--history")
    assert out.returncode == 1 and "release-moved" in out.stdout
    git(repo, "tag", "-d", rel.name)
    assert verify_pdf(hist, rel.pdf).code == REWRITTEN
    assert codes(history_check(hist)) == ["release-deleted"]


def test_a_recreated_tag_on_the_same_commit_is_still_caught(released):
    repo, rel = released
    body = git(repo, "cat-file", "tag", rel.name).split("\n\n", 1)[1]
    git(repo, "-c", "user.name=x", "-c", "user.email=x@x", "tag", "-f", "-a", "-m", body,
        rel.name, rel.commit)
    assert codes(history_check(History.open(repo))) == ["release-moved"]


def test_history_check_finds_unknown_officers_and_rewritten_releases(released):
    repo, rel = released
    assert history_check(History.open(repo)) == []
    (repo / M).write_text((repo / M).read_text(encoding="utf-8") + "# แก้โดยคนนอก\n",
                          encoding="utf-8")
    git(repo, "-c", f"user.name={OUTSIDER[0]}", "-c", f"user.email={OUTSIDER[1]}", "commit",
        "-qam", "แก้")
    probs = history_check(History.open(repo))
    assert codes(probs) == ["unknown-officer"] and OUTSIDER[1] in probs[0].message
    out = itatui("verify", "--repo", str(repo), "--history")
    assert out.returncode == 1 and "unknown-officer" in out.stdout
    # main rewritten under the release: the released commit is no longer in main's history
    git(repo, "reset", "-q", "--hard", f"{rel.commit}~3")
    History.close_all()
    assert "release-rewritten" in codes(history_check(History.open(repo)))


def test_history_check_without_officers_list(sample_repo):
    assert codes(history_check(History.open(sample_repo))) == ["no-officers-list"]


# -- signatures --------------------------------------------------------------------------------
def _ssh_signing(repo: Path, tmp_path: Path, officer=SOMCHAI, allowed: bool = True) -> Path:
    key = tmp_path / "signing_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", officer[1], "-f",
                    str(key)], check=True)
    git(repo, "config", "gpg.format", "ssh")
    git(repo, "config", "user.signingkey", str(key) + ".pub")
    if allowed:
        signers = tmp_path / "allowed_signers"
        signers.write_text(f'{officer[1]} namespaces="git" '
                           f'{(tmp_path / "signing_key.pub").read_text()}', encoding="utf-8")
        git(repo, "config", "gpg.ssh.allowedSignersFile", str(signers))
    return key


def test_signed_approvals_and_release_with_a_throwaway_ssh_key(repo, tmp_path):
    _ssh_signing(repo, tmp_path)
    approve(ws_as(repo, SOMCHAI), ROLES[1])
    approve(ws_as(repo, SOMCHAI), ROLES[2])
    git(repo, "config", "--unset", "user.signingkey")     # Preenapa has no key: unsigned
    approve(ws_as(repo, PREENAPA))
    git(repo, "config", "user.signingkey", str(tmp_path / "signing_key.pub"))
    rel = publish(ws_as(repo, SOMCHAI), tmp_path / "signed.pdf")
    hist = History.open(repo)
    sig = tag_signature(hist, rel.name)
    assert sig.status == "G" and sig.valid and SOMCHAI[1] in sig.signer
    aps = {a.role: a for a in list_approvals(hist)}
    assert commit_signature(hist, aps[ROLES[1]].commit).status == "G"
    assert commit_signature(hist, aps[ROLES[0]].commit).status == "N"
    out = ok(itatui("verify", "--repo", str(repo), str(rel.pdf), officer=SOMCHAI))
    assert "ลายมือชื่อ tag: ลายมือชื่อถูกต้อง" in out
    listing = ok(itatui("publish", "--repo", str(repo), "--list", "--format", "json"))
    assert json.loads(listing)[0]["signature"]["status"] == "G"
    assert history_check(hist) == []
    # without the allowed signers the signature cannot be checked: said so, not "unsigned"
    git(repo, "config", "--unset", "gpg.ssh.allowedSignersFile")
    assert tag_signature(hist, rel.name).status == "E"
    assert commit_signature(hist, aps[ROLES[1]].commit).status == "E"


def test_an_approval_signed_with_someone_elses_key_is_reported(repo, tmp_path):
    _ssh_signing(repo, tmp_path, officer=SOMCHAI)
    approve(ws_as(repo, PREENAPA))
    probs = history_check(History.open(repo))
    assert "signer-mismatch" in codes(probs)
