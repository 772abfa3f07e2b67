"""The scans folder chooser opened for real (the app's own, non-native Qt dialog): a folder
typed and Enter opens the series browser on it; Escape opens nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from desktop_app.ui import scan_actions
from tests.gui import test_series_browser as browser_tests
from tests.scan_samples import make_cd

window = browser_tests.window        # the series browser tests' main-window fixture


def _answer_the_dialog(qtbot, answer) -> list[QFileDialog]:
    """Once the chooser is up (modal, so from the event loop), ``answer(dialog)``."""
    seen: list[QFileDialog] = []

    def act():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog) or not dialog.isVisible():
            QTimer.singleShot(20, act)
            return
        seen.append(dialog)
        answer(dialog)

    QTimer.singleShot(0, act)
    return seen


def _type_and_enter(qtbot, name: str):
    def answer(dialog: QFileDialog) -> None:
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        edit.setText(name)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    return answer


def test_the_chooser_is_the_apps_own_folder_dialog_at_the_cd(qtbot, tmp_path, monkeypatch):
    disc = tmp_path / "CDROM"
    (disc / "DICOM").mkdir(parents=True)
    monkeypatch.setattr(scan_actions, "removable_folders", lambda volumes=None: [str(disc)])
    seen = _answer_the_dialog(qtbot, _type_and_enter(qtbot, "DICOM"))
    assert scan_actions.choose_scan_folder(None) == str(disc / "DICOM")
    dialog = seen[0]
    assert dialog.windowTitle() == "Open patient scans (a CD or a folder)"
    assert dialog.fileMode() == QFileDialog.FileMode.Directory
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.testOption(QFileDialog.Option.ShowDirsOnly)


def test_escape_chooses_nothing(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(scan_actions, "removable_folders", lambda volumes=None: [str(tmp_path)])
    _answer_the_dialog(qtbot, lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    assert scan_actions.choose_scan_folder(None) == ""


def test_the_button_opens_the_chooser_then_the_browser_on_the_folder(qtbot, window, tmp_path,
                                                                      monkeypatch):
    cd = make_cd(tmp_path / "cd", slices=4)
    monkeypatch.setattr(scan_actions, "removable_folders", lambda volumes=None: [str(tmp_path)])
    window.tabs.setCurrentWidget(window.images_tab)
    _answer_the_dialog(qtbot, _type_and_enter(qtbot, "cd"))
    qtbot.mouseClick(window.image_pane.scans_button, Qt.MouseButton.LeftButton)
    browser = window.series_browser
    qtbot.addWidget(browser)
    qtbot.waitUntil(lambda: not browser.scanning and browser.scan_result is not None,
                    timeout=20000)
    assert browser.series_list.count() == 2       # the CD's MR and CT series
    first = browser.scan_result.studies[0].series[0].slices[0]
    assert Path(first.path).parent.parent == cd
    browser.close()


def test_a_canceled_chooser_opens_no_browser(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(scan_actions, "removable_folders", lambda volumes=None: [str(tmp_path)])
    before = getattr(window, "series_browser", None)
    _answer_the_dialog(qtbot, lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    assert scan_actions.open_patient_scans(window) is None
    assert getattr(window, "series_browser", None) is before


def test_removable_folders_of_this_computer_never_list_the_system_disk():
    assert "/" not in scan_actions.removable_folders()


def test_drive_letters_other_than_the_system_one_are_removable(monkeypatch):
    monkeypatch.setattr(scan_actions, "_system_root", lambda: "C:/")
    volumes = [("C:/", "NTFS"), ("E:/", "NTFS"), ("D:/", "CDFS"), ("E:/Data", "NTFS")]
    assert scan_actions.removable_folders(volumes) == ["D:/", "E:/"]
