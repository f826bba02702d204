"""The Textual UI driven with Textual's Pilot on a real git repository of the sample records.

Thai text is put into editors by setting their text (``pilot.press`` loses Thai tone marks);
keys are pressed for navigation, saving and quitting.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

from helpers import OFFICER, commit_count, git, make_app, open_record
from itatui.core.thai import to_thai_digits
from itatui.tui.app import UNSAVED, ItaApp
from itatui.tui.screens.help import HelpScreen
from itatui.tui.screens.quit import ConfirmQuitScreen
from itatui.tui.widgets.record_tree import BROKEN_MARK, DIRTY_MARK

MEASURE = "records/measures/02-01.toml"
SIZE = (160, 45)


@pytest.fixture
def env(isolated_env):
    """HOME (with XDG_CONFIG_HOME and the global git config with OFFICER): conftest's isolated_env."""
    (isolated_env / ".config").mkdir(exist_ok=True)
    return isolated_env


@pytest.fixture
def repo(sample_repo):
    return sample_repo


def label(app: ItaApp, path: str) -> str:
    node = app.tree.node_for(path)
    assert node is not None, path
    return str(node.label)


# -- opening -------------------------------------------------------------------------------
async def test_opens_with_report_tree(repo):
    app, notes = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.tree
        top = [str(n.label) for n in tree.root.children]
        assert top[:6] == ["บันทึกข้อความ", "ผู้ลงนาม", "รายงาน", "หน่วยงาน",
                           "หน่วยงานภายใน", "คะแนน ITA"]
        issues = [n for n in tree.root.children if str(n.label).startswith("ประเด็นที่")]
        assert len(issues) == 7 and app.tree.issue_count() == 7
        assert tree.root.children[6] is issues[0]
        for number, node in zip("๑๒๓๔๕๖๗", issues):
            assert str(node.label).startswith(f"ประเด็นที่ {number} ")
            assert node.children, "every issue has its measures"
            assert str(node.children[0].label).startswith("มาตรการที่ ๑")
        # the issue title follows the number, shortened
        assert "กระบวนการปฏิบัติงาน" in str(issues[0].label)
        # the memo opens first, with Thai labels
        assert app.current == "records/memo.toml"
        assert "department" in app.form.boxes
        assert app.form.boxes["department"].label_text == "ส่วนราชการ"
        assert "เทศบาลตำบลบ้านเรือน" in app.title
        assert not [n for n in notes if n[1].get("severity") == "error"]


async def test_form_fields_follow_the_schema(repo):
    app, _ = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        boxes = app.form.boxes
        assert list(boxes) == ["name", "units", "activities", "period", "results", "outcome",
                               "indicators", "target_indicator", "target_score", "budget"]
        from textual.widgets import Input, TextArea
        assert isinstance(boxes["period"].editor, Input)
        for key in ("name", "activities", "results", "outcome", "indicators"):
            assert isinstance(boxes[key].editor, TextArea)
            assert boxes[key].editor.soft_wrap
        from itatui.tui.widgets.list_text_area import ListTextArea
        from itatui.tui.widgets.units_editor import UnitsEditor
        assert isinstance(boxes["activities"].editor, ListTextArea)
        assert isinstance(boxes["units"].editor, UnitsEditor)      # chosen from units.toml
        # lists: one item per line
        assert boxes["units"].text.splitlines()[0] == "สำนักปลัด"

        await open_record(app, pilot, "records/signers.toml")
        keys = list(app.form.boxes)
        assert keys[:3] == ["drafter.signature", "drafter.name", "drafter.position"]
        assert "approvals.0.name" in keys and "approvals.2.acting_for" in keys

        await open_record(app, pilot, "records/scores.toml")
        scores = tomllib.loads((repo / "records/scores.toml").read_text(encoding="utf-8"))
        expected = [f"{year}.{number}" for year, table in scores.items()
                    for number in table]
        assert list(app.form.boxes) == expected
        year, number = expected[0].split(".")
        box = app.form.boxes[expected[0]]
        # a score shows in the officer's digits (Thai by default), with the file's two decimals
        assert box.text == to_thai_digits(f"{scores[year][number]:.2f}")
        assert box.label_text.startswith(f"ปี {to_thai_digits(year)} ตัวชี้วัดที่ "
                                         f"{to_thai_digits(number)}")


