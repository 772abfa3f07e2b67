"""The surgeon's window on a dark palette (the screenshots' dark theme, tests/screenshots/room):
a disabled button looks disabled, input fields have a visible edge, and a toolbar's "»"
overflow button can be seen — measured on the painted pixels, with the numbers written here."""

import pytest
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication, QToolButton

from desktop_app.diagram.palette import contrast
from desktop_app.services import content_loader
from desktop_app.ui import look
from desktop_app.ui.main_window import MainWindow
from tests.conftest import EXAMPLE
from tests.screenshots.room import DARK, dark_palette

ENABLED_TEXT = 4.5      # WCAG AA for an enabled button's word
DISABLED_TEXT = 3.0     # a disabled button's word: clearly fainter (at most this)
EDGE = 3.0              # an input field's edge or the "»" glyph against the window (1.4.11)


@pytest.fixture(params=["dark", "light"])
def window(request, qtbot, library, atlas):
    old = QGuiApplication.palette()
    if request.param == "dark":
        QApplication.setPalette(dark_palette())
    w = MainWindow(library, atlas=atlas, content_for=content_loader([]))
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    w.open_path(EXAMPLE)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    w.lesion_dock.show()
    w.annotations.select([w.document.consultation.lesions[0].id])
    QApplication.processEvents()
    yield w
    QApplication.setPalette(old)


def _pixels(widget):
    image = widget.grab().toImage()
    return image, [[image.pixelColor(x, y).name() for x in range(image.width())]
                   for y in range(image.height())]


def _text_contrast(widget) -> float:
    """The contrast of a button's word: its most distant pixel from the button's face (the
    most common colour), inside its frame."""
    _image, rows = _pixels(widget)
    inset = 5                                   # inside the button's frame: its word only
    flat = [c for row in rows[inset:-inset] for c in row[inset:-inset]]
    face = max(set(flat), key=flat.count)
    return max(contrast(c, face) for c in flat)


def test_the_colours_meet_the_numbers_on_the_dark_palette(qapp):
    c = look.Colours.from_palette(dark_palette())
    assert contrast(c.field, DARK["Window"]) >= EDGE
    assert contrast(c.field, DARK["Base"]) >= EDGE
    assert contrast(DARK["ButtonText"], DARK["Button"]) >= ENABLED_TEXT
    assert 1.5 <= contrast(c.disabled, DARK["Button"]) <= DISABLED_TEXT
    assert c.more.endswith("more-white.svg")


def test_a_confirmed_approach_greys_its_confirm_button(window):
    panel = window.lesion_panel
    panel.confirm_approach()
    QApplication.processEvents()
    assert not panel.confirm.isEnabled() and panel.override.isEnabled()
    enabled, disabled = _text_contrast(panel.override), _text_contrast(panel.confirm)
    assert enabled >= ENABLED_TEXT, enabled
    assert disabled <= DISABLED_TEXT, disabled
    assert disabled < enabled / 1.8


def test_input_fields_have_an_edge_against_the_window(window):
    panel = window.lesion_panel
    behind = panel.form_scroll.viewport().palette().color(
        panel.form_scroll.viewport().backgroundRole()).name()
    for field in (panel.number, panel.label, panel.length_box, panel.width_box,
                  panel.suspected_text):
        image, rows = _pixels(field)
        middle = image.height() // 2
        left_edge = rows[middle][0]
        top_edge = rows[0][image.width() // 2]
        for edge in (left_edge, top_edge):
            assert contrast(edge, behind) >= EDGE, (field.objectName(), edge, behind)


def test_the_toolbar_overflow_button_can_be_seen(window, qtbot):
    # every toolbar fits at 1,280 px; a narrower window (1,000 px) makes them overflow
    window.resize(1000, 720)

    def shown_buttons():
        return [b for b in window.findChildren(QToolButton, "qt_toolbar_ext_button")
                if b.isVisible()]

    qtbot.waitUntil(lambda: bool(shown_buttons()))
    window_colour = window.palette().color(window.backgroundRole()).name()
    shown = shown_buttons()
    for button in shown:
        image, rows = _pixels(button)
        best = max(contrast(c, window_colour) for row in rows for c in row)
        assert best >= EDGE, best
        assert QColor(window_colour).isValid()
