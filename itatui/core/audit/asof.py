"""The report as it stood at a commit, tag or date, and what the working tree's report is: its
records with the approvals recorded for them, its edition and its provenance (commit, edition,
source records). No rendering here: :mod:`itatui.publishing.export` renders these.

The report of a commit is its records *and* the approvals recorded for them as of that commit
(:func:`itatui.core.audit.approvals.recorded_approvals`), which fill the memo's comment and
signature blocks. Every render of a commit goes through :func:`report_at` — ``render --at``,
``publish``, ``verify``'s re-render, the audit TUI — so they all show the same approvals.
The plan's own approvals (``Document: plan``) fill the plan's memo the same way
(:func:`with_recorded_approvals`): one report object renders either document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from itatui.core.audit.releases import edition_of
from itatui.core.audit.versions import record_files_at, records_at, resolve
from itatui.core.history import History


def with_recorded_approvals(report, hist: History, sha: str):
    """``report`` with the approvals recorded as of commit ``sha``: the report's into its
    memo, and — when the records have a plan — the plan's (``Document: plan``) into the
    plan's memo. An approval of one document never shows in the other's memo."""
    from itatui.core.audit.approvals import recorded_approvals
    from itatui.core.model import with_approvals

    report = with_approvals(report, recorded_approvals(hist, sha))
    if getattr(report, "plan", None) is not None:
        report = with_approvals(report, recorded_approvals(hist, sha, document="plan"),
                                document="plan")
    return report


def report_at(hist: History, rev: str):
    """The report of ``rev``: its records with the approvals recorded for them as of ``rev``
    (both documents': :func:`with_recorded_approvals`)."""
    from itatui.core.model import build_report

    sha = resolve(hist, rev)
    return with_recorded_approvals(build_report(records_at(hist, sha)), hist, sha)


def with_head_approvals(report, root: str | Path):
    """``report``, built from the working tree's records, with the approvals recorded for
    HEAD (:func:`~itatui.core.audit.approvals.recorded_approvals`) when the working tree's
    records are HEAD's — what a re-render of HEAD shows, so ``itatui verify`` agrees with a
    plain ``itatui render`` — and unchanged otherwise: uncommitted records are a draft no one
    has approved (and without a commit or a readable history there is nothing recorded)."""
    from itatui.core.errors import ItatuiError

    try:
        hist = History.open(root)
        head = hist.head().strip()
        if not head or hist.uncommitted("records"):
            return report
        return with_recorded_approvals(report, hist, head)
    except ItatuiError:
        return report


@dataclass(frozen=True)
class Edition:
    """What HEAD is: its full id, its edition name (:func:`edition_of`) and whether
    ``records/`` in the working tree equals it (a render of the working tree is then HEAD's)."""

    commit: str
    name: str
    clean: bool


def head_edition(root: str | Path) -> Edition | None:
    """What HEAD is, or None when there is no commit yet."""
    hist = History.open(root)
    commit = hist.head().strip()
    if not commit:
        return None
    return Edition(commit=commit, name=edition_of(hist, commit),
                   clean=not hist.uncommitted("records"))


class Snapshot:
    """``render --at REV|DATE``: the records of one commit and what its renders should say."""

    def __init__(self, root: str | Path, at: str) -> None:
        from itatui.core.audit.versions import resolve_at

        self.hist = History.open(root)
        self.commit = resolve_at(self.hist, at)
        self.edition = edition_of(self.hist, self.commit)
        self.records = records_at(self.hist, self.commit)

    def report(self):
        """The report of this commit, its recorded approvals included (:func:`report_at`)."""
        from itatui.core.model import build_report

        return with_recorded_approvals(build_report(self.records), self.hist, self.commit)

    @property
    def provenance(self) -> dict:
        return {"commit": self.commit, "edition": self.edition,
                "records": record_files_at(self.hist, self.commit)}


__all__ = ("report_at", "with_head_approvals", "with_recorded_approvals", "Edition",
           "head_edition", "Snapshot",
           "edition_of")
