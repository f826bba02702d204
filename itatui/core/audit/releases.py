"""Releases: the annotated ``ita-*`` tags ``itatui publish`` makes, the publication entries
it leaves in the history, and the edition name of a commit (its newest release tag, else its
short id) — what a PDF, an HTML page or a Word document of that commit is called.

A release travels between clones as its tag (``itatui sync`` pushes and fetches them, never
moving one) and its publication entry (a commit on the branch). What a remote holds is mirrored
by every fetch under :data:`REMOTE_TAGS` (``refs/itatui/remote-tags/<remote>/<tag>``, never
pruned), so a clone can tell a release it has not yet received from one deleted here
(:func:`presence`).

A release is of one document: its tag message (and publication entry) carries
``Document: plan`` or ``Document: report``; a release tagged before the plan existed has no
such trailer and is the report's (:attr:`Release.document`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from itatui.core.history import History
from itatui.core.message import TRAILER_TOOL

ACTION_PUBLISH = "publish"
RELEASE_PREFIX = "ita-"
#: where each fetch mirrors the remote's release tags (one folder per remote)
REMOTE_TAGS = "refs/itatui/remote-tags"
DELETED, NOT_RECEIVED = "deleted", "not-received"
_RS, _US = "\x1e", "\x1f"
TRAILER_DOCUMENT = "Document"


def document_of(tr: dict[str, list[str]]) -> str:
    """The document a release's trailers name ("report" when they name none)."""
    return ((tr.get(TRAILER_DOCUMENT) or [""])[0].strip() or "report")


@dataclass
class Release:
    name: str
    commit: str               # the commit the tag points to
    tag_object: str
    tree: str
    pdf_sha256: str
    date: str = ""
    tagger: str = ""
    message: str = ""
    pdf: Path | None = None
    ledger: str = ""          # the commit that entered the publication in the history
    document: str = "report"  # the document released: "report" or "plan"

    def as_dict(self) -> dict:
        return {"name": self.name, "commit": self.commit, "tag_object": self.tag_object,
                "tree": self.tree, "pdf_sha256": self.pdf_sha256, "date": self.date,
                "tagger": self.tagger, "pdf": str(self.pdf) if self.pdf else None,
                "ledger": self.ledger, "document": self.document}


def trailers(text: str) -> dict[str, list[str]]:
    """``Key: value`` lines of a message's last paragraph (signature block excluded)."""
    body = text.split("-----BEGIN", 1)[0].rstrip()
    last = body.split("\n\n")[-1]
    out: dict[str, list[str]] = {}
    for line in last.splitlines():
        m = re.match(r"^([A-Za-z][A-Za-z0-9-]*): (.*)$", line)
        if m:
            out.setdefault(m.group(1), []).append(m.group(2).strip())
    return out


def list_releases(hist: History) -> list[Release]:
    """Release tags (``ita-*``), newest first."""
    out = hist.git_text("for-each-ref", "--sort=-creatordate",
                        f"--format={_RS}%(refname:short){_US}%(objecttype){_US}%(objectname)"
                        f"{_US}%(*objectname){_US}%(creatordate:iso-strict){_US}%(taggername)"
                        f"{_US}%(contents)", f"refs/tags/{RELEASE_PREFIX}*")
    rels = []
    for chunk in out.split(_RS):
        if not chunk.strip():
            continue
        name, otype, obj, target, date, tagger, contents = (chunk.split(_US) + [""] * 7)[:7]
        tr = trailers(contents)
        commit = target if otype == "tag" else obj
        rels.append(Release(name, commit, obj if otype == "tag" else "",
                            (tr.get("Records-Tree") or [""])[0],
                            (tr.get("PDF-SHA256") or [""])[0], date, tagger, contents,
                            document=document_of(tr)))
    # newest first; two releases tagged within one second are ordered by their number
    rels.sort(key=lambda r: (r.date, release_number(r.name)), reverse=True)
    return rels


def release_number(name: str) -> int:
    """The ``n`` of a release named ``...-v<n>`` (0 when it has none)."""
    m = re.search(r"-v(\d+)$", name)
    return int(m.group(1)) if m else 0


def ledger_entries(hist: History, rev: str = "HEAD") -> list[dict]:
    """Publication entries in the history: {commit, release, tag, release_commit, pdf_sha256,
    document}."""
    found = []
    for sha, rel, tag, commit, pdf, doc in hist.commits_with_action(
            ACTION_PUBLISH, ["%H", "trailer:Release", "trailer:Release-Tag",
                             "trailer:Release-Commit", "trailer:PDF-SHA256",
                             f"trailer:{TRAILER_DOCUMENT}"], rev):
        if rel.strip():
            found.append({"commit": sha, "release": rel.strip(), "tag": tag.strip(),
                          "release_commit": commit.strip(), "pdf_sha256": pdf.strip(),
                          "document": doc.split("\x1d")[0].strip() or "report"})
    return found


def edition_of(hist: History, sha: str) -> str:
    """The edition of commit ``sha`` (a full id): the newest release tag (``ita-*``) on it, else
    its short id — the one definition of what a rendered report is called."""
    tags = [t for t in hist.git_text("tag", "--points-at", sha, "--sort=-creatordate",
                                     "--list", f"{RELEASE_PREFIX}*").splitlines() if t.strip()]
    return tags[0].strip() if tags else sha[:7]


def remote_release_tags(hist: History) -> dict[str, dict[str, str]]:
    """The release tags each remote held at the last fetch: {remote: {tag: tag object id}}."""
    out: dict[str, dict[str, str]] = {}
    for line in hist.git_text("for-each-ref", "--format=%(refname) %(objectname)",
                              REMOTE_TAGS).splitlines():
        ref, _, obj = line.partition(" ")
        remote, _, name = ref[len(REMOTE_TAGS) + 1:].partition("/")
        if name.startswith(RELEASE_PREFIX):
            out.setdefault(remote, {})[name] = obj
    return out


def presence(hist: History, name: str, tag_object: str = "") -> str:
    """Why the release tag ``name`` is not in this clone: :data:`NOT_RECEIVED` when a remote
    has it (the next ``itatui sync`` brings it) or this clone never had its tag object;
    :data:`DELETED` when the tag object (``tag_object``, as the publication entry recorded it)
    is here but no tag names it — it was received or made here and then deleted."""
    if any(name in tags for tags in remote_release_tags(hist).values()):
        return NOT_RECEIVED
    if tag_object:
        rc, out, _ = hist.git_status("cat-file", "-t", tag_object)
        if rc == 0 and out.strip() == "tag":
            return DELETED
    return NOT_RECEIVED
