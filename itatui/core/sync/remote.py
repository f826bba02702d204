"""Sharing the records through a git remote: fetch, integrate by a merge, push; clone; ahead/behind.

Integration is a **merge**, never a rebase: every officer's commit stays exactly as they made it
(same id, author, date, signature), and the merge commit records who integrated, what came in and
how each conflicting field was settled. When there is nothing local to keep, the branch simply
fast-forwards (no merge commit).

A sync never leaves the repository half-done:

1. the work tree must be clean (every save is a commit, so it is unless a file was edited by
   hand);
2. ``git fetch`` (only the remote-tracking ref moves);
3. the merge is computed in memory with ``git merge-tree --write-tree`` — the record merge
   driver runs on every record changed on both sides — and nothing in the work tree, the index
   or the branch changes; a conflict ends the sync here, with the repository as it was;
4. the merge commit is written as an object (``git commit-tree``) and **pushed first**;
5. only when the remote has it does the local branch move to it (``git merge --ff-only``).

Releases travel with the branch: every fetch mirrors the remote's release tags (``ita-*``) under
``refs/itatui/remote-tags/<remote>/`` (:data:`itatui.core.audit.releases.REMOTE_TAGS`); a sync
pushes the release tags the remote lacks and, once the branch is integrated, adds the ones
only the remote has. A release tag that is not the same tag object here and there stops the
sync before anything changes (:class:`ReleaseTagMismatch`): a release tag is never moved,
re-created or overwritten, on either side (no force push or fetch of tags).

So an unreachable remote, a conflict, or a rejected push all leave the branch, the index and the
files exactly as they were; no local commit is ever lost.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from itatui.core import schema
from itatui.core.config import load_config
from itatui.core.errors import GitError, ItatuiError
from itatui.core.history import History
from itatui.core.identity import Officer
from itatui.core.message import (TRAILER_FIELD, TRAILER_MERGE_RENAMED, TRAILER_RECORD,
                                 TRAILER_TOOL)
from itatui.core.sync.driver import (ENV_PREFER, ENV_REPORT, ENV_RESOLUTIONS, install_driver)
from itatui.core.sync.conflict_report import marked_change
from itatui.core.sync.merge import MINE, THEIRS, Conflict, Resolution
from itatui.core.zones import agency_zone, be_datetime, zone_note

NETWORK_TIMEOUT = 120          # seconds for one fetch or push without prompts
#: release tags and where a fetch mirrors the remote's — the names of
#: :mod:`itatui.core.audit.releases` (audit and sync are independent layers; a test keeps the
#: two the same)
RELEASE_PREFIX = "ita-"
REMOTE_TAGS = "refs/itatui/remote-tags"
PUSH_ATTEMPTS = 3              # someone pushed between our fetch and our push: fetch again


class RemoteError(GitError):
    """The remote could not be reached or refused us. Nothing local changed."""


class ReleaseTagMismatch(ItatuiError):
    """A release tag differs between this clone and the remote. Nothing changed on either."""

    def __init__(self, message: str, names: list[str]) -> None:
        self.names = names
        super().__init__(message)


class SyncConflict(ItatuiError):
    """The same field was changed on both sides. Nothing local changed."""

    def __init__(self, message: str, conflicts: list[Conflict], structural: list[str],
                 authors: dict[str, tuple[str, str]] | None = None) -> None:
        self.conflicts = conflicts
        self.structural = structural
        self.authors = authors or {}
        super().__init__(message)


@dataclass
class SyncResult:
    remote: str
    branch: str
    received: int = 0                  # commits that came in from the remote
    sent: int = 0                      # commits the remote did not have before
    merge_commit: str | None = None
    fast_forward: bool = False
    changed: list[str] = field(default_factory=list)   # paths changed in the work tree
    resolved: list[tuple[Conflict, Resolution]] = field(default_factory=list)
    ahead: int = 0
    behind: int = 0
    created_upstream: bool = False
    #: records the sync renumbered in the work tree (another officer's structural change):
    #: path before -> path after, None for a record removed there
    renamed: dict[str, str | None] = field(default_factory=dict)
    tags_received: list[str] = field(default_factory=list)   # release tags added here
    tags_sent: list[str] = field(default_factory=list)       # release tags pushed


# -- running git ---------------------------------------------------------------------------------
def _run(hist: History, *args: str, env: dict | None = None,
         timeout: float | None = None) -> tuple[int, str, str]:
    """Run git under the repository's lock; returns (status, stdout, stderr), never raises."""
    return hist.git_status(*args, env=env, timeout=timeout)


def _ok(hist: History, *args: str, env: dict | None = None) -> str:
    status, out, err = _run(hist, *args, env=env)
    if status != 0:
        raise GitError(f"คำสั่ง git {args[0]} ไม่สำเร็จ: {err.strip() or out.strip()}")
    return out


def _net_env(interactive: bool) -> dict:
    env = {"LC_ALL": "C", "LANGUAGE": "C"}      # git's messages are matched below
    if not interactive:
        env["GIT_TERMINAL_PROMPT"] = "0"
        env.setdefault("GIT_SSH_COMMAND", os.environ.get("GIT_SSH_COMMAND")
                       or "ssh -o BatchMode=yes -o ConnectTimeout=20")
    return env


