"""Themes: how the published report looks.

A theme is a folder holding ``theme.toml`` and ``style.css``::

    name = "default"
    description = "..."
    digits = "thai"                      # or "arabic": numbers itatui writes, and record text
    fonts = ["TH Sarabun New", "TH SarabunPSK", "Sarabun", "Laksaman"]
    font_size = "16pt"                   # TH Sarabun New points, whatever the font
    footer = "หน้า {page} / {pages}"     # bottom centre ("" for none)
    footer_left = "{agency} ปีงบประมาณ {fiscal_year}"   # bottom left: the running footer
    footer_right = "ฉบับ {edition}"                    # bottom right
    emblem = "garuda.png"                # optional: the Garuda image, a file of the theme
    extends = "official"                 # optional: start from another theme (its settings
                                         # and its style.css, then this one's)

    [page]                               # the memo (and every page unless overridden)
    size = "A4"
    orientation = "portrait"
    margin_top = "2cm"
    margin_right = "2cm"
    margin_bottom = "2cm"
    margin_left = "3cm"

    [report_page]                        # the report proper (the six-column table); keys
    orientation = "landscape"            # left out here come from [page]

Footer texts may use ``{page}`` and ``{pages}`` (counted in the theme's digits), ``{agency}``,
``{fiscal_year}`` (theme digits) and ``{edition}`` (the tag or short commit id; "ร่าง" for a
draft not rendered from a commit).

``theme.toml`` is the single source of the page geometry, the font chain and the page numbers:
:attr:`Theme.css` is CSS generated from it followed by ``style.css``, which may override it
(so ``@import`` cannot be used in ``style.css``; ``@font-face`` with a font file inside the
theme folder can: the PDF renderer loads files from the theme folder and the chosen fonts'
files, nowhere else).

Sizes are TH Sarabun New points (``font_size = "16pt"``: the body of a memo by the
correspondence rules). The PDF renderer chooses the font (:func:`itatui.render.fonts.
resolve_fonts`) and gives the theme a :class:`~itatui.render.fonts.FontChoice`
(``dataclasses.replace(theme, font_choice=...)``); the generated CSS then loads its files with
``@font-face`` and sets the root size to ``font_size`` x the font's size factor, and
``--itatui-scale`` to that factor. ``style.css`` gives font sizes in ``rem`` (1rem = the body
size in the chosen font: ``1.25rem`` is 20 pt TH Sarabun New) and line heights that must keep
the TH Sarabun New line pitch as ``calc(1.3 / var(--itatui-scale))``. Without a choice (the
HTML for a website) the CSS names the chain's families drawn at about Sarabun's size, then
``sans-serif``, with Sarabun's factor: a browser cannot be told each font's factor.

Themes are looked up by name in ``<records repository>/themes`` first, then in the project's
own themes (:data:`PROJECT_THEMES`), so a records repository without its own themes still finds
them. The project's themes live in ``themes/`` at the top of the checkout; a wheel installs them
inside the package as ``itatui/themes`` (pyproject.toml maps the folder), so an installed itatui
and an editable checkout both find them. A path to a folder works too.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import itatui
from itatui.core.errors import ItatuiError
from itatui.render.fonts import SCALES, SHIPPED_FAMILY, FontChoice, scale_of

THEME_FILE = "theme.toml"
STYLE_FILE = "style.css"
DIGIT_STYLES = ("thai", "arabic")


def _project_themes() -> Path:
    """The project's own themes: ``itatui/themes`` in an installed package (the wheel maps the
    checkout's ``themes/`` there), else ``<checkout>/themes`` beside the ``itatui`` package (an
    editable install, or the checkout on ``sys.path``)."""
    package = Path(itatui.__file__).resolve().parent
    installed = package / "themes"
    return installed if installed.is_dir() else package.parent / "themes"


#: The project's own themes (see :func:`_project_themes`).
PROJECT_THEMES = _project_themes()

PAGE_SIZES = ("A3", "A4", "A5", "B4", "B5", "letter", "legal", "ledger")
ORIENTATIONS = ("portrait", "landscape")
_LENGTH = re.compile(r"^(0|\d+(\.\d+)?(cm|mm|in|pt|pc|px|em|rem))$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_FONT = re.compile(r"^[^\"'\\;{}<>\n\r]+$")
_MARGINS = ("margin_top", "margin_right", "margin_bottom", "margin_left")


@dataclass(frozen=True)
class PageSetup:
    size: str = "A4"
    orientation: str = "portrait"
    margin_top: str = "2cm"
    margin_right: str = "2cm"
    margin_bottom: str = "2cm"
    margin_left: str = "3cm"

    def css_body(self) -> str:
        return (f"size: {self.size} {self.orientation}; margin: {self.margin_top} "
                f"{self.margin_right} {self.margin_bottom} {self.margin_left};")


FOOTER_KEYS = ("footer", "footer_left", "footer_right")
_PLACEHOLDER = re.compile(r"(\{(?:page|pages|agency|fiscal_year|edition)\})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
DRAFT_EDITION = "ร่าง"


@dataclass(frozen=True)
class Theme:
    name: str
    path: Path                       # the theme folder (resolved)
    description: str = ""
    digits: str = "thai"
    fonts: tuple[str, ...] = ()
    font_size: str = "16pt"
    footer: str = ""
    page: PageSetup = field(default_factory=PageSetup)
    report_page: PageSetup = field(default_factory=PageSetup)
    style: str = ""                  # the text of style.css (a base theme's first)
    footer_left: str = ""
    footer_right: str = ""
    emblem: Path | None = None       # the Garuda image inside a theme folder, if any
    folders: tuple[Path, ...] = ()   # this theme's folder, then its bases' (files allowed)
    font_choice: FontChoice | None = None   # the font chosen for a PDF (see the module doc)

    @property
    def font_scale(self) -> float:
        """The size factor of the chosen font; without a choice, the shipped Sarabun's."""
        if self.font_choice is not None:
            return self.font_choice.scale
        return SCALES[SHIPPED_FAMILY.casefold()]

    @property
    def font_stack(self) -> str:
        """The CSS font-family value. With a chosen font: its @font-face family only, so that
        WeasyPrint never asks fontconfig for a family it could substitute. Without (a
        website): the chain's families drawn at about Sarabun's size (TH Sarabun New and
        TH SarabunPSK are left out: a browser would draw them a third smaller), then
        sans-serif."""
        if self.font_choice is not None:
            return f'"{self.font_choice.css_family}"'
        near = [f for f in self.fonts
                if (s := scale_of(f)) is None or abs(s / self.font_scale - 1) <= 0.15]
        return ", ".join([f'"{f}"' for f in near] + ["sans-serif"])

    def _scaled(self, length: str) -> str:
        """A length in TH Sarabun New points as the chosen font's size."""
        m = re.fullmatch(r"(\d+(?:\.\d+)?)([a-z]*)", length)
        if not m:
            return length
        value = float(m.group(1)) * self.font_scale
        return f"{value:.3f}".rstrip("0").rstrip(".") + m.group(2)

    def page_css(self, values: dict[str, str] | None = None) -> str:
        """CSS generated from theme.toml: pages, margins, footers, fonts. ``values`` fills the
        footers' ``{agency}``, ``{fiscal_year}`` and ``{edition}``."""
        counter = "thai" if self.digits == "thai" else "decimal"
        margin_box = ""
        for key, where in zip(FOOTER_KEYS, ("center", "left", "right")):
            content = _footer_content(getattr(self, key), counter, values or {})
            if content:
                size = self._scaled("14pt" if where == "center" else "12pt")
                margin_box += (f"\n  @bottom-{where} {{ content: {content}; "
                               f"font-size: {size}; }}")
        faces = self.font_choice.font_face_css() if self.font_choice is not None else ""
        return (
            "/* generated from theme.toml */\n"
            f"{faces}"
            f"@page {{ {self.page.css_body()}{margin_box}\n}}\n"
            f"@page report {{ {self.report_page.css_body()} }}\n"
            f"html {{ --itatui-scale: {self.font_scale}; font-family: {self.font_stack}; "
            f"font-size: {self._scaled(self.font_size)}; }}\n"
            ".report-part { page: report; }\n")

    @property
    def css(self) -> str:
        """Everything to put in the document's <style>: generated page CSS, then style.css."""
        return self.css_with()

    def css_with(self, values: dict[str, str] | None = None) -> str:
        """:attr:`css` with the footers' placeholders filled from ``values``."""
        return self.page_css(values) + "\n/* style.css */\n" + self.style


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _footer_content(template: str, counter: str, values: dict[str, str]) -> str:
    parts = []
    for piece in _PLACEHOLDER.split(template):
        if piece == "{page}":
            parts.append(f"counter(page, {counter})")
        elif piece == "{pages}":
            parts.append(f"counter(pages, {counter})")
        elif _PLACEHOLDER.fullmatch(piece):
            value = _CONTROL.sub(" ", str(values.get(piece[1:-1], "")))
            if value:
                parts.append(_css_string(value))
        elif piece:
            parts.append(_css_string(piece))
    if parts and all(p.startswith('"') and not p.strip('" ') for p in parts):
        return ""
    return " ".join(parts)


