"""Icons of a menu's actions drawn the first time the menu opens (the drawing toolbar's
colors, widths, shapes and stamps: 24 of its 35 icons, ~20 ms of CPU before the window
appeared when drawn up front), and again at the next opening after the palette changed.
They are set as plain pixmaps: an icon engine that draws later crashed the process at exit
(see ``annotation_toolbar._icon``)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu


class MenuIcons:
    def __init__(self, menu: QMenu, make: Callable[[QAction], QIcon]):
        self.menu = menu
        self.make = make
        self.drawn = False
        menu.aboutToShow.connect(self.draw)

    def draw(self) -> None:
        if not self.drawn:
            self.drawn = True
            for act in self.menu.actions():
                if not act.isSeparator():
                    act.setIcon(self.make(act))

    def redraw_later(self) -> None:
        """The palette changed: drawn anew at the next opening (now if it is open)."""
        self.drawn = False
        if self.menu.isVisible():
            self.draw()
