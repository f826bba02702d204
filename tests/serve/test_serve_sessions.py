"""The server's memory of logins: a session ends after its idle time (8 hours by default) or at
logout; the failed-login limit counts per address and forgets a failure after its window."""

from __future__ import annotations

import time

from itatui.serve.sessions import FAILURES, IDLE, WINDOW, LoginLimiter, Sessions


def test_a_session_ends_when_idle_or_closed():
    assert IDLE == 8 * 3600
    sessions = Sessions(idle=0.2)
    a = sessions.open("a@x.go.th", "ก", "officer")
    b = sessions.open("b@x.go.th", "ข", "head")
    assert a.token != b.token and len(a.token) >= 40
    assert sessions.get(a.token) is a and sessions.get("made-up") is None
    sessions.close(b.token)
    assert sessions.get(b.token) is None
    time.sleep(0.1)
    assert sessions.get(a.token) is a            # a request restarts the idle clock
    time.sleep(0.3)
    assert sessions.get(a.token) is None


def test_failed_logins_are_limited_per_address_within_the_window():
    assert (FAILURES, WINDOW) == (5, 15 * 60)
    limiter = LoginLimiter(failures=3, window=0.3)
    for _ in range(3):
        assert limiter.blocked_for("10.0.0.1") == 0
        limiter.failed("10.0.0.1")
    assert limiter.blocked_for("10.0.0.1") > 0
    assert limiter.blocked_for("10.0.0.2") == 0        # another address
    time.sleep(0.35)
    assert limiter.blocked_for("10.0.0.1") == 0        # the window passed
    for _ in range(2):
        limiter.failed("10.0.0.3")
    limiter.succeeded("10.0.0.3")                      # a good login forgets the failures
    limiter.failed("10.0.0.3")
    limiter.failed("10.0.0.3")
    assert limiter.blocked_for("10.0.0.3") == 0
