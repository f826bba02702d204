"""itatui serve: the editor and the audit app in a browser, with logins (README: "In a
browser: itatui serve").

    itatui serve --repo DIR [--host 127.0.0.1] [--port 8000] [--allow-network] [--behind-proxy]
    itatui serve --repo DIR --add-officer EMAIL --name NAME [--role officer|head|auditor]
                 [--password-stdin | --random-password]
    itatui serve --repo DIR --remove-officer EMAIL
    itatui serve --repo DIR --list-officers
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

from itatui.cli.common import EXIT_OK, add_repo, records_root
from itatui.core.errors import ItatuiError

NETWORK_WARNING = """\
คำเตือน: itatui serve เปิดรับการเชื่อมต่อที่ {host} ไม่ใช่เฉพาะเครื่องนี้
- ทุกเครื่องที่เข้าถึงที่อยู่นี้ได้จะเห็นหน้าเข้าสู่ระบบ และลองเดารหัสผ่านได้ (จำกัด ๕ ครั้งใน ๑๕ นาทีต่อเครื่อง)
- ผ่าน http:// ธรรมดา รหัสผ่าน คุกกี้ของการเข้าสู่ระบบ และเนื้อหารายงานทั้งหมดส่งผ่านเครือข่ายโดยไม่เข้ารหัส
  ผู้ที่ดักฟังเครือข่ายได้จะอ่านและแอบใช้ชื่อเจ้าหน้าที่บันทึกได้
