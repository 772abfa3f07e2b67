"""One place that knows where shipped files live, from source and when frozen by PyInstaller."""

from __future__ import annotations

import sys
from pathlib import Path


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def app_root() -> Path:
    """The folder that holds ``resources/`` and ``content/``.

    Frozen by PyInstaller (onedir) the data sits in ``sys._MEIPASS`` (``_internal/`` next to the
    executable, or ``Contents/Frameworks`` in a macOS .app); another freezer that sets only
    ``sys.frozen`` gets the executable's folder. From source it is the repository root, one
    level above the ``desktop_app`` package (this file is desktop_app/infra/paths.py).
    """
    if is_frozen():
        bundle = getattr(sys, "_MEIPASS", None)
        return Path(bundle) if bundle else Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    return app_root().joinpath("resources", *parts)


def content_dir() -> Path:
    return app_root() / "content"


def user_location(location: str) -> str:
    """The per-user folder Qt's ``QStandardPaths`` gives this app for ``location``
    ("AppLocalDataLocation", "CacheLocation"; "" if none), under the app's organisation and
    name, so logs, recovery files and the parse cache share one folder tree (and follow Qt's
    test mode in the tests)."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    from desktop_app import ORG_NAME

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName("presacral-consult")
    return QStandardPaths.writableLocation(getattr(QStandardPaths.StandardLocation, location))
