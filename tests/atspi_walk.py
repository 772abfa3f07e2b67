"""Walk the running app with a real screen-reader client (AT-SPI), as Orca would.

Not part of the test suite (it needs a D-Bus session, an X server and the Debian packages
at-spi2-core and python3-pyatspi, and runs under the system Python that has pyatspi):

    sh build_spec/debian_deps.sh at-spi2-core python3-pyatspi xvfb
    dbus-run-session -- xvfb-run -a /usr/bin/python3 tests/atspi_walk.py \\
        /work/main/.venv/bin/python

It starts the app on the example consultation with Qt's AT-SPI bridge on, finds the
"Anatomy diagram" in the accessibility tree and checks that its children are the parts of
the drawing and the marks, by name, with the plain explanation as description. Prints what
it found; exit status 0 when every check holds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pyatspi  # the system's python3-pyatspi

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "data" / "example_consultation.json"
WANTED_PARTS = ("Base of the spine — Sacrum (S1–S5)", "Tailbone — Coccyx")
WANTED_MARKS = ("Lesion 1 — Cyst behind the lower rectum", "Note: Seen on your MRI")
TIMEOUT_S = 60


def find(node, test, depth=0):
    """The first node under ``node`` (depth first) for which ``test`` holds."""
    if node is None or depth > 40:
        return None
    try:
        if test(node):
            return node
        for i in range(node.childCount):
            hit = find(node.getChildAtIndex(i), test, depth + 1)
            if hit is not None:
                return hit
    except (RuntimeError, LookupError):     # a node that went away (GLib.Error)
        return None
    return None


def main(app_python: str) -> int:
    env = {**os.environ, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "QT_QPA_PLATFORM": "xcb",
           "PYTHONPATH": str(ROOT)}
    app = subprocess.Popen([app_python, "-m", "desktop_app", "open", str(EXAMPLE)], env=env,
                           cwd=ROOT)
    try:
        diagram = None
        deadline = time.monotonic() + TIMEOUT_S
        while diagram is None and time.monotonic() < deadline and app.poll() is None:
            desktop = pyatspi.Registry.getDesktop(0)
            diagram = find(desktop, lambda n: n.name == "Anatomy diagram")
            if diagram is None:
                time.sleep(0.5)      # polling another process: nothing to wait on instead
        if diagram is None:
            print("atspi_walk: the app's 'Anatomy diagram' never appeared", file=sys.stderr)
            return 1
        kids = [diagram.getChildAtIndex(i) for i in range(diagram.childCount)]
        names = [k.name for k in kids]
        print(f"Anatomy diagram: role {diagram.getRoleName()}, {len(kids)} children")
        for k in kids:
            print(f"  {k.getRoleName():10} {k.name!r:60} {k.description[:60]!r}")
        missing = [n for n in WANTED_PARTS + WANTED_MARKS if n not in names]
        described = all(k.description for k in kids if k.name in WANTED_PARTS)
        if missing or not described:
            print(f"atspi_walk: missing {missing}; parts described: {described}",
                  file=sys.stderr)
            return 1
        print("atspi_walk: parts and marks found by name, with descriptions")
        return 0
    finally:
        app.terminate()
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else sys.executable))
