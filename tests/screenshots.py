"""Save PNG screenshots of the start screen, the main window and each tab, to look at them.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/screenshots.py OUT_DIR

Uses the example consultation so the tabs show ticked items and the diagram shows marks.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(out_dir: str) -> int:
    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.ui.application import make_application
    from desktop_app.ui.main_window import MainWindow

    from desktop_app.ui.start_screen import StartScreen

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    start = StartScreen("St Elsewhere Colorectal Surgery")  # the first window at start-up
    start.show()
    app.processEvents()
    start.grab().save(str(out / "start_screen.png"))
    start.close()
    load = content_loader([])
    window = MainWindow(load("en"), atlas=load_atlas_or_none(), content_for=load)
    window.resize(1440, 900)
    window.open_path(ROOT / "tests" / "data" / "example_consultation.json")
    window.show()
    app.processEvents()
    window.grab().save(str(out / "main_window.png"))
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.currentWidget()
        cards = getattr(page, "cards", {})
        for card in list(cards.values())[:2]:  # show what an expanded card looks like
            card.set_expanded(True)
        app.processEvents()
        name = window.tabs.tabText(index).lower().replace(" ", "_")
        window.grab().save(str(out / f"tab_{index:02d}_{name}.png"))
    window.document.undo_stack.setClean()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
