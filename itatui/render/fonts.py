"""The font files a PDF is drawn with, and the size to draw them at.

itatui chooses the font itself instead of handing family names to fontconfig, because
fontconfig answers a request for a missing family with a substitute, and some substitutes are
fakes: Debian's TLWG packages answer "TH Sarabun*" with Laksaman scaled by a 0.66 matrix
(``89-tlwg-laksaman-synthetic.conf``), which Pango lays out scaled and WeasyPrint draws unscaled
(glyphs overlap, decimal points vanish). So, walking the theme's chain (:func:`resolve_fonts`):

- ``Sarabun`` is always the files of the ``fontpkg-sarabun`` package that itatui depends on
  (SIL OFL; the official look never depends on the machine);
- any other family is used only when fontconfig lists a font of exactly that family covering
  Thai (``fc-list :lang=th``, family names compared as fontconfig compares them: case and
  blanks ignored; never ``fc-match``, which substitutes). ``FONTCONFIG_FILE`` is honoured, as by
  WeasyPrint.

The chosen files are loaded with ``@font-face`` under a family name of itatui's own
(:attr:`FontChoice.css_family`), so WeasyPrint is never given a name fontconfig could
substitute, and the PDF's URL fetcher allows exactly these files.

Theme sizes are TH Sarabun New points (the correspondence rules: 16 pt body, 20 pt header
labels, 29 pt "บันทึกข้อความ"). Fonts differ in how large they draw at one point size, so
each font has a factor (:data:`SCALES`, :func:`measure_scale`): the size at which it sets a
line of Thai as long as TH Sarabun New does at 1 pt. The theme's CSS multiplies once, where the
font is chosen (see :meth:`itatui.render.themes.Theme.page_css`).
"""

from __future__ import annotations

import logging
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from itatui.core.errors import FontError

LOG = logging.getLogger(__name__)
DEBIAN_PACKAGE = "fonts-thai-tlwg"
#: The family itatui ships (PyPI ``fontpkg-sarabun``).
SHIPPED_FAMILY = "Sarabun"
#: The family theme sizes are given in.
SIZE_BASIS = "TH Sarabun New"

NO_THAI_FONT = (
    "ไม่พบแบบอักษรภาษาไทยในเครื่องนี้ ไฟล์ PDF จะแสดงตัวอักษรไทยเป็นกล่องสี่เหลี่ยม "
    "จึงหยุดสร้าง PDF — แบบอักษร Sarabun ที่มากับ itatui (แพ็กเกจ fontpkg-sarabun) หายไป "
    "ให้ติดตั้ง itatui ใหม่ หรือติดตั้งแบบอักษรไทย เช่น แพ็กเกจ Debian/Ubuntu "
    f"\"{DEBIAN_PACKAGE}\" (sudo apt install {DEBIAN_PACKAGE}) หรือ TH Sarabun New")
NO_FC_LIST = (
    "ไม่พบคำสั่ง fc-list ของ fontconfig จึงตรวจแบบอักษรภาษาไทยไม่ได้ — ติดตั้งแพ็กเกจ "
    f"\"fontconfig\" และแบบอักษรไทย เช่น \"{DEBIAN_PACKAGE}\"")

#: A line of the sample memo (letters, vowels, tone marks, spaces, Thai digits, "." and "()"),
#: whose length in each font gives its size factor.
REFERENCE_TEXT = (
    "ด้วยแผนแม่บทภายใต้ยุทธศาสตร์ ประเด็นการต่อต้านการทุจริตและประพฤติมิชอบ (พ.ศ. ๒๕๖๑ - ๒๕๘๐) "
    "ได้กำหนดให้การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
    "เทศบาลตำบลได้คะแนน ๙๒.๐๙ จาก ๑๐๐.๐๐ คะแนน")
#: Length of REFERENCE_TEXT in TH Sarabun New, in em: 0.66 x its length in Laksaman (98.75 em
#: in Laksaman.otf of fonts-tlwg 0.7.3), since TLWG's own rule makes Laksaman at 0.66 its
#: stand-in for TH Sarabun (Laksaman is a TH Sarabun clone with a larger em).
REFERENCE_ADVANCE = 0.66 * 98.75

