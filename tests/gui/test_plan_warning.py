"""The surgeon is told, never blocked, when an area's confirmed approach and the operation
ticked disagree; driven through the real window: the operation ticked with a mouse click on
its card, undo takes the warning away, ticking the matching operation too ends it."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop_app.model.consultation import Consultation, Lesion
from tests.support import open_section

LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def window(focused_window):
    return focused_window


def _tick(window, qtbot, item_id: str, which: str = "treatments_planned") -> None:
    page = window.pages["treatments"]
    box = page.cards[item_id].checks[which]
    qtbot.waitUntil(box.isVisible)
    page.ensureWidgetVisible(box)
    QTest.mouseClick(box, LEFT, NOMOD, box.rect().center())


def test_an_approach_from_behind_and_an_operation_from_the_front_warn(window, qtbot):
    window.document.replace(Consultation(lesions=[
        Lesion(id="a", number=1, cx=300, cy=300, rx=20, ry=20, approach="posterior",
               approach_status="confirmed")]))
    warning = window.plan_warning
    assert not warning.isVisible()
    open_section(window, "treatments")
    _tick(window, qtbot, "surgery_anterior")
    assert window.document.consultation.treatments_planned == ["surgery_anterior"]  # not blocked
    qtbot.waitUntil(warning.isVisible)
    assert warning.text().startswith("Area 1's approach is from behind, but the operation "
                                     "checked is from the front.")
    assert warning.mapTo(window, warning.rect().topLeft()).y() < \
        window.tabs.mapTo(window, window.tabs.rect().topLeft()).y()

    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: not warning.isVisible())
    window.document.undo_stack.redo()
    qtbot.waitUntil(warning.isVisible)
    _tick(window, qtbot, "surgery_posterior", "treatments_discussed")   # one of them agrees
    qtbot.waitUntil(lambda: not warning.isVisible())
