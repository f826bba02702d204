"""``itatui import``: bring an existing report (text/Markdown converted from PDF, or Word) into a
records repository as one commit.

    result = import_document("report.txt", "repo/")
    result.counts   # {"issues": 7, "measures": 7, "scores": 16}
    result.doubts   # what it could not place with certainty, each with its line

The reading is split in three: :mod:`.text` / :mod:`.docx` turn a file into paragraphs and table
rows, :mod:`.parse` understands them (with :mod:`.cells` cleaning each cell and :mod:`.targets`
reading a measure's target line), and this module writes the records and commits them with the
officer's identity. Reports only: a plan is refused (:mod:`.documents`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from itatui.core import schema, tomlio
from itatui.core.errors import ItatuiError
from itatui.core.identity import resolve_officer
from itatui.core.init_repo import create_repository, skeleton, toml_document
from itatui.core.message import TRAILER_RECORD, TRAILER_TOOL
from itatui.core.thai import to_thai_digits
from itatui.importer.blocks import Block, Doubt
from itatui.importer.parse import Imported, parse_blocks

TRAILER_SOURCE = "Import-Source"


@dataclass
class ImportResult:
    sha: str
    paths: list[str]
    counts: dict[str, int]
    doubts: list[Doubt] = field(default_factory=list)
    imported: Imported | None = None


def read_blocks(path: str | Path) -> list[Block]:
    p = Path(path)
    if not p.is_file():
        raise ItatuiError("ไม่พบไฟล์ที่จะนำเข้า", path=str(p))
    if p.suffix.lower() == ".docx":
        from itatui.importer.docx import read_docx

        return read_docx(p)
    if p.suffix.lower() in (".doc", ".pdf"):
        raise ItatuiError("อ่านได้เฉพาะไฟล์ข้อความ/Markdown (.txt, .md) และ Word (.docx) "
                          "— แปลงไฟล์เป็นรูปแบบเหล่านี้ก่อน", path=str(p))
    from itatui.importer.text import read_text_file

    return read_text_file(p)


def parse_file(path: str | Path) -> Imported:
    # a Word document is typed text: no PDF line wraps to undo, no HTML in its cells
    return parse_blocks(read_blocks(path), typed=Path(path).suffix.lower() == ".docx")


def _scores_text(scores: dict[int, dict[int, float]], totals: dict[int, float] | None = None) -> str:
    lines = ["# คะแนน ITA ที่ผลลัพธ์ของมาตรการอ้างถึง: ตารางละหนึ่งปีงบประมาณ แล้ว ตัวชี้วัด = คะแนน"]
    totals = totals or {}
    for year in sorted(set(scores) | set(totals), reverse=True):
        lines.append("")
        lines.append(f"[{year}]")
        for ind in sorted(scores.get(year, {})):
            lines.append(f"{ind} = {scores[year][ind]:.2f}")
        if year in totals:
            lines.append(f"total = {totals[year]:.2f}")
    return "\n".join(lines) + "\n"


def _signers_text(signers: dict) -> str:
    import tomlkit

    doc = tomlkit.document()
    doc.add(tomlkit.comment("ผู้จัดทำและผู้ให้ความเห็นท้ายบันทึกข้อความ"))
    drafter = tomlkit.table()
    for key in ("signature", "name", "position"):
        drafter[key] = tomlio.value_item(signers.get("drafter", {}).get(key, ""))
    doc["drafter"] = drafter
    approvals = signers.get("approvals", [])
    if approvals:
        aot = tomlkit.aot()
        for a in approvals:
            t = tomlkit.table()
            for key in ("role", "name", "position", "acting_for", "comment"):
                t[key] = tomlio.value_item(a.get(key, ""))
            aot.append(t)
        doc["approvals"] = aot
    return tomlio.dumps(doc)


def record_files(imp: Imported) -> dict[str, str]:
    """The text of every record the import writes, by path."""
    fy = imp.report.get("fiscal_year", 0)
    files = {
        "records/agency.toml": toml_document("หน่วยงาน", imp.agency),
        "records/units.toml": toml_document("ส่วนราชการภายในของหน่วยงาน", {"units": imp.units}),
        "records/report.toml": toml_document("รายงาน", {
            k: imp.report.get(k, d) for k, d in (
                ("title", ""), ("objective", ""), ("fiscal_year", fy), ("ita_year", 0),
                ("ita_item", "O26"), ("columns", []))}),
        "records/memo.toml": toml_document("บันทึกข้อความ", imp.memo),
        "records/signers.toml": _signers_text(imp.signers),
        "records/scores.toml": _scores_text(imp.scores, imp.totals),
        "records/catalogue.toml": skeleton("x", fy or 2568)["records/catalogue.toml"],
    }
    for n, title in sorted(imp.issues.items()):
        files[schema.issue_path(n)] = toml_document(f"ประเด็นที่ {to_thai_digits(n)}",
                                                    {"title": title})
    for (i, n), m in sorted(imp.measures.items()):
        files[schema.measure_path(i, n)] = toml_document(
            f"ประเด็นที่ {to_thai_digits(i)} มาตรการที่ {to_thai_digits(n)}",
            {k: m[k] for k in ("name", "units", "activities", "period", "results", "outcome",
                               "indicators", "target_indicator", "target_score") if k in m})
    for path, text in files.items():
        tomlio.verify_roundtrip(text, __import__("tomllib").loads(text), path)
    return files


def refuse_control_chars(files: dict[str, str], source: str | Path) -> None:
    """A Thai :class:`RecordError` naming the record, the field and the source's line when a
    text the import would write holds a control character (:mod:`itatui.core.controlchars`):
    an ESC or NUL in a converted PDF is refused, not stored."""
    import tomllib

    from itatui.core import controlchars
    from itatui.core.errors import RecordError

    for rel, text in files.items():
        hits = controlchars.found_in(tomllib.loads(text))
        if not hits:
            continue
        key, index, ch = hits[0]
        kind = schema.kind_of(rel)
        label = schema.field_label(kind, key.rsplit(".", 1)[0] if key.rsplit(".", 1)[-1]
                                   .isdigit() else key) if kind else key
        line = next((_line_of(b, ch) for b in read_blocks(source)
                     if ch in (b.text if hasattr(b, "text") else "\t".join(b.cells))), None)
        where = f"บรรทัด {line} ของ" if line else ""
        raise RecordError(f"มีอักขระควบคุม {controlchars.describe(ch)} ใน{where}ไฟล์ต้นทาง "
                          f"{Path(source).name} จึงไม่นำเข้า (ลบอักขระนั้นออกจากไฟล์ต้นทาง"
                          "แล้วนำเข้าอีกครั้ง)", path=rel, field=f"{label} ({key})")


def _line_of(block: Block, ch: str) -> int:
    """The source line of ``block`` that holds ``ch`` (a paragraph spans several)."""
    lines = getattr(block, "lines", None) or []
    return block.line + next((i for i, ln in enumerate(lines) if ch in ln), 0)


def counts_of(imp: Imported) -> dict[str, int]:
    return {"issues": len(imp.issues), "measures": len(imp.measures),
            "scores": sum(len(v) for v in imp.scores.values())}


def commit_message(imp: Imported, source: str, paths: list[str]) -> str:
    c = counts_of(imp)
    fy = imp.report.get("fiscal_year") or 0
    agency = imp.agency.get("name") or "หน่วยงาน"
    summary = f"นำเข้ารายงาน {agency} ปีงบประมาณ {to_thai_digits(fy) if fy else '(ไม่ทราบ)'}"
    body = [f"นำเข้าจากไฟล์ {source}: ประเด็น {to_thai_digits(c['issues'])} "
            f"มาตรการ {to_thai_digits(c['measures'])} คะแนน {to_thai_digits(c['scores'])} ค่า"]
    if imp.doubts:
        body.append(f"ข้อที่ควรตรวจทาน {to_thai_digits(len(imp.doubts))} รายการ:")
        body += [f"- {d}" for d in imp.doubts[:30]]
    trailers = [f"{TRAILER_TOOL}: import", f"{TRAILER_SOURCE}: {source}"]
    trailers += [f"{TRAILER_RECORD}: {p}" for p in paths]
    return f"{summary}\n\n" + "\n".join(body) + "\n\n" + "\n".join(trailers) + "\n"


def _existing_report(root: Path) -> list[str]:
    base = root / schema.RECORDS_DIR
    found = []
    for sub in ("issues", "measures"):
        d = base / sub
        if d.is_dir():
            found += [p.relative_to(root).as_posix() for p in d.glob("*.toml")]
    return sorted(found)


def import_document(path: str | Path, repo: str | Path = ".", *, force: bool = False) -> ImportResult:
    """Import ``path`` into the repository ``repo`` (created when it has no git repository)."""
    imp = parse_file(path)
    files = record_files(imp)
    refuse_control_chars(files, path)        # before anything is created or written
    root = Path(repo).resolve()
    probe = root if root.exists() else root.parent
    while not probe.exists():
        probe = probe.parent
    resolve_officer(probe)                   # refuse before touching anything
    existing = _existing_report(root)
    if existing and not force:
        raise ItatuiError("คลังนี้มีประเด็นและมาตรการอยู่แล้ว จึงไม่นำเข้าทับ "
                          "(ใช้ --force เพื่อแทนที่รายงานเดิมทั้งหมด)", path=str(root))
    create_repository(root)
    from itatui.core.workspace import Workspace

    ws = Workspace(root)
    officer = ws.officer()
    removed = [p for p in existing if p not in files]
    for rel in removed:
        (root / rel).unlink()
    for rel, text in files.items():
        tomlio.write_atomic(root / rel, text)
    paths = sorted(set(files) | set(removed))
    tracked_removed = [p for p in removed if ws.history.tracked(p)]
    commit_paths = sorted(set(files) | set(tracked_removed))
    sha = ws.history.commit(commit_paths, commit_message(imp, Path(path).name, sorted(files)),
                            officer)
    return ImportResult(sha, paths, counts_of(imp), imp.doubts, imp)
