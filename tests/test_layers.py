"""The package's layers: imports only run downward, and there are no import cycles.

Layers, low to high (DESIGN §2): paths/results, text, speech and data, viz, estimates, evidence,
registry, site, then the command line and the compatibility entry points (``analysis.numbers``,
``analysis.datasets``), which nothing inside the package may import.
"""

from __future__ import annotations

import ast
from pathlib import Path

from analysis import paths

SRC = paths.ROOT / "src" / "analysis"

LAYER = {
    "paths": 0,
    "results": 0.5,
    "text": 1,
    "speech": 2,
    "data": 2,
    "viz": 3,
    "estimates": 4,
    "evidence": 5,
    "registry": 6,
    "site": 7,
    "__main__": 8,
    "__init__": 8,
    "numbers": 9,
    "datasets": 9,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Modules of ``analysis`` imported by ``path`` (absolute and relative, at any depth in the file)."""
    return _imports_of(path.read_text(encoding="utf-8"), _module_name(path), path.name == "__init__.py")


def _imports_of(source: str, module: str, is_package: bool) -> set[str]:
    me = module.split(".")
    package = me if is_package else me[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "analysis"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "analysis":
                continue
            for alias in node.names:  # `from analysis.text import numbers` imports a module
                sub = f"{mod}.{alias.name}"
                out.add(sub if _exists(sub) else mod)
    return out


def _exists(module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (SRC / rel).with_suffix(".py").exists() or (SRC / rel / "__init__.py").exists()


def _layer(module: str) -> tuple[str, int]:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    assert top in LAYER, f"{module}: no layer assigned; add {top!r} to LAYER in tests/test_layers.py"
    return top, LAYER[top]


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in SRC.rglob("*.py")}


def test_every_import_runs_downward():
    upward = []
    for module, imported in _graph().items():
        room, level = _layer(module)
        for target in imported:
            t_room, t_level = _layer(target)
            if t_room == room:
                continue
            if t_level >= level:
                upward.append(f"{module} imports {target} (layer {level} -> {t_level})")
    assert not upward, "imports that do not run downward:\n" + "\n".join(sorted(upward))


def test_there_are_no_import_cycles():
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph or nxt == node:
                continue
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt) :] + [nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    # a package importing its own submodules (``speech/__init__`` re-exporting ``speech.clean``) is not a cycle
    real = [
        c
        for c in cycles
        if not all(m.startswith(c[0] + ".") or c[0].startswith(m + ".") or m == c[0] for m in c)
    ]
    assert not real, "import cycles: " + "; ".join(" -> ".join(c) for c in real)


def test_the_layer_walker_sees_an_upward_import():
    """Guard the guard: a module in a low layer importing a high one is reported, relative or absolute."""
    for source in (
        "from ..site import build\n",
        "import analysis.site.build\n",
        "def f():\n    from ..site import build\n",
    ):
        imported = _imports_of(source, "analysis.text.probe", is_package=False)
        assert "analysis.site.build" in imported, source
        assert _layer("analysis.site.build")[1] > _layer("analysis.text.probe")[1]
