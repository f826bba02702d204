"""The PDF contract that `itatui verify` / `itatui publish` rely on: Info keys and XMP
(commit, edition, language, creator), the source records attached with AFRelationship Source,
dates from `created` / SOURCE_DATE_EPOCH / the commit, byte-identical output; records_at();
`itatui render --format pdf` passing HEAD's provenance, or warning when records/ is dirty."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from itatui.core.model import build_report
from itatui.core.records import RecordStore
from itatui.render.themes import load_theme
from helpers import ROOT, git

pytestmark = pytest.mark.skipif(not shutil.which("pdfinfo") or not shutil.which("pdfdetach"),
                                reason="needs poppler-utils")
WHEN = dt.datetime(2025, 10, 30, 9, 15, 0, tzinfo=dt.timezone.utc)


def run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "itatui", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def report():
    return build_report(RecordStore(ROOT).load_all())


def test_records_at_reads_the_commit_not_the_working_tree(sample_repo):
    from itatui.core.audit.versions import record_files_at
    from itatui.core.history import History

    head = git(sample_repo, "rev-parse", "HEAD").strip()
    (sample_repo / "records" / "memo.toml").write_text("changed", encoding="utf-8")
    (sample_repo / "records" / "new.toml").write_text("x = 1\n", encoding="utf-8")
    files = record_files_at(History.open(sample_repo), head)
    tracked = git(sample_repo, "ls-files", "records").split()
    assert sorted(files) == sorted(tracked)
    assert list(files) == sorted(files)
    assert files["records/memo.toml"] == git(sample_repo, "show", f"{head}:records/memo.toml"
                                              ).encode("utf-8")
    assert "records/new.toml" not in files


def test_metadata_attachments_and_dates(tmp_path, report):
    from itatui.render.pdf import XMP_NS, render_pdf

    records = {"records/memo.toml": "เรื่อง = \"ก\"\n".encode(),
               "records/measures/01-01.toml": b"name = 'x'\n"}
    commit = "0123456789abcdef0123456789abcdef01234567"
    out = render_pdf(report, load_theme("default"), tmp_path / "r.pdf", commit=commit,
                     edition="v2568.1", records=records, created=WHEN)
    reader = PdfReader(out)
    info = reader.metadata
    assert info["/ItatuiCommit"] == commit
    assert info["/ItatuiEdition"] == "v2568.1"
    assert info["/Author"] == "เทศบาลตำบลบ้านเรือน"
    assert info["/Creator"].startswith("itatui ")
    assert info["/Lang"] == "th"
    assert info["/Subject"] and info["/Keywords"] and info["/Title"]
    assert info["/CreationDate"] == info["/ModDate"] == "D:20251030091500Z"
    assert reader.trailer["/Root"]["/Lang"] == "th"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfaid:part>3</pdfaid:part>" in xmp
    assert re.search(r"<pdfaid:conformance>[BU]</pdfaid:conformance>", xmp)
    assert f"<itatui:Commit>{commit}</itatui:Commit>" in xmp and XMP_NS in xmp
    assert "<itatui:Edition>v2568.1</itatui:Edition>" in xmp
    assert "<xmp:CreateDate>2025-10-30T09:15:00Z</xmp:CreateDate>" in xmp
    assert "<dc:language><rdf:Bag><rdf:li>th</rdf:li>" in xmp
    # attachments: names are the repository paths, bytes exact, AFRelationship Source
    assert reader.attachments == {name: [data] for name, data in records.items()}
    listing = run("pdfdetach", "-list", str(out))
    assert "2 embedded files" in listing and "records/measures/01-01.toml" in listing
    af = reader.trailer["/Root"]["/AF"]
    assert len(af) == 2
    assert {a.get_object()["/AFRelationship"] for a in af} == {"/Source"}


def test_without_commit_no_commit_keys(tmp_path, report):
    from itatui.render.pdf import render_pdf

    out = render_pdf(report, "default", tmp_path / "r.pdf", created=WHEN)
    info = PdfReader(out).metadata
    assert "/ItatuiCommit" not in info and "/ItatuiEdition" not in info
    assert "embedded files" not in run("pdfdetach", "-list", str(out)).replace(
        "0 embedded files", "")


def test_edition_defaults_to_short_commit(tmp_path, report):
    from itatui.render.pdf import render_pdf

    commit = "fedcba9876543210fedcba9876543210fedcba98"
    out = render_pdf(report, "default", tmp_path / "r.pdf", commit=commit, created=WHEN)
    assert PdfReader(out).metadata["/ItatuiEdition"] == "fedcba9"


def test_same_inputs_give_identical_bytes_and_dates_follow_the_commit(sample_repo, report,
                                                                      monkeypatch, tmp_path):
    from itatui.core.audit.versions import record_files_at
    from itatui.core.history import History
    from itatui.render.pdf import render_pdf

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    head = git(sample_repo, "rev-parse", "HEAD").strip()
    stamp = int(git(sample_repo, "show", "-s", "--format=%ct", head).strip())
    kw = dict(records_root=sample_repo, commit=head,
              records=record_files_at(History.open(sample_repo), head))
    a = render_pdf(report, "default", tmp_path / "a.pdf", **kw).read_bytes()
    b = render_pdf(report, "default", tmp_path / "b.pdf", **kw).read_bytes()
    assert a == b
    want = dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc).strftime("D:%Y%m%d%H%M%SZ")
    assert PdfReader(tmp_path / "a.pdf").metadata["/CreationDate"] == want
    # `created` wins over SOURCE_DATE_EPOCH, which wins over the commit date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    c = render_pdf(report, "default", tmp_path / "c.pdf", **kw)
    assert PdfReader(c).metadata["/CreationDate"] == "D:20231114221320Z"
    d = render_pdf(report, "default", tmp_path / "d.pdf", created=WHEN, **kw)
    assert PdfReader(d).metadata["/CreationDate"] == "D:20251030091500Z"


def test_cli_pdf_carries_head_and_tag(sample_repo, tmp_path):
    head = git(sample_repo, "rev-parse", "HEAD").strip()
    git(sample_repo, "tag", "ita-2568")
    out = tmp_path / "r.pdf"
    proc = cli("render", "--repo", str(sample_repo), "--format", "pdf", "-o", str(out),
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "คำเตือน" not in proc.stderr
    reader = PdfReader(out)
    assert reader.metadata["/ItatuiCommit"] == head
    assert reader.metadata["/ItatuiEdition"] == "ita-2568"
    tracked = git(sample_repo, "ls-files", "records").split()
    assert sorted(reader.attachments) == sorted(tracked)


def test_cli_pdf_untagged_uses_short_sha(sample_repo, tmp_path):
    short = git(sample_repo, "rev-parse", "--short", "HEAD").strip()
    out = tmp_path / "r.pdf"
    proc = cli("render", "--repo", str(sample_repo), "--format", "pdf", "-o", str(out),
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert PdfReader(out).metadata["/ItatuiEdition"] == short


def test_cli_pdf_from_a_dirty_tree_warns_and_has_no_commit(sample_repo, tmp_path):
    memo = sample_repo / "records" / "memo.toml"
    memo.write_text(memo.read_text(encoding="utf-8") + "\n# hand edit\n", encoding="utf-8")
    out = tmp_path / "r.pdf"
    proc = cli("render", "--repo", str(sample_repo), "--format", "pdf", "-o", str(out),
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "คำเตือน" in proc.stderr and "commit" in proc.stderr
    reader = PdfReader(out)
    assert "/ItatuiCommit" not in reader.metadata
    assert not reader.attachments
