"""Benchmark: the PDF of the sample report against WeasyPrint alone, and growth with size.

    .venv/bin/python tests/bench/bench_render.py [--repeat 5] [--sizes 1,10,25,50,100]
                                                 [--theme official]

1. The sample: itatui's render_pdf (PDF/A-3, ActualText text layer, Thai words kept whole,
   attachments, metadata) against WeasyPrint rendering the same HTML (``render_html(...,
   for_pdf=True)``) with a plain ``write_pdf``, in the same run, median of ``--repeat``
   runs after a warm-up. Target: ratio <= 1.3.
2. Growth: reports of N issues x 10 measures (the sample's measures repeated), N in
   ``--sizes``; prints seconds, seconds per measure and the ratio to the smallest size's per
   measure time (about 1 when time grows linearly), with plain WeasyPrint alongside.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from itatui.core.model import build_report  # noqa: E402
from itatui.core.records import RecordStore  # noqa: E402
from itatui.render.html import render_html  # noqa: E402
from itatui.render.pdf import render_pdf  # noqa: E402
from itatui.render.themes import load_theme  # noqa: E402


def plain_weasyprint(html: str, theme, out: Path) -> None:
    import weasyprint

    weasyprint.HTML(string=html, base_url=theme.path.as_uri() + "/").write_pdf(out)


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def scaled(report, issues: int, per_issue: int = 10):
    measures = [m for i in report.issues for m in i.measures]
    out = []
    for n in range(1, issues + 1):
        base = report.issues[(n - 1) % len(report.issues)]
        ms = [dataclasses.replace(measures[(n + k) % len(measures)], issue=n, number=k + 1)
              for k in range(per_issue)]
        out.append(dataclasses.replace(base, number=n, measures=ms))
    return dataclasses.replace(report, issues=out)


def measure(repeat: int = 5) -> list:
    """For ``make bench`` (tests/bench/run.py): the sample's PDF against WeasyPrint alone on
    the same HTML, and its Markdown against markdown-it rendering that Markdown to HTML."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import Row

    from itatui.render.html import markdown_parser
    from itatui.render.markdown import render_markdown

    report = build_report(RecordStore(ROOT).load_all())
    theme = load_theme("official")
    records = {p.relative_to(ROOT).as_posix(): p.read_bytes()
               for p in sorted((ROOT / "records").rglob("*")) if p.is_file()}
    html = render_html(report, theme, for_pdf=True)
    md = render_markdown(report)
    parser = markdown_parser()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ours = lambda: render_pdf(report, theme, tmp / "i.pdf", commit="0" * 40,  # noqa: E731
                                  records=records)
        theirs = lambda: plain_weasyprint(html, theme, tmp / "w.pdf")  # noqa: E731
        ours(), theirs()
        t_ours, t_theirs = timed(ours, repeat), timed(theirs, repeat)
    t_md = timed(lambda: render_markdown(report), 50)
    t_mdit = timed(lambda: parser.render(md), 50)
    return [Row("render PDF (sample, official)", t_ours, "WeasyPrint alone, same HTML",
                t_theirs, "≤ 1.3x", 1.3),
            Row("render Markdown (sample)", t_md, "markdown-it: that Markdown to HTML",
                t_mdit, "(no target)", None)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sizes", default="1,10,25,50,100")
    ap.add_argument("--theme", default="official")
    a = ap.parse_args()
    report = build_report(RecordStore(ROOT).load_all())
    theme = load_theme(a.theme)
    records = {p.relative_to(ROOT).as_posix(): p.read_bytes()
               for p in sorted((ROOT / "records").rglob("*")) if p.is_file()}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        html = render_html(report, theme, for_pdf=True)

        def ours(rep=report):
            render_pdf(rep, theme, tmp / "itatui.pdf", commit="0" * 40, records=records)

        def theirs(doc=html):
            plain_weasyprint(doc, theme, tmp / "weasyprint.pdf")

        ours(), theirs()                                              # warm up
        t_ours, t_theirs = timed(ours, a.repeat), timed(theirs, a.repeat)
        print(f"sample ({sum(len(i.measures) for i in report.issues)} measures, theme "
              f"{a.theme}): itatui {t_ours:.3f} s, WeasyPrint alone {t_theirs:.3f} s, "
              f"ratio {t_ours / t_theirs:.2f} (target <= 1.30)")

        print("\nissues x 10 measures   itatui s   s/measure   vs smallest   "
              "WeasyPrint s   ratio")
        first = None
        for n in [int(x) for x in a.sizes.split(",") if x.strip()]:
            big = scaled(report, n)
            t1 = timed(lambda: ours(big), 1)
            doc = render_html(big, theme, for_pdf=True)
            t2 = timed(lambda: theirs(doc), 1)
            per = t1 / (n * 10)
            first = first or per
            print(f"{n:>6} x 10            {t1:8.2f}   {per:9.4f}   {per / first:11.2f}   "
                  f"{t2:12.2f}   {t1 / t2:5.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
