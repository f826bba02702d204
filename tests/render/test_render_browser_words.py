"""The website HTML in a real browser: no line break inside a Thai word.

Chromium breaks Thai lines with its own dictionary (ICU), which cuts words itatui's segmenter
keeps whole: ธรร|มาภิบาล, หน่วย|งาน, บ้าน|เรือน inside the agency's name. The sample's HTML
(``render_html``, as ``itatui render --format html`` writes it) is loaded in Debian's Chromium
(Selenium and ``chromium-driver``, no browser downloaded) at the widths of a phone, a tablet
and a desktop. For every text node of the body the test finds where the lines break (a Range
over each character, its ``getClientRects`` top) and checks each break against the project's
segmenter (:func:`itatui.core.thaiwords.words` with the report's own words): a break is at a
space, outside a Thai or number run, or between two words; never inside a "พ.ศ. ๒๕๖๘",
"ตัวชี้วัดที่ ๑" or ๑๐๐.๐๐ (:data:`~itatui.render.thaibreak.NO_BREAK`). A word may be cut only
when it is wider than its whole line (never in a table: a column widens, and a table wider
than the screen scrolls in its own box), and the page never scrolls sideways.

The check reads only the laid-out text and the CSS ``display`` of its elements, not itatui's
markup: on the HTML before the words were wrapped it finds hundreds of bad breaks.

Skipped when Chromium is absent, except in CI (``CI`` set: .ci/bootstrap installs it).
"""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from pathlib import Path

import pytest

from helpers import ROOT
from itatui.core import thaiwords
from itatui.core.model import build_report
from itatui.core.records import RecordStore
from itatui.render.html import render_html
from itatui.render.thaibreak import NO_BREAK, report_words

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WIDTHS = (360, 768, 1200)
THEMES = ("default", "modern")
_THAI_RUN = re.compile(r"[\u0E01-\u0E4F]+")          # letters and marks: the segmenter's words
_NUMBER_RUN = re.compile(r"[0-9\u0E50-\u0E59]+|[A-Za-z]+")

#: every text node of the body (SVG text is not line-wrapped: left out) grouped by its line
#: container (the nearest ancestor that is not inline, inline-block or contents), each
#: character with its first client rect; the container's content width and whether it is in
#: a table (a column can widen: a word is never wider than its line there); the page's width
LINES_JS = r"""
const inline = new Set(["inline", "inline-block", "contents"]);
const containerOf = (node) => {
  let e = node.parentElement;
  while (e && e !== document.body && inline.has(getComputedStyle(e).display)) e = e.parentElement;
  return e;
};
const containers = new Map();
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const range = document.createRange();
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  if (node.parentElement.closest("svg")) continue;
  const box = containerOf(node);
  if (!containers.has(box)) {
    const cs = getComputedStyle(box);
    containers.set(box, {text: "", rects: [], table: !!box.closest("table"),
      width: box.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)});
  }
  const entry = containers.get(box);
  for (let i = 0; i < node.data.length; i++) {
    range.setStart(node, i); range.setEnd(node, i + 1);
    const r = range.getClientRects();
    entry.text += node.data[i];
    entry.rects.push(r.length ? [r[0].top, r[0].bottom, r[0].left, r[0].right] : null);
  }
}
return {containers: [...containers.values()],
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth};
"""


@dataclasses.dataclass
class Break:
    text: str
    at: int              # the first character of the new line

    def __str__(self) -> str:
        return f"{self.text[max(0, self.at - 15):self.at]}|{self.text[self.at:self.at + 15]}"


def chromium():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        if os.environ.get("CI"):
            pytest.fail("CI: Chromium (chromium, chromium-driver) must be installed "
                        "(.ci/bootstrap test installs them)")
        pytest.skip("Chromium is not installed (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--lang=th-TH", "--window-size=1200,900"):
        options.add_argument(arg)
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


@pytest.fixture(scope="module")
def browser():
    driver = chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def sample():
    return build_report(RecordStore(ROOT).load_all())


