"""The plan's target cell keeps "ไม่น้อยกว่า" whole in the PDF: newmm cut it ไม่|น้อยกว่า and
the cell read "ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน ไม่ / น้อยกว่า ๘๕ คะแนน" (a real WeasyPrint
PDF of the plan, read back with pdftotext)."""

from __future__ import annotations

import subprocess

from helpers import glyph_width_problems
from test_render_plan import cli, plan_repo


def test_at_least_stays_whole_in_the_plans_target_cell(tmp_path):
    repo = plan_repo(tmp_path / "repo")
    out = tmp_path / "plan.pdf"
    proc = cli("render", "--document", "plan", "--format", "pdf", "-o", str(out), cwd=repo)
    assert proc.returncode == 0, proc.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = [line.strip() for line in text.splitlines()]
    assert any(line.startswith("ไม่น้อยกว่า ๘๕ คะแนน") or line.endswith("ไม่น้อยกว่า ๘๕ คะแนน")
               for line in lines), [line for line in lines if "น้อยกว่า" in line]
    broken = [(a, b) for a, b in zip(lines, lines[1:]) if a.endswith("ไม่")
              and b.startswith("น้อยกว่า")]
    assert not broken, broken
    assert glyph_width_problems(out) == []