def theme_dirs(repo_root: str | Path | None = None) -> list[Path]:
    """Folders searched for themes by name, in order."""
    dirs: list[Path] = []
    if repo_root is not None:
        dirs.append(Path(repo_root).resolve() / "themes")
    dirs.append(PROJECT_THEMES)
    seen: list[Path] = []
    for d in dirs:
        if d not in seen:
            seen.append(d)
    return seen


def list_themes(repo_root: str | Path | None = None,
                search: Sequence[str | Path] | None = None) -> list[str]:
    """Names of the themes found (first folder wins for a name)."""
    names: list[str] = []
    for d in (search if search is not None else theme_dirs(repo_root)):
        d = Path(d)
        if d.is_dir():
            for sub in sorted(d.iterdir()):
                if (sub / THEME_FILE).is_file() and sub.name not in names:
                    names.append(sub.name)
    return names


def _looks_like_path(value: str | Path) -> bool:
    if isinstance(value, Path):
        return True
    return "/" in value or "\\" in value or value.startswith((".", "~"))


def find_theme(name_or_path: str | Path = "default", *,
               search: Sequence[str | Path] | None = None,
               repo_root: str | Path | None = None) -> Path:
    """The folder of a theme, by path or by name."""
    if _looks_like_path(name_or_path):
        folder = Path(name_or_path).expanduser().resolve()
        if not folder.is_dir():
            raise ItatuiError("ไม่พบโฟลเดอร์ธีม", path=str(folder))
        return folder
    name = str(name_or_path)
    if not _NAME.match(name):
        raise ItatuiError(f"ชื่อธีม \"{name}\" ไม่ถูกต้อง (ใช้ได้เฉพาะ a-z 0-9 - _ .)")
    dirs = [Path(d) for d in (search if search is not None else theme_dirs(repo_root))]
    for d in dirs:
        if (d / name).is_dir():
            return (d / name).resolve()
    known = list_themes(search=dirs)
    where = ", ".join(str(d) for d in dirs)
    hint = f" ธีมที่มี: {', '.join(known)}" if known else ""
    raise ItatuiError(f"ไม่พบธีม \"{name}\" (ค้นหาใน {where}).{hint}")


