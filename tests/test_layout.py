"""The package's import graph has no cycles: between modules, and between sub-packages.

Every ``import`` counts, at module level, inside functions and under ``TYPE_CHECKING``:
a function-level import that closes a loop is still a loop in the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import sitrep

ROOT = Path(sitrep.__file__).parent
# cycles tolerated for now (none: the extract/claims <-> extract/events one is gone)
KNOWN: set[frozenset[str]] = set()


def module_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """``module -> modules of the package it imports`` (an imported name resolves to the
    deepest module of its dotted path: ``from sitrep.store import Store`` is ``sitrep.store``)."""
    base = root.parent
    files: dict[str, Path] = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(base).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = path

    def resolve(name: str) -> str | None:
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for mod, path in files.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    origin = ".".join(up + ([node.module] if node.module else []))
                else:
                    origin = node.module or ""
                names = [f"{origin}.{a.name}" for a in node.names]
            else:
                continue
            deps.update(r for n in names if (r := resolve(n)) is not None)
        deps.discard(mod)
        graph[mod] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = set()
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.add(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    found.append(frozenset(comp))
    return found


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The same graph between sub-packages (``sitrep.store``, ``sitrep.analysis``, ...)."""

    def top(mod: str) -> str:
        return ".".join(mod.split(".")[:2])

    out: dict[str, set[str]] = {}
    for mod, deps in graph.items():
        out.setdefault(top(mod), set()).update(top(d) for d in deps if top(d) != top(mod))
    return out


def test_the_graph_sees_function_level_and_type_checking_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "a").mkdir(parents=True)
    (pkg / "b").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a" / "__init__.py").write_text("def f():\n    from pkg.b.x import g\n")
    (pkg / "b" / "__init__.py").write_text("")
    (pkg / "b" / "x.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import f\ndef g(): ...\n"
    )
    graph = module_graph(pkg)
    assert graph["pkg.a"] == {"pkg.b.x"} and graph["pkg.b.x"] == {"pkg.a"}
    assert cycles(graph) == [frozenset({"pkg.a", "pkg.b.x"})]
    assert cycles(package_graph(graph)) == [frozenset({"pkg.a", "pkg.b"})]


def test_no_import_cycle_between_modules() -> None:
    found = [sorted(c) for c in cycles(module_graph()) if c not in KNOWN]
    assert found == []


def test_no_import_cycle_between_sub_packages() -> None:
    graph = package_graph(module_graph())
    found = cycles(graph)
    assert found == [], "\n".join(
        f"{a} -> {b}" for c in found for a in sorted(c) for b in sorted(graph[a] & c)
    )


def test_store_is_persistence_only() -> None:
    """The store imports no run machinery (runner), no interface (api, cli) and no test helper."""
    graph = module_graph()
    store = {m: deps for m, deps in graph.items() if m == "sitrep.store" or m.startswith("sitrep.store.")}
    leaks = {
        m: sorted(d for d in deps if d.split(".")[1] in ("runner", "api", "cli")) for m, deps in store.items()
    }
    assert {m: d for m, d in leaks.items() if d} == {}
    assert not (ROOT / "store" / "testing.py").exists() and not (ROOT / "api" / "sample.py").exists()


def test_no_merge_conflict_markers_in_tracked_text_files() -> None:
    """A merge left half-resolved (its markers committed) reads as nonsense to users."""
    import subprocess

    root = ROOT.parent
    files = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=False).stdout.split()
    if not files:
        import pytest

        pytest.skip("not a git checkout")
    marked = []
    for name in files:
        if not name.endswith((".py", ".md", ".json", ".toml", ".cfg", ".csv", ".sh", ".txt", ".html", ".js", ".css")):
            continue
        try:
            lines = (root / name).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        if any(line.startswith(("<<<<<<< ", ">>>>>>> ")) for line in lines):
            marked.append(name)
    assert marked == []
