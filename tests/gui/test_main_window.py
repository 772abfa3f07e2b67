"""The main window through real widgets: ticking, typing, saving, opening, the unsaved prompt."""

import json

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QMessageBox

from desktop_app.model import storage
from desktop_app.ui.main_window import MainWindow
from tests.conftest import EXAMPLE


def _check(window, list_name, item_id) -> QCheckBox:
    for page in window.pages.values():
        assert page.cards  # cards are built when a tab is first shown or used
    box = window.findChild(QCheckBox, f"check_{list_name}_{item_id}")
    assert box is not None, f"no check box for {list_name}/{item_id}"
    return box


def test_ticking_a_symptom_updates_the_model_and_undo(window, qtbot):
    window.reveal_item("low_back_pain")
    box = _check(window, "symptoms", "low_back_pain")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert window.document.consultation.symptoms == ["low_back_pain"]
    assert window.isWindowModified()
    window.act_undo.trigger()
    assert window.document.consultation.symptoms == []
    assert not box.isChecked()
    window.act_redo.trigger()
    assert box.isChecked() and window.document.consultation.symptoms == ["low_back_pain"]


def test_tests_and_treatments_are_bound(window, qtbot):
    window.reveal_item("mri")
    qtbot.mouseClick(_check(window, "tests", "mri"), Qt.MouseButton.LeftButton)
    window.reveal_item("surgery_posterior")
    qtbot.mouseClick(_check(window, "treatments_planned", "surgery_posterior"),
                     Qt.MouseButton.LeftButton)
    c = window.document.consultation
    assert c.tests == ["mri"] and c.treatments_planned == ["surgery_posterior"]
    assert c.treatments_discussed == []


def test_typing_patient_details_updates_model(window, qtbot):
    window.tabs.setCurrentIndex(0)
    name = window.findChild(QLineEdit, "patient_name")
    qtbot.keyClicks(name, "Zoe")
    dob = window.findChild(QLineEdit, "patient_dob")
    qtbot.keyClicks(dob, "1980-13-01")
    c = window.document.consultation
    assert c.patient.name == "Zoe"
    assert c.patient.date_of_birth == ""  # invalid date is not committed
    assert window.patient_panel.dob_error.isVisible()
    dob.clear()
    qtbot.keyClicks(dob, "1980-12-01")
    assert c.patient.date_of_birth == "1980-12-01"
    assert not window.patient_panel.dob_error.isVisible()
    window.act_undo.trigger()  # typing in one field merges into one undo step
    assert c.patient.date_of_birth == ""


def test_save_then_open_restores_every_field(window, qtbot, tmp_path):
    assert window.open_path(EXAMPLE)
    expected = storage.load(EXAMPLE)
    assert window.document.consultation == expected
    # the widgets show it
    assert window.findChild(QLineEdit, "patient_name").text() == expected.patient.name
    assert _check(window, "symptoms", "constipation").isChecked()
    assert _check(window, "treatments_planned", "surgery_posterior").isChecked()
    # change through the UI, save, reopen in a fresh window
    window.reveal_item("weight_loss")
    qtbot.mouseClick(_check(window, "symptoms", "weight_loss"), Qt.MouseButton.LeftButton)
    out = tmp_path / "saved.json"
    assert window.save_to(out)
    assert not window.isWindowModified()
    assert "saved.json" in window.windowTitle()
    other = MainWindow(window.library, atlas=window.atlas)
    qtbot.addWidget(other)
    other.maybe_save = lambda: True
    assert other.open_path(out)
    assert other.document.consultation == window.document.consultation
    assert "weight_loss" in other.document.consultation.symptoms
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"] == 1


def _answer_next_box(qtbot, button, seen):
    def click():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text() + "\n" + box.informativeText())
            target = box.button(button)
            if target is not None:
                target.click()
            else:  # a box with custom buttons: Esc
                box.reject()
        else:
            QTimer.singleShot(20, click)
    QTimer.singleShot(0, click)


