"""``itatui check`` on a report of 100 issues x 10 measures, against parsing the same files."""

from __future__ import annotations

import shutil
import tempfile
import tomllib
from pathlib import Path

from common import RECORDS, Row, median_time


def big_records(issues: int = 100, measures: int = 10) -> Path:
    root = Path(tempfile.mkdtemp(prefix="itatui-bench-check-"))
    shutil.copytree(RECORDS, root / "records")
    for p in (root / "records/issues").glob("*.toml"):
        p.unlink()
    for p in (root / "records/measures").glob("*.toml"):
        p.unlink()
    issue = (RECORDS / "issues/01.toml").read_text(encoding="utf-8")
    measure = (RECORDS / "measures/03-01.toml").read_text(encoding="utf-8")
    for i in range(1, issues + 1):
        (root / f"records/issues/{i:02d}.toml").write_text(issue, encoding="utf-8")
        for m in range(1, measures + 1):
            (root / f"records/measures/{i:02d}-{m:02d}.toml").write_text(
                measure.replace("ผลลัพธ์", f"ผลลัพธ์ {i}-{m} "), encoding="utf-8")
    return root


def measure() -> list[Row]:
    from itatui.core.check import check_records
    from itatui.core.records import RecordStore

    root = big_records()
    files = sorted((root / "records").rglob("*.toml"))

    def parse_only():
        for f in files:
            tomllib.loads(f.read_text(encoding="utf-8"))

    def check():
        store = RecordStore(root)
        check_records(store.load_all(), store.unknown_files())

    base = median_time(parse_only, repeat=5, warmup=1)
    value = median_time(check, repeat=5, warmup=1)
    return [Row("check, 100 issues x 10 measures", value, "tomllib parse of the same files",
                base, "(no target; linear)", None)]


if __name__ == "__main__":
    for r in measure():
        print(f"{r.name}: {r.value:.3f} s vs {r.baseline_name} {r.baseline:.3f} s = {r.ratio:.1f}x")
