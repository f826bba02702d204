"""Benchmark: the PDF of the sample report against WeasyPrint alone, and growth with size.

    .venv/bin/python tests/bench/bench_render.py [--repeat 7] [--sizes 1,10,25,50,100]
                                                 [--theme official] [--skip-process]

1. Whole process, as users run it: a wheel built from the checkout is installed (byte-compiled
   by pip) into a fresh virtualenv (tests/bench/common.py: build_wheel, install_wheel), and
   ``itatui render --repo SAMPLE --format pdf`` is timed against a Python process of the same
   environment that runs WeasyPrint alone on the same HTML (the very string itatui hands to
   ``weasyprint.HTML``, written to a file): start-up, imports, git and everything else
   included. The two commands
   alternate, ``--repeat`` rounds after a warm-up; prints best and median of each and their
   ratios. Target: ratio <= 1.3.
2. In process: itatui's render_pdf (PDF/A-3, ActualText text layer, Thai words kept whole,
   attachments, metadata) against WeasyPrint's ``write_pdf`` of the HTML it renders, median of
   ``--repeat`` runs after a warm-up. Target: ratio <= 1.3.
3. Growth: reports of N issues x 10 measures (the sample's measures repeated), N in
   ``--sizes``; prints seconds, seconds per measure and the ratio to the smallest size's per
   measure time (about 1 when time grows linearly), with plain WeasyPrint alongside.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (Row, build_wheel, install_wheel, installed_env, isolated_env,  # noqa: E402
                    sample_repo)
from itatui.core.model import build_report  # noqa: E402
from itatui.core.records import RecordStore  # noqa: E402
from itatui.render.pdf import render_pdf  # noqa: E402
from itatui.render.themes import load_theme  # noqa: E402


class _Caught(BaseException):
    pass


def weasyprint_input(report, theme, out: Path, **kwargs) -> tuple[str, str]:
    """The HTML and base URL render_pdf hands to ``weasyprint.HTML`` (its fonts, word marks
    and all), caught there: what WeasyPrint alone is given to compare with."""
    import weasyprint

    seen: dict[str, str] = {}

    def catch(*args, string=None, base_url=None, **kw):
        seen.update(html=string, base=base_url)
        raise _Caught

    real, weasyprint.HTML = weasyprint.HTML, catch
    try:
        render_pdf(report, theme, out, **kwargs)
    except _Caught:
        pass
    finally:
        weasyprint.HTML = real
    return seen["html"], seen["base"]


def plain_weasyprint(html: str, base: str, out: Path) -> None:
    import weasyprint

    weasyprint.HTML(string=html, base_url=base).write_pdf(out)


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


# Run by the installed environment's python: ``itatui render --format pdf`` up to the point
# where it hands its HTML to WeasyPrint (weasyprint.HTML is replaced by a catcher), and that
# HTML written to a file; prints the base URL it was given.
_SAME_HTML = """
import sys
import weasyprint
import itatui.cli

class Caught(BaseException):
    pass

def catch(*args, string=None, base_url=None, **kwargs):
    open(out, "w", encoding="utf-8").write(string)
    print(base_url)
    raise Caught

repo, theme, out = sys.argv[1:]
weasyprint.HTML = catch
try:
    itatui.cli.main(["render", "--repo", repo, "--format", "pdf", "--theme", theme,
                     "-o", out + ".pdf"])
except Caught:
    pass
else:
    sys.exit("itatui render did not call weasyprint.HTML(string=..., base_url=...)")
