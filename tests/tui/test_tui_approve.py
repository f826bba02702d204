"""Approving from the editor (issue 17): the palette's "อนุมัติรายงาน" and "อนุมัติแผน" do what
``itatui approve [--document plan]`` does, with Pilot on real repositories (the sample with its
officers list): one empty commit in the approver's name with the approval trailers; the errors
of ``check`` asked about first (cancel focused); refusals in Thai that write nothing and lose no
unsaved edit; served as ``officer`` (ITATUI_SERVE_ROLE) refused, as ``head`` allowed."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input, Select, Static

from helpers import (EMWARA, PREENAPA, ROLES, SOMCHAI, commit_count, git, make_app,
                     make_repo_with, officer_workspace, open_record, wait_until)
from test_tui_plan import choose, write_plan
from itatui.core.audit.approvals import list_approvals, state_of
from itatui.core.history import History
from itatui.tui.screens.approve import ApproveScreen
from itatui.tui.screens.confirm import ConfirmScreen
from itatui.tui.screens.recover import RecoverScreen

SIZE = (100, 40)
#: the four errors ``check`` finds in the sample, put right
#: (as in tests/audit/test_audit_approve_errors.py)
FIXES = (("records/measures/06-01.toml", "name", "ส่งเสริมการเปิดเผยข้อมูล"),
         ("records/measures/07-01.toml", "name", "ส่งเสริมการป้องกันการทุจริต"),
         ("records/measures/03-01.toml", "outcome", "คะแนนเพิ่มขึ้น"),
         ("records/measures/05-01.toml", "outcome", "ดำเนินการครบถ้วน"))
MEASURE = "records/measures/02-01.toml"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """The sample with its officers list, the errors of ``check`` put right; not served."""
    monkeypatch.delenv("ITATUI_SERVE_ROLE", raising=False)
    root = make_repo_with(tmp_path / "repo")
    ws = officer_workspace(root, EMWARA)
    for path, key, value in FIXES:
        ws.set_field(path, key, value)
    return root


def trailers(root, rev: str = "HEAD") -> dict[str, str]:
    out = git(root, "log", "-1", "--format=%(trailers:only,unfold)", rev)
    return dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)


async def open_dialog(app, pilot, title: str) -> ApproveScreen:
    await choose(app, pilot, title, title)
    await wait_until(pilot, lambda: isinstance(app.screen, ApproveScreen), "the approve dialog")
    await pilot.pause()
    return app.screen


def error_notes(notes) -> list[str]:
    return [m for m, kw in notes if kw.get("severity") in ("error", "warning")]


async def test_approve_from_the_palette_makes_one_approval_commit(repo):
    head = git(repo, "rev-parse", "HEAD").strip()
    before = commit_count(repo)
    app, notes = make_app(repo, workspace=officer_workspace(repo, PREENAPA))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        dialog = await open_dialog(app, pilot, "อนุมัติรายงาน")
        # the dialog: who, as what (one role: no choice), what is approved, the chain so far
        assert PREENAPA[0] in str(dialog.query_one("#approve-officer", Static).content)
        assert ROLES[0] in str(dialog.query_one("#approve-role-text", Static).content)
        assert not dialog.query(Select)
        assert head[:12] in str(dialog.query_one("#approve-version", Static).content)
        chain = str(dialog.query_one("#approve-chain", Static).content)
        assert all(f"· {role}: ยังไม่อนุมัติ" in chain for role in ROLES), chain
        assert app.focused is dialog.query_one("#approve-comment", Input)
        await pilot.press(*"ทราบ")          # Pilot drops Thai marks typed: the rest as a paste
        dialog.query_one("#approve-comment", Input).insert_text_at_cursor(" เห็นชอบ ดำเนินการต่อไป")
        await pilot.press("enter")                   # Enter goes to the button, not past it
        assert app.focused is dialog.query_one("#approve-ok", Button)
        assert commit_count(repo) == before
        await pilot.press("enter")
        await wait_until(pilot, lambda: commit_count(repo) == before + 1, "the approval")
        await wait_until(pilot, lambda: any(kw.get("title") == "อนุมัติรายงานแล้ว"
                                            for _m, kw in notes), "the toast")
    toast = next(m for m, kw in notes if kw.get("title") == "อนุมัติรายงานแล้ว")
    assert f"{PREENAPA[0]} อนุมัติรายงานในฐานะ{ROLES[0]}" in toast
    assert "ยังขาด" in toast and ROLES[1] in toast
    assert commit_count(repo) == before + 1
    # an empty commit by the officer, with the trailers of `itatui approve`
    assert git(repo, "rev-parse", "HEAD^{tree}").strip() == \
        git(repo, "rev-parse", "HEAD~1^{tree}").strip()
    assert git(repo, "log", "-1", "--format=%an|%ae").strip() == "|".join(PREENAPA)
    t = trailers(repo)
    assert t["Itatui-Action"] == "approve" and t["Approves"] == head
    assert t["Role"] == ROLES[0] and "Document" not in t
    assert t["Approves-Tree"] == git(repo, "rev-parse", f"{head}:records").strip()
    assert "ความเห็น: ทราบ เห็นชอบ ดำเนินการต่อไป" in git(repo, "log", "-1", "--format=%b")
    # the core counts it, as `itatui approve --status` does
    st = state_of(History.open(repo), "HEAD")
    assert [a.role for a in st.approvals] == [ROLES[0]]
    assert st.approvals[0].comment == "ทราบ เห็นชอบ ดำเนินการต่อไป"


async def test_several_roles_are_chosen_and_the_dialog_shows_the_chain(repo):
    """Somchai holds ปลัด (officers.toml) and acts for the mayor (signers.toml): he chooses;
    the chain shows Preenapa's approval; approving again in the same role is refused."""
    from itatui.core.audit.approvals import approve

    approve(officer_workspace(repo, PREENAPA))
    app, notes = make_app(repo, workspace=officer_workspace(repo, SOMCHAI))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        dialog = await open_dialog(app, pilot, "อนุมัติรายงาน")
        select = dialog.query_one("#approve-role", Select)
        assert [str(o[0]) for o in select._options] == [ROLES[1], ROLES[2]]
        chain = str(dialog.query_one("#approve-chain", Static).content)
        assert f"✓ {ROLES[0]}: {PREENAPA[0]}" in chain and f"· {ROLES[2]}" in chain
        select.value = ROLES[2]
        before = commit_count(repo)
        await pilot.click("#approve-ok")
        await wait_until(pilot, lambda: commit_count(repo) == before + 1, "the approval")
        assert trailers(repo)["Role"] == ROLES[2]
        # the dialog offers only the role left; once both are done, it is refused in Thai
        dialog = await open_dialog(app, pilot, "อนุมัติรายงาน")
        assert ROLES[1] in str(dialog.query_one("#approve-role-text", Static).content)
        chain = str(dialog.query_one("#approve-chain", Static).content)
        assert f"✓ {ROLES[2]}: {SOMCHAI[0]}" in chain          # the approval just made shows
        await pilot.click("#approve-ok")
        await wait_until(pilot, lambda: commit_count(repo) == before + 2, "the second")
        await choose(app, pilot, "อนุมัติรายงาน", "อนุมัติรายงาน")
        await wait_until(pilot, lambda: any("ไว้แล้ว" in m for m in error_notes(notes)),
                         "the refusal")
        assert not isinstance(app.screen, ApproveScreen)
    assert commit_count(repo) == before + 2
    assert state_of(History.open(repo), "HEAD").complete
    toast = [m for m, kw in notes if kw.get("title") == "อนุมัติรายงานแล้ว"][-1]
    assert "อนุมัติครบทุกบทบาทแล้ว" in toast


