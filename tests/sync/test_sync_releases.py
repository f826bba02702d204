"""Releases travel between clones: ``itatui sync`` pushes and fetches the release tags with the
branch (two officers' clones of a bare repository, real git over file://), never moves a tag
that differs, and a clone that has not yet received a release says so instead of calling it
deleted."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import (EMWARA, SOMCHAI, approve_chain, git, itatui, make_repo_with,
                     officer_workspace)

from itatui.core.audit import releases
from itatui.core.errors import ItatuiError
from itatui.core.history import History
from itatui.core.sync import ReleaseTagMismatch, clone, remote, sync
from itatui.publishing.publish import publish
from itatui.publishing.verify import MATCH, NOT_RECEIVED, history_check, verify_pdf

M = "records/measures/02-01.toml"
V1, V2 = "ita-2569-o26-v1", "ita-2569-o26-v2"


@pytest.fixture
def shared(tmp_path):
    """The report with its officers in a bare repository, and two clones of it: a (where the
    releases are published) and b."""
    origin = make_repo_with(tmp_path / "origin")
    bare = tmp_path / "server" / "banruean.git"
    bare.parent.mkdir()
    subprocess.run(["git", "clone", "-q", "--bare", str(origin), str(bare)], check=True)
    a, b = tmp_path / "a", tmp_path / "b"
    clone(bare.as_uri(), a)
    clone(bare.as_uri(), b)
    for root in (a, b):
        git(root, "config", "user.name", EMWARA[0])
        git(root, "config", "user.email", EMWARA[1])
    return bare, a, b


def release(root: Path, pdf: Path, text: str, key: str = "outcome", name: str | None = None):
    """An edit, the whole chain's approvals and a publication, in ``root``."""
    officer_workspace(root, EMWARA).set_field(M, key, text)
    approve_chain(root)
    return publish(officer_workspace(root, SOMCHAI), pdf, name=name)


