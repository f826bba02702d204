"""The whole ITA year as the officers run it, through the real CLI on a real repository with
ssh-signed commits and tags: the sample's report of fiscal year 2568 approved and published
(ITA round 2569, item O26); ``itatui new-year`` to 2569; the plan of 2569 filled, checked,
approved by its own chain and published (ITA round 2569, item O25); results, outcomes and the
scores of 2569 written and the report of 2569 published (ITA round 2570); then the three PDFs
verify, both years are listed, the 2568 release renders byte for byte as it was published, and
a measure's log and blame reach back across the change of year."""

from __future__ import annotations

import json

import pypdf

from helpers import (EMWARA, PREENAPA, ROLES, SOMCHAI, git, itatui, make_repo_with, ok,
                     sign_with, ssh_keys)

from itatui.core.thai import to_thai_digits as th

SCORES_2569 = {1: 98.50, 2: 99.00, 3: 97.25, 4: 96.40, 5: 95.80, 7: 98.10, 8: 99.10, 9: 96.00}
NAMES = {1: "การปฏิบัติหน้าที่", 2: "การใช้งบประมาณ", 3: "การใช้อำนาจ",
         4: "การใช้ทรัพย์สินของราชการ", 5: "การแก้ไขปัญหาการทุจริต", 7: "ประสิทธิภาพการสื่อสาร",
         8: "การปรับปรุงการทำงาน", 9: "การเปิดเผยข้อมูล"}
SCORES_2568 = {1: 100.0, 2: 100.0, 3: 100.0, 4: 100.0, 5: 100.0, 7: 97.33, 8: 98.06, 9: 95.00}
MEASURES = {"01-01": (1,), "02-01": (8,), "03-01": (7, 9), "04-01": (4,), "05-01": (2,),
            "06-01": (3,), "07-01": (5,)}


def measure(name: str) -> str:
    return f"records/measures/{name}.toml"


class Officers:
    """``itatui`` as each officer runs it: their identity, their own ssh key signing."""

    def __init__(self, repo, keys):
        self.repo, self.keys = repo, keys

    def run(self, officer, *args: str):
        sign_with(self.repo, self.keys[officer[1]])
        return itatui(*args, "--repo", str(self.repo), officer=officer)

    def ok(self, officer, *args: str) -> str:
        return ok(self.run(officer, *args))

    def set(self, record: str, key: str, value: str) -> None:
        self.ok(EMWARA, "set", record, key, value)

    def approve_all(self, *document: str) -> None:
        self.ok(PREENAPA, "approve", *document)
        self.ok(SOMCHAI, "approve", *document, "--role", ROLES[1])
        self.ok(SOMCHAI, "approve", *document, "--role", ROLES[2], "--comment", "เห็นชอบ")

    def publish(self, out, *document: str) -> dict:
        return json.loads(self.ok(SOMCHAI, "publish", *document, "-o", str(out),
                                  "--format", "json"))

    def errors(self, *document: str) -> list:
        proc = self.run(EMWARA, "check", *document, "--format", "json")
        assert proc.returncode in (0, 1), (proc.returncode, proc.stderr)
        return [(p["code"], p["record"], p.get("field"), p["message"])
                for p in json.loads(proc.stdout) if p["severity"] == "error"]


def outcome_2569(indicators) -> str:
    parts = []
    for n in indicators:
        now, before = SCORES_2569[n], SCORES_2568[n]
        way = "เพิ่มขึ้น" if now > before else "ลดลง"
        parts.append(f"มีคะแนนในตัวชี้วัดที่ {th(n)} {NAMES[n]} {th(f'{now:.2f}')} คะแนน "
                     f"ซึ่ง{way}จากปี ๒๕๖๘ ที่ได้ {th(f'{before:.2f}')} คะแนน")
    return "ในปี พ.ศ. ๒๕๖๙ เทศบาลตำบลบ้านเรือน " + " และ".join(parts)


