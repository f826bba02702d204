"""Issue 14, items 8 and 10, under Pilot on real git repositories: a broken record explained in
Thai where its form would be, with "restore the last committed version" and "open in $EDITOR";
exports written where the officer chooses (never into ``git status``), asking first when F3
has errors; ctrl+w leaves no stray space."""

from __future__ import annotations

from helpers import commit_count, git, make_app, open_record, wait_until
from itatui.tui.widgets.record_tree import BROKEN_MARK

SIZE = (140, 45)
ISSUE = "records/issues/03.toml"


def shown_text(app, selector: str) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(selector))


def label(app, path: str) -> str:
    return str(app.tree.node_for(path).label)


# -- a broken record ------------------------------------------------------------------------
async def test_broken_record_is_explained_in_thai_and_restored_in_one_commit(sample_repo):
    good = (sample_repo / ISSUE).read_bytes()
    first = git(sample_repo, "rev-parse", "--short=7", "HEAD").strip()
    broken = 'number = 3\ntitle = "ช่องทางการประชาสัมพันธ์\n'
    (sample_repo / ISSUE).write_text(broken, encoding="utf-8")
    git(sample_repo, "commit", "-qam", "hand edit")      # committed by another tool
    before = commit_count(sample_repo)
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, ISSUE)
        why = shown_text(app, "#broken-why")
        assert "อ่านระเบียนนี้ไม่ได้" in why
        assert f"{ISSUE} บรรทัด ๒ คอลัมน์ ๙" in why and "ไม่ได้ปิด" in why   # Thai digits
        assert "บรรทัด ๒:" in why and "บรรทัด 2" not in why
        assert "title = \"ช่องทางการประชาสัมพันธ์" in why           # the line, quoted
        assert "Illegal" not in why and "Unexpected" not in why
        button = app.screen.query_one("#broken-restore")
        await wait_until(pilot, lambda: not button.disabled, "the restore point")
        assert first in shown_text(app, "#broken-restore-note")
        await pilot.click("#broken-restore")
        await wait_until(pilot, lambda: "title" in app.form.boxes, "the restored form")
        assert BROKEN_MARK not in label(app, ISSUE)
    assert (sample_repo / ISSUE).read_bytes() == good
    assert commit_count(sample_repo) == before + 1
    message = git(sample_repo, "log", "-1", "--format=%B")
    assert "Itatui-Action: restore-broken" in message and f"Record: {ISSUE}" in message
    copies = list((sample_repo / ".git" / "itatui" / "broken").rglob("*.toml"))
    assert [c.read_text(encoding="utf-8") for c in copies] == [broken]
    done = [n for n, kw in notes if kw.get("title") == "คืนฉบับที่บันทึกล่าสุดแล้ว"]
    assert done and ".git/itatui/broken/" in done[0]
    assert git(sample_repo, "status", "--porcelain") == ""


async def test_broken_record_line_and_column_follow_the_digits_setting(sample_repo,
                                                                      isolated_env):
    from itatui.core.config import load_config, save_config

    cfg = load_config()
    cfg.digits = "arabic"                 # F10: the officer writes Arabic digits
    save_config(cfg)
    (sample_repo / ISSUE).write_text('number = 3\ntitle = "ไม่ปิด\n', encoding="utf-8")
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, ISSUE)
        why = shown_text(app, "#broken-why")
        assert f"{ISSUE} บรรทัด 2 คอลัมน์ 9" in why and "บรรทัด 2:" in why
        assert "๒" not in why and "๙" not in why


async def test_a_record_never_committed_is_not_offered_for_restore(sample_repo):
    new = "records/measures/03-09.toml"
    (sample_repo / new).write_text('name = "ไม่ปิด\n', encoding="utf-8")
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, new)
        note = app.screen.query_one("#broken-restore-note")
        await wait_until(pilot, lambda: "ยังไม่เคยถูกบันทึกเป็นคอมมิต" in str(note.render()),
                         "the reason")
        assert not app.screen.query_one("#broken-restore").display
        assert app.screen.query_one("#broken-edit").display


async def test_open_in_editor_without_an_editor_says_so_in_thai(sample_repo, monkeypatch):
    monkeypatch.setenv("EDITOR", "/nowhere/no-such-editor")
    monkeypatch.delenv("VISUAL", raising=False)
    (sample_repo / ISSUE).write_text('title = "ไม่ปิด\n', encoding="utf-8")
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, ISSUE)
        await pilot.click("#broken-edit")
        await wait_until(pilot, lambda: any("EDITOR" in n for n, _ in notes), "the refusal")
    refusal = [n for n, kw in notes if kw.get("severity") == "error"]
    assert refusal and "ไม่พบโปรแกรม" in refusal[-1] and "$EDITOR" in refusal[-1]
    assert (sample_repo / ISSUE).read_text(encoding="utf-8") == 'title = "ไม่ปิด\n'


# -- exports --------------------------------------------------------------------------------
def fix_the_errors(repo) -> None:
    """Correct the sample's four errors (two nameless measures, two outcomes), one save each:
    ``itatui check`` finds no error left."""
    from itatui.core.check import check_records
    from itatui.core.records import RecordStore
    from itatui.core.workspace import Workspace

    ws = Workspace(repo)
    fixes = {"records/measures/06-01.toml": {"name": "มาตรการป้องกันการทุจริต"},
             "records/measures/07-01.toml": {"name": "มาตรการป้องกันการทุจริต"},
             "records/measures/03-01.toml": {"outcome": "ดำเนินการครบทุกกิจกรรม"},
             "records/measures/05-01.toml": {"outcome": "ดำเนินการครบทุกกิจกรรม"}}
    for path, values in fixes.items():
        ws.save(ws.store.load(path), values)
    store = RecordStore(repo)
    assert not [p for p in check_records(store.load_all(), store.unknown_files())
                if p.severity == "error"]


