"""What the tests share besides fixtures (those are in conftest.py): the sample report and
its repository, the editor under Pilot, the auditor's officers and commands, and the checks of
the fonts inside a PDF with the fontconfig setups that imitate other machines.

Imported as ``from helpers import ...`` (pyproject.toml puts tests/ on pytest's pythonpath)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdf
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RECORDS = ROOT / "records"
#: the real sample report (a copy of ../shared/seeds/000_4a8cee38f8a52e3e.txt, so that a clone
#: alone runs every test)
SEED = FIXTURES / "seed" / "000_4a8cee38f8a52e3e.txt"
OFFICER = ("นางเอมวรา ชัยวงศ์", "emwara@banruean.go.th")


# --- repositories and the editor ------------------------------------------------------------

def git(root: Path, *args: str, **kw) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True, **kw).stdout


def write_identity(path: Path, name: str | None, email: str | None) -> None:
    lines = ["[init]", "\tdefaultBranch = main"]
    if name:
        lines += ["[user]", f"\tname = {name}", f"\temail = {email}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_repo(root: Path, records: Path = RECORDS) -> Path:
    shutil.copytree(records, root / "records")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "records")
    git(root, "-c", "user.name=ตัวอย่าง", "-c", "user.email=sample@itatui.invalid",
        "commit", "-q", "-m", "นำเข้ารายงานตัวอย่าง")
    return root


def make_app(repo: Path, **kw):
    """The editor (``ItaApp``) on ``repo`` and the list its notifications are recorded in, as
    (message, keyword arguments) pairs."""
    from itatui.tui.app import ItaApp

    app = ItaApp(str(repo), thai_wrap=False, **kw)
    notes: list[tuple[str, dict]] = []
    notify = app.notify

    def record(message, **kwargs):
        notes.append((str(message), kwargs))
        return notify(message, **kwargs)

    app.notify = record  # type: ignore[method-assign]
    return app, notes


async def wait_until(pilot, condition, what: str = "the condition", tries: int = 200) -> None:
    """Poll a Pilot-driven app until ``condition()`` holds: messages posted by a finished worker
    (its state change, a notification) or a screen's first layout arrive a few frames later on
    a loaded machine, so one pause is not enough."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def open_record(app, pilot, path: str) -> None:
    """Open a record in the editor the way the officer does: cursor on its node, then Enter."""
    app.tree.focus()
    assert app.tree.select_path(path)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert app.current == path


