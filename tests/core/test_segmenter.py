"""The word segmenter's dictionary and its memo on disk give exactly the cuts PyThaiNLP gives.

itatui no longer builds PyThaiNLP's Trie (62,000 words, about 0.35 s a run): WordTrie makes
nodes as lookups reach them, and rendering keeps its cuts in $XDG_CACHE_HOME/itatui. Both must
be invisible in the output: the same words, the same line-break marks, the same PDF text.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, SEED
from itatui.core import thaiwords
from itatui.core.thaiwords import SegmentMemo, WordTrie

_THAI = re.compile(r"[\u0E00-\u0E7F]+")


def sample_text() -> str:
    """The sample as imported (the seed) and as kept (records/): Thai, digits, punctuation."""
    return SEED.read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "records").rglob("*.toml")))


@pytest.fixture(scope="module")
def reference():
    """PyThaiNLP's own Trie of the same words: what itatui used to build on every run."""
    from pythainlp.util import Trie

    return Trie(thaiwords._dictionary_words())


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder of this test's own, and a fresh process-wide memo."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(thaiwords, "_memo", None)
    monkeypatch.setattr(thaiwords, "_memo_made", False)
    thaiwords._segment_cached.cache_clear()
    yield tmp_path / "cache" / "itatui"
    thaiwords._segment_cached.cache_clear()


def test_word_trie_answers_as_pythainlps_trie(reference):
    trie = thaiwords._get_trie()
    assert isinstance(trie, WordTrie) and len(trie) == len(reference) > 60000
    text = sample_text()
    found = 0
    for i in range(len(text)):                 # every position of the sample, both ways
        assert trie.prefixes(text, i) == reference.prefixes(text, i), text[i:i + 20]
        found += len(reference.prefixes(text, i))
    assert found > 10000
    for word in ["กองการศึกษา", "สำนักปลัด", "การ", "กองการ", "", " ", "ก", "abc",
                 *list(reference)[::997]]:
        assert (word in trie) == (word in reference), word
    assert WordTrie([" ก ", "ข", "", "ข"]).prefixes("กขค") == ["ก"]   # stripped like Trie.add


def test_cuts_are_pythainlps_with_and_without_the_memo(reference, cache):
    from pythainlp.tokenize import word_tokenize

    runs = sorted(set(_THAI.findall(sample_text())))
    assert len(runs) > 250
    expected = [word_tokenize(r, custom_dict=reference, engine="newmm", keep_whitespace=True)
                for r in runs]
    plain = [thaiwords.words(r, keep=()) for r in runs]
    assert plain == expected

    memo_file = None
    for _ in range(2):                         # fills the memo, then answers from it
        thaiwords._segment_cached.cache_clear()
        with thaiwords.remember_segments() as memo:
            assert [thaiwords.words(r, keep=()) for r in runs] == expected
        memo_file = memo.path
    assert memo_file.parent == cache and memo_file.name.startswith("segments-")
    stored = json.loads(memo_file.read_text(encoding="utf-8"))["segments"]
    assert {t: c for t, c in stored.items()} == {r: e for r, e in zip(runs, expected)}

    # a new memo object (another process) reads the file and gives the same cuts
    fresh = SegmentMemo(cache, thaiwords.dictionary_key())
    with thaiwords.remember_segments(fresh):
        thaiwords._segment_cached.cache_clear()
        assert [thaiwords.words(r, keep=()) for r in runs] == expected
    assert thaiwords._segment_cached.cache_info().misses == 0      # none segmented again


def test_render_marks_are_the_same_with_a_memo_and_a_new_process_needs_no_pythainlp(
        tmp_path, cache):
    """Rendering's word marks (U+200B) do not change with the memo, and a second process
    rendering the same report loads neither PyThaiNLP nor its dictionary."""
    script = """
import sys, json
from itatui.core.model import build_report
from itatui.core.records import RecordStore
from itatui.render import thaibreak
from itatui.render.html import render_html
from itatui.render.themes import load_theme
report = build_report(RecordStore(sys.argv[1]).load_all())
html = render_html(report, load_theme("official"), for_pdf=True)
print(json.dumps({"html": html, "pythainlp": "pythainlp" in sys.modules}))
"""
    outs = []
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True,
                              text=True, check=True)
        outs.append(json.loads(proc.stdout))
    assert outs[0]["pythainlp"] is True
    assert outs[1]["pythainlp"] is False, \
        "with every cut in the memo a render should not load PyThaiNLP (about 0.05 s)"
    assert outs[0]["html"] == outs[1]["html"] and outs[0]["html"].count("\u200b") > 1000
    # and both are what the dictionary alone gives, with no memo in play
    from itatui.core.model import build_report
    from itatui.core.records import RecordStore
    from itatui.render.html import render_html
    from itatui.render.themes import load_theme

    report = build_report(RecordStore(ROOT).load_all())
    thaiwords._segment_cached.cache_clear()
    original = thaiwords.remember_segments

    def no_memo(memo=None):
        return original(memo=_NoMemo())

    try:
        thaiwords.remember_segments = no_memo
        html = render_html(report, load_theme("official"), for_pdf=True)
    finally:
        thaiwords.remember_segments = original
    assert html == outs[0]["html"]


class _NoMemo(SegmentMemo):
    """A memo that never remembers (to render with the dictionary alone)."""

    def __init__(self):
        super().__init__(Path("/nonexistent"), "none")

    def get(self, text):
        return None

    def put(self, text, cut):
        pass


