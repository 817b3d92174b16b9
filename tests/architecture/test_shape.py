"""The shape of the code (issue 20), beside the import-linter contracts in pyproject.toml: what
import-linter cannot say (names, not modules), and the cycles it would report one pair at a time."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
ROOT = SRC / "planwatch"


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else parts[-1]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("planwatch", include_external_packages=False)


def test_the_import_linter_contracts_are_kept():
    done = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports"))],
        capture_output=True,
        text=True,
        cwd=SRC.parent,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_no_module_imports_another_apps_views(graph):
    found = []
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if ".views" not in imported or module == "planwatch.urls":
                continue
            same_app = app_of(module) == app_of(imported)
            if not (same_app and re.search(r"\.(views|urls)(\.|$)", module)):
                found.append(f"{module} -> {imported}")
    assert found == []


def test_no_private_name_crosses_an_app(graph):
    found = []
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(SRC).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("planwatch."):
                for alias in node.names:
                    if alias.name.startswith("_") and app_of(node.module) != app_of(module):
                        found.append(f"{module}: {node.module}.{alias.name}")
    assert found == []


def test_no_apps_import_each_other_even_round_about(graph):
    """Whole apps (views and commands included): no cycle of any length between them."""
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        if module.count(".") < 2:
            continue  # planwatch.urls, planwatch.settings: the project's root
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.count(".") >= 1 and app_of(imported) != app_of(module):
                edges.setdefault(app_of(module), set()).add(app_of(imported))

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in edges.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    assert sorted(app for app in edges if reaches(app, app, {app})) == []


def test_no_files_import_each_other_even_round_about(graph):
    """No circle of modules of any length (a circle ties files that should be one, or wants
    a third module both use)."""
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                part.append(top)
                if top == node:
                    break
            if len(part) > 1:
                circles.append(sorted(part))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    assert circles == []
