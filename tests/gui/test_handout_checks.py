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


def test_a_spanish_summary_with_typed_words_is_asked_once_a_window(qtbot, library, atlas,
                                                                   save_to, tmp_path, caplog):
    """The example in Spanish holds the surgeon's notes, an area label, what area 2 may be
    and words on the drawing ("Seen on your MRI"): the box names those kinds (never the words, in
    the box or the log); Cancel writes nothing; "Export anyway" writes the Spanish summary
    with the words as typed, and is not asked again in that window."""
    import logging

    from desktop_app.ui.handout_checks import TYPED_TITLE

    caplog.set_level(logging.INFO)
    window = example_window(qtbot, library, atlas, ClinicConfig(phone="+1 555 0100"))
    window.document.set_field("language", "es", "Change patient language")
    seen: list = []
    answer(qtbot, "Cancel", seen, "typed_words_box")
    window.act_export.trigger()
    assert len(seen) == 1 and seen[0][0] == TYPED_TITLE
    assert seen[0][1].startswith("This summary is in Spanish, but the app does not translate")
    assert ("These print as typed: your notes, area labels, what an area may be and words on "
            "the drawings.") in seen[0][1]
    typed = ("Seen on your MRI", "Cyst behind the lower rectum", "possible nerve sheath tumor",
             "medicines")
    assert not any(t in seen[0][1] for t in typed)
    assert save_to == [] and not (tmp_path / "summary.pdf").exists()   # stopped before
    logged = caplog.text
    assert "your notes" in logged and not any(t in logged for t in typed)

    answer(qtbot, "Export anyway", seen, "typed_words_box")
    window.act_export.trigger()
    assert len(seen) == 2 and (tmp_path / "summary.pdf").exists()
    text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "summary.pdf")).pages)
    assert "Resumen de su consulta" in text and "Seen on your MRI" in text   # as typed
    (tmp_path / "summary.pdf").unlink()
    window.act_export.trigger()                           # asked once a window
    assert len(seen) == 2 and (tmp_path / "summary.pdf").exists()


def test_typed_words_are_not_asked_in_english_or_when_there_are_none(qtbot, library, atlas,
                                                                     save_to, tmp_path):
    from desktop_app.model.consultation import Consultation, Lesion

    window = example_window(qtbot, library, atlas, ClinicConfig(phone="+1 555 0100"))
    window.act_export.trigger()                           # English: nothing asked
    assert (tmp_path / "summary.pdf").exists()
    (tmp_path / "summary.pdf").unlink()
    # Spanish, an area with the app's own words only (no label, a listed kind): not asked
    window.document.replace(Consultation(language="es", lesions=[
        Lesion(id="a", number=1, cx=462, cy=300, rx=30, ry=22, suspected_type="tailgut_cyst",
               suspected_type_text="")]))
    window.act_export.trigger()
    assert (tmp_path / "summary.pdf").exists()


def test_each_kind_of_typed_text_is_named():
    """One kind at a time, and none: the words the box uses for each."""
    from desktop_app.model.consultation import (Consultation, KeyImage, Lesion, TextNote)
    from desktop_app.model.typed_text import typed_kinds

    assert typed_kinds(Consultation()) == []
    assert typed_kinds(Consultation(notes=" \n ")) == []
    assert typed_kinds(Consultation(notes="Bring your scans")) == ["your notes"]
    assert typed_kinds(Consultation(lesions=[Lesion(label="Cyst")])) == ["area labels"]
    free = Lesion(suspected_type_text="schwannoma?")
    assert typed_kinds(Consultation(lesions=[free])) == ["what an area may be"]
    listed = Lesion(suspected_type="chordoma", suspected_type_text="old words")
    assert typed_kinds(Consultation(lesions=[listed])) == []   # the app's own item prints
    assert typed_kinds(Consultation(texts=[TextNote(text="here")])) == ["words on the drawings"]
    assert typed_kinds(Consultation(texts=[TextNote(text="  ")])) == []
    assert typed_kinds(Consultation(images=[KeyImage(caption="Side view, May")])) == \
        ["picture captions"]
    assert typed_kinds(Consultation(images=[KeyImage(caption="Your MRI scan")])) == []
    why = Lesion(approach="posterior", approach_status="overridden", approach_reason="Small")
    assert typed_kinds(Consultation(lesions=[why])) == ["your reason for another way in"]
    kept = Lesion(approach="posterior", approach_status="confirmed", approach_reason="aid")
    assert typed_kinds(Consultation(lesions=[kept])) == []


def test_print_of_a_spanish_summary_with_typed_words_asks_too(qtbot, library, atlas,
                                                             monkeypatch):
    window = example_window(qtbot, library, atlas, ClinicConfig(phone="+1 555 0100"))
    window.document.set_field("language", "es", "Change patient language")
    made = []
    monkeypatch.setattr(print_summary, "summary_pdf", lambda w: made.append(w) or b"")
    seen: list = []
    answer(qtbot, "Cancel", seen, "typed_words_box")
    assert window.print_summary() == 0
    assert len(seen) == 1 and seen[0][1].startswith("This summary is in Spanish")
    assert made == []                                     # no summary made, no printer asked