async def test_open_errors_ask_first_with_cancel_focused(tmp_path, monkeypatch):
    """The sample as imported has four errors of ``check``: the officer is asked, "ยกเลิก"
    focused; cancelling writes nothing, the danger button approves."""
    monkeypatch.delenv("ITATUI_SERVE_ROLE", raising=False)
    repo = make_repo_with(tmp_path / "repo")
    before = commit_count(repo)
    app, notes = make_app(repo, workspace=officer_workspace(repo, PREENAPA))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        dialog = await open_dialog(app, pilot, "อนุมัติรายงาน")
        assert "ข้อผิดพลาดจาก itatui check ๔ รายการ" in \
            str(dialog.query_one("#approve-note", Static).content)
        await pilot.click("#approve-ok")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        question = str(app.screen.query_one("#confirm-body", Static).content)
        assert "๔ รายการ" in question and "records/measures/06-01.toml" in question
        assert app.focused is app.screen.query_one("#confirm-no", Button)
        await pilot.press("enter")                        # the default: cancel
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen), "closed")
        assert commit_count(repo) == before
        await open_dialog(app, pilot, "อนุมัติรายงาน")
        await pilot.click("#approve-ok")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.click("#confirm-yes")
        await wait_until(pilot, lambda: commit_count(repo) == before + 1, "the approval")
    assert trailers(repo)["Role"] == ROLES[0]


