"""``itatui import`` reads a measure's target back: the report prints, first in the outcome cell
of a measure with a target, "เป้าหมาย: ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน ไม่น้อยกว่า ๘๕ คะแนน";
the import restores target_indicator / target_score and keeps the outcome as written. The
round trip (render -> import gives back the records) holds for a report with targets, in
Markdown and in Word. A plan (``render --document plan``) is refused in Thai."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from helpers import FIXTURES, git, make_repo, officer_workspace

from itatui.core.errors import ItatuiError
from itatui.importer import import_document, parse_file
from itatui.importer.targets import take_target

ITATUI = [sys.executable, "-m", "itatui"]
#: measure 1-1 aims at indicator 6 (a whole score), 3-1 at indicator 9 (a half point)
TARGETS = {"01-01": (6, 85.0), "03-01": (9, 87.5)}
NAMES = {6: "คุณภาพการดำเนินงาน", 7: "ประสิทธิภาพการสื่อสาร", 9: "การเปิดเผยข้อมูล",
         10: "การป้องกันการทุจริต"}


def itatui(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*ITATUI, *args], capture_output=True, text=True, timeout=300)


def load_tree(root: Path) -> dict[str, dict]:
    return {p.relative_to(root).as_posix(): tomllib.loads(p.read_text(encoding="utf-8"))
            for p in sorted(root.rglob("*.toml"))}


def differences(got: dict, want: dict) -> list[tuple[str, object, object]]:
    out: list[tuple[str, object, object]] = []

    def walk(a, b, path):
        if isinstance(a, dict) and isinstance(b, dict):
            for k in sorted(set(a) | set(b), key=str):
                walk(a.get(k), b.get(k), f"{path}.{k}")
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b)):
                walk(x, y, f"{path}.{i}")
        elif a != b:
            out.append((path, a, b))

    for name in sorted(set(got) | set(want)):
        walk(got.get(name), want.get(name), name)
    return out


@pytest.fixture
def targets_repo(tmp_path) -> Path:
    """The sample with targets on two measures, committed."""
    root = make_repo(tmp_path / "repo")
    for name, (indicator, score) in TARGETS.items():
        path = root / "records" / "measures" / f"{name}.toml"
        path.write_text(path.read_text(encoding="utf-8") + f"target_indicator = {indicator}\n"
                        f"target_score = {score}\n", encoding="utf-8")
    git(root, "add", "records")
    git(root, "-c", "user.name=ตัวอย่าง", "-c", "user.email=sample@itatui.invalid",
        "commit", "-q", "-m", "เป้าหมายของสองมาตรการ")
    return root


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_the_report_with_targets_round_trips(targets_repo, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    done = itatui("render", "--repo", str(targets_repo), "--format", fmt, "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8") if fmt == "md" else ""
    if fmt == "md":                      # what the import has to read back
        assert "เป้าหมาย: ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล ไม่น้อยกว่า ๘๗.๕ คะแนน<br>ในปี" in text
    result = import_document(out, tmp_path / "fresh")
    got, want = load_tree(tmp_path / "fresh" / "records"), load_tree(targets_repo / "records")
    assert sorted(got) == sorted(want)
    assert differences(got, want) == []
    for name, (indicator, score) in TARGETS.items():
        m = got[f"measures/{name}.toml"]
        assert (m["target_indicator"], m["target_score"]) == (indicator, score)
        assert not m["outcome"].lstrip().startswith("เป้าหมาย")
        assert indicator not in m["indicators"] or name == "03-01"     # 3-1 quotes 9 itself
    assert "target_indicator" not in got["measures/02-01.toml"]
    assert result.counts == {"issues": 7, "measures": 7, "scores": 16}
    assert not any("เป้าหมาย" in d.message for d in result.doubts)


def test_target_lines_in_the_text_forms(tmp_path):
    """A text report converted from PDF: the target run into the outcome on one line (Arabic
    digits, a decimal), on a line of its own without the indicator's name (<br>), and with Thai
    digits and no score; the outcomes and the scores they quote are read as before."""
    source = (FIXTURES / "obt_arabic_2567.txt").read_text(encoding="utf-8")
    first = "ในปี พ.ศ. 2567 องค์การบริหารส่วนตำบลหนองบัว มีคะแนนในตัวชี้วัดที่ 9"
    second = "ในปี พ.ศ. 2567 องค์การบริหารส่วนตำบลหนองบัว มีคะแนนในตัวชี้วัดที่ 7"
    third = "ในปี พ.ศ. 2567 องค์การบริหารส่วนตำบลหนองบัว มีคะแนนในตัวชี้วัดที่ 10"
    for old, prefix in (
            (first, "เป้าหมาย: ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล ไม่น้อยกว่า 87.5 คะแนน "),
            (second, "เป้าหมาย: ตัวชี้วัดที่ 7 ไม่น้อยกว่า 90 คะแนน<br>"),
            (third, "เป้าหมาย: ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต<br>")):
        assert source.count(old) == 1
        source = source.replace(old, prefix + old)
    src = tmp_path / "with_targets.txt"
    src.write_text(source, encoding="utf-8")
    plain = parse_file(FIXTURES / "obt_arabic_2567.txt")
    imp = parse_file(src)
    got = {k: (m.get("target_indicator"), m.get("target_score")) for k, m in imp.measures.items()}
    assert got == {(1, 1): (9, 87.5), (1, 2): (7, 90.0), (2, 1): (10, None)}
    for key, m in imp.measures.items():
        assert m["outcome"] == plain.measures[key]["outcome"]
        assert m["indicators"] == plain.measures[key]["indicators"]
    assert imp.scores == plain.scores
    assert not any("เป้าหมาย" in d.message for d in imp.doubts)


def test_what_is_and_is_not_a_target_line():
    # the catalogue's name tells where it ends when no score follows, in one paragraph
    target, rest = take_target(["เป้าหมาย: ตัวชี้วัดที่ ๑๐ การป้องกันการ ทุจริต ในปี ๒๕๖๘ ได้ ๙๐ คะแนน"],
                               NAMES)
    assert (target.indicator, target.score, target.name) == (10, None, "การป้องกันการ ทุจริต")
    assert rest == ["ในปี ๒๕๖๘ ได้ ๙๐ คะแนน"]
    # a score alone; a score in the outcome's own text is not the target's
    target, rest = take_target(["เป้าหมาย : ไม่น้อยกว่า ๘๕.๕๐ คะแนน", "ผลลัพธ์"], NAMES)
    assert (target.indicator, target.score, rest) == (None, 85.5, ["ผลลัพธ์"])
    long = ("เป้าหมาย: ตัวชี้วัดที่ ๖ ในปี พ.ศ. ๒๕๖๘ เทศบาลตำบลบ้านเรือนมีคะแนนในตัวชี้วัดนี้"
            "สูงขึ้นมากเมื่อเทียบกับปีก่อนหน้าซึ่งได้ไม่น้อยกว่า ๗๐ คะแนน")
    target, rest = take_target([long], NAMES)
    assert (target.indicator, target.score, target.name) == (6, None, "")
    assert rest[0].startswith("ในปี พ.ศ. ๒๕๖๘")
    # an outcome the officer starts with the word เป้าหมาย stays the outcome
    for text in ("เป้าหมาย: ประชาชนพึงพอใจไม่น้อยกว่า ๘๐ คะแนน", "เป้าหมายของโครงการบรรลุแล้ว",
                 "เป้าหมายตัวชี้วัดที่ ๖ ได้ ๙๐ คะแนน"):       # itatui's line has its colon
        assert take_target([text], NAMES) == (None, [text])


def test_a_name_other_than_the_catalogue_is_a_doubt(tmp_path):
    source = (FIXTURES / "obt_arabic_2567.txt").read_text(encoding="utf-8")
    old = "ในปี พ.ศ. 2567 องค์การบริหารส่วนตำบลหนองบัว มีคะแนนในตัวชี้วัดที่ 9"
    source = source.replace(old, "เป้าหมาย: ตัวชี้วัดที่ 9 การเปิดเผยข้อมูลสาธารณะ "
                                 "ไม่น้อยกว่า 90 คะแนน<br>" + old)
    src = tmp_path / "renamed.txt"
    src.write_text(source, encoding="utf-8")
    imp = parse_file(src)
    assert imp.measures[(1, 1)]["target_indicator"] == 9
    [doubt] = [d for d in imp.doubts if d.field == "target_indicator"]
    assert doubt.record == "records/measures/01-01.toml" and "การเปิดเผยข้อมูลสาธารณะ" in doubt.message


def test_a_plan_is_refused_in_thai(sample_repo, tmp_path):
    """The plan of 2569 (``new-year`` makes its records, ``render --document plan`` prints it)
    given to ``itatui import``: exit 2, a Thai message saying it reads reports only, nothing
    created."""
    from itatui.core.newyear import start_new_year

    start_new_year(officer_workspace(sample_repo))
    for fmt in ("md", "docx"):
        plan = tmp_path / f"plan.{fmt}"
        done = itatui("render", "--repo", str(sample_repo), "--document", "plan",
                      "--format", fmt, "-o", str(plan))
        assert done.returncode == 0, done.stderr
        fresh = tmp_path / f"fresh-{fmt}"
        done = itatui("import", str(plan), "--repo", str(fresh))
        assert done.returncode == 2, done.stdout
        assert "ไฟล์นี้เป็นแผน" in done.stderr and "อ่านได้เฉพาะรายงาน" in done.stderr
        assert "Traceback" not in done.stderr
        assert not fresh.exists()
        with pytest.raises(ItatuiError, match="ไม่ใช่รายงานผลการดำเนินการ"):
            parse_file(plan)
    # the report of the same records still imports
    report = tmp_path / "report.md"
    assert itatui("render", "--repo", str(sample_repo), "--format", "md",
                  "-o", str(report)).returncode == 0
    assert import_document(report, tmp_path / "fresh-report").counts["measures"] == 7
