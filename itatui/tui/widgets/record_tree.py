"""The report as a tree: the memo and its parts, the plan's records under their own group
(when the repository has records/plan/), then each issue with its measures."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from itatui.core import schema
from itatui.core.records import Record
from itatui.tui.thai_text import cut_index, shorten

# The records shown above the issues, in the order of the printed report.
TOP_PATHS = tuple(
    schema.KIND_BY_NAME[name].singleton_path
    for name in ("memo", "signers", "report", "agency", "units", "scores")
)
#: the plan's own records (records/plan/), under their group in the tree in this order: its
#: memo, its signers, then its title, objective and analysis
PLAN_PATHS = tuple(
    schema.KIND_BY_NAME[name].singleton_path for name in ("plan_memo", "plan_signers", "plan")
)
PLAN_GROUP = schema.DOCUMENT_LABELS["plan"]
#: the plan record's label under its group (the group already says "แผน (มาตรการ...)")
PLAN_RECORD_LABEL = "ชื่อแผนและผลการวิเคราะห์"
NAME_CELLS = 120    # at most this much of an issue title or measure name goes into a label;
                    # the tree cuts it to its own width (RecordTree.render_label)

DIRTY_MARK = "●"
BROKEN_MARK = "⚠"


def tree_title(rec: Record) -> str:
    """The record's name in the tree and atop its form (the plan record: what it holds, as its
    group in the tree already says "แผน (มาตรการส่งเสริมคุณธรรม)")."""
    return PLAN_RECORD_LABEL if rec.kind.name == "plan" else rec.title


def record_label(rec: Record, *, dirty: bool = False, short: bool = False) -> Text:
    """The tree label of a record: its Thai title, a shortened name, and its state marks."""
    label = Text()
    if dirty:
        label.append(DIRTY_MARK + " ", style="bold yellow")
    if rec.error is not None:
        label.append(BROKEN_MARK + " ", style="bold red")
    title = tree_title(rec)
    if short and rec.kind.name == "measure":
        issue_title = schema.title_of(schema.issue_path(rec.numbers[0]))
        title = title.removeprefix(issue_title).strip()
    label.append(title, style="bold" if rec.kind.name == "issue" else "")
    name = ""
    if rec.error is None:
        if rec.kind.name == "issue":
            name = str(rec.get("title", "") or "")
        elif rec.kind.name == "measure":
            name = str(rec.get("name", "") or "")
    if name.strip():
        label.append(" " + shorten(name, NAME_CELLS), style="dim")
    if rec.error is not None:
        label.append(" (อ่านไม่ได้)", style="red")
    return label


class RecordTree(Tree[str]):
    """Tree of the report's records; each node's ``data`` is the record's path.

    Keys for the report's structure (each change is one commit): i adds an issue, a adds a
    measure, alt+Up/Down move the selected issue or measure, delete removes it."""

    BINDINGS = [
        Binding("a", "app.add_measure", "เพิ่มมาตรการ"),
        Binding("i", "app.add_issue", "เพิ่มประเด็น"),
        Binding("alt+up", "app.move_record(-1)", "ย้ายขึ้น", show=False),
        Binding("alt+down", "app.move_record(1)", "ย้ายลง", show=False),
        Binding("delete", "app.remove_record", "ลบ"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        # a Text, not a str: Textual reads a str label as markup, which imports Rich's emoji
        # table (3 ms of the cold start) for a root that is not even shown
        super().__init__(Text("รายงาน ITA"), id=id)
        self.show_root = False
        self.guide_depth = 3
        self.auto_expand = False      # Enter opens the record; space folds an issue
        self._record_nodes: dict[str, TreeNode[str]] = {}

    def populate(self, records: dict[str, Record], dirty: set[str]) -> None:
        """Build the tree from ``records`` (path -> Record)."""
        self.clear()
        self._record_nodes.clear()
        root = self.root
        for path in TOP_PATHS:
            rec = records.get(path)
            if rec is not None:
                self._record_nodes[path] = root.add_leaf(record_label(rec, dirty=path in dirty), data=path)
        plan = [path for path in PLAN_PATHS if path in records]
        if plan:            # the plan's records under their own group, before the issues
            group = root.add(Text(PLAN_GROUP, style="bold"), data=None, expand=True)
            for path in plan:
                self._record_nodes[path] = group.add_leaf(
                    record_label(records[path], dirty=path in dirty), data=path)
        issues = sorted({rec.numbers[0] for rec in records.values()
                         if rec.kind.name in ("issue", "measure")})
        for number in issues:
            ipath = schema.issue_path(number)
            irec = records.get(ipath)
            if irec is not None:
                label = record_label(irec, dirty=ipath in dirty)
            else:   # measures whose issue file is missing still get a heading
                label = Text(schema.title_of(ipath), style="bold")
                label.append(" (ไม่มีไฟล์ประเด็น)", style="dim")
            inode = root.add(label, data=ipath if irec is not None else None, expand=True)
            if irec is not None:
                self._record_nodes[ipath] = inode
            measures = sorted((r for r in records.values()
                               if r.kind.name == "measure" and r.numbers[0] == number),
                              key=lambda r: r.numbers)
            for mrec in measures:
                self._record_nodes[mrec.path] = inode.add_leaf(
                    record_label(mrec, dirty=mrec.path in dirty, short=True), data=mrec.path)
        # other records with editable fields (kinds added to the schema later) come last
        for path, rec in sorted(records.items()):
            if (path in TOP_PATHS or path in PLAN_PATHS or rec.kind.name in ("issue", "measure")
                    or rec.kind.dynamic):
                continue
            self._record_nodes[path] = root.add_leaf(record_label(rec, dirty=path in dirty),
                                                     data=path)
        root.expand()

    def render_label(self, node: TreeNode[str], base_style, style) -> Text:
        """The label cut to the tree's width with "…" at the end of a word (a Thai word once
        the segmenter is loaded), not cropped by the border in the middle of a word."""
        label = super().render_label(node, base_style, style)
        room = self.scrollable_content_region.width
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        room -= depth * self.guide_depth
        if room <= 1 or label.cell_len <= room:
            return label
        cut = cut_index(label.plain, room - 1)
        short = label[:cut]
        short.rstrip()
        short.append("…", style=label.get_style_at_offset(self.app.console, max(cut - 1, 0))
                     if cut else "")
        return short

    def render_lines(self, crop):
        self._drawn_at = (self.outer_size, self.size)
        room = self.scrollable_content_region.width
        if room != getattr(self, "_label_room", room):
            # the labels (and the tree's width) were cut for another width: after a resize,
            # or a scrollbar that came or went
            self._invalidate()
        self._label_room = room
        return super().render_lines(crop)

    def _on_resize(self, event) -> None:
        """Textual's tree drops every drawn line on a resize (``Tree._on_resize``), even on the
        Resize that follows the first layout, where the size is the one the lines were just
        drawn at: the first screen's tree would be drawn twice. Lines drawn at another width
        are not reused anyway (their cache is keyed by the width)."""
        if getattr(self, "_drawn_at", None) == (event.size, self.size):
            self._line_cache.grow(event.size.height)
            event.prevent_default()         # not Tree._on_resize

    def node_for(self, path: str) -> TreeNode[str] | None:
        return self._record_nodes.get(path)

    def paths(self) -> list[str]:
        return list(self._record_nodes)

    def update_record(self, rec: Record, dirty: bool) -> None:
        node = self._record_nodes.get(rec.path)
        if node is not None:
            node.set_label(record_label(rec, dirty=dirty, short=rec.kind.name == "measure"))

    def issue_count(self) -> int:
        return sum(1 for p in self._record_nodes if schema.kind_of(p).name == "issue")

    def select_path(self, path: str) -> bool:
        """Move the cursor to ``path``'s node (expanding its issue). False if not in the tree."""
        node = self._record_nodes.get(path)
        if node is None:
            return False
        if node.parent is not None:
            node.parent.expand()
        self.move_cursor(node)
        return True
