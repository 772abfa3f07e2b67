"""A text mark takes the colour shown on the drawing toolbar (it was always black)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop_app.diagram.palette import DEFAULT_PEN, OKABE_ITO


@pytest.fixture
def window(focused_window):
    return focused_window


def _type_note(qtbot, window, scene_xy, text):
    view = window.diagram_pane.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_T)                      # the Text tool by its key
    assert window.annotations.tool.name == "text"
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view.mapFromScene(*scene_xy))
    editor = window.annotations.tools["text"].editor
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    return window.document.consultation.texts[-1]


def test_text_marks_take_the_chosen_colour(window, qtbot):
    toolbar = window.annotations.toolbar
    shown = toolbar.colour_button.text()
    note = _type_note(qtbot, window, (150, 80), "Here")
    assert note.color.upper() == DEFAULT_PEN.upper()
    assert shown != "Black"
    name, vermillion = next((n, h) for n, h in OKABE_ITO if n.lower().startswith("vermil"))
    toolbar.colour_button.menu().actions()[[h for _n, h in OKABE_ITO].index(vermillion)].trigger()
    assert toolbar.colour_button.text() == name
    window.annotations.select([])
    note2 = _type_note(qtbot, window, (200, 300), "There")
    assert note2.color.upper() == vermillion.upper()
    item = window.annotations.layer.items[note2.id]
    assert item.color.upper() == vermillion.upper()
