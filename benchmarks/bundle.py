"""Frozen bundle size and start time: the app vs a bare PySide6 hello-world, same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bundle.py [--runs 9] [--keep DIR]

Both are built here with PyInstaller, one-folder, with the same excludes, the same name filters
on Qt plugins/libraries/translations (build_spec/bundle_filters.py), strip and no UPX. The
hello-world is a QMainWindow with a QLabel. Start time is a fresh process from launch to the
arrival of a line on its standard output (the app runs with PRESACRAL_CONSULT_EXIT_AFTER_SHOW=1):
"start screen shown" is the app's first window, "window shown" its main window, built and shown;
the hello-world prints "window shown" once its window is shown. The two are alternated after one
warm-up each and medians compared. Targets: size <= 1.5 (tests/packaging/test_bundle.py checks
it; on Linux numpy is built without OpenBLAS, build_spec/bundle_numpy.py), start (first window)
<= 1.3; the main window's ratio is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_spec" / "presacral_consult.spec"
SIZE_TARGET, START_TARGET = 1.5, 1.3

HELLO = r'''
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.setCentralWidget(QLabel("Hello"))
w.resize(1400, 900)
w.show()
QTimer.singleShot(0, lambda: (print("window shown", flush=True), app.quit()))
sys.exit(app.exec())
'''

HELLO_SPEC = r'''# -*- mode: python -*-
import sys
sys.path.insert(0, {build_spec!r})
import bundle_filters
a = Analysis([{script!r}], excludes=bundle_filters.EXCLUDES, noarchive=False)
bundle_filters.filter_analysis(a, log=lambda *_: None)
pyz = PYZ(a.pure)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name="hello", console=False,
          strip={strip}, upx=False)
coll = COLLECT(exe, a.binaries, a.datas, strip={strip}, upx=False, name="hello")
'''


def write_hello(base: Path) -> Path:
    """The bare PySide6 hello-world and its spec in ``base``; returns the spec's path."""
    (base / "hello.py").write_text(HELLO, encoding="utf-8")
    spec = base / "hello.spec"
    spec.write_text(HELLO_SPEC.format(
        build_spec=str(ROOT / "build_spec"), script=str(base / "hello.py"),
        strip=not sys.platform.startswith("win")), encoding="utf-8")
    return spec


def build(spec: Path, dist: Path, work: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(spec)],
        cwd=ROOT, capture_output=True, text=True, timeout=1200)
    if result.returncode != 0:
        raise SystemExit(f"build failed: {spec}\n{result.stderr[-4000:]}")
    return time.perf_counter() - start


def folder_size(folder: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            if not path.is_symlink():
                total += path.stat().st_size
    return total


def executable(dist: Path, name: str) -> Path:
    suffix = ".exe" if sys.platform.startswith("win") else ""
    return dist / name / f"{name}{suffix}"


def sample(cmd: list[str], env: dict) -> dict[str, float]:
    """Seconds from launch to each marker line."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    marks: dict[str, float] = {}
    for line in proc.stdout:  # type: ignore[union-attr]
        marks.setdefault(line.strip(), time.perf_counter() - start)
    err = proc.stderr.read()  # type: ignore[union-attr]
    code = proc.wait(timeout=120)
    if code != 0 or "window shown" not in marks:
        raise SystemExit(f"did not start: {cmd}\n{sorted(marks)}\n{err[-2000:]}")
    marks.setdefault("start screen shown", marks["window shown"])
    return marks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it (default: temp)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bundle-bench-") as tmp:
        base = Path(args.keep).resolve() if args.keep else Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        hello_spec = write_hello(base)
        dist = base / "dist"
        t_hello = build(hello_spec, dist, base / "work-hello")
        t_app = build(SPEC, dist, base / "work-app")
        print(f"build time            app {t_app:6.1f} s   hello-world {t_hello:6.1f} s")

        size_app = folder_size(dist / "presacral-consult")
        size_hello = folder_size(dist / "hello")
        size_ratio = size_app / size_hello
        print(f"bundle size           app {size_app / 2**20:6.1f} MiB "
              f"hello-world {size_hello / 2**20:6.1f} MiB")

        home = base / "home"
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   PRESACRAL_CONSULT_EXIT_AFTER_SHOW="1", XDG_DATA_HOME=str(home / "data"),
                   XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"))
        env.pop("PRESACRAL_CONSULT_CONFIG", None)
        app_cmd = [str(executable(dist, "presacral-consult"))]
        hello_cmd = [str(executable(dist, "hello"))]
        sample(app_cmd, env), sample(hello_cmd, env)  # warm the file cache for both
        t_a, t_h = [], []
        for _ in range(args.runs):
            t_a.append(sample(app_cmd, env))
            t_h.append(sample(hello_cmd, env))
        def med(samples, key):
            return statistics.median(m[key] for m in samples)

        start_hello = med(t_h, "window shown")
        first_app, main_app = med(t_a, "start screen shown"), med(t_a, "window shown")
        start_ratio = first_app / start_hello
        print(f"frozen start median   hello-world {start_hello * 1000:6.0f} ms   "
              f"({args.runs} runs each)")
        print(f"                      app first window (start screen) {first_app * 1000:6.0f} ms"
              f"   app main window shown {main_app * 1000:6.0f} ms")
        print(f"size ratio app/hello  {size_ratio:6.2f}  (target <= {SIZE_TARGET:.2f})"
              f"  {'ok' if size_ratio <= SIZE_TARGET else 'OVER'}")
        print(f"start ratio app/hello {start_ratio:6.2f}  (target <= {START_TARGET:.2f})"
              f"  {'ok' if start_ratio <= START_TARGET else 'OVER'}   first window")
        print(f"                      {main_app / start_hello:6.2f}  main window shown")
    return 0


if __name__ == "__main__":
    sys.exit(main())