#: Font size factor per family (key: the family, casefolded without blanks): the point size at
#: which the family's regular face sets REFERENCE_TEXT as long as TH Sarabun New does at 1 pt,
#: i.e. REFERENCE_ADVANCE / (the sum of the text's advances in em, unshaped, read from the
#: font's cmap and hmtx with fontTools: :func:`measure_scale`). Measured on fontpkg-sarabun 1.000,
#: fonts-tlwg 0.7.3 (Debian 12) and Noto Sans Thai 2.2 (regular instance); Garuda 0.643,
#: Kinnari 0.654, Norasi 0.673 and Waree 0.606 measure alike. A family not listed is measured
#: from its file when chosen. tests/render/test_render_fonts.py re-measures the installed ones.
SCALES: dict[str, float] = {
    "thsarabunnew": 1.0,        # the basis
    "thsarabunpsk": 1.0,        # TH Sarabun New is TH SarabunPSK with more glyphs, same metrics
    "sarabun": 0.657,           # shipped: 16 pt TH Sarabun New = 10.5 pt Sarabun
    "laksaman": 0.660,          # TLWG's own 0.66 (the basis of REFERENCE_ADVANCE)
    "loma": 0.611,
    "notosansthai": 0.694,
    "garuda": 0.643,
    "kinnari": 0.654,
    "norasi": 0.673,
    "waree": 0.606,
}

# fontconfig weights (FC_WEIGHT_*) to CSS weights.
_FC_WEIGHTS = ((0, 100), (40, 200), (50, 300), (75, 350), (80, 400), (100, 500), (180, 600),
               (200, 700), (205, 800), (210, 900))
#: The faces a theme uses: (CSS weight, italic).
SLOTS = ((400, False), (700, False), (400, True), (700, True))
_SHIPPED_FILES = {(400, False): "Sarabun-Regular.ttf", (700, False): "Sarabun-Bold.ttf",
                  (400, True): "Sarabun-Italic.ttf", (700, True): "Sarabun-BoldItalic.ttf"}


def family_key(family: str) -> str:
    """A family name as fontconfig compares them: case and blanks ignored."""
    return re.sub(r"\s+", "", family).casefold()


@dataclass(frozen=True)
class Face:
    path: Path
    weight: int          # CSS weight of the @font-face rule (400 or 700)
    italic: bool


@dataclass(frozen=True)
class FontChoice:
    """The font a PDF is drawn with: one family, its files for the four faces, its factor."""
    family: str
    faces: tuple[Face, ...]
    scale: float
    shipped: bool = False

    @property
    def css_family(self) -> str:
        """The @font-face family name: itatui's own, so that fontconfig has nothing to
        substitute, and without blanks, so that no fontconfig rule testing for a family
        (TLWG's tests for "TH Sarabun") matches it."""
        return "itatui " + re.sub(r"\s+", "", self.family)

    @property
    def files(self) -> tuple[Path, ...]:
        out: list[Path] = []
        for face in self.faces:
            if face.path not in out:
                out.append(face.path)
        return tuple(out)

    def font_face_css(self) -> str:
        """One @font-face rule per face, with the file's ``file:`` URL."""
        return "".join(
            f'@font-face {{ font-family: "{self.css_family}"; src: url("{f.path.as_uri()}"); '
            f"font-weight: {f.weight}; font-style: {'italic' if f.italic else 'normal'}; }}\n"
            for f in self.faces)


def scale_of(family: str) -> float | None:
    """The size factor of a family from :data:`SCALES` (None when not measured)."""
    return SCALES.get(family_key(family))