def _rev(hist: History, ref: str) -> str:
    status, out, _ = _run(hist, "rev-parse", "--verify", "--quiet", ref + "^{commit}")
    return out.strip() if status == 0 else ""


def _count(hist: History, rng: str) -> int:
    return int(_ok(hist, "rev-list", "--count", rng).strip() or 0)


def current_branch(hist: History) -> str:
    status, out, _ = _run(hist, "symbolic-ref", "--quiet", "--short", "HEAD")
    if status != 0:
        raise GitError("คลังอยู่ในสถานะ detached HEAD (ไม่ได้อยู่บนกิ่งใด) จึงซิงก์ไม่ได้ — "
                       "กลับไปที่กิ่งหลักด้วย git switch main")
    return out.strip()


def remotes(hist: History) -> list[str]:
    return [r for r in _ok(hist, "remote").split() if r]


def remote_url(hist: History, remote: str) -> str:
    status, out, _ = _run(hist, "remote", "get-url", remote)
    return out.strip() if status == 0 else ""


def choose_remote(hist: History, branch: str, remote: str | None = None) -> str:
    """The remote to sync with: asked for, the branch's upstream, ``origin``, or the only one."""
    names = remotes(hist)
    if remote:
        if remote not in names:
            raise RemoteError(f"ไม่มีคลังกลางชื่อ '{remote}' ในคลังนี้ (มี: "
                              f"{', '.join(names) or 'ไม่มี'})")
        return remote
    status, out, _ = _run(hist, "config", "--get", f"branch.{branch}.remote")
    if status == 0 and out.strip() in names:
        return out.strip()
    if "origin" in names:
        return "origin"
    if len(names) == 1:
        return names[0]
    if not names:
        raise RemoteError("ยังไม่ได้ตั้งค่าคลังกลาง (remote) ของคลังนี้ — ตั้งด้วย "
                          "itatui sync --set-remote URL หรือเข้าร่วมคลังของหน่วยงานด้วย "
                          "itatui clone URL DIR")
    raise RemoteError(f"คลังนี้มีคลังกลางหลายแห่ง ({', '.join(names)}) — ระบุด้วย --remote NAME")


def _upstream_branch(hist: History, branch: str) -> str:
    status, out, _ = _run(hist, "config", "--get", f"branch.{branch}.merge")
    if status == 0 and out.strip().startswith("refs/heads/"):
        return out.strip()[len("refs/heads/"):]
    return branch


def set_remote(root: str | Path, url: str, name: str = "origin") -> None:
    """Add the remote ``name`` with ``url``, or change its URL."""
    hist = History.open(root)
    if name in remotes(hist):
        _ok(hist, "remote", "set-url", name, url)
    else:
        _ok(hist, "remote", "add", name, url)


def ahead_behind(root: str | Path) -> tuple[int, int]:
    """(commits here not yet sent, commits fetched not yet integrated), without the network.

    Compares the branch with its remote-tracking ref as of the last fetch. With no remote at all
    it is (0, 0); with a remote that never received this branch every commit counts as ahead.
    """
    hist = History.open(root)
    if not hist.head():
        return (0, 0)
    try:
        branch = current_branch(hist)
        remote = choose_remote(hist, branch)
    except GitError:
        return (0, 0)
    tracking = _rev(hist, f"refs/remotes/{remote}/{_upstream_branch(hist, branch)}")
    if not tracking:
        return (_count(hist, "HEAD"), 0)
    out = _ok(hist, "rev-list", "--left-right", "--count", f"HEAD...{tracking}").split()
    return (int(out[0]), int(out[1]))


# -- preconditions -------------------------------------------------------------------------------
def _ensure_clean(hist: History) -> None:
    out = _ok(hist, "status", "--porcelain", "--untracked-files=no")
    dirty = [line[3:] for line in out.splitlines() if line.strip()]
    dirty += [p for p in hist.uncommitted("records") if p not in dirty]
    if dirty:
        shown = "\n".join(f"  - {p}" for p in dirty[:10])
        more = f"\n  และอีก {len(dirty) - 10} ไฟล์" if len(dirty) > 10 else ""
        raise GitError("มีไฟล์ที่เปลี่ยนแปลงแต่ยังไม่ได้บันทึกเป็น commit จึงยังไม่ซิงก์ "
                       f"(บันทึกหรือยกเลิกการแก้ไขก่อน):\n{shown}{more}")


