"""The lesion panel follows the picture the surgeon works on: a lesion selected on a scan is
described there (it said "None selected"), and a lesion on the drawing again after that."""

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from tests.support import drag, open_scan

LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def window(focused_window):
    return focused_window




def test_a_lesion_selected_on_a_scan_is_shown_in_the_panel(window, qtbot, tmp_path):
    panel = window.lesion_panel
    # a lesion on the drawing first, placed from the keyboard
    window.diagram_pane.view.setFocus()
    QTest.keyClick(window.diagram_pane.view, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    on_drawing = window.document.consultation.lesions[0]
    assert panel.chooser.currentData() == on_drawing.id
    assert panel.where.text() == "On the drawing"

    # the Images section, one click in the section list
    pane = open_scan(window, tmp_path / "mr.dcm")
    view = pane.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_L)                    # the Lesion tool, by its key
    drag(view, (100, 100), (180, 160))
    on_scan = next(x for x in window.document.consultation.lesions if x.id != on_drawing.id)
    assert on_scan.view.startswith("image:")
    assert panel.isVisible() and panel.stack.currentIndex() == 1
    assert panel.chooser.currentData() == on_scan.id
    assert panel.chooser.currentText().startswith("Lesion 1")
    assert "None selected" not in panel.chooser.currentText()
    assert panel.where.text() == "On the patient's image: Your MRI scan"
    assert "Outline on the image: about" in panel.drawn.text()
    # a label typed in the panel goes to the scan's lesion
    QTest.keyClicks(panel.label, "cyst")
    assert on_scan.label == "cyst" and on_drawing.label == ""

    # clicking the lesion on the drawing brings the drawing's lesion back
    dview = window.diagram_pane.view
    QTest.mouseClick(dview.viewport(), LEFT, NOMOD,
                     dview.mapFromScene(QPointF(on_drawing.cx, on_drawing.cy)))
    assert panel.chooser.currentData() == on_drawing.id
    assert panel.where.text() == "On the drawing"
