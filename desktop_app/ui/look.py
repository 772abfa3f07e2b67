"""The main window's look: calm cards, a quiet section list, one accent — from the palette.

Every colour here is taken from (or mixed between) the system palette's own colours, so the
window follows light, dark and high-contrast themes, and is made again when the palette
changes while the app runs. Nothing is a fixed colour: a fixed white card would glare on a
dark theme and vanish on a high-contrast one.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

from desktop_app.diagram.palette import contrast, mix
from desktop_app.infra.paths import resource_path
from desktop_app.ui import theme

RADIUS = 8          # px, cards and fields
FIELD_CONTRAST = 3.0    # an input field's edge against the window (WCAG 1.4.11 non-text)
DISABLED_MIX = 0.4      # a disabled button's text: 40 % of the way from the button to its text
HOVER_TINT = 0.88   # a hovered section: the accent, mostly faded into the window colour


@dataclass(frozen=True)
class Colours:
    window: str
    base: str
    text: str
    accent: str
    on_accent: str
    border: str
    control: str    # outlines of controls (check boxes): 3:1 on the card (WCAG non-text)
    hover: str
    tick: str       # the check mark's image: white or black, whichever reads on the accent
    field: str      # edges of input fields: 3:1 on the window and on the field (WCAG non-text)
    button: str
    disabled: str   # text of a disabled button: clearly fainter than an enabled one's
    more: str       # a toolbar's "»" overflow image: white or black, whichever reads
    up: str         # a spin box's arrows, likewise
    down: str

    @classmethod
    def from_palette(cls, palette: QPalette | None = None) -> Colours:
        p = palette or QGuiApplication.palette()
        role = QPalette.ColorRole
        window = p.color(role.Window).name()
        base = p.color(role.Base).name()
        text = p.color(role.WindowText).name()
        accent = p.color(role.Highlight).name()
        on_accent = p.color(role.HighlightedText).name()
        if contrast(on_accent, accent) < 4.5:      # a theme's odd pair: the readable one
            on_accent = max(("#000000", "#FFFFFF"), key=lambda c: contrast(c, accent))
        # borders: a quarter of the way to the text (all the way in a high-contrast theme)
        border = text if theme.high_contrast() else mix(window, text, 0.25)
        control = next((mix(base, text, t) for t in (0.45, 0.55, 0.7, 1.0)
                        if contrast(mix(base, text, t), base) >= 3.0), text)
        field = next((mix(window, text, t) for t in (0.45, 0.55, 0.7, 1.0)
                      if min(contrast(mix(window, text, t), window),
                             contrast(mix(window, text, t), base)) >= FIELD_CONTRAST), text)
        button = p.color(role.Button).name()
        button_text = p.color(role.ButtonText).name()
        return cls(window=window, base=base, text=text, accent=accent, on_accent=on_accent,
                   border=border, control=control, hover=mix(accent, window, HOVER_TINT),
                   tick=tick_image(on_accent), field=field, button=button,
                   disabled=mix(button, button_text, DISABLED_MIX),
                   more=more_image(window), up=ink_image("up", base),
                   down=ink_image("down", base))


def ink_image(stem: str, background: str) -> str:
    """``<stem>-white.svg`` or ``<stem>-black.svg``, whichever reads on ``background``."""
    ink = "white" if contrast("#FFFFFF", background) > contrast("#000000", background) \
        else "black"
    return resource_path("ui", f"{stem}-{ink}.svg").as_posix()


def more_image(window: str) -> str:
    return ink_image("more", window)


def tick_image(on_accent: str) -> str:
    name = "tick-white.svg" if contrast(on_accent, "#000000") > contrast(on_accent, "#FFFFFF") \
        else "tick-black.svg"
    return resource_path("ui", name).as_posix()


def window_css(colours: Colours | None = None) -> str:
    c = colours or Colours.from_palette()
    return f"""
QListWidget#section_list {{
    background: {c.window}; border: none; outline: 0; padding: 2px 6px 2px 6px;
}}
QListWidget#section_list::item {{ border-radius: 6px; padding-left: 8px; }}
QListWidget#section_list::item:selected {{ background: {c.accent}; color: {c.on_accent}; }}
QListWidget#section_list::item:hover:!selected {{ background: {c.hover}; }}
QFrame[role="card"] {{
    background: {c.base}; border: 1px solid {c.border}; border-radius: {RADIUS}px;
}}
QLineEdit#content_search {{
    background: {c.base}; border: 1px solid {c.border}; border-radius: {RADIUS}px;
    padding: 4px 8px;
}}
QLineEdit#content_search:focus {{ border: 2px solid {c.accent}; padding: 3px 7px; }}
QToolButton#present_button {{
    background: {c.accent}; color: {c.on_accent}; border: none; border-radius: {RADIUS}px;
    padding: 5px 14px; font-weight: 600;
}}
QToolButton#present_button:focus {{ border: 2px solid {c.text}; padding: 3px 12px; }}
QFrame[role="card"] QToolButton {{ border: none; background: transparent; }}
QCheckBox::indicator {{
    width: 14px; height: 14px; border: 1px solid {c.control}; border-radius: 3px;
    background: {c.base};
}}
QCheckBox::indicator:checked {{
    border: 1px solid {c.accent}; background: {c.accent}; image: url({c.tick});
}}
QCheckBox::indicator:focus {{ border: 2px solid {c.accent}; }}
QCheckBox::indicator:disabled {{ border: 1px solid {c.border}; }}
QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit {{
    border: 1px solid {c.field}; border-radius: 3px; background: {c.base}; padding: 2px 3px;
}}
QLineEdit:focus, QAbstractSpinBox:focus, QPlainTextEdit:focus, QTextEdit:focus {{
    border: 1px solid {c.accent};
}}
QAbstractSpinBox {{ padding-right: 16px; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{
    subcontrol-origin: border; width: 16px; border: none; border-left: 1px solid {c.border};
    background: transparent;
}}
QAbstractSpinBox::up-button {{ subcontrol-position: top right; }}
QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; }}
QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover {{
    background: {c.hover};
}}
QAbstractSpinBox::up-arrow {{ image: url({c.up}); width: 10px; height: 6px; }}
QAbstractSpinBox::down-arrow {{ image: url({c.down}); width: 10px; height: 6px; }}
QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::up-arrow:off,
QAbstractSpinBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:off {{ image: none; }}
QLineEdit:disabled, QAbstractSpinBox:disabled {{ border: 1px solid {c.border}; }}
QPushButton:disabled, QToolButton:disabled {{ color: {c.disabled}; }}
QPushButton[role="primary"] {{
    background: {c.accent}; color: {c.on_accent}; border: none; border-radius: 6px;
    padding: 6px 14px; font-weight: 600;
}}
QPushButton[role="primary"]:focus {{ border: 2px solid {c.text}; padding: 4px 12px; }}
QToolButton#qt_toolbar_ext_button {{ qproperty-icon: url({c.more}); }}
"""


class _Follower(QObject):
    """Makes the style again when the palette changes (theme switched while the app runs)."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self._busy = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange) \
                and not self._busy:
            self._busy = True
            try:
                apply(self.window)
            finally:
                self._busy = False
        return False


def apply(window: QWidget) -> None:
    window.setStyleSheet(window_css())


def install(window: QWidget) -> None:
    """Style ``window`` now and whenever the system palette changes."""
    apply(window)
    window.installEventFilter(_Follower(window))