async def test_refused_with_unsaved_edits_and_nothing_is_lost(repo):
    before = commit_count(repo)
    app, notes = make_app(repo, workspace=officer_workspace(repo, PREENAPA))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_record(app, pilot, MEASURE)
        editor = app.form.box("period").editor
        editor.focus()
        editor.value = "ตลอดปีงบประมาณ พ.ศ. ๒๕๖๘ (แก้ไข)"
        await pilot.pause()
        await choose(app, pilot, "อนุมัติรายงาน", "อนุมัติรายงาน")
        await wait_until(pilot, lambda: error_notes(notes), "the refusal")
        assert "ยังไม่ได้บันทึก" in error_notes(notes)[-1]
        assert not isinstance(app.screen, ApproveScreen)
        # the edit is still there, unsaved, and saving it works
        assert app.pending[MEASURE]["period"] == "ตลอดปีงบประมาณ พ.ศ. ๒๕๖๘ (แก้ไข)"
        assert app.form.box("period").editor.value == "ตลอดปีงบประมาณ พ.ศ. ๒๕๖๘ (แก้ไข)"
        assert commit_count(repo) == before
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: commit_count(repo) == before + 1, "the save")
    assert "(แก้ไข)" in (repo / MEASURE).read_text(encoding="utf-8")
    assert list_approvals(History.open(repo)) == []


async def test_refused_for_a_record_file_changed_outside_and_for_an_unlisted_officer(
        repo, tmp_path):
    from helpers import OUTSIDER

    before = commit_count(repo)
    app, notes = make_app(repo, workspace=officer_workspace(repo, OUTSIDER))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await choose(app, pilot, "อนุมัติรายงาน", "อนุมัติรายงาน")
        await wait_until(pilot, lambda: error_notes(notes), "the refusal")
        assert "ไม่อยู่ในรายชื่อเจ้าหน้าที่" in error_notes(notes)[-1]
    agency = repo / "records/agency.toml"
    agency.write_text(agency.read_text(encoding="utf-8") + "\n# แก้ด้วยมือ\n", encoding="utf-8")
    app, notes = make_app(repo, workspace=officer_workspace(repo, PREENAPA))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RecoverScreen), "the recovery")
        await pilot.press("escape")                       # later: the file stays uncommitted
        await wait_until(pilot, lambda: not isinstance(app.screen, RecoverScreen), "closed")
        await choose(app, pilot, "อนุมัติรายงาน", "อนุมัติรายงาน")
        await wait_until(pilot, lambda: any("records/agency.toml" in m
                                            for m in error_notes(notes)), "the refusal")
    assert commit_count(repo) == before


async def test_a_version_saved_while_the_dialog_is_open_is_not_approved(repo):
    """Another officer saves while the dialog shows HEAD: only what was shown is approved."""
    shown = git(repo, "rev-parse", "HEAD").strip()
    app, notes = make_app(repo, workspace=officer_workspace(repo, PREENAPA))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_dialog(app, pilot, "อนุมัติรายงาน")
        officer_workspace(repo, EMWARA).set_field(MEASURE, "period", "ตลอดปีงบประมาณ")
        before = commit_count(repo)
        await pilot.click("#approve-ok")
        await wait_until(pilot, lambda: error_notes(notes), "the refusal")
        assert "ระหว่างที่เปิดหน้าต่างอนุมัติ" in error_notes(notes)[-1]
    assert commit_count(repo) == before
    assert git(repo, "rev-parse", "HEAD~1").strip() == shown
    assert list_approvals(History.open(repo)) == []


async def test_approve_the_plan_carries_document_plan(repo):
    write_plan(repo)
    before = commit_count(repo)
    app, notes = make_app(repo, workspace=officer_workspace(repo, PREENAPA))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        dialog = await open_dialog(app, pilot, "อนุมัติแผน")
        assert "แผน" in str(dialog.query_one(Static).content)
        await pilot.click("#approve-ok")
        await wait_until(pilot, lambda: commit_count(repo) == before + 1
                         or isinstance(app.screen, ConfirmScreen), "the approval")
        if isinstance(app.screen, ConfirmScreen):           # the plan's own check
            await pilot.click("#confirm-yes")
            await wait_until(pilot, lambda: commit_count(repo) == before + 1, "the approval")
    t = trailers(repo)
    assert t["Itatui-Action"] == "approve" and t["Document"] == "plan"
    assert git(repo, "log", "-1", "--format=%s").startswith("อนุมัติแผน ในฐานะ")
    hist = History.open(repo)
    assert [a.role for a in state_of(hist, "HEAD", document="plan").approvals] == [ROLES[0]]
    assert state_of(hist, "HEAD").approvals == []            # never counts for the report