def commit_count(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD").strip())


def processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every running process, from /proc (no procps needed)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[0] == "Z":
                continue
            cmd = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            continue
        out.append((int(stat.parent.name), int(fields[1]), cmd.strip()))
    return out



def without_charts(html: str) -> str:
    """The HTML without itatui's charts (:mod:`itatui.render.charts`, after the scores): the
    document's own tables and markup, for the checks of what records can put there."""
    import re

    return re.sub(r'<div class="charts charts-\w+">\n.*?\n</div>', "", html, flags=re.S)


def table_rows(markdown: str) -> list[list[str]]:
    """Every table row of a Markdown text (header rows too) as its cells' inline source, read
    by markdown-it with GFM tables (raw HTML off, as itatui renders it)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(markdown)
    rows, row = [], None
    for tok in tokens:
        if tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        elif tok.type == "tr_close":
            rows.append(row)
            row = None
    return rows


# --- the auditor's officers and commands ----------------------------------------------------

ITATUI = [sys.executable, "-m", "itatui"]

EMWARA = OFFICER                # the drafter, every test's default identity
PREENAPA = ("นางสาวปรีณภา น้อยเสงี่ยม", "preenapa@banruean.go.th")
SOMCHAI = ("นายสมชาย ปันมาเชื้อ", "somchai@banruean.go.th")
OUTSIDER = ("นายภายนอก ไม่รู้จัก", "who@example.invalid")

OFFICERS_TOML = f'''# เจ้าหน้าที่ผู้บันทึกและอนุมัติ
[[officers]]
name = "{EMWARA[0]}"
email = "{EMWARA[1]}"
role = "ผู้จัดทำ"
position = "นิติกรชำนาญการ"

[[officers]]
name = "{PREENAPA[0]}"
email = "{PREENAPA[1]}"
role = "หัวหน้าสำนักปลัดเทศบาลตำบลบ้านเรือน"

[[officers]]
name = "{SOMCHAI[0]}"
email = "{SOMCHAI[1]}"
role = "ปลัดเทศบาลตำบลบ้านเรือน"
'''

ROLES = ("หัวหน้าสำนักปลัดเทศบาลตำบลบ้านเรือน", "ปลัดเทศบาลตำบลบ้านเรือน",
         "นายกเทศมนตรีตำบลบ้านเรือน")


def as_officer(officer: tuple[str, str], date: str | None = None) -> dict:
    env = dict(os.environ)
    env.update({"GIT_AUTHOR_NAME": officer[0], "GIT_AUTHOR_EMAIL": officer[1],
                "GIT_COMMITTER_NAME": officer[0], "GIT_COMMITTER_EMAIL": officer[1]})
    home = Path(env["XDG_CONFIG_HOME"]) / ".." / f"cfg-{officer[1]}"
    cfg = home / "itatui" / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(f'[officer]\nname = "{officer[0]}"\nemail = "{officer[1]}"\n',
                   encoding="utf-8")
    env["XDG_CONFIG_HOME"] = str(home)
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    return env


def itatui(*args: str, officer=EMWARA, date: str | None = None, cwd: Path | None = None):
    return subprocess.run([*ITATUI, *args], capture_output=True, text=True, timeout=300,
                          env=as_officer(officer, date), cwd=cwd)


def ok(proc) -> str:
    assert proc.returncode == 0, (proc.returncode, proc.stdout, proc.stderr)
    return proc.stdout


def make_repo_with(root: Path) -> Path:
    """The sample records with the officers list, imported by the drafter on 5 Jan 2026."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(RECORDS, root / "records")
    (root / "records" / "officers.toml").write_text(OFFICERS_TOML, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "records")
    git(root, "-c", f"user.name={EMWARA[0]}", "-c", f"user.email={EMWARA[1]}", "commit", "-q",
        "-m", "นำเข้ารายงาน", env={**os.environ, "GIT_AUTHOR_DATE": "2026-01-05T09:00:00+07:00",
                                   "GIT_COMMITTER_DATE": "2026-01-05T09:00:00+07:00"})
    return root


def ssh_keys(repo: Path, folder: Path, officers, allowed=None) -> dict[str, Path]:
    """A throw-away ed25519 key per officer (real ``ssh-keygen``), ssh signing configured in
    ``repo`` and an allowed-signers file that gives each officer of ``allowed`` (default: all)
    their own key. Returns e-mail -> private key; sign as one with :func:`sign_with`."""
    folder.mkdir(parents=True, exist_ok=True)
    keys, lines = {}, []
    for name, email in officers:
        key = folder / f"key-{email.split('@')[0]}"
        if not key.exists():
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", email, "-f",
                            str(key)], check=True)
        keys[email] = key
        if allowed is None or (name, email) in allowed:
            lines.append(f'{email} namespaces="git" {key.with_suffix(".pub").read_text()}')
    signers = folder / "allowed_signers"
    signers.write_text("".join(lines), encoding="utf-8")
    git(repo, "config", "gpg.format", "ssh")
    git(repo, "config", "gpg.ssh.allowedSignersFile", str(signers))
    return keys


def sign_with(repo: Path, key: Path | None) -> None:
    """Sign the next commits and tags of ``repo`` with ``key`` (None: sign nothing)."""
    if key is None:
        subprocess.run(["git", "config", "--unset", "user.signingkey"], cwd=repo)
    else:
        git(repo, "config", "user.signingkey", str(key) + ".pub")


def approve_with_plain_git(repo: Path, officer: tuple[str, str], role: str,
                           key: Path | None) -> str:
    """An approval as an older itatui or plain git made it: the same empty commit and
    trailers as ``itatui approve``, signed with ``key`` (anyone's) without any check of whose
    it is, and put on the branch. Returns its commit id."""
    from itatui.core.audit.approvals import approval_message

    head = git(repo, "rev-parse", "HEAD").strip()
    tree = git(repo, "rev-parse", "HEAD:records").strip()
    env = {**os.environ, "GIT_AUTHOR_NAME": officer[0], "GIT_AUTHOR_EMAIL": officer[1],
           "GIT_COMMITTER_NAME": officer[0], "GIT_COMMITTER_EMAIL": officer[1]}
    sign = [f"-S{key}.pub"] if key else []
    sha = git(repo, "commit-tree", *sign, "HEAD^{tree}", "-p", head, "-F", "-", env=env,
              input=approval_message(role, head, tree)).strip()
    git(repo, "update-ref", "HEAD", sha, head)
    return sha


def officer_workspace(root: Path, officer: tuple[str, str] = EMWARA):
    """The records of ``root`` as ``officer`` works on them (in this process)."""
    from itatui.core.config import Config
    from itatui.core.workspace import Workspace

    return Workspace(root, config=Config(officer_name=officer[0], officer_email=officer[1]))


