"""The series browser on a generated patient CD (a sagittal MR series and an axial CT series),
at 1000 × 640 and at a clinic screen's 1366 × 768, once the thumbnails are made."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

SIZES = [(1000, 640), (1366, 768)]


def run(out: Path, size: tuple[int, int] | None) -> None:
    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.ui.main_window import MainWindow
    from tests.scan_samples import make_cd

    load = content_loader([])
    window = MainWindow(load("en"), atlas=load_atlas_or_none(), content_for=load)
    with tempfile.TemporaryDirectory() as tmp:
        cd = make_cd(Path(tmp) / "cd", slices=24, rows=256, cols=256)
        browser = window.open_patient_scans(str(cd))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (
                browser.scanning or browser.scan_result is None
                or browser.series_list.count() < 2
                or browser.series_list.item(1).icon().isNull()):
            QApplication.processEvents()
            time.sleep(0.02)
        for width, height in [size] if size else SIZES:
            browser.resize(width, height)
            browser.show()
            QApplication.processEvents()
            browser.grab().save(str(out / f"series_browser_{width}x{height}.png"))
        browser.close()
    window.document.undo_stack.setClean()
    window.close()