# -- saving --------------------------------------------------------------------------------
async def test_edit_and_save_makes_one_commit(repo):
    app, notes = make_app(repo)
    before = commit_count(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        box = app.form.box("outcome")
        new = box.text + " และผู้ใหญ่บ้านทุกหมู่บ้านได้รับทราบผลการประเมิน"
        box.editor.text = new
        await pilot.pause()
        assert MEASURE in app.pending
        assert DIRTY_MARK in label(app, MEASURE)
        assert UNSAVED in app.sub_title

        await pilot.press("ctrl+s")
        await pilot.pause()

        assert commit_count(repo) == before + 1
        assert git(repo, "log", "-1", "--format=%an <%ae>").strip() == \
            f"{OFFICER[0]} <{OFFICER[1]}>"
        assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [MEASURE]
        assert git(repo, "status", "--porcelain").strip() == ""
        data = tomllib.loads((repo / MEASURE).read_text(encoding="utf-8"))
        assert data["outcome"] == new
        sha = git(repo, "rev-parse", "--short=7", "HEAD").strip()
        assert any(sha in msg and kw.get("severity", "information") == "information"
                   for msg, kw in notes)
        # clean again, and the form shows the reloaded record
        assert MEASURE not in app.pending
        assert DIRTY_MARK not in label(app, MEASURE)
        assert UNSAVED not in app.sub_title
        assert app.form.box("outcome").text == new
        assert app.records[MEASURE].get("outcome") == new


async def test_only_changed_keys_are_saved(repo):
    app, _ = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        results = app.form.box("results")
        items = results.text.splitlines()
        items[0] = items[0] + " เพิ่มเติม"
        results.editor.text = "\n".join(items)
        # an edit that changes nothing once parsed (blank lines around list items)
        units = app.form.box("units")
        units.editor.text = "\n" + units.text + "\n\n"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    message = git(repo, "log", "-1", "--format=%B")
    assert "Field: results" in message and "Field: units" not in message
    data = tomllib.loads((repo / MEASURE).read_text(encoding="utf-8"))
    assert data["results"][0].endswith(" เพิ่มเติม")


async def test_save_refused_without_identity(repo, env, monkeypatch):
    empty = env / "empty-gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    app, notes = make_app(repo)
    before = commit_count(repo)
    original = (repo / MEASURE).read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        box = app.form.box("outcome")
        box.editor.text = box.text + " แก้ไข"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = [msg for msg, kw in notes if kw.get("severity") == "error"]
        assert errors and "ยังไม่ได้ตั้งชื่อผู้บันทึก" in errors[-1]
        assert "git config" in errors[-1]
        # the edit is kept, still marked unsaved
        assert MEASURE in app.pending
        assert DIRTY_MARK in label(app, MEASURE)
    assert commit_count(repo) == before
    assert (repo / MEASURE).read_bytes() == original
    assert git(repo, "status", "--porcelain").strip() == ""


async def test_officer_from_itatui_config(repo, env):
    (env / ".config" / "itatui").mkdir(parents=True)
    (env / ".config" / "itatui" / "config.toml").write_text(
        '[officer]\nname = "นายสมชาย ปันมาเชื้อ"\nemail = "somchai@example.go.th"\n'
        '[ui]\ntheme = "textual-light"\n', encoding="utf-8")
    app, _ = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-light"
        await open_record(app, pilot, "records/agency.toml")
        app.form.box("district").editor.value = "เมืองลำพูน"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert git(repo, "log", "-1", "--format=%an").strip() == "นายสมชาย ปันมาเชื้อ"
    assert 'district = "เมืองลำพูน"' in (repo / "records/agency.toml").read_text(encoding="utf-8")


async def test_nothing_to_save_and_bad_number(repo):
    app, notes = make_app(repo)
    before = commit_count(repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert notes[-1][0] == "ไม่มีการเปลี่ยนแปลงให้บันทึก"
        assert notes[-1][1]["severity"] == "warning"

        await open_record(app, pilot, "records/report.toml")
        app.form.box("fiscal_year").editor.value = "สองห้าหกแปด"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert notes[-1][1]["severity"] == "error"
        assert "ต้องเป็นจำนวนเต็ม" in notes[-1][0]
        assert "ปีงบประมาณ" in notes[-1][0]
        assert "records/report.toml" in app.pending
    assert commit_count(repo) == before


async def test_scores_and_approvals_are_editable(repo):
    app, _ = make_app(repo)
    before = commit_count(repo)
    old_scores = tomllib.loads((repo / "records/scores.toml").read_text(encoding="utf-8"))
    year = next(iter(old_scores))
    number = next(iter(old_scores[year]))
    last = len(tomllib.loads((repo / "records/signers.toml").read_text(
        encoding="utf-8"))["approvals"]) - 1
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, "records/scores.toml")
        app.form.box(f"{year}.{number}").editor.value = "๙๘.๑๐"   # Thai digits are accepted
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await open_record(app, pilot, "records/signers.toml")
        app.form.box(f"approvals.{last}.comment").editor.text = "ทราบ อนุมัติ"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert commit_count(repo) == before + 2
    scores = tomllib.loads((repo / "records/scores.toml").read_text(encoding="utf-8"))
    assert scores[year][number] == pytest.approx(98.10)
    scores[year][number] = old_scores[year][number]
    assert scores == old_scores                       # nothing else changed
    signers = tomllib.loads((repo / "records/signers.toml").read_text(encoding="utf-8"))
    assert signers["approvals"][last]["comment"] == "ทราบ อนุมัติ"
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == \
        ["records/signers.toml"]
    assert f"ผู้ให้ความเห็น คนที่ {to_thai_digits(last + 1)}" in \
        git(repo, "log", "-1", "--format=%s")


# -- moving between records ----------------------------------------------------------------
async def test_edits_are_kept_when_switching_records(repo):
    app, _ = make_app(repo)
    before = commit_count(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        box = app.form.box("outcome")
        edited = box.text + " (ปรับปรุง)"
        box.editor.text = edited
        await pilot.pause()
        await open_record(app, pilot, "records/memo.toml")
        assert DIRTY_MARK in label(app, MEASURE)
        assert DIRTY_MARK not in label(app, "records/memo.toml")
        assert "ค้างอีก" in app.sub_title
        await open_record(app, pilot, MEASURE)
        assert app.form.box("outcome").text == edited
        assert app.form.box("outcome").changed
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert commit_count(repo) == before + 1
    data = tomllib.loads((repo / MEASURE).read_text(encoding="utf-8"))
    assert data["outcome"] == edited


async def test_undoing_an_edit_clears_the_mark(repo):
    app, _ = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, "records/agency.toml")
        editor = app.form.box("province").editor
        original = editor.value
        editor.value = "เชียงใหม่"
        await pilot.pause()
        assert DIRTY_MARK in label(app, "records/agency.toml")
        editor.value = original
        await pilot.pause()
        assert DIRTY_MARK not in label(app, "records/agency.toml")
        assert not app.pending


# -- broken records ------------------------------------------------------------------------
async def test_broken_record_shows_its_error_and_others_work(repo):
    broken = "records/issues/03.toml"
    (repo / broken).write_text('title = "ช่องทางการประชาสัมพันธ์\nอีกบรรทัด = \n',
                               encoding="utf-8")
    app, notes = make_app(repo)
    before = commit_count(repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.tree.issue_count() == 7
        assert BROKEN_MARK in label(app, broken)
        await open_record(app, pilot, broken)
        assert not app.form.boxes
        shown = " ".join(str(w.render()) for w in app.form.query(".form-error"))
        assert "อ่านระเบียนนี้ไม่ได้" in shown
        assert broken in shown and "บรรทัด" in shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert notes[-1][1]["severity"] == "error"
        # the other records still load and save
        await open_record(app, pilot, "records/measures/03-01.toml")
        box = app.form.box("period")
        box.editor.value = box.text + " (ต่อเนื่อง)"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert commit_count(repo) == before + 1
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == \
        ["records/measures/03-01.toml"]


async def test_fixed_record_reloads(repo):
    broken = "records/issues/03.toml"
    good = (repo / broken).read_text(encoding="utf-8")
    (repo / broken).write_text('title = "ไม่ปิด\n', encoding="utf-8")
    app, _ = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, broken)
        assert BROKEN_MARK in label(app, broken) and not app.form.boxes
        (repo / broken).write_text(good, encoding="utf-8")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert BROKEN_MARK not in label(app, broken)
        assert "title" in app.form.boxes


async def test_file_changed_elsewhere_is_not_overwritten(repo):
    app, notes = make_app(repo)
    before = commit_count(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        box = app.form.box("outcome")
        edited = box.text + " (แก้ในโปรแกรม)"
        box.editor.text = edited
        await pilot.pause()
        # another program changes the period of the same record meanwhile
        path = repo / MEASURE
        text = path.read_text(encoding="utf-8")
        period = tomllib.loads(text)["period"]
        assert f'period = "{period}"' in text
        path.write_text(text.replace(f'period = "{period}"', 'period = "ตลอดปีงบประมาณ"'),
                        encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # the refusal (the disk watcher may add its own notice after it)
        errors = [m for m, kw in notes if kw.get("severity") == "error"]
        assert errors and "แก้ไขจากที่อื่น" in errors[-1], notes
        assert commit_count(repo) == before
        # the edit is still there and the form now shows the other change
        assert app.form.box("outcome").text == edited
        assert app.form.box("period").text == "ตลอดปีงบประมาณ"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert commit_count(repo) == before + 1
    data = tomllib.loads((repo / MEASURE).read_text(encoding="utf-8"))
    assert data["outcome"] == edited and data["period"] == "ตลอดปีงบประมาณ"


# -- quitting ------------------------------------------------------------------------------
async def test_quit_with_unsaved_changes_asks_first(repo):
    app, _ = make_app(repo)
    before = commit_count(repo)
    original = (repo / MEASURE).read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        box = app.form.box("outcome")
        box.editor.text = box.text + " แก้ไข"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitScreen)
        buttons = [str(b.label) for b in app.screen.query("Button")]
        assert buttons == ["บันทึก", "ไม่บันทึก", "ยกเลิก"]
        await pilot.click("#cancel")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmQuitScreen)
        assert app.is_running and MEASURE in app.pending
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#discard")
        await pilot.pause()
    assert app.return_code == 0
    assert commit_count(repo) == before
    assert (repo / MEASURE).read_bytes() == original


async def test_quit_and_save(repo):
    app, _ = make_app(repo)
    before = commit_count(repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        box = app.form.box("outcome")
        edited = box.text + " แก้ไข"
        box.editor.text = edited
        await pilot.pause()
        await open_record(app, pilot, "records/agency.toml")
        app.form.box("district").editor.value = "เมืองลำพูน"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
    assert commit_count(repo) == before + 2          # one commit per record
    assert tomllib.loads((repo / MEASURE).read_text(encoding="utf-8"))["outcome"] == edited


async def test_quit_without_changes_does_not_ask(repo):
    app, _ = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


# -- help, palette, footer -----------------------------------------------------------------
async def test_help_palette_and_footer_are_thai(repo):
    app, _ = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("บันทึก", "ออก", "ช่วยเหลือ", "โหลดใหม่"):
            assert title in titles
        assert "ไปที่ ประเด็นที่ ๒ มาตรการที่ ๑" in titles
        app.tree.focus()
        await pilot.pause()
        shown = {b.binding.description for b in app.active_bindings.values() if b.binding.show}
        assert {"บันทึก", "ออก", "ช่วยเหลือ"} <= shown
        assert all(any("\u0e00" <= ch <= "\u0e7f" for ch in text) for text in shown), shown
        # the footer as drawn: the palette's key once, on the right, in Thai
        from textual.widgets._footer import FooterKey

        await pilot.pause()
        keys = [(k.key, k.description) for k in app.query(FooterKey)]
        assert keys.count(("ctrl+p", "คำสั่ง")) == 1, keys
        assert app.query_one(FooterKey.__name__ + ".-command-palette").description == "คำสั่ง"


async def test_goto_from_palette_command(repo):
    app, _ = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        command = next(c for c in app.get_system_commands(app.screen)
                       if c.title == "ไปที่ ประเด็นที่ ๕ มาตรการที่ ๑")
        await command.callback()
        await pilot.pause()
        assert app.current == "records/measures/05-01.toml"


def test_tui_import_is_light():
    code = ("import sys, itatui.tui.app; "
            "bad = [m for m in ('weasyprint', 'pythainlp') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
