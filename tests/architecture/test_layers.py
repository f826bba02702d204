"""The layers of itatui, enforced (README "Layout of the code"): the import-linter contracts of
pyproject.toml hold, no module of the core, the publishing layer or the TUI is part of an import
cycle (imports inside functions count, ``if TYPE_CHECKING:`` ones do not), importing everything
below the faces loads no Textual, Rich or WeasyPrint, and no module reaches into another
module's private names."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

from helpers import ROOT
PYPROJECT = ROOT / "pyproject.toml"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(config: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(config), "--no-cache"], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=300)


def test_the_import_contracts_are_kept():
    proc = lint_imports(PYPROJECT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    contracts = tomllib.loads(PYPROJECT.read_text("utf-8"))["tool"]["importlinter"]["contracts"]
    assert {c["type"] for c in contracts} == {"layers", "forbidden", "acyclic_siblings"}
    assert f"{len(contracts)} kept, 0 broken" in proc.stdout


def test_a_broken_contract_fails_the_run(tmp_path):
    """The runner above does fail: a contract the code breaks (the CLI imports the core)."""
    config = tmp_path / "broken.toml"
    config.write_text('[tool.importlinter]\nroot_package = "itatui"\n\n'
                      '[[tool.importlinter.contracts]]\nname = "cli without core"\n'
                      'type = "forbidden"\nsource_modules = ["itatui.cli"]\n'
                      'forbidden_modules = ["itatui.core"]\n', encoding="utf-8")
    proc = lint_imports(config)
    assert proc.returncode == 1 and "BROKEN" in proc.stdout, proc.stdout + proc.stderr


def test_every_ignored_import_says_why():
    """Contracts are strict: an ignored import must carry a comment on its line."""
    text = PYPROJECT.read_text("utf-8")
    contracts = tomllib.loads(text)["tool"]["importlinter"]["contracts"]
    for contract in contracts:
        assert contract.get("unmatched_ignore_imports_alerting", "error") == "error"
        for ignored in contract.get("ignore_imports", []):
            line = next(ln for ln in text.splitlines() if f'"{ignored}"' in ln)
            assert "#" in line.split(f'"{ignored}"', 1)[1], f"uncommented ignore: {ignored}"


def _cycles(graph: grimp.ImportGraph, package: str) -> list[list[str]]:
    """The strongly connected components (more than one module) of ``package``'s modules."""
    nodes = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    inside = set(nodes)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & inside - {m}) for m in nodes}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:           # Tarjan (the graphs are small: recursion is fine)
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in nodes:
        if v not in index:
            visit(v)
    return found


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("itatui", exclude_type_checking_imports=True, cache_dir=None)


@pytest.mark.parametrize("package", ["itatui.core", "itatui.publishing", "itatui.tui"])
def test_no_import_cycles(graph, package):
    """Module by module, a package and its own modules included (``acyclic_siblings`` compares
    sibling packages only)."""
    assert _cycles(graph, package) == []


def test_the_cycle_finder_finds_a_cycle():
    g = grimp.ImportGraph()
    for a, b in (("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")):
        g.add_import(importer=a, imported=b)
    assert _cycles(g, "p") == [["p.a", "p.b", "p.c"]]


def test_importing_everything_below_the_faces_loads_no_textual_rich_or_weasyprint():
    code = """
import importlib, pkgutil, sys
count = 0
for name in ("itatui.core", "itatui.importer", "itatui.render", "itatui.publishing"):
    pkg = importlib.import_module(name)
    for info in pkgutil.walk_packages(pkg.__path__, name + "."):
        importlib.import_module(info.name)
        count += 1
print(count, sorted({m.split(".")[0] for m in sys.modules} & {"textual", "rich", "weasyprint"}))
"""
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    count, loaded = proc.stdout.split(" ", 1)
    assert int(count) > 60 and loaded.strip() == "[]", proc.stdout


def _private_reaches() -> list[str]:
    """``from M import _x``, ``M._x`` and ``obj._x`` where ``_x`` is defined in another module
    of itatui (``self._x``, ``cls._x`` and ``super()._x`` are the class's own)."""
    trees = {f: ast.parse(f.read_text(encoding="utf-8"))
             for f in sorted((ROOT / "itatui").rglob("*.py"))}
    defined: dict[str, set[Path]] = {}
    for f, tree in trees.items():
        for n in ast.walk(tree):
            name = None
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = n.name
            elif isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store):
                name = n.attr
            elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                name = n.id
            if name and name.startswith("_") and not name.startswith("__"):
                defined.setdefault(name, set()).add(f)
    found = []
    for f, tree in trees.items():
        for n in ast.walk(tree):
            if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("itatui"):
                found += [f"{f.relative_to(ROOT)}:{n.lineno}: from {n.module} import {a.name}"
                          for a in n.names if a.name.startswith("_")
                          and not a.name.startswith("__")]
            elif isinstance(n, ast.Attribute) and n.attr in defined and f not in defined[n.attr]:
                base = ast.unparse(n.value)
                if base not in ("self", "cls", "super()"):
                    found.append(f"{f.relative_to(ROOT)}:{n.lineno}: {base}.{n.attr}")
    return found


def test_no_module_reaches_into_another_modules_private_names():
    assert _private_reaches() == []
