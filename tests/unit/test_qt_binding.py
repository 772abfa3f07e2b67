"""Guard against the PySide6 6.12.0 binding bug that aborts the app after minutes of use.

On 6.12.0 every call to a Qt method returning void drops one reference to Python's None;
after a few hundred thousand calls (minutes of drawing and hovering) the process dies with
"Fatal Python error: none_dealloc". We pin 6.11.3; this test fails if an upgrade brings the
bug back. It runs in a subprocess, because on a broken binding the interpreter aborts.
"""

import subprocess
import sys

PROBE = r"""
import sys
from PySide6.QtCore import QPointF
p = QPointF()
before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
for _ in range(1000):
    p.setX(1.0)
    p.isNull()
after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
print(after[0] - before[0], after[1] - before[1], after[2] - before[2])
"""


def test_void_qt_calls_do_not_leak_references_to_none():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr[-500:]
    none_delta, true_delta, false_delta = map(int, result.stdout.split())
    assert abs(none_delta) < 50, f"None refcount changed by {none_delta} over 1000 Qt calls"
    assert abs(true_delta) < 50 and abs(false_delta) < 50
