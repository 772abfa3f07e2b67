"""No import cycles between our modules — also not through imports inside functions or under
``if TYPE_CHECKING:`` (a cycle there still ties the modules together: neither can be read,
tested or moved without the other, and a lazy import only hides it until someone moves it up).

Read from the source with ast, so nothing is imported; a failure names the modules of each loop.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "desktop_app"


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, name: str, known: set[str]) -> set[str]:
    """Our modules that ``path`` (module ``name``) imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:                      # relative: from the module's package up
                up = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base = ".".join(up + ([base] if base else []))
            for alias in node.names:            # "from pkg import module" imports the module
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    out = set()
    for target in found:
        while target and target not in known:   # a name inside a module: the module
            target = target.rpartition(".")[0]
        if target and target != name:
            out.add(target)
    return out


def import_graph(package: Path = PKG, root: Path = ROOT) -> dict[str, set[str]]:
    paths = {module_name(p, root): p for p in package.rglob("*.py")}
    known = set(paths)
    return {name: imported_modules(path, name, known) for name, path in paths.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
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
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_import_cycles_between_our_modules():
    loops = cycles(import_graph())
    assert not loops, "import cycles:\n" + "\n".join(" <-> ".join(g) for g in loops)


def test_the_check_finds_cycles_through_function_level_and_type_checking_imports(tmp_path):
    """The checker itself: a loop closed only by an import inside a function, one closed
    only under TYPE_CHECKING, a relative import, and a clean chain."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg import b\n")
    (pkg / "b.py").write_text("def f():\n    from pkg.a import thing\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\n"
                              "if TYPE_CHECKING:\n    from pkg.d import D\n")
    (pkg / "d.py").write_text("from . import c\n")
    (pkg / "e.py").write_text("import pkg.a\n")
    graph = import_graph(pkg, tmp_path)
    assert graph["pkg.e"] == {"pkg.a"} and graph["pkg.d"] == {"pkg.c"}
    assert sorted(cycles(graph)) == [["pkg.a", "pkg.b"], ["pkg.c", "pkg.d"]]
