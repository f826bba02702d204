"""``itatui serve``'s web server (aiohttp): the login, the sessions and, for each browser
websocket, one app process (textual-serve's :class:`AppService`) running ``itatui tui`` or
``itatui audit`` as the logged-in officer.

Every path but ``/login`` needs a valid session: a page without one is redirected to the login
page, a websocket refused with 403, anything else answered 401. An auditor's session opens only
the audit app. Each app process gets the officer's name and e-mail in
``ITATUI_OFFICER_NAME``/``ITATUI_OFFICER_EMAIL`` (which beat itatui's config and git's, see
:mod:`itatui.core.identity`) and in git's ``GIT_AUTHOR_*``/``GIT_COMMITTER_*``, and a config
folder of its own (``.git/itatui/serve-config/<officer>/``), so the server's own identity and
settings are never used and the settings screen writes nowhere shared, and a draft journal of
its own (``ITATUI_DRAFTS_DIR`` in that folder): officers edit the same repository at once, each
editor holding its officer's journal (a second editor of the same officer is refused, as on a
terminal).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web

from itatui.core.drafts import ENV_FOLDER as DRAFTS_FOLDER
from itatui.core.identity import ENV_EMAIL, ENV_NAME
from itatui.serve import officers as officer_file
from itatui.serve.assets import assets, content_type
from itatui.serve.pages import app_page, login_page
from itatui.serve.processes import Processes
from itatui.serve.sessions import LoginLimiter, Session, Sessions

log = logging.getLogger("itatui.serve")

COOKIE = "itatui_session"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "font-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
PAGES = {"/": "editor", "/audit/": "audit"}
PUBLIC = ("/login", "/favicon.ico")
SESSIONS_KEY = web.AppKey("sessions", Sessions)
NO_SESSION = "ยังไม่ได้เข้าสู่ระบบ หรือหมดเวลาแล้ว — เข้าสู่ระบบที่ /login"
#: after the logout button: the login page says the officer is out
LOGGED_OUT_QUERY = "logged_out"
LOGGED_OUT_PAGE = f"/login?{LOGGED_OUT_QUERY}=1"
LOGGED_OUT = "ออกจากระบบแล้ว"


@dataclass
class ServeSettings:
    root: Path                      # the records repository
    title: str = "รายงาน ITA"
    behind_proxy: bool = False      # trust X-Forwarded-Proto / X-Forwarded-For from the proxy
    python: str = sys.executable

    @property
    def officers_file(self) -> Path:
        return officer_file.officers_path(self.root)


class ServeApp:
    def __init__(self, settings: ServeSettings) -> None:
        from textual_serve.download_manager import DownloadManager

        self.settings = settings
        self.sessions = Sessions()
        self.limiter = LoginLimiter()
        self.downloads = DownloadManager()
        self.processes = Processes(self.downloads)

    # -- the aiohttp application -------------------------------------------------------------
    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.headers, self.auth])
        app[SESSIONS_KEY] = self.sessions
        app.add_routes([
            web.get("/login", self.login_form),
            web.get("/favicon.ico", lambda r: web.Response(status=204)),
            web.post("/login", self.login),
            web.post("/logout", self.logout),
            web.get("/", self.page),
            web.get("/audit/", self.page),
            web.get("/audit", lambda r: web.HTTPFound("/audit/")),
            web.get("/ws", self.websocket),
            web.get("/audit/ws", self.websocket),
            web.get("/assets/{name}", self.asset),
            web.get("/download/{key}", self.download),
        ])
        app.on_shutdown.append(self.stop_all)
        return app

    # -- middlewares ---------------------------------------------------------------------------
    @web.middleware
    async def headers(self, request: web.Request, handler):
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            response = exc
        if not isinstance(response, web.WebSocketResponse):
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Referrer-Policy", "same-origin")
            response.headers.setdefault("Cache-Control", "no-store")
        if isinstance(response, web.HTTPException):
            raise response
        return response

    @web.middleware
    async def auth(self, request: web.Request, handler):
        if request.path in PUBLIC:
            return await handler(request)
        session = self.sessions.get(request.cookies.get(COOKIE))
        websocket = request.headers.get("Upgrade", "").lower() == "websocket"
        if session is None:
            if websocket:
                raise web.HTTPForbidden(text=NO_SESSION)
            if request.method == "GET" and request.path in (*PAGES, "/audit"):
                raise web.HTTPSeeOther("/login")
            if request.method == "POST" and request.path == "/logout":
                # the session ended already (server restarted, 8 hours idle): the button
                # still leads to the login page, not to a bare 401
                response = web.HTTPSeeOther(LOGGED_OUT_PAGE)
                response.del_cookie(COOKIE, path="/")
                raise response
            raise web.HTTPUnauthorized(text=NO_SESSION)
        if not self._same_origin(request):
            raise web.HTTPForbidden(text="คำขอนี้มาจากเว็บไซต์อื่น จึงไม่รับ")
        request["session"] = session
        return await handler(request)

    def _same_origin(self, request: web.Request) -> bool:
        """A websocket or form post sent by a page of another site is refused (the cookie is
        SameSite=Strict too; this also covers browsers that ignore that). The pages' Referrer-Policy
        is same-origin: with no-referrer, Chromium sends a form post's Origin as "null"."""
        origin = request.headers.get("Origin")
        if not origin:
            return True
        return urlsplit(origin).netloc == request.host

    def _secure(self, request: web.Request) -> bool:
        if request.secure:
            return True
        return (self.settings.behind_proxy
                and request.headers.get("X-Forwarded-Proto", "").lower() == "https")

    def _address(self, request: web.Request) -> str:
        if self.settings.behind_proxy:
            forwarded = request.headers.get("X-Forwarded-For", "")
            if forwarded.strip():
                return forwarded.split(",")[-1].strip()      # the address the proxy saw
        return request.remote or "?"

    # -- login and logout ------------------------------------------------------------------------
    async def login_form(self, request: web.Request) -> web.Response:
        if self.sessions.get(request.cookies.get(COOKIE)):
            raise web.HTTPSeeOther("/")
        notice = LOGGED_OUT if LOGGED_OUT_QUERY in request.query else ""
        return web.Response(text=login_page(self.settings.title, notice=notice),
                            content_type="text/html")

    async def login(self, request: web.Request) -> web.Response:
        if not self._same_origin(request):
            raise web.HTTPForbidden(text="คำขอนี้มาจากเว็บไซต์อื่น จึงไม่รับ")
        address = self._address(request)
        # read first: every answer, the 429 too, gives back the e-mail the officer typed
        form = await request.post()
        email, password = str(form.get("email", "")), str(form.get("password", ""))
        wait = self.limiter.blocked_for(address)
        if wait:
            minutes = max(1, round(wait / 60))
            from itatui.core.thai import to_thai_digits

            text = (f"ใส่รหัสผ่านผิดหลายครั้งเกินไปจากเครื่องนี้ "
                    f"ลองใหม่ได้ในอีกประมาณ {to_thai_digits(minutes)} นาที")
            log.warning("ไม่รับการเข้าสู่ระบบจาก %s อีกประมาณ %s นาที (ใส่รหัสผ่านผิดหลายครั้ง)",
                        address, to_thai_digits(minutes))
            return web.Response(status=429, text=login_page(self.settings.title, text, email),
                                content_type="text/html",
                                headers={"Retry-After": str(int(wait) + 1)})
        loop = asyncio.get_running_loop()
        officer = await loop.run_in_executor(
            None, officer_file.verify, self.settings.officers_file, email, password)
        if officer is None:
            self.limiter.failed(address)
            log.warning("เข้าสู่ระบบไม่สำเร็จ: %s จาก %s", email or "(ไม่ระบุอีเมล)", address)
            return web.Response(status=401, content_type="text/html", text=login_page(
                self.settings.title, "อีเมลหรือรหัสผ่านไม่ถูกต้อง", email))
        self.limiter.succeeded(address)
        session = self.sessions.open(officer.email, officer.name, officer.role)
        log.info("เข้าสู่ระบบ: %s %s (%s) จาก %s", officer.name, officer.email,
                 officer_file.ROLES.get(officer.role, officer.role), address)
        app = "editor" if officer.may_edit else "audit"
        # the app the login leads to starts now, while the browser follows the redirect
        self.processes.prepare((session.email, app), self.command(app), self.officer_env(session))
        response = web.HTTPSeeOther("/" if officer.may_edit else "/audit/")
        response.set_cookie(COOKIE, session.token, httponly=True, samesite="Strict",
                            secure=self._secure(request), path="/")
        raise response

    async def logout(self, request: web.Request) -> web.Response:
        session: Session = request["session"]
        log.info("ออกจากระบบ: %s %s", session.name, session.email)
        self.sessions.close(request.cookies.get(COOKIE))
        response = web.HTTPSeeOther(LOGGED_OUT_PAGE)
        response.del_cookie(COOKIE, path="/")
        raise response

    # -- pages, assets, downloads --------------------------------------------------------------
    def _still_listed(self, request: web.Request) -> Session:
        """The request's session, ended when its officer was removed (or their role changed)
        since the login: a page goes back to the login, a websocket is refused."""
        session: Session = request["session"]
        officer = officer_file.load_officers(self.settings.officers_file).get(session.email)
        if officer is None or officer.role != session.role:
            self.sessions.close(session.token)
            if request.headers.get("Upgrade", "").lower() == "websocket":
                raise web.HTTPForbidden(text=NO_SESSION)
            raise web.HTTPSeeOther("/login")
        return session

    async def page(self, request: web.Request) -> web.Response:
        session = self._still_listed(request)
        app = PAGES[request.path]
        may_edit = session.role in officer_file.EDITOR_ROLES
        if app == "editor" and not may_edit:
            raise web.HTTPSeeOther("/audit/")
        try:
            font_size = min(32, max(8, int(request.query.get("fontsize", "16"))))
        except ValueError:
            font_size = 16
        ws_path = "/ws" if app == "editor" else "/audit/ws"
        self.processes.prepare((session.email, app), self.command(app), self.officer_env(session))
        html = app_page(title=self.settings.title, app=app, ws_path=ws_path, name=session.name,
                        role_thai=officer_file.ROLES.get(session.role, session.role),
                        may_edit=may_edit, font_size=font_size)
        return web.Response(text=html, content_type="text/html")

    async def asset(self, request: web.Request) -> web.StreamResponse:
        path = assets().get(request.match_info["name"])
        if path is None:
            raise web.HTTPNotFound(text="ไม่มีไฟล์นี้")
        return web.FileResponse(path, headers={"Content-Type": content_type(path.name),
                                               "Cache-Control": "private, max-age=3600"})

    async def download(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="ไม่มีไฟล์นี้ให้ดาวน์โหลด") from None
        response = web.StreamResponse()
        response.headers["Content-Type"] = meta.mime_type + (
            f"; charset={meta.encoding}" if meta.encoding else "")
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        from urllib.parse import quote

        response.headers["Content-Disposition"] = (
            f"{disposition}; filename*=UTF-8''{quote(meta.file_name)}")
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # -- the app processes -------------------------------------------------------------------
    def command(self, app: str) -> str:
        which = "tui" if app == "editor" else "audit"
        # exec: textual-serve runs it through a shell; the app must be the process itself, so
        # that ending an unclaimed one ends the editor (and frees its officer's journal lock)
        return "exec " + shlex.join([self.settings.python, "-m", "itatui", which,
                                     "--repo", str(self.settings.root)])

    def officer_env(self, session: Session) -> dict[str, str]:
        folder = (officer_file.officers_path(self.settings.root).parent / "serve-config"
                  / hashlib.sha256(session.email.encode()).hexdigest()[:16])
        config = folder / "itatui" / "config.toml"
        config.parent.mkdir(parents=True, exist_ok=True)
        import tomlkit

        doc = tomlkit.document()
        officer = tomlkit.table()
        officer["name"], officer["email"] = session.name, session.email
        doc["officer"] = officer
        if not config.exists():
            config.write_text(tomlkit.dumps(doc), encoding="utf-8")
        return {
            ENV_NAME: session.name, ENV_EMAIL: session.email,
            "GIT_AUTHOR_NAME": session.name, "GIT_AUTHOR_EMAIL": session.email,
            "GIT_COMMITTER_NAME": session.name, "GIT_COMMITTER_EMAIL": session.email,
            "XDG_CONFIG_HOME": str(folder),
            DRAFTS_FOLDER: str(folder / "drafts"),
            "ITATUI_SERVE_ROLE": session.role,
        }

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        session = self._still_listed(request)
        app = "editor" if request.path == "/ws" else "audit"
        if app == "editor" and session.role not in officer_file.EDITOR_ROLES:
            raise web.HTTPForbidden(text="ผู้ตรวจสอบเปิดได้เฉพาะหน้าจอตรวจสอบ (อ่านอย่างเดียว)")
        ws = web.WebSocketResponse(heartbeat=15)

        def size(name: str, default: int) -> int:
            try:
                return min(1000, max(10, int(request.query.get(name, default))))
            except ValueError:
                return default

        key = (session.email, app)
        service = None
        try:
            await ws.prepare(request)
            service = await self.processes.claim(
                key, (size("width", 80), size("height", 24)), ws.send_bytes, ws.send_str,
                ws.close, start=lambda: self.processes.start(
                    key, self.command(app), self.officer_env(session)))
            await self._messages(ws, service, session, key)
        except asyncio.CancelledError:
            await ws.close()
        except Exception:                       # a broken socket must not end the server
            log.exception("การเชื่อมต่อของ %s ขัดข้อง", session.email)
        finally:
            if service is not None:
                await self.processes.ended(key, service)
        return ws

    async def _messages(self, ws: web.WebSocketResponse, service, session: Session,
                        key: tuple[str, str]) -> None:
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            if self.sessions.get(session.token) is None:
                break                                   # logged out (in another tab too)
            try:
                envelope = message.json()
                kind = envelope[0]
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(envelope[1], str):
                await service.send_bytes(envelope[1].encode("utf-8"))
            elif kind == "resize" and isinstance(envelope[1], dict):
                try:
                    width, height = int(envelope[1]["width"]), int(envelope[1]["height"])
                except (KeyError, TypeError, ValueError):
                    continue
                await service.set_terminal_size(width, height)
                self.processes.sizes[key] = (width, height)
            elif kind == "ping":
                await ws.send_json(["pong", envelope[1]])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def stop_all(self, _app: web.Application) -> None:
        await self.processes.end_all()


def serve(settings: ServeSettings, host: str, port: int, announce) -> None:
    """Run the server until SIGINT/SIGTERM; ``announce(host, port)`` once it listens (the
    address and port it is bound to: "0.0.0.0" stays as it is, the caller says what to open)."""
    logging.basicConfig(level=logging.INFO, format="itatui serve: %(message)s")
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    server = ServeApp(settings)

    async def main() -> None:
        import signal

        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        runner = web.AppRunner(server.make_app(), handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = runner.addresses[0]
        announce(str(bound[0]), int(bound[1]))
        await stop.wait()
        await runner.cleanup()

    asyncio.run(main())
