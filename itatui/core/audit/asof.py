"""The report as it stood at a commit, tag or date: Markdown, and the PDF of a commit with
its provenance (commit, edition, attached source records — see
:func:`itatui.render.pdf.render_pdf`).

The report of a commit is its records *and* the approvals recorded for them as of that commit
(:func:`itatui.core.audit.approvals.recorded_approvals`), which fill the memo's comment and
signature blocks. Every render of a commit goes through :func:`report_at` — ``render --at``,
``publish``, ``verify``'s re-render, the audit TUI — so they all show the same approvals."""

from __future__ import annotations

import tempfile
from pathlib import Path

from itatui.core.audit.versions import record_paths_at, records_at, resolve
from itatui.core.history import History


def report_at(hist: History, rev: str):
    """The report of ``rev``: its records with the approvals recorded for them as of ``rev``."""
    from itatui.core.audit.approvals import recorded_approvals
    from itatui.core.model import build_report, with_approvals

    sha = resolve(hist, rev)
    return with_approvals(build_report(records_at(hist, sha)), recorded_approvals(hist, sha))


def with_head_approvals(report, root: str | Path):
    """``report``, built from the working tree's records, with the approvals recorded for
    HEAD (:func:`~itatui.core.audit.approvals.recorded_approvals`) when the working tree's
    records are HEAD's — what a re-render of HEAD shows, so ``itatui verify`` agrees with a
    plain ``itatui render`` — and unchanged otherwise: uncommitted records are a draft no one
    has approved (and without a commit or a readable history there is nothing recorded)."""
    from itatui.core.audit.approvals import recorded_approvals
    from itatui.core.errors import ItatuiError
    from itatui.core.model import with_approvals

    try:
        hist = History.open(root)
        head = hist.head().strip()
        if not head or hist.uncommitted("records"):
            return report
        return with_approvals(report, recorded_approvals(hist, head))
    except ItatuiError:
        return report


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


__all__ = ("report_at", "with_head_approvals", "markdown_at", "source_records", "edition_of",
           "pdf_at", "pdf_bytes_at", "records_at", "record_paths_at")


class Snapshot:
    """``render --at REV|DATE``: the records of one commit and what the PDF should say."""

    def __init__(self, root: str | Path, at: str) -> None:
        from itatui.core.audit.versions import resolve_at

        self.hist = History.open(root)
        self.commit = resolve_at(self.hist, at)
        self.edition = edition_of(self.hist, self.commit)
        self.records = records_at(self.hist, self.commit)

    def report(self):
        """The report of this commit, its recorded approvals included (:func:`report_at`)."""
        from itatui.core.audit.approvals import recorded_approvals
        from itatui.core.model import build_report, with_approvals

        return with_approvals(build_report(self.records),
                              recorded_approvals(self.hist, self.commit))

    @property
    def provenance(self) -> dict:
        return {"commit": self.commit, "edition": self.edition,
                "records": source_records(self.hist, self.commit)}
