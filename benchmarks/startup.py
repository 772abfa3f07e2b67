"""Cold start of the app vs a bare PySide6 window, measured alternately in the same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/startup.py [--runs 9] [--cold]
        [--before DIR] [--same-screen] [--clinic]

Each sample is a fresh process; the clock stops when a line arrives on its standard output:

* first window — the app's start screen is painted ("start screen shown"), the baseline's
  window is shown;
* main window — the app's main window is shown with the drawing and the tabs built ("window
  shown"), the baseline's window is shown (the same moment as its first window).

The baseline is a QMainWindow with a QGraphicsView and a QTabWidget — the bare skeleton of our
window. Both print from a zero-timer after ``show()``. Our modules are byte-compiled first,
as an installed package is (pip compiles at install; ``make`` does it for the source tree), so
a machine with PYTHONDONTWRITEBYTECODE=1 does not measure the compiler at every start.
Prints the medians and both ratios (targets: first window <= 1.3, main window <= 2.0), and
each program's CPU time from start to exit (steadier than the wall clock on a busy machine).
``--same-screen``: also run benchmarks/same_screen.py, the app's first main-window screen rebuilt
by a plain PySide6 program from a blueprint recorded in this run, and print the app's ratio to
it: what our own code costs over PySide6 doing the same screen.
``--before DIR``: also run the app from another source tree (e.g. ``git worktree add DIR
main``), alternated with this one and the baseline, so "before" and "after" ratios come from
the same run.

Parse cache: the app keeps the parsed content and drawings in its per-user cache folder
(``parsed/`` under Qt's CacheLocation, e.g. ``~/.cache/PresacralConsult/presacral-consult``;
see desktop_app/model/parsecache.py). The warm-up run fills it, so every measured run after the
first start uses it: these are the numbers of an everyday start with unchanged files. A first
start (or one after a content, clinic-folder or app update) parses as before and writes the
cache: ``--cold`` measures that (Linux: XDG_CACHE_HOME is a temporary folder for both
programs, and the app's ``parsed`` folder in it is removed before each app run, so Qt's and
fontconfig's own caches stay as warm as in the default mode).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QApplication, QGraphicsScene, QGraphicsView, QMainWindow,
                               QSplitter, QTabWidget)
app = QApplication(sys.argv)
w = QMainWindow()
s = QSplitter()
view = QGraphicsView(QGraphicsScene())
s.addWidget(view)
tabs = QTabWidget()
for name in ("Visit", "Overview", "Symptoms", "Tests", "Treatments"):
    tabs.addTab(QTabWidget(), name)
s.addWidget(tabs)
w.setCentralWidget(s)
w.resize(1400, 900)
w.show()
QTimer.singleShot(0, lambda: (print("window shown", flush=True), app.quit()))
sys.exit(app.exec())
"""


CLINIC_CONFIG = """\
clinic_name: St Elsewhere Colorectal Surgery
department: Department of Colorectal Surgery
address: |
  St Elsewhere University Hospital
  1 Hospital Road, Example City
phone: "+1 555 0100"
logo: logo.png
paper: A4
"""


