"""The package's import graph, read from the sources with :mod:`ast` (nothing is imported).

The build keys each notebook on the ``analysis`` modules it imports, transitively
(:func:`closure`), so that editing ``estimates/panel.py`` re-executes only the
notebooks that use it. Importing ``analysis.estimates.panel`` also runs
``analysis/__init__.py`` and ``analysis/estimates/__init__.py``: parent packages are
part of the closure.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable
from pathlib import Path

__all__ = ["module_name", "imports_of", "module_graph", "closure", "module_file", "notebook_imports"]


def module_name(path: Path, src: Path) -> str:
    """``analysis.estimates.panel`` for ``<src>/estimates/panel.py`` (``src`` is the package folder)."""
    parts = list(path.relative_to(src.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def module_file(module: str, src: Path) -> Path | None:
    """The source file of ``module`` under the package folder ``src``, or None."""
    rel = Path(*module.split(".")[1:]) if "." in module else Path()
    for candidate in ((src / rel).with_suffix(".py") if rel.parts else None, src / rel / "__init__.py"):
        if candidate is not None and candidate.exists():
            return candidate
    return None


def imports_of(source: str, module: str, is_package: bool, src: Path, top: str = "analysis") -> set[str]:
    """Modules of the ``top`` package imported by ``source`` (absolute and relative, at any depth)."""
    me = module.split(".")
    package = me if is_package else me[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == top}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != top:
                continue
            for alias in node.names:  # `from analysis.text import numbers` imports a module
                sub = f"{mod}.{alias.name}"
                out.add(sub if module_file(sub, src) is not None else mod)
    return out


def module_graph(src: Path) -> dict[str, set[str]]:
    """Every module of the package under ``src`` to the package modules it imports."""
    graph = {}
    for path in sorted(src.rglob("*.py")):
        name = module_name(path, src)
        graph[name] = imports_of(
            path.read_text(encoding="utf-8"), name, path.name == "__init__.py", src, top=src.name
        )
    return graph


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def closure(modules: Iterable[str], graph: dict[str, set[str]]) -> set[str]:
    """``modules`` and everything they import, transitively, with the parent packages each import runs."""
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        m = todo.pop()
        if m in seen or m not in graph:
            continue
        seen.add(m)
        todo.extend(graph[m])
        todo.extend(_parents(m))
    return seen


def _code_without_magics(source: str) -> str:
    """Cell source with IPython magics and shell escapes blanked, so that :mod:`ast` can parse it."""
    return "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.splitlines())


def notebook_imports(notebook: Path | dict, src: Path) -> set[str]:
    """Package modules imported by the code cells of a notebook (a path or its parsed JSON)."""
    nb = json.loads(notebook.read_text(encoding="utf-8")) if isinstance(notebook, Path) else notebook
    out: set[str] = set()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        try:
            out |= imports_of(_code_without_magics(source), "__notebook__", False, src, top=src.name)
        except SyntaxError:
            continue  # the cell fails when executed; the build reports it there
    return out
