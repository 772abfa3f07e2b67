"""The File menu through its actions (ui/file_actions.py): Save on a new visit asks where and
adds ".json", Open replaces the visit, Export writes the PDF and adds ".pdf", New starts
afresh. The file dialogs are answered by patching them (a real one would wait forever
offscreen); everything else is the real window, real files and the PDF read back."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop_app.ui import dialogs
from desktop_app.ui.main_window import MainWindow
from tests.conftest import EXAMPLE
from desktop_app.infra.config import ClinicConfig

# a clinic with its phone set up (tests/gui/test_handout_checks.py: one without)
CLINIC = ClinicConfig(phone="+1 555 0100")


@pytest.fixture
def window(qtbot, library, atlas):
    w = MainWindow(library, atlas=atlas, config=CLINIC)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True     # no unsaved-changes prompt when pytest-qt closes it
    w.show()
    qtbot.waitExposed(w)
    return w


def _answer(monkeypatch, method: str, path: str) -> list[str]:
    """Make the open dialog (``getOpenFileName``) or the save dialog (``getSaveFileName``:
    dialogs.ask_save_path, the dialog alone) answer ``path``; returns the captions asked."""
    asked: list[str] = []

    def fake(_parent, caption, _folder, _filter, *_suffix):
        asked.append(caption)
        return path if _suffix else (path, _filter)

    if method == "getSaveFileName":
        monkeypatch.setattr(dialogs, "ask_save_path", fake)
    else:
        monkeypatch.setattr(QFileDialog, method, staticmethod(fake))
    return asked


def test_the_file_menu_saves_opens_exports_and_starts_afresh(window, monkeypatch, tmp_path):
    menu_names = [a.objectName() for a in window.menuBar().actions()[0].menu().actions()]
    assert menu_names[:4] == ["act_new", "act_open", "act_save", "act_save_as"]
    assert "act_export" in menu_names

    # Save on a visit never saved: Save As is asked, ".json" is added
    window.document.set_field("clinician", "Dr. Menu", "Edit clinician")
    asked = _answer(monkeypatch, "getSaveFileName", str(tmp_path / "visit"))
    window.act_save.trigger()
    saved = tmp_path / "visit.json"
    assert asked == ["Save consultation as"]
    assert json.loads(saved.read_text(encoding="utf-8"))["clinician"] == "Dr. Menu"
    assert window.document.path == saved and not window.document.is_dirty
    assert window.windowTitle().startswith("visit.json")

    # Open another visit
    _answer(monkeypatch, "getOpenFileName", str(EXAMPLE))
    window.act_open.trigger()
    assert window.document.path == EXAMPLE
    assert window.document.consultation.lesions      # the example has marks

    # Export: ".pdf" added, the PDF has pages, the status bar says so
    _answer(monkeypatch, "getSaveFileName", str(tmp_path / "summary"))
    window.act_export.trigger()
    pdf = tmp_path / "summary.pdf"
    from pypdf import PdfReader

    assert len(PdfReader(str(pdf)).pages) >= 1
    assert window.statusBar().currentMessage() == "Exported summary.pdf"

    # New: an empty visit, no file
    window.act_new.trigger()
    assert window.document.path is None and not window.document.consultation.lesions


def test_a_cancelled_dialog_changes_nothing(window, monkeypatch, tmp_path):
    _answer(monkeypatch, "getSaveFileName", "")
    window.document.set_field("clinician", "Dr. Cancel", "Edit clinician")
    window.act_save_as.trigger()
    window.act_export.trigger()
    assert window.document.is_dirty and window.document.path is None
    assert list(tmp_path.iterdir()) == []
