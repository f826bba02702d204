"""``itatui verify`` cannot be fooled: the sample is published once, then at least 200 random
changes (seeded) are made to the released PDF and to a PDF rendered from a commit that is not a
release — a byte flipped inside a page's content stream or anywhere, metadata removed or
changed (Producer, Creator, /ItatuiEdition, /ItatuiTheme, dates, title), a page cropped
(MediaBox, CropBox), an attachment replaced or removed, pages reordered, a re-save through
pypdf, several of these at once. ``verify`` never says such a file matches; the untouched files
always match, here (HarfBuzz's subsetter as this machine has it) and in a process where
``libharfbuzz-subset0`` is hidden, as on a machine without it.

verify compares bytes only, so each answer is quick: a file naming a release is compared with
the SHA-256 recorded with it; any other is compared with a fresh render of the commit it names
(kept in ``renders`` across the calls: a render of one commit, theme and edition is the same)."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import time
from collections import Counter

import pytest
from helpers import EMWARA, OFFICER, SOMCHAI, approve_chain, make_repo_with, officer_workspace, \
    write_identity
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, IndirectObject, NameObject, RectangleObject,
                           TextStringObject)

from itatui.core.history import History
from itatui.publishing.export import pdf_bytes_at
from itatui.publishing.publish import publish
from itatui.publishing.verify import verify_pdf

SEED = 15_2569
MUTANTS = 210
M = "records/measures/02-01.toml"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """(repository, released PDF bytes, bytes of a render of a non-release commit)."""
    tmp = tmp_path_factory.mktemp("mutations")
    with pytest.MonkeyPatch.context() as mp:        # conftest's isolation, for the module
        home = tmp / "home"
        home.mkdir()
        mp.setenv("HOME", str(home))
        mp.setenv("XDG_CONFIG_HOME", str(home / ".config"))
        write_identity(home / ".gitconfig", *OFFICER)
        mp.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
        mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        root = make_repo_with(tmp / "repo")
        officer_workspace(root, EMWARA).set_field(M, "period", "ตุลาคม ๒๕๖๗ ถึง มีนาคม ๒๕๖๘")
        approve_chain(root)
        rel = publish(officer_workspace(root, SOMCHAI), tmp / "release.pdf")
        hist = History.open(root)
        head = hist.head()                      # the publication entry: not a release itself
        commit_pdf = pdf_bytes_at(hist, head)
        History.close_all()
        yield root, rel.pdf.read_bytes(), commit_pdf, tmp


# -- the changes ------------------------------------------------------------------------------
def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def _write(w: PdfWriter) -> bytes:
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _stream_span(data: bytes, idnum: int) -> tuple[int, int]:
    start = data.index(b"\n%d 0 obj" % idnum)
    s = data.index(b"stream", data.index(b">>", start)) + len(b"stream")
    s += 2 if data[s:s + 2] == b"\r\n" else 1
    return s, data.index(b"endstream", s)


def flip_in_content_stream(rng: random.Random, data: bytes) -> bytes:
    page = rng.choice(_reader(data).pages)
    ref = page.get_object().raw_get("/Contents")
    if isinstance(ref, ArrayObject):
        ref = rng.choice(list(ref))
    assert isinstance(ref, IndirectObject)
    s, e = _stream_span(data, ref.idnum)
    pos = rng.randrange(s, e)
    return data[:pos] + bytes([data[pos] ^ (1 << rng.randrange(8))]) + data[pos + 1:]


def flip_anywhere(rng: random.Random, data: bytes) -> bytes:
    pos = rng.randrange(len(data))
    return data[:pos] + bytes([data[pos] ^ (1 << rng.randrange(8))]) + data[pos + 1:]


INFO_VALUES = {
    "/Producer": ["WeasyPrint 61.0", "WeasyPrint 70.0", "pypdf", ""],
    "/Creator": ["itatui 0.0.9", "itatui 0.1.0", "Microsoft Word"],
    "/ItatuiEdition": ["ita-2569-o26-v9", "abcdef0", "ร่าง", ""],
    "/ItatuiTheme": ["modern", "../../etc", "default"],
    "/CreationDate": ["D:20260105020000Z", "D:20990101000000Z"],
    "/ModDate": ["D:20260105020000Z", "D:20990101000000Z"],
    "/Title": ["รายงานที่แก้แล้ว"],
}


def change_metadata(rng: random.Random, data: bytes) -> bytes:
    w = PdfWriter(clone_from=_reader(data))
    info = w._info.get_object()
    key = rng.choice(sorted(INFO_VALUES))
    if rng.random() < 0.4 and NameObject(key) in info:
        del info[NameObject(key)]
    else:
        info[NameObject(key)] = TextStringObject(rng.choice(INFO_VALUES[key]))
    return _write(w)


def crop_page(rng: random.Random, data: bytes) -> bytes:
    w = PdfWriter(clone_from=_reader(data))
    page = rng.choice(w.pages)
    box = page.mediabox
    left, bottom, right, top = (float(box.left), float(box.bottom), float(box.right),
                                float(box.top))
    mid = (bottom + top) / 2
    new = rng.choice([[left, mid, right, top], [left, bottom, right, mid],
                      [left + 20, bottom + 20, right - 20, top - 20],
                      [left, bottom, right * rng.uniform(0.5, 0.99), top]])
    if rng.random() < 0.5:
        page.mediabox = RectangleObject(new)
    else:
        page.cropbox = RectangleObject(new)
    return _write(w)


def _embedded(w: PdfWriter):
    names = w._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    return names, [str(n) for n in names[::2]]


def replace_attachment(rng: random.Random, data: bytes) -> bytes:
    w = PdfWriter(clone_from=_reader(data))
    names, paths = _embedded(w)
    i = rng.randrange(len(paths))
    stream = names[2 * i + 1].get_object()["/EF"]["/F"].get_object()
    old = stream.get_data()
    stream.set_data(rng.choice([old + b"# \xe0\xb9\x81\xe0\xb8\x81\xe0\xb9\x89\n",
                                old.replace(b"=", b"= ", 1), b""]))
    return _write(w)


def remove_attachment(rng: random.Random, data: bytes) -> bytes:
    w = PdfWriter(clone_from=_reader(data))
    names, paths = _embedded(w)
    i = rng.randrange(len(paths))
    del names[2 * i:2 * i + 2]
    return _write(w)


def reorder_pages(rng: random.Random, data: bytes) -> bytes:
    w = PdfWriter(clone_from=_reader(data))
    kids = w._root_object["/Pages"]["/Kids"]
    i, j = rng.sample(range(len(kids)), 2)
    kids[i], kids[j] = kids[j], kids[i]
    return _write(w)


def resave(rng: random.Random, data: bytes) -> bytes:
    return _write(PdfWriter(clone_from=_reader(data)))


CHANGES = (flip_in_content_stream, flip_anywhere, change_metadata, crop_page,
           replace_attachment, remove_attachment, reorder_pages, resave)


def mutant(rng: random.Random, data: bytes) -> tuple[bytes, list[str]]:
    """1 to 3 random changes of ``data`` (retried until the bytes differ)."""
    while True:
        kinds, out = [], data
        for change in rng.choices(CHANGES, k=rng.choice((1, 1, 1, 2, 3))):
            try:
                out = change(rng, out)
            except Exception:       # a previous change left a file pypdf cannot edit further
                continue
            kinds.append(change.__name__)
        if out != data and kinds:
            return out, kinds


# -- the test ---------------------------------------------------------------------------------
def test_no_random_change_of_a_released_or_rendered_pdf_passes_verify(published):
    root, release_pdf, commit_pdf, tmp = published
    hist = History.open(root)
    renders: dict = {}
    originals = {"release": release_pdf, "commit": commit_pdf}
    paths = {}
    for name, data in originals.items():
        paths[name] = tmp / f"{name}.pdf"
        paths[name].write_bytes(data)
    rng = random.Random(SEED)
    seen: Counter = Counter()
    start, verifying = time.monotonic(), 0.0
    target = tmp / "mutant.pdf"
    for n in range(MUTANTS):
        if n % 40 == 0:                         # the untouched files keep matching
            for name, path in paths.items():
                v = verify_pdf(hist, path, renders=renders)
                assert v.ok, (name, v.reason)
        base = rng.choice(sorted(originals))
        data, kinds = mutant(rng, originals[base])
        assert data != originals[base]
        target.write_bytes(data)
        t = time.monotonic()
        v = verify_pdf(hist, target, renders=renders)
        verifying += time.monotonic() - t
        assert not v.ok, (n, base, kinds, v.code, v.method)
        seen.update(kinds)
        seen[f"base:{base}"] += 1
        seen[f"verdict:{v.code}"] += 1
    elapsed = time.monotonic() - start
    for change in CHANGES:
        assert seen[change.__name__] >= 10, seen
    assert seen["base:release"] >= 50 and seen["base:commit"] >= 50, seen
    # verify itself is quick: bytes against a recorded SHA-256 or against a kept render
    assert verifying / MUTANTS < 0.25, (verifying, seen)
    print(f"{MUTANTS} mutants in {elapsed:.1f} s (verify {verifying:.1f} s), "
          f"{len(renders)} renders: {dict(seen)}")


HIDDEN_HARFBUZZ = """
import sys
import weasyprint.pdf.fonts as wfonts
wfonts.harfbuzz_subset = None            # as on a machine without libharfbuzz-subset0
from itatui.cli import main
codes = [main(["verify", "--repo", sys.argv[1], pdf]) for pdf in sys.argv[2:]]
assert wfonts.harfbuzz_subset is None
print("verify", *codes)
"""


def test_the_untouched_files_match_without_harfbuzz_subset(published):
    root, release_pdf, commit_pdf, tmp = published
    from weasyprint.text.ffi import harfbuzz_subset

    hist = History.open(root)
    files = [tmp / "release-untouched.pdf", tmp / "commit-untouched.pdf"]
    files[0].write_bytes(release_pdf)
    files[1].write_bytes(commit_pdf)
    for f in files:                             # here, as this machine is
        assert verify_pdf(hist, f).ok
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.run([sys.executable, "-c", HIDDEN_HARFBUZZ, str(root), *map(str, files)],
                          capture_output=True, text=True, env=env, timeout=600, cwd=tmp)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    assert proc.stdout.strip().splitlines()[-1] == "verify 0 0", proc.stdout
    assert "ไบต์ตรงกันทุกไบต์" in proc.stdout           # the commit's file was rendered again
    if harfbuzz_subset is not None:
        print("this process subsets with HarfBuzz; the other without it")
