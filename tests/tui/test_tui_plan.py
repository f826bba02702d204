"""The plan (issue 16) in the editor, with Textual's Pilot on real repositories: its records
(records/plan/) under their own Thai group in the tree; a measure's target and budget in its
form (an emptied number removes its key, Thai digits are read); the palette's "ตรวจแผน",
"ส่งออกแผนเป็น PDF" and "ส่งออกแผนเป็น Markdown"; a repository without records/plan/ is told so
in Thai."""

from __future__ import annotations

import shutil
import tomllib

import pypdf
import pytest
from rich.cells import cell_len
from rich.style import Style
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Static, Tree

from helpers import commit_count, git, glyph_width_problems, make_app, open_record, wait_until
from test_tui_wrapping import fresh_wrapping  # noqa: F401 (fixture)
from itatui.core import schema
from itatui.core.check import check_records
from itatui.core.records import RecordStore
from itatui.tui import thai_text
from itatui.tui.widgets.record_tree import PLAN_GROUP, PLAN_RECORD_LABEL

SIZES = [(80, 24), (140, 45)]
MEASURE = "records/measures/02-01.toml"
PLAN = "records/plan/plan.toml"
PLAN_MEMO = "records/plan/memo.toml"
PLAN_SIGNERS = "records/plan/signers.toml"
NULL = Style()


def write_plan(root) -> None:
    """The plan's records as ``itatui new-year`` starts them (written here, so that these tests
    do not depend on it), one commit."""
    folder = root / "records" / "plan"
    folder.mkdir(parents=True, exist_ok=True)
    columns = "".join(f'    "{c}",\n' for c in schema.PLAN_COLUMNS)
    (folder / "plan.toml").write_text(
        'title = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ '
        'พ.ศ. ๒๕๖๘"\n'
        'objective = "เพื่อนำผลการประเมิน ITA มาจัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใส"\n'
        'ita_item = "O25"\nanalysis = ""\n'
        f"columns = [\n{columns}]\n", encoding="utf-8")
    memo = (root / "records" / "memo.toml").read_text(encoding="utf-8")
    (folder / "memo.toml").write_text(
        memo.replace("รายงานผลการดำเนินการเพื่อส่งเสริม", "มาตรการส่งเสริม"), encoding="utf-8")
    shutil.copy(root / "records" / "signers.toml", folder / "signers.toml")
    git(root, "add", "records/plan")
    git(root, "commit", "-q", "-m", "แผนของปี")


@pytest.fixture
def plan_repo(sample_repo):
    write_plan(sample_repo)
    return sample_repo


async def choose(app, pilot, query: str, title: str) -> None:
    """Open the palette, type ``query`` and run the command titled ``title``."""
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    app.screen.query_one(Input).value = query
    options = app.screen.query_one(CommandList)

    def at() -> int | None:
        return next((i for i in range(options.option_count)
                     if str(options.get_option_at_index(i).prompt).startswith(title)), None)

    await wait_until(pilot, lambda: at() is not None, f"{title} in the palette")
    options.highlighted = at()
    await pilot.press("enter")


# -- the tree -------------------------------------------------------------------------------
def top_labels(tree) -> list[str]:
    return [str(node.label) for node in tree.root.children]


