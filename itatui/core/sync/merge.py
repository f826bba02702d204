"""A field-level three-way merge of two versions of a TOML record against their common base.

The result is *mine* (the local file, with its layout and comments) with every field that only
*theirs* changed copied over from theirs (the item itself, so its layout comes along). A field
changed on both sides to different values is a :class:`Conflict` (key, base, mine, theirs); it is
left as mine in the text unless a resolution chooses otherwise. The text never holds conflict
markers: whatever happens it is a TOML document.

Granularity: a field is a dotted key as :mod:`itatui.core.schema` names it — a top-level key
(``outcome``), a key of a table (``drafter.name``, ``2568.1`` in the scores), or a key of one
table of an array of tables (``approvals.0.comment``) when no side added or removed a table of
that array.

A list (``units``, ``activities``, ``results``) changed on both sides is merged item by item
(a three-way merge of sequences, :mod:`merge3`): one officer rewording the second activity while
another adds a fifth is no conflict. Both sides inserting at the same place (two divisions each
adding their own activity at the end) keeps both insertions, ours first, without repeating an
item both added. Only an item changed or removed on both sides in different ways is a conflict,
and then the whole list is the conflicting field (the officer sees both lists).
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from typing import Any, Callable

from tomlkit.items import AoT, Table
from tomlkit.container import Container, OutOfOrderTableProxy

from itatui.core import schema, tomlio
from itatui.core.errors import RecordError

MINE, THEIRS, VALUE = "mine", "theirs", "value"

_MISSING = object()


@dataclass(frozen=True)
class Conflict:
    """One field changed on both sides. ``None`` stands for "not there" (TOML has no null)."""

    path: str
    key: str                      # dotted key; "" when the file itself could not be merged
    base: Any
    mine: Any
    theirs: Any

    @property
    def id(self) -> str:
        return f"{self.path}#{self.key}"

    @property
    def record_title(self) -> str:
        return schema.title_of(self.path)

    @property
    def label(self) -> str:
        if not self.key:
            return "ทั้งไฟล์"
        kind = schema.kind_of(self.path)
        return schema.field_label(kind, self.key) if kind else self.key

    def as_dict(self) -> dict:
        return {"path": self.path, "key": self.key, "base": self.base, "mine": self.mine,
                "theirs": self.theirs}

    @classmethod
    def from_dict(cls, d: dict) -> "Conflict":
        return cls(d["path"], d["key"], d.get("base"), d.get("mine"), d.get("theirs"))


@dataclass(frozen=True)
class Resolution:
    """How one conflict is settled: keep mine, take theirs, or an edited value."""

    take: str                     # MINE, THEIRS or VALUE
    value: Any = None

    def as_dict(self) -> dict:
        return {"take": self.take, "value": self.value} if self.take == VALUE else \
            {"take": self.take}

    @classmethod
    def from_dict(cls, d: dict) -> "Resolution":
        take = d.get("take")
        if take not in (MINE, THEIRS, VALUE):
            raise ValueError(f"unknown resolution {take!r}")
        return cls(take, d.get("value"))

    def describe(self) -> str:
        return {MINE: "ใช้ค่าของเรา (ในเครื่อง)", THEIRS: "ใช้ค่าจากคลังกลาง",
                VALUE: "ใช้ค่าที่แก้ไขใหม่"}[self.take]


Resolver = Callable[[Conflict], "Resolution | None"]


@dataclass
class MergeResult:
    text: str
    conflicts: list[Conflict] = field(default_factory=list)     # unresolved
    resolved: list[tuple[Conflict, Resolution]] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)              # keys taken from theirs

    @property
    def clean(self) -> bool:
        return not self.conflicts


class _Merger:
    def __init__(self, path: str, resolver: Resolver | None) -> None:
        self.path = path
        self.resolver = resolver
        self.conflicts: list[Conflict] = []
        self.resolved: list[tuple[Conflict, Resolution]] = []
        self.taken: list[str] = []
        self.values: list[tuple[str, Any]] = []   # edited values, applied after the walk

    # -- walking -----------------------------------------------------------------------------
    def node(self, prefix: str, base: Any, mine: Any, theirs: Any) -> None:
        """Merge the keys of three tables into ``mine`` (a tomlkit container or table)."""
        keys = list(_keys(mine))
        keys += [k for k in _keys(theirs) if k not in keys]
        for k in keys:
            b = _get(base, k)
            m = _get(mine, k)
            t = _get(theirs, k)
            key = f"{prefix}{k}"
            if _is_table(m) and _is_table(t) and (b is _MISSING or _is_table(b)):
                self.node(key + ".", b if b is not _MISSING else {}, m, t)
            elif (isinstance(m, AoT) and isinstance(t, AoT) and isinstance(b, AoT)
                  and len(m) == len(t) == len(b)):
                for i in range(len(m)):
                    self.node(f"{key}.{i}.", b[i], m[i], t[i])
            else:
                self.leaf(key, mine, k, b, m, t)

    def leaf(self, key: str, container: Any, k: str, b: Any, m: Any, t: Any) -> None:
        nb, nm, nt = _norm(b), _norm(m), _norm(t)
        if nm == nt or nt == nb:
            return                                    # same on both sides, or only mine changed
        if nm == nb:
            self._take(container, k, t)               # only theirs changed
            self.taken.append(key)
            return
        merged = _merge_lists(b, m, t)
        if merged is not None:
            self.values.append((key, merged))
            self.taken.append(key)
            return
        conflict = Conflict(self.path, key, _plain(b), _plain(m), _plain(t))
        choice = self.resolver(conflict) if self.resolver else None
        if choice is None:
            self.conflicts.append(conflict)
            return
        self.resolved.append((conflict, choice))
        if choice.take == THEIRS:
            self._take(container, k, t)
        elif choice.take == VALUE:
            self.values.append((key, choice.value))

    @staticmethod
    def _take(container: Any, k: str, item: Any) -> None:
        if item is _MISSING:
            if k in container:
                del container[k]
        else:
            container[k] = copy.deepcopy(item)


def _keys(node: Any) -> list[str]:
    if node is _MISSING or node is None:
        return []
    try:
        return [str(k) for k in node.keys()]
    except AttributeError:
        return []


def _get(node: Any, k: str) -> Any:
    if node is _MISSING or node is None:
        return _MISSING
    try:
        return node[k] if k in node else _MISSING
    except (TypeError, KeyError):
        return _MISSING


def _is_table(x: Any) -> bool:
    return isinstance(x, (Table, Container, OutOfOrderTableProxy, dict))


def _plain(x: Any) -> Any:
    return None if x is _MISSING else tomlio.plain(x)


def _norm(x: Any) -> Any:
    """A comparable form of a value that tells 1, 1.0 and True apart and ignores layout."""
    if x is _MISSING:
        return ("missing",)
    return _norm_plain(tomlio.plain(x))


def _norm_plain(v: Any) -> Any:
    if isinstance(v, dict):
        return ("table", tuple(sorted((str(k), _norm_plain(x)) for k, x in v.items())))
    if isinstance(v, (list, tuple)):
        return ("list", tuple(_norm_plain(x) for x in v))
    return (type(v).__name__, v)


def _merge_lists(b: Any, m: Any, t: Any) -> list | None:
    """The item-by-item merge of three versions of a list, or None when it is a conflict (or
    the values are not all lists)."""
    if not all(x is not _MISSING for x in (b, m, t)):
        return None
    pb, pm, pt = tomlio.plain(b), tomlio.plain(m), tomlio.plain(t)
    if not all(isinstance(x, list) for x in (pb, pm, pt)):
        return None
    import merge3

    nb, nm, nt = ([_norm_plain(v) for v in x] for x in (pb, pm, pt))
    out: list = []
    for region in merge3.Merge3(nb, nm, nt).merge_regions():
        what = region[0]
        if what == "unchanged":
            out += pb[region[1]:region[2]]
        elif what in ("a", "same"):
            out += pm[region[1]:region[2]]
        elif what == "b":
            out += pt[region[1]:region[2]]
        else:                                         # conflict
            zs, ze, ms, me, ts, te = region[1:]
            if zs != ze:
                return None                           # the same items changed on both sides
            out += pm[ms:me]                          # both inserted here: ours, then theirs
            seen = set(nm[ms:me])
            out += [v for v, n in zip(pt[ts:te], nt[ts:te]) if n not in seen]
    return out


def _parse(text: str, path: str, side: str):
    try:
        return tomlio.parse(text, path)
    except RecordError as exc:
        raise UnmergeableError(f"{side}: {exc.message}", path=path, line=exc.line) from None


class UnmergeableError(RecordError):
    """A version of the file is not valid TOML, so it cannot be merged field by field."""


def merge_texts(base: str | None, mine: str, theirs: str, path: str,
                resolver: Resolver | None = None) -> MergeResult:
    """Merge ``mine`` and ``theirs`` (texts of one record) against ``base`` field by field.

    Raises :class:`UnmergeableError` when mine or theirs is not valid TOML (a broken base is read
    as empty, so every differing field becomes a conflict).
    """
    base = base or ""
    if mine == theirs or theirs == base:
        return MergeResult(mine)
    if mine == base:
        return MergeResult(theirs)
    mdoc = _parse(mine, path, "ฉบับในเครื่อง")
    tdoc = _parse(theirs, path, "ฉบับจากคลังกลาง")
    try:
        bdoc = tomlio.parse(base, path)
    except RecordError:
        bdoc = tomlio.parse("", path)
    m = _Merger(path, resolver)
    m.node("", bdoc, mdoc, tdoc)
    for key, value in m.values:
        tomlio.set_value(mdoc, key, value)
    text = tomlio.dumps(mdoc)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:   # never hand git a broken file
        raise UnmergeableError(f"ผลการรวมไม่ใช่ TOML ที่ถูกต้อง ({exc})", path=path) from None
    return MergeResult(text, m.conflicts, m.resolved, m.taken)