def remote_tags(bare: Path) -> dict[str, str]:
    out = git(bare, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/tags")
    return dict(line.split() for line in out.splitlines())


def codes(root: Path) -> list[str]:
    History.close_all()
    return sorted(p.code for p in history_check(History.open(root)))


def test_the_names_sync_uses_are_the_releases_own():
    assert (remote.RELEASE_PREFIX, remote.REMOTE_TAGS) == (releases.RELEASE_PREFIX,
                                                           releases.REMOTE_TAGS)


def test_a_release_published_in_one_clone_reaches_the_other(shared, tmp_path):
    bare, a, b = shared
    v1 = release(a, tmp_path / "a-v1.pdf", "ฉบับแรก")
    res = sync(a)
    assert res.tags_sent == [V1] and res.sent
    assert remote_tags(bare) == {V1: v1.tag_object}         # the very tag object
    res = sync(b)
    assert res.tags_received == [V1]
    assert git(b, "rev-parse", V1).strip() == v1.tag_object
    assert codes(b) == []
    v = verify_pdf(History.open(b), v1.pdf)
    assert v.ok and v.method == "release" and v.tag == V1
    # the CLI says what travelled
    v2 = release(a, tmp_path / "a-v2.pdf", "ฉบับที่สอง")
    out = itatui("sync", "--repo", str(a))
    assert out.returncode == 0, out.stderr
    assert f"ส่งฉบับเผยแพร่: {V2}" in out.stdout
    out = itatui("sync", "--repo", str(b), "--status", "--fetch")
    assert f"ฉบับเผยแพร่ที่ยังไม่ได้รับ: {V2}" in out.stdout
    out = itatui("sync", "--repo", str(b))
    assert out.returncode == 0 and f"รับฉบับเผยแพร่: {V2}" in out.stdout
    assert git(b, "rev-parse", V2).strip() == v2.tag_object
    assert itatui("verify", "--repo", str(b), str(v2.pdf), "--history").returncode == 0


def test_a_release_not_yet_received_is_said_so_not_called_deleted(shared, tmp_path):
    """v2's publication entry reached b without its tag (a pushed the branch alone, as git
    push or an older itatui does): b has not received it yet; it was not deleted."""
    bare, a, b = shared
    release(a, tmp_path / "a-v1.pdf", "ฉบับแรก")
    sync(a)
    sync(b)
    v2 = release(a, tmp_path / "a-v2.pdf", "ฉบับที่สอง")
    git(a, "push", "-q", "origin", "main")                  # the branch, not the tag
    sync(b)
    assert V2 not in git(b, "tag")
    assert codes(b) == ["release-not-received"]
    probs = history_check(History.open(b))
    assert probs[0].severity == "warning" and "ยังไม่ได้รับ" in probs[0].message
    out = itatui("verify", "--repo", str(b), "--history")
    assert out.returncode == 0 and "release-deleted" not in out.stdout
    v = verify_pdf(History.open(b), v2.pdf)
    assert not v.ok and v.code == NOT_RECEIVED and "itatui sync" in v.detail
    out = itatui("verify", "--repo", str(b), str(v2.pdf))
    assert out.returncode == 2 and "ยังไม่ได้รับ" in out.stdout
    # a's next sync sends the tag (nothing else to send), b's next sync brings it
    res = sync(a)
    assert res.tags_sent == [V2] and res.sent == 0
    res = sync(b)
    assert res.tags_received == [V2]
    assert codes(b) == []
    assert verify_pdf(History.open(b), v2.pdf).ok


def test_a_tag_deleted_where_it_was_published_is_still_deleted(shared, tmp_path):
    bare, a, b = shared
    v1 = release(a, tmp_path / "a-v1.pdf", "ฉบับแรก")
    git(a, "tag", "-d", V1)                                  # before any sync
    assert codes(a) == ["release-deleted"]
    assert verify_pdf(History.open(a), v1.pdf).code != MATCH


def _state(root: Path) -> dict:
    bare = git(root, "rev-parse", "--is-bare-repository").strip() == "true"
    return {"refs": git(root, "for-each-ref", "refs/heads", "refs/tags"),
            "status": "" if bare else git(root, "status", "--porcelain")}


def test_a_release_tag_that_differs_from_the_remote_stops_the_sync(shared, tmp_path):
    bare, a, b = shared
    v1 = release(a, tmp_path / "a-v1.pdf", "ฉบับแรก")
    sync(a)
    sync(b)
    # b re-creates v1 on the same commit (another tag object), and has something to send
    body = git(b, "cat-file", "tag", V1).split("\n\n", 1)[1]
    git(b, "tag", "-f", "-a", "-m", body, V1, v1.commit)
    officer_workspace(b, EMWARA).set_field(M, "period", "ตุลาคม ๒๕๖๗ ถึง กันยายน ๒๕๖๘")
    before_b, before_bare = _state(b), _state(bare)
    with pytest.raises(ReleaseTagMismatch) as exc:
        sync(b)
    assert exc.value.names == [V1]
    assert V1 in str(exc.value) and "ไม่ย้ายหรือเขียนทับ" in str(exc.value)
    # both tags' times in the agency's zone, in Buddhist Era, as log and blame show times
    assert "+0000" not in str(exc.value) and "เวลาประเทศไทย (UTC+07:00)" in str(exc.value)
    assert "๒๕" in str(exc.value)                                    # the year, BE, Thai digits
    assert _state(b) == before_b and _state(bare) == before_bare     # nothing moved
    assert remote_tags(bare)[V1] == v1.tag_object
    out = itatui("sync", "--repo", str(b))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "ไม่ตรงกัน" in out.stderr and V1 in out.stderr
    # the remote's tag re-pointed by someone else: a refuses too, and keeps its own
    git(bare, "tag", "-f", V1, f"{v1.commit}~1")
    with pytest.raises(ReleaseTagMismatch):
        sync(a)
    assert git(a, "rev-parse", V1).strip() == v1.tag_object
    assert json.loads(itatui("verify", "--repo", str(a), "--history", "--format",
                             "json").stdout)["history"] == []


def test_a_name_the_remote_already_gave_a_release_is_not_reused(shared, tmp_path):
    """b has fetched (the editor does so in the background) but not integrated a's v1: its own
    publication takes v2, and both releases then travel without a clash."""
    from itatui.core.sync import fetch

    bare, a, b = shared
    v1 = release(a, tmp_path / "a-v1.pdf", "ฉบับของ ก")
    sync(a)
    fetch(b)
    assert V1 not in git(b, "tag")
    with pytest.raises(ItatuiError, match="ซิงก์"):            # asked for v1 by name
        release(b, tmp_path / "b-v1.pdf", "ตุลาคม ๒๕๖๗ ถึง กันยายน ๒๕๖๘", "period", name=V1)
    assert V1 not in git(b, "tag")
    v2 = publish(officer_workspace(b, SOMCHAI), tmp_path / "b-v2.pdf")
    assert v2.name == V2
    res = sync(b)
    assert res.tags_received == [V1] and res.tags_sent == [V2]
    assert remote_tags(bare) == {V1: v1.tag_object, V2: v2.tag_object}
    assert codes(b) == []
