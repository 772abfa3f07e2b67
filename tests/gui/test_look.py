"""The window's look follows the system palette (light, dark, high contrast) and keeps text
readable on it; it is made again when the palette changes while the app runs."""

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.diagram.palette import contrast
from desktop_app.ui import look, theme
from tests.gui.test_theme import PALETTES


@pytest.fixture(params=sorted(PALETTES))
def palette(request, qapp):
    old = QGuiApplication.palette()
    window, text = PALETTES[request.param]
    p = QPalette(old)
    p.setColor(QPalette.ColorRole.Window, QColor(window))
    p.setColor(QPalette.ColorRole.WindowText, QColor(text))
    p.setColor(QPalette.ColorRole.Base, QColor(window))
    p.setColor(QPalette.ColorRole.Text, QColor(text))
    QApplication.setPalette(p)
    yield request.param, window
    QApplication.setPalette(old)


def test_links_and_the_accent_read_on_every_palette(palette):
    name, window = palette
    assert contrast(theme.link(), window) >= 4.5, name
    colours = look.Colours.from_palette()
    assert contrast(colours.on_accent, colours.accent) >= 4.5, name
    assert colours.window == QColor(window).name()
    if theme.high_contrast():
        assert colours.border == colours.text


def test_the_window_style_is_made_from_the_palette(palette, qtbot, library, atlas):
    from desktop_app.ui.main_window import MainWindow

    w = MainWindow(library, atlas=atlas)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    colours = look.Colours.from_palette()
    css = w.styleSheet()
    assert f"background: {colours.window}" in css and colours.border in css
    w.show_structure("presacral_space")
    assert theme.link() in w.explain_area.read_more.text()


def test_the_style_follows_a_palette_change(qtbot, library, atlas, qapp):
    from desktop_app.ui.main_window import MainWindow

    old = QGuiApplication.palette()
    w = MainWindow(library, atlas=atlas)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    w.show()
    before = w.styleSheet()
    dark = QPalette(old)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    try:
        QApplication.setPalette(dark)
        qtbot.waitUntil(lambda: w.styleSheet() != before)
        assert "#202124" in w.styleSheet()
    finally:
        QApplication.setPalette(old)
