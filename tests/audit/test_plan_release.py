"""The plan's own approval chain (records/plan/signers.toml), its releases and ``verify``, on
real repositories approved by several officers: an approval of the plan (``Document: plan``)
never counts for the report, nor one of the report for the plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import (EMWARA, PREENAPA, ROLES, SOMCHAI, approve_chain, git, itatui,
                     make_repo_with, ok, officer_workspace)

from itatui.core.audit.approvals import approve, latest_approved, list_approvals, state_of
from itatui.core.audit.asof import report_at
from itatui.core.audit.releases import ledger_entries, list_releases, trailers
from itatui.core.errors import ItatuiError, NothingToSave
from itatui.core.history import History
from itatui.publishing import pdfstamp
from itatui.publishing.publish import publish
from itatui.publishing.verify import EDITED, REWRITTEN, history_check, verify_pdf

ws_as = officer_workspace
PLAN_ITEM = "O25"

PLAN_TOML = '''# มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน (ITA ข้อ O25)
title = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"
objective = "เพื่อนำผลการประเมิน ITA ไปสู่การปฏิบัติของเทศบาลตำบลบ้านเรือน"
ita_item = "O25"
analysis = "ผลการประเมินปีที่ผ่านมา ตัวชี้วัดที่ต่ำกว่า ๘๕ คะแนนได้รับมาตรการตามตารางนี้"
columns = [
    "วิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ",
    "ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง",
    "มาตรการ/กิจกรรม",
    "ระยะเวลาดำเนินการ",
    "ตัวชี้วัดเป้าหมาย",
    "งบประมาณ",
]
'''

PLAN_MEMO_TOML = '''# บันทึกข้อความเสนอแผน
department = "สำนักปลัดเทศบาล เทศบาลตำบลบ้านเรือน"
reference = "ลพ ๕๖๐๐๑/๑๐๑"
date = "๑๕ ตุลาคม พ.ศ. ๒๕๖๗"
subject = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ปีงบประมาณ พ.ศ. ๒๕๖๘"
to = "นายกเทศมนตรีตำบลบ้านเรือน"
background = "สำนักงาน ป.ป.ช. กำหนดให้หน่วยงานจัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
facts = "ข้อ O25 ของการประเมินปี พ.ศ. ๒๕๖๘ ให้เผยแพร่มาตรการของปีงบประมาณ พ.ศ. ๒๕๖๘"
considerations = ["เห็นควรให้ความเห็นชอบมาตรการและเผยแพร่ทางเว็บไซต์ของเทศบาล"]
closing = "จึงเรียนมาเพื่อโปรดพิจารณา"
'''


def _plan_signers() -> str:
    """The plan's chain: the report's three roles (the same officers approve both)."""
    text = "# ผู้จัดทำและผู้ให้ความเห็นท้ายบันทึกเสนอแผน\n[drafter]\n" \
           f'name = "{EMWARA[0]}"\nposition = "นิติกรชำนาญการ"\n'
    names = (PREENAPA[0], SOMCHAI[0], SOMCHAI[0])
    for role, name in zip(ROLES, names):
        text += f'\n[[approvals]]\nrole = "{role}"\nname = "{name}"\nposition = "{role}"\n'
    return text


def add_plan(root: Path) -> Path:
    """records/plan/ (plan, memo, the plan's chain), committed by the drafter."""
    folder = root / "records" / "plan"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plan.toml").write_text(PLAN_TOML, encoding="utf-8")
    (folder / "memo.toml").write_text(PLAN_MEMO_TOML, encoding="utf-8")
    (folder / "signers.toml").write_text(_plan_signers(), encoding="utf-8")
    git(root, "add", "records/plan")
    git(root, "-c", f"user.name={EMWARA[0]}", "-c", f"user.email={EMWARA[1]}", "commit", "-q",
        "-m", "เพิ่มแผน")
    return root


def approve_plan_chain(root: Path) -> None:
    """The whole plan chain approves HEAD's plan (as :func:`approve_chain` the report's)."""
    approve(ws_as(root, PREENAPA), document="plan")
    approve(ws_as(root, SOMCHAI), ROLES[1], document="plan")
    approve(ws_as(root, SOMCHAI), ROLES[2], "เห็นชอบแผน", document="plan")


@pytest.fixture
def repo(tmp_path):
    return add_plan(make_repo_with(tmp_path / "repo"))


@pytest.fixture
def plan_released(repo, tmp_path):
    approve_plan_chain(repo)
    rel = publish(ws_as(repo, SOMCHAI), tmp_path / "plan.pdf", document="plan")
    return repo, rel


def codes(problems):
    return sorted({p.code for p in problems})


# -- the plan's chain is its own ---------------------------------------------------------------
def test_a_plan_approval_is_the_plans_and_does_not_make_the_report_publishable(repo, tmp_path):
    approve_plan_chain(repo)
    hist = History.open(repo)
    plan_aps = list_approvals(hist, document="plan")
    assert [(a.role, a.document) for a in plan_aps] == [(r, "plan") for r in reversed(ROLES)]
    assert list_approvals(hist) == []                       # the report has none
    assert {a.document for a in list_approvals(hist, document=None)} == {"plan"}
    msg = git(repo, "log", "-1", "--format=%B")
    assert msg.startswith(f"อนุมัติแผน ในฐานะ{ROLES[2]}")
    assert trailers(msg)["Document"] == ["plan"] and trailers(msg)["Role"] == [ROLES[2]]
    assert state_of(hist, document="plan").complete
    report_state = state_of(hist)
    assert not report_state.complete and report_state.approvals == []
    assert report_state.missing == list(ROLES)
    assert latest_approved(hist) is None and latest_approved(hist, document="plan") is not None
    with pytest.raises(ItatuiError, match="ยังไม่มีรายงานฉบับที่อนุมัติครบ"):
        publish(ws_as(repo, SOMCHAI), tmp_path / "report.pdf")
    assert not (tmp_path / "report.pdf").exists() and list_releases(hist) == []
    # the report's approval by the same officer in the same role is a new one, not a repeat
    approve(ws_as(repo, PREENAPA))
    with pytest.raises(NothingToSave):
        approve(ws_as(repo, PREENAPA), document="plan")
    # the plan's memo shows the plan's approvals; the report's memo none of them
    rep = report_at(hist, "HEAD")
    assert [s.approved_on is not None for s in rep.plan.memo.approvals] == [True] * 3
    assert [s.approved_on is not None for s in rep.memo.approvals] == [True, False, False]


def test_a_report_approval_does_not_count_for_the_plan(repo, tmp_path):
    approve_chain(repo)
    hist = History.open(repo)
    assert state_of(hist).complete
    assert list_approvals(hist, document="plan") == []
    plan_state = state_of(hist, document="plan")
    assert not plan_state.complete and plan_state.missing == list(ROLES)
    assert latest_approved(hist, document="plan") is None
    with pytest.raises(ItatuiError, match="ยังไม่มีแผนฉบับที่อนุมัติครบ"):
        publish(ws_as(repo, SOMCHAI), tmp_path / "plan.pdf", document="plan")
    assert list_releases(hist) == []
    rep = report_at(hist, "HEAD")
    assert all(s.approved_on is None for s in rep.plan.memo.approvals)


def test_the_plan_cannot_be_approved_without_its_records(tmp_path):
    repo = make_repo_with(tmp_path / "repo")
    with pytest.raises(ItatuiError, match="records/plan/signers.toml"):
        approve(ws_as(repo, PREENAPA), document="plan")
    out = itatui("approve", "--repo", str(repo), "--document", "plan", officer=PREENAPA)
    assert out.returncode == 2 and "new-year" in out.stderr and "Traceback" not in out.stderr


def test_an_approval_naming_an_unknown_document_counts_for_neither(repo):
    hist = History.open(repo)
    head = hist.head()
    tree = git(repo, "rev-parse", "HEAD:records").strip()
    git(repo, "-c", f"user.name={PREENAPA[0]}", "-c", f"user.email={PREENAPA[1]}", "commit",
        "-q", "--allow-empty", "-m", f"อนุมัติ ในฐานะ{ROLES[0]}\n\nItatui-Action: approve\n"
        f"Approves: {head}\nApproves-Tree: {tree}\nRole: {ROLES[0]}\nDocument: memo")
    assert list_approvals(hist) == [] and list_approvals(hist, document="plan") == []
    assert [a.document for a in list_approvals(hist, document=None)] == ["memo"]
    assert state_of(hist).approvals == [] and state_of(hist, document="plan").approvals == []
    probs = history_check(hist)
    assert codes(probs) == ["approval-invalid"] and probs[0].severity == "warning"
    assert "memo" in probs[0].message


# -- released, verified ------------------------------------------------------------------------
def test_the_plan_is_released_as_o25_and_its_pdf_verifies(plan_released):
    repo, rel = plan_released
    hist = History.open(repo)
    assert rel.name == "ita-2568-o25-v1" and rel.document == "plan"
    assert rel.as_dict()["document"] == "plan"
    tag = git(repo, "cat-file", "tag", rel.name)
    assert "เผยแพร่แผน ita-2568-o25-v1" in tag and trailers(tag)["Document"] == ["plan"]
    assert ledger_entries(hist)[0]["document"] == "plan"
    assert trailers(git(repo, "log", "-1", "--format=%B"))["Document"] == ["plan"]
    data = rel.pdf.read_bytes()
    assert pdfstamp.read_provenance(data, with_text=False).document == "plan"
    assert rel.pdf_sha256 == pdfstamp.sha256(data)
    v = verify_pdf(hist, rel.pdf)
    assert v.ok and v.method == "release" and v.document == "plan" and v.tag == rel.name, v
    # the PDF is the plan, rendered with the plan's approvals in its memo
    text = "".join(pdfstamp.read_provenance(data).text)
    assert "เห็นชอบแผน" in text
    # the report's chain is untouched: nothing approved, nothing to publish
    assert list_approvals(hist) == [] and not state_of(hist).complete
    assert history_check(hist) == []


def test_the_plan_and_the_report_of_the_same_content_are_two_releases(plan_released, tmp_path):
    """Both chains approve the same records: publishing the plan does not make the report
    "published already", and each release verifies as its own document."""
    repo, plan = plan_released
    with pytest.raises(NothingToSave, match="แผนฉบับที่อนุมัตินี้เผยแพร่แล้วเป็น ita-2568-o25-v1"):
        publish(ws_as(repo, SOMCHAI), tmp_path / "again.pdf", document="plan")
    approve_chain(repo)
    report = publish(ws_as(repo, SOMCHAI), tmp_path / "report.pdf")
    assert report.name == "ita-2569-o26-v1" and report.document == "report"
    assert trailers(git(repo, "cat-file", "tag", report.name))["Document"] == ["report"]
    assert pdfstamp.read_provenance(report.pdf.read_bytes(), with_text=False).document == ""
    hist = History.open(repo)
    assert {r.name: r.document for r in list_releases(hist)} == {
        "ita-2568-o25-v1": "plan", "ita-2569-o26-v1": "report"}
    for rel, document in ((plan, "plan"), (report, "report")):
        v = verify_pdf(hist, rel.pdf)
        assert v.ok and v.document == document and v.tag == rel.name, v
    assert history_check(hist) == []


def test_an_edited_plan_pdf_is_refused(plan_released, tmp_path):
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    repo, rel = plan_released
    edited = tmp_path / "edited.pdf"
    w = PdfWriter(clone_from=PdfReader(rel.pdf))
    w._info.get_object()[NameObject("/Title")] = TextStringObject("แผนที่แก้แล้ว")
    with open(edited, "wb") as fh:
        w.write(fh)
    v = verify_pdf(History.open(repo), edited)
    assert not v.ok and v.code == EDITED and rel.name in v.reason
    out = itatui("verify", "--repo", str(repo), str(edited))
    assert out.returncode == 1 and out.stdout.startswith("ไม่ตรง: ")


def test_a_plan_pdf_of_a_commit_is_rerendered_as_the_plan(repo, tmp_path):
    """Not a release: verify reads /ItatuiDocument and renders the plan again (a render of the
    report would never match), from the commit the file names."""
    from itatui.publishing.export import pdf_at

    approve_plan_chain(repo)
    hist = History.open(repo)
    pdf = pdf_at(hist, "HEAD", tmp_path / "draft-plan.pdf", document="plan")
    assert pdfstamp.read_provenance(pdf.read_bytes(), with_text=False).document == "plan"
    v = verify_pdf(hist, pdf)
    assert v.ok and v.method == "bytes" and v.document == "plan", v
    out = ok(itatui("verify", "--repo", str(repo), str(pdf)))
    assert out.startswith("ตรง: ") and "เอกสาร: แผน" in out
    # the report's PDF carries no document key and still verifies as the report
    report_pdf = pdf_at(hist, "HEAD", tmp_path / "report.pdf")
    assert pdfstamp.read_provenance(report_pdf.read_bytes(), with_text=False).document == ""
    v = verify_pdf(hist, report_pdf)
    assert v.ok and v.document == "report"
    # and the auditor is told so, as for the plan
    out = ok(itatui("verify", "--repo", str(repo), str(report_pdf)))
    assert "เอกสาร: รายงานผล" in out and "เอกสาร: แผน" not in out


def test_verify_history_covers_plan_releases(plan_released):
    repo, rel = plan_released
    body = git(repo, "cat-file", "tag", rel.name).split("\n\n", 1)[1]
    git(repo, "-c", "user.name=x", "-c", "user.email=x@x", "tag", "-f", "-a", "-m", body,
        rel.name, rel.commit)                            # re-created on the same commit
    probs = history_check(History.open(repo))
    assert codes(probs) == ["release-moved"] and probs[0].ref == rel.name
    v = verify_pdf(History.open(repo), rel.pdf)
    assert not v.ok and v.code == REWRITTEN


def test_a_reset_that_dropped_the_plans_approvals_fails_its_release(plan_released):
    repo, rel = plan_released
    git(repo, "reset", "-q", "--hard", "HEAD~4")        # the entry and the plan's approvals
    History.close_all()
    out = itatui("verify", "--repo", str(repo), str(rel.pdf))
    assert out.returncode == 1, out.stdout
    assert "การอนุมัติ 3 รายการ" in out.stdout and "release-entry-removed" in out.stdout
    out = itatui("verify", "--repo", str(repo), "--history")
    assert out.returncode == 1 and rel.name in out.stdout


# -- the command line --------------------------------------------------------------------------
def test_cli_approves_and_publishes_the_plan_while_the_report_has_no_results(repo, tmp_path):
    """After new-year the report's results are empty: the report's errors refuse approving
    the report, never the plan."""
    m = repo / "records" / "measures" / "02-01.toml"
    text = m.read_text(encoding="utf-8")
    head, _, rest = text.partition("results = [")
    rest = rest.split("]", 1)[1]
    text = head + "results = []" + rest
    start = text.index('outcome = """')
    end = text.index('"""', start + len('outcome = """')) + 3
    m.write_text(text[:start] + 'outcome = ""' + text[end:], encoding="utf-8")
    for nameless in ("06-01", "07-01"):                 # the sample leaves these two unnamed
        f = repo / "records" / "measures" / f"{nameless}.toml"
        f.write_text(f.read_text(encoding="utf-8").replace('name = ""', 'name = "มาตรการ"', 1),
                     encoding="utf-8")
    git(repo, "-c", f"user.name={EMWARA[0]}", "-c", f"user.email={EMWARA[1]}", "commit",
        "-qam", "ปีใหม่: ยังไม่มีผล")
    refused = itatui("approve", "--repo", str(repo), officer=PREENAPA)
    assert refused.returncode == 2 and "itatui check" in refused.stderr
    assert "02-01.toml [results]" in refused.stderr and "06-01" not in refused.stderr
    ok(itatui("approve", "--repo", str(repo), "--document", "plan", officer=PREENAPA))
    status = json.loads(ok(itatui("approve", "--repo", str(repo), "--status", "--document",
                                  "plan", "--format", "json")))
    assert status["document"] == "plan" and [a["role"] for a in status["approvals"]] == \
        [ROLES[0]] and status["missing"] == list(ROLES[1:])
    text_status = ok(itatui("approve", "--repo", str(repo), "--status", "--document", "plan"))
    assert "records/plan/signers.toml" in text_status and "ยังขาด 2 บทบาท" in text_status
    report_status = json.loads(ok(itatui("approve", "--repo", str(repo), "--status",
                                         "--format", "json")))
    assert report_status["approvals"] == [] and report_status["document"] == "report"
    for role in ROLES[1:]:
        ok(itatui("approve", "--repo", str(repo), "--document", "plan", "--role", role,
                  officer=SOMCHAI))
    log = ok(itatui("log", "--repo", str(repo)))
    assert f"อนุมัติแผน ในฐานะ{ROLES[0]}" in log
    out = tmp_path / "o25.pdf"
    published = json.loads(ok(itatui("publish", "--repo", str(repo), "--document", "plan",
                                      "-o", str(out), "--format", "json", officer=SOMCHAI)))
    assert published["name"] == "ita-2568-o25-v1" and published["document"] == "plan"
    refused = itatui("publish", "--repo", str(repo), officer=SOMCHAI)   # the report: no
    assert refused.returncode == 2 and "ยังไม่มีรายงานฉบับที่อนุมัติครบ" in refused.stderr
    listing = ok(itatui("publish", "--repo", str(repo), "--list"))
    assert "ita-2568-o25-v1  แผน" in listing
    verified = ok(itatui("verify", "--repo", str(repo), str(out)))
    assert verified.startswith("ตรง: ") and "เอกสาร: แผน" in verified


async def test_the_audit_app_lists_the_plans_approvals_as_the_plans(plan_released):
    from itatui.tui.audit.app import AuditApp

    repo, rel = plan_released
    approve(ws_as(repo, PREENAPA))                      # and one of the report
    app = AuditApp(repo)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        aps = app.query_one("#approvals")
        roles = [aps.get_row(a.commit)[3].plain
                 for a in list_approvals(History.open(repo), document=None)]
        assert roles == [ROLES[0]] + [f"แผน: {r}" for r in reversed(ROLES)]
        assert app.query_one("#releases").get_row(rel.name)[0].plain == rel.name
        assert "ครบถ้วน" in str(app.query_one("#history-check").render())
