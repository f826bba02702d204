"""Thai in the TUI's editors: the cursor never splits a grapheme cluster, soft wrap breaks
between Thai words (domain.md section 4)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from itatui.tui import thai_text as tt
from itatui.tui.widgets.thai_input import ThaiInput
from itatui.tui.widgets.thai_text_area import ThaiTextArea

WORD = "สวัสดี"          # clusters: ส|วั|ส|ดี


class Host(App[None]):
    def __init__(self, text: str, width: int = 40) -> None:
        super().__init__()
        self.text = text
        self.width = width

    def compose(self) -> ComposeResult:
        yield ThaiInput(value=self.text, id="input", select_on_focus=False)
        area = ThaiTextArea(self.text, id="area", soft_wrap=True)
        area.styles.width = self.width
        yield area


# -- pure helpers ----------------------------------------------------------------------------
def test_cluster_boundaries():
    assert tt.cluster_bounds(WORD) == (0, 1, 3, 4, 6)
    assert tt.prev_boundary(WORD, 6) == 4
    assert tt.next_boundary(WORD, 4) == 6
    assert tt.floor_boundary(WORD, 5) == 4
    assert tt.cluster_bounds("น้ำ")[-1] == 3


def test_backspace_takes_the_last_mark_of_a_thai_cluster_only():
    assert tt.backspace_start(WORD, 6) == 5          # "ดี" -> "ด": a whole cluster remains
    assert tt.backspace_start(WORD, 4) == 3          # "ส"
    assert tt.backspace_start("ok👍🏽", 4) == 2        # a non-Thai cluster goes whole


def test_shorten_cuts_at_a_cluster():
    short = tt.shorten("ประเด็นที่ ๑ กระบวนการปฏิบัติงานที่โปร่งใส", 14)
    assert short.endswith("…")
    body = short[:-1]
    assert tt.floor_boundary(body + "x", len(body)) == len(body)


def test_a_straight_quote_that_opens_a_word_stays_with_it():
    # the F3 list ended a line with the quote alone: 'ต่างจาก "' / 'บ้านเรือน" ใน ...'
    assert tt.load_segmenter()
    text = 'ต่างจาก "บ้านเรือน" (คล้าย "นายกองค์การบริหารส่วนตำบล")'
    for words in (tt.thai_chunks, tt.text_words):
        chunks = [c for _s, _e, c in words(text)]
        assert "".join(chunks) == text
        assert '"' not in [c.strip() for c in chunks], chunks
        assert any(c.startswith('"บ้าน') for c in chunks)


def test_thai_chunks_split_words_and_keep_punctuation():
    assert tt.load_segmenter(["สำนักปลัด"])
    text = "เผยแพร่ผ่านช่องทางต่างๆ เช่น เว็บไซต์, โปสเตอร์ สำนักปลัดกองคลัง"
    chunks = [c for _s, _e, c in tt.thai_chunks(text)]
    assert "".join(chunks) == text
    assert "เว็บไซต์, " in chunks                  # no line starts with the comma
    assert any(c.startswith("ต่างๆ") for c in chunks)   # ๆ stays with its word
    assert "สำนักปลัด" in chunks and "กองคลัง" in chunks
    assert [c for _s, _e, c in tt.thai_chunks("plain english text")] == \
        ["plain ", "english ", "text"]


# -- Input -----------------------------------------------------------------------------------
async def test_input_left_then_backspace_does_not_corrupt():
    app = Host(WORD)
    async with app.run_test() as pilot:
        field = app.query_one("#input", ThaiInput)
        field.focus()
        await pilot.press("end", "left")
        assert field.cursor_position == 4           # before "ดี", not inside it
        await pilot.press("backspace")
        assert field.value == "สวัดี"               # "ส" went, "ดี" is whole


async def test_input_backspace_and_delete():
    app = Host(WORD)
    async with app.run_test() as pilot:
        field = app.query_one("#input", ThaiInput)
        field.focus()
        await pilot.press("end", "backspace")
        assert field.value == "สวัสด"               # the vowel typed last
        await pilot.press("home", "right")
        assert field.cursor_position == 1
        await pilot.press("delete")
        assert field.value == "สสด"                 # "วั" went as a whole
        field.cursor_position = 2                    # a click inside a cluster snaps back
        field.value = WORD
        field.cursor_position = 2
        assert field.cursor_position == 1


async def test_input_selection_by_clusters():
    app = Host(WORD)
    async with app.run_test() as pilot:
        field = app.query_one("#input", ThaiInput)
        field.focus()
        await pilot.press("end", "shift+left")
        assert field.selected_text == "ดี"


# -- TextArea --------------------------------------------------------------------------------
async def test_textarea_moves_and_deletes_by_cluster():
    app = Host(WORD)
    async with app.run_test() as pilot:
        area = app.query_one("#area", ThaiTextArea)
        area.focus()
        await pilot.press("end", "left")
        assert area.cursor_location == (0, 4)
        await pilot.press("backspace")
        assert area.text == "สวัดี"
        await pilot.press("end", "backspace")
        assert area.text == "สวัด"
        await pilot.press("home", "delete")
        assert area.text == "วัด"
        await pilot.press("delete")
        assert area.text == "ด"
        area.text = WORD
        area.move_cursor((0, 2))                    # inside "วั"
        assert area.cursor_location == (0, 1)


async def test_textarea_wraps_between_thai_words():
    assert tt.install_thai_wrap()
    assert tt.load_segmenter()
    text = ("เทศบาลตำบลบ้านเรือนดำเนินการประชาสัมพันธ์ระบบบริการออนไลน์ผ่านช่องทาง"
            "ของเว็บไซต์เทศบาลอยู่ตลอดเวลา")
    app = Host(text, width=24)
    async with app.run_test() as pilot:
        area = app.query_one("#area", ThaiTextArea)
        await pilot.pause()
        lines = area.wrapped_document.lines[0]
        assert len(lines) > 2 and "".join(lines) == text
        starts = {s for s, _e, _c in tt.thai_chunks(text)}
        offset = 0
        for line in lines[:-1]:
            offset += len(line)
            assert offset in starts, f"cut inside a word: {line!r}"


# -- word moves, selection and clicks in one-line inputs -------------------------------------
PHRASE = "ประชาสัมพันธ์ระบบบริการออนไลน์"


async def test_input_moves_by_thai_word():
    assert tt.load_segmenter()
    app = Host(PHRASE)
    async with app.run_test() as pilot:
        field = app.query_one("#input", ThaiInput)
        field.focus()
        await pilot.press("end", "ctrl+left")
        assert PHRASE[field.cursor_position:] == "ออนไลน์"
        await pilot.press("ctrl+left")
        assert PHRASE[field.cursor_position:] == "บริการออนไลน์"
        await pilot.press("ctrl+right")
        assert PHRASE[field.cursor_position:] == "ออนไลน์"
        await pilot.press("home", "ctrl+shift+right")
        assert field.selected_text == "ประชาสัมพันธ์"
        await pilot.press("end", "ctrl+w")                # delete the word before the cursor
        assert field.value == "ประชาสัมพันธ์ระบบบริการ"


async def test_input_ctrl_w_at_the_end_leaves_no_space_in_the_box():
    assert tt.load_segmenter()
    app = Host("สำนักปลัดเทศบาล กองคลัง")
    async with app.run_test() as pilot:
        field = app.query_one("#input", ThaiInput)
        field.focus()
        await pilot.press("end", "ctrl+w")
        assert field.value == "สำนักปลัดเทศบาล"             # not "สำนักปลัดเทศบาล "
        field.value = "office of the mayor"                # no Thai: Textual's own word rule
        await pilot.press("end", "ctrl+w")
        assert field.value == "office of the"
        field.value = "ผลดี มาก ขึ้น"                        # in the middle: only the word goes
        field.cursor_position = 9
        await pilot.press("ctrl+w")
        assert field.value == "ผลดี ขึ้น"


async def test_input_keeps_every_line_of_a_paste():
    from textual import events

    app = Host("เรียน ")
    async with app.run_test() as pilot:
        field = app.query_one("#input", ThaiInput)
        field.focus()
        await pilot.press("end")
        field.post_message(events.Paste("นายกเทศมนตรี\r\n  ตำบลบ้านเรือน\n\nและปลัดเทศบาล\n"))
        await pilot.pause()
        assert field.value == "เรียน นายกเทศมนตรี ตำบลบ้านเรือน และปลัดเทศบาล"
        field.post_message(events.Paste("หนึ่งบรรทัด"))
        await pilot.pause()
        assert field.value.endswith("ปลัดเทศบาลหนึ่งบรรทัด")


async def test_input_undo_and_redo_with_ctrl_z_and_ctrl_y():
    """Textual's Input has no undo: ctrl+a then ctrl+k emptied a field for good."""
    app = Host("สำนักงาน")
    async with app.run_test() as pilot:
        field = app.query_one("#input", ThaiInput)
        field.focus()
        await pilot.press("end", *"เทศบาลตำบล")         # typed one by one: one undo step
        assert field.value == "สำนักงานเทศบาลตำบล"
        await pilot.press("ctrl+a", "ctrl+k")
        assert field.value == ""
        await pilot.press("ctrl+z")
        assert field.value == "สำนักงานเทศบาลตำบล" and field.cursor_position == 0
        await pilot.press("ctrl+z")                     # the typing, as one step
        assert field.value == "สำนักงาน" and field.cursor_position == len("สำนักงาน")
        await pilot.press("ctrl+z")                     # nothing older: stays
        assert field.value == "สำนักงาน"
        await pilot.press("ctrl+y")
        assert field.value == "สำนักงานเทศบาลตำบล"
        await pilot.press("ctrl+y")
        assert field.value == ""
        await pilot.press("ctrl+z", "end", "backspace")  # a new edit drops what could be redone
        assert field.value == "สำนักงานเทศบาลตำบ"
        await pilot.press("ctrl+y")
        assert field.value == "สำนักงานเทศบาลตำบ"
        await pilot.press("ctrl+z")
        assert field.value == "สำนักงานเทศบาลตำบล"