def _network_message(remote: str, url: str, err: str, unsent: int, action: str) -> str:
    # git's whole message, every line of it (its last line alone can be a sentence's end:
    # "and the repository exists.")
    lines = [ln.rstrip() for ln in err.strip().splitlines() if ln.strip()]
    detail = "\n".join("    " + ln for ln in lines) if lines else "    (git ไม่ได้ให้รายละเอียด)"
    if any(s in err for s in ("Connection refused", "Could not resolve", "timed out",
                              "unable to connect", "Network is unreachable", "No route",
                              "does not appear to be a git repository", "not found",
                              "Could not read from remote", "unable to access")):
        reason = "ติดต่อคลังกลางไม่ได้"
    elif any(s in err for s in ("Authentication failed", "Permission denied", "403")):
        reason = "คลังกลางไม่ยอมรับสิทธิ์ของผู้ใช้นี้"
    else:
        reason = f"{action}ไม่สำเร็จ"
    keep = (f"งานในเครื่องยังอยู่ครบ (รอส่ง {unsent} commit)" if unsent
            else "งานในเครื่องยังอยู่ครบ")
    return (f"{reason} '{remote}' ({url}) จึงยังไม่ได้ซิงก์ และไม่ได้เปลี่ยนแปลงคลังในเครื่อง — "
            f"{keep} ตรวจการเชื่อมต่อเครือข่ายหรือที่อยู่คลังกลางแล้วลองใหม่\n"
            f"  ข้อความจาก git:\n{detail}")


# -- the merge -----------------------------------------------------------------------------------
def _last_author(hist: History, rng: str, path: str) -> tuple[str, str]:
    status, out, _ = _run(hist, "log", "-1", "--format=%an\x1f%aI", rng, "--", path)
    if status != 0 or not out.strip():
        return ("", "")
    name, _, date = out.strip().partition("\x1f")
    return (name, date)


