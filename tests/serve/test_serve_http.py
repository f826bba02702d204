"""``itatui serve`` over plain HTTP and websockets (aiohttp's client against the real server
process): nothing without a session (pages redirected to the login, assets and downloads 401,
websockets 403), a wrong password 401 with Thai, the failed-login limit (429 with Thai, even for
the right password, the typed e-mail kept), the session cookie's flags, logout (the login page
then says ออกจากระบบแล้ว), the auditor's read-only reach, a
websocket from another site refused, the app page's resources all on this server."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys

import aiohttp
import pytest

from serve_helpers import AUDITOR, SOMCHAI, start_server


def client_session() -> aiohttp.ClientSession:
    """A client that keeps cookies for 127.0.0.1 as a browser does (aiohttp's jar does not
    keep cookies of IP addresses unless told to)."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def login(client: aiohttp.ClientSession, url: str, email: str, password: str,
                headers: dict | None = None) -> aiohttp.ClientResponse:
    return await client.post(url + "login", data={"email": email, "password": password},
                             allow_redirects=False, headers=headers or {})


async def ws_status(client: aiohttp.ClientSession, url: str, **kw) -> int:
    """101 when the websocket opened (it is closed again at once), else the HTTP status."""
    try:
        ws = await client.ws_connect(url, **kw)
    except aiohttp.WSServerHandshakeError as exc:
        return exc.status
    await ws.close()
    return 101


async def test_nothing_is_reachable_without_a_session(served):
    url = served.url
    async with client_session() as client:
        for page in ("", "audit/"):
            r = await client.get(url + page, allow_redirects=False)
            assert (r.status, r.headers["Location"]) == (303, "/login")
        for path in ("assets/textual.js", "assets/thai-mono-regular.otf", "assets/boot.js",
                     "download/abc", "static/js/textual.js", "logout"):
            r = await client.get(url + path, allow_redirects=False)
            assert r.status == 401, path
            assert "เข้าสู่ระบบ" in await r.text()
        ws_url = url.replace("http://", "ws://")
        assert await ws_status(client, ws_url + "ws") == 403
        assert await ws_status(client, ws_url + "audit/ws") == 403
        # a made-up cookie is no session
        client.cookie_jar.update_cookies({"itatui_session": "x" * 43})
        assert await ws_status(client, ws_url + "ws") == 403
        r = await client.get(url, allow_redirects=False)
        assert r.status == 303
        r = await client.get(url + "login")
        login_page = await r.text()
        assert r.status == 200 and "รหัสผ่าน" in login_page
        assert not re.search(r"\b(src|href)=", login_page)    # loads nothing but itself
        assert "Content-Security-Policy" in r.headers


async def test_login_cookie_logout_and_the_editor_websocket(served):
    url, ws_url = served.url, served.url.replace("http://", "ws://")
    async with client_session() as client:
        r = await login(client, url, SOMCHAI[0], SOMCHAI[3],
                        headers={"Origin": "http://evil.example"})   # a form of another site
        assert r.status == 403 and "itatui_session" not in r.cookies
        r = await login(client, url, SOMCHAI[0], "wrong-password")
        assert r.status == 401
        assert "อีเมลหรือรหัสผ่านไม่ถูกต้อง" in await r.text()
        assert "itatui_session" not in r.cookies

        r = await login(client, url, SOMCHAI[0].upper(), SOMCHAI[3])   # e-mail in any case
        assert (r.status, r.headers["Location"]) == (303, "/")
        cookie = r.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert "Secure" not in cookie                       # plain http on localhost

        page = await (await client.get(url)).text()
        assert SOMCHAI[1] in page and "ออกจากระบบ" in page
        assert not re.search(r'(src|href)="(https?:)?//', page)    # nothing from elsewhere
        for asset in re.findall(r'(?:src|href)="(/assets/[^"]+)"', page) + re.findall(
                r"url\('(/assets/[^']+)'\)", page):
            r = await client.get(url + asset.lstrip("/"))
            assert r.status == 200, asset

        ws = await client.ws_connect(ws_url + "ws?width=100&height=30")
        received = 0
        while received < 2000:                              # the editor's first screen
            message = await ws.receive(timeout=30)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            received += len(message.data)
        await ws.close()
        # a page of another site may not open the editor with the officer's cookie
        assert await ws_status(client, ws_url + "ws",
                               headers={"Origin": "http://evil.example"}) == 403

        r = await client.post(url + "logout", allow_redirects=False)
        assert (r.status, r.headers["Location"]) == (303, "/login?logged_out=1")
        assert await ws_status(client, ws_url + "ws") == 403
        # the login page it leads to says so; the plain login page does not
        r = await client.get(url + "login?logged_out=1")
        page = await r.text()
        assert r.status == 200 and re.search(
            r'<p class="notice" role="status" id="login-notice">ออกจากระบบแล้ว</p>', page)
        assert "ออกจากระบบแล้ว" not in await (await client.get(url + "login")).text()
        # followed as a browser does
        assert (await login(client, url, SOMCHAI[0], SOMCHAI[3])).status == 303
        r = await client.post(url + "logout")
        assert r.status == 200 and str(r.url).endswith("/login?logged_out=1")
        assert "ออกจากระบบแล้ว" in await r.text()


