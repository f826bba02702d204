"""The server's memory of who is logged in, and of failed logins per address.

A session is a random token (``secrets.token_urlsafe``, 256 bits) kept only in the server's
memory and in the browser's cookie: restarting the server logs everyone out. A session ends
after :data:`IDLE` seconds without a request, or at logout.
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from dataclasses import dataclass, field

IDLE = 8 * 3600                 # a working day without a request ends the session
FAILURES = 5                    # failed logins allowed per address ...
WINDOW = 15 * 60                # ... within this many seconds; then 429 until the oldest ages


@dataclass
class Session:
    token: str
    email: str
    name: str
    role: str
    last_seen: float = field(default_factory=time.monotonic)


class Sessions:
    def __init__(self, idle: float = IDLE) -> None:
        self.idle = idle
        self._by_token: dict[str, Session] = {}

    def open(self, email: str, name: str, role: str) -> Session:
        session = Session(secrets.token_urlsafe(32), email, name, role)
        self._by_token[session.token] = session
        return session

    def get(self, token: str | None) -> Session | None:
        """The live session of ``token`` (its idle clock restarted), else None."""
        if not token:
            return None
        session = self._by_token.get(token)
        now = time.monotonic()
        if session is None or now - session.last_seen > self.idle:
            self._by_token.pop(token, None)
            return None
        session.last_seen = now
        return session

    def close(self, token: str | None) -> None:
        if token:
            self._by_token.pop(token, None)


class LoginLimiter:
    """At most :data:`FAILURES` failed logins per address in :data:`WINDOW` seconds."""

    def __init__(self, failures: int = FAILURES, window: float = WINDOW) -> None:
        self.failures = failures
        self.window = window
        self._failed: dict[str, deque[float]] = {}

    def _recent(self, address: str) -> deque[float]:
        times = self._failed.setdefault(address, deque())
        now = time.monotonic()
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def blocked_for(self, address: str) -> float:
        """Seconds until ``address`` may try again (0: it may now)."""
        times = self._recent(address)
        if len(times) < self.failures:
            return 0.0
        return max(1.0, self.window - (time.monotonic() - times[0]))

    def failed(self, address: str) -> None:
        self._recent(address).append(time.monotonic())

    def succeeded(self, address: str) -> None:
        self._failed.pop(address, None)
