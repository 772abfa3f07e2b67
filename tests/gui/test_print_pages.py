"""Printing renders page by page while it prints (one page image at a time: memory flat in
the page count), a print to a file is owner-only like every export, and a computer without
a printer says so and what to do instead."""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desktop_app.ui import print_summary
from desktop_app.infra.config import ClinicConfig
from tests.support import example_window

# a clinic with its phone set up (tests/gui/test_handout_checks.py: one without)
CLINIC = ClinicConfig(phone="+1 555 0100")


@pytest.fixture
def window(qtbot, library, atlas):
    return example_window(qtbot, library, atlas, CLINIC)


def _to_file(monkeypatch, out):
    def answer(printer: QPrinter, parent, pages=0) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True
    monkeypatch.setattr(print_summary, "ask_printer", answer)


def test_each_page_is_rendered_just_before_it_is_printed(window, monkeypatch, tmp_path):
    events: list[str] = []
    render, draw = print_summary.PdfPages.render, QPainter.drawImage

    def spy_render(self, index, dpi=print_summary.RENDER_DPI):
        events.append("render")
        return render(self, index, 30)              # (small: the order is what is tested)

    def spy_draw(self, *args):
        events.append("draw")
        return draw(self, *args)

    monkeypatch.setattr(print_summary.PdfPages, "render", spy_render)
    monkeypatch.setattr(QPainter, "drawImage", spy_draw)
    _to_file(monkeypatch, tmp_path / "printed.pdf")
    printed = window.print_summary()
    assert printed >= 5
    # never two pages rendered and held: render, draw, render, draw, ...
    assert events == ["render", "draw"] * printed


def test_print_to_file_is_owner_only(window, monkeypatch, tmp_path):
    out = tmp_path / "printed.pdf"
    _to_file(monkeypatch, out)
    old = os.umask(0o022)
    try:
        assert window.print_summary() > 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


@pytest.mark.skipif(bool(QPrinterInfo.availablePrinters()), reason="a printer is set up here")
def test_no_printer_says_so_and_what_to_do(window, monkeypatch):
    shown = []
    monkeypatch.setattr(print_summary, "ask_printer", lambda *a, **k: True)   # "Print"
    monkeypatch.setattr(window, "_warn", lambda title, text: shown.append(text))
    assert window.print_summary() == 0
    assert len(shown) == 1
    assert "no printer set up" in shown[0] and "Export PDF summary" in shown[0]
