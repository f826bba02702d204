"""The report rendered (Markdown, HTML, PDF, Word) from the working tree or from a commit, with
its provenance: the one export pipeline ``itatui render`` and the editor's F8/F9 both call.

A render of the working tree carries HEAD's commit, edition and source records only when
``records/`` is HEAD's (otherwise it is a draft no commit stands behind); a render of a commit
(``at``: a commit, tag or date; :class:`~itatui.core.audit.asof.Snapshot`) always does.
:func:`pdf_at` and :func:`pdf_bytes_at` render a commit for ``publish`` and ``verify``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from itatui.core.audit.asof import Snapshot, head_edition, report_at, with_head_approvals
from itatui.core.audit.releases import edition_of
from itatui.core.audit.versions import record_files_at, resolve
from itatui.core.errors import GitError
from itatui.core.history import History

#: ``step(n, what)``: told of each step of an export (1 to :data:`STEPS`), in Thai.
Step = Callable[[int, str], None]
STEPS = 4


def output_name(report, fmt: str, document: str = "report") -> str:
    """The file name of an export when none is given: ``ita-report-2568.pdf``, and for the
    plan ``ita-plan-2569.pdf``."""
    if document == "plan":
        return f"ita-plan-{report.fiscal_year or 'plan'}.{fmt}"
    return f"ita-report-{report.fiscal_year or 'report'}.{fmt}"


#: the default folder of the editor's exports, under the home folder: outside every repository
EXPORTS_HOME = "itatui-exports"


def export_folder(root: str | Path, configured: str = "") -> Path:
    """Where the editor's F8/F9 write: the configured folder (``[export] folder``; ``~``
    expanded, a relative one taken from the repository), else ``~/itatui-exports/<the
    repository's folder name>/`` — outside the repository, so ``git status`` stays clean."""
    import os

    root = Path(root).resolve()
    if configured.strip():
        chosen = Path(os.path.expanduser(configured.strip()))
        return chosen if chosen.is_absolute() else root / chosen
    return Path.home() / EXPORTS_HOME / root.name


def keep_out_of_git(root: str | Path, folder: str | Path) -> str | None:
    """When ``folder`` lies in the repository's working tree, list it in ``.git/info/exclude``
    (once; never in the tracked ``.gitignore``) so that the exports written there stay out of
    ``git status``. Returns the pattern listed, or None when the folder is outside."""
    from itatui.core.drafts import git_dir

    root, folder = Path(root).resolve(), Path(folder).resolve()
    try:
        rel = folder.relative_to(root).as_posix()
    except ValueError:
        return None
    pattern = "/ita-report-*" if rel == "." else f"/{rel}/"
    exclude = git_dir(root) / "info" / "exclude"
    try:
        lines = exclude.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        lines = []
    if pattern not in lines:
        exclude.parent.mkdir(parents=True, exist_ok=True)
        with exclude.open("a", encoding="utf-8") as fh:
            if lines and lines[-1] != "":
                fh.write("\n")
            fh.write(f"# itatui: exports (F8/F9)\n{pattern}\n")
    return pattern


def head_provenance(root: str | Path, *, records: bool = True) -> tuple[dict, str | None]:
    """(commit, edition and — with ``records`` — the attached source records; None) when
    ``records/`` in the working tree is HEAD's, else ({}, why in Thai): a render of the working
    tree then comes from no commit."""
    try:
        ed = head_edition(root)
    except GitError:
        ed = None
    if ed is None or not ed.clean:
        return {}, ("ยังไม่มี commit" if ed is None else
                    "มีการแก้ไขใน records/ ที่ยังไม่ได้บันทึก (commit)")
    found = {"commit": ed.commit, "edition": ed.name}
    if records:
        found["records"] = record_files_at(History.open(root), ed.commit)
    return found, None


def _report(root: Path, at: str | None, document: str = "report"):
    """(the report, the snapshot of ``at`` or None): the working tree's records with HEAD's
    recorded approvals when they are HEAD's (what a re-render of HEAD shows: itatui verify).
    For ``document="plan"``, :class:`ItatuiError` (Thai) when the records have no plan."""
    from itatui.render.markdown import check_document

    check_document(document)
    if at:
        snap = Snapshot(root, at)
        report = snap.report()
    else:
        from itatui.core.model import build_report
        from itatui.core.records import RecordStore

        snap = None
        report = with_head_approvals(build_report(RecordStore(root).load_all()), root)
    if document == "plan":
        from itatui.render.plan import require_plan

        require_plan(report)
    return report, snap


def _theme(root: Path, theme):
    from itatui.render.themes import load_theme

    return load_theme(theme or "default", repo_root=root)


def export_text(root: str | Path, fmt: str, *, theme: str | None = None,
                at: str | None = None, digits: str | None = None,
                document: str = "report") -> str:
    """The report (or with ``document="plan"`` the plan) as Markdown (``fmt`` "md", digits
    of ``digits`` or else the theme's) or as an HTML page ("html", with the edition in its
    footer when it comes from a commit)."""
    root = Path(root)
    report, snap = _report(root, at, document)
    return _text(root, fmt, report, snap, theme, digits, _silent, document)


