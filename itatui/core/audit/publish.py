"""``itatui publish``: render the approved version, tag the release, write the PDF.

The PDF is rendered from the approved commit (never the working tree) with the tag as its
edition, so it carries the tag, the commit and the source records. A release is an annotated tag (signed with ``-s`` when git signing is configured) on the
newest approval commit of the newest fully approved content, named
``ita-<ITA year>-<item>-v<n>`` (``ita-2569-o26-v1``). Its message lists the approvals and
carries trailers (Commit, Records-Tree, PDF-SHA256). The publication is then entered in the
history itself — an empty commit with ``Release`` and ``Release-Tag`` (the tag object's id) —
so that a release tag deleted, moved or re-created later no longer matches the history
(``itatui verify --history``).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from itatui.core.audit import pdfstamp
from itatui.core.audit.approvals import ApprovalState, latest_approved, state_of
from itatui.core.audit.asof import pdf_bytes_at, report_at
from itatui.core.audit.ledger import empty_commit
from itatui.core.audit.signing import sign_flag
from itatui.core.errors import GitError, ItatuiError, NothingToSave
from itatui.core.history import History
from itatui.core.message import TRAILER_TOOL

ACTION_PUBLISH = "publish"
RELEASE_PREFIX = "ita-"
_RS, _US = "\x1e", "\x1f"


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

    def as_dict(self) -> dict:
        return {"name": self.name, "commit": self.commit, "tag_object": self.tag_object,
                "tree": self.tree, "pdf_sha256": self.pdf_sha256, "date": self.date,
                "tagger": self.tagger, "pdf": str(self.pdf) if self.pdf else None,
                "ledger": self.ledger}


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


def release_base(hist: History, rev: str) -> str:
    report = report_at(hist, rev)
    item = (report.ita_item or "o26").strip().lower().replace(" ", "")
    return f"{RELEASE_PREFIX}{report.ita_year or report.fiscal_year}-{item}-v"


def list_releases(hist: History) -> list[Release]:
    """Release tags (``ita-*``), newest first."""
    out = hist._git("for-each-ref", "--sort=-creatordate",
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
                            (tr.get("PDF-SHA256") or [""])[0], date, tagger, contents))
    # newest first; two releases tagged within one second are ordered by their number
    rels.sort(key=lambda r: (r.date, _version(r.name)), reverse=True)
    return rels


def _version(name: str) -> int:
    m = re.search(r"-v(\d+)$", name)
    return int(m.group(1)) if m else 0


def _next_name(hist: History, base: str) -> str:
    taken = {r.name for r in list_releases(hist)}
    n = 1
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def _tag_message(name: str, st: ApprovalState, pdf_sha: str, theme: str) -> str:
    lines = [f"เผยแพร่รายงาน {name}", "", "อนุมัติโดย:"]
    for ap in reversed(st.approvals):
        lines.append(f"- {ap.author} <{ap.email}> ในฐานะ{ap.role} ({ap.commit[:12]})")
    lines += ["", f"{TRAILER_TOOL}: {ACTION_PUBLISH}", f"Release: {name}",
              f"Commit: {st.commit}", f"Records-Tree: {st.tree}", f"PDF-SHA256: {pdf_sha}",
              f"Theme: {theme}"]
    return "\n".join(lines) + "\n"


def publish(ws, output: str | Path | None = None, theme: str = "default",
            name: str | None = None) -> Release:
    hist = ws.history
    officer = ws.officer()
    if not hist.head():
        raise ItatuiError("คลังนี้ยังไม่มีฉบับใด")
    st = latest_approved(hist)
    if st is None:
        now = state_of(hist, "HEAD")
        need = ", ".join(now.missing) if now.required else "ไม่มีสายการอนุมัติใน signers.toml"
        raise ItatuiError(f"ยังไม่มีฉบับที่อนุมัติครบ จึงเผยแพร่ไม่ได้ (ยังขาด: {need})")
    for rel in list_releases(hist):
        if rel.tree == st.tree:
            raise NothingToSave(f"ฉบับที่อนุมัตินี้เผยแพร่แล้วเป็น {rel.name}")
    name = name or _next_name(hist, release_base(hist, st.commit))
    if hist.rev_parse(f"refs/tags/{name}", "object") is not None:
        raise ItatuiError(f"มี tag ชื่อ {name} อยู่แล้ว")
    out = Path(output or f"{name}.pdf")
    if not out.parent.resolve().is_dir():
        raise ItatuiError("ไม่พบโฟลเดอร์ที่จะเขียนไฟล์ PDF", path=str(out.parent))
    pdf = pdf_bytes_at(hist, st.commit, theme, edition=name)
    pdf_sha = pdfstamp.sha256(pdf)
    message = _tag_message(name, st, pdf_sha, theme)
    with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as fh:
        fh.write(message.encode("utf-8"))
        msg_file = fh.name
    try:
        hist.git_bytes_env(officer.env(), "tag", "-a", *sign_flag(hist, for_tag=True),
                           "-F", msg_file, "--cleanup=verbatim", name, st.commit)
    finally:
        Path(msg_file).unlink(missing_ok=True)
    tag_obj = hist.rev_parse(f"refs/tags/{name}", "tag")
    if tag_obj is None:
        raise GitError(f"สร้าง tag {name} ไม่สำเร็จ")
    write_bytes_atomic(out, pdf)
    ledger_msg = "\n".join([
        f"บันทึกการเผยแพร่ {name}", "",
        f"เผยแพร่ฉบับ {st.commit[:12]} เป็นไฟล์ PDF (SHA-256 {pdf_sha})", "",
        f"{TRAILER_TOOL}: {ACTION_PUBLISH}", f"Release: {name}", f"Release-Tag: {tag_obj}",
        f"Release-Commit: {st.commit}", f"PDF-SHA256: {pdf_sha}"]) + "\n"
    ledger = empty_commit(hist, ledger_msg, officer)
    rel = next(r for r in list_releases(hist) if r.name == name)
    rel.pdf, rel.ledger = out.resolve(), ledger
    return rel


def ledger_entries(hist: History, rev: str = "HEAD") -> list[dict]:
    """Publication entries in the history: {commit, release, tag, release_commit, pdf}."""
    tr = "%(trailers:key={},valueonly,separator=%x1d)"
    fmt = _RS + _US.join(["%H", tr.format(TRAILER_TOOL), tr.format("Release"),
                          tr.format("Release-Tag"), tr.format("Release-Commit"),
                          tr.format("PDF-SHA256")])
    out = hist._git("log", f"--format={fmt}", "--fixed-strings",
                    f"--grep={TRAILER_TOOL}: {ACTION_PUBLISH}", rev, "--")
    found = []
    for chunk in out.split(_RS):
        if not chunk.strip():
            continue
        sha, action, rel, tag, commit, pdf = (chunk.strip("\n").split(_US) + [""] * 6)[:6]
        if action.strip() == ACTION_PUBLISH and rel.strip():
            found.append({"commit": sha, "release": rel.strip(), "tag": tag.strip(),
                          "release_commit": commit.strip(), "pdf_sha256": pdf.strip()})
    return found


def write_bytes_atomic(path: Path, data: bytes) -> None:
    import os

    tmp = path.with_name(f".{path.name}.itatui-tmp")
    try:
        tmp.write_bytes(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


__all__ = ("publish", "list_releases", "ledger_entries", "Release", "trailers")