async def test_the_failed_login_limit(served):
    url = served.url
    async with client_session() as client:
        for _ in range(5):
            r = await login(client, url, SOMCHAI[0], "not-the-password")
            assert r.status == 401
        r = await login(client, url, SOMCHAI[0], SOMCHAI[3])      # even the right one now
        assert r.status == 429
        assert "ผิดหลายครั้งเกินไป" in await r.text()
        assert int(r.headers["Retry-After"]) > 800
        assert "itatui_session" not in r.cookies
        # the e-mail the officer typed stays in its field (escaped), the cursor in the password
        page = await r.text()
        assert f'value="{SOMCHAI[0]}"' in page
        assert re.search(r'<input id="password"[^>]*autofocus', page)
        r = await login(client, url, 'x"><script>alert(1)</script>@a.go.th', SOMCHAI[3])
        assert r.status == 429
        page = await r.text()
        assert 'value="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@a.go.th"' in page
        assert "<script>" not in page


async def test_the_auditor_reaches_only_the_audit_app(served):
    url, ws_url = served.url, served.url.replace("http://", "ws://")
    async with client_session() as client:
        r = await login(client, url, AUDITOR[0], AUDITOR[3])
        assert (r.status, r.headers["Location"]) == (303, "/audit/")
        r = await client.get(url, allow_redirects=False)
        assert (r.status, r.headers["Location"]) == (303, "/audit/")
        page = await (await client.get(url + "audit/")).text()
        assert "ผู้ตรวจสอบ" in page and 'href="/"' not in page
        assert await ws_status(client, ws_url + "ws") == 403
        ws = await client.ws_connect(ws_url + "audit/ws")
        message = await ws.receive(timeout=30)
        assert message.type == aiohttp.WSMsgType.BINARY
        await ws.close()


@pytest.mark.parametrize("forwarded, secure", [("https", True), ("http", False)])
async def test_the_cookie_is_secure_behind_a_tls_proxy(officers_repo, forwarded, secure):
    server = start_server(officers_repo, "--behind-proxy")
    try:
        async with client_session() as client:
            r = await login(client, server.url, SOMCHAI[0], SOMCHAI[3],
                            headers={"X-Forwarded-Proto": forwarded,
                                     "X-Forwarded-For": "10.0.0.7"})
            assert r.status == 303
            assert ("Secure" in r.headers["Set-Cookie"]) is secure
    finally:
        server.stop()


async def test_a_removed_officer_is_out_at_once(served):
    url, ws_url = served.url, served.url.replace("http://", "ws://")
    async with client_session() as client:
        assert (await login(client, url, SOMCHAI[0], SOMCHAI[3])).status == 303
        assert (await client.get(url, allow_redirects=False)).status == 200
        subprocess.run([sys.executable, "-m", "itatui", "serve", "--repo", str(served.repo),
                        "--remove-officer", SOMCHAI[0]], check=True, capture_output=True)
        assert await ws_status(client, ws_url + "ws") == 403
        r = await client.get(url, allow_redirects=False)
        assert (r.status, r.headers["Location"]) == (303, "/login")
        assert (await login(client, url, SOMCHAI[0], SOMCHAI[3])).status == 401


