"""Where the main window opens: where it was last closed, else a size that fits the screen.

The commonest clinic PC screen is 1,366 × 768: a fixed first size (it was 1,400 × 900) opened
larger than that screen. The first size now comes from the screen's available geometry (the
screen minus task bars), capped at a comfortable size on large screens. The start screen uses
the same rectangle, so the main window opens exactly in its place.

Light on purpose (QtCore / QtGui only): the start screen calls it before the rest of the app
is imported.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtGui import QGuiApplication

PREFERRED = (1600, 1000)     # on a large screen: room for everything, not a wall of white
FRAME = (16, 48)             # room left for the window manager's frame and title bar
KEY = "window/geometry"


def first_rect(screen=None) -> QRect:
    """A rectangle that fits the available area of ``screen`` (default: the primary one),
    centred on it."""
    screen = screen or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    width = min(PREFERRED[0], area.width() - FRAME[0])
    height = min(PREFERRED[1], area.height() - FRAME[1])
    rect = QRect(0, 0, max(width, 200), max(height, 200))
    rect.moveCenter(area.center())
    return rect


def restore(widget) -> bool:
    """Give ``widget`` the geometry it was last closed with, if that is still on a screen;
    else the first size for its screen. True if a remembered geometry was used."""
    saved = QSettings().value(KEY)
    if isinstance(saved, (QByteArray, bytes)) and widget.restoreGeometry(QByteArray(saved)) \
            and _on_a_screen(widget.frameGeometry()):
        return True
    widget.setGeometry(first_rect(widget.screen()))
    return False


def save(widget) -> None:
    """Remember the geometry of ``widget`` (size, place, maximised) for the next start."""
    QSettings().setValue(KEY, widget.saveGeometry())


def forget() -> None:
    QSettings().remove(KEY)


def _on_a_screen(rect: QRect) -> bool:
    """Most of the title bar is on some screen (a screen unplugged since: not)."""
    bar = QRect(rect.left(), rect.top(), rect.width(), 40)
    for screen in QGuiApplication.screens():
        shared = screen.availableGeometry().intersected(bar)
        if shared.width() * shared.height() >= bar.width() * bar.height() // 2:
            return True
    return False
