"""File ▸ Open patient scans…: pick a folder (a CD, a USB stick), open the series browser on it,
and add each kept slice to the Images tab as one undo step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog


def choose_scan_folder(parent) -> str:
    """A folder from the user (the app's own dialog, as for other files), or ""."""
    dialog = QFileDialog(parent, "Open patient scans (a CD or a folder)")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if not dialog.exec() or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]


def open_patient_scans(window, path: str | Path | None = None):
    """Open the series browser on ``path`` (asked for when None); returns it, or None."""
    from desktop_app.ui.series_browser import SeriesBrowser

    if path is None:
        path = choose_scan_folder(window)
        if not path:
            return None
    pane = window.image_pane
    consultation = window.document.consultation

    def keep(image, caption: str) -> str:
        problem = pane._add(lambda: image, "the kept image", caption)
        if not problem:
            window.tabs.setCurrentWidget(window.images_tab)
        return problem

    browser = SeriesBrowser(str(path), keep, patient=consultation.patient,
                            language=consultation.language, parent=window)
    browser.show()
    window.series_browser = browser
    return browser
