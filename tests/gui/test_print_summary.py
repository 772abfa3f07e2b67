"""File ▸ Print patient summary: the same pages as the exported PDF, through a real QPrinter
(PDF output to a file stands in for the clinic's printer; the dialog is the system's)."""

import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from desktop_app.services import content_loader
from desktop_app.ui import print_summary
from desktop_app.ui.main_window import MainWindow
from tests.conftest import EXAMPLE
from desktop_app.infra.config import ClinicConfig

# a clinic with its phone set up (tests/gui/test_handout_checks.py: one without)
CLINIC = ClinicConfig(phone="+1 555 0100")

PATIENT = "Zoë Ångström-Nguyễn"       # the example consultation's patient


@pytest.fixture
def window(qtbot, library, atlas):
    w = MainWindow(library, atlas=atlas, content_for=content_loader([]), config=CLINIC)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    assert w.open_path(EXAMPLE)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


@pytest.fixture
def printer_to(monkeypatch, tmp_path):
    """The print dialog answered: the pages go to a PDF file."""
    asked = []

    def answer(printer: QPrinter, parent, pages=0) -> bool:
        asked.append(printer)
        if printer_to.cancel:
            return False
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printer_to.out))
        return True

    printer_to.out = tmp_path / "printed.pdf"
    printer_to.cancel = False
    printer_to.asked = asked
    monkeypatch.setattr(print_summary, "ask_printer", answer)
    return printer_to


def _small(image: QImage) -> QImage:
    return image.convertToFormat(QImage.Format.Format_Grayscale8).scaled(
        QSize(120, 170), Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation)


def _difference(a: QImage, b: QImage) -> float:
    """Mean absolute difference of two greyscale images of the same size (0-255)."""
    total = 0
    for y in range(a.height()):
        for x in range(a.width()):
            total += abs(a.pixelColor(x, y).value() - b.pixelColor(x, y).value())
    return total / (a.width() * a.height())


def test_ctrl_p_prints_the_pages_of_the_pdf(window, qtbot, printer_to, tmp_path):
    before = set(Path(tempfile.gettempdir()).glob("presacral-print-*"))
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(printer_to.asked) == 1 and printer_to.out.is_file()
    assert window.export_to(tmp_path / "export.pdf")
    exported = PdfReader(tmp_path / "export.pdf")
    printed = PdfReader(printer_to.out)
    assert len(printed.pages) == len(exported.pages) >= 2
    for p, e in zip(printed.pages, exported.pages):
        assert float(p.mediabox.width) == pytest.approx(float(e.mediabox.width), abs=1.5)
        assert float(p.mediabox.height) == pytest.approx(float(e.mediabox.height), abs=1.5)
    # the same pages, drawn: rendered back, each printed page looks like the exported one
    ours = print_summary.pdf_pages(printer_to.out.read_bytes(), dpi=40)
    theirs = print_summary.pdf_pages((tmp_path / "export.pdf").read_bytes(), dpi=40)
    for (_s1, a), (_s2, b) in zip(ours, theirs):
        assert _difference(_small(a), _small(b)) < 6
    # nothing of the patient left behind: no temporary copy, not in the document's name
    assert set(Path(tempfile.gettempdir()).glob("presacral-print-*")) == before
    title = (printed.metadata or {}).get("/Title", "")
    assert PATIENT not in title and "Ångström" not in title


def test_cancelling_the_print_dialog_prints_nothing(window, qtbot, printer_to):
    printer_to.cancel = True
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(printer_to.asked) == 1
    assert not printer_to.out.exists()


def test_a_page_range_prints_those_pages(window, printer_to, tmp_path):
    def answer(printer, parent, pages=0):
        assert pages >= 2          # the dialog offers the summary's pages
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printer_to.out))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 2)
        return True

    print_summary.ask_printer = answer
    assert window.print_summary() == 1
    assert len(PdfReader(printer_to.out).pages) == 1


def test_the_print_action_is_in_the_file_menu(window):
    file_menu = window.menuBar().actions()[0].menu()
    assert window.act_print in file_menu.actions()
    assert window.act_print.text().replace("&", "") == "Print patient summary…"


def test_the_system_print_dialog_offers_the_pages(window, qtbot):
    """The real QPrintDialog opens (modal) with the summary's page range; closed, nothing is
    printed."""
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QApplication

    seen = []

    def close_it():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, QPrintDialog) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(50, close_it)
            return
        seen.append((dialog.windowTitle(), dialog.minPage(), dialog.maxPage()))
        dialog.reject()

    QTimer.singleShot(50, close_it)
    assert window.print_summary() == 0
    exported = len(print_summary.pdf_pages(print_summary.summary_pdf(window), dpi=10))
    assert seen == [("Print patient summary", 1, exported)]


def test_a_summary_that_cannot_be_made_is_one_clear_message(window, printer_to, monkeypatch):
    from desktop_app import services

    def broken(*_args, **_kwargs):
        raise services.ServiceError("The summary could not be written: the disk is full.")

    monkeypatch.setattr(services, "export_pdf", broken)
    said = []
    window._warn = lambda title, text: said.append((title, text))
    assert window.print_summary() == 0
    assert said == [("Could not print the summary",
                     "The summary could not be written: the disk is full.")]
    assert printer_to.asked == []                  # no print dialog for nothing to print