def load_theme(name_or_path: str | Path = "default", search: Sequence[str | Path] | None = None,
               *, repo_root: str | Path | None = None) -> Theme:
    """Load and check a theme. A broken theme raises :class:`ItatuiError` naming the file."""
    folder = find_theme(name_or_path, search=search, repo_root=repo_root)
    return _load(folder, search=search, repo_root=repo_root, chain=())


def _load(folder: Path, *, search, repo_root, chain: tuple[Path, ...]) -> Theme:
    toml_path = folder / THEME_FILE
    css_path = folder / STYLE_FILE
    data = _read_toml(toml_path)
    style = _read_text(css_path, "ไม่พบไฟล์ style.css ของธีม")

    def text(key: str, default: str = "") -> str:
        value = data.get(key, default)
        if not isinstance(value, str):
            raise ItatuiError("ต้องเป็นข้อความ", path=str(toml_path), field=key)
        return value

    base: Theme | None = None
    extends = text("extends").strip()
    if extends:
        if not _NAME.match(extends):
            raise ItatuiError(f"ชื่อธีมฐาน \"{extends}\" ไม่ถูกต้อง", path=str(toml_path),
                              field="extends")
        dirs = [folder.parent, *[Path(d) for d in (search or theme_dirs(repo_root))],
                PROJECT_THEMES]
        try:
            base_folder = find_theme(extends, search=dirs)
        except ItatuiError as exc:
            raise ItatuiError(exc.message, path=str(toml_path), field="extends") from None
        if base_folder == folder or base_folder in chain:
            raise ItatuiError(f"ธีมอ้างถึงกันเป็นวง ({extends})", path=str(toml_path),
                              field="extends")
        base = _load(base_folder, search=search, repo_root=repo_root,
                     chain=(*chain, folder))

    digits = text("digits", base.digits if base else "thai")
    if digits not in DIGIT_STYLES:
        raise ItatuiError(f"ตัวเลขต้องเป็น \"thai\" หรือ \"arabic\" แต่ได้ \"{digits}\"",
                          path=str(toml_path), field="digits")
    fonts = data.get("fonts", list(base.fonts) if base else [])
    if (not isinstance(fonts, list) or not fonts
            or not all(isinstance(f, str) and _FONT.match(f.strip()) for f in fonts)):
        raise ItatuiError("ต้องเป็นรายชื่อแบบอักษรอย่างน้อยหนึ่งชื่อ (ห้ามมีเครื่องหมายคำพูด ; { } \\)",
                          path=str(toml_path), field="fonts")
    font_size = text("font_size", base.font_size if base else "16pt")
    if not _LENGTH.match(font_size):
        raise ItatuiError(f"ขนาดตัวอักษร \"{font_size}\" ไม่ถูกต้อง (เช่น 16pt)",
                          path=str(toml_path), field="font_size")
    page = _page(data.get("page", {}), base.page if base else PageSetup(), toml_path, "page")
    report_page = _page(data.get("report_page", {}), base.report_page if base else page,
                        toml_path, "report_page")
    emblem = base.emblem if base else None
    if "emblem" in data:
        emblem = None
        name = text("emblem").strip()
        if name:
            candidate = (folder / name).resolve()
            if not candidate.is_relative_to(folder) or not candidate.is_file():
                raise ItatuiError(f"ไม่พบไฟล์ตราครุฑ \"{name}\" ในโฟลเดอร์ธีม",
                                  path=str(toml_path), field="emblem")
            emblem = candidate
    footers = {k: text(k, getattr(base, k) if base else "") for k in FOOTER_KEYS}
    return Theme(
        name=text("name", folder.name) or folder.name,
        path=folder,
        description=text("description", base.description if base else ""),
        digits=digits,
        fonts=tuple(f.strip() for f in fonts),
        font_size=font_size,
        page=page,
        report_page=report_page,
        style=(f"/* from theme {base.name} */\n{base.style}\n/* theme {folder.name} */\n"
               if base else "") + style,
        emblem=emblem,
        folders=(folder, *(base.folders if base else ())),
        **footers,
    )