async def test_the_plan_without_its_records_is_refused_in_thai(repo):
    before = commit_count(repo)
    app, notes = make_app(repo, workspace=officer_workspace(repo, PREENAPA))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await choose(app, pilot, "อนุมัติแผน", "อนุมัติแผน")
        await wait_until(pilot, lambda: error_notes(notes), "the refusal")
        assert "records/plan/" in error_notes(notes)[-1]
    assert commit_count(repo) == before


# -- served: ITATUI_SERVE_ROLE -------------------------------------------------------------
async def test_served_as_officer_approving_is_refused(repo, monkeypatch):
    monkeypatch.setenv("ITATUI_SERVE_ROLE", "officer")
    monkeypatch.setenv("ITATUI_OFFICER_NAME", PREENAPA[0])
    monkeypatch.setenv("ITATUI_OFFICER_EMAIL", PREENAPA[1])
    before = commit_count(repo)
    app, notes = make_app(repo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        for title in ("อนุมัติรายงาน", "อนุมัติแผน"):
            notes.clear()
            await choose(app, pilot, title, title)
            await wait_until(pilot, lambda: error_notes(notes), "the refusal")
            assert "เฉพาะหัวหน้าสำนักงาน" in error_notes(notes)[-1]
            assert "บทบาทเจ้าหน้าที่" in error_notes(notes)[-1]
            assert not isinstance(app.screen, ApproveScreen)
    assert commit_count(repo) == before


async def test_served_as_head_approving_goes_ahead(repo, monkeypatch):
    """The head of office approves through the server; the officers list still decides the
    role, and the commit names the officer the server logged in (ITATUI_OFFICER_*)."""
    monkeypatch.setenv("ITATUI_SERVE_ROLE", "head")
    monkeypatch.setenv("ITATUI_OFFICER_NAME", PREENAPA[0])
    monkeypatch.setenv("ITATUI_OFFICER_EMAIL", PREENAPA[1])
    before = commit_count(repo)
    app, notes = make_app(repo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_dialog(app, pilot, "อนุมัติรายงาน")
        await pilot.click("#approve-ok")
        await wait_until(pilot, lambda: commit_count(repo) == before + 1, "the approval")
    assert git(repo, "log", "-1", "--format=%an|%ae").strip() == "|".join(PREENAPA)
    assert trailers(repo)["Role"] == ROLES[0]


async def test_served_as_head_the_core_checks_still_apply(repo, monkeypatch):
    """A head of office on the server who is not in records/officers.toml is refused."""
    monkeypatch.setenv("ITATUI_SERVE_ROLE", "head")
    monkeypatch.setenv("ITATUI_OFFICER_NAME", "นายหัวหน้า ไม่อยู่ในรายชื่อ")
    monkeypatch.setenv("ITATUI_OFFICER_EMAIL", "head@example.invalid")
    before = commit_count(repo)
    app, notes = make_app(repo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await choose(app, pilot, "อนุมัติรายงาน", "อนุมัติรายงาน")
        await wait_until(pilot, lambda: error_notes(notes), "the refusal")
        assert "ไม่อยู่ในรายชื่อเจ้าหน้าที่" in error_notes(notes)[-1]
    assert commit_count(repo) == before


def test_the_served_role_is_read_from_the_environment(monkeypatch):
    from itatui.tui.served import approve_refusal, served_role

    monkeypatch.delenv("ITATUI_SERVE_ROLE", raising=False)
    assert served_role() is None and approve_refusal() == ""
    monkeypatch.setenv("ITATUI_SERVE_ROLE", "head")
    assert served_role() == "head" and approve_refusal() == ""
    for role in ("officer", "auditor", "", "HEAD"):
        monkeypatch.setenv("ITATUI_SERVE_ROLE", role)
        assert "เฉพาะหัวหน้าสำนักงาน" in approve_refusal(), role


@pytest.mark.parametrize("query", ["อนุมัติ", "approve", "ลงนาม", "sign"])
async def test_the_palette_finds_both_approve_commands(repo, query):
    from textual.command import CommandList, CommandPalette

    app, _ = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        app.screen.query_one(Input).value = query
        options = app.screen.query_one(CommandList)

        def found() -> bool:
            prompts = [str(options.get_option_at_index(i).prompt)
                       for i in range(options.option_count)]
            return all(any(p.startswith(title) for p in prompts)
                       for title in ("อนุมัติรายงาน", "อนุมัติแผน"))

        await wait_until(pilot, found, f"both commands for {query}")


async def test_the_help_lists_the_approve_commands(repo):
    from itatui.tui.palette import help_actions

    app, _ = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        actions = {title: words for title, _what, words in help_actions(app)}
    assert "approve" in actions["อนุมัติรายงาน"] and "ลงนาม" in actions["อนุมัติรายงาน"]
    assert "plan" in actions["อนุมัติแผน"]