def _read_report(path: Path) -> tuple[dict[str, list[Conflict]], list[tuple[Conflict, Resolution]]]:
    conflicts: dict[str, list[Conflict]] = {}
    resolved: dict[str, list[tuple[Conflict, Resolution]]] = {}
    if not path.exists():
        return {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        p = entry["path"]
        # a criss-cross merge merges its bases first: the last report of a path is the real one
        conflicts[p] = [Conflict.from_dict(c) for c in entry.get("conflicts", [])]
        resolved[p] = [(Conflict.from_dict(r["conflict"]), Resolution.from_dict(r["resolution"]))
                       for r in entry.get("resolved", [])]
    return ({p: c for p, c in conflicts.items() if c},
            [item for items in resolved.values() for item in items])


def _structural(messages: str, files: list[str], driver_paths: Iterable[str]) -> list[str]:
    """Conflicts git found that are not field conflicts (a record deleted on one side...)."""
    seen = set(driver_paths)
    found = []
    for line in messages.splitlines():
        line = line.strip()
        if line.startswith("CONFLICT") and "(content)" not in line:
            found.append(line)
    for f in files:
        if f not in seen and not any(f in s for s in found):
            found.append(f"CONFLICT: {f}")
    return found


def _fmt_value(value: Any, indent: str = "      ") -> str:
    if value is None:
        return f"{indent}(ไม่มีช่องนี้ / ถูกลบ)"
    if isinstance(value, list):
        if not value:
            return f"{indent}(รายการว่าง)"
        return "\n".join(f"{indent}{i}. {v}" for i, v in enumerate(value, 1))
    if isinstance(value, dict):
        return "\n".join(f"{indent}{k} = {v}" for k, v in value.items()) or f"{indent}(ว่าง)"
    text = str(value)
    if text == "":
        return f"{indent}(ว่าง)"
    return "\n".join(indent + ln for ln in text.strip("\n").splitlines())


_STRUCTURAL = (
    ("modify/delete", "ถูกลบในฝั่งหนึ่ง แต่ถูกแก้ไขในอีกฝั่ง"),
    ("rename/delete", "ถูกเปลี่ยนเลขในฝั่งหนึ่ง แต่ถูกลบในอีกฝั่ง"),
    ("rename/rename", "ถูกเปลี่ยนเลขเป็นคนละเลขในสองฝั่ง"),
    ("add/add", "ถูกสร้างขึ้นใหม่ในชื่อเดียวกันทั้งสองฝั่ง"),
    ("file/directory", "ชื่อไฟล์ชนกับชื่อโฟลเดอร์"),
    # found by itatui.core.sync.renumbering, not by git
    ("renumber/delete", "ถูกแก้ไขในฝั่งหนึ่ง แต่อีกฝั่งลบระเบียนนี้และให้เลขนี้แก่ระเบียนอื่นแล้ว"),
    ("renumber/add", "ถูกสร้างขึ้นใหม่ในฝั่งหนึ่ง แต่อีกฝั่งให้เลขนี้แก่ระเบียนที่ถูกเปลี่ยนเลข"),
    ("renumber/renumber", "ถูกเปลี่ยนเลขประเด็นหรือมาตรการไปคนละแบบทั้งในเครื่องและในคลังกลาง "
                          "ตั้งแต่ซิงก์ครั้งก่อน"),
)
_STRUCTURAL_ADVICE = {
    "renumber/delete": "ให้ฝั่งที่แก้ไขคัดลอกเนื้อหาที่ต้องการไว้ ยกเลิกการแก้ไขระเบียนที่ถูกลบ "
                       "(itatui restore) แล้วซิงก์ใหม่",
    "renumber/add": "ให้ฝั่งที่สร้างระเบียนใหม่ลบระเบียนนั้นก่อน ซิงก์ แล้วจึงเพิ่มใหม่",
    "renumber/renumber": "ให้ฝั่งหนึ่งย้ายประเด็นหรือมาตรการกลับเป็นเลขเดิมแล้วซิงก์ก่อน "
                         "จากนั้นจึงเปลี่ยนเลขใหม่",
    "add/add": "ให้ฝั่งที่ยังไม่ได้ส่งคัดลอกเนื้อหาไว้ ลบระเบียนใหม่ของตน ซิงก์ "
               "แล้วจึงเพิ่มใหม่ (จะได้เลขถัดไป)",
}


def _structural_thai(line: str) -> str:
    """A Thai reading of one of git's CONFLICT lines, naming the record."""
    path = next((w.rstrip(".,") for w in line.split() if w.startswith(schema.RECORDS_DIR + "/")),
                "")
    what = next((thai for key, thai in _STRUCTURAL if f"({key})" in line),
                "ถูกลบหรือเปลี่ยนเลขในฝั่งหนึ่ง ขณะที่อีกฝั่งแก้ไข")
    return f"{schema.title_of(path)} ({path}) {what}" if path else what


_MARKED = " — คำที่แก้จากค่าเดิม [-ลบ-] {+เพิ่ม+}"


def _fmt_marked(segs, indent: str = "      ") -> str:
    from itatui.core.worddiff import to_plain

    return "\n".join(indent + ln for ln in to_plain(segs).strip("\n").splitlines())


def conflict_message(remote: str, conflicts: list[Conflict], structural: list[str],
                     authors: dict[str, tuple[str, str]]) -> str:
    """The Thai report of a sync stopped by conflicts, with the ways to settle them."""
    what = "แก้ไขช่องเดียวกันทั้งในเครื่องและในคลังกลาง" if conflicts and not structural else \
        "การแก้ไขในเครื่องและในคลังกลางขัดกัน"
    out = [f"{what} '{remote}' {len(conflicts) + len(structural)} จุด "
           "จึงยังไม่ได้รวมและไม่ได้ส่ง — คลังในเครื่องยังเหมือนก่อนซิงก์ทุกประการ", ""]
    for c in conflicts:
        if not c.key:
            out.append(f"● {c.record_title} ({c.path}): "
                       "อ่านไฟล์เป็น TOML ไม่ได้ จึงรวมทีละช่องไม่ได้")
            continue
        out.append(f"● {c.record_title} ({c.path}) — ช่อง \"{c.label}\" ({c.key})")
        mine_by, theirs_by = authors.get(c.path + "#mine"), authors.get(c.path + "#theirs")
        # each side as the words it changed from the common base (conflict_report)
        marks = {side: marked_change(c, side) for side in ("mine", "theirs")}
        by = f" แก้โดย {mine_by[0]}" if mine_by and mine_by[0] else ""
        out.append(f"    ค่าของเรา (ในเครื่อง{by}){_MARKED if marks['mine'] else ''}:")
        out.append(_fmt_marked(marks["mine"]) if marks["mine"] else _fmt_value(c.mine))
        by = f" แก้โดย {theirs_by[0]}" if theirs_by and theirs_by[0] else ""
        out.append(f"    ค่าจากคลังกลาง ({remote}{by}){_MARKED if marks['theirs'] else ''}:")
        out.append(_fmt_marked(marks["theirs"]) if marks["theirs"] else _fmt_value(c.theirs))
        if not all(marks.values()):
            out.append("    ค่าเดิมก่อนแก้ทั้งสองฝั่ง:")
            out.append(_fmt_value(c.base))
    for s in structural:
        out.append(f"● เปลี่ยนโครงสร้างขัดกัน: {_structural_thai(s)}")
        advice = next((a for k, a in _STRUCTURAL_ADVICE.items() if f"({k})" in s), None)
        out.append(f"    วิธีแก้: {advice}" if advice else f"    (git: {s})")
    if conflicts:
        first = next((c for c in conflicts if c.key), None)
        out += ["", "เลือกค่าแล้วซิงก์ใหม่:",
                "  itatui sync --mine      ใช้ค่าของเราทุกช่องที่ขัดกัน",
                "  itatui sync --theirs    ใช้ค่าจากคลังกลางทุกช่องที่ขัดกัน"]
        if first:
            out += [f"  itatui sync --take {first.path} {first.key} mine|theirs"
                    "      เลือกทีละช่อง (ใช้ซ้ำได้)",
                    f"  itatui sync --value {first.path} {first.key} \"ค่าใหม่\""
                    "      ใส่ค่าที่แก้ไขเอง"]
    if structural:
        out += ["", "ความขัดกันเชิงโครงสร้างต้องตกลงกันก่อน: ให้ฝั่งหนึ่งแก้ตามอีกฝั่งแล้วบันทึก "
                "แล้วซิงก์ใหม่"]
    return "\n".join(out)


def _merge_message(remote: str, branch: str, incoming: list[tuple[str, int]],
                   changed: list[str], resolved: list[tuple[Conflict, Resolution]],
                   renumbering: list[str] = (), local: dict[str, str] | None = None) -> str:
    summary = f"รวมการแก้ไขจากคลังกลาง {remote}/{branch}"
    body = []
    if incoming:
        body.append("การแก้ไขที่รับเข้ามา:")
        body += [f"- {name} ({n} commit)" for name, n in incoming]
    records = [p for p in changed if schema.kind_of(p)]
    if records:
        body.append("ระเบียนที่เปลี่ยน:")
        body += [f"- {schema.title_of(p)} ({p})" for p in records]
    body += list(renumbering)
    if resolved:
        body.append("ช่องที่แก้ไขทั้งสองฝั่งและค่าที่เลือก:")
        body += [f"- {c.record_title}: {c.label} ({c.key}) — {r.describe()}" for c, r in resolved]
    trailers = [f"{TRAILER_TOOL}: merge"]
    trailer_records = records + [c.path for c, _ in resolved if c.path not in records]
    trailers += [f"{TRAILER_RECORD}: {p}" for p in dict.fromkeys(trailer_records)]
    trailers += [f"{TRAILER_FIELD}: {c.path}#{c.key}" for c, _ in resolved]
    trailers += [f"Resolution: {c.path}#{c.key}={r.take}" for c, r in resolved]
    trailers += [f"{TRAILER_MERGE_RENAMED}: {old} -> {new}"
                 for old, new in sorted((local or {}).items())]
    parts = [summary] + (["\n".join(body)] if body else []) + ["\n".join(trailers)]
    return "\n\n".join(parts) + "\n"


def _compute_merge(hist: History, remote: str, branch: str, tracking: str,
                   prefer: str | None, resolutions: dict[str, Resolution],
                   officer: Officer) -> tuple[str, list[str], list[tuple[Conflict, Resolution]]]:
    """The merge commit of HEAD and ``tracking`` as an object; no ref, index or file moves.

    A renumbering on one side is applied to the other before the merge
    (:mod:`itatui.core.sync.renumbering`), so an edit under a record's old number follows it.
    """
    from itatui.core.sync import renumbering

    status, out, _ = _run(hist, "merge-base", "HEAD", tracking)
    if status != 0:
        raise RemoteError(f"คลังในเครื่องกับคลังกลาง '{remote}' ไม่มีประวัติร่วมกันเลย "
                          "(เริ่มรายงานแยกกันคนละคลัง) จึงรวมกันไม่ได้ และไม่ได้เปลี่ยนแปลงอะไร — "
                          "เข้าร่วมคลังของหน่วยงานด้วย itatui clone URL DIR "
                          "แล้วนำการแก้ไขไปบันทึกในคลังนั้น")
    base = out.strip()
    tmp = Path(tempfile.mkdtemp(prefix="itatui-sync-"))
    try:
        plan = renumbering.plan(hist, base, hist.head(), tracking, str(tmp / "index"))
        if plan.structural:
            raise SyncConflict(conflict_message(remote, [], plan.structural, {}), [],
                               plan.structural, {})
        report = tmp / "report.jsonl"
        resfile = tmp / "resolutions.json"
        resfile.write_text(json.dumps({k: r.as_dict() for k, r in resolutions.items()},
                                      ensure_ascii=False), encoding="utf-8")
        env = {ENV_REPORT: str(report), ENV_RESOLUTIONS: str(resfile),
               ENV_PREFER: prefer or "", "LC_ALL": "C", "LANGUAGE": "C"}
        status, out, err = _run(hist, "merge-tree", "--write-tree", "--name-only", plan.left,
                                plan.right, env=env)
        if status not in (0, 1):
            if "write-tree" in err or "usage" in err:
                raise GitError("ต้องใช้ git รุ่น 2.38 ขึ้นไปจึงจะซิงก์ได้ (ไม่มี git merge-tree "
                               f"--write-tree): {err.strip()}")
            raise GitError(f"คำนวณการรวมไม่สำเร็จ: {err.strip() or out.strip()}")
        head_part, _, messages = out.partition("\n\n")
        lines = head_part.splitlines()
        tree, files = lines[0].strip(), [f for f in lines[1:] if f.strip()]
        conflicts, resolved = _read_report(report)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if status == 1 or conflicts:
        field_conflicts = [c for cs in conflicts.values() for c in cs]
        structural = _structural(messages, files, conflicts)
        mine_moved = plan.moved is not None and plan.moved.name == MINE
        authors = {}
        for p in conflicts:
            authors[p + "#mine"] = _last_author(hist, f"{base}..HEAD",
                                                p if mine_moved else plan.old_path(p))
            authors[p + "#theirs"] = _last_author(hist, f"{base}..{tracking}",
                                                  plan.old_path(p) if mine_moved else p)
        raise SyncConflict(conflict_message(remote, field_conflicts, structural, authors),
                           field_conflicts, structural, authors)
    changed = [p for p in _ok(hist, "diff", "--name-only", "HEAD", tree).splitlines() if p]
    incoming: dict[str, int] = {}
    for name in _ok(hist, "log", "--format=%an", f"HEAD..{tracking}").splitlines():
        incoming[name] = incoming.get(name, 0) + 1
    message = _merge_message(remote, branch, list(incoming.items()), changed, resolved,
                             plan.describe(), plan.local)
    sign = _run(hist, "config", "--bool", "--get", "commit.gpgsign")[1].strip()
    with tempfile.TemporaryDirectory(prefix="itatui-merge-") as tmp:
        msg = Path(tmp, "message")         # a renumbered report lists every record: -F, not -m
        msg.write_text(message, encoding="utf-8")
        args = ["commit-tree", tree, "-p", "HEAD", "-p", tracking, "-F", str(msg)]
        if sign == "true":
            args.insert(1, "-S")
        sha = _ok(hist, *args, env=officer.env()).strip()
    return sha, changed, resolved


# -- release tags --------------------------------------------------------------------------------
def _tags(hist: History, folder: str) -> dict[str, str]:
    """The release tags under ``folder`` (``refs/tags/``): name -> the object it names."""
    out = _ok(hist, "for-each-ref", "--format=%(refname) %(objectname)",
              f"{folder}{RELEASE_PREFIX}*")
    return {ref[len(folder):]: obj for ref, _, obj in (ln.partition(" ") for ln in
                                                        out.splitlines()) if ref}


@dataclass
class ReleaseTags:
    """This clone's release tags against the remote's (as of the last fetch)."""
    incoming: list[str]                 # only the remote has them
    outgoing: list[str]                 # only this clone has them
    differing: list[str]                # both, but not the same tag object


def release_tags(hist: History, remote: str) -> ReleaseTags:
    local = _tags(hist, "refs/tags/")
    theirs = _tags(hist, f"{REMOTE_TAGS}/{remote}/")
    return ReleaseTags(sorted(n for n in theirs if n not in local),
                       sorted(n for n in local if n not in theirs),
                       sorted(n for n in theirs if n in local and local[n] != theirs[n]))


def _describe_tag(hist: History, ref: str, zone) -> str:
    status, out, _ = _run(hist, "for-each-ref", "--format=%(objecttype)\x1f%(objectname:short=12)"
                          "\x1f%(*objectname:short=12)\x1f%(taggername)"
                          "\x1f%(creatordate:iso-strict)", ref)
    if status != 0 or not out.strip():
        return "(อ่านไม่ได้)"
    kind, obj, target, who, when = (out.strip().split("\x1f") + [""] * 5)[:5]
    if kind != "tag":
        return f"lightweight tag ชี้ไปที่ commit {obj}"
    if when:                            # in the agency's zone, as log and blame show times
        when = be_datetime(when, zone=zone)
    return f"tag {obj} ชี้ไปที่ commit {target} สร้างโดย {who or '-'} เมื่อ {when}"


def tag_mismatch_message(hist: History, remote: str, names: list[str]) -> str:
    zone = agency_zone(load_config().timezone)
    out = [f"tag ฉบับเผยแพร่ในเครื่องกับในคลังกลาง '{remote}' ไม่ตรงกัน {len(names)} รายการ "
           "จึงยังไม่ได้ซิงก์ และไม่ได้เปลี่ยนแปลงอะไรทั้งในเครื่องและในคลังกลาง "
           "(itatui ไม่ย้ายหรือเขียนทับ tag ฉบับเผยแพร่):", ""]
    for name in names:
        out.append(f"● {name}")
        out.append(f"    ในเครื่อง: {_describe_tag(hist, f'refs/tags/{name}', zone)}")
        out.append(f"    ในคลังกลาง: {_describe_tag(hist, f'{REMOTE_TAGS}/{remote}/{name}', zone)}")
    out += ["", "ฉบับเผยแพร่หนึ่งชื่อมีได้ tag เดียว: ตรวจด้วย itatui verify --history ทั้งในเครื่องนี้"
            "และในเครื่องของผู้เผยแพร่ แล้วให้ผู้ดูแลคลังตัดสินว่า tag ใดเป็นของจริง "
            "ก่อนซิงก์อีกครั้ง", f"(เวลาทั้งหมดเป็น{zone_note(zone)})"]
    return "\n".join(out)


# -- fetch ---------------------------------------------------------------------------------------
def _fetch(hist: History, remote: str, url: str, rbranch: str, net: dict,
           timeout: float | None) -> str:
    """``git fetch`` of the branch into its remote-tracking ref; returns that ref's commit ("" for
    a remote that has no such branch yet). Raises RemoteError (nothing local changed).

    The repository's lock is NOT held: a fetch only adds objects and moves
    ``refs/remotes/...``, which a save (index, ``HEAD``, ``refs/heads/...``) never touches, and
    a slow network must not make the officer's save wait."""
    tracking_ref = f"refs/remotes/{remote}/{rbranch}"
    mirror = f"{REMOTE_TAGS}/{remote}/{RELEASE_PREFIX}*"
    try:
        # the remote's release tags go to a mirror of its own (--prune: exactly what the remote
        # has now), never straight into refs/tags: a differing tag must not be moved
        done = subprocess.run(["git", "fetch", "--quiet", "--no-tags", "--prune", remote,
                               f"+refs/heads/{rbranch}:{tracking_ref}",
                               f"+refs/tags/{RELEASE_PREFIX}*:{mirror}"], cwd=hist.root,
                              capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, **net}, stdin=subprocess.DEVNULL)
        status, err = done.returncode, done.stderr
    except subprocess.TimeoutExpired:
        status, err = 1, f"timed out after {timeout:.0f} seconds"
    if status != 0:
        if "couldn't find remote ref" in err:              # an empty remote: first push
            return ""
        before = hist.head()
        unsent = _count(hist, "HEAD") if before else 0
        tracked = _rev(hist, tracking_ref)
        if tracked and before:
            unsent = _count(hist, f"{tracked}..HEAD")
        raise RemoteError(_network_message(remote, url, err, unsent, "รับข้อมูล"))
    return _rev(hist, tracking_ref)


