"""The checks `make test` runs before pytest (ruff, import-linter, mypy; configured in
pyproject.toml) really catch what they are configured to catch.

Each tool runs in a subprocess on a copy of the package: once as it is (passes), once with a
deliberate violation (fails, naming it). A tool that silently checked nothing, a contract
that no longer matched any module, or a strict flag that got lost would pass the clean tree
too; these tests would not.
"""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent
# A module of the pure model that every change is unlikely to touch much.
MODEL_FILE = Path("desktop_app") / "model" / "files.py"


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[lint]'"
    return found


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A copy of the package and its configuration, without caches."""
    dest = tmp_path_factory.mktemp("tree")
    shutil.copytree(ROOT / "desktop_app", dest / "desktop_app",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(cwd), "PATH": str(BIN), "NO_COLOR": "1", "TERM": "dumb",
           "SYSTEMROOT": "C:\\Windows"}  # Windows Python needs it to start
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
                          check=False)


def violate(tree: Path, relpath: Path, extra: str):
    """Append ``extra`` to a file of the copy; return a function that undoes it."""
    path = tree / relpath
    before = path.read_text(encoding="utf-8")
    path.write_text(before + extra, encoding="utf-8")
    return lambda: path.write_text(before, encoding="utf-8")


def test_ruff_passes_and_catches_an_unused_import(tree):
    args = [tool("ruff"), "check", "--no-cache", "--output-format", "concise", "desktop_app"]
    clean = run(args, tree)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    undo = violate(tree, MODEL_FILE, "\nimport json\n")
    try:
        bad = run(args, tree)
    finally:
        undo()
    assert bad.returncode != 0
    assert re.search(r"files\.py:\d+:\d+: F401 .*json", bad.stdout), bad.stdout


def test_import_contracts_pass_and_catch_qt_in_the_model(tree):
    args = [tool("lint-imports"), "--no-cache", "--no-logo"]
    clean = run(args, tree)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "0 broken" in clean.stdout
    undo = violate(tree, MODEL_FILE, "\nimport PySide6.QtCore\n")
    try:
        bad = run(args, tree)
    finally:
        undo()
    assert bad.returncode != 0
    assert "The model is pure Python: no Qt, nothing of ours above it BROKEN" in bad.stdout
    assert "desktop_app.model.files -> PySide6" in bad.stdout, bad.stdout


def test_import_contracts_catch_a_cycle(tree):
    """A loop through imports inside functions counts too."""
    args = [tool("lint-imports"), "--no-cache", "--no-logo", "--contract", "no-cycles"]
    undo = violate(tree, Path("desktop_app") / "model" / "consultation.py",
                   "\ndef _loop():\n    from desktop_app.model import storage\n")
    try:
        bad = run(args, tree)
    finally:
        undo()
    assert bad.returncode != 0
    assert "No cycles are allowed in desktop_app.model" in bad.stdout, bad.stdout


def test_mypy_passes_and_is_strict_on_the_model(tree):
    args = [sys.executable, "-m", "mypy", "--cache-dir", str(tree / ".mypy_cache")]
    clean = run(args, tree)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    # A type error, and a function without annotations (an error only where strict).
    undo = violate(tree, MODEL_FILE, '\n\ndef _bad() -> int:\n    return "one"\n\n\n'
                                     'def _untyped(x):\n    return x\n')
    try:
        bad = run(args, tree)
    finally:
        undo()
    assert bad.returncode != 0
    out = bad.stdout
    assert re.search(r"files\.py:\d+: error: Incompatible return value type .*\[return-value\]",
                     out), out
    assert re.search(r"files\.py:\d+: error: Function is missing a type annotation "
                     r".*\[no-untyped-def\]", out), out


def _let_off_mypy(config: dict) -> list[str]:
    """The modules mypy's configuration lets off its errors (``ignore_errors`` overrides)."""
    mypy = config["tool"]["mypy"]
    let_off = ["(every module: [tool.mypy] ignore_errors)"] if mypy.get("ignore_errors") else []
    for override in mypy.get("overrides", []):
        if override.get("ignore_errors"):
            modules = override.get("module", [])
            listed = [modules] if isinstance(modules, str) else list(modules)
            let_off += listed or ["(an ignore_errors override listing no module)"]
    return let_off


def test_no_module_is_let_off_mypy():
    """Every module passes mypy: the old "not yet passing" list (an ``ignore_errors = true``
    override) is at zero modules and gone; it must not come back, and no file or exclude
    pattern may switch the checks off another way."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert _let_off_mypy(config) == []
    mypy = config["tool"]["mypy"]
    assert mypy["files"] == ["desktop_app"] and "exclude" not in mypy
    assert "ignore-without-code" in mypy["enable_error_code"]
    # `# mypy: ignore-errors` anywhere, or a `# type: ignore` on a line of its own (at the top
    # of a module it ignores the whole module)
    inline = re.compile(r"#\s*mypy:.*ignore[-_]errors|^\s*#\s*type:\s*ignore")
    whole_files = []
    for path in sorted((ROOT / "desktop_app").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if inline.search(line):
                whole_files.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not whole_files, "files let off mypy:\n" + "\n".join(whole_files)


def test_the_let_off_check_sees_an_override_come_back():
    """The check above fails for an override like the old one, with one module or none."""
    base = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    one = {"module": ["desktop_app.ui.main_window"], "ignore_errors": True}
    single = {"module": "desktop_app.app", "ignore_errors": True}
    empty = {"module": [], "ignore_errors": True}
    for extra, expected in ((one, ["desktop_app.ui.main_window"]), (single, ["desktop_app.app"]),
                            (empty, ["(an ignore_errors override listing no module)"])):
        config = {"tool": {"mypy": {**base["tool"]["mypy"],
                                    "overrides": [*base["tool"]["mypy"]["overrides"], extra]}}}
        assert _let_off_mypy(config) == expected
    off = {"tool": {"mypy": {**base["tool"]["mypy"], "ignore_errors": True}}}
    assert _let_off_mypy(off) == ["(every module: [tool.mypy] ignore_errors)"]
    # the overrides that make the model and the export strict do not count
    strict = [o for o in base["tool"]["mypy"]["overrides"] if o.get("disallow_untyped_defs")]
    assert strict and _let_off_mypy({"tool": {"mypy": {"overrides": strict}}}) == []


NOQA = re.compile(r"#\s*noqa\b(?P<rest>.*)$")
REASONED = re.compile(r":\s*[A-Z]+[0-9]+(\s*,\s*[A-Z]+[0-9]+)*(?![0-9])\s+\S.*")


def test_every_noqa_names_its_rule_and_says_why():
    """Written as `noqa: CODE - why`; ruff's RUF100 already rejects codes that do not apply."""
    bad = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in (".venv", "build", "dist") or "site-packages" in rel.parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = NOQA.search(line)
            if m and not REASONED.fullmatch(m.group("rest").rstrip()):
                bad.append(f"{rel}:{n}: {line.strip()}")
    assert not bad, "noqa without a rule or a reason:\n" + "\n".join(bad)