def lay_out(driver, page: Path, width: int) -> dict:
    """The page laid out ``width`` CSS pixels wide (a headless window is at least 500 px wide:
    the viewport is set through the DevTools protocol)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 900, "deviceScaleFactor": 1,
                            "mobile": False})
    driver.get(page.as_uri())
    return driver.execute_script(LINES_JS)


def line_starts(box: dict) -> list[tuple[int, int]]:
    """``(previous, first)``: the last visible character of a line and the first of the next
    one (spaces and combining marks are not looked at: a mark shares its base's line)."""
    out, prev = [], None
    for i, ch in enumerate(box["text"]):
        rect = box["rects"][i]
        if rect is None or ch.isspace() or unicodedata.category(ch) in ("Mn", "Cf"):
            continue
        if prev is not None:
            top, bottom = box["rects"][prev][:2]
            if rect[0] > (top + bottom) / 2:            # below the middle of the previous one
                out.append((prev, i))
        prev = i
    return out


def word_at(text: str, at: int, keep: frozenset[str]) -> tuple[int, int] | None:
    """The word (of the segmenter, or a run of digits or Latin letters) that ``at`` is strictly
    inside, else None."""
    for m in _THAI_RUN.finditer(text):
        if m.start() < at < m.end():
            pos = m.start()
            for word in thaiwords.words(m.group(0), keep=keep):
                if pos < at < pos + len(word):
                    return pos, pos + len(word)
                pos += len(word)
            return None
    for m in _NUMBER_RUN.finditer(text):
        if m.start() < at < m.end():
            return m.span()
    return None


def one_line_width(box: dict, start: int, end: int) -> float:
    """The width of ``text[start:end]`` were it on one line: the widths of its pieces on each
    line, added."""
    lines: dict[float, list[float]] = {}
    for rect in box["rects"][start:end]:
        if rect is not None:
            lines.setdefault(round(rect[0]), []).extend(rect[2:])
    return sum(max(xs) - min(xs) for xs in lines.values())


def bad_breaks(layout: dict, keep: frozenset[str]) -> tuple[list[Break], int, list[Break]]:
    """The breaks inside a word that fits its line (or in a table), the number of breaks
    looked at, and the breaks inside a word wider than its whole line (allowed)."""
    bad, cut, seen = [], [], 0
    for box in layout["containers"]:
        text = box["text"]
        no_break = [m.span() for m in NO_BREAK.finditer(text)]
        for prev, at in line_starts(box):
            seen += 1
            brk = Break(text, at)
            if any(start < at < end for start, end in no_break):
                bad.append(brk)
                continue
            if any(ch.isspace() for ch in text[prev + 1:at]):
                continue
            word = word_at(text, at, keep)
            if word is None:
                continue
            if not box["table"] and one_line_width(box, *word) > box["width"] + 0.5:
                cut.append(brk)
            else:
                bad.append(brk)
    return bad, seen, cut


def write_page(tmp_path: Path, html: str, name: str) -> Path:
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    return page


@pytest.mark.parametrize("theme", THEMES)
def test_lines_break_only_between_words_in_chromium(browser, sample, theme, tmp_path):
    keep = report_words(sample)
    page = write_page(tmp_path, render_html(sample, theme), theme)
    for width in WIDTHS:
        layout = lay_out(browser, page, width)
        bad, seen, cut = bad_breaks(layout, keep)
        assert seen > 100, (width, seen)                 # the page was laid out and measured
        assert not bad, f"{theme} at {width}px: {len(bad)} of {seen} breaks inside a word: " + \
            "; ".join(map(str, bad[:20]))
        # nothing runs off a phone's screen: a long word wraps, a wide table scrolls in its box
        assert layout["scrollWidth"] <= layout["clientWidth"], (width, layout["scrollWidth"])


def test_a_word_wider_than_its_line_is_cut_and_the_page_does_not_scroll(browser, sample,
                                                                        tmp_path):
    """A position far wider than a phone's line (one word: the report's own words are kept
    whole) wraps, between its dictionary words; the page does not scroll sideways."""
    long = "ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อมรักษาราชการแทนปลัดเทศบาลตำบลบ้านเรือน"
    memo = dataclasses.replace(sample.memo, drafter=dataclasses.replace(sample.memo.drafter,
                                                                        position=long))
    report = dataclasses.replace(sample, memo=memo)
    keep = report_words(report)
    assert long in keep
    page = write_page(tmp_path, render_html(report, "default"), "long")
    layout = lay_out(browser, page, 360)
    assert layout["scrollWidth"] <= layout["clientWidth"]
    bad, seen, cut = bad_breaks(layout, keep)
    assert not bad, "; ".join(map(str, bad[:20]))
    assert any(long in b.text for b in cut), [str(b) for b in cut]
    holder = next(b for b in layout["containers"] if long in b["text"])
    start = holder["text"].index(long)
    pieces = thaiwords.words(long, keep=())
    inner = {start + sum(map(len, pieces[:k])) for k in range(1, len(pieces))}
    cuts = [at for _, at in line_starts(holder) if start < at < start + len(long)]
    assert cuts and set(cuts) <= inner, (cuts, pieces)   # cut between its dictionary words