def test_closing_with_changes_prompts(window, qtbot):
    del window.maybe_save  # the real prompt
    window.document.set_field("clinician", "Dr X", "Edit clinician")
    seen = []
    _answer_next_box(qtbot, QMessageBox.StandardButton.Cancel, seen)
    assert window.close() is False
    assert seen and "unsaved changes" in seen[0]
    assert window.isVisible()
    _answer_next_box(qtbot, QMessageBox.StandardButton.Discard, seen)
    assert window.close() is True
    assert len(seen) == 2


def test_open_corrupt_file_reports_and_keeps_work(window, qtbot, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    window.document.set_field("clinician", "Dr Keep", "Edit clinician")
    seen = []
    _answer_next_box(qtbot, QMessageBox.StandardButton.Ok, seen)
    assert window.open_path(bad) is False
    assert "bad.json" in seen[0]
    assert window.document.consultation.clinician == "Dr Keep"
    assert bad.read_text(encoding="utf-8") == "{ not json"


def test_save_error_keeps_data_and_says_so(window, qtbot, tmp_path):
    window.document.set_field("clinician", "Dr Keep", "Edit clinician")
    seen = []
    _answer_next_box(qtbot, QMessageBox.StandardButton.Ok, seen)
    assert window.save_to(tmp_path / "missing-folder" / "x.json") is False
    assert "x.json" in seen[0] and "folder" in seen[0]
    assert window.isWindowModified()
    assert window.document.consultation.clinician == "Dr Keep"


def test_search_reveals_item_in_its_tab(window, qtbot):
    qtbot.keyClicks(window.search, "tailbone")
    assert window.results.isVisible() and window.results.count() > 0
    first_id = window.results.item(0).data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    item = window.library.item(first_id)
    page = window.pages[item.topic]
    assert window.tabs.currentWidget() is page
    assert page.cards[first_id].detail.isVisible() or not item.body


@pytest.fixture
def no_notes_choice():
    from PySide6.QtCore import QSettings

    from desktop_app.ui.main_window import NOTES_KEY

    QSettings().remove(NOTES_KEY)
    yield NOTES_KEY
    QSettings().remove(NOTES_KEY)


def test_clinician_notes_are_hidden_until_the_surgeon_shows_them(no_notes_choice, qtbot,
                                                                 library, atlas):
    from PySide6.QtCore import QSettings

    from desktop_app.ui.main_window import MainWindow

    first = MainWindow(library, atlas=atlas)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    noted = next(i for i in first.library.all_items()
                 if i.clinician_note and i.topic in first.pages)
    first.reveal_item(noted.id)
    card = first.pages[noted.topic].cards[noted.id]
    assert card.detail.isVisible() or card.sources.isVisible()
    assert not card.note.isVisible() and not first.act_notes.isChecked()
    assert QSettings().value(no_notes_choice) is None      # nothing written at start
    first.activateWindow()
    qtbot.waitUntil(first.isActiveWindow)
    first.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first.search)
    qtbot.keyClick(first.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert card.note.isVisible() and first.act_notes.isChecked()
    # remembered: the next window starts with them shown
    second = MainWindow(library, atlas=atlas)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    second.reveal_item(noted.id)
    assert second.pages[noted.topic].cards[noted.id].note.isVisible()
    second.act_notes.setChecked(False)
    assert not second.pages[noted.topic].cards[noted.id].note.isVisible()
    assert QSettings().value(no_notes_choice, type=bool) is False


def test_about_this_information_lists_sources_and_dates(window, qtbot):
    from desktop_app.ui.dialogs import AboutContentDialog

    dialog = AboutContentDialog(window.library, window)
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    for topic in window.library.topics.values():
        assert topic.sources_checked.isoformat() in text
    for ref in window.library.references.values():
        assert ref.citation.split()[0] in text
