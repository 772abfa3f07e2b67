"""Mutation testing: does the suite catch a small wrong change in the modules that guard data?

Each mutant is one small change to one module (a comparison moved by one, a number off by one,
``and`` for ``or``, a ``not`` dropped, ``+`` for ``-``, ``True`` for ``False``, a returned value
replaced by ``None``); the module's tests run against it (the golden-hash tests switched off,
so a wrong PDF must be caught by what the tests read back). A mutant the tests do not fail is a
*survivor*: either a missing test, or an equivalent change (the note says which).

    python -m tests.tools.mutate                       # every module below
    python -m tests.tools.mutate desktop_app/model/limits.py --max 60 --seed 1
    python -m tests.tools.mutate desktop_app/model/limits.py --list      # numbered mutants
    python -m tests.tools.mutate desktop_app/model/limits.py --only 12,40 --tests tests/unit/x.py

Slow (one pytest run per mutant): not part of CI. The source file is restored after each
mutant, also on Ctrl+C or a kill (SIGTERM); run it in a clean checkout, since it edits files
in place.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# module -> the tests that guard it (by what they import; kept by hand so a run is focused)
TARGETS: dict[str, list[str]] = {
    "desktop_app/model/signoff.py": ["tests/unit/test_signoff_edges.py",
                                     "tests/unit/test_signoff.py",
                                     "tests/unit/test_signoff_shared.py",
                                     "tests/unit/test_pdf_safety.py"],
    "desktop_app/model/files.py": ["tests/unit/test_file_reading.py",
                                   "tests/unit/test_half_held.py",
                                   "tests/unit/test_tool_config.py",
                                   "tests/e2e/test_cli_attacks.py"],
    "desktop_app/model/limits.py": ["tests/unit/test_limits_boundaries.py",
                                    "tests/unit/test_consultation_attacks.py",
                                    "tests/unit/test_images.py", "tests/gui/test_mark_limits.py"],
    "desktop_app/model/scans.py": ["tests/unit/test_scan_listing_edges.py",
                                   "tests/unit/test_scans.py", "tests/unit/test_dicom_bombs.py",
                                   "tests/unit/test_enhanced.py", "tests/unit/test_scan_stacks.py",
                                   "tests/unit/test_modern_pixels.py",
                                   "tests/unit/test_scan_identity.py",
                                   "tests/gui/test_series_browser.py"],
    "desktop_app/model/lesions.py": ["tests/unit/test_lesions.py", "tests/unit/test_commands.py",
                                     "tests/unit/test_pixel_spacing.py",
                                     "tests/unit/test_consultation_storage.py",
                                     "tests/gui/test_annotations.py",
                                     "tests/gui/test_lesion_panel_scans.py"],
    "desktop_app/model/dicom_decode.py": ["tests/unit/test_dicom_decode_edges.py",
                                          "tests/unit/test_dicom_test_files.py",
                                          "tests/unit/test_images.py",
                                          "tests/unit/test_pixel_spacing.py",
                                          "tests/unit/test_enhanced.py",
                                          "tests/unit/test_modern_pixels.py",
                                          "tests/unit/test_dicom_bombs.py",
                                          "tests/unit/test_scan_stacks.py"],
    "desktop_app/model/dicom_guard.py": ["tests/unit/test_codestream_headers.py",
                                         "tests/unit/test_dicom_bombs.py",
                                         "tests/unit/test_scans.py",
                                         "tests/unit/test_enhanced.py",
                                         "tests/unit/test_dicom_test_files.py"],
    "desktop_app/model/dicom_frames.py": ["tests/unit/test_enhanced.py",
                                          "tests/unit/test_scan_stacks.py",
                                          "tests/unit/test_pixel_spacing.py",
                                          "tests/unit/test_scans.py"],
    "desktop_app/model/scan_identity.py": ["tests/unit/test_scan_identity.py",
                                           "tests/gui/test_series_browser.py"],
    "desktop_app/infra/signoff_store.py": ["tests/unit/test_signoff_store.py"],
    "desktop_app/export/scripts.py": ["tests/unit/test_scripts_check.py",
                                      "tests/unit/test_scripts_pdf.py"],
    "desktop_app/export/system_fonts.py": ["tests/unit/test_scripts_pdf.py"],
    "desktop_app/export/found.py": ["tests/unit/test_pdf_found.py",
                                    "tests/unit/test_pdf_wording.py",
                                    "tests/unit/test_pdf_export.py",
                                    "tests/unit/test_pdf_support.py", "tests/e2e/test_pdf.py",
                                    "tests/e2e/test_pdf_es.py"],
    "desktop_app/export/glance.py": ["tests/unit/test_pdf_layout.py",
                                     "tests/unit/test_pdf_export.py"],
}
GOLDEN_OFF = ["--deselect", "tests/unit/test_pdf_golden.py"]

_SWAP_CMP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
             ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
             ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_SWAP_BIN = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv, ast.Div: ast.Mult,
             ast.FloorDiv: ast.Mult, ast.Mod: ast.FloorDiv}


@dataclass(frozen=True)
class Mutant:
    line: int
    col: int
    kind: str
    index: int  # which candidate of the walk (the walk is deterministic)

    def describe(self) -> str:
        return f"#{self.index} line {self.line}:{self.col} {self.kind}"


def _skip(node: ast.AST, docstrings: set[int]) -> bool:
    return id(node) in docstrings


def _docstring_nodes(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


class _Walker(ast.NodeTransformer):
    """Visits every candidate in a fixed order; mutates the one whose index is ``target``."""

    def __init__(self, target: int | None, docstrings: set[int]):
        self.target = target
        self.count = 0
        self.found: list[Mutant] = []
        self.docstrings = docstrings

    def _hit(self, node: ast.AST, kind: str) -> bool:
        index = self.count
        self.count += 1
        self.found.append(Mutant(getattr(node, "lineno", 0), getattr(node, "col_offset", 0),
                                 kind, index))
        return index == self.target

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        for i, op in enumerate(node.ops):
            new = _SWAP_CMP.get(type(op))
            if new and self._hit(node, f"{type(op).__name__} -> {new.__name__}"):
                node.ops[i] = new()
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        new = _SWAP_BIN.get(type(node.op))
        if new and self._hit(node, f"{type(node.op).__name__} -> {new.__name__}"):
            node.op = new()
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        if self._hit(node, "and <-> or"):
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not) and self._hit(node, "not dropped"):
            return node.operand
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if _skip(node, self.docstrings):
            return node
        value = node.value
        if isinstance(value, bool):
            if self._hit(node, f"{value} -> {not value}"):
                return ast.copy_location(ast.Constant(not value), node)
        elif isinstance(value, int):
            if self._hit(node, f"{value} -> {value + 1}"):
                return ast.copy_location(ast.Constant(value + 1), node)
            if value != 0 and self._hit(node, f"{value} -> {value - 1}"):
                return ast.copy_location(ast.Constant(value - 1), node)
        return node

    def visit_Return(self, node: ast.Return) -> ast.AST:
        self.generic_visit(node)
        if (node.value is not None and not (isinstance(node.value, ast.Constant)
                                            and node.value.value is None)
                and self._hit(node, "return None")):
            node.value = ast.Constant(None)
        return node

    def visit_If(self, node: ast.If) -> ast.AST:
        self.generic_visit(node)
        if self._hit(node, "if condition negated"):
            node.test = ast.UnaryOp(ast.Not(), node.test)
        return node


def candidates(source: str) -> list[Mutant]:
    tree = ast.parse(source)
    walker = _Walker(None, _docstring_nodes(tree))
    walker.visit(tree)
    return walker.found


def mutated(source: str, index: int) -> str:
    tree = ast.parse(source)
    walker = _Walker(index, _docstring_nodes(tree))
    tree = walker.visit(tree)
    ast.fix_missing_locations(tree)
    return ast.unparse(tree)


def run_tests(tests: list[str], timeout: float) -> str:
    """'killed', 'survived' or 'timeout' for the tests as they stand on disk."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               PYTHONDONTWRITEBYTECODE="1")
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
           "-p", "no:randomly", *GOLDEN_OFF, *tests]
    try:
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout"  # an endless loop is caught by the tests' own timeouts in real life
    return "survived" if done.returncode == 0 else "killed"


