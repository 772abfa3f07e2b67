"""File ▸ Print patient summary: the same pages as the PDF, on the clinic's printer.

The summary is exported exactly as File ▸ Export PDF would (same builder, same language, same
clinic settings), each page is rasterised with PDFium (pypdfium2) and painted onto the printer
at the paper's full size, so what comes out of the printer is the PDF the patient would be
e-mailed. Qt has no PDF renderer in PySide6-Essentials (QtPdf is not part of it), and drawing
the pages a second time with QPainter would be a second layout to keep in step.

The exported file holds patient details: it lives in a private temporary folder only while the
pages are read, and is removed before the print dialog even opens.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from desktop_app.model.files import replaced_mode

log = logging.getLogger("presacral.print")

RENDER_DPI = 300          # sharp on paper; a 1200 dpi printer gets the 300 dpi page scaled
POINTS_PER_INCH = 72.0


class PrintError(Exception):
    """The summary could not be made or printed (one line for the user)."""


class PdfPages:
    """The pages of a PDF, each rendered only when asked for: printing holds one page image
    at a time (a 300 dpi A4 page is ~26 MB; rendering all of them first ran a 1,200-page
    summary out of memory before the dialog even opened)."""

    def __init__(self, data: bytes):
        import pypdfium2 as pdfium  # type: ignore[import-untyped]  # (no type information)

        self._pdfium = pdfium
        try:
            self._doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise PrintError("The summary could not be read back for printing.") from exc

    def __len__(self) -> int:
        return len(self._doc)

    def size(self, index: int) -> QSizeF:
        """The page's size in points (no rendering)."""
        width, height = self._doc.get_page_size(index)
        return QSizeF(width, height)

    def render(self, index: int, dpi: float = RENDER_DPI) -> QImage:
        pdfium = self._pdfium
        page = self._doc[index]
        try:
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True,
                                 force_bitmap_format=pdfium.raw.FPDFBitmap_BGR)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888).copy()   # ours: the buffer goes
            bitmap.close()
        finally:
            page.close()
        return image

    def close(self) -> None:
        self._doc.close()


def pdf_pages(data: bytes, dpi: float = RENDER_DPI) -> list[tuple[QSizeF, QImage]]:
    """Each page of a (short) PDF as (size in points, image at ``dpi``): for comparing
    pages; printing renders page by page (:class:`PdfPages`)."""
    pages = PdfPages(data)
    try:
        return [(pages.size(i), pages.render(i, dpi)) for i in range(len(pages))]
    finally:
        pages.close()


def summary_pdf(window) -> bytes:
    """The patient summary of ``window``'s consultation, as Export PDF makes it."""
    from desktop_app.services import ServiceError, export_pdf

    c = window.document.consultation
    with tempfile.TemporaryDirectory(prefix="presacral-print-") as folder:
        path = Path(folder) / "summary.pdf"          # the folder is 0700, removed at once
        try:
            export_pdf(c, path, config=window.config, content=window.content_for(c.language),
                       atlas=window.atlas, language=c.language)
            return path.read_bytes()
        except (ServiceError, OSError) as exc:
            log.warning("summary for printing failed: %s", type(exc).__name__)
            raise PrintError(str(exc) or "The summary could not be made.") from exc


def prepare_printer(printer: QPrinter, first_page: QSizeF) -> None:
    """Paper of the PDF's size, no extra margins (the pages carry their own)."""
    printer.setPageSize(QPageSize(first_page, QPageSize.Unit.Point, "",
                                  QPageSize.SizeMatchPolicy.FuzzyMatch))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setDocName("Patient summary")      # never the patient's name: print queues show it


def print_pages(pages: PdfPages, printer: QPrinter, indices: list[int] | None = None) -> int:
    """Paint the pages (``indices``, default all) on ``printer``, each filling the paper,
    rendering each one just before it is painted; returns the pages printed."""
    indices = list(range(len(pages))) if indices is None else indices
    to_file = bool(printer.outputFileName())
    mode = replaced_mode(printer.outputFileName()) if to_file else None
    if to_file:
        _private_file(printer.outputFileName())
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(_not_started())
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for n, index in enumerate(indices):
            if n:
                printer.newPage()
            image = pages.render(index)
            paper = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            painter.drawImage(_fit(QSizeF(image.size()), paper), image)
            del image                       # one page image at a time
    finally:
        painter.end()
    if to_file and mode is not None:
        try:
            os.chmod(printer.outputFileName(), mode)
        except OSError:
            pass
    return len(indices)


def _private_file(path: str) -> None:
    """Create a print-to-file target owner-only before Qt writes it (as every export is);
    an existing file keeps its permissions."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        pass


def _not_started() -> str:
    from PySide6.QtPrintSupport import QPrinterInfo

    if not QPrinterInfo.availablePrinters():
        return ("There is no printer set up on this computer. Add one in the system's "
                "printer settings, or use File ▸ Export PDF summary… and print the PDF from "
                "another computer.")
    return ("The printer could not be started. Check that it is switched on and connected, "
            "or use File ▸ Export PDF summary… instead.")


def _fit(size: QSizeF, area: QRectF) -> QRectF:
    """``size`` scaled to fit ``area``, centred (the page keeps its proportions)."""
    k = min(area.width() / size.width(), area.height() / size.height())
    w, h = size.width() * k, size.height() * k
    return QRectF(area.left() + (area.width() - w) / 2, area.top() + (area.height() - h) / 2,
                  w, h)


def ask_printer(printer: QPrinter, parent, pages: int = 0) -> bool:
    """The system's print dialog (printer, copies, pages 1 to ``pages``). True: print."""
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("print_dialog")
    dialog.setWindowTitle("Print patient summary")
    if pages:
        dialog.setMinMax(1, pages)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


def print_summary(window, printer: QPrinter | None = None) -> int:
    """Make the summary, ask where to print it, print it. Returns the pages printed (0: the
    user cancelled). Raises PrintError with a sentence for the user."""
    pages = PdfPages(summary_pdf(window))
    try:
        if not len(pages):
            raise PrintError("The summary has no pages to print.")
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, pages.size(0))
        printer.setFromTo(0, 0)
        if not ask_printer(printer, window, len(pages)):
            return 0
        indices = list(range(len(pages)))
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            indices = indices[printer.fromPage() - 1:printer.toPage() or len(pages)]
        printed = print_pages(pages, printer, indices)
    finally:
        pages.close()
    log.info("patient summary printed: %d pages", printed)
    return printed
