"""The start screen: the app's name, the clinic's name and logo, and "Preparing ...".

It is the app's first window, painted a fraction of a second after a double-click while the
content, the drawing and the main window are made, so nobody clicks the icon again thinking
nothing happened (on a hospital PC whose virus scanner reads every file of the app at first
start, that can take seconds). The main window then opens in exactly its place and the start
screen closes: the user sees one window that fills in.

This module is deliberately light: it runs before the rest of the app is imported and uses a
rich-text label in a stretchable grid instead of painting. PySide6 builds the Python enums of a
class the first time the class is used, and almost any painting call (``setPen``,
``fillRect``) or alignment / window flag resolves its overloads through the ``Qt`` namespace,
whose ~90 enums take ~35 ms to build. Nor is it a QSplashScreen: its ``show()`` waits up to a
second for the window manager to report the window exposed (the full second on Xvfb and
offscreen).
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QWidget

from desktop_app import APP_NAME, ORG_NAME, __version__
from desktop_app.infra.paths import resource_path

WINDOW_SIZE = (1400, 900)      # a start screen made without a screen's size (tests)
CARD_WIDTH = 560
PAPER = "#fbfaf6"              # the diagram's background
INK = "#1f2328"
MUTED = "#5b6270"              # 6.2:1 on white
ACCENT = "#1f5f99"
PREPARING = "Preparing the drawing and the explanations…"

_STYLE = f"""
QWidget#start_screen {{ background: {PAPER}; }}
QLabel#start_card {{ background: #ffffff; color: {INK}; border: 1px solid #d9d5cb;
                     border-top: 6px solid {ACCENT}; padding: 22px 28px; }}
"""


def make_application(argv=None) -> QApplication:
    """The QApplication with the app's names (settings and data folders derive from them)."""
    existing = QApplication.instance()
    app = (existing if isinstance(existing, QApplication)
           else QApplication(argv or [sys.argv[0]]))
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName("presacral-consult")
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app


def card_html(clinic_name: str = "", logo: Path | None = None) -> str:
    """The start card as rich text (the clinic's name escaped; a logo only if it exists)."""
    icon = resource_path("icons", "presacral-consult-256.png")
    clinic = (f"<p style='font-size:13pt; margin:0 0 10px 0'>{html.escape(clinic_name)}</p>"
              if clinic_name else "")
    logo_row = ""
    if logo is not None and Path(logo).is_file():
        logo_row = (f"<tr><td colspan='2' style='padding-top:14px'>"
                    f"<img src='{html.escape(str(logo))}' height='48'></td></tr>")
    return (f"<table cellspacing='0' cellpadding='0'><tr>"
            f"<td width='96'><img src='{html.escape(str(icon))}' width='96' height='96'></td>"
            f"<td style='padding-left:26px'>"
            f"<p style='font-size:21pt; font-weight:bold; margin:0 0 8px 0'>{APP_NAME}</p>"
            f"{clinic}"
            f"<p style='color:{MUTED}; margin:0'>{PREPARING}</p>"
            f"<p style='color:{MUTED}; font-size:9pt; margin:14px 0 0 0'>Version {__version__}</p>"
            f"</td></tr>{logo_row}</table>")


class StartScreen(QWidget):
    """A window the size of the main window with the start card in its middle."""

    def __init__(self, clinic_name: str = "", logo: Path | None = None,
                 size: tuple[int, int] = WINDOW_SIZE):
        super().__init__()
        self.setObjectName("start_screen")
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName(f"{APP_NAME} is starting")
        self.setStyleSheet(_STYLE)
        self.card = QLabel(card_html(clinic_name, logo))
        self.card.setObjectName("start_card")
        self.card.setWordWrap(True)  # a long clinic name wraps inside the card
        # rich text of our own, the clinic's name escaped (1 = Qt.RichText, set by property:
        # touching the Qt enums here would build all of them before the screen shows)
        self.card.setProperty("textFormat", 1)
        self.card.setFixedWidth(CARD_WIDTH)
        grid = QGridLayout(self)
        grid.addWidget(self.card, 1, 1)
        grid.setRowStretch(0, 2)     # a little above the middle
        grid.setRowStretch(2, 3)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)
        self.resize(*size)

    def finish(self, window: QWidget) -> None:
        """Put ``window`` where this one is, show it, let it paint, then close."""
        if self.isVisible():
            window.setGeometry(self.geometry())
        window.show()
        QGuiApplication.processEvents()
        self.close()


def show_start_screen(config) -> StartScreen:
    """Show the start screen and paint it before returning (the caller then works for a while
    without an event loop, so the first paint cannot wait for one)."""
    from desktop_app.ui import window_geometry

    splash = StartScreen(config.clinic_name, config.logo_path())
    window_geometry.restore(splash)     # where the main window was last closed, or fits
    splash.show()
    splash.repaint()
    QGuiApplication.processEvents()
    return splash
