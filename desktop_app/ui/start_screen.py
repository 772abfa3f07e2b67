"""The start-up screen: the app's name, the clinic's name and logo, and "Preparing ...".

It appears a fraction of a second after a double-click, while the content, the drawing and
the main window are made, so nobody clicks the icon again thinking nothing happened (on a
hospital PC whose virus scanner reads every file of the app at first start, that can take
seconds). It closes as soon as the main window is on screen.

This module is deliberately light: it runs before the rest of the app is imported and touches
only a handful of Qt classes (PySide6 builds the Python enums of a class the first time the
class is used, at some 0.1 ms per enum member).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from desktop_app import APP_NAME, __version__
from desktop_app.paths import resource_path

SIZE = (540, 260)
PAPER = QColor("#fbfaf6")     # the diagram's background
EDGE = QColor("#d9d5cb")
INK = QColor("#1f2328")
MUTED = QColor("#5b6270")      # 6.2:1 on PAPER
ACCENT = QColor("#1f5f99")
PREPARING = "Preparing the drawing and the explanations…"


def _elide(text: str, metrics: QFontMetricsF, width: float) -> str:
    if metrics.horizontalAdvance(text) <= width:
        return text
    while text and metrics.horizontalAdvance(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont(QGuiApplication.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _scaled(pixmap: QPixmap, max_w: float, max_h: float) -> tuple[float, float]:
    k = min(max_w / pixmap.width(), max_h / pixmap.height(), 1.0)
    return pixmap.width() * k, pixmap.height() * k


def start_pixmap(clinic_name: str = "", logo: Path | None = None) -> QPixmap:
    """The picture the start screen shows (also used by the tests and the screenshot script)."""
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    w, h = SIZE
    pixmap = QPixmap(round(w * ratio), round(h * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(PAPER)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(EDGE)
    p.drawRect(0, 0, w - 1, h - 1)
    p.fillRect(0, 0, w, 6, ACCENT)

    icon = QPixmap(str(resource_path("icons", "presacral-consult-256.png")))
    left = 32.0
    if not icon.isNull():
        p.drawPixmap(int(left), 60, 96, 96, icon)
        left += 96 + 28
    text_w = w - left - 28

    y = 92.0
    title = _font(20, bold=True)
    p.setFont(title)
    p.setPen(INK)
    p.drawText(int(left), int(y), _elide(APP_NAME, QFontMetricsF(title), text_w))
    if clinic_name:
        body = _font(12)
        p.setFont(body)
        p.drawText(int(left), int(y + 32), _elide(clinic_name, QFontMetricsF(body), text_w))
    small = _font(10)
    p.setFont(small)
    p.setPen(MUTED)
    y += 66
    p.drawText(int(left), int(y), _elide(PREPARING, QFontMetricsF(small), text_w))
    version = f"Version {__version__}"
    p.drawText(int(w - 24 - QFontMetricsF(small).horizontalAdvance(version)), h - 20, version)

    if logo is not None:
        image = QPixmap(str(logo))
        if not image.isNull():
            lw, lh = _scaled(image, 150, 48)
            p.drawPixmap(int(32), int(h - 20 - lh), int(lw), int(lh), image)
    p.end()
    return pixmap


class StartScreen(QWidget):
    """A frameless picture in the middle of the screen. (Not QSplashScreen: its ``show()``
    blocks for a second waiting for the window manager to report the window exposed — on
    Xvfb and the offscreen platform always, and that second is start-up time.)"""

    def __init__(self, pixmap: QPixmap):
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.pixmap = pixmap
        self.setObjectName("start_screen")
        self.setAccessibleName(f"{APP_NAME} is starting")
        self.setWindowTitle(APP_NAME)
        size = pixmap.deviceIndependentSize().toSize()
        self.setFixedSize(size)
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.move(screen.availableGeometry().center() - self.rect().center())

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        QPainter(self).drawPixmap(0, 0, self.pixmap)

    def finish(self, window: QWidget) -> None:
        """Close once ``window`` is up (the caller has shown it)."""
        QGuiApplication.processEvents()  # let the main window paint before this one goes
        self.close()


def show_start_screen(config) -> StartScreen:
    """Show the start screen and paint it before returning (the caller then works for a while
    without an event loop, so the first paint cannot wait for one)."""
    splash = StartScreen(start_pixmap(config.clinic_name, config.logo_path()))
    splash.show()
    splash.repaint()
    QGuiApplication.processEvents()
    return splash