def test_the_sample_year_2568_to_2569_plan_and_report_published_and_2568_still_whole(tmp_path):
    repo = make_repo_with(tmp_path / "repo")
    keys = ssh_keys(repo, tmp_path / "keys", [EMWARA, PREENAPA, SOMCHAI])
    o = Officers(repo, keys)

    # -- 2568: what check calls errors in the sample is put right, then approved and published
    def outcome_of(name: str) -> str:
        return (repo / measure(name)).read_text("utf-8").split('outcome = """\n', 1)[1] \
            .split('"""', 1)[0]

    o.set(measure("03-01"), "outcome",
          outcome_of("03-01").replace("คะแนนลดลงจากปี", "คะแนน ซึ่งเพิ่มขึ้นจากปี"))
    o.set(measure("05-01"), "outcome",
          outcome_of("05-01").replace("ในปี พ.ศ. ๒๕๖๗", "ในปี พ.ศ. ๒๕๖๘"))
    o.set(measure("06-01"), "name", "มาตรการป้องกันการใช้อำนาจโดยมิชอบ")
    o.set(measure("07-01"), "name", "มาตรการส่งเสริมการแก้ไขปัญหาการทุจริต")
    assert o.errors() == []
    o.approve_all()
    rel_2568 = o.publish(tmp_path / "report-2568.pdf")
    assert rel_2568["name"] == "ita-2569-o26-v1"
    pdf_2568 = tmp_path / "report-2568.pdf"
    original_2568 = pdf_2568.read_bytes()

    # -- the new fiscal year, with the plan's own records (records/plan/) in the same commit
    out = o.ok(EMWARA, "new-year")
    assert "เริ่มปีงบประมาณ พ.ศ. ๒๕๖๙" in out
    new_year = git(repo, "rev-parse", "HEAD").strip()
    made = git(repo, "show", "--name-only", "--format=", new_year).split()
    assert {"records/plan/plan.toml", "records/plan/memo.toml",
            "records/plan/signers.toml"} <= set(made), made

    # -- the plan of 2569: targets on measures, the analysis paragraph, the plan's memo
    o.set(measure("02-01"), "target_indicator", "8")
    o.set(measure("02-01"), "target_score", "90")
    o.set(measure("02-01"), "budget", "ไม่ใช้งบประมาณ")
    o.set(measure("01-01"), "target_indicator", "1")
    o.set(measure("01-01"), "target_score", "95")
    o.set("records/plan/plan.toml", "analysis",
          "จากผลการประเมิน ITA ปี พ.ศ. ๒๕๖๘ เทศบาลตำบลบ้านเรือนได้คะแนนผ่านเกณฑ์"
          "ในตัวชี้วัดที่มีคะแนน และยังไม่มีคะแนนในตัวชี้วัดที่ ๖ และ ๑๐ จึงกำหนดมาตรการต่อไปนี้")
    o.set("records/plan/memo.toml", "reference", "ลพ ๕๖๐๐๑/๐๑๕")
    o.set("records/plan/memo.toml", "date", "๑๕ มกราคม พ.ศ. ๒๕๖๙")
    assert o.errors("--document", "plan") == []
    plan_md = o.ok(EMWARA, "render", "--document", "plan", "--format", "md")
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙" in plan_md and "ไม่ใช้งบประมาณ" in plan_md

    o.approve_all("--document", "plan")
    status = json.loads(o.ok(EMWARA, "approve", "--status", "--document", "plan",
                             "--format", "json"))
    assert status["complete"] is True
    # the plan's approvals do not approve the report
    assert json.loads(o.ok(EMWARA, "approve", "--status", "--format", "json"))["complete"] is False
    rel_plan = o.publish(tmp_path / "plan-2569.pdf", "--document", "plan")
    assert rel_plan["name"] == "ita-2569-o25-v1"

    # -- the report of 2569: results, outcomes, the scores of 2569
    for name, indicators in MEASURES.items():
        o.set(measure(name), "results", json.dumps(
            [f"ดำเนินการตามมาตรการในปีงบประมาณ พ.ศ. ๒๕๖๙ ครบทุกกิจกรรม ({th(name)})"],
            ensure_ascii=False))
        o.set(measure(name), "outcome", outcome_2569(indicators))
    for n, score in SCORES_2569.items():
        o.set("records/scores.toml", f"2569.{n}", f"{score:.2f}")
    assert o.errors() == []
    o.approve_all()
    rel_2569 = o.publish(tmp_path / "report-2569.pdf")
    assert rel_2569["name"] == "ita-2570-o26-v1"

    # -- the three PDFs verify, each as its own document
    for pdf, rel in ((pdf_2568, rel_2568), (tmp_path / "plan-2569.pdf", rel_plan),
                     (tmp_path / "report-2569.pdf", rel_2569)):
        proc = o.run(EMWARA, "verify", str(pdf))
        assert proc.returncode == 0, (pdf.name, proc.stdout, proc.stderr)
        assert rel["name"] in proc.stdout and "ลายมือชื่อ tag: ลายมือชื่อถูกต้อง" in proc.stdout
    assert pdf_2568.read_bytes() == original_2568
    documents = {pdf.name: pypdf.PdfReader(pdf).metadata.get("/ItatuiDocument")
                 for pdf in (pdf_2568, tmp_path / "plan-2569.pdf", tmp_path / "report-2569.pdf")}
    assert documents == {"report-2568.pdf": None, "plan-2569.pdf": "plan",
                         "report-2569.pdf": None}
    proc = o.run(EMWARA, "verify", "--history")
    assert proc.returncode == 0, (proc.stdout, proc.stderr)

    # -- both years listed, each with its releases
    years = json.loads(o.ok(EMWARA, "years", "--format", "json"))
    assert [(y["year"], sorted(y["releases"])) for y in years] == [
        (2568, ["ita-2569-o26-v1"]), (2569, ["ita-2569-o25-v1", "ita-2570-o26-v1"])]
    assert years[1]["first"] == new_year

    # -- 2568's release renders byte for byte as published from its tag; ``--year 2568``
    # renders the year's last commit (the publication entry after the release's commit: the
    # same records, its own commit id in the PDF), a PDF that verifies as that commit's
    at_tag, at_year = tmp_path / "at-tag.pdf", tmp_path / "at-year.pdf"
    o.ok(EMWARA, "render", "--format", "pdf", "--at", "ita-2569-o26-v1", "-o", str(at_tag))
    assert at_tag.read_bytes() == original_2568
    o.ok(EMWARA, "render", "--format", "pdf", "--year", "2568", "-o", str(at_year))
    assert f"commit: {years[0]['last']}" in o.ok(EMWARA, "verify", str(at_year))
    assert o.ok(EMWARA, "render", "--format", "md", "--year", "2568") == \
        o.ok(EMWARA, "render", "--format", "md", "--at", "ita-2569-o26-v1")

    # -- a measure's history spans both years: log back to the import, blame of each year
    log = json.loads(o.ok(EMWARA, "log", measure("02-01"), "--format", "json",
                          "--records-only"))
    summaries = [e["summary"] for e in log]
    shas = [e["commit"] for e in log]
    assert new_year in shas and any("นำเข้า" in s for s in summaries), summaries
    assert shas.index(new_year) not in (0, len(shas) - 1)     # edits after it and before it
    blame = {b["field"]: b for b in json.loads(o.ok(EMWARA, "blame", measure("02-01"),
                                                   "--format", "json"))}
    import_sha = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    assert blame["name"]["commit"] == import_sha             # unchanged since 2568's import
    assert blame["period"]["commit"] == new_year             # moved by the new year
    assert blame["outcome"]["commit"] not in (import_sha, new_year)   # written in 2569
    assert "ปี พ.ศ. ๒๕๖๙" in blame["outcome"]["value"]
