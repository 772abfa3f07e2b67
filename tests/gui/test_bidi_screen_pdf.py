"""The screen and the PDF show the same characters in the same order, whatever bidi controls
were typed, pasted, read from a visit file or from the clinic config: the text is compared
as the widgets hold it and as the PDF gives it back (pypdfium2)."""

from __future__ import annotations

import json
import re

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.infra.config import parse_config
from desktop_app.ui.main_window import MainWindow
from tests.conftest import EXAMPLE

RLO, PDF_, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"
# written out here (not imported from the rule) so the test holds the rule to the list
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _pdf_text(path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return " ".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def window(qtbot, library, atlas, tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"clinic_name: Bay {RLO}Clinic 42{PDF_}\nphone: +1 {RLO}555 0100{PDF_}\n",
                   encoding="utf-8")
    w = MainWindow(library, config=parse_config(cfg), atlas=atlas)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    w.show()
    qtbot.waitExposed(w)
    return w


def test_screen_and_pdf_agree_with_bidi_controls_everywhere(window, qtbot, tmp_path):
    visit = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    visit["notes"] = f"Stop your aspirin {RLO}10 days{PDF_} before surgery."
    visit["patient"]["name"] = f"Zoë {RLI}Ann Lee{PDI}"
    visit["lesions"][0]["label"] = f"Cyst {RLO}S3 to S4{PDF_}"
    path = tmp_path / "visit.json"
    path.write_text(json.dumps(visit), encoding="utf-8")
    assert window.open_path(path)
    panel = window.patient_panel
    clinician = panel.clinician
    clinician.selectAll()
    QApplication.clipboard().setText(f"Dr {RLO}Mia 77{PDF_} Cruz")   # pasted
    qtbot.keyClick(clinician, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(clinician, Qt.Key.Key_Tab)

    screen = {"notes": panel.notes.toPlainText(), "name": panel.name.text(),
              "clinician": window.document.consultation.clinician,
              "label": window.document.consultation.lesions[0].label,
              "phone": window.config.phone, "clinic": window.config.clinic_name}
    qtbot.waitUntil(lambda: clinician.text() == screen["clinician"])
    assert screen == {"notes": "Stop your aspirin 10 days before surgery.",
                      "name": "Zoë Ann Lee", "clinician": "Dr Mia 77 Cruz",
                      "label": "Cyst S3 to S4", "phone": "+1 555 0100",
                      "clinic": "Bay Clinic 42"}
    for text in screen.values():
        assert not any(c in BIDI_CONTROLS for c in text)

    out = tmp_path / "summary.pdf"
    assert window.files.export_to(out)
    printed = _flat(_pdf_text(out))
    for key, text in screen.items():
        assert _flat(text) in printed, (key, text)
