"""Guard against a PySide6 6.12.0 reference-count bug on CPython 3.11.

Measured here (PySide6-Essentials 6.12.0, CPython 3.11.7): every call of a Qt method that
returns ``void`` (``QPainterPath.moveTo``, ``QPainter.drawPath``, ``QPen.setDashPattern``, ...)
drops one reference to ``None``. CPython 3.11's ``None`` is not immortal, so after a few
thousand such calls the interpreter aborts with "Fatal Python error: none_dealloc". Building
one anatomy drawing makes about two thousand of those calls. PySide6 6.11.3 does not have the
bug, and on CPython 3.12+ ``None`` is immortal, so there this module does nothing.

:func:`top_up_none` puts the lost references back when the count runs low; the diagram calls
it after each build and from a timer. The proper fix is pinning a PySide6 without the bug.
"""

from __future__ import annotations

import ctypes
import sys

FLOOR = 200_000     # top up when fewer references than this remain
TARGET = 1_000_000  # ... to this many

_NEEDED = sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def top_up_none(floor: int = FLOOR, target: int = TARGET) -> int:
    """Restore references to ``None`` lost to the binding bug; returns how many were added."""
    if not _NEEDED:
        return 0
    have = sys.getrefcount(None)
    if have >= floor:
        return 0
    add = target - have
    # ob_refcnt is the first field of every CPython object; id() is its address
    ctypes.c_ssize_t.from_address(id(None)).value += add
    return add
