"""Save As and Export never replace a file whose name the dialog did not show: a name typed
without ".json" / ".pdf" is checked under its final name. Driven through the real (Qt, not
native) file dialog: the test types into it and answers its questions as a user would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox

from desktop_app.model import storage
from desktop_app.ui.main_window import MainWindow
from tests.conftest import EXAMPLE
from desktop_app.infra.config import ClinicConfig

# a clinic with its phone set up (tests/gui/test_handout_checks.py: one without)
CLINIC = ClinicConfig(phone="+1 555 0100")


@pytest.fixture
def window(qtbot, library, atlas):
    w = MainWindow(library, atlas=atlas, config=CLINIC)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    w.show()
    qtbot.waitExposed(w)
    w.document.set_field("clinician", "Dr. This Visit", "Edit clinician")
    return w


class User:
    """Answers the modal dialogs as they open: types ``name`` into the file dialog and
    presses Enter; answers a "replace?" question with ``replace``; records what was asked."""

    def __init__(self, qtbot, name: str, replace: bool):
        self.qtbot, self.name, self.replace = qtbot, name, replace
        self.questions: list[str] = []
        self.typed = False
        self.timer = QTimer()
        self.timer.timeout.connect(self._step)
        self.timer.start(30)

    def _step(self) -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, QMessageBox) and w.isVisible():
            self.questions.append(w.text())
            button = w.button(QMessageBox.StandardButton.Yes if self.replace
                              else QMessageBox.StandardButton.No)
            button.click()
        elif isinstance(w, QFileDialog) and w.isVisible():
            if not self.typed:
                edit = w.findChild(QLineEdit, "fileNameEdit")
                # the name as typed (setText: keystrokes would race the dialog's completer)
                edit.setText(self.name)
                self.typed = True
                # pressed after this step returns: the question it may open runs its own
                # event loop, in which this timer must keep firing to answer it
                QTimer.singleShot(0, lambda: self.qtbot.keyClick(edit, Qt.Key.Key_Return))
            elif self.questions and not self.replace:   # still open after "No": cancel
                w.reject()

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def other_visit(tmp_path) -> Path:
    """Another patient's visit, saved in the folder the user saves into."""
    path = tmp_path / "visit.json"
    shutil.copy(EXAMPLE, path)
    return path


def _save_as(window, qtbot, folder: Path, name: str, replace: bool) -> tuple[bool, list[str]]:
    window.files.last_dir = lambda: str(folder)
    user = User(qtbot, name, replace)
    try:
        saved = window.files.save_as()
    finally:
        user.stop()
    return saved, user.questions


def test_a_name_typed_without_json_asks_before_replacing_the_other_visit(
        window, qtbot, other_visit):
    before = other_visit.read_bytes()
    saved, questions = _save_as(window, qtbot, other_visit.parent, "visit", replace=False)
    assert saved is False
    assert len(questions) == 1 and "visit.json" in questions[0]
    assert other_visit.read_bytes() == before                       # the other visit is kept


def test_answering_yes_replaces_it(window, qtbot, other_visit):
    saved, questions = _save_as(window, qtbot, other_visit.parent, "visit", replace=True)
    assert saved is True and len(questions) == 1
    assert storage.load(other_visit).clinician == "Dr. This Visit"


def test_a_name_with_another_suffix_is_checked_under_its_final_name(
        window, qtbot, other_visit):
    clash = other_visit.with_name("visit.v2.json")
    shutil.copy(EXAMPLE, clash)
    before = clash.read_bytes()
    saved, questions = _save_as(window, qtbot, other_visit.parent, "visit.v2", replace=False)
    assert saved is False
    assert len(questions) == 1 and "visit.v2.json" in questions[0]
    assert clash.read_bytes() == before


def test_a_new_name_is_saved_without_a_question(window, qtbot, other_visit):
    saved, questions = _save_as(window, qtbot, other_visit.parent, "new-visit", replace=False)
    assert saved is True and questions == []
    assert storage.load(other_visit.with_name("new-visit.json")).clinician == "Dr. This Visit"


def test_export_asks_before_replacing_another_summary(window, qtbot, tmp_path):
    other = tmp_path / "summary.pdf"
    other.write_bytes(b"%PDF-1.4 another patient's summary\n")
    before = other.read_bytes()
    window.files.last_dir = lambda: str(tmp_path)
    user = User(qtbot, "summary", replace=False)
    try:
        window.files.export_dialog()
    finally:
        user.stop()
    assert len(user.questions) == 1 and "summary.pdf" in user.questions[0]
    assert other.read_bytes() == before