- ควรเปิดเฉพาะ 127.0.0.1 แล้วให้ reverse proxy ที่มี TLS (https, เช่น nginx หรือ Caddy) ส่งต่อ
  พร้อม --behind-proxy (ดู README หัวข้อ "In a browser: itatui serve")"""


def register(sub):
    p = sub.add_parser(
        "serve", help="the editor in a browser, with logins / เปิดหน้าจอแก้ไขผ่านเว็บเบราว์เซอร์",
        description="Serve the editor (/) and the read-only audit app (/audit/) to browsers; "
                    "officers log in with a password and every commit carries the logged-in "
                    "officer. / ให้เจ้าหน้าที่แก้ไขรายงานผ่านเว็บเบราว์เซอร์ โดยเข้าสู่ระบบด้วยรหัสผ่าน",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    add_repo(p)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free)")
    p.add_argument("--allow-network", action="store_true",
                   help="needed to listen on an address other than this machine's own")
    p.add_argument("--behind-proxy", action="store_true",
                   help="a reverse proxy on this machine terminates TLS: trust its "
                        "X-Forwarded-Proto (Secure cookie) and X-Forwarded-For (login limit)")
    p.add_argument("--title", default=None, help="name shown on the pages (default: the agency)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--add-officer", metavar="EMAIL",
                     help="add an officer (or set a new password / name / role)")
    who.add_argument("--remove-officer", metavar="EMAIL", help="remove an officer")
    who.add_argument("--list-officers", action="store_true", help="list the officers")
    p.add_argument("--name", help="with --add-officer: the name commits will carry")
    p.add_argument("--role", choices=("officer", "head", "auditor"), default="officer",
                   help="with --add-officer: officer (default), head, or auditor (read-only)")
    pw = p.add_mutually_exclusive_group()
    pw.add_argument("--password-stdin", action="store_true",
                    help="with --add-officer: read the password from standard input")
    pw.add_argument("--random-password", action="store_true",
                    help="with --add-officer: make a random password and print it once")
    return p


def _password(args) -> str:
    if args.random_password:
        import secrets

        return secrets.token_urlsafe(12)
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ItatuiError("ไม่มีเทอร์มินัลให้พิมพ์รหัสผ่าน: ใช้ --password-stdin "
                          "(ส่งรหัสผ่านทาง stdin) หรือ --random-password")
    import getpass

    first = getpass.getpass("รหัสผ่าน: ")
    second = getpass.getpass("พิมพ์รหัสผ่านอีกครั้ง: ")
    if first != second:
        raise ItatuiError("รหัสผ่านสองครั้งไม่ตรงกัน จึงไม่ได้บันทึก")
    return first


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _officers(args, root) -> int:
    from itatui.serve import officers

    path = officers.officers_path(root)
    if args.list_officers:
        listed = officers.load_officers(path)
        if not listed:
            print("ยังไม่มีผู้ใช้ (เพิ่มด้วย --add-officer)")
        for o in listed.values():
            print(f"{o.email}\t{o.name}\t{o.role} ({o.role_thai})")
        return EXIT_OK
    if args.remove_officer:
        officers.remove_officer(path, args.remove_officer)
        print(f"ลบผู้ใช้ {args.remove_officer} แล้ว (ผู้ที่เข้าสู่ระบบอยู่จะเข้าใหม่ไม่ได้)")
        return EXIT_OK
    if not args.name:
        raise ItatuiError("ต้องระบุชื่อด้วย --name (ชื่อนี้จะเป็นชื่อผู้บันทึกในทุก commit)")
    officers.check_new_officer(args.add_officer.strip().lower(), args.name, args.role,
                               "x" * officers.MIN_PASSWORD)
    password = _password(args)
    new = officers.add_officer(path, args.add_officer, args.name, args.role, password)
    what = "เพิ่มผู้ใช้" if new else "ปรับข้อมูลและรหัสผ่านของผู้ใช้"
    print(f"{what} {args.add_officer.strip().lower()} ({args.name}, "
          f"{officers.ROLES[args.role]}) แล้ว ใน {path}")
    if args.random_password:
        print(f"รหัสผ่าน (แสดงครั้งเดียว จดไว้): {password}")
    return EXIT_OK


def run(args) -> int:
    root = records_root(args.repo)
    if args.add_officer or args.remove_officer or args.list_officers:
        return _officers(args, root)
    if args.name or args.password_stdin or args.random_password:
        raise ItatuiError("--name, --password-stdin และ --random-password ใช้กับ --add-officer")
    if not 0 <= args.port <= 65535:
        raise ItatuiError(f"พอร์ต {args.port} ไม่ถูกต้อง (0-65535)")
    if not _is_loopback(args.host):
        if not args.allow_network:
            raise ItatuiError(
                f"จะเปิดที่ {args.host} ซึ่งเครื่องอื่นในเครือข่ายเข้าถึงได้ ต้องระบุ --allow-network "
                "ด้วย (หรือเปิดที่ 127.0.0.1 แล้วใช้ reverse proxy ที่มี TLS ดู README)")
        print(NETWORK_WARNING.format(host=args.host), file=sys.stderr)
    from itatui.core.history import History
    from itatui.serve import officers

    root = History.open(root).root
    if not officers.load_officers(officers.officers_path(root)):
        raise ItatuiError("ยังไม่มีผู้ใช้ที่เข้าสู่ระบบได้ — เพิ่มก่อนด้วย itatui serve --repo "
                          f"{root} --add-officer EMAIL --name \"ชื่อ นามสกุล\"")
    from itatui.serve.server import ServeSettings, serve

    settings = ServeSettings(root=root, title=args.title or _agency(root),
                             behind_proxy=args.behind_proxy)

    def announce(host: str, port: int) -> None:
        print(announcement(host, port), flush=True)

    try:
        serve(settings, args.host, args.port, announce)
    except OSError as exc:
        import errno

        why = ("มีโปรแกรมอื่นใช้พอร์ตนี้อยู่ ลองพอร์ตอื่นด้วย --port" if exc.errno == errno.EADDRINUSE
               else exc.strerror or str(exc))
        raise ItatuiError(f"เปิดที่ {args.host}:{args.port} ไม่ได้: {why}") from None
    return EXIT_OK


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def machine_addresses(ipv6: bool = False) -> list[str]:
    """This machine's own addresses other machines may reach: IPv4 (each interface's, Linux),
    or, with ``ipv6``, the global IPv6 ones (``/proc/net/if_inet6``; not link-local fe80::,
    which a browser cannot open without the interface's name). Loopback left out."""
    found: list[str] = []
    if ipv6:
        try:
            lines = open("/proc/net/if_inet6", encoding="ascii").read().splitlines()
        except OSError:
            lines = []
        for line in lines:
            fields = line.split()
            if len(fields) < 6:
                continue
            address = ipaddress.IPv6Address(int(fields[0], 16))
            if not (address.is_loopback or address.is_link_local or address.is_multicast):
                found.append(str(address))
        return sorted(set(found), key=found.index)
    import fcntl
    import socket
    import struct

    SIOCGIFADDR = 0x8915
    try:
        interfaces = [name for _index, name in socket.if_nameindex()]
    except OSError:
        interfaces = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for name in interfaces:
            try:
                packed = fcntl.ioctl(probe.fileno(), SIOCGIFADDR,
                                     struct.pack("256s", name.encode()[:15]))
            except OSError:                              # no IPv4 address on it
                continue
            address = ipaddress.IPv4Address(packed[20:24])
            if not address.is_loopback and str(address) not in found:
                found.append(str(address))
    return found


def announcement(host: str, port: int) -> str:
    """What the server prints once it listens, in Thai: addresses a browser can open. A wildcard
    (0.0.0.0, ::) is no address to open: this machine's own (127.0.0.1 or [::1]) first, then
    the machine's addresses for the others on the network."""
    wildcard = host in ("0.0.0.0", "::")
    local = ("::1" if host == "::" else "127.0.0.1") if wildcard else host
    here = " บนเครื่องนี้" if wildcard else ""
    lines = [f"itatui serve: เปิดให้ใช้ที่ {_url(local, port)}{here} (กด Ctrl+C เพื่อหยุด)"]
    if wildcard:
        others = machine_addresses(ipv6=host == "::")
        if others:
            lines.append("  เครื่องอื่นในเครือข่ายเปิดได้ที่ "
                         + "  ".join(_url(address, port) for address in others))
        else:
            lines.append("  ไม่พบที่อยู่ของเครื่องนี้ในเครือข่าย: เครื่องอื่นเปิดที่ "
                         f"http://<ที่อยู่ IP ของเครื่องนี้>:{port}/ (ดูด้วยคำสั่ง ip addr)")
    return "\n".join(lines)


def _agency(root) -> str:
    """The agency's name (records/agency.toml) for the pages' title; "รายงาน ITA" without it."""
    import tomllib

    try:
        agency = tomllib.loads((root / "records" / "agency.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "รายงาน ITA"
    name = agency.get("name")
    return f"รายงาน ITA — {name}" if isinstance(name, str) and name.strip() else "รายงาน ITA"
