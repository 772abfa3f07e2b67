"""The patient's CD: scan a folder off the UI thread, list its series, browse one, keep slices.

File ▸ Open patient scans… and a folder dropped on the Images tab open this dialog. Scanning
(:func:`model.scans.scan_folder`) and the thumbnails run in a worker thread with a progress
bar and Cancel; the window stays responsive. "Keep this image" hands the current slice (or
frame) to the Images tab as a key image captioned from the series ("MRI, side view").

The name, birth date and study date read from the headers are shown here only, so the surgeon
can check the CD belongs to this patient (with a warning when they do not match the
consultation's patient). They are never stored, logged, cached or exported.
"""

from __future__ import annotations

import logging
from typing import TypeVar

from PySide6.QtCore import QObject, QSize, Qt, QThread, Signal, Slot
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QProgressBar, QPushButton, QSlider, QSplitter,
                               QVBoxLayout, QWidget)

from desktop_app.model import images as image_model
from desktop_app.model import scan_identity
from desktop_app.model.scans import ScanResult, Series, scan_folder
from desktop_app.ui.series_view import SeriesView

log = logging.getLogger("presacral.scans")

THUMB = 96

W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    """``widget`` with its object name set (tests and screen readers find widgets by it)."""
    widget.setObjectName(name)
    return widget


def pretty_date(value: str) -> str:
    """"20260101" → "2026-01-01"; anything else as it is."""
    return f"{value[:4]}-{value[4:6]}-{value[6:8]}" if len(value) == 8 and value.isdigit() \
        else value


def series_text(series: Series) -> str:
    parts = [series.caption(), *([series.label] if series.label else []),
             series.description or "no description",
             pretty_date(series.date) or "no date", f"{series.count} images"]
    if series.left_out:
        parts.append(f"the first {series.count} of {series.count + series.left_out} shown")
    return " · ".join(parts)


def identity_mismatch(result: ScanResult, patient) -> bool:
    """See :func:`model.scan_identity.identity_mismatch` (the rule lives in the model)."""
    return scan_identity.identity_mismatch(result.identities, patient)


class ScanWorker(QObject):
    """Runs in a QThread: scans, then makes the thumbnails (QImage is safe off the UI thread)."""
    progress = Signal(int, int)
    scanned = Signal(object)
    thumbnail = Signal(int, QImage)
    failed = Signal(str)
    done = Signal()

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.stop = False

    @Slot()
    def run(self) -> None:
        """Always ends with ``done`` and, if anything went wrong, ``failed`` with a sentence:
        the browser must never stay on "Reading the folder…"."""
        try:
            self._run()
        except Exception as exc:  # noqa: BLE001 - any failure ends in a message, not silence
            log.warning("reading the scan folder failed: %s", type(exc).__name__)
            self.failed.emit(f"The folder could not be read ({type(exc).__name__}); nothing "
                             "is listed.")
        finally:
            self.done.emit()

    def _run(self) -> None:
        result = scan_folder(self.path, progress=self.progress.emit,
                             cancelled=lambda: self.stop)
        self.scanned.emit(result)
        for number, series in enumerate(result.series):
            if self.stop:
                break
            middle = series.middle
            if middle is None:
                continue
            try:
                image = image_model.import_image(middle.path, frame=middle.frame,
                                                 tile=middle.tile)
            except image_model.ImageError:
                continue
            from desktop_app.diagram.image_view import qimage_for

            picture = qimage_for(image)
            if not picture.isNull():
                self.thumbnail.emit(number, picture.scaled(
                    THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation))


