"""Import WeasyPrint without ctypes' slow search for its C libraries.

WeasyPrint opens GObject, Pango, HarfBuzz, fontconfig and PangoFT2 through cffi, trying several
names for each (``"gobject-2.0-0"``, ``"gobject-2.0"``, ``"libgobject-2.0-0"``, then the soname
``"libgobject-2.0.so.0"``). cffi hands every name that is not a file name to
``ctypes.util.find_library``, which on Linux runs ``ldconfig -p`` and, when that finds nothing,
``gcc`` and ``ld`` as well: about 50 processes before the soname that works is tried, 0.14 s of
the 0.37 s that ``import weasyprint`` takes here (``python -X importtime``, cProfile: callers of
``find_library``).

While WeasyPrint is imported, :func:`load_weasyprint` answers ``find_library`` from one reading
of the dynamic linker's cache (``ldconfig -p``): a name the cache holds gives its soname, as the
standard search would; a name it does not hold gives None at once, and WeasyPrint goes on to its
next name (the soname itself, which the dynamic linker opens directly, ``LD_LIBRARY_PATH``
included). Where the cache cannot be read (no ``ldconfig``, not Linux), the standard search runs
unchanged. The same libraries are loaded either way (``tests/render/test_render_pdf.py``).
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys

_LINE = re.compile(r"^\s+(\S+)\s+\(([^)]*)\)\s+=>\s+(\S+)\s*$")


def linker_cache() -> dict[str, str]:
    """{soname: path} of the dynamic linker's cache (``ldconfig -p``), for this machine's word
    size; {} when it cannot be read."""
    if not sys.platform.startswith("linux"):
        return {}
    wide = sys.maxsize > 2 ** 32
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            out = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, timeout=10,
                                 env={**os.environ, "LC_ALL": "C", "LANG": "C"}).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        found: dict[str, str] = {}
        for line in out.splitlines():
            m = _LINE.match(line)
            if m and ("64" in m.group(2)) == wide:
                found.setdefault(m.group(1), m.group(3))
        if found:
            return found
    return {}


@contextlib.contextmanager
def _quick_find_library():
    import ctypes.util

    cache = linker_cache()
    if not cache:
        yield
        return
    sonames = sorted(cache)
    standard = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        wanted = re.compile(r"lib%s\.so(\.|$)" % re.escape(name))
        for soname in sonames:
            if wanted.match(soname):
                return soname
        return None

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = standard


def load_weasyprint():
    """The ``weasyprint`` module, imported with :func:`_quick_find_library` the first time."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    with _quick_find_library():
        import weasyprint
    return weasyprint


__all__ = ("load_weasyprint", "linker_cache")
