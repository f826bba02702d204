"""The files the browser loads, all from this server (nothing from the internet): textual-serve's
terminal (xterm.js bundle and its CSS), its Roboto Mono for Latin text, a monospace font with
Thai for U+0E00-U+0E7F, and the page's own CSS and start-up script. Only the names in
:func:`assets` are served.

The Thai font is TLWG's Typist (Debian's fonts-tlwg-typist-otf, part of fonts-thai-tlwg-otf,
found through fontconfig; Typewriter else), not TlwgMono: the terminal draws a cell's
consonant and its marks as one string, and TlwgMono gives its tone marks and upper/lower vowels
a whole cell's advance with no mark positioning, so they land on the next cell ("ผู้ลงนาม" shown
as "ผลู้งนาม"); Typist and Typewriter are monospaced too (0.6 em, as Roboto Mono) and place
their marks on the consonant (zero advance, OpenType mark/mkmk)."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
THAI_MONO_FAMILIES = ("Tlwg Typist", "Tlwg Typewriter")
THAI_MONO_DIR = Path("/usr/share/fonts/opentype/tlwg")
WEIGHTS = {"regular": "", "bold": ":weight=bold"}

TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".ttf": "font/ttf", ".otf": "font/otf", ".png": "image/png"}


def _textual_serve_static() -> Path:
    import textual_serve

    return Path(textual_serve.__file__).resolve().parent / "static"


@cache
def thai_mono_fonts() -> dict[str, Path]:
    """The Thai monospace font's files on this machine: "regular" and "bold" -> file ({} when
    there is none: the browser then draws Thai with a font of its own machine)."""
    for family in THAI_MONO_FAMILIES:
        found = {}
        for weight, pattern in WEIGHTS.items():
            file = _fc_match(f"{family}:lang=th{pattern}", family)
            fallback = THAI_MONO_DIR / (family.replace(" ", "") + ("-Bold" if pattern else "")
                                        + ".otf")
            file = file or (fallback if fallback.is_file() else None)
            if file is not None:
                found[weight] = file
        if "regular" in found:
            return found
    return {}


def _fc_match(pattern: str, family: str) -> Path | None:
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(["fc-match", "-f", "%{family}\t%{file}", pattern],
                             capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    got, _, file = out.partition("\t")
    return Path(file) if got.split(",")[0] == family and Path(file).is_file() else None


@cache
def assets() -> dict[str, Path]:
    """Served name -> file."""
    static = _textual_serve_static()
    files = {
        "textual.js": static / "js" / "textual.js",
        "xterm.css": static / "css" / "xterm.css",
        "roboto-mono.ttf": static / "fonts" / "RobotoMono-VariableFont_wght.ttf",
        "serve.css": HERE / "serve.css",
        "boot.js": HERE / "boot.js",
    }
    for weight, path in thai_mono_fonts().items():
        files[f"thai-mono-{weight}{path.suffix}"] = path
    return files


def content_type(name: str) -> str:
    return TYPES.get(Path(name).suffix, "application/octet-stream")


def font_faces() -> str:
    """The @font-face rules: Latin from Roboto Mono, Thai from the Thai monospace font, under
    one family name, the one textual-serve's terminal asks for."""
    # one rule per weight, as the Thai ones: a weight range beside a Thai rule of one weight
    # lost Chromium's font matching, and Latin text fell back to a proportional font
    rules = [f"@font-face {{ font-family: 'Roboto Mono'; font-weight: {weight};"
             " src: url('/assets/roboto-mono.ttf') format('truetype'); }"
             for weight in (400, 700)]
    for name in assets():
        if name.startswith("thai-mono-"):
            weight = "700" if "-bold" in name else "400"
            kind = "opentype" if name.endswith(".otf") else "truetype"
            rules.append("@font-face { font-family: 'Roboto Mono'; unicode-range: U+0E00-0E7F;"
                         f" font-weight: {weight}; src: url('/assets/{name}') format('{kind}'); }}")
    return "\n".join(rules)