def _silent(n: int, what: str) -> None:
    pass


def _text(root: Path, fmt: str, report, snap, theme, digits, tell: Step,
          document: str = "report") -> str:
    from itatui.render.markdown import render_markdown

    if fmt == "md" and digits is not None:
        tell(2, "สร้าง Markdown")
        return render_markdown(report, digits=digits, document=document)
    tell(2, "โหลดธีมและฟอนต์")
    th = _theme(root, theme)
    if fmt == "md":
        return render_markdown(report, digits=th.digits, document=document)
    from itatui.render.html import render_html

    edition = snap.edition if snap else head_provenance(root, records=False)[0].get("edition")
    return render_html(report, th, edition=edition, **_doc(document))


def export(root: str | Path, fmt: str, output: str | Path | None = None, *,
           folder: str | Path | None = None, theme: str | None = None, at: str | None = None,
           digits: str | None = None, step: Step | None = None,
           warn: Callable[[str], None] | None = None, document: str = "report") -> Path:
    """Write the report of ``root`` (or of the commit ``at``) as ``fmt`` ("md", "html", "pdf",
    "docx") to ``output``, else to :func:`output_name` in ``folder`` (created; the current
    folder when None). Returns the file written. ``digits`` overrides the theme's for
    Markdown; ``step`` follows the progress; ``warn`` is told, in Thai, when a PDF of the
    working tree carries no commit. ``document="plan"`` writes the plan instead (its default
    name ``ita-plan-<fiscal year>.<fmt>``)."""
    root = Path(root)
    tell = step or _silent
    tell(1, "อ่านระเบียน")
    report, snap = _report(root, at, document)
    if output is None:
        base = Path(folder) if folder is not None else Path()
        if folder is not None:
            base.mkdir(parents=True, exist_ok=True)
        output = base / output_name(report, fmt, document)
    out = Path(output)
    if fmt in ("md", "html"):
        from itatui.core.tomlio import write_atomic

        write_atomic(out, _text(root, fmt, report, snap, theme, digits, tell, document))
        tell(STEPS, "เสร็จ")
        return out
    tell(2, "โหลดธีมและฟอนต์")
    th = _theme(root, theme)
    if fmt == "docx":
        from itatui.render.docx import render_docx

        # the Word document's date and metadata come from the commit; no attachments
        tell(3, "จัดหน้า Word")
        render_docx(report, th, out, records_root=root, **_doc(document),
                    **(snap.provenance if snap else head_provenance(root, records=False)[0]))
    else:
        from itatui.render.pdf import render_pdf

        if snap:
            provenance = snap.provenance
        else:
            provenance, why = head_provenance(root)
            if why and warn:
                warn(f"PDF นี้ไม่ได้สร้างจาก commit ใด ({why}) "
                     "จึงไม่มีรหัส commit และไม่แนบไฟล์ต้นฉบับ")
        tell(3, "จัดหน้า PDF (WeasyPrint)")
        render_pdf(report, th, out, records_root=root, **_doc(document), **provenance)
    tell(STEPS, "เสร็จ")
    return out


# -- a commit, for publish and verify ---------------------------------------------------------
def _doc(document: str) -> dict:
    """The keyword the renderers take for the plan; none for the report (its calls, and so
    its bytes, stay exactly as before the plan existed)."""
    return {"document": document} if document != "report" else {}


def markdown_at(hist: History, rev: str, digits: str = "thai", document: str = "report") -> str:
    """The Markdown of the report (or the plan) of ``rev``
    (:func:`~itatui.core.audit.asof.report_at`)."""
    from itatui.render.markdown import render_markdown

    return render_markdown(report_at(hist, rev), digits=digits, document=document)


def pdf_at(hist: History, rev: str, output: str | Path, theme: str = "default",
           edition: str | None = None, document: str = "report") -> Path:
    """Render the records of ``rev`` to ``output`` with the commit, ``edition`` and records
    (the report, or with ``document="plan"`` the plan)."""
    from itatui.render.pdf import render_pdf
    from itatui.render.themes import load_theme

    sha = resolve(hist, rev)
    return render_pdf(report_at(hist, sha), load_theme(theme, repo_root=hist.root), output,
                      records_root=hist.root, commit=sha,
                      edition=edition or edition_of(hist, sha),
                      records=record_files_at(hist, sha), **_doc(document))


def pdf_bytes_at(hist: History, rev: str, theme: str = "default",
                 edition: str | None = None, document: str = "report") -> bytes:
    """:func:`pdf_at`, as bytes (written to a temporary file and read back)."""
    with tempfile.TemporaryDirectory(prefix="itatui-render-") as tmp:
        out = Path(tmp) / f"{document}.pdf"
        pdf_at(hist, rev, out, theme, edition, document)
        return out.read_bytes()


__all__ = ("EXPORTS_HOME", "STEPS", "export", "export_folder", "export_text", "head_provenance",
           "keep_out_of_git", "markdown_at", "output_name", "pdf_at", "pdf_bytes_at")
