"""The save and export dialogs start in the user's Documents folder, then in the last folder
used — never in the process's working folder."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from desktop_app.ui import dialogs, folders
from desktop_app.infra.config import ClinicConfig
from desktop_app.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, library, atlas, monkeypatch, tmp_path):
    QSettings().remove(folders.KEY)
    monkeypatch.chdir(tmp_path)         # the working folder: must not be offered
    w = MainWindow(library, atlas=atlas, config=ClinicConfig(phone="+1 555 0100"))
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    yield w
    QSettings().remove(folders.KEY)


@pytest.fixture
def dialog(monkeypatch):
    """Stand-in for the (modal) native dialog: records where it would open, answers."""
    calls = []

    def fake(_parent, _title, start, _filter, _suffix):
        calls.append(start)
        return dialog.answer

    dialog.answer = ""
    monkeypatch.setattr(dialogs, "ask_save_path", fake)
    dialog.calls = calls
    return dialog


def test_save_as_starts_in_documents_then_the_last_folder(window, qtbot, dialog, tmp_path):
    docs = folders.documents_folder()
    assert Path(docs).is_dir() and Path(docs).resolve() != tmp_path.resolve()
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL | SHIFT)          # File ▸ Save As…
    assert Path(dialog.calls[-1]).parent == Path(docs)
    target = tmp_path / "clinic" / "visit.json"
    target.parent.mkdir()
    dialog.answer = str(target)
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL | SHIFT)
    assert target.is_file()
    # the export dialog now opens where the consultation was saved
    dialog.answer = ""
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    assert Path(dialog.calls[-1]).parent == target.parent


def test_a_folder_that_is_gone_falls_back_to_documents(window, qtbot, dialog, tmp_path):
    QSettings().setValue(folders.KEY, str(tmp_path / "removed"))
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    assert Path(dialog.calls[-1]).parent == Path(folders.documents_folder())
