"""Every drawing in the main window: each view (side, cross-section, from behind), female and
male, light and dark, at 1,366 × 768 and 1,920 × 1,080, with the example consultation open
(``window_<view>_<variant>_<w>x<h>_<theme>.png``); and each drawing's pane alone with marks in
the labels' way: lesions on the sacrum, rectum and presacral space, an arrow and a stamp
(``marked_<view>_<variant>.png``, the pane of the 1,366 × 768 window)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.conftest import EXAMPLE
from tests.screenshots.room import dark_palette

SIZES = ((1366, 768), (1920, 1080))
VIEWS = ("sagittal", "axial", "posterior")
VARIANTS = ("female", "male")


def run(out: Path, size: tuple[int, int] | None) -> None:
    from desktop_app.diagram.annotations import install_annotations
    from desktop_app.diagram.pane import DiagramPane
    from desktop_app.document import Document
    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.ui.main_window import MainWindow
    from tests.drawing_marks import marked

    light = QApplication.palette()
    load = content_loader([])
    atlas = load_atlas_or_none()
    try:
        for theme in ("light", "dark"):
            QApplication.setPalette(dark_palette() if theme == "dark" else light)
            for width, height in [size] if size else SIZES:
                window = MainWindow(load("en"), atlas=atlas, content_for=load)
                window.open_path(EXAMPLE)
                window.resize(width, height)
                window.show()
                pane = window.diagram_pane
                for view in VIEWS:
                    for variant in VARIANTS:
                        pane.set_view(view)
                        pane.set_variant(variant)
                        QApplication.processEvents()
                        pane.fit()
                        QApplication.processEvents()
                        window.grab().save(
                            str(out / f"window_{view}_{variant}_{width}x{height}_{theme}.png"))
                window.document.undo_stack.setClean()
                window.maybe_save = lambda: True
                window.close()
                window.deleteLater()
                QApplication.processEvents()
        QApplication.setPalette(light)
        for view in VIEWS:
            for variant in VARIANTS:
                document = Document(marked(atlas, view, variant))
                pane = DiagramPane(document, atlas)
                install_annotations(pane, document, atlas)
                pane.resize(642, 640)
                pane.show()
                QApplication.processEvents()
                pane.fit()
                QApplication.processEvents()
                pane.grab().save(str(out / f"marked_{view}_{variant}.png"))
                pane.close()
                pane.deleteLater()
                QApplication.processEvents()
    finally:
        QApplication.setPalette(light)
