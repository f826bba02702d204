"""One save at a time per repository, across processes (two itatui windows on one repository).

A save checks that the record on disk is still the one the officer started from, writes it and
commits it; holding an exclusive ``flock`` on ``.git/itatui.lock`` for those three steps means
two processes can never interleave them and lose an update.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from itatui.core.errors import GitError

WAIT_SECONDS = 10.0


@contextmanager
def repository_lock(root: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    gitdir = root / ".git"
    path = (gitdir if gitdir.is_dir() else root) / "itatui.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise GitError(f"สร้างไฟล์ล็อกไม่ได้ ({exc.strerror}): {path}") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise GitError("อีกโปรแกรมหนึ่งกำลังบันทึกคลังนี้อยู่นานเกินไป "
                                   "ลองบันทึกใหม่อีกครั้ง") from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