@pytest.mark.parametrize("size", SIZES)
async def test_the_plans_records_are_under_their_own_thai_group(plan_repo, size):
    assert thai_text.load_segmenter()
    app, _ = make_app(plan_repo)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        thai_text.rewrap(app)
        await pilot.pause()
        tree = app.tree
        labels = top_labels(tree)
        # after the report's records and the scores, before the issues
        assert labels.index(PLAN_GROUP) == labels.index("คะแนน ITA") + 1
        assert labels[labels.index(PLAN_GROUP) + 1].startswith("ประเด็นที่ ๑")
        group = tree.root.children[labels.index(PLAN_GROUP)]
        assert [node.data for node in group.children] == [PLAN_MEMO, PLAN_SIGNERS, PLAN]
        assert [str(node.label) for node in group.children] == [
            "บันทึกข้อความเสนอแผน", "ผู้ลงนามแผน", PLAN_RECORD_LABEL]
        # every label of the group fits the tree whole at 80 columns as at 140
        room = tree.scrollable_content_region.width
        for node in (group, *group.children):
            indent = 0 if node is group else tree.guide_depth
            full = Tree.render_label(tree, node, NULL, NULL).plain
            shown = tree.render_label(node, NULL, NULL).plain
            assert shown == full and cell_len(shown) + indent <= room, (shown, room)
        # the plan's record opens from the tree; the palette goes to it too
        await open_record(app, pilot, PLAN)
        assert app.form.box("analysis") is not None
        assert app.form.box("ita_item").editor.value == "O25"
        # its form is titled as the tree names it
        heading = str(app.form.query_one(".form-title", Static).content)
        assert heading.split("   ")[0] == PLAN_RECORD_LABEL, heading
        await open_record(app, pilot, PLAN_SIGNERS)
        assert app.form.box("drafter.name") is not None


async def test_no_group_without_the_plans_records(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert PLAN_GROUP not in top_labels(app.tree)
        assert not any(p.startswith("records/plan/") for p in app.tree.paths())


# -- a measure's target and budget -----------------------------------------------------------
def measure_data(root) -> dict:
    return tomllib.loads((root / MEASURE).read_text(encoding="utf-8"))


async def test_a_measures_target_and_budget_saved_from_its_form(plan_repo):
    app, notes = make_app(plan_repo)
    count = commit_count(plan_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_record(app, pilot, MEASURE)
        boxes = app.form.boxes
        for key in ("target_indicator", "target_score", "budget"):
            assert key in boxes and boxes[key].editor.value == ""
        # an edit elsewhere writes none of the empty numbers ("" or 0)
        app.form.box("period").editor.value = "ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘ (ทั้งปี)"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: commit_count(plan_repo) == count + 1, "the save")
        data = measure_data(plan_repo)
        assert data["period"].endswith("(ทั้งปี)")
        assert not {"target_indicator", "target_score", "budget"} & set(data)
        # Thai digits typed into the numbers are read as numbers
        await open_record(app, pilot, MEASURE)
        app.form.box("target_indicator").editor.value = "๘"
        app.form.box("target_score").editor.value = "๘๕"
        app.form.box("budget").editor.value = "๒๐,๐๐๐ บาท"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: commit_count(plan_repo) == count + 2, "the save")
        data = measure_data(plan_repo)
        assert data["target_indicator"] == 8 and data["target_score"] == 85.0
        assert isinstance(data["target_indicator"], int)             # numbers in the file,
        assert isinstance(data["target_score"], float)               # not the Thai text
        assert "target_score = 85.0" in (plan_repo / MEASURE).read_text(encoding="utf-8")
        assert data["budget"] == "๒๐,๐๐๐ บาท"
        # emptied: the key goes, not "" and not 0 (the file as before the target)
        await open_record(app, pilot, MEASURE)
        # shown back as typed, in the officer's digits (Thai by default), not "8" / "85.00"
        assert app.form.box("target_indicator").editor.value == "๘"
        assert app.form.box("target_score").editor.value == "๘๕"
        assert not app.form.capture()                # and not an edit of its own
        app.form.box("target_score").editor.value = ""
        app.form.box("target_indicator").editor.value = "  "
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: commit_count(plan_repo) == count + 3, "the save")
        data = measure_data(plan_repo)
        assert "target_score" not in data and "target_indicator" not in data
        assert data["budget"] == "๒๐,๐๐๐ บาท"
        assert not [n for n, kw in notes if kw.get("severity") == "error"], notes
        # a word in a number is still refused, in Thai, naming the field
        await open_record(app, pilot, MEASURE)
        app.form.box("target_score").editor.value = "แปดสิบห้า"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any(kw.get("severity") == "error" for _, kw in notes),
                         "the refusal")
        message = next(n for n, kw in notes if kw.get("severity") == "error")
        assert "ต้องเป็นตัวเลข" in message and "ค่าเป้าหมาย" in message
    assert commit_count(plan_repo) == count + 3


