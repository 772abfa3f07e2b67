"""The surgeon is warned, never blocked, when a biopsy is ticked while a lesion is thought to
be a meningocele (a meningocele is never needled: Jao 1985). Driven through the real window:
a lesion placed from the keyboard, its suspected type chosen in the lesion panel, the biopsy
ticked with a mouse click on its card; undo takes the warning away again."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from tests.support import open_section


LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def window(focused_window):
    return focused_window


def _choose_type(panel, type_id: str) -> None:
    i = panel.suspected.findData(type_id)
    assert i > 0, type_id
    panel.suspected.setCurrentIndex(i)
    panel.suspected.activated.emit(i)


def test_meningocele_and_biopsy_warn_the_surgeon_without_blocking(window, qtbot):
    warning = window.biopsy_warning
    assert not warning.isVisible()
    window.diagram_pane.view.setFocus()
    QTest.keyClick(window.diagram_pane.view, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    lesion = window.document.consultation.lesions[0]
    _choose_type(window.lesion_panel, "anterior_sacral_meningocele")
    assert lesion.suspected_type == "anterior_sacral_meningocele"
    assert not warning.isVisible()            # no biopsy yet: nothing to say

    open_section(window, "workup")
    box = window.pages["workup"].cards["biopsy"].checks["tests"]
    qtbot.waitUntil(box.isVisible)
    window.pages["workup"].ensureWidgetVisible(box)
    QTest.mouseClick(box, LEFT, NOMOD, box.rect().center())
    assert "biopsy" in window.document.consultation.tests   # ticked: not blocked
    qtbot.waitUntil(warning.isVisible)
    assert warning.text().startswith(f"Area {lesion.number} may be an anterior sacral "
                                     "meningocele, and a biopsy is checked.")
    assert "never needled" in warning.text() and "Jao 1985" in warning.text()
    # it sits above the explanations, readable at a clinic screen's size
    assert warning.mapTo(window, warning.rect().topLeft()).y() < \
        window.tabs.mapTo(window, window.tabs.rect().topLeft()).y()
    assert warning.width() > 300

    window.document.undo_stack.undo()          # the tick undone: the warning goes
    qtbot.waitUntil(lambda: not warning.isVisible())
    window.document.undo_stack.redo()
    qtbot.waitUntil(warning.isVisible)
    _choose_type(window.lesion_panel, "tailgut_cyst")   # another type: the warning goes
    qtbot.waitUntil(lambda: not warning.isVisible())


def test_typed_meningocele_counts_too(window, qtbot):
    from desktop_app.model.consultation import Consultation, Lesion

    window.document.replace(Consultation(tests=["biopsy"], lesions=[
        Lesion(id="a", number=1, cx=300, cy=300, rx=20, ry=20),
        Lesion(id="b", number=2, cx=350, cy=300, rx=20, ry=20,
               suspected_type_text="posible meningocele")]))
    qtbot.waitUntil(window.biopsy_warning.isVisible)
    assert window.biopsy_warning.text().startswith("Area 2 may be")
