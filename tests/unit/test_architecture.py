"""Import direction: ui → diagram → document → model, export → model.

The model is pure Python (no Qt at all), so it is testable and usable without a display;
export never reads widgets. Checked on the source with ast, no extra dependency.
"""

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[2] / "desktop_app"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def files(sub: str):
    return sorted((PKG / sub).rglob("*.py"))


FORBIDDEN = {
    "model": ("PySide6", "desktop_app.ui", "desktop_app.diagram", "desktop_app.export",
              "desktop_app.document", "desktop_app.app"),
    "export": ("PySide6.QtWidgets", "desktop_app.ui", "desktop_app.diagram",
               "desktop_app.document", "desktop_app.app"),
    "diagram": ("desktop_app.ui", "desktop_app.app", "desktop_app.export"),
}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer):
    bad = []
    for path in files(layer):
        for name in imports_of(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer]):
                bad.append(f"{path.relative_to(PKG)} imports {name}")
    assert not bad, "layering violated:\n" + "\n".join(bad)


def test_document_has_no_widgets():
    assert not any(n.startswith("PySide6.QtWidgets") for n in imports_of(PKG / "document.py"))


def test_no_network_modules_anywhere():
    """The app is offline: nothing imports networking (QtNetwork, urllib, http, socket)."""
    net = ("socket", "urllib", "http", "requests", "PySide6.QtNetwork", "ssl", "ftplib")
    bad = [f"{p.relative_to(PKG)}: {n}" for p in PKG.rglob("*.py") for n in imports_of(p)
           if any(n == m or n.startswith(m + ".") for m in net)]
    assert not bad, bad


def test_only_entry_points_import_the_command_line():
    """The CLI module sits on top: the window and services never reach back into it."""
    allowed = {PKG / "__main__.py", PKG / "app.py"}
    bad = [str(p.relative_to(PKG)) for p in PKG.rglob("*.py")
           if p not in allowed and "desktop_app.app" in imports_of(p)]
    assert not bad, bad
