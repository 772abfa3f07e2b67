"""The series browser on a real DICOMDIR (pydicom's dicomdirtests, copied): open the folder, pick
a series, scroll, keep a slice, mark a lesion, save, reopen, export. The headers' names, IDs and
dates are shown in the browser only: never in the saved file, the recovery file, the logs or
the PDF (text and raw bytes)."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pydicom
import pydicom.data
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from desktop_app.model import storage
from desktop_app.model.consultation import Patient
from desktop_app.ui.series_browser import SeriesBrowser
from tests.gui.test_image_pane import Pane
from tests.scan_samples import make_cd

import pypdf
DICOMDIR_TESTS = Path(os.path.dirname(pydicom.data.__file__)) / "test_files" / "dicomdirtests"


def _header_values(folder: Path) -> set[str]:
    """Every identifying value in the CD's headers (long enough not to occur by chance)."""
    found = set()
    for path in folder.rglob("*"):
        if not path.is_file() or path.name.startswith("DICOMDIR") or path.suffix == ".txt":
            continue
        try:
            ds = pydicom.dcmread(path, stop_before_pixels=True)
        except Exception:  # noqa: BLE001 - not a DICOM file: nothing to look for
            continue
        for keyword in ("PatientName", "PatientID", "PatientBirthDate", "InstitutionName",
                        "ReferringPhysicianName", "AccessionNumber", "StudyDate"):
            value = str(ds.get(keyword, "") or "").strip()
            if len(value) >= 5:
                found.update({value, value.replace("^", " ")})
    return found


