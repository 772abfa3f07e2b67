"""The start screen: painted at once, names the clinic, shows its logo, goes when the window
is up."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMainWindow

from desktop_app.config import ClinicConfig
from desktop_app.ui import start_screen
from desktop_app.ui.start_screen import PAPER, SIZE, StartScreen, show_start_screen, start_pixmap


def _ink_columns(image: QImage, top: int, bottom: int) -> int:
    """How many pixel columns right of the icon, in a band of rows, hold anything but the
    background."""
    paper = PAPER.rgb()
    ratio = image.devicePixelRatio()
    cols = 0
    for x in range(int(150 * ratio), int((SIZE[0] - 2) * ratio)):
        if any(image.pixel(x, int(y * ratio)) != paper for y in range(top, bottom)):
            cols += 1
    return cols


def test_start_screen_is_shown_painted_and_closed_with_the_window(qtbot):
    splash = show_start_screen(ClinicConfig(clinic_name="St Elsewhere Colorectal"))
    qtbot.addWidget(splash)
    assert isinstance(splash, StartScreen)
    assert splash.isVisible() and splash.isWindow()
    assert (splash.width(), splash.height()) == SIZE
    assert splash.accessibleName() == "Presacral Consult is starting"
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    splash.finish(window)
    assert not splash.isVisible()
    assert window.isVisible()


def test_clinic_name_is_written_and_long_names_are_shortened(qtbot):
    """The clinic line (rows 108-126, right of the icon) has ink only when a name is configured,
    and a very long name stops inside the picture instead of running off its edge."""
    blank = start_pixmap("").toImage()
    named = start_pixmap("St Elsewhere Colorectal Surgery").toImage()
    long_name = start_pixmap("A clinic name " * 12).toImage()
    assert _ink_columns(blank, 108, 126) == 0
    assert _ink_columns(named, 108, 126) > 100
    ratio = long_name.devicePixelRatio()
    right_margin = [long_name.pixel(x, int(118 * ratio)) for x in
                    range(int((SIZE[0] - 20) * ratio), int((SIZE[0] - 2) * ratio))]
    assert all(QColor(p) == PAPER for p in right_margin)


def test_clinic_logo_is_drawn_and_a_broken_logo_is_ignored(qtbot, tmp_path):
    logo = tmp_path / "logo.png"
    img = QImage(300, 100, QImage.Format.Format_RGB32)
    img.fill(QColor("#c00000"))
    assert img.save(str(logo))
    with_logo = start_pixmap("Clinic", logo).toImage()
    ratio = with_logo.devicePixelRatio()
    # the logo sits at the bottom left, at most 150 x 48
    assert QColor(with_logo.pixel(int(60 * ratio), int((SIZE[1] - 40) * ratio))) == QColor("#c00000")
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    plain = start_pixmap("Clinic", broken).toImage()
    assert QColor(plain.pixel(int(60 * ratio), int((SIZE[1] - 40) * ratio))) == PAPER


def test_start_screen_module_stays_light():
    """It runs before the rest of the app is imported: no app modules beyond paths."""
    source = open(start_screen.__file__, encoding="utf-8").read()
    imports = [ln for ln in source.splitlines() if ln.startswith(("from desktop_app", "import desktop_app"))]
    assert imports == ["from desktop_app import APP_NAME, __version__",
                       "from desktop_app.paths import resource_path"]
