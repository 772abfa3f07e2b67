"""Cold start of the app vs a bare PySide6 window, measured alternately in the same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/startup.py [--runs 9]

Each sample is a fresh process from start to "window shown" and quit. The baseline is a
QMainWindow with a QGraphicsView and a QTabWidget — the bare skeleton of our window.
Prints both medians and the ratio (target <= 1.3).
"""

import argparse
import os
import statistics
import subprocess
import sys
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


def sample(cmd, env) -> float:
    start = time.perf_counter()
    out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    if "window shown" not in out.stdout:
        raise SystemExit(f"did not start: {cmd}\n{out.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PRESACRAL_CONSULT_EXIT_AFTER_SHOW="1")
    app_cmd = [sys.executable, "-m", "desktop_app"]
    base_cmd = [sys.executable, "-c", BASELINE]
    sample(app_cmd, env), sample(base_cmd, env)  # warm the file cache for both
    app_t, base_t = [], []
    for _ in range(args.runs):
        app_t.append(sample(app_cmd, env))
        base_t.append(sample(base_cmd, env))
    a, b = statistics.median(app_t), statistics.median(base_t)
    print(f"app start median      {a * 1000:7.1f} ms")
    print(f"baseline start median {b * 1000:7.1f} ms")
    print(f"ratio app/baseline    {a / b:7.2f}  (target <= 1.30)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
