"""The package layout keeps its dependency rule: imports run downwards only, no cycles.

Layers (DESIGN.md): the top-level base modules, then store, pseudonymise,
codebook, coding, survey, analysis, exchange, the demo, and the CLI on top.
A module may import its own package and any lower layer; never a higher one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "qualcode"
LAYERS = [
    {"errors", "models", "table", "_lazy"},
    {"store"},
    {"pseudonymise"},
    {"codebook"},
    {"coding"},
    {"survey"},
    {"analysis"},
    {"exchange"},
    {"demo"},
    {"cli"},
    {"__init__", "__main__"},  # the public API (lazy) and ``python -m qualcode``
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Return the qualcode modules ``path`` imports (at any depth of the file).

    ``from qualcode import __version__`` names the root package only for its
    version, so the bare root is not counted; a package importing its own
    submodules by name (``from qualcode.store.readers import docx``) is.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("qualcode"):
            if node.module != "qualcode":
                found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("qualcode"))
    return found


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_package_has_a_layer():
    assert {_layer(m) for m in MODULES} <= set(RANK)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_downwards(module):
    own = _layer(module)
    upward = sorted(
        target
        for target in _imports(MODULES[module])
        if target in MODULES and _layer(target) != own and RANK[_layer(target)] > RANK[own]
    )
    assert not upward, f"{module} imports a higher layer: {upward}"


def test_no_import_cycles_between_modules():
    graph = {m: {t for t in _imports(p) if t in MODULES and t != m} for m, p in MODULES.items()}
    # A package's __init__ is imported with each of its modules; only explicit edges count.
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_the_library_never_imports_the_cli():
    offenders = sorted(
        m
        for m, p in MODULES.items()
        if _layer(m) not in ("cli", "__main__")
        and any(_layer(t) == "cli" for t in _imports(p) if t in MODULES)
    )
    assert not offenders
