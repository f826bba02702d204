"""The git side: one ``Repo`` per repository and process, every git call serialised.

GitPython is not thread-safe and each ``Repo`` keeps ``git cat-file`` processes alive, so the
repository is opened once (:func:`History.open`), used under a lock and closed on exit.
Commits go through the ``git commit`` command itself, which keeps hooks, ``.gitattributes``
and signing, and always carry the officer's identity explicitly.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from itatui.core.errors import GitError, NothingToSave
from itatui.core.gitlocks import clear_stale_lock
from itatui.core.identity import Officer
from itatui.core.message import TRAILER_FIELD, TRAILER_RECORD, TRAILER_TOOL

_SEP = "\x1f"
_END = "\x1e"
_RS, _US = "\x1e", "\x1f"          # record and field separators of a git log format
LOCK_RETRIES = 20
#: Above this many bytes of message and paths, a commit reads them from files (Linux refuses one
#: argument over 128 KiB, and all of them together over ARG_MAX).
ARG_LIMIT = 100_000
LOCK_WAIT = 0.1

if TYPE_CHECKING:
    import git


@dataclass
class LogEntry:
    sha: str
    author: str
    email: str
    date: str            # ISO 8601 with offset
    summary: str
    records: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"commit": self.sha, "author": self.author, "email": self.email,
                "date": self.date, "summary": self.summary, "records": self.records,
                "fields": self.fields}


class History:
    _open: dict[Path, "History"] = {}
    _registry_lock = threading.Lock()

    def __init__(self, root: Path) -> None:
        # GitPython (about 50 ms of imports) is opened on first use (:attr:`repo`): reading
        # the history (log, blame, diff) runs git itself and reads HEAD from the ref files.
        root = Path(root)
        self._git_dir = _git_dir_of(root)
        if self._git_dir is None:
            if _is_git_dir(root):
                raise GitError(f"คลัง git นี้ไม่มีโฟลเดอร์งาน (bare): {root}")
            raise GitError(f"โฟลเดอร์นี้ไม่ใช่คลัง git: {root} "
                           "(สร้างคลังใหม่ด้วย itatui init หรือระบุ --repo)")
        self.root = root.resolve()
        self._repo: "git.Repo | None" = None
        self.lock = threading.RLock()
        self._sign: list[str] | None = None

    @property
    def repo(self) -> "git.Repo":
        """The GitPython ``Repo`` of the repository, opened (and GitPython imported) on first
        use: the persistent ``git cat-file`` of :meth:`blob`, :meth:`ensure_on_branch`."""
        with self.lock:
            if self._repo is None:
                import git

                try:
                    self._repo = git.Repo(self.root)
                except (git.InvalidGitRepositoryError, git.NoSuchPathError):
                    raise GitError(f"โฟลเดอร์นี้ไม่ใช่คลัง git: {self.root} "
                                   "(สร้างคลังใหม่ด้วย itatui init หรือระบุ --repo)") from None
            return self._repo

    @classmethod
    def open(cls, root: str | Path) -> "History":
        key = Path(root).resolve()
        with cls._registry_lock:
            hist = cls._open.get(key)
            if hist is None:
                hist = cls(key)
                cls._open[key] = hist
            return hist

    @classmethod
    def close_all(cls) -> None:
        with cls._registry_lock:
            for hist in cls._open.values():
                hist._close()
            cls._open.clear()

    def _close(self) -> None:
        with self.lock:
            if self._repo is not None:
                self._repo.close()

    def close(self) -> None:
        with self._registry_lock:
            self._open.pop(self.root, None)
        self._close()

    # -- reading the history -----------------------------------------------------------------
    def commits_with_action(self, action: str, fields: list[str],
                            rev: str = "HEAD") -> list[list[str]]:
        """The commits reachable from ``rev`` whose ``Itatui-Action`` trailer is ``action``,
        newest first: for each, the values of ``fields``, git log placeholders (``"%H"``,
        ``"%an"``, ``"%b"``) or trailers written ``"trailer:KEY"`` (several values of one key
        separated by U+001D), as text."""
        trailer = "%(trailers:key={},valueonly,separator=%x1d)"
        columns = [trailer.format(TRAILER_TOOL)] + [
            trailer.format(f.removeprefix("trailer:")) if f.startswith("trailer:") else f
            for f in fields]
        out = self.git_text("log", f"--format={_RS}{_US.join(columns)}", "--fixed-strings",
                            f"--grep={TRAILER_TOOL}: {action}", rev, "--")
        rows = []
        for chunk in out.split(_RS):
            if not chunk.strip():
                continue
            values = (chunk.rstrip("\n").split(_US) + [""] * len(columns))[:len(columns)]
            if values[0].strip() == action:
                rows.append(values[1:])
        return rows

    # -- running git -------------------------------------------------------------------------
    def git_text(self, *args: str, env: dict | None = None, input: bytes | None = None) -> str:
        """Run one git command under the lock (``input``: its standard input); a held
        index.lock is retried, then explained."""
        with self.lock:
            for attempt in range(LOCK_RETRIES):
                status, out, err = self._run(args, env, input)
                if status == 0:
                    return out
                locked = ".lock': File exists" in err or "index.lock" in err
                if locked and attempt < LOCK_RETRIES - 1:
                    if attempt >= 2:       # a lock left by a git that died is removed
                        clear_stale_lock(self.root)
                    time.sleep(LOCK_WAIT)
                    continue
                if locked:
                    raise GitError("คลัง git ถูกล็อกอยู่ (.git/index.lock) โดยโปรแกรมอื่น "
                                   "ลองใหม่อีกครั้ง หรือปิดโปรแกรม git ที่ค้างอยู่ "
                                   "(ถ้าไม่มีโปรแกรมใดเปิดอยู่ ใช้ itatui recover)") from None
                raise GitError(f"คำสั่ง git {args[0]} ไม่สำเร็จ: {err.strip()}") from None
        raise AssertionError("unreachable")

    def git_status(self, *args: str, env: dict | None = None,
                   timeout: float | None = None) -> tuple[int, str, str]:
        """Run one git command under the lock whose failure is an answer, not an error
        (``merge-base --is-ancestor``, ``verify-tag``, a push refused): (status, stdout,
        stderr), never raises."""
        with self.lock:
            if timeout is None:             # no GitPython needed (nor imported)
                proc = self._process(args, env)
                return (proc.returncode, proc.stdout.decode("utf-8", "surrogateescape"),
                        proc.stderr.decode("utf-8", "surrogateescape").removesuffix("\n"))
            status, out, err = self.repo.git.execute(   # GitPython's watchdog kills git
                ["git", *args], env=env, with_extended_output=True, with_exceptions=False,
                kill_after_timeout=timeout, strip_newline_in_stdout=False)
        return status, out or "", err or ""

    def _process(self, args: tuple[str, ...], env: dict | None,
                 input: bytes | None = None) -> subprocess.CompletedProcess:
        """One git process as GitPython's ``execute`` runs it: in the working tree, in the C
        locale (English messages, which the callers match), no standard input but
        ``input``."""
        stdin = {"stdin": subprocess.DEVNULL} if input is None else {"input": input}
        return subprocess.run(["git", *args], cwd=self.root, env=_c_locale(env),
                              capture_output=True, **stdin)

    def background(self, *args: str) -> "BackgroundGit":
        """A read-only git command started now and answered later (``git status`` while a
        thousand records are read); not under the lock: it writes nothing."""
        return BackgroundGit(self.root, args)

    def _run(self, args: tuple[str, ...], env: dict | None,
             input: bytes | None = None) -> tuple[int, str, str]:
        """:meth:`_process` (output decoded with surrogateescape, as GitPython does): (status,
        stdout, the failure text GitPython's GitCommandError gives as ``stderr + stdout``, ""
        on success)."""
        proc = self._process(args, env, input)
        out = proc.stdout.decode("utf-8", "surrogateescape")
        if proc.returncode == 0:
            return 0, out, ""
        stderr = proc.stderr.decode("utf-8", "surrogateescape").removesuffix("\n")
        err = ((f"\n  stderr: '{stderr}'" if stderr else "") +
               (f"\n  stdout: '{out}'" if out else ""))
        return proc.returncode, out, err

    # -- writing -----------------------------------------------------------------------------
    def commit(self, paths: list[str], message: str, officer: Officer) -> str:
        """Commit exactly ``paths`` (added, changed, deleted or renamed) with ``message``.

        Two git processes: ``add`` (new, deleted and renamed files) and ``commit --only`` of
        the paths, so that whatever else is staged stays out of the commit.
        """
        if not paths:
            raise NothingToSave("ไม่มีการเปลี่ยนแปลงให้บันทึก")
        with self.lock:
            self.ensure_on_branch()
            with _nothing_to_save():
                if len(message.encode("utf-8")) + sum(len(p) + 1 for p in paths) < ARG_LIMIT:
                    self.git_text("add", "-A", "--", *paths)
                    self.git_text("commit", "--quiet", *self._sign_args(), "-m", message, "--",
                                  *paths, env=officer.env())
                else:       # a renumbering of a whole report: too long for the command line
                    self._commit_from_files(paths, message, officer)
            return self.head()

    def commit_index(self, paths: list[str], message: str, officer: Officer) -> str:
        """:meth:`commit` of ``paths`` when nothing else is staged (the caller has checked:
        ``git diff-index --cached --quiet HEAD``): ``git update-index`` of exactly those files
        (their names on standard input), then ``git commit`` of the index, the message on
        standard input. No pathspec for git to match against every entry of the index, twice
        (``commit --only``): a new year's thousand records commit in half the time. The same
        commit: the officer's name, signed when the officer signs, hooks run."""
        if not paths:
            raise NothingToSave("ไม่มีการเปลี่ยนแปลงให้บันทึก")
        with self.lock:
            self.ensure_on_branch()
            self.git_text("update-index", "--add", "--remove", "-z", "--stdin",
                          input="".join(p + "\0" for p in paths).encode("utf-8"))
            with _nothing_to_save():
                self.git_text("commit", "--quiet", *self._sign_args(), "-F", "-",
                              env=officer.env(), input=message.encode("utf-8"))
            return self.head()

    def _commit_from_files(self, paths: list[str], message: str, officer: Officer) -> None:
        """``commit`` with the message and the paths in files (``-F``,
        ``--pathspec-from-file``): one argument may not exceed 128 KiB on Linux, and the message
        of a structural commit lists every renamed record."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="itatui-commit-") as tmp:
            msg, spec = Path(tmp, "message"), Path(tmp, "paths")
            msg.write_text(message, encoding="utf-8")
            spec.write_bytes(b"\0".join(p.encode("utf-8") for p in paths))
            pathspec = [f"--pathspec-from-file={spec}", "--pathspec-file-nul"]
            self.git_text("add", "-A", *pathspec)
            self.git_text("commit", "--quiet", *self._sign_args(), "-F", str(msg), *pathspec,
                          env=officer.env())

    def _sign_args(self) -> list[str]:
        """``-S`` when the officer has a signing key (gpg or ssh) and has not turned commit
        signing off; git itself signs when ``commit.gpgsign`` is true. Read once per process."""
        if self._sign is None:
            def get(key: str) -> str:
                status, out, _ = self.git_status("config", "--get", key)
                return out.strip() if status == 0 else ""

            off = get("commit.gpgsign").lower() in ("false", "no", "off", "0")
            self._sign = ["-S"] if get("user.signingkey") and not off else []
        return self._sign

    def ensure_on_branch(self) -> None:
        """Refuse to commit on a detached HEAD: the commit would fall out of the history.
        Reads ``HEAD`` (a branch: ``ref: refs/heads/...``; detached: a commit id) as
        GitPython's ``head.is_detached`` does, without importing GitPython (50 ms) for it."""
        try:
            detached = not (self._git_dir / "HEAD").read_text(
                encoding="utf-8", errors="replace").startswith("ref:")
        except OSError:
            detached = self.repo.head.is_detached
        if detached:
            raise GitError("คลังอยู่ในสถานะ detached HEAD (ไม่ได้อยู่บน branch) การบันทึกจะหลุด"
                           "จากประวัติ จึงไม่บันทึก — กลับไปที่ branch ด้วย git switch main "
                           "แล้วบันทึกใหม่")

    def head(self) -> str:
        """The commit id of HEAD ("" before the first commit), read from the ref files."""
        with self.lock:
            try:
                return _resolve_ref(self._git_dir, "HEAD")
            except (ValueError, OSError):
                return ""

    def tracked(self, path: str) -> bool:
        with self.lock:
            return bool(self.git_text("ls-files", "--", path).strip())

    def uncommitted(self, under: str = "records") -> list[str]:
        """Record files that differ from the last commit (crash, hand edit, other tool)."""
        out = self.git_text("status", "--porcelain", "-z", "--untracked-files=all", "--", under)
        paths = []
        for entry in out.split("\0"):
            if len(entry) > 3:
                paths.append(entry[3:])
        return paths

    # -- reading -----------------------------------------------------------------------------
    def log(self, path: str | None = None, limit: int | None = None) -> list[LogEntry]:
        """The commits of the repository, or of the record at ``path`` through its renames and
        renumberings (:func:`itatui.core.recordlog.record_history`), newest first."""
        if path:
            if not self.head():
                return []
            from itatui.core.recordlog import record_history

            found = [LogEntry(v.commit, v.author, v.email, v.date, v.summary, v.records,
                              v.fields) for v in record_history(self, path)]
            return found[:limit] if limit else found
        fmt = _SEP.join(["%H", "%an", "%ae", "%aI", "%s",
                         f"%(trailers:key={TRAILER_RECORD},valueonly,separator=%x1d)",
                         f"%(trailers:key={TRAILER_FIELD},valueonly,separator=%x1d)"]) + _END
        args = ["log", f"--format={fmt}"]
        if limit:
            args.append(f"-n{limit}")
        if path:
            args += ["--follow", "--", path]
        if not self.head():
            return []
        out = self.git_text(*args)
        entries = []
        for chunk in out.split(_END):
            chunk = chunk.strip("\n")
            if not chunk:
                continue
            sha, an, ae, date, subject, recs, flds = (chunk.split(_SEP) + [""] * 7)[:7]
            entries.append(LogEntry(sha, an, ae, date, subject,
                                    [r for r in recs.split("\x1d") if r],
                                    [f for f in flds.split("\x1d") if f]))
        return entries

    def changed_files(self, sha: str) -> list[str]:
        out = self.git_text("show", "--name-only", "--format=", sha)
        return [p for p in out.splitlines() if p]

    def message(self, sha: str) -> str:
        return self.git_text("log", "-1", "--format=%B", sha)


    # -- reading objects (added for the audit: itatui.core.audit) ------------------------------
    def git_bytes(self, *args: str, input: bytes | None = None) -> bytes:
        """Run one git command under the lock and return its raw stdout (blobs, -z listings)."""
        return self.git_bytes_env(None, *args, input=input)

    def git_bytes_env(self, env: dict | None, *args: str, input: bytes | None = None) -> bytes:
        """:meth:`git_bytes` with extra environment variables (an officer's identity)."""
        import os
        import subprocess

        full = {**os.environ, **env} if env else None
        with self.lock:
            proc = subprocess.run(["git", *args], cwd=self.root, input=input,
                                  capture_output=True, env=full)
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").strip()
            raise GitError(f"คำสั่ง git {args[0]} ไม่สำเร็จ: {err}")
        return proc.stdout

    def blob(self, sha: str) -> bytes:
        """The content of one blob, read through the repository's persistent cat-file."""
        with self.lock:
            repo = self.repo
            from git.exc import GitCommandError

            try:
                return repo.git.get_object_data(sha)[3]
            except (GitCommandError, ValueError) as exc:
                raise GitError(f"อ่านวัตถุ git {sha[:12]} ไม่ได้ ({exc})") from None

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """The contents of many blobs from ONE ``git cat-file --batch`` fed all their ids at
        once (no request-response round trip per blob: blame reads every version)."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        out = self.git_bytes("cat-file", "--batch", input=("\n".join(wanted) + "\n").encode())
        found: dict[str, bytes] = {}
        pos = 0
        for sha in wanted:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            pos = end + 1
            if len(header) < 3 or header[1] == b"missing":
                raise GitError(f"อ่านวัตถุ git {sha[:12]} ไม่ได้ (ไม่มีในคลัง)")
            size = int(header[2])
            found[sha] = out[pos:pos + size]
            pos += size + 1                         # the content, then a newline
        return found

    def rev_parse(self, rev: str, kind: str = "commit") -> str | None:
        """The full id of ``rev`` peeled to ``kind`` (commit, tree, tag), or None if unknown.
        ``REV:path`` names the object at that path (not peeled)."""
        spec = rev if ":" in rev else f"{rev}^{{{kind}}}"   # after ':' comes a path
        with self.lock:
            status, out, _err = self._run(("rev-parse", "--verify", "--quiet",
                                           "--end-of-options", spec), None)
            return (out.strip() or None) if status == 0 else None

    def show_file(self, rev: str, path: str) -> str | None:
        """The text of ``path`` as of ``rev`` (None when the file does not exist there)."""
        sha = self.rev_parse(f"{rev}:{path}", "blob")
        return None if sha is None else self.blob(sha).decode("utf-8", "replace")


def _is_git_dir(path: Path) -> bool:
    return (path / "HEAD").is_file() and (path / "objects").is_dir() and (path / "refs").is_dir()


def _git_dir_of(root: Path) -> Path | None:
    """The git directory of the working tree at ``root`` (``root/.git``, or the folder a
    ``.git`` file names, as in a linked worktree or a submodule), None if ``root`` has none:
    the check GitPython's ``Repo(root)`` makes, without its imports."""
    dot = root / ".git"
    try:
        if dot.is_dir():
            return dot if _is_git_dir(dot) else None
        if dot.is_file():
            line = dot.read_text(encoding="utf-8").strip()
            if line.startswith("gitdir:"):
                target = Path(line[len("gitdir:"):].strip())
                target = target if target.is_absolute() else root / target
                return target if (target / "HEAD").is_file() else None
    except OSError:
        return None
    return None


