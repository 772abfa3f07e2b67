"""Screenshots of the main window at clinic screen sizes, light and dark, and of presentation
mode — to look at (issue: a room-ready window).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/screenshots_room.py OUT_DIR

Writes main_<w>x<h>_<theme>.png (the example consultation, the lesion panel open, a part of
the drawing explained, the Symptoms section with a card open), images_<w>x<h>_<theme>.png
(a scan on the Images section) and presentation_<diagram|scan>.png at 1,920 × 1,080.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = ((1366, 768), (1920, 1080), (1280, 720))
DARK = {"Window": "#2b2b2b", "WindowText": "#e6e6e6", "Base": "#1e1e1e", "Text": "#e6e6e6",
        "Button": "#353535", "ButtonText": "#e6e6e6", "Highlight": "#2f6fb0",
        "HighlightedText": "#ffffff", "AlternateBase": "#262626", "ToolTipBase": "#353535",
        "ToolTipText": "#e6e6e6", "PlaceholderText": "#9a9a9a", "Light": "#454545",
        "Midlight": "#3a3a3a", "Mid": "#303030", "Dark": "#202020", "Shadow": "#000000"}


def dark_palette():
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    return palette


def main(out_dir: str) -> int:
    from PySide6.QtWidgets import QApplication

    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.ui.application import make_application
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.presentation import PresentationWindow
    from tests.dicom_samples import make_mri_like

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    light = QApplication.palette()
    load = content_loader([])
    atlas = load_atlas_or_none()
    scan = make_mri_like(out / "scan.dcm", spacing=(0.8, 0.8))
    for theme in ("light", "dark"):
        QApplication.setPalette(dark_palette() if theme == "dark" else light)
        for width, height in SIZES:
            window = MainWindow(load("en"), atlas=atlas, content_for=load)
            window.open_path(ROOT / "tests" / "data" / "example_consultation.json")
            window.resize(width, height)
            window.show()
            window.lesion_dock.show()
            window.annotations.select([window.document.consultation.lesions[0].id])
            window.show_structure("presacral_space")
            window.sections.show_section("symptoms")
            page = window.pages["symptoms"]
            next(iter(page.cards.values())).set_expanded(True)
            app.processEvents()
            window.grab().save(str(out / f"main_{width}x{height}_{theme}.png"))
            window.sections.show_section("images")
            window.image_pane.import_path(scan, "Your MRI scan, side view")
            app.processEvents()
            window.grab().save(str(out / f"images_{width}x{height}_{theme}.png"))
            window.document.undo_stack.setClean()
            window.close()
    QApplication.setPalette(light)
    window = MainWindow(load("en"), atlas=atlas, content_for=load)
    window.open_path(ROOT / "tests" / "data" / "example_consultation.json")
    show = PresentationWindow(window.document, atlas, load)
    show.resize(1920, 1080)
    show.show()
    show.show_topic("what_is_it")
    app.processEvents()
    show.grab().save(str(out / "presentation_diagram.png"))
    window.images_tab.content().import_path(scan, "Your MRI scan, side view")
    show.show_image(window.document.consultation.images[-1].id)
    app.processEvents()
    show.grab().save(str(out / "presentation_scan.png"))
    show.close()
    window.document.undo_stack.setClean()
    window.close()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshots-room"))