def approve_chain(root: Path) -> None:
    """The whole chain of :data:`ROLES` approves HEAD: Preenapa in her one role, Somchai as
    ปลัด and acting for the mayor (signers.toml names him), with a comment."""
    from itatui.core.audit.approvals import approve

    approve(officer_workspace(root, PREENAPA))
    approve(officer_workspace(root, SOMCHAI), ROLES[1])
    approve(officer_workspace(root, SOMCHAI), ROLES[2], "เห็นชอบ")


__all__ = ("git", "make_repo", "make_repo_with")


# --- fonts inside a PDF --------------------------------------------------------------------
# Checks of the fonts inside a PDF, and fontconfig setups that imitate other machines.
#
# ``glyph_width_problems`` is the check of shared/tools/pdf_glyph_widths.py, as our own code:
# for each embedded Type0 font, the share of glyphs whose PDF width (/W, which WeasyPrint takes
# from the layout) differs from the advance in the embedded font program by more than 2 %. Such
# glyphs are drawn overlapping or spread out: a fontconfig ``matrix`` applied to the layout but
# not to the drawing (TLWG's fake TH Sarabun) shows as 0.66.
#
# ``fontconfig_setup`` writes a ``fonts.conf`` for ``FONTCONFIG_FILE``: the machine's fonts and
# rules, with or without the TLWG fonts, optionally with TLWG's synthetic "TH Sarabun" rule and
# extra font folders. Pango reads fontconfig once per process: render under such a setup in a
# subprocess.

TLWG_FONTS = Path("/usr/share/fonts/opentype/tlwg")
TOLERANCE = 0.02

#: A copy of Debian's /usr/share/fontconfig/conf.avail/89-tlwg-laksaman-synthetic.conf
#: (fonts-tlwg-laksaman 1:0.7.3-1): "TH Sarabun*" answered with Laksaman at 0.66.
TLWG_SYNTHETIC_RULE = """
  <match target="pattern">
    <test qual="any" name="family" compare="contains"><string>TH Sarabun</string></test>
    <edit name="family" mode="append" binding="same"><string>Laksaman</string></edit>
  </match>
  <match target="font">
    <test name="family" compare="eq"><string>Laksaman</string></test>
    <test target="pattern" qual="any" name="family" compare="contains">
      <string>TH Sarabun</string>
    </test>
    <edit name="matrix" mode="assign">
      <matrix><double>0.66</double><double>0</double>
              <double>0</double><double>0.66</double></matrix>
    </edit>
  </match>
"""


@dataclass
class EmbeddedFont:
    base_font: str           # the PDF's /BaseFont, e.g. ABCDEF+itatui-Sarabun-Bold
    family: str              # the family named inside the embedded font program
    glyphs: int              # glyphs with a width in /W and an advance in the program
    off: int                 # of those, widths more than TOLERANCE away from the advance

    def __str__(self) -> str:
        return f"{self.base_font}:{self.off}/{self.glyphs}"


def _widths(w):
    i = 0
    while i < len(w):
        first, nxt = w[i], w[i + 1]
        if isinstance(nxt, (list, pypdf.generic.ArrayObject)):
            for k, width in enumerate(nxt):
                yield int(first) + k, float(width)
            i += 2
        else:
            for cid in range(int(first), int(nxt) + 1):
                yield cid, float(w[i + 2])
            i += 3


def embedded_fonts(pdf: str | Path) -> list[EmbeddedFont]:
    """Every embedded Type0 font of the PDF, with its family and its width check."""
    out: list[EmbeddedFont] = []
    seen: set[int] = set()
    for page in pypdf.PdfReader(str(pdf)).pages:
        for ref in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = ref.get_object()
            if font.get("/Subtype") != "/Type0" or ref.idnum in seen:
                continue
            seen.add(ref.idnum)
            desc = font["/DescendantFonts"][0].get_object()
            fd = desc["/FontDescriptor"].get_object()
            program = fd.get("/FontFile3") or fd.get("/FontFile2")
            if program is None:
                continue
            tt = TTFont(io.BytesIO(program.get_object().get_data()))
            name = tt["name"]
            family = str(name.getDebugName(16) or name.getDebugName(1) or "")
            upm = tt["head"].unitsPerEm
            order, hmtx = tt.getGlyphOrder(), tt["hmtx"]
            glyphs = off = 0
            for gid, width in _widths(desc.get("/W", [])):
                if gid < len(order):
                    advance = hmtx[order[gid]][0] * 1000 / upm
                    if advance:
                        glyphs += 1
                        off += abs(width / advance - 1) > TOLERANCE
            out.append(EmbeddedFont(str(desc["/BaseFont"]).lstrip("/"), family, glyphs, off))
    return out