def _resolve_ref(git_dir: Path, name: str, depth: int = 0) -> str:
    """The commit id ``name`` (HEAD, refs/heads/main) points to, read from the ref files
    (loose, then packed-refs of the common directory); ValueError if it does not resolve."""
    if depth > 5:
        raise ValueError(name)
    common = git_dir
    if (git_dir / "commondir").is_file():
        common = (git_dir / (git_dir / "commondir").read_text(encoding="utf-8").strip())
    for base in ((git_dir, common) if name == "HEAD" or not name.startswith("refs/")
                 else (common, git_dir)):
        path = base / name
        if path.is_file():
            value = path.read_text(encoding="utf-8").strip()
            if value.startswith("ref:"):
                return _resolve_ref(git_dir, value[4:].strip(), depth + 1)
            if len(value) >= 40:
                return value
            raise ValueError(value)
    packed = common / "packed-refs"
    if packed.is_file():
        for line in packed.read_text(encoding="utf-8").splitlines():
            if line[:1] in ("#", "^"):
                continue
            sha, _, ref = line.partition(" ")
            if ref == name:
                return sha
    raise ValueError(name)


atexit.register(History.close_all)


def _c_locale(env: dict | None = None) -> dict:
    """The environment of every git process: the C locale (English messages, which the callers
    match), with ``env`` on top."""
    return {**os.environ, "LANGUAGE": "C", "LC_ALL": "C", **(env or {})}


@contextlib.contextmanager
def _nothing_to_save():
    """git's "nothing to commit" as :class:`NothingToSave` (Thai)."""
    try:
        yield
    except GitError as exc:
        if "nothing to commit" in exc.message or "no changes added" in exc.message:
            raise NothingToSave("ไม่มีการเปลี่ยนแปลงให้บันทึก") from None
        raise


class BackgroundGit:
    """A git command run in the background (:meth:`History.background`): its answer is waited
    for when needed; :meth:`close` reaps it whatever happened."""

    def __init__(self, root, args: tuple[str, ...]) -> None:
        self.args = args
        self._answer: tuple[int, bytes] | None = None
        self._proc = subprocess.Popen(["git", *args], cwd=root, stdin=subprocess.DEVNULL,
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                      env=_c_locale())

    def answer(self) -> tuple[int, bytes]:
        """(exit status, standard output)."""
        if self._answer is None:
            out, _ = self._proc.communicate()
            self._answer = (self._proc.returncode, out)
        return self._answer

    def status(self) -> int:
        return self.answer()[0]

    def close(self) -> None:
        if self._answer is None:
            self._proc.kill()
            self._proc.communicate()
            self._answer = (-1, b"")
