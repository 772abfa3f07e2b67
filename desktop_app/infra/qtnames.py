"""Object names given after construction, in one expression.

PySide6 takes any Qt property as a constructor keyword (``QLabel(text, objectName="x")``), but
its type stubs list only some of them, so the type checker cannot see ``objectName=``. Tests and
style sheets find widgets by these names; ``named`` sets one on the built object and returns it.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject

Q = TypeVar("Q", bound=QObject)


def named(obj: Q, name: str) -> Q:
    """``obj`` with ``name`` as its Qt object name."""
    obj.setObjectName(name)
    return obj
