"""The app processes of ``itatui serve``: one per browser page, started by textual-serve's
:class:`AppService` as the logged-in officer (see :mod:`itatui.serve.server` for the
environment), at most one editor and one audit app per officer at a time.

A page's process is started when the page itself is asked for, not when its websocket opens
(the page, its scripts and fonts load meanwhile, so the first screen comes sooner), at the
terminal size the officer's last page had (the first page of an officer since the server
started waits for its websocket, which says the size); the websocket then claims it (a page of
another size gets a new process of its size). A process no websocket claims within
:data:`UNCLAIMED` seconds is ended. Opening a page of an app the officer already has open (a
reload, a second tab) ends the older one first (its unsaved edits go to the officer's draft
journal, offered back in the new one): the editor refuses a second copy of itself on the same
journal.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Callable

log = logging.getLogger("itatui.serve")

UNCLAIMED = 60.0
DEFAULT_SIZE = (120, 36)


def _service_class():
    from textual_serve.app_service import AppService

    class OfficerAppService(AppService):
        """textual-serve's app process with the officer's environment added, whose output waits
        for a websocket to claim it."""

        def __init__(self, command: str, *, extra_env: dict[str, str], **kw) -> None:
            super().__init__(command, write_bytes=self._nowhere, write_str=self._nowhere,
                             close=self._closed, **kw)
            self.extra_env = extra_env
            self.claimed = asyncio.Event()
            self.size: tuple[int, int] = DEFAULT_SIZE
            self.started = time.monotonic()

        async def _nowhere(self, _data) -> None:
            return None

        async def _closed(self) -> None:
            return None

        def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
            env = super()._build_environment(width=width, height=height)
            env.update(self.extra_env)
            return env

        def claim(self, write_bytes, write_str, close) -> None:
            from itatui.serve.marks import MarkJoiner

            joiner = MarkJoiner()       # Thai marks kept on their consonant (issue 17)

            async def joined(data: bytes) -> None:
                await write_bytes(joiner.feed(data))

            self.remote_write_bytes, self.remote_write_str = joined, write_str
            self.remote_close = close
            self.claimed.set()

        @property
        def alive(self) -> bool:
            return self._process is not None and self._process.returncode is None

        async def run(self) -> None:
            """Once claimed: the app's output to the browser, then the browser's websocket
            closed when the app ends (the page offers to open it again), whether it quit or
            refused to start."""
            await self.claimed.wait()
            try:
                await super().run()
            finally:
                with contextlib.suppress(Exception):      # the browser has gone already
                    await self.remote_close()

        async def end(self) -> None:
            """Stop the app: asked to quit when claimed, else (nobody reads its output)
            terminated; killed if it has not ended within 5 s."""
            process = self._process
            if self.claimed.is_set():
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self.stop(), 5)
            elif self._task is not None:
                self._task.cancel()
                if process is not None and process.returncode is None:
                    process.terminate()
            if process is not None and process.returncode is None:
                try:
                    await asyncio.wait_for(process.wait(), 5)
                except asyncio.TimeoutError:
                    process.kill()
                    await process.wait()

    return OfficerAppService


class Processes:
    def __init__(self, download_manager) -> None:
        self.downloads = download_manager
        self._class = _service_class()
        self.running: dict[tuple[str, str], object] = {}   # (e-mail, app) -> its service
        self.sizes: dict[tuple[str, str], tuple[int, int]] = {}
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._starting: dict[tuple[str, str], asyncio.Task] = {}

    def prepare(self, key: tuple[str, str], command: str, env: dict[str, str]) -> None:
        """Start ``key``'s process in the background (the page was asked for), when the size
        of the officer's terminal is known from an earlier page (else the websocket starts it:
        a process of a guessed size would be ended and started again)."""
        if key not in self.sizes:
            return
        pending = self._starting.get(key)
        if pending is not None and not pending.done():
            return                              # on its way (started at the login)
        ready = self.unclaimed(key)
        if ready is not None and ready.size == self.sizes[key]:
            return                              # started at the login, not yet claimed
        task = asyncio.ensure_future(self.start(key, command, env))
        self._starting[key] = task
        task.add_done_callback(lambda t: t.cancelled() or t.exception() is None or log.warning(
            "เปิดโปรแกรม %s ของ %s ไม่สำเร็จ: %s", key[1], key[0], t.exception()))

    async def start(self, key: tuple[str, str], command: str, env: dict[str, str]):
        """A new process for ``key`` (the officer's e-mail, the app), the older one ended."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            older = self.running.pop(key, None)
            if older is not None:
                await older.end()
            service = self._class(command, extra_env=env, download_manager=self.downloads)
            service.size = self.sizes.get(key, DEFAULT_SIZE)
            await service.start(*service.size)
            self.running[key] = service
            asyncio.get_running_loop().call_later(UNCLAIMED, self._expire, key, service)
            return service

    def _expire(self, key, service) -> None:
        if not service.claimed.is_set() and self.running.get(key) is service:
            del self.running[key]
            asyncio.ensure_future(service.end())

    def unclaimed(self, key: tuple[str, str]):
        service = self.running.get(key)
        if service is not None and not service.claimed.is_set() and service.alive:
            return service
        return None

    async def claim(self, key, size: tuple[int, int], write_bytes, write_str, close,
                    start: Callable):
        """The process of ``key`` started for this page (else a new one from ``start()``),
        its output now going to the websocket, at the websocket's size."""
        self.sizes[key] = size
        starting = self._starting.pop(key, None)
        if starting is not None:
            with contextlib.suppress(Exception):
                await starting
        service = self.unclaimed(key)
        if service is not None and service.size != size:
            # a resize sent while the app is still starting is lost (the editor kept drawing
            # at its first size): a page of another size gets a process started at its size
            await self.ended(key, service)
            service = None
        if service is None:
            service = await start()
        service.claim(write_bytes, write_str, close)
        return service

    async def ended(self, key, service) -> None:
        if self.running.get(key) is service:
            del self.running[key]
        await service.end()

    async def end_all(self) -> None:
        services = list(self.running.values())
        self.running.clear()
        await asyncio.gather(*(s.end() for s in services), return_exceptions=True)
