"""The start screen: painted at once, names the clinic, shows its logo, and the main window
opens in its place."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMainWindow

from desktop_app.infra.config import ClinicConfig
from desktop_app.ui import start_screen, window_geometry
from desktop_app.ui.start_screen import (CARD_WIDTH, PAPER, StartScreen, card_html,
                                         show_start_screen)


def _colours_in(image: QImage, rect) -> set[str]:
    x0, y0, w, h = rect
    ratio = image.devicePixelRatio()
    return {QColor(image.pixel(int(x * ratio), int(y * ratio))).name()
            for x in range(x0, x0 + w, 2) for y in range(y0, y0 + h, 2)}


def test_start_screen_is_painted_then_the_window_opens_in_its_place(qtbot):
    window_geometry.forget()            # a first start: a size that fits the screen
    splash = show_start_screen(ClinicConfig(clinic_name="St Elsewhere Colorectal"))
    qtbot.addWidget(splash)
    assert isinstance(splash, StartScreen)
    assert splash.isVisible() and splash.isWindow()
    first = window_geometry.first_rect(splash.screen())
    assert splash.size() == first.size()
    assert splash.screen().availableGeometry().contains(splash.geometry())
    assert splash.windowTitle() == "Presacral Consult"
    assert splash.accessibleName() == "Presacral Consult is starting"
    assert "St Elsewhere Colorectal" in splash.card.text()
    # painted: paper around a white card in the middle, with the blue app icon on it
    shot = splash.grab().toImage()
    assert QColor(shot.pixel(5, 5)).name() == PAPER
    card = splash.card.geometry()
    assert card.width() == CARD_WIDTH
    assert abs(card.center().x() - splash.width() / 2) <= 2
    assert card.top() > 100 and card.bottom() < splash.height() - 100
    inside = _colours_in(shot, (card.left() + 30, card.top() + 30, 100, 100))
    assert "#ffffff" in inside
    assert any(QColor(c).blue() > QColor(c).red() + 40 for c in inside)  # the icon
    splash.move(37, 41)
    window = QMainWindow()
    qtbot.addWidget(window)
    splash.finish(window)
    assert not splash.isVisible()
    assert window.isVisible()
    assert window.geometry() == splash.geometry()


def test_clinic_name_is_escaped_and_absent_without_a_clinic():
    assert "Clinic" not in card_html("")
    text = card_html("Smith & Jones <Surgery>")
    assert "Smith &amp; Jones &lt;Surgery&gt;" in text
    assert "<Surgery>" not in text


def test_long_clinic_names_wrap_inside_the_card(qtbot):
    splash = StartScreen("A very long clinic name " * 8)
    qtbot.addWidget(splash)
    splash.show()
    qtbot.waitExposed(splash)
    assert splash.card.width() == CARD_WIDTH
    assert splash.card.sizeHint().height() > StartScreen("Short").card.sizeHint().height()


def test_clinic_logo_is_shown_and_a_missing_logo_is_left_out(qtbot, tmp_path):
    logo = tmp_path / "logo.png"
    img = QImage(300, 100, QImage.Format.Format_RGB32)
    img.fill(QColor("#c00000"))
    assert img.save(str(logo))
    splash = StartScreen("Clinic", logo)
    qtbot.addWidget(splash)
    splash.show()
    qtbot.waitExposed(splash)
    card = splash.card.geometry()
    shot = splash.grab().toImage()
    assert "#c00000" in _colours_in(shot, (card.left(), card.top(), card.width(), card.height()))
    assert str(tmp_path / "missing.png") not in card_html("Clinic", tmp_path / "missing.png")


def test_start_screen_module_stays_light():
    """It runs before the rest of the app is imported: no app modules beyond paths."""
    source = open(start_screen.__file__, encoding="utf-8").read()
    imports = [ln for ln in source.splitlines()
               if ln.startswith(("from desktop_app", "import desktop_app"))]
    assert imports == ["from desktop_app import APP_NAME, ORG_NAME, __version__",
                       "from desktop_app.infra.paths import resource_path"]
    assert "PySide6.QtCore import Qt" not in source