@pytest.mark.parametrize("content", [
    b"", b"\x00\xff garbage", b"[1, 2, 3]", b'{"segments": []}', b'{"segments": {"x": 1}',
    json.dumps({"segments": {"การทำงาน": ["การ", "ทำ"], "กองคลัง": [1, 2],
                             "สำนักปลัด": "สำนักปลัด"}}).encode(),
], ids=["empty", "binary", "list", "wrong-type", "truncated", "bad-entries"])
def test_a_damaged_memo_is_ignored_and_rewritten(cache, content):
    runs = ["การทำงาน", "กองคลัง", "สำนักปลัดเทศบาลตำบลบ้านเรือน"]
    expected = [thaiwords.words(r, keep=()) for r in runs]
    memo = thaiwords.segment_memo()
    memo.path.parent.mkdir(parents=True, exist_ok=True)
    memo.path.write_bytes(content)
    thaiwords._segment_cached.cache_clear()
    with thaiwords.remember_segments():
        assert [thaiwords.words(r, keep=()) for r in runs] == expected
    stored = json.loads(memo.path.read_text(encoding="utf-8"))["segments"]
    assert all(stored[r] == e for r, e in zip(runs, expected))
    assert [p.name for p in cache.iterdir()] == [memo.path.name]      # no temporary left


def test_an_unwritable_cache_changes_nothing(tmp_path, monkeypatch, cache):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(thaiwords, "_memo_made", False)
    expected = thaiwords.words("ผู้อำนวยการกองการศึกษา", keep=())
    thaiwords._segment_cached.cache_clear()
    with thaiwords.remember_segments() as memo:
        assert thaiwords.words("ผู้อำนวยการกองการศึกษา", keep=()) == expected
    assert memo is not None and not memo.path.exists()


def test_two_processes_writing_keep_both_and_the_memo_stays_bounded(cache, monkeypatch):
    key = thaiwords.dictionary_key()
    one, two = SegmentMemo(cache, key), SegmentMemo(cache, key)
    with thaiwords.remember_segments(one):
        thaiwords.words("การประชุมประจำเดือน", keep=())
    with thaiwords.remember_segments(two):
        thaiwords.words("การจัดซื้อจัดจ้าง", keep=())
    stored = json.loads(one.path.read_text(encoding="utf-8"))["segments"]
    assert {"การประชุมประจำเดือน", "การจัดซื้อจัดจ้าง"} <= set(stored)

    monkeypatch.setattr(thaiwords, "MEMO_MAX_ENTRIES", 1)
    three = SegmentMemo(cache, key)
    with thaiwords.remember_segments(three):
        thaiwords.words("การเปิดเผยข้อมูลข่าวสาร", keep=())
    stored = json.loads(one.path.read_text(encoding="utf-8"))["segments"]
    assert set(stored) == {"การเปิดเผยข้อมูลข่าวสาร"}


def test_the_key_follows_the_dictionary(monkeypatch):
    key = thaiwords.dictionary_key()
    assert key and key == thaiwords.dictionary_key()
    monkeypatch.setattr(thaiwords, "DOMAIN_WORDS", (*thaiwords.DOMAIN_WORDS, "คำใหม่"))
    assert thaiwords.dictionary_key() not in (None, key)


def test_typing_is_not_remembered(cache):
    """Outside rendering (the editor's word moves), nothing is written to the cache."""
    thaiwords.words("กำลังพิมพ์ข้อความ", keep=())
    assert not cache.exists()


def test_the_word_the_plan_is_made_of_is_never_cut():
    """newmm cuts "มาตรการตาม" as มาตร|การตาม: the editor wrapped "กำหนดมาตร / การตามตารางนี้"
    and the PDF had a line-break mark inside the word. It is kept whole with or without
    ``keep``; a text where newmm kept it already is cut as before."""
    from itatui.render.thaibreak import mark_words

    text = "จึงกำหนดมาตรการตามตารางนี้"
    for keep in ((), None, {"กองคลัง"}):
        assert thaiwords.words(text, keep=keep) == ["จึง", "กำหนด", "มาตรการ", "ตาม", "ตาราง", "นี้"]
    assert "มาตร\u200bการ" not in mark_words(text) and "มาตรการ\u200bตาม" in mark_words(text)
    assert thaiwords.words("มาตรการส่งเสริมคุณธรรม", keep=()) == ["มาตรการ", "ส่งเสริม", "คุณธรรม"]


def test_at_least_is_never_cut():
    """newmm cuts "ไม่น้อยกว่า" as ไม่|น้อยกว่า: a plan's target cell broke as "ไม่ / น้อยกว่า ๘๕
    คะแนน". It is one word in the editor and in the PDF's break points."""
    from itatui.render.thaibreak import mark_words

    target = "ตัวชี้วัดที่ ๘ การใช้ทรัพย์สินของราชการ ไม่น้อยกว่า ๘๕ คะแนน"
    for keep in ((), None, {"การใช้ทรัพย์สินของราชการ"}):
        assert "ไม่น้อยกว่า" in thaiwords.words(target, keep=keep)
    marked = mark_words(f"<td>{target}</td>")
    assert "ไม่\u200bน้อยกว่า" not in marked and "ไม่น้อยกว่า" in marked
