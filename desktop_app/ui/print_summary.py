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
import tempfile
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

log = logging.getLogger("presacral.print")

RENDER_DPI = 300          # sharp on paper; a 1200 dpi printer gets the 300 dpi page scaled
POINTS_PER_INCH = 72.0


class PrintError(Exception):
    """The summary could not be made or printed (one line for the user)."""


def pdf_pages(data: bytes, dpi: float = RENDER_DPI) -> list[tuple[QSizeF, QImage]]:
    """Each page of a PDF as (size in points, image at ``dpi``)."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]  # (no type information)

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PrintError("The summary could not be read back for printing.") from exc
    pages = []
    try:
        for page in document:
            width, height = page.get_size()
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True,
                                 force_bitmap_format=pdfium.raw.FPDFBitmap_BGR)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888).copy()   # ours: the buffer goes
            bitmap.close()
            page.close()
            pages.append((QSizeF(width, height), image))
    finally:
        document.close()
    return pages


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


def print_pages(pages: list[tuple[QSizeF, QImage]], printer: QPrinter) -> int:
    """Paint the pages on ``printer``, each filling the paper; returns the pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("The printer could not be started.")
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for index, (_size, image) in enumerate(pages):
            if index:
                printer.newPage()
            paper = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            target = _fit(QSizeF(image.size()), paper)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(pages)


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
    pages = pdf_pages(summary_pdf(window))
    if not pages:
        raise PrintError("The summary has no pages to print.")
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(printer, pages[0][0])
    printer.setFromTo(0, 0)
    if not ask_printer(printer, window, len(pages)):
        return 0
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        pages = pages[printer.fromPage() - 1:printer.toPage() or len(pages)]
    printed = print_pages(pages, printer)
    log.info("patient summary printed: %d pages", printed)
    return printed