"""
# WeasyPrint alone: a Python process that renders that HTML file to a PDF.
_WEASYPRINT_ALONE = """
import sys, weasyprint
weasyprint.HTML(filename=sys.argv[1], base_url=sys.argv[2]).write_pdf(sys.argv[3])
"""


@dataclasses.dataclass
class ProcessTimes:
    itatui: list[float]
    weasyprint: list[float]
    python: str                     # the installed environment's interpreter
    itatui_file: str                # where that interpreter imports itatui from
    first_run: float                # itatui's first run (empty segmenter cache, cold files)

    @staticmethod
    def _ratio(a: float, b: float) -> float:
        return a / b if b else float("inf")

    @property
    def best_ratio(self) -> float:
        return self._ratio(min(self.itatui), min(self.weasyprint))

    @property
    def median_ratio(self) -> float:
        return self._ratio(statistics.median(self.itatui), statistics.median(self.weasyprint))

    def summary(self, theme: str) -> str:
        i, w = self.itatui, self.weasyprint
        return (f"whole process, installed wheel ({self.itatui_file}), theme {theme}, "
                f"{len(i)} interleaved rounds:\n"
                f"  itatui render --format pdf   best {min(i):.3f} s  median "
                f"{statistics.median(i):.3f} s  (first run {self.first_run:.3f} s)\n"
                f"  python + WeasyPrint alone    best {min(w):.3f} s  median "
                f"{statistics.median(w):.3f} s\n"
                f"  ratio best {self.best_ratio:.2f}  median {self.median_ratio:.2f} "
                f"(target <= 1.30)")


def whole_process(repeat: int = 7, theme: str = "official",
                  wheel: Path | None = None) -> ProcessTimes:
    """Time ``itatui render --format pdf`` of the sample, installed from a wheel (``wheel``,
    or one built from the checkout), against a Python process running WeasyPrint alone on the
    same HTML, interleaved."""
    isolated_env()
    tmp = Path(tempfile.mkdtemp(prefix="itatui-bench-render-"))
    try:
        bin_ = install_wheel(wheel or build_wheel(tmp / "wheel"), tmp / "venv")
        env = installed_env()
        env["XDG_CACHE_HOME"] = str(tmp / "cache")
        repo = sample_repo(tmp / "repo")
        work = tmp / "work"
        work.mkdir()
        python = str(bin_ / "python")

        def run(cmd: list[str]) -> float:
            t = time.perf_counter()
            subprocess.run(cmd, cwd=work, env=env, check=True, capture_output=True)
            return time.perf_counter() - t

        where = subprocess.run([python, "-c", "import itatui; print(itatui.__file__)"], cwd=work,
                               env=env, check=True, capture_output=True, text=True).stdout
        base = subprocess.run([python, "-c", _SAME_HTML, str(repo), theme,
                               str(work / "same.html")], cwd=work, env=env, check=True,
                              capture_output=True, text=True).stdout.strip()
        ours = [str(bin_ / "itatui"), "render", "--repo", str(repo), "--format", "pdf",
                "--theme", theme, "-o", str(work / "itatui.pdf")]
        theirs = [python, "-c", _WEASYPRINT_ALONE, str(work / "same.html"), base,
                  str(work / "weasyprint.pdf")]
        first = run(ours)
        run(theirs)                                                   # warm up
        t_ours, t_theirs = [], []
        for k in range(repeat):                                       # alternate who goes first
            pair = [(ours, t_ours), (theirs, t_theirs)]
            for cmd, into in (pair if k % 2 == 0 else pair[::-1]):
                into.append(run(cmd))
        return ProcessTimes(t_ours, t_theirs, python, where.strip(), first)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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
    """For ``make bench`` (tests/bench/run.py): the sample's PDF, whole process and in process,
    against WeasyPrint alone on the same HTML, and its Markdown against markdown-it rendering
    that Markdown to HTML."""
    from itatui.render.html import markdown_parser
    from itatui.render.markdown import render_markdown

    report = build_report(RecordStore(ROOT).load_all())
    theme = load_theme("official")
    records = {p.relative_to(ROOT).as_posix(): p.read_bytes()
               for p in sorted((ROOT / "records").rglob("*")) if p.is_file()}
    md = render_markdown(report)
    parser = markdown_parser()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        html, base = weasyprint_input(report, theme, tmp / "i.pdf", commit="0" * 40,
                                      records=records)
        ours = lambda: render_pdf(report, theme, tmp / "i.pdf", commit="0" * 40,  # noqa: E731
                                  records=records)
        theirs = lambda: plain_weasyprint(html, base, tmp / "w.pdf")  # noqa: E731
        ours(), theirs()
        t_ours, t_theirs = timed(ours, repeat), timed(theirs, repeat)
    t_md = timed(lambda: render_markdown(report), 50)
    t_mdit = timed(lambda: parser.render(md), 50)
    proc = whole_process(max(repeat, 7))
    return [Row("itatui render --format pdf (process, wheel)",
                statistics.median(proc.itatui), "python + WeasyPrint alone, same HTML",
                statistics.median(proc.weasyprint), "≤ 1.3x", 1.3),
            Row("render PDF in process (sample, official)", t_ours,
                "WeasyPrint alone, same HTML", t_theirs, "≤ 1.3x", 1.3),
            Row("render Markdown (sample)", t_md, "markdown-it: that Markdown to HTML",
                t_mdit, "(no target)", None)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--sizes", default="1,10,25,50,100")
    ap.add_argument("--theme", default="official")
    ap.add_argument("--skip-process", action="store_true",
                    help="leave out the whole-process comparison (needs no wheel build)")
    a = ap.parse_args()
    if not a.skip_process:
        print(whole_process(max(a.repeat, 3), a.theme).summary(a.theme), flush=True)
    report = build_report(RecordStore(ROOT).load_all())
    theme = load_theme(a.theme)
    records = {p.relative_to(ROOT).as_posix(): p.read_bytes()
               for p in sorted((ROOT / "records").rglob("*")) if p.is_file()}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)

        def given(rep):
            return weasyprint_input(rep, theme, tmp / "itatui.pdf", commit="0" * 40,
                                    records=records)

        def ours(rep=report):
            render_pdf(rep, theme, tmp / "itatui.pdf", commit="0" * 40, records=records)

        def theirs(doc=given(report)):
            plain_weasyprint(*doc, tmp / "weasyprint.pdf")

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
            doc = given(big)
            t2 = timed(lambda: theirs(doc), 1)
            per = t1 / (n * 10)
            first = first or per
            print(f"{n:>6} x 10            {t1:8.2f}   {per:9.4f}   {per / first:11.2f}   "
                  f"{t2:12.2f}   {t1 / t2:5.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
