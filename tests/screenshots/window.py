"""The start screen, the main window and each of its tabs, on the example consultation (so
the tabs show ticked items and the diagram shows marks); two cards per tab expanded."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.conftest import EXAMPLE

SIZE = (1440, 900)


def run(out: Path, size: tuple[int, int] | None) -> None:
    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.start_screen import StartScreen

    start = StartScreen("St Elsewhere Colorectal Surgery")  # the first window at start-up
    start.show()
    QApplication.processEvents()
    start.grab().save(str(out / "start_screen.png"))
    start.close()
    load = content_loader([])
    window = MainWindow(load("en"), atlas=load_atlas_or_none(), content_for=load)
    window.resize(*(size or SIZE))
    window.open_path(EXAMPLE)
    window.show()
    QApplication.processEvents()
    window.grab().save(str(out / "main_window.png"))
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.currentWidget()
        cards = getattr(page, "cards", {})
        for card in list(cards.values())[:2]:  # show what an expanded card looks like
            card.set_expanded(True)
        QApplication.processEvents()
        name = window.tabs.tabText(index).lower().replace(" ", "_")
        window.grab().save(str(out / f"tab_{index:02d}_{name}.png"))
    window.document.undo_stack.setClean()
    window.close()
