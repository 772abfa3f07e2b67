"""Before a summary goes home (ui/handout_checks.py). A clinic without its phone number set
up: the first export or print of a window asks the surgeon to write the team's number on the
summary (Cancel stops, "... anyway" goes on and is not asked again in that window). A biopsy
ticked beside a possible meningocele: asked at every export while it stands. Boxes are
answered with a real mouse click on their buttons; the PDF is read back."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.infra.config import ClinicConfig
from desktop_app.ui import dialogs, print_summary
from desktop_app.ui.handout_checks import TITLE
from tests.support import example_window


@pytest.fixture
def save_to(monkeypatch, tmp_path):
    """The save dialog answers tmp_path/summary.pdf; returns the captions it was asked with."""
    asked: list[str] = []

    def fake(_parent, caption, *_args):
        asked.append(caption)
        return str(tmp_path / "summary.pdf")

    monkeypatch.setattr(dialogs, "ask_save_path", fake)
    return asked


def answer(qtbot, button: str, seen: list, name: str = "missing_phone_box") -> None:
    """Click ``button`` of the box called ``name`` once it shows (records its title and
    text)."""
    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != name:
            QTimer.singleShot(20, click)
            return
        seen.append((box.windowTitle(), box.text()))
        target = next(b for b in box.buttons() if b.text().replace("&", "") == button)
        QTest.mouseClick(target, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, click)


def test_export_without_a_phone_asks_once_and_cancel_writes_nothing(qtbot, library, atlas,
                                                                    save_to, tmp_path):
    window = example_window(qtbot, library, atlas, ClinicConfig())
    seen: list = []
    answer(qtbot, "Cancel", seen)
    window.act_export.trigger()
    assert len(seen) == 1 and seen[0][0] == TITLE
    assert "blank lines" in seen[0][1] and "'phone'" in seen[0][1]
    assert save_to == [] and not (tmp_path / "summary.pdf").exists()   # stopped before

    answer(qtbot, "Export anyway", seen)
    window.act_export.trigger()
    assert len(seen) == 2 and save_to == ["Export patient summary"]
    text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "summary.pdf")).pages)
    assert "Write our number here" in text                # the lines the box spoke of

    (tmp_path / "summary.pdf").unlink()
    window.act_export.trigger()                           # asked once a window
    assert len(seen) == 2 and (tmp_path / "summary.pdf").exists()


def test_print_without_a_phone_asks_and_cancel_prints_nothing(qtbot, library, atlas,
                                                              monkeypatch):
    window = example_window(qtbot, library, atlas, ClinicConfig(phone="   "))   # blank = none
    made = []
    monkeypatch.setattr(print_summary, "summary_pdf", lambda w: made.append(w) or b"")
    seen: list = []
    answer(qtbot, "Cancel", seen)
    assert window.print_summary() == 0
    assert len(seen) == 1 and made == []                 # no summary made, no printer asked


def test_with_a_phone_nothing_is_asked(qtbot, library, atlas, save_to, tmp_path):
    window = example_window(qtbot, library, atlas, ClinicConfig(phone="+1 555 0100"))
    window.act_export.trigger()
    assert save_to == ["Export patient summary"] and (tmp_path / "summary.pdf").exists()
    text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "summary.pdf")).pages)
    assert "+1 555 0100" in text


def test_a_biopsy_beside_a_possible_meningocele_is_asked_at_every_export(
        qtbot, library, atlas, save_to, tmp_path):
    from desktop_app.model.consultation import Consultation, Lesion

    window = example_window(qtbot, library, atlas, ClinicConfig(phone="+1 555 0100"))
    window.document.replace(Consultation(tests=["mri", "biopsy"], lesions=[
        Lesion(id="m", number=2, cx=470, cy=560, rx=30, ry=22,
               suspected_type="anterior_sacral_meningocele")]))
    seen: list = []
    answer(qtbot, "Cancel", seen, "biopsy_handout_box")
    window.act_export.trigger()
    assert len(seen) == 1 and seen[0][1].startswith("Area 2 may be an anterior sacral "
                                                     "meningocele")
    assert save_to == []                                   # stopped at the desk
    for n in (2, 3):                                       # asked every time it stands
        answer(qtbot, "Export anyway", seen, "biopsy_handout_box")
        window.act_export.trigger()
        assert len(seen) == n and (tmp_path / "summary.pdf").exists()
        (tmp_path / "summary.pdf").unlink()
    window.document.replace(Consultation(tests=["mri"], lesions=window.document
                                         .consultation.lesions))
    window.act_export.trigger()                            # no biopsy: nothing asked
    assert len(seen) == 3 and (tmp_path / "summary.pdf").exists()
