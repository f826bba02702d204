"""What a served officer's role may do (issue 17): the editor process ``itatui serve`` starts
for a logged-in officer carries the officer's server role in ``ITATUI_SERVE_ROLE`` — the
variable the editor's approve commands read (itatui/tui/served.py: only ``head`` approves
through the server; tests/tui/test_tui_approve.py drives that with Pilot). Checked here on the
real server process, over HTTP and its websocket, in the environment of the process it
started (/proc/<pid>/environ)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp

from serve_helpers import PRANEE, SOMCHAI


def client_session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


def editor_environments(repo: Path) -> list[dict[str, str]]:
    """The environment of each ``itatui tui`` process running on ``repo``."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
            if b"tui" not in args or str(repo).encode() not in args:
                continue
            raw = (proc / "environ").read_bytes()
        except OSError:
            continue
        found.append(dict(item.decode("utf-8", "replace").split("=", 1)
                          for item in raw.split(b"\0") if b"=" in item))
    return found


async def editor_env_of(url: str, repo: Path, officer) -> dict[str, str]:
    """Log in as ``officer`` over HTTP, open the editor's websocket until its first screen,
    and return the environment of the editor process started for them."""
    ws_url = url.replace("http://", "ws://")
    async with client_session() as client:
        r = await client.post(url + "login", data={"email": officer[0], "password": officer[3]},
                              allow_redirects=False)
        assert r.status == 303, await r.text()
        assert (await client.get(url)).status == 200
        ws = await client.ws_connect(ws_url + "ws?width=80&height=24")
        received = 0
        while received < 2000:
            message = await ws.receive(timeout=30)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            received += len(message.data)
        envs = [env for env in editor_environments(repo)
                if env.get("ITATUI_OFFICER_EMAIL") == officer[0]]
        await ws.close()
    assert len(envs) == 1, envs
    return envs[0]


async def test_the_editor_process_knows_the_officers_server_role(served):
    head = await editor_env_of(served.url, served.repo, PRANEE)
    assert head["ITATUI_SERVE_ROLE"] == "head"
    assert head["ITATUI_OFFICER_NAME"] == PRANEE[1]
    officer = await editor_env_of(served.url, served.repo, SOMCHAI)
    assert officer["ITATUI_SERVE_ROLE"] == "officer"
    assert officer["ITATUI_OFFICER_NAME"] == SOMCHAI[1]
    for _ in range(100):                                       # closed pages, ended editors
        if not editor_environments(served.repo):
            break
        await asyncio.sleep(0.1)