def glyph_width_problems(pdf: str | Path) -> list[str]:
    """``NAME:BAD/ALL`` for each embedded font whose widths disagree (empty: ok). Raises when
    the PDF has no embedded font with checked glyphs, so that the check cannot pass on
    nothing."""
    fonts = embedded_fonts(pdf)
    assert fonts and all(f.glyphs for f in fonts), f"no glyph widths to check in {pdf}: {fonts}"
    return [str(f) for f in fonts if f.off]


def fontconfig_setup(folder: Path, *, tlwg: bool, synthetic_rule: bool = False,
                     extra_dirs: tuple[Path, ...] = ()) -> Path:
    """A fonts.conf in ``folder`` for FONTCONFIG_FILE: the machine's font folders and its
    conf.d rules, without the TLWG fonts unless ``tlwg``, plus TLWG's synthetic "TH Sarabun"
    rule when ``synthetic_rule`` (as a stock Debian 12 with fonts-thai-tlwg has it), plus
    ``extra_dirs``. Its cache is its own (in ``folder``)."""
    folder.mkdir(parents=True, exist_ok=True)
    reject = "" if tlwg else (
        f"<selectfont><rejectfont><glob>{TLWG_FONTS}/*</glob></rejectfont></selectfont>")
    extra = "".join(f"<dir>{d}</dir>" for d in extra_dirs)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        "  <dir>/usr/share/fonts</dir><dir>/usr/local/share/fonts</dir>\n"
        f"  {extra}\n  <cachedir>{folder / 'cache'}</cachedir>\n  {reject}\n"
        '  <include ignore_missing="yes">/etc/fonts/conf.d</include>\n'
        f"{TLWG_SYNTHETIC_RULE if synthetic_rule else ''}"
        "</fontconfig>\n", encoding="utf-8")
    return conf


def fc(conf: Path, *args: str) -> str:
    """Run a fontconfig tool (fc-list, fc-match) under ``conf``."""
    import os

    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    return subprocess.run(list(args), capture_output=True, text=True, env=env,
                          check=True, timeout=120).stdout


def renamed_font(src: Path, dst: Path, family: str, style: str) -> Path:
    """A copy of the font ``src`` that names itself ``family`` ``style``: a stand-in for a
    font the machine does not have (e.g. TH Sarabun New as an agency installs it)."""
    font = TTFont(str(src))
    name = font["name"]
    full = f"{family} {style}" if style != "Regular" else family
    ps = f"{family.replace(' ', '')}-{style.replace(' ', '')}"
    for record in list(name.names):
        if record.nameID in (16, 17, 21, 22):
            name.removeNames(nameID=record.nameID)
    for name_id, value in ((1, family), (2, style), (3, ps), (4, full), (6, ps)):
        name.setName(value, name_id, 3, 1, 0x409)
        name.setName(value, name_id, 1, 0, 0)
    font.save(str(dst))
    return dst


# --- the draft journal's lock ---------------------------------------------------------------

def journal_holder(root: Path) -> subprocess.Popen:
    """Another process (a stand-in for a running itatui) that holds the draft journal's lock
    of the repository at ``root`` until it is killed; returns once the lock is held."""
    code = ("import sys, time\n"
            "from itatui.core.drafts import DraftStore\n"
            "assert DraftStore(sys.argv[1]).hold() is None\n"
            "print('held', flush=True)\n"
            "time.sleep(600)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(root)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def kill_9(proc: subprocess.Popen) -> None:
    proc.kill()                                     # SIGKILL: no clean-up in the process
    proc.wait(timeout=30)
    if proc.stdout is not None:
        proc.stdout.close()


def words_unwrapped(html: str) -> str:
    """The website HTML without the ``<span class="w">``/``<span class="wl">`` that keep its
    Thai words whole (:func:`itatui.render.html.wrap_words`)."""
    html = re.sub(r'<span class="w">([^<]*)</span>', r"\1", html)
    while True:
        plain = re.sub(r'<span class="wl">([^<]*)</span>', r"\1", html)
        if plain == html:
            return html
        html = plain


def page_texts(pdf: Path) -> list[str]:
    """Each page's text of ``pdf`` as ``pdftotext`` gives it (poppler-utils), page 1 first."""
    pages = len(pypdf.PdfReader(str(pdf)).pages)
    return [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
            for i in range(1, pages + 1)]
