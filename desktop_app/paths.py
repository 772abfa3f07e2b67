"""One place that knows where shipped files live, from source and when frozen by PyInstaller."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The folder that holds ``resources/`` and ``content/``.

    Frozen (PyInstaller onedir) the data sits in ``sys._MEIPASS``; from source it is the
    repository root, one level above the ``desktop_app`` package.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return app_root().joinpath("resources", *parts)


def content_dir() -> Path:
    return app_root() / "content"