def _read_text(path: Path, missing: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ItatuiError(missing, path=str(path)) from None
    except UnicodeDecodeError:
        raise ItatuiError("ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8", path=str(path)) from None
    except OSError as exc:
        raise ItatuiError(f"อ่านไฟล์ไม่ได้ ({exc.strerror or exc})", path=str(path)) from None


def _read_toml(path: Path) -> dict:
    raw = _read_text(path, "ไม่พบไฟล์ theme.toml ของธีม")
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ItatuiError(f"ไฟล์ theme.toml เขียนไม่ถูกรูปแบบ TOML ({exc})", path=str(path),
                          line=int(m.group(1)) if m else None) from None


def _page(data: object, base: PageSetup, path: Path, table: str) -> PageSetup:
    if not isinstance(data, dict):
        raise ItatuiError("ต้องเป็นตาราง [page]", path=str(path), field=table)
    values = {k: getattr(base, k) for k in ("size", "orientation", *_MARGINS)}
    for key, value in data.items():
        where = f"{table}.{key}"
        if key not in values:
            raise ItatuiError("ไม่รู้จักค่านี้ (ใช้ได้: size orientation margin_top margin_right "
                              "margin_bottom margin_left)", path=str(path), field=where)
        if not isinstance(value, str):
            raise ItatuiError("ต้องเป็นข้อความ", path=str(path), field=where)
        value = value.strip()
        if key == "size" and value not in PAGE_SIZES:
            raise ItatuiError(f"ขนาดกระดาษ \"{value}\" ไม่รู้จัก (ใช้ได้: {' '.join(PAGE_SIZES)})",
                              path=str(path), field=where)
        if key == "orientation" and value not in ORIENTATIONS:
            raise ItatuiError(f"แนวกระดาษต้องเป็น portrait หรือ landscape แต่ได้ \"{value}\"",
                              path=str(path), field=where)
        if key in _MARGINS and not _LENGTH.match(value):
            raise ItatuiError(f"ระยะขอบ \"{value}\" ไม่ถูกต้อง (เช่น 2cm)", path=str(path),
                              field=where)
        values[key] = value
    return PageSetup(**values)


__all__: Iterable[str] = ("Theme", "PageSetup", "DRAFT_EDITION", "load_theme", "find_theme", "list_themes",
                          "theme_dirs", "PROJECT_THEMES")
