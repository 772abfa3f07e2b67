"""The lesion panel at a laptop's 1,280 x 720 and 1,366 x 768: every field inside the panel,
all fields starting at one x, the label showing its start, the lesion's title ending in "…"
when cut (never cut silently), and a size's "cm" never alone on a line."""

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.services import content_loader
from desktop_app.ui.main_window import MainWindow
from tests.conftest import EXAMPLE

@pytest.fixture
def panel_at(qtbot, library, atlas):
    """The window at a size with the example visit open and its lesion selected."""
    def make(width, height):
        w = MainWindow(library, atlas=atlas, content_for=content_loader([]))
        qtbot.addWidget(w)
        w.maybe_save = lambda: True
        w.open_path(EXAMPLE)
        w.resize(width, height)
        w.show()
        qtbot.waitExposed(w)
        w.lesion_dock.show()
        w.annotations.select([w.document.consultation.lesions[0].id])
        QApplication.processEvents()
        panel = w.lesion_panel
        qtbot.waitUntil(lambda: panel.stack.currentIndex() == 1)
        return w, panel
    return make


SIZES = [(1280, 720), (1366, 768)]


@pytest.mark.parametrize("size", SIZES)
def test_every_field_is_inside_the_panel_and_starts_at_one_x(panel_at, size):
    w, panel = panel_at(*size)
    page = panel.form_scroll.widget()
    room = panel.form_scroll.viewport().width()
    assert page.width() <= room, size
    fields = [panel.number, panel.label, panel.appearance, panel.length_box, panel.suspected,
              panel.suspected_text]
    for field in fields:
        left = field.mapTo(page, field.rect().topLeft()).x()
        assert left + field.width() <= room, (size, field.objectName())
    lefts = {field.mapTo(page, field.rect().topLeft()).x() for field in fields}
    assert len(lefts) == 1, (size, lefts)      # no field indented more than another
    right = panel.width_box.mapTo(page, panel.width_box.rect().topRight()).x()
    assert right < room, size


@pytest.mark.parametrize("size", SIZES)
def test_the_label_shows_its_start(panel_at, qtbot, size):
    w, panel = panel_at(*size)
    label = w.document.consultation.lesions[0].label
    assert panel.label.text() == label == "Cyst behind the lower rectum"
    assert panel.label.cursorPosition() == 0
    # typed at the end (the cursor there while typing) to longer than the field
    panel.label.setFocus()
    panel.label.end(False)
    qtbot.keyClicks(panel.label, ", pressing on the tailbone")
    longer = panel.label.text()
    assert panel.label.fontMetrics().horizontalAdvance(longer) > panel.label.width()
    assert panel.label.cursorPosition() == len(longer)
    panel.label.clearFocus()
    # undone and redone: the text comes from the visit again, and its start is in view
    w.document.undo_stack.undo()
    assert panel.label.text() == label and panel.label.cursorPosition() == 0
    w.document.undo_stack.redo()
    assert panel.label.text() == longer and panel.label.cursorPosition() == 0


@pytest.mark.parametrize("size", SIZES)
def test_a_long_lesion_title_ends_in_an_ellipsis_and_is_whole_in_the_tooltip(panel_at, qtbot,
                                                                             size):
    w, panel = panel_at(*size)
    box = panel.chooser
    label = w.document.consultation.lesions[0].label
    assert box.currentText().startswith("Lesion ") and label in box.currentText()
    shown = box.shown_text()
    assert shown != box.currentText() and shown.endswith("…")
    assert box.currentText().startswith(shown[:-1])
    assert box.toolTip() == box.currentText()
    # a short title is shown whole
    panel.label.selectAll()
    qtbot.keyClicks(panel.label, "Cyst")
    assert box.currentText() == "Lesion 1 — Cyst"
    assert box.shown_text() == box.currentText() and "…" not in box.shown_text()


@pytest.mark.parametrize("size", SIZES)
def test_the_drawn_size_keeps_its_unit_on_the_numbers_line(panel_at, size):
    w, panel = panel_at(*size)
    text = panel.drawn.text()
    size_part = text.split(": ", 1)[1]
    assert size_part.endswith("\u00a0cm") and " " not in size_part     # no break inside
    # laid out at the label's width, "cm" shares a line with the numbers
    fm = panel.drawn.fontMetrics()
    assert fm.horizontalAdvance(size_part) <= panel.drawn.width()