def fetch(root: str | Path, *, remote: str | None = None,
          timeout: float | None = NETWORK_TIMEOUT) -> tuple[int, int]:
    """Bring the remote's commits into the remote-tracking ref (and its release tags into
    their mirror) only, never prompting, and return (not yet sent, not yet received). Nothing
    local changes: no branch, tag, index or file moves (the TUI runs it in the background so its header shows what waits to be received)."""
    hist = History.open(root)
    branch = current_branch(hist)
    remote = choose_remote(hist, branch, remote)
    _fetch(hist, remote, remote_url(hist, remote), _upstream_branch(hist, branch),
           _net_env(False), timeout)
    return ahead_behind(root)


# -- sync ----------------------------------------------------------------------------------------
def sync(root: str | Path, *, remote: str | None = None, prefer: str | None = None,
         resolutions: dict[str, Resolution] | None = None, officer: Officer | None = None,
         push: bool = True, interactive: bool = False,
         timeout: float | None = NETWORK_TIMEOUT) -> SyncResult:
    """Fetch, integrate (merge), push. Raises RemoteError or SyncConflict with nothing changed.

    ``prefer`` (``"mine"``/``"theirs"``) settles every conflicting field one way;
    ``resolutions`` maps ``"path#key"`` to a :class:`Resolution` for single fields.
    """
    if prefer not in (None, MINE, THEIRS):
        raise ItatuiError(f"prefer ต้องเป็น mine หรือ theirs (ได้ {prefer!r})")
    hist = History.open(root)
    root = hist.root
    resolutions = dict(resolutions or {})
    branch = current_branch(hist)
    remote = choose_remote(hist, branch, remote)
    url = remote_url(hist, remote)
    rbranch = _upstream_branch(hist, branch)
    install_driver(root)
    _ensure_clean(hist)
    net = _net_env(interactive)
    tracking_ref = f"refs/remotes/{remote}/{rbranch}"
    result = SyncResult(remote, branch)
    for attempt in range(PUSH_ATTEMPTS):
        tracking = _fetch(hist, remote, url, rbranch, net, None if interactive else timeout)
        # from here to the end, other git work of this process (a TUI save) waits
        with hist.lock:
            before = hist.head()
            _ensure_clean(hist)
            if not before:
                raise GitError("คลังนี้ยังไม่มี commit ใดเลย — สร้างรายงานด้วย itatui init ก่อน")
            tags = release_tags(hist, remote)
            if tags.differing:
                raise ReleaseTagMismatch(tag_mismatch_message(hist, remote, tags.differing),
                                         tags.differing)
            if tracking:
                ahead, behind = (int(x) for x in _ok(hist, "rev-list", "--left-right", "--count",
                                                      f"HEAD...{tracking}").split())
            else:
                ahead, behind = _count(hist, "HEAD"), 0
            target, changed, resolved = before, [], []
            if behind and not ahead:
                target = tracking
                result.fast_forward = True
                changed = [p for p in _ok(hist, "diff", "--name-only", "HEAD", target).splitlines()
                           if p]
            elif behind and ahead:
                if officer is None:
                    from itatui.core.workspace import Workspace

                    officer = Workspace(root).officer()
                target, changed, resolved = _compute_merge(hist, remote, rbranch, tracking, prefer,
                                                           resolutions, officer)
            to_send = _count(hist, f"{tracking}..{target}") if tracking else _count(hist, target)
            # release tags the remote lacks go with the branch; never forced, so a tag someone
            # else pushed meanwhile under the same name is refused, not overwritten
            tag_refs = [f"refs/tags/{n}:refs/tags/{n}" for n in tags.outgoing]
            if push and (to_send or tag_refs):
                branch_ref = [f"{target}:refs/heads/{rbranch}"] if to_send else []
                status, out, err = _run(hist, "push", "--porcelain", remote, *branch_ref,
                                        *tag_refs, env=net,
                                        timeout=None if interactive else timeout)
                if status != 0:
                    if any(s in out + err for s in ("[rejected]", "non-fast-forward", "fetch first",
                                                    "stale info", "but expected")) \
                            and attempt < PUSH_ATTEMPTS - 1:
                        continue              # someone pushed meanwhile: fetch and merge again
                    raise RemoteError(_network_message(remote, url, err,
                                                       _count(hist, f"{tracking}..HEAD")
                                                       if tracking else _count(hist, "HEAD"),
                                                       "ส่งข้อมูล"))
                if to_send:
                    _run(hist, "update-ref", tracking_ref, target)
                    result.sent = ahead
                for name in tags.outgoing:
                    _run(hist, "update-ref", f"{REMOTE_TAGS}/{remote}/{name}",
                         f"refs/tags/{name}")
                result.tags_sent = list(tags.outgoing)
            if target != before:
                status, out, err = _run(hist, "merge", "--ff-only", "--quiet", target)
                if status != 0:
                    raise GitError("ส่งขึ้นคลังกลางแล้ว แต่ปรับไฟล์ในเครื่องไม่สำเร็จ "
                                   f"(ซิงก์อีกครั้งเพื่อรับการแก้ไข): {err.strip() or out.strip()}")
            # the remote's release tags this clone lacks: added, never replacing one (the empty
            # old value makes update-ref refuse a tag that appeared meanwhile)
            for name in tags.incoming:
                obj = _ok(hist, "rev-parse", f"{REMOTE_TAGS}/{remote}/{name}").strip()
                status, _, err = _run(hist, "update-ref", f"refs/tags/{name}", obj, "")
                if status != 0:
                    raise ReleaseTagMismatch(tag_mismatch_message(hist, remote, [name]), [name])
                result.tags_received.append(name)
            if push and not _run(hist, "config", "--get", f"branch.{branch}.merge")[1].strip() \
                    and _rev(hist, tracking_ref):
                _ok(hist, "config", f"branch.{branch}.remote", remote)
                _ok(hist, "config", f"branch.{branch}.merge", f"refs/heads/{rbranch}")
                result.created_upstream = True
            result.received = behind
            result.merge_commit = target if (behind and ahead) else None
            result.changed = changed
            result.resolved = resolved
            if target != before:
                from itatui.core.sync.renumbering import local_moves

                result.renamed = local_moves(hist, before, target)
            result.ahead, result.behind = ahead_behind(root)
            return result
    raise RemoteError(f"คลังกลาง '{remote}' มีการส่งข้อมูลเข้ามาพร้อมกันหลายครั้ง "
                      "ลองซิงก์ใหม่อีกครั้ง")


