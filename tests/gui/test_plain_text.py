"""No label draws text it did not write as markup: markup-laden values in every place user or
file text reaches the screen (clinic config, patient fields, the visit's notes and marks,
the shared sign-off record, a CD's patient name, file names in messages), then every QLabel
of the main window, the sign-off window, the series browser, the start screen and the
message boxes is checked: either plain text, or rich text with the value escaped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from desktop_app.infra.config import ClinicConfig
from desktop_app.model.consultation import Lesion
from desktop_app.model.signoff import SignoffBook
from desktop_app.ui.main_window import MainWindow
from tests.scan_samples import make_cd

# what an attacker (or an unlucky copy-paste) puts in: each would change what the reader
# sees if rendered as HTML (big green text, struck names, white-on-white, hidden rest)
MARKUP = ("<b style='color:green;font-size:40px'>Approved by the Clinical Governance Board"
          "</b><!--")
STRUCK = "<s>DOE</s><font color=#ffffff>"
RAW = ("<b style=", "<!--", "<s>", "<font color")


def _labels() -> list[QLabel]:
    return [w for w in QApplication.allWidgets() if isinstance(w, QLabel)]


def assert_no_markup_rendered(where: str) -> int:
    """Every label showing one of the raw values is plain text; returns how many did."""
    QApplication.processEvents()
    showing = 0
    for label in _labels():
        label.ensurePolished()      # what Qt does before a label is first shown
        text = label.text()
        if not any(r in text for r in RAW):
            continue
        showing += 1
        fmt = label.textFormat()
        rendered_as_html = fmt == Qt.TextFormat.RichText or (
            fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
        assert not rendered_as_html, (
            f"{where}: label {label.objectName() or type(label.parent()).__name__!r} renders "
            f"markup from user or file text: {text[:120]!r}")
    return showing


@pytest.fixture
def signoff_file(tmp_path, library) -> Path:
    item = next(iter(library.topics.values())).items[0]
    book = SignoffBook()
    book.decide(item, "en", "approved", MARKUP, STRUCK)
    path = tmp_path / "clinical-signoff.json"
    data = json.loads(book.to_json())
    data["saved_by"] = {"name": MARKUP, "role": STRUCK, "machine": "<s>pc</s>"}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot, library, atlas, signoff_file):
    config = ClinicConfig(clinic_name=STRUCK + " Clinic", department=MARKUP,
                          phone="<s>555</s> 0100", address="<font color=#ffffff>1 Main St",
                          signoff_file=str(signoff_file))
    w = MainWindow(library, config=config, atlas=atlas)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    w.show()
    qtbot.waitExposed(w)
    doc = w.document
    doc.set_patient_field("name", STRUCK, "name")
    doc.set_patient_field("record_number", "<s>123</s>", "record")
    doc.set_field("clinician", MARKUP, "clinician")
    doc.set_field("notes", MARKUP + "\n" + STRUCK, "notes")
    doc.consultation.lesions.append(Lesion(label=STRUCK, cx=300, cy=300,
                                           suspected_type_text=MARKUP))
    doc.notify("annotations")
    return w


def test_the_main_window_and_the_signoff_window_show_markup_as_text(window, qtbot, library):
    for page in window.pages.values():
        assert page.cards                                   # every card built
    assert assert_no_markup_rendered("main window") >= 1    # the card's sign-off line
    review = window.show_signoff()
    qtbot.waitExposed(review)
    shown = assert_no_markup_rendered("sign-off window")
    assert shown >= 2                                        # file line, status, cards
    assert MARKUP in review.file_line.text()                 # shown, as the characters
    review.close()


def test_the_series_browser_shows_a_cds_patient_name_as_text(window, qtbot, tmp_path):
    cd = make_cd(tmp_path / "cd", slices=3, name=STRUCK)
    browser = window.open_patient_scans(str(cd))
    qtbot.addWidget(browser)
    qtbot.waitUntil(lambda: not browser.scanning and browser.scan_result is not None,
                    timeout=20000)
    assert "<s>DOE</s>" in browser.identity.text()
    assert assert_no_markup_rendered("series browser") >= 1
    browser.close()


def test_messages_and_about_show_file_names_and_clinic_values_as_text(window, qtbot, tmp_path):
    bad = tmp_path / "<s>visit<font color=#ffffff>.json"     # (no "/" in a file name)
    bad.write_text("{not json", encoding="utf-8")
    seen: list[tuple[str, bool]] = []

    def answer():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            labels = [lb for lb in box.findChildren(QLabel) if any(r in lb.text() for r in RAW)]
            seen.append((box.text(), all(lb.textFormat() == Qt.TextFormat.PlainText
                                         or "&lt;" in lb.text() for lb in labels)))
            box.accept()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    assert window.open_path(bad) is False
    assert seen and "<s>visit<font" in seen[0][0] and seen[0][1]

    QTimer.singleShot(0, answer)
    window.show_about()
    about = seen[-1][0]
    assert "&lt;s&gt;DOE&lt;/s&gt;" in about and "<b>" in about   # escaped values, our markup
    assert seen[-1][1]


def test_the_start_screen_escapes_the_clinic_name(qtbot):
    """Shown before the rest of the app is loaded (rich text of our own, values escaped)."""
    from desktop_app.ui.start_screen import StartScreen

    screen = StartScreen(STRUCK + " Clinic")
    qtbot.addWidget(screen)
    assert "&lt;s&gt;DOE" in screen.card.text() and "<s>DOE" not in screen.card.text()
    assert screen.card.textFormat() == Qt.TextFormat.RichText
    screen.card.ensurePolished()                 # stays rich text after the label rule ran
    assert screen.card.textFormat() == Qt.TextFormat.RichText
    screen.close()