def sample(cmd, env, cwd=ROOT) -> dict[str, float]:
    """Seconds from process start to each marker line (and to exit). ``cwd``: the source
    tree run (``python -m`` puts the working folder first on the path, before PYTHONPATH)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    marks: dict[str, float] = {}
    for line in proc.stdout:  # type: ignore[union-attr]
        marks.setdefault(line.strip(), time.perf_counter() - start)
    err = proc.stderr.read()  # type: ignore[union-attr]
    if hasattr(os, "wait4"):
        # the process's own CPU time (user + system) from start to exit: steadier than the
        # wall clock on a busy machine
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        marks["cpu"] = usage.ru_utime + usage.ru_stime
    else:
        proc.wait(timeout=120)
    if "window shown" not in marks:
        raise SystemExit(f"did not start: {cmd}\n{err[-2000:]}")
    marks.setdefault("start screen shown", marks["window shown"])
    return marks


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cold", action="store_true",
                        help="remove the app's parse cache before each app run (Linux)")
    parser.add_argument("--before", metavar="DIR",
                        help="another source tree of the app, measured in the same run")
    parser.add_argument("--config", metavar="PATH",
                        help="clinic configuration for the app, as IT deploys it (default: none)")
    parser.add_argument("--same-screen", action="store_true",
                        help="also measure benchmarks/same_screen.py: the app's first main-window "
                             "screen rebuilt by a plain PySide6 program (recorded from the app "
                             "in this run)")
    parser.add_argument("--clinic", action="store_true",
                        help="use a typical clinic configuration: name, department, address, "
                             "phone and a logo (written to a temporary folder)")
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PRESACRAL_CONSULT_EXIT_AFTER_SHOW="1")
    env.pop("PRESACRAL_CONSULT_CONFIG", None)
    if args.clinic:
        folder = Path(tempfile.mkdtemp(prefix="clinic-"))
        shutil.copy(ROOT / "resources" / "icons" / "presacral-consult-256.png", folder / "logo.png")
        (folder / "config.yaml").write_text(CLINIC_CONFIG, encoding="utf-8")
        args.config = folder / "config.yaml"
    if args.config:
        env["PRESACRAL_CONSULT_CONFIG"] = str(Path(args.config).resolve())
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "desktop_app")],
                   check=True, stdout=subprocess.DEVNULL)
    parsed = None
    if args.cold:
        env["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="startup-cache-")
        parsed = Path(env["XDG_CACHE_HOME"], "PresacralConsult", "presacral-consult", "parsed")
    app_cmd = [sys.executable, "-m", "desktop_app"]
    base_cmd = [sys.executable, "-c", BASELINE]
    env = dict(env, PYTHONPATH=str(ROOT))
    before_env = None
    if args.before:
        before = Path(args.before).resolve()
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(before / "desktop_app")],
                       check=True, stdout=subprocess.DEVNULL)
        # its own cache folder: the parse cache is keyed by the app's code, so two trees
        # sharing one would throw each other's entries away at every start
        before_env = dict(env, PYTHONPATH=str(before),
                          XDG_CACHE_HOME=tempfile.mkdtemp(prefix="startup-before-"))
        sample(app_cmd, before_env, before)
    same_cmd = None
    if args.same_screen:
        blueprint = Path(tempfile.mkdtemp(prefix="same-screen-")) / "screen.json"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "same_screen.py"), "--record",
                        str(blueprint)], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        same_cmd = [sys.executable, str(ROOT / "benchmarks" / "same_screen.py"), str(blueprint)]
        sample(same_cmd, env)
    sample(app_cmd, env), sample(base_cmd, env)  # warm the file cache for both
    app_t, base_t, before_t, same_t = [], [], [], []
    for _ in range(args.runs):
        if parsed is not None:
            shutil.rmtree(parsed, ignore_errors=True)
        app_t.append(sample(app_cmd, env))
        if parsed is not None and not parsed.is_dir():
            raise SystemExit(f"--cold: the app wrote no parse cache in {parsed}")
        base_t.append(sample(base_cmd, env))
        if before_env is not None:
            if parsed is not None:
                shutil.rmtree(Path(before_env["XDG_CACHE_HOME"], *parsed.parts[-3:]),
                              ignore_errors=True)
            before_t.append(sample(app_cmd, before_env, before))
        if same_cmd is not None:
            same_t.append(sample(same_cmd, env))

    def med(samples, key):
        return statistics.median(m[key] for m in samples)

    base = med(base_t, "window shown")
    first, main_w = med(app_t, "start screen shown"), med(app_t, "window shown")
    print(f"baseline window shown      {base * 1000:7.1f} ms")
    print(f"app first window (start)   {first * 1000:7.1f} ms   ratio {first / base:5.2f}"
          "  (target <= 1.30)")
    print(f"app main window shown      {main_w * 1000:7.1f} ms   ratio {main_w / base:5.2f}"
          "  (target <= 2.00)")
    if before_t:
        b_first, b_main = med(before_t, "start screen shown"), med(before_t, "window shown")
        print(f"before: first window       {b_first * 1000:7.1f} ms   ratio {b_first / base:5.2f}")
        print(f"before: main window shown  {b_main * 1000:7.1f} ms   ratio {b_main / base:5.2f}")
    if same_t:
        same = med(same_t, "window shown")
        print(f"same screen, plain PySide6 {same * 1000:7.1f} ms   ratio {same / base:5.2f}"
              f"   app / same screen {main_w / same:5.2f}  (target <= 2.00)")
    if "cpu" in base_t[0]:
        cpu = med(base_t, "cpu")
        print(f"process CPU, start to exit: baseline {cpu * 1000:6.1f} ms; app "
              f"{med(app_t, 'cpu') / cpu:4.2f}x" +
              (f", before {med(before_t, 'cpu') / cpu:4.2f}x" if before_t else "") +
              (f", same screen {med(same_t, 'cpu') / cpu:4.2f}x (app / same screen "
               f"{med(app_t, 'cpu') / med(same_t, 'cpu'):4.2f})" if same_t else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
