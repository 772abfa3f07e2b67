"""Where the file dialogs start: the folder last used, else the user's Documents folder.

Never the process's working folder (on a clinic PC that is often the program's own folder,
where a consultation must not be saved).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from desktop_app.infra import logsafe

KEY = "last_dir"


def documents_folder() -> str:
    """The user's Documents folder, or the home folder where there is none."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def start_folder() -> str:
    """The folder a file dialog opens in: the last one used while it still exists."""
    last = QSettings().value(KEY, "")
    if isinstance(last, str) and last and Path(last).is_absolute() and Path(last).is_dir():
        return last
    return documents_folder()


def remember_folder(path) -> None:
    """Remember the folder of a file just opened or saved (a folder named after the patient
    is not kept: settings are no place for patient data)."""
    folder = str(Path(path).resolve().parent)
    if not logsafe.contains_sensitive(folder):
        QSettings().setValue(KEY, folder)
