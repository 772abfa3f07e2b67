"""The main window at clinic screen sizes, light and dark, and presentation mode.

main_<w>x<h>_<theme>.png: the example consultation with the lesion panel open, a part of the
drawing explained and the Symptoms section with a card open; images_<w>x<h>_<theme>.png: a
scan on the Images section; present_{topic,section,scan}_<w>x<h>_<theme>.png: presentation
mode following the surgeon's window (a card open, a section, the Images section) at 1,280 × 720,
1,366 × 768, 1,920 × 1,080 and (a second run at device pixel ratio 2) 3,840 × 2,160.
``--size`` takes one size instead of the three (1,366 × 768, 1,920 × 1,080, 1,280 × 720).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from tests.conftest import EXAMPLE

SIZES = ((1366, 768), (1920, 1080), (1280, 720))
PRESENT_SIZES = ((1280, 720), (1366, 768), (1920, 1080))    # and 3,840 × 2,160 at ratio 2
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
    hidpi = float(os.environ.get("QT_SCALE_FACTOR", "1") or 1) != 1
    main_window(out, size, hidpi)
    present(out, size)
    if size is None and not hidpi:      # 3,840 × 2,160 is 1,920 × 1,080 at device ratio 2
        env = {**os.environ, "QT_SCALE_FACTOR": "2"}
        subprocess.run([sys.executable, "-m", "tests.screenshots", "--only", "room", "--size",
                        "1920x1080", "--out", str(out.parent)], env=env, check=True,
                       stdout=subprocess.DEVNULL, timeout=600)


def main_window(out: Path, size: tuple[int, int] | None, hidpi: bool) -> None:
    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.ui.main_window import MainWindow
    from tests.dicom_samples import make_mri_like

    light = QApplication.palette()
    load = content_loader([])
    atlas = load_atlas_or_none()
    scan = make_mri_like(out / "scan.dcm", spacing=(0.8, 0.8))
    try:
        for theme in ("light", "dark"):
            QApplication.setPalette(dark_palette() if theme == "dark" else light)
            for width, height in [] if hidpi else [size] if size else SIZES:
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
    scan.unlink()


def present(out: Path, size: tuple[int, int] | None) -> None:
    """Presentation mode as the patient sees it, at each room size, with the surgeon's window
    in the light and the dark theme: a topic, a section with no card open, a marked scan."""
    from desktop_app.diagram.commands import AddMark
    from desktop_app.model.consultation import Lesion
    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.ui.main_window import MainWindow
    from tests.dicom_samples import make_mri_like

    light = QApplication.palette()
    load = content_loader([])
    atlas = load_atlas_or_none()
    scan = make_mri_like(out / "scan.dcm", spacing=(0.8, 0.8))
    ratio = float(os.environ.get("QT_SCALE_FACTOR", "1") or 1)
    try:
        for theme in ("light", "dark"):
            QApplication.setPalette(dark_palette() if theme == "dark" else light)
            window = MainWindow(load("en"), atlas=atlas, content_for=load)
            window.open_path(EXAMPLE)
            window.image_pane.import_path(scan, "Your MRI scan, side view")
            image = window.document.consultation.images[-1]
            window.document.push(AddMark(window.document, Lesion(
                view=image.view_name, number=1, cx=224, cy=169, rx=28, ry=24)))
            window.toggle_presentation()
            show = window.presentation
            for width, height in [size] if size else PRESENT_SIZES:
                name = f"{round(width * ratio)}x{round(height * ratio)}_{theme}"
                show.showNormal()
                show.resize(width, height)
                window.reveal_item("surgery_posterior")
                QApplication.processEvents()
                show.grab().save(str(out / f"present_topic_{name}.png"))
                window.sections.show_section("overview")
                QApplication.processEvents()
                show.grab().save(str(out / f"present_section_{name}.png"))
                window.sections.show_section("images")
                QApplication.processEvents()
                show.grab().save(str(out / f"present_scan_{name}.png"))
            show.close()
            window.document.undo_stack.setClean()
            window.close()
    finally:
        QApplication.setPalette(light)
    scan.unlink()
