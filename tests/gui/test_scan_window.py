"""The Images tab leads to the patient's CD: its "Open patient scans…" button, an empty state
that says a CD folder can be dropped, a scans dialog that starts at the CD (else Documents),
and a series view that moves one slice a wheel notch (also from high-resolution wheels)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from desktop_app.ui import scan_actions
from desktop_app.ui.folders import documents_folder
from desktop_app.ui.series_view import SeriesView
from tests.gui import test_series_browser as browser_tests
from tests.scan_samples import make_cd

window = browser_tests.window        # the series browser tests' main-window fixture


def test_open_patient_scans_button_opens_the_browser(qtbot, window, tmp_path,
                                                     monkeypatch):
    cd = make_cd(tmp_path / "cd", slices=4)
    asked = []
    monkeypatch.setattr(scan_actions, "choose_scan_folder",
                        lambda parent: asked.append(parent) or str(cd))
    window.tabs.setCurrentWidget(window.images_tab)
    pane = window.image_pane
    button = pane.scans_button
    assert button.text() == "Open patient scans…" and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked == [window]
    browser = window.series_browser
    qtbot.addWidget(browser)
    qtbot.waitUntil(lambda: not browser.scanning and browser.scan_result is not None,
                    timeout=20000)
    assert browser.series_list.count() == 2
    browser.close()


def test_the_empty_images_tab_says_a_cd_folder_can_be_dropped(qtbot, window):
    window.tabs.setCurrentWidget(window.images_tab)
    pane = window.image_pane
    assert pane.stack.currentWidget() is pane.empty and pane.empty.isVisible()
    assert "drop the CD's folder here" in pane.empty.text()
    assert "Open patient scans…" in pane.empty.text()


def test_cds_come_first_then_sticks_and_never_the_system_disk():
    volumes = [("/", "ext4"), ("/media/u/STICK", "vfat"), ("/media/u/CD", "iso9660"),
               ("/home", "ext4"), ("/run/media/u/DVD", "udf"), ("/mnt/data", "ext4")]
    assert scan_actions.removable_folders(volumes) == ["/media/u/CD", "/run/media/u/DVD",
                                                       "/media/u/STICK"]


def test_the_scans_dialog_starts_at_the_cd_else_documents(qtbot, tmp_path, monkeypatch):
    disc = tmp_path / "CDROM"
    disc.mkdir()
    assert scan_actions.scan_start_folder([(str(disc), "iso9660")]) == str(disc)
    # a CD listed but gone (ejected while the dialog opens): Documents
    assert scan_actions.scan_start_folder([(str(tmp_path / "gone"), "iso9660")]) == \
        documents_folder()
    assert scan_actions.scan_start_folder([]) == documents_folder()
    monkeypatch.setattr(scan_actions, "removable_folders", lambda volumes=None: [str(disc)])
    dialog = scan_actions.scan_folder_dialog(None)
    qtbot.addWidget(dialog)
    assert Path(dialog.directory().absolutePath()) == disc


def _wheel(view, delta: int) -> None:
    pos = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)
    event = QWheelEvent(pos, view.viewport().mapToGlobal(pos), QPoint(0, 0), QPoint(0, delta),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


@pytest.fixture
def view(qtbot, tmp_path):
    from desktop_app.model.scans import scan_folder

    series = scan_folder(make_cd(tmp_path / "cd", slices=12)).series[0]
    v = SeriesView()
    qtbot.addWidget(v)
    v.resize(300, 300)
    v.show()
    v.set_series(series)
    v.set_index(0)
    return v


def test_one_slice_a_wheel_notch(view):
    _wheel(view, -120)                 # one notch towards the user: the next slice
    assert view.index == 1
    _wheel(view, -240)                 # two notches in one event: two slices
    assert view.index == 3
    _wheel(view, 120)
    assert view.index == 2


def test_high_resolution_wheel_parts_add_up_to_one_slice(view):
    for _ in range(7):                 # 7 x 15 = 105: less than a notch, no step yet
        _wheel(view, -15)
    assert view.index == 0
    _wheel(view, -15)                  # 120: one slice
    assert view.index == 1
    for _ in range(3):                 # 3 x 40 = 120 the other way: back one
        _wheel(view, 40)
    assert view.index == 0
    _wheel(view, -60)
    _wheel(view, 60)                   # a back-and-forth that sums to nothing: no step
    assert view.index == 0


def test_a_dwi_cd_lists_one_labelled_stack_per_volume(qtbot, window, tmp_path):
    from tests.gui.test_series_browser import _open
    from tests.modern_samples import dwi_series

    dwi_series(tmp_path / "cd", positions=4, b_values=(0, 1000), directions=2, siemens=True)
    browser = _open(qtbot, window, tmp_path / "cd")
    texts = [browser.series_list.item(i).text() for i in range(browser.series_list.count())]
    assert [t.split(" · ")[1] for t in texts] == ["DWI b = 0", "DWI b = 1000, direction 1",
                                                 "DWI b = 1000, direction 2"]
    assert all(t.startswith("MRI, side view · ") and t.endswith("4 images") for t in texts)
    browser.series_list.setCurrentRow(2)
    view = browser.view
    view.set_index(0)
    seen = [view.current_slice().position]
    for _ in range(3):
        _wheel(view, -120)
        seen.append(view.current_slice().position)
    assert seen == sorted(set(seen)) and len(seen) == 4       # each notch: the next position
    browser.close()


def test_a_mosaic_imported_alone_opens_the_browser_on_its_slices(qtbot, window,
                                                                  tmp_path):
    from tests.modern_samples import mosaic

    path = mosaic(tmp_path / "mosaic.dcm", tiles=7, tile=8)
    assert window.image_pane.import_path(path) == ""
    browser = window.series_browser
    qtbot.addWidget(browser)
    qtbot.waitUntil(lambda: not browser.scanning and browser.scan_result is not None,
                    timeout=20000)
    assert browser.view.count == 7 and browser.view.current_image().width == 8
    assert browser.keep_current() == ""
    assert (window.document.consultation.images[-1].width,
            window.document.consultation.images[-1].height) == (8, 8)
    from desktop_app.model import images

    assert images._OPEN_FILES                 # the mosaic stays parsed while browsed...
    browser.close()
    assert not images._OPEN_FILES             # ...and leaves memory with the browser


def test_non_square_pixels_are_shown_at_the_right_shape(qtbot, window, tmp_path):
    from tests.dicom_samples import make_dicom

    path = make_dicom(tmp_path / "s.dcm", rows=200, cols=160, spacing=(0.7, 0.35))
    pane = window.image_pane
    assert pane.import_path(path) == ""
    shown = pane.pixmap_item.pixmap()
    assert (shown.width(), shown.height()) == (160, 400)     # 56 x 140 mm: 2.5 times as tall


def test_the_summary_says_files_were_cut_short(qtbot, window, tmp_path):
    from tests.gui.test_series_browser import _open

    cd = make_cd(tmp_path / "cd", slices=3)
    whole = next((cd / "SERIES1").iterdir()).read_bytes()
    (cd / "cut.dcm").write_bytes(whole[:-50])
    browser = _open(qtbot, window, cd)
    assert browser.summary.text() == (
        "2 series in 1 study (6 image files); 1 other files skipped (0 not DICOM, 0 without "
        "an image, 1 unreadable, 1 of them cut short).")
    browser.close()