# -- the palette: check the plan, export it ----------------------------------------------------
def problems_shown(app) -> str:
    return str(app.side.query_one("#problems-status", Static).content)


async def test_check_the_plan_from_the_palette_then_back_to_the_report(plan_repo):
    app, _ = make_app(plan_repo)
    records = RecordStore(plan_repo).load_all()
    plan = check_records(records, document="plan")
    report = check_records(records)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        await choose(app, pilot, "check plan", "ตรวจแผน")
        await wait_until(pilot, lambda: app.side is not None and app.panel.problems
                         and app.panel.checked == "plan", "the plan's problems")
        assert app.panel.shown("tab-problems")
        assert [(p.code, p.record, p.field) for p in app.panel.problems] == \
            [(p.code, p.record, p.field) for p in plan]
        assert problems_shown(app).startswith("ปัญหาของแผน: ")
        await pilot.press("f5")                       # F5 checks the plan again
        await wait_until(pilot, lambda: app.panel.checked == "plan" and app.panel.problems,
                         "the check again")
        assert problems_shown(app).startswith("ปัญหาของแผน: ")
        await choose(app, pilot, "ตรวจรายงาน", "ตรวจรายงาน")
        await wait_until(pilot, lambda: app.panel.checked == "report"
                         and not problems_shown(app).startswith("ปัญหาของแผน"), "the report")
        await wait_until(pilot, lambda: [(p.code, p.record) for p in app.panel.problems]
                         == [(p.code, p.record) for p in report], "the report's problems")
    # the document matters: the report needs the outcomes, the plan does not
    assert {p.code for p in report} != {p.code for p in plan} or len(report) != len(plan)


