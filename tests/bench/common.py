"""Shared pieces of the benchmarks: timing, sample repositories, the result row."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / "records"


@dataclass
class Row:
    name: str            # what itatui does
    value: float         # seconds (median)
    baseline_name: str   # what it is compared with, measured in the same run
    baseline: float      # seconds (median)
    target: str          # the goal from the issues, e.g. "<= 2.0x"
    limit: float | None = None   # the ratio the target allows, None when the target is absolute

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def ok(self) -> bool | None:
        return None if self.limit is None else self.ratio <= self.limit


def median_time(fn: Callable[[], object], repeat: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def isolated_env() -> dict[str, str]:
    """An environment with a known officer and no user or system git config."""
    home = Path(tempfile.mkdtemp(prefix="itatui-bench-home-"))
    (home / ".gitconfig").write_text("[user]\n\tname = นักทดสอบ ความเร็ว\n\temail = bench@itatui.invalid\n"
                                     "[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"), "GIT_CONFIG_NOSYSTEM": "1"}
    os.environ.update(env)
    return env


def sample_repo(dest: Path | None = None) -> Path:
    dest = dest or Path(tempfile.mkdtemp(prefix="itatui-bench-")) / "repo"
    shutil.copytree(RECORDS, dest / "records")
    for args in (["init", "-q", "-b", "main"], ["add", "records"],
                 ["commit", "-q", "-m", "sample"]):
        subprocess.run(["git", *args], cwd=dest, check=True, capture_output=True)
    return dest


# --- itatui as users install it ------------------------------------------------------------

def checkout_files() -> list[str]:
    """The checkout's files as git sees them: tracked, and new ones not ignored (what
    ``pip install .`` of this working tree builds from)."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=ROOT, check=True, capture_output=True).stdout.decode("utf-8")
    return sorted({f for f in out.split("\0") if f and (ROOT / f).is_file()})


def build_wheel(dest: Path) -> Path:
    """A wheel of the working tree as it is now, built offline by this interpreter's pip and
    setuptools (no build isolation, no index) from a copy of the checkout, so that nothing
    stale in ``build/`` reaches the wheel and the checkout stays untouched."""
    src = dest / "src"
    for name in checkout_files():
        if name.startswith(("tests/", "records/")):
            continue
        target = src / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    out = dest / "dist"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                           "--no-build-isolation", "--no-index", "-w", str(out), str(src)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("building the wheel failed (setuptools>=77 in this environment? "
                           f".ci/bootstrap test installs it):\n{done.stdout}\n{done.stderr}")
    (wheel,) = out.glob("itatui-*.whl")
    return wheel


def install_wheel(wheel: Path, venv: Path) -> Path:
    """A fresh virtualenv at ``venv`` with ``wheel`` installed by pip (which byte-compiles it)
    and no dependency downloaded: a ``.pth`` file puts this interpreter's site-packages after
    the new one. Paths named in a ``.pth`` file are added to ``sys.path`` without running
    *their* ``.pth`` files, so an editable itatui installed here stays inactive there: the new
    environment imports the wheel's itatui. Returns the new environment's ``bin`` folder."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   capture_output=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; "
                           "print(sysconfig.get_paths()['purelib'])"], check=True,
                          capture_output=True, text=True).stdout.strip()
    deps = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    Path(site, "itatui-deps.pth").write_text("".join(f"{d}\n" for d in deps), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    return venv / "bin"


def installed_env() -> dict[str, str]:
    """os.environ without what would make Python find the checkout instead of the install."""
    env = dict(os.environ)
    for var in ("PYTHONPATH", "PYTHONHOME"):
        env.pop(var, None)
    return env