def text_advance(path: str | Path, text: str = REFERENCE_TEXT) -> float:
    """The length of ``text`` set in the font at ``path``, in em: the sum of its characters'
    advances (cmap then hmtx, no shaping; marks have no advance; characters the font lacks
    count nothing)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        cmap = font.getBestCmap() or {}
        hmtx = font["hmtx"]
        upm = font["head"].unitsPerEm
        return sum(hmtx[cmap[ord(c)]][0] for c in text if ord(c) in cmap) / upm


def measure_scale(path: str | Path) -> float:
    """The size factor of the font at ``path`` (see :data:`SCALES`), rounded to 3 places."""
    return round(REFERENCE_ADVANCE / text_advance(path), 3)


# --- where the files are --------------------------------------------------------------------

def shipped_faces() -> tuple[Face, ...]:
    """The faces of the shipped Sarabun (empty if the package or a file is missing)."""
    try:
        import fontpkg_sarabun
    except ImportError:
        return ()
    folder = Path(fontpkg_sarabun.__file__).resolve().parent / "files"
    faces = tuple(Face(folder / name, w, i) for (w, i), name in _SHIPPED_FILES.items())
    return faces if all(f.path.is_file() for f in faces) else ()


def _fc_list(*args: str) -> str:
    try:
        return subprocess.run(["fc-list", *args], capture_output=True, text=True, timeout=60,
                              check=False).stdout
    except FileNotFoundError:
        raise FontError(NO_FC_LIST) from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise FontError(f"เรียก fc-list ไม่สำเร็จ ({exc}) จึงตรวจแบบอักษรภาษาไทยไม่ได้") from None


def _names(field: str) -> list[str]:
    # Localized names are comma-separated ("a,b"); "\-" and the like are fc escaping.
    return [n.strip() for n in field.replace("\\", "").split(",") if n.strip()]


@dataclass(frozen=True)
class _Installed:
    families: tuple[str, ...]
    path: Path
    weight: int          # CSS weight
    italic: bool
    index: int


def installed_thai_fonts() -> list[_Installed]:
    """The font files fontconfig lists as covering Thai (first face of a file only: a
    ``file:`` URL cannot name another face of a collection)."""
    out = _fc_list("--format", "%{file}\t%{index}\t%{weight}\t%{slant}\t%{family}\n",
                   ":lang=th")
    fonts = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 5 or not parts[0]:
            continue
        path, index, weight, slant, family = parts
        try:
            fc_weight = float(weight.strip("[]").split()[0])
            index_n = int(index)
            slant_n = int(slant.strip("[]").split()[0])
        except (ValueError, IndexError):
            continue
        if index_n != 0:
            continue
        css_weight = min(_FC_WEIGHTS, key=lambda pair: abs(pair[0] - fc_weight))[1]
        fonts.append(_Installed(tuple(_names(family)), Path(path), css_weight, slant_n > 0,
                                index_n))
    fonts.sort(key=lambda f: str(f.path))          # fc-list's order is the cache's
    return fonts


def _faces_of(files: list[_Installed]) -> tuple[Face, ...]:
    """The four faces from the files of one family: for each slot the file of the same
    slant (else upright) nearest in weight; a missing bold or italic uses the nearest file
    (drawn as it is, never synthesised by fontconfig)."""
    faces = []
    for weight, italic in SLOTS:
        same = [f for f in files if f.italic == italic] or files
        best = min(same, key=lambda f: (abs(f.weight - weight), f.weight > weight, str(f.path)))
        faces.append(Face(best.path, weight, italic))
    return tuple(faces)


def resolve_fonts(families: Iterable[str] = ()) -> FontChoice:
    """The font the PDF is drawn with: the first family of ``families`` (a theme's chain)
    that is the shipped Sarabun or installed under exactly that name, else the shipped
    Sarabun, else any installed Thai font (both with a warning). Raises :class:`FontError`
    with a Thai message naming the Debian package when there is no Thai font at all."""
    wanted = [f for f in families if f.strip()]
    shipped = shipped_faces()
    installed: list[_Installed] | None = None

    def system() -> list[_Installed]:
        nonlocal installed
        if installed is None:
            try:
                installed = installed_thai_fonts()
            except FontError as exc:
                LOG.warning("%s", exc.message)
                installed = []
        return installed

    for family in wanted:
        key = family_key(family)
        if key == family_key(SHIPPED_FAMILY) and shipped:
            return FontChoice(SHIPPED_FAMILY, shipped, SCALES["sarabun"], shipped=True)
        files = [f for f in system() if key in {family_key(n) for n in f.families}]
        if files:
            return _choice(family, files)
        LOG.info("ไม่พบแบบอักษร %s ในเครื่อง ใช้แบบอักษรถัดไปของธีม", family)
    if shipped:
        if wanted:
            LOG.warning("ไม่พบแบบอักษรของธีม (%s) จะใช้ %s ที่มากับ itatui แทน",
                        ", ".join(wanted), SHIPPED_FAMILY)
        return FontChoice(SHIPPED_FAMILY, shipped, SCALES["sarabun"], shipped=True)
    fonts = system()
    if not fonts:
        raise FontError(NO_THAI_FONT)
    family = fonts[0].families[0]
    LOG.warning("ไม่พบแบบอักษรของธีม (%s) จะใช้ %s แทน", ", ".join(wanted), family)
    key = family_key(family)
    return _choice(family, [f for f in fonts if key in {family_key(n) for n in f.families}])


def _choice(family: str, files: list[_Installed]) -> FontChoice:
    faces = _faces_of(files)
    scale = scale_of(family)
    if scale is None:
        scale = _measured(str(faces[0].path))
    return FontChoice(family, faces, scale)


@lru_cache(maxsize=32)
def _measured(path: str) -> float:
    try:
        return measure_scale(path)
    except Exception as exc:                       # an unreadable font: draw it as it is
        LOG.warning("วัดขนาดแบบอักษร %s ไม่ได้ (%s) จะใช้ขนาดตามธีม", path, exc)
        return 1.0