def wheel(widget, steps: int) -> None:
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(pos, widget.mapToGlobal(pos), QPoint(0, 0), QPoint(0, -120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget.viewport(), event)


@pytest.fixture
def window(qtbot, library, atlas):
    from desktop_app.ui.main_window import MainWindow

    w = MainWindow(library, atlas=atlas)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    w.show()
    qtbot.waitExposed(w)
    return w


def _open(qtbot, window, folder) -> SeriesBrowser:
    browser = window.open_patient_scans(str(folder))
    qtbot.addWidget(browser)
    qtbot.waitUntil(lambda: not browser.scanning and browser.scan_result is not None, timeout=20000)
    return browser


def test_dicomdir_browse_keep_mark_save_reopen_export(qtbot, window, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    cd = tmp_path / "CD"
    shutil.copytree(DICOMDIR_TESTS, cd)
    secrets = _header_values(cd)
    assert any("Doe" in s for s in secrets)
    window.document.consultation.patient = Patient(name="Jane Example")
    before = sorted(p.name for p in cd.rglob("*"))

    browser = _open(qtbot, window, cd)
    assert browser.scan_result.used_dicomdir
    texts = [browser.series_list.item(i).text() for i in range(browser.series_list.count())]
    assert len(texts) == 13 and texts[0].startswith("CT, cross-section · Routine Brain")
    assert "4 images" in texts[0] and "1995-09-03" in texts[0]
    qtbot.waitUntil(lambda: not browser.series_list.item(0).icon().isNull(), timeout=10000)
    # who the CD belongs to: shown in the browser, with a warning (not our patient)
    assert "Doe Archibald" in browser.identity.text()
    assert browser.warning.isVisible() and "Check the patient" in browser.warning.text()

    # the 5-slice SmartScore series: wheel, arrow keys and the slider move through it
    row = next(i for i, t in enumerate(texts) if "SmartScore" in t)
    browser.series_list.setCurrentRow(row)
    view = browser.view
    assert (view.count, view.index) == (5, 2)
    wheel(view, 1)
    assert view.index == 3 and browser.slider.value() == 3
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.index == 1
    browser.slider.setValue(4)
    assert view.index == 4
    zoom = view.zoom()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom() == pytest.approx(zoom * 1.25)
    browser.presets.setCurrentIndex(2)             # CT soft tissue
    browser.presets.activated.emit(2)
    assert view.current_window() == (40.0, 400.0)

    qtbot.mouseClick(browser.keep_button, Qt.MouseButton.LeftButton)
    c = window.document.consultation
    (image,) = c.images
    assert image.caption == "CT, cross-section" and (image.width, image.height) == (16, 16)
    assert (image.window_center, image.window_width) == (40.0, 400.0)
    assert window.tabs.currentWidget() is window.images_tab
    assert "Kept image 5" in browser.status.text()
    browser.close()

    pane = Pane.__new__(Pane)
    pane.view, pane.ctl = window.image_pane.view, window.image_pane.ctl
    window.image_pane.ctl.set_tool("lesion")
    pane.drag((4, 4), (12, 11))
    (lesion,) = c.lesions
    assert lesion.view == image.view_name

    window.autosaver.save_now()
    recovery = b"".join(p.read_bytes() for p in window.autosaver.path.parent.rglob("*")
                        if p.is_file())
    saved, pdf = tmp_path / "visit.json", tmp_path / "visit.pdf"
    assert window.save_to(saved) and window.export_to(pdf)
    back = storage.load(saved)
    assert back.lesions[0].cx == pytest.approx(lesion.cx) and back.images[0].id == image.id
    assert window.open_path(saved)
    assert window.document.consultation.lesions[0].view == image.view_name
    reader = pypdf.PdfReader(str(pdf))
    assert any(page.images for page in reader.pages)
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    assert "CT, cross-section" in text
    raw = pdf.read_bytes()
    for secret in secrets:
        for blob, where in ((saved.read_bytes(), "saved file"), (recovery, "recovery"),
                            (raw, "PDF bytes"), (text.encode(), "PDF text"),
                            (caplog.text.encode(), "log")):
            assert secret.encode() not in blob, (secret, where)
    assert sorted(p.name for p in cd.rglob("*")) == before     # nothing written on the CD


def test_matching_patient_no_warning_and_cancel(qtbot, window, tmp_path):
    cd = make_cd(tmp_path / "cd", slices=30, name="Garcia^Ana", birth="19600214")
    window.document.consultation.patient = Patient(name="Ana García",
                                                   date_of_birth="1960-02-14")
    browser = _open(qtbot, window, cd)
    assert not browser.warning.isVisible()
    assert "Garcia Ana, born 1960-02-14" in browser.identity.text()
    assert [browser.series_list.item(i).text().split(" · ")[0]
            for i in range(browser.series_list.count())] == ["MRI, side view",
                                                             "CT, cross-section"]
    browser.close()
    # cancel: stop at once, nothing listed, the dialog stays usable
    browser = window.open_patient_scans(str(cd))
    qtbot.addWidget(browser)
    browser.cancel()
    qtbot.waitUntil(lambda: not browser.scanning, timeout=20000)
    assert browser.scan_result is not None
    if browser.scan_result.cancelled:
        assert browser.series_list.count() == 0 and "canceled" in browser.summary.text()
    browser.close()


def test_folder_dropped_on_images_tab_opens_the_browser(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QDropEvent

    cd = make_cd(tmp_path / "cd", slices=3)
    window.tabs.setCurrentWidget(window.images_tab)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(cd))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.image_pane.dropEvent(drop)
    browser = window.series_browser
    qtbot.addWidget(browser)
    qtbot.waitUntil(lambda: not browser.scanning and browser.scan_result is not None, timeout=20000)
    assert browser.series_list.count() == 2 and window.image_pane.last_drop_problems == []
    browser.close()


def test_consultation_patient_compare():
    from desktop_app.model.scans import Identity, ScanResult
    from desktop_app.ui.series_browser import identity_mismatch

    cd = ScanResult(identities=[Identity("GARCIA ANA", "19600214")])
    assert not identity_mismatch(cd, Patient(name="Ana García", date_of_birth="1960-02-14"))
    assert not identity_mismatch(cd, Patient())
    assert identity_mismatch(cd, Patient(name="Ana García", date_of_birth="1961-02-14"))
    assert identity_mismatch(cd, Patient(name="Luis García"))
    two = ScanResult(identities=[Identity("A B", ""), Identity("C D", "")])
    assert identity_mismatch(two, Patient(name="A B"))


def test_a_multi_frame_file_opens_the_browser_to_pick_the_frame(qtbot, window, tmp_path):
    import numpy as np

    from desktop_app.model.images import import_image
    from tests.unit.test_dicom_test_files import pixels

    source = DICOMDIR_TESTS.parent / "examples_ybr_color.dcm"     # 30 frames
    shutil.copy(source, tmp_path / "cine.dcm")
    window.tabs.setCurrentWidget(window.images_tab)
    assert window.image_pane.import_path(tmp_path / "cine.dcm") == ""
    assert not window.document.consultation.images            # nothing added yet
    browser = window.series_browser
    qtbot.addWidget(browser)
    qtbot.waitUntil(lambda: not browser.scanning and browser.scan_result is not None, timeout=20000)
    assert browser.view.count == 30
    browser.view.set_index(10)
    assert browser.keep_current() == ""
    (image,) = window.document.consultation.images
    assert np.array_equal(pixels(image), pixels(import_image(source, frame=10)))
    assert not np.array_equal(pixels(image), pixels(import_image(source, frame=0)))
    assert image.caption == "Ultrasound"
    browser.close()
