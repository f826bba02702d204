"""The report tree at 80 and 140 columns: a label longer than the tree is cut at the end of a
word (a Thai word from the segmenter) with "…", never cropped by the border inside a word
("ประเด็นที่ ๑ กระบวนการปฏิบัติงา" at 80 columns before)."""

from __future__ import annotations

import pytest
from helpers import make_app
from rich.cells import cell_len
from rich.style import Style
from textual.geometry import Region
from textual.widgets import Tree

from itatui.tui import thai_text

NULL = Style()


def _word_ends(text: str) -> set[int]:
    return {start + len(chunk.rstrip()) for start, _end, chunk in thai_text.text_words(text)}


@pytest.mark.parametrize("size,start", [((80, 24), None), ((140, 45), None),
                                        ((80, 24), (140, 45)), ((80, 20), (140, 45))])
async def test_tree_labels_are_cut_at_a_word_with_an_ellipsis(sample_repo, size, start):
    """``start``: the terminal is resized to ``size`` from there (the labels are cut again,
    for the width the tree has once its scrollbars have settled)."""
    assert thai_text.load_segmenter()
    app, _ = make_app(sample_repo)
    async with app.run_test(size=start or size) as pilot:
        await pilot.pause()
        thai_text.rewrap(app)                 # as the app does when the segmenter has loaded
        await pilot.pause()
        if start:
            await pilot.resize_terminal(*size)
            for _ in range(4):
                await pilot.pause()
        tree = app.tree
        room = tree.scrollable_content_region.width
        cut_inside_thai = 0
        nodes = [n for issue in tree.root.children for n in (issue, *issue.children)]
        for node in nodes:
            full = Tree.render_label(tree, node, NULL, NULL).plain
            shown = tree.render_label(node, NULL, NULL).plain
            indent = 0 if node.parent is tree.root else tree.guide_depth
            assert cell_len(shown) + indent <= room, shown
            if shown == full:
                continue
            assert shown.endswith("…"), shown
            body = shown[:-1].rstrip()
            assert full.startswith(body) and len(body) in _word_ends(full), shown
            # as many whole words as fit: not cut for a narrower tree than the one drawn
            fits = thai_text.cut_index(full, room - indent - 1)
            assert len(body) == len(full[:fits].rstrip()), (shown, room)
            if thai_text.is_thai(full[len(body)]):
                cut_inside_thai += 1          # a Thai run cut between two of its words
        if size[0] == 80:
            assert cut_inside_thai, "the long Thai titles are cut between words"
        # and what is drawn: each issue row fits the tree with its "…", no horizontal scrolling
        width, height = tree.outer_size
        rows = [strip.text.strip().strip("│").strip()   # the rows inside the border
                for strip in tree.render_lines(Region(0, 0, width, height))]
        issue_rows = [r for r in rows if "ประเด็นที่" in r]
        assert len(issue_rows) == (7 if size == (80, 24) else len(issue_rows))
        assert tree.virtual_size.width <= room
        if size == (80, 24):
            assert all(r.endswith("…") for r in issue_rows), issue_rows
            assert "▼ ประเด็นที่ ๑ กระบวนการ…" in issue_rows