# -- clone ---------------------------------------------------------------------------------------
def _check_out_the_only_branch(target: Path) -> bool:
    """A bare repository made with plain ``git init --bare`` names ``master`` as its HEAD even
    when the first push brought ``main``: ``git clone`` then checks out nothing, and the clone
    looks empty although the report is there. Check out ``main`` (or the remote's one branch)
    instead; False when the remote really has no branch (or several, none of them main)."""
    out = subprocess.run(["git", "for-each-ref", "--format=%(refname:lstrip=3)",
                          "refs/remotes/origin/"], cwd=target, capture_output=True, text=True)
    branches = [b for b in out.stdout.split() if b != "HEAD"]
    name = "main" if "main" in branches else branches[0] if len(branches) == 1 else None
    if name is None:
        return False
    done = subprocess.run(["git", "checkout", "-q", "-b", name, "--track", f"origin/{name}"],
                          cwd=target, capture_output=True, text=True)
    return done.returncode == 0


@dataclass
class CloneResult:
    root: Path
    branch: str
    has_records: bool
    empty: bool


def clone(url: str, directory: str | Path, *, interactive: bool = False,
          timeout: float | None = NETWORK_TIMEOUT) -> CloneResult:
    """``git clone`` an agency's repository into ``directory`` and install the merge driver."""
    target = Path(directory).resolve()
    if target.exists() and any(target.iterdir()):
        raise ItatuiError("มีโฟลเดอร์นี้อยู่แล้วและไม่ว่าง จึงไม่โคลนทับ", path=str(target))
    env = {**os.environ, **_net_env(interactive)}
    try:
        out = subprocess.run(["git", "clone", "--quiet", "--origin", "origin", url, str(target)],
                             capture_output=True, text=True, env=env,
                             timeout=None if interactive else timeout)
    except subprocess.TimeoutExpired:
        shutil.rmtree(target, ignore_errors=True)
        raise RemoteError(f"ติดต่อคลังกลาง ({url}) ไม่ได้ภายใน {timeout:.0f} วินาที "
                          "จึงยังไม่ได้โคลน") from None
    if out.returncode != 0:
        raise RemoteError(_network_message("origin", url, out.stderr, 0, "โคลน")
                          .replace("จึงยังไม่ได้ซิงก์ และไม่ได้เปลี่ยนแปลงคลังในเครื่อง",
                                   "จึงยังไม่ได้โคลน"))
    install_driver(target)
    empty = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "HEAD"], cwd=target,
                           capture_output=True).returncode != 0
    if empty:
        empty = not _check_out_the_only_branch(target)
    branch = subprocess.run(["git", "symbolic-ref", "--short", "HEAD"], cwd=target,
                            capture_output=True, text=True).stdout.strip()
    return CloneResult(target, branch, (target / schema.RECORDS_DIR).is_dir(), empty)
