"""The HTML the server answers with, in Thai: the login page and the page that holds an app's
terminal (the editor at ``/``, the audit app at ``/audit/``). No external resource, no inline
script (the Content-Security-Policy of :mod:`itatui.serve.server` forbids both)."""

from __future__ import annotations

from html import escape

from itatui.serve.assets import assets, content_type, font_faces

LOGIN_STYLE = """
body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
       background: #0c181f; color: #eef; font: 18px/1.6 'Tlwg Typo', 'Loma', 'Garuda', sans-serif; }
main { background: #12232d; padding: 2em 2.5em; border-radius: 6px; width: min(26em, 90vw); }
h1 { font-size: 1.3em; margin: 0 0 .2em; } p.sub { margin: 0 0 1.2em; color: #aac; }
label { display: block; margin-top: .8em; } input { width: 100%; box-sizing: border-box;
       font: inherit; padding: .3em .5em; margin-top: .2em; }
button { margin-top: 1.4em; font: inherit; padding: .4em 1.6em; background: #5e0ba7;
         color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
.error { background: #5a1a1a; color: #fdd; padding: .5em .8em; border-radius: 4px; }
.notice { background: #17402a; color: #dfd; padding: .5em .8em; border-radius: 4px; }
"""


def login_page(title: str, error: str = "", email: str = "", notice: str = "") -> str:
    """The login form; ``error`` (a refusal) or ``notice`` (logged out) above it, ``email``
    given back in its field (escaped)."""
    shown_error = (f'<p class="error" role="alert" id="login-error">{escape(error)}</p>'
                   if error else "")
    if notice and not error:
        shown_error = f'<p class="notice" role="status" id="login-notice">{escape(notice)}</p>'
    return f"""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>เข้าสู่ระบบ — itatui</title><style>{LOGIN_STYLE}</style></head>
<body><main>
<h1>เข้าสู่ระบบ itatui</h1><p class="sub">{escape(title)}</p>
{shown_error}
<form method="post" action="/login" autocomplete="on">
<label for="email">อีเมล</label>
<input id="email" name="email" type="email" required{"" if email else " autofocus"}
 autocomplete="username" value="{escape(email)}">
<label for="password">รหัสผ่าน</label>
<input id="password" name="password" type="password" required{" autofocus" if email else ""}
 autocomplete="current-password">
<button type="submit" id="login">เข้าสู่ระบบ</button>
</form></main></body></html>
"""


def app_page(*, title: str, app: str, ws_path: str, name: str, role_thai: str,
             may_edit: bool, font_size: int) -> str:
    """The page of one app's terminal; ``app`` is "editor" or "audit"."""
    # the fonts are fetched beside the scripts, not after them (the terminal waits for them)
    preloads = "\n".join(
        f'<link rel="preload" href="/assets/{name}" as="font" type="{content_type(name)}"'
        " crossorigin>" for name in assets() if name.endswith((".otf", ".ttf")))
    links = []
    if may_edit:
        links.append(('/', "แก้ไขรายงาน", app == "editor"))
    links.append(('/audit/', "ตรวจสอบประวัติ (อ่านอย่างเดียว)", app == "audit"))
    nav = " ".join(
        f'<a href="{href}"{" aria-current=page" if here else ""}>{escape(label)}</a>'
        for href, label, here in links)
    return f"""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8">
<title>{escape(title)} — itatui</title>
<link rel="stylesheet" href="/assets/xterm.css">
<link rel="stylesheet" href="/assets/serve.css">
{preloads}
<style>{font_faces()}</style>
<script src="/assets/textual.js"></script>
<script src="/assets/boot.js"></script>
</head><body data-app="{app}">
<header class="bar">
<span class="title">itatui · {escape(title)}</span>
<nav>{nav}</nav>
<span class="who" id="who">{escape(name)} ({escape(role_thai)})</span>
<form method="post" action="/logout"><button type="submit" id="logout">ออกจากระบบ</button></form>
</header>
<div class="closed-dialog" id="closed">
<p>หน้าจอนี้ปิดแล้ว (ออกจากโปรแกรม หรือการเชื่อมต่อขาด)</p>
<button type="button" id="restart">เปิดใหม่</button></div>
<div id="terminal" class="textual-terminal" data-session-websocket-path="{ws_path}"
 data-font-size="{font_size}"></div>
</body></html>
"""