def editors_on(repo) -> list[int]:
    """The pids of ``itatui tui`` processes running on ``repo``."""
    from pathlib import Path

    pids = []
    for proc in Path("/proc").iterdir():
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"tui" in args and str(repo).encode() in args:
            pids.append(int(proc.name))
    return pids


async def first_screen(ws) -> None:
    received = 0
    while received < 2000:
        message = await ws.receive(timeout=30)
        assert message.type == aiohttp.WSMsgType.BINARY, message
        received += len(message.data)


async def test_a_reload_keeps_one_editor_per_officer(served):
    """The second page of an officer starts its editor as the page is asked for (at the size
    of the first page's terminal), the older editor ended first; the websocket gets it."""
    url, ws_url = served.url, served.url.replace("http://", "ws://")
    async with client_session() as client:
        assert (await login(client, url, SOMCHAI[0], SOMCHAI[3])).status == 303
        assert (await client.get(url)).status == 200
        first = await client.ws_connect(ws_url + "ws?width=100&height=30")
        await first_screen(first)
        [older] = editors_on(served.repo)
        assert (await client.get(url)).status == 200         # the reload: a new page
        for _ in range(100):
            pids = editors_on(served.repo)
            if pids and older not in pids:
                break
            await asyncio.sleep(0.1)
        [newer] = pids                                         # started before any websocket
        second = await client.ws_connect(ws_url + "ws?width=100&height=30")
        await first_screen(second)
        assert editors_on(served.repo) == [newer]
        await second.close()
        await first.close()
    for _ in range(100):
        if not editors_on(served.repo):
            break
        await asyncio.sleep(0.1)
    assert editors_on(served.repo) == []                       # closed page, ended editor


async def test_the_audit_address_and_a_stale_logout_lead_to_the_login(served):
    """"/audit" typed without the slash, and the logout button of a page whose session ended
    (the server restarted, 8 hours idle), lead to the login page, not to a bare 401 text."""
    url = served.url
    async with client_session() as client:
        r = await client.get(url + "audit", allow_redirects=False)
        assert (r.status, r.headers["Location"]) == (303, "/login")
        client.cookie_jar.update_cookies({"itatui_session": "x" * 43})      # an ended session
        r = await client.post(url + "logout", allow_redirects=False)
        assert (r.status, r.headers["Location"]) == (303, "/login?logged_out=1")
        assert 'itatui_session=""' in r.headers["Set-Cookie"]
        # a wrong password: the e-mail stays, the cursor waits in the password
        r = await login(client, url, SOMCHAI[0], "wrong-password")
        page = await r.text()
        assert re.search(r'<input id="password"[^>]*autofocus', page)
        assert not re.search(r'<input id="email"[^>]*autofocus', page)


async def test_the_server_says_in_thai_who_logged_in_and_out(served):
    """What the person who runs the server reads in its terminal: Thai lines naming the
    officer, a refused login and an address held back by the failed-login limit."""
    url = served.url
    async with client_session() as client:
        r = await login(client, url, SOMCHAI[0], SOMCHAI[3])
        assert r.status == 303
        r = await client.post(url + "logout", allow_redirects=False)
        assert r.status == 303
        for _ in range(6):
            await login(client, url, SOMCHAI[0], "not-the-password")
    expected = [f"เข้าสู่ระบบ: {SOMCHAI[1]} {SOMCHAI[0]} (เจ้าหน้าที่) จาก 127.0.0.1",
                f"ออกจากระบบ: {SOMCHAI[1]} {SOMCHAI[0]}",
                f"เข้าสู่ระบบไม่สำเร็จ: {SOMCHAI[0]} จาก 127.0.0.1",
                "ไม่รับการเข้าสู่ระบบจาก 127.0.0.1 อีกประมาณ ๑๕ นาที"]
    for _ in range(50):
        said = "".join(served.log)
        if all(line in said for line in expected):
            break
        await asyncio.sleep(0.1)
    assert all(line in said for line in expected), said
    assert "login" not in said.replace("/login", "")
