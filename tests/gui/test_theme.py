"""Secondary text and clinician notes stay readable on light, dark and high-contrast palettes."""

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.ui import theme


def luminance(c: QColor) -> float:
    def ch(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


PALETTES = {
    "light": ("#f0f0f0", "#000000"),
    "dark": ("#2b2b2b", "#e6e6e6"),
    "high-contrast-dark": ("#000000", "#ffffff"),
}


@pytest.fixture(params=sorted(PALETTES))
def palette(request, qapp):
    old = QGuiApplication.palette()
    window, text = PALETTES[request.param]
    p = QPalette(old)
    p.setColor(QPalette.ColorRole.Window, QColor(window))
    p.setColor(QPalette.ColorRole.WindowText, QColor(text))
    QApplication.setPalette(p)
    yield request.param, QColor(window)
    QApplication.setPalette(old)


def test_secondary_text_contrast_at_least_4_5(palette):
    name, background = palette
    assert contrast(QColor(theme.muted()), background) >= 4.5, name
    assert contrast(QColor(theme.error()), background) >= 4.5, name


def test_clinician_note_box_follows_the_theme(palette):
    name, _ = palette
    css = theme.note_css()
    fg = QColor(css.split("color:")[-1].strip(" ;"))
    bg = QColor(css.split("background:")[1].split(";")[0])
    assert contrast(fg, bg) >= 7, name
    assert theme.is_dark() == (name != "light")


def test_window_built_on_a_dark_palette_uses_readable_hints(palette, qtbot, library, atlas):
    from desktop_app.ui.main_window import MainWindow

    name, background = palette
    w = MainWindow(library, atlas=atlas)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    hint_css = w.patient_panel.findChild(type(w.info), "patient_hint").styleSheet()
    colour = QColor(hint_css.split("color:")[1].strip(" ;"))
    assert contrast(colour, background) >= 4.5, name
