"""The report as it stood at a commit, tag or date: Markdown, and the PDF of a commit with
its provenance (commit, edition, attached source records — see
:func:`itatui.render.pdf.render_pdf`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from itatui.core.audit.versions import record_paths_at, records_at, resolve
from itatui.core.history import History


def report_at(hist: History, rev: str):
    from itatui.core.model import build_report

    return build_report(records_at(hist, rev))


def markdown_at(hist: History, rev: str, digits: str = "thai") -> str:
    from itatui.render.markdown import render_markdown

    return render_markdown(report_at(hist, rev), digits=digits)


def source_records(hist: History, rev: str) -> dict[str, bytes]:
    """Every file under records/ at ``rev`` (the renderer attaches these)."""
    from itatui.render.sources import records_at as files_at

    return files_at(hist.root, resolve(hist, rev))


def edition_of(hist: History, rev: str) -> str:
    """The release tag on ``rev`` (newest), else its short id: what the PDF calls it."""
    sha = resolve(hist, rev)
    tags = [t for t in hist._git("tag", "--points-at", sha, "--sort=-creatordate",
                                 "--list", "ita-*").splitlines() if t.strip()]
    return tags[0].strip() if tags else sha[:7]


def pdf_at(hist: History, rev: str, output: str | Path, theme: str = "default",
           edition: str | None = None) -> Path:
    """Render the records of ``rev`` to ``output`` with the commit, ``edition`` and records."""
    from itatui.render.pdf import render_pdf
    from itatui.render.themes import load_theme

    sha = resolve(hist, rev)
    return render_pdf(report_at(hist, sha), load_theme(theme, repo_root=hist.root), output,
                      records_root=hist.root, commit=sha,
                      edition=edition or edition_of(hist, sha),
                      records=source_records(hist, sha))


def pdf_bytes_at(hist: History, rev: str, theme: str = "default",
                 edition: str | None = None) -> bytes:
    with tempfile.TemporaryDirectory(prefix="itatui-render-") as tmp:
        out = Path(tmp) / "report.pdf"
        pdf_at(hist, rev, out, theme, edition)
        return out.read_bytes()


__all__ = ("report_at", "markdown_at", "source_records", "edition_of", "pdf_at",
           "pdf_bytes_at", "records_at", "record_paths_at")


class Snapshot:
    """``render --at REV|DATE``: the records of one commit and what the PDF should say."""

    def __init__(self, root: str | Path, at: str) -> None:
        from itatui.core.audit.versions import resolve_at

        self.hist = History.open(root)
        self.commit = resolve_at(self.hist, at)
        self.edition = edition_of(self.hist, self.commit)
        self.records = records_at(self.hist, self.commit)

    @property
    def provenance(self) -> dict:
        return {"commit": self.commit, "edition": self.edition,
                "records": source_records(self.hist, self.commit)}