async def test_without_the_plans_records_the_palette_says_so_in_thai(sample_repo, isolated_env):
    app, notes = make_app(sample_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for title in ("ตรวจแผน", "ส่งออกแผนเป็น PDF", "ส่งออกแผนเป็น Markdown"):
            await choose(app, pilot, title, title)
            await wait_until(pilot, lambda: notes and notes[-1][1].get("title") == "ยังไม่มีแผน",
                             f"the notice after {title}")
            assert "records/plan/" in notes[-1][0] and "itatui new-year" in notes[-1][0]
            notes.clear()
        assert not any(w.group == "export" for w in app.workers)
        assert app.panel.document == "report"
    assert not (isolated_env / "itatui-exports").exists()


@pytest.mark.parametrize("fmt,title", [("md", "ส่งออกแผนเป็น Markdown"),
                                       ("pdf", "ส่งออกแผนเป็น PDF")])
async def test_export_the_plan_from_the_palette(plan_repo, isolated_env, fmt, title):
    app, notes = make_app(plan_repo)
    folder = isolated_env / "itatui-exports" / plan_repo.name
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        await choose(app, pilot, "export plan " + fmt, title)
        await pilot.pause()
        from itatui.tui.screens.confirm import ConfirmScreen

        if isinstance(app.screen, ConfirmScreen):      # the plan's errors told first
            assert "แผนที่บันทึกแล้วยังมีข้อผิดพลาด" in app.screen.question
            await pilot.click("#confirm-yes")
        await wait_until(pilot, lambda: any("เขียนไฟล์แล้ว" in n for n, _ in notes),
                         "the export", tries=1200)
    written = folder / f"ita-plan-2568.{fmt}"
    # the notice reads as Thai: "ส่งออกแผนเป็น PDF แล้ว" (no space after ส่งออก), then the file
    done = next(kw for n, kw in notes if "เขียนไฟล์แล้ว" in n)
    assert done.get("title") == f"{title} แล้ว"
    assert written.exists(), sorted(p.name for p in folder.iterdir())
    assert git(plan_repo, "status", "--porcelain") == ""
    if fmt == "md":
        text = written.read_text(encoding="utf-8")
        assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in text
        assert "ผลการดำเนินการ" not in text.split("\n", 1)[0]
    else:
        info = pypdf.PdfReader(str(written)).metadata
        assert info.get("/ItatuiDocument") == "plan"
        assert glyph_width_problems(written) == []


async def test_f2_previews_the_plans_own_parts(plan_repo):
    """The preview of a plan record is the plan's: its memo (subject of the plan's memo), or
    its title, objective and analysis, not the whole report."""
    app, _ = make_app(plan_repo)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        await open_record(app, pilot, PLAN)
        await pilot.press("f2")
        await wait_until(pilot, lambda: app.side.query_one("#preview").source, "the preview")
        text = app.preview_text()
        assert text.startswith("# มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
        assert "ผลการวิเคราะห์ผลการประเมิน ITA" in text
        assert "# บันทึกข้อความ" not in text and "## ประเด็นที่" not in text  # no memo, issue
        await open_record(app, pilot, PLAN_MEMO)
        text = app.preview_text()
        assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ปีงบประมาณ" in text
        assert text.startswith("# บันทึกข้อความ")
        assert "รายงานผลการดำเนินการเพื่อส่งเสริม" not in text
        assert "# มาตรการส่งเสริม" not in text                           # the memo alone


@pytest.mark.parametrize("size", SIZES)
async def test_no_line_of_the_plans_screens_ends_inside_a_thai_word(plan_repo, size,
                                                                     fresh_wrapping):
    """The walk of tests/tui/test_tui_wrapping.py over the plan's forms (their labels and
    hints), a measure's target fields, the plan's problems and the palette's plan commands."""
    from test_tui_wrapping import screen_breaks, settle, words_loaded

    from itatui.tui.app import ItaApp

    found: list[str] = []
    app = ItaApp(str(plan_repo), thai_wrap=True)
    async with app.run_test(size=size, notifications=True) as pilot:
        await words_loaded(app, pilot)
        for path in (PLAN, PLAN_MEMO, PLAN_SIGNERS, MEASURE):
            await open_record(app, pilot, path)
            await settle(pilot)
            found += screen_breaks(app, path)
        app.form.box("target_score").focus_editor()
        await settle(pilot)
        found += screen_breaks(app, "target")
        await app.panel.check_document("plan")
        await wait_until(pilot, lambda: app.panel.problems and app.panel.checked == "plan",
                         "the plan's problems")
        await settle(pilot)
        found += screen_breaks(app, "plan problems")
        await pilot.press("ctrl+p")
        await pilot.press(*"แผน")
        await settle(pilot, 6)
        found += screen_breaks(app, "palette", CommandPalette)
        await pilot.press("escape")
    assert found == [], "\n".join(found)


async def test_after_new_year_from_the_palette_the_plan_is_in_the_tree(sample_repo):
    """The sample has no plan; "เริ่มปีงบประมาณใหม่" (itatui new-year) creates its records and the
    tree shows them under their group at once, the palette's plan commands then work."""
    from itatui.tui.screens.confirm import ConfirmScreen

    app, notes = make_app(sample_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert PLAN_GROUP not in top_labels(app.tree)
        await choose(app, pilot, "new year", "เริ่มปีงบประมาณใหม่")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.click("#confirm-yes")
        await wait_until(pilot, lambda: any(kw.get("title") == "เริ่มปีใหม่แล้ว"
                                            for _, kw in notes), "the new year")
        await wait_until(pilot, lambda: PLAN_GROUP in top_labels(app.tree), "the plan's group")
        assert [p for p in app.tree.paths() if p.startswith("records/plan/")] == [
            PLAN_MEMO, PLAN_SIGNERS, PLAN]
        await choose(app, pilot, "ตรวจแผน", "ตรวจแผน")
        await wait_until(pilot, lambda: app.panel.checked == "plan" and app.panel.problems,
                         "the plan's problems")
        assert not any(kw.get("title") == "ยังไม่มีแผน" for _, kw in notes)
