"""The main window at clinic screen sizes, light and dark, and presentation mode.

main_<w>x<h>_<theme>.png: the example consultation with the lesion panel open, a part of the
drawing explained and the Symptoms section with a card open; images_<w>x<h>_<theme>.png: a
scan on the Images section; presentation_diagram.png / presentation_scan.png at 1,920 × 1,080.
``--size`` takes one size instead of the three (1,366 × 768, 1,920 × 1,080, 1,280 × 720).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from tests.conftest import EXAMPLE

SIZES = ((1366, 768), (1920, 1080), (1280, 720))
DARK = {"Window": "#2b2b2b", "WindowText": "#e6e6e6", "Base": "#1e1e1e", "Text": "#e6e6e6",
        "Button": "#353535", "ButtonText": "#e6e6e6", "Highlight": "#2f6fb0",
        "HighlightedText": "#ffffff", "AlternateBase": "#262626", "ToolTipBase": "#353535",
        "ToolTipText": "#e6e6e6", "PlaceholderText": "#9a9a9a", "Light": "#454545",
        "Midlight": "#3a3a3a", "Mid": "#303030", "Dark": "#202020", "Shadow": "#000000"}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    return palette


def run(out: Path, size: tuple[int, int] | None) -> None:
    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.presentation import PresentationWindow
    from tests.dicom_samples import make_mri_like

    light = QApplication.palette()
    load = content_loader([])
    atlas = load_atlas_or_none()
    scan = make_mri_like(out / "scan.dcm", spacing=(0.8, 0.8))
    try:
        for theme in ("light", "dark"):
            QApplication.setPalette(dark_palette() if theme == "dark" else light)
            for width, height in [size] if size else SIZES:
                window = MainWindow(load("en"), atlas=atlas, content_for=load)
                window.open_path(EXAMPLE)
                window.resize(width, height)
                window.show()
                window.lesion_dock.show()
                window.annotations.select([window.document.consultation.lesions[0].id])
                window.show_structure("presacral_space")
                window.sections.show_section("symptoms")
                next(iter(window.pages["symptoms"].cards.values())).set_expanded(True)
                QApplication.processEvents()
                window.grab().save(str(out / f"main_{width}x{height}_{theme}.png"))
                window.sections.show_section("images")
                window.image_pane.import_path(scan, "Your MRI scan, side view")
                QApplication.processEvents()
                window.grab().save(str(out / f"images_{width}x{height}_{theme}.png"))
                window.document.undo_stack.setClean()
                window.close()
    finally:
        QApplication.setPalette(light)
    window = MainWindow(load("en"), atlas=atlas, content_for=load)
    window.open_path(EXAMPLE)
    show = PresentationWindow(window.document, atlas, load)
    show.resize(1920, 1080)
    show.show()
    show.show_topic("what_is_it")
    QApplication.processEvents()
    show.grab().save(str(out / "presentation_diagram.png"))
    window.images_tab.content().import_path(scan, "Your MRI scan, side view")
    show.show_image(window.document.consultation.images[-1].id)
    QApplication.processEvents()
    show.grab().save(str(out / "presentation_scan.png"))
    show.close()
    window.document.undo_stack.setClean()
    window.close()
    scan.unlink()
