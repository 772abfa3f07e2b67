"""The patient's PDF (reportlab).

reportlab reads two per-user files when it is first imported: it *runs* ``~/.reportlab_mods``
as Python and executes ``~/.reportlab_settings`` (reportlab/__init__.py, rl_config.py), and
looks for modules ``reportlab_mods`` / ``reportlab_settings`` on the import path. A file put
in the home folder would run inside the app; a pipe there hangs the export, a folder or a
HOME that is a file crashes it. Every import of reportlab by the app goes through this
package, so this is the one place that stops it: empty stand-in modules under those names,
registered before reportlab is imported, are what reportlab finds, and it reads nothing from
the home folder or the working folder.
"""

from __future__ import annotations

import sys
import types

USER_FILE_MODULES = ("reportlab_mods", "reportlab_settings")


def _no_user_files() -> None:
    for name in USER_FILE_MODULES:
        if name not in sys.modules:
            stand_in = types.ModuleType(name, "empty: the app never reads reportlab's "
                                              "per-user files")
            stand_in.__all__ = []  # type: ignore[attr-defined]
            sys.modules[name] = stand_in


_no_user_files()
