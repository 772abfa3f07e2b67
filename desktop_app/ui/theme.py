"""Colours that follow the system palette (light, dark, high contrast).

Secondary text is a blend of the palette's text and background colours rather than a fixed
grey, so it keeps enough contrast on a dark theme; in a high-contrast theme (text and
background far apart, e.g. pure black on white) secondary text is plain text colour.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from desktop_app.diagram.palette import contrast


def _palette() -> QPalette:
    return QGuiApplication.palette()


def is_dark() -> bool:
    p = _palette()
    return p.color(QPalette.ColorRole.Window).lightness() < p.color(
        QPalette.ColorRole.WindowText).lightness()


def high_contrast() -> bool:
    """Black-on-white or white-on-black style themes."""
    p = _palette()
    return abs(p.color(QPalette.ColorRole.Window).lightness()
               - p.color(QPalette.ColorRole.WindowText).lightness()) >= 250


def muted() -> str:
    """Secondary text colour as '#rrggbb' (about 75 % text, 25 % background)."""
    p = _palette()
    fg, bg = p.color(QPalette.ColorRole.WindowText), p.color(QPalette.ColorRole.Window)
    k = 1.0 if high_contrast() else 0.75
    c = QColor(round(fg.red() * k + bg.red() * (1 - k)),
               round(fg.green() * k + bg.green() * (1 - k)),
               round(fg.blue() * k + bg.blue() * (1 - k)))
    return c.name()


def muted_color() -> QColor:
    return QColor(muted())


def link() -> str:
    """Link colour: the palette's own when it reads on the window colour (4.5:1), else the
    accent or plain text, whichever does (a dark theme may leave the light theme's blue)."""
    p = _palette()
    window = p.color(QPalette.ColorRole.Window).name()
    for role in (QPalette.ColorRole.Link, QPalette.ColorRole.Highlight):
        colour = p.color(role).name()
        if contrast(colour, window) >= 4.5:
            return colour
    return "#8ab4f8" if is_dark() and contrast("#8ab4f8", window) >= 4.5 else \
        p.color(QPalette.ColorRole.WindowText).name()


def error() -> str:
    return "#ff8a80" if is_dark() else "#b00020"


def note_css() -> str:
    """The clinician-note box: a tinted panel that works on light and dark themes."""
    if is_dark():
        return ("background:#1f2f45; border-left:4px solid #56B4E9; padding:6px;"
                "color:#e8eef6;")
    return ("background:#eef3fb; border-left:4px solid #0072B2; padding:6px;"
            "color:#1d2b3a;")


def safety_css() -> str:
    """The safety-sentence box (where to go, how fast): a warm panel, dark text (contrast
    above 4.5:1 on both themes)."""
    if is_dark():
        return ("background:#3a2a14; border-left:4px solid #E69F00; padding:6px;"
                "color:#fbeede;")
    return ("background:#fdf1e3; border-left:4px solid #D55E00; padding:6px;"
            "color:#2b1a0b;")