async def test_export_goes_outside_the_repository_and_git_status_stays_empty(sample_repo,
                                                                              isolated_env):
    fix_the_errors(sample_repo)
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")                      # no errors: no question
        await wait_until(pilot, lambda: any("เขียนไฟล์แล้ว" in n for n, _ in notes), "the export")
    out = isolated_env / "itatui-exports" / sample_repo.name / "ita-report-2568.md"
    assert out.is_file()
    assert any(str(out) in n for n, _ in notes)               # the path written is shown
    assert git(sample_repo, "status", "--porcelain") == ""
    assert not (sample_repo / "exports").exists()


async def test_export_into_a_folder_inside_the_repository_is_excluded(sample_repo,
                                                                      isolated_env):
    fix_the_errors(sample_repo)
    config = isolated_env / ".config" / "itatui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[export]\nfolder = "out/web"\n', encoding="utf-8")
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await wait_until(pilot, lambda: any("เขียนไฟล์แล้ว" in n for n, _ in notes), "the export")
    assert (sample_repo / "out" / "web" / "ita-report-2568.md").is_file()
    assert "/out/web/" in (sample_repo / ".git" / "info" / "exclude").read_text(encoding="utf-8")
    assert git(sample_repo, "status", "--porcelain") == ""


async def test_export_with_errors_asks_first_and_cancel_is_the_default(sample_repo,
                                                                       isolated_env):
    from itatui.tui.screens.confirm import ConfirmScreen

    folder = isolated_env / "itatui-exports" / sample_repo.name
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        question = shown_text(app, "#confirm-body")
        assert "ข้อผิดพลาด ๔ รายการ" in question and "F3" in question   # as F3 counts them
        assert app.focused.id == "confirm-no"                 # Enter cancels
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert not any(w.group == "export" for w in app.workers)
        assert not folder.exists()
        await pilot.press("f8")                               # and once more: export anyway
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.click("#confirm-yes")
        await wait_until(pilot, lambda: any("เขียนไฟล์แล้ว" in n for n, _ in notes), "the export")
    assert (folder / "ita-report-2568.md").is_file()
    assert git(sample_repo, "status", "--porcelain") == ""


async def test_settings_choose_the_export_folder(sample_repo, isolated_env, tmp_path):
    from itatui.core.config import load_config
    from itatui.tui.screens.settings import SettingsScreen

    fix_the_errors(sample_repo)
    chosen = tmp_path / "เว็บไซต์"
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), "F10")
        hint = shown_text(app, "#set-export-hint")
        assert f"~/itatui-exports/{sample_repo.name}" in hint
        app.screen.query_one("#set-export").value = str(chosen)
        save = app.screen.query_one("#set-save")
        save.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#set-save")
        await wait_until(pilot, lambda: not isinstance(app.screen, SettingsScreen),
                         "saved: " + shown_text(app, "#set-error"))
        assert load_config().export_folder == str(chosen)
        await pilot.press("f9")
        await wait_until(pilot, lambda: any("เขียนไฟล์แล้ว" in n for n, _ in notes), "the export",
                         tries=1200)
    assert (chosen / "ita-report-2568.pdf").read_bytes().startswith(b"%PDF")
    assert git(sample_repo, "status", "--porcelain") == ""


# -- ctrl+w ---------------------------------------------------------------------------------
async def test_ctrl_w_at_the_end_leaves_no_stray_space_to_be_saved(sample_repo):
    import tomllib

    from itatui.tui import thai_text

    measure = "records/measures/02-01.toml"
    app, _ = make_app(sample_repo)
    app.thai_wrap = thai_text.install_thai_wrap()         # ctrl+w by Thai word, as in use
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: thai_text.word_left("ผลดี มาก", 8) is not None,
                         "the Thai words", tries=600)
        await open_record(app, pilot, measure)
        box = app.form.box("outcome")
        box.focus_editor()
        await pilot.pause()
        editor = box.editor
        editor.text = "ดำเนินการครบทุกกิจกรรม แล้ว"
        editor.move_cursor(editor.document.end)
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert editor.text == "ดำเนินการครบทุกกิจกรรม"
        editor.text = "ผลดี มาก ขึ้น"                     # in the middle: only the word goes
        editor.move_cursor((0, 9))
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert editor.text == "ผลดี ขึ้น"
        editor.text = "ดำเนินการครบทุกกิจกรรม แล้ว"
        editor.move_cursor(editor.document.end)
        await pilot.press("ctrl+w")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not app.pending, "the save")
    saved = tomllib.loads((sample_repo / measure).read_text(encoding="utf-8"))["outcome"]
    assert saved == "ดำเนินการครบทุกกิจกรรม"


async def test_a_single_line_field_is_saved_without_its_trailing_space(sample_repo):
    import tomllib

    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, "records/memo.toml")
        box = app.form.box("to")                     # เรียน: one line
        box.editor.value = "นายกเทศมนตรีตำบลบ้านเรือน  "
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not app.pending, "the save")
        assert app.form.box("to").text == "นายกเทศมนตรีตำบลบ้านเรือน"
    saved = tomllib.loads((sample_repo / "records/memo.toml").read_text(encoding="utf-8"))
    assert saved["to"] == "นายกเทศมนตรีตำบลบ้านเรือน"