async def test_input_undo_is_bounded():
    from itatui.tui.widgets.thai_input import UNDO_LIMIT

    app = Host("")
    async with app.run_test() as pilot:
        field = app.query_one("#input", ThaiInput)
        field.focus()
        for _ in range(UNDO_LIMIT + 20):
            field.insert_text_at_cursor("ก")
            field.action_cursor_left()                 # a move between: a step each
        await pilot.pause()
        for _ in range(UNDO_LIMIT + 20):
            field.action_undo()
        assert len(field.value) == 20                  # the oldest 20 steps are forgotten


async def test_textarea_moves_by_thai_word_and_selects_clusters():
    assert tt.load_segmenter()
    app = Host(PHRASE)
    async with app.run_test() as pilot:
        area = app.query_one("#area", ThaiTextArea)
        area.focus()
        await pilot.press("end", "ctrl+left")
        assert PHRASE[area.cursor_location[1]:] == "ออนไลน์"
        await pilot.press("end", "shift+left", "shift+left")
        assert area.selected_text == "ลน์"                # two whole clusters: ล and น์


async def test_mouse_clicks_land_on_cluster_bounds():
    text = "น้ำใจดี"               # น้ำ: one cluster of three code points in two cells
    app = Host(text)
    async with app.run_test() as pilot:
        field = app.query_one("#input", ThaiInput)
        area = app.query_one("#area", ThaiTextArea)
        for x in range(0, 6):
            await pilot.click("#input", offset=(x + 1, 1))
            assert field.cursor_position in tt.cluster_bounds(text)
            await pilot.click("#area", offset=(x + 1, 1))
            assert area.cursor_location[1] in tt.cluster_bounds(text)


async def test_list_items_move_up_and_down():
    from itatui.tui.widgets.list_text_area import ListTextArea

    class ListHost(App[None]):
        def compose(self) -> ComposeResult:
            yield ListTextArea("หนึ่ง\nสอง\nสาม", id="list")

    app = ListHost()
    async with app.run_test() as pilot:
        area = app.query_one("#list", ListTextArea)
        area.focus()
        area.move_cursor((2, 1))
        await pilot.press("alt+up")
        assert area.text == "หนึ่ง\nสาม\nสอง" and area.cursor_location[0] == 1
        await pilot.press("alt+up")
        assert area.text == "สาม\nหนึ่ง\nสอง"
        await pilot.press("alt+up")                         # already first: nothing moves
        assert area.text == "สาม\nหนึ่ง\nสอง"
        await pilot.press("alt+down", "alt+down")
        assert area.text == "หนึ่ง\nสอง\nสาม"
        await pilot.press("ctrl+z")
        assert area.text == "หนึ่ง\nสาม\nสอง"