class SeriesBrowser(QDialog):
    """Non-modal: opened with show(); ``keep`` is called with (KeyImage, caption) per kept slice
    and returns "" or the one-sentence reason it was not added."""
    finished_scan = Signal()

    def __init__(self, path: str, keep, patient=None, language: str = "en", parent=None):
        super().__init__(parent)
        self.setObjectName("series_browser")
        self.setWindowTitle("Patient scans")
        self.keep_callback = keep
        self.patient = patient
        self.language = language
        self.scan_result: ScanResult | None = None
        self.scan_error = ""            # a failure of the reading itself, as a sentence
        self.kept: list[str] = []
        self._thread: QThread | None = None
        self._worker: ScanWorker | None = None

        self.identity = _named(QLabel(), "identity")
        self.identity.setWordWrap(True)
        self.identity.setStyleSheet("font-weight: bold;")
        self.warning = _named(QLabel(), "identity_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #a40000; font-weight: bold;")
        self.warning.hide()
        self.summary = _named(QLabel("Reading the folder…"), "scan_summary")
        self.summary.setWordWrap(True)
        self.progress = _named(QProgressBar(), "scan_progress")
        self.cancel_button = _named(QPushButton("Cancel"), "cancel_scan")
        self.cancel_button.clicked.connect(self.cancel)

        self.series_list = _named(QListWidget(), "series_list")
        self.series_list.setIconSize(QSize(THUMB, THUMB))
        self.series_list.setWordWrap(True)
        self.series_list.currentRowChanged.connect(self._on_series)

        self.view = SeriesView()
        self.view.setMinimumSize(320, 320)
        self.slider = _named(QSlider(Qt.Orientation.Horizontal), "slice_slider")
        self.slider.valueChanged.connect(self.view.set_index)
        self.view.index_changed.connect(self._on_index)
        self.presets = _named(QComboBox(), "scan_presets")
        self.presets.addItems(["Window: as scanned", *image_model.PRESETS])
        self.presets.activated.connect(self._on_preset)
        zoom_in = _named(QPushButton("Zoom +"), "scan_zoom_in")
        zoom_in.clicked.connect(lambda: self.view.zoom_by(1.25))
        zoom_out = _named(QPushButton("Zoom −"), "scan_zoom_out")
        zoom_out.clicked.connect(lambda: self.view.zoom_by(0.8))
        fit = _named(QPushButton("Fit"), "scan_fit")
        fit.clicked.connect(self._fit)
        self.keep_button = _named(QPushButton("Keep this image"), "keep_image")
        self.keep_button.setDefault(True)
        self.keep_button.clicked.connect(self.keep_current)
        self.keep_button.setEnabled(False)
        self.status = _named(QLabel(), "keep_status")
        self.status.setWordWrap(True)

        tools = QHBoxLayout()
        for widget in (self.presets, zoom_out, zoom_in, fit):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.keep_button)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.view, 1)
        rl.addWidget(self.slider)
        rl.addLayout(tools)
        rl.addWidget(self.status)
        split = QSplitter()
        split.addWidget(self.series_list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([330, 600])

        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        close = _named(QPushButton("Close"), "close_browser")
        close.clicked.connect(self.close)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.identity)
        layout.addWidget(self.warning)
        layout.addWidget(split, 1)
        layout.addWidget(self.summary)
        layout.addLayout(bottom)
        self.resize(1000, 640)
        self._start(str(path))

    # ------------------------------------------------------------------------- scanning
    def _start(self, path: str) -> None:
        self._thread = QThread(self)
        self._worker = ScanWorker(path)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.scanned.connect(self._on_scanned)
        self._worker.thumbnail.connect(self._on_thumbnail)
        self._worker.failed.connect(self._on_failed)
        self._worker.done.connect(self._thread.quit)
        self._thread.finished.connect(self._on_finished)
        self.progress.setRange(0, 0)
        self._thread.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.stop = True
        self.cancel_button.setEnabled(False)

    @property
    def scanning(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_scanned(self, result: ScanResult) -> None:
        self.scan_result = result
        self.series_list.clear()
        for series in result.series:
            item = QListWidgetItem(series_text(series))
            item.setSizeHint(QSize(THUMB * 3, THUMB + 8))
            self.series_list.addItem(item)
        self.summary.setText(self._summary(result))
        self._show_identity(result)
        if result.series:
            self.series_list.setCurrentRow(0)

    def _on_failed(self, sentence: str) -> None:
        self.scan_error = sentence
        self.summary.setText(sentence)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)

    def _summary(self, result: ScanResult) -> str:
        if result.cancelled:
            return "Scanning was canceled; nothing is listed."
        studies = len(result.studies)
        parts = [f"{len(result.series)} series in {studies} "
                 f"{'study' if studies == 1 else 'studies'} ({result.images} image files)"]
        if result.skipped:
            cut = f", {result.cut_short} of them cut short" if result.cut_short else ""
            parts.append(f"{result.skipped} other files skipped ({result.not_dicom} not DICOM, "
                         f"{result.no_image} without an image, {result.unreadable} unreadable"
                         f"{cut})")
        if result.broken_dicomdir:
            parts.append("the DICOMDIR index is damaged, so every folder was read instead")
        if not result.series:
            parts.append("no scan images were found here")
        return "; ".join(parts) + "."

    def _show_identity(self, result: ScanResult) -> None:
        studies = ", ".join(sorted({pretty_date(s.date) for s in result.studies if s.date}))
        people = "; ".join(
            f"{who.name or 'no name'}, born {pretty_date(who.birth_date) or 'unknown'}"
            for who in result.identities) or "no patient name on the CD"
        self.identity.setText(f"On this CD: {people}. Study date: {studies or 'unknown'}. "
                              "Shown here only, to check it is the right patient; "
                              "never saved or printed.")
        if identity_mismatch(result, self.patient):
            self.warning.setText("Check the patient: the name or birth date on this CD is "
                                 "not the same as in this consultation.")
            self.warning.show()

    def _on_thumbnail(self, number: int, picture: QImage) -> None:
        item = self.series_list.item(number)
        if item is not None:
            item.setIcon(QIcon(QPixmap.fromImage(picture)))

    def _on_finished(self) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.cancel_button.setEnabled(False)
        self.finished_scan.emit()

    # ------------------------------------------------------------------------- browsing
    def current_series(self) -> Series | None:
        row = self.series_list.currentRow()
        if self.scan_result is None or not 0 <= row < len(self.scan_result.series):
            return None
        return self.scan_result.series[row]

    def _on_series(self, row: int) -> None:
        series = self.current_series()
        self.view.set_series(series)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, (series.count if series else 1) - 1))
        self.slider.setValue(self.view.index)
        self.slider.blockSignals(False)
        self.presets.setCurrentIndex(0)
        self._on_index(self.view.index)

    def _on_index(self, index: int) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(index)
        self.slider.blockSignals(False)
        self.keep_button.setEnabled(self.view.current_image() is not None)
        self.status.setText(self.view.problem)

    def _on_preset(self, index: int) -> None:
        if index == 0:
            self.view._window = None
            self.view._show()
        else:
            self.view.apply_preset(image_model.PRESETS[index - 1])
        self.view.setFocus()

    def _fit(self) -> None:
        self.view._user_zoom = False
        self.view.fit()

    def keep_current(self) -> str:
        """Add the shown slice, through its current window, as a key image."""
        series, piece = self.current_series(), self.view.current_slice()
        if series is None or piece is None or self.view.current_image() is None:
            return "There is no image to keep."
        # a fresh copy (new id) each time, with the window the surgeon set
        image = image_model.import_image(piece.path, frame=piece.frame, tile=piece.tile)
        window = self.view.current_window()
        if window is not None and image.is_dicom:
            image.window_center, image.window_width = window
        problem = self.keep_callback(image, series.caption(self.language))
        if problem:
            self.status.setText(problem)
        else:
            self.kept.append(image.id)
            self.status.setText(f"Kept image {self.view.index + 1} of this series as a key "
                                "image.")
            log.info("key image kept from a series (%s, %dx%d)", image.kind, image.width,
                     image.height)
        return problem

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.cancel()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(5000)
        image_model.forget_open_files()
        super().closeEvent(event)