def mutate_module(module: str, tests: list[str], *, limit: int | None, seed: int,
                  timeout: float, out, only: list[int] | None = None
                  ) -> tuple[int, int, list[str]]:
    path = ROOT / module
    original = path.read_text(encoding="utf-8")
    found = candidates(original)
    chosen = found if limit is None or limit >= len(found) else sorted(
        random.Random(seed).sample(found, limit), key=lambda m: m.index)
    if only is not None:
        chosen = [m for m in found if m.index in only]
    if run_tests(tests, timeout * 3) != "survived":
        raise SystemExit(f"{module}: its tests fail before any mutation; fix them first")
    killed, survivors = 0, []
    try:
        for mutant in chosen:
            path.write_text(mutated(original, mutant.index), encoding="utf-8")
            verdict = run_tests(tests, timeout)
            if verdict == "survived":
                survivors.append(mutant.describe())
            else:
                killed += 1
            print(f"  {module} {mutant.describe()}: {verdict}", file=out, flush=True)
    finally:
        path.write_text(original, encoding="utf-8")
    return killed, len(chosen), survivors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="module paths (default: all of TARGETS)")
    parser.add_argument("--max", type=int, default=None, help="mutants per module (sampled)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per mutant")
    parser.add_argument("--list", action="store_true", help="print the numbered mutants")
    parser.add_argument("--only", help="comma-separated mutant numbers (from --list) to run")
    parser.add_argument("--tests", nargs="*", help="these tests instead of TARGETS' (to see "
                                                   "whether a new test kills a survivor)")
    args = parser.parse_args(argv)
    # a kill (timeout, the session's end) unwinds like Ctrl+C, so the module is restored
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    modules = args.modules or list(TARGETS)
    if args.list:
        for module in modules:
            for m in candidates((ROOT / module).read_text(encoding="utf-8")):
                print(f"{module} {m.describe()}")
        return 0
    only = [int(i) for i in args.only.split(",")] if args.only else None
    rows = []
    start = time.monotonic()
    for module in modules:
        tests = args.tests or [t for t in TARGETS.get(module, []) if (ROOT / t).exists()]
        if not tests:
            print(f"{module}: no tests listed in TARGETS", file=sys.stderr)
            return 2
        killed, total, survivors = mutate_module(module, tests, limit=args.max, seed=args.seed,
                                                 timeout=args.timeout, out=sys.stdout,
                                                 only=only)
        rows.append((module, killed, total, survivors))
    print("\n| module | killed / total | score |\n|---|---|---|")
    for module, killed, total, _ in rows:
        print(f"| {module} | {killed} / {total} | {100 * killed / max(total, 1):.0f} % |")
    all_killed = sum(r[1] for r in rows)
    all_total = sum(r[2] for r in rows)
    print(f"| all | {all_killed} / {all_total} | {100 * all_killed / max(all_total, 1):.0f} % |")
    for module, _, _, survivors in rows:
        for s in survivors:
            print(f"survivor: {module} {s}")
    print(f"({time.monotonic() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
