"""The drawing's Labels and S3 guide buttons are remembered for the next start, and a start
that changes nothing writes nothing (a settings write costs ~10 ms of the start)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from desktop_app.diagram.pane import DiagramPane
from desktop_app.document import Document
from desktop_app.model.consultation import Consultation


@pytest.fixture
def make_pane(qtbot, atlas):
    def make() -> DiagramPane:
        pane = DiagramPane(Document(Consultation()), atlas)
        qtbot.addWidget(pane)
        pane.resize(1000, 700)
        pane.show()
        qtbot.waitExposed(pane)
        return pane
    return make


def press(pane: DiagramPane, action) -> None:
    """A real click on the action's button in the drawing's toolbar."""
    button = pane.toolbar.widgetForAction(action)
    assert button is not None and button.isVisible()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def diagram_keys() -> list[str]:
    return [k for k in QSettings().allKeys() if k.startswith("diagram/")]


def test_a_start_writes_no_drawing_settings(make_pane):
    pane = make_pane()
    assert pane.labels_on and pane.s3_on          # the defaults: both shown
    assert diagram_keys() == []


@pytest.mark.parametrize("what", ["labels", "s3"])
def test_a_button_pressed_is_remembered_for_the_next_start(make_pane, what):
    pane = make_pane()
    action = pane.act_labels if what == "labels" else pane.act_s3
    press(pane, action)
    hidden = {"labels": pane.labels_on, "s3": pane.s3_on}[what]
    assert hidden is False and not action.isChecked()
    key = {"labels": "diagram/labels", "s3": "diagram/s3_guide"}[what]
    assert diagram_keys() == [key]
    assert QSettings().value(key, type=bool) is False

    again = make_pane()                           # the next start
    assert {"labels": again.labels_on, "s3": again.s3_on}[what] is False
    assert not (again.act_labels if what == "labels" else again.act_s3).isChecked()
    if what == "labels":
        assert not any(lab.isVisible() for lab in again.layer.labels.values())
    else:
        assert again.layer.guide is not None and not again.layer.guide.isVisible()

    press(again, again.act_labels if what == "labels" else again.act_s3)   # and back on
    assert QSettings().value(key, type=bool) is True
