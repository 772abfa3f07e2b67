"""The drawing's leaders and the lesion's call-out as the surgeon's window and the patient's
screen show them, read back from the real items (``tests/label_geometry``): no two leaders
cross, none runs through a lesion's outline or over another label's dot, and the lesion's
label sits in the margin at the anatomy labels' size with a leader that ends on its lesion
— the example visit at 1,280 × 720, 1,366 × 768, 1,920 × 1,080 and 3,840 × 2,160, side
view and cross-section, female and male, the window light and dark."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.diagram.commands import MoveMarks
from desktop_app.diagram.items import LesionItem
from desktop_app.model import storage
from desktop_app.model.anatomy import guide_words
from desktop_app.model.label_layout import DOT_CLEAR
from tests.conftest import EXAMPLE
from tests.label_geometry import leaders, lesions, problems
from tests.support import patient_screen

SCREENS = [(1280, 720), (1366, 768), (1920, 1080), (3840, 2160)]
DRAWINGS = [(view, variant) for view in ("sagittal", "axial")
            for variant in ("female", "male")]


def _dark() -> QPalette:
    palette = QPalette()
    for role, colour in {"Window": "#2b2b2b", "WindowText": "#e6e6e6", "Base": "#1e1e1e",
                         "Text": "#e6e6e6", "Button": "#353535",
                         "ButtonText": "#e6e6e6"}.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    return palette


@pytest.fixture(params=["light", "dark"])
def theme(request, qapp):
    before = QApplication.palette()
    if request.param == "dark":
        QApplication.setPalette(_dark())
    yield request.param
    QApplication.setPalette(before)


def _press(pane, action) -> None:
    QTest.mouseClick(pane.toolbar.widgetForAction(action), Qt.MouseButton.LeftButton)


def _callout(pane) -> LesionItem:
    [lesion] = [it for it in lesions(pane) if it.label_text()]
    return lesion


def _check_example(pane, view: str) -> None:
    assert problems(pane) == [], view
    assert pane.labels_left_out() == []
    if view == "sagittal":                    # the example's lesion is on the side view
        lesion = _callout(pane)
        assert lesion.label_text() == "Cyst behind the lower rectum"
        assert lesion.callout_leader() is not None
        # at the anatomy labels' size, on screen too
        assert lesion.callout_text_px() >= pane.plan.em
        names = [name for name, _a, _e in leaders(pane)]
        assert "lesion 1" in names and len(names) == len(pane.layer.labels) + 2
        # the S3 line: named in the left column (its dashed leader from the line's front
        # end), and what it is said in the drawing's margin, in the visit's language
        guide = pane.layer.guide
        assert "S3 level" in names
        front = min(p[0] for p in pane.drawing.s3_line)
        assert guide.label_box.right() < front
        # in a free corner of the margins; where none has room, the name says it in short
        assert (guide.label_text(), guide.key_text()) in (
            ("S3 level", guide_words("key", "en")), (guide_words("short", "en"), ""))


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_surgeons_window(make_window, qtbot, screen, theme):
    window = make_window()
    window.open_path(EXAMPLE)
    window.resize(*screen)
    window.lesion_dock.show()
    pane = window.diagram_pane
    qtbot.waitUntil(lambda: pane.view.viewport().width() > 400, timeout=3000)
    for view, variant in DRAWINGS:
        _press(pane, pane.view_actions[view])
        _press(pane, pane.variant_actions[variant])
        assert (window.document.consultation.view,
                window.document.consultation.variant) == (view, variant)
        QApplication.processEvents()
        _check_example(pane, view)


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("topic", ["surgery_posterior", None], ids=["topic", "alone"])
def test_the_patients_screen(qtbot, atlas, screen, topic, theme):
    for view, variant in DRAWINGS:
        consultation = storage.load(EXAMPLE)
        consultation.variant = variant
        w = patient_screen(qtbot, atlas, consultation, view, screen, topic)
        _check_example(w.pane, view)
        w.close()


def test_the_callout_follows_its_lesion_and_selects_it(make_window, qtbot):
    """Dragged to another place, the lesion's leader ends on it there; a click on the
    call-out in the margin selects the lesion (it is the lesion's own label)."""
    window = make_window()
    window.open_path(EXAMPLE)
    window.resize(1366, 768)
    pane = window.diagram_pane
    qtbot.waitUntil(lambda: pane.view.viewport().width() > 400, timeout=3000)
    lesion = _callout(pane)
    box = lesion.label_scene_rect()
    assert not box.intersects(lesion.ellipse_scene_path().boundingRect())   # in the margin
    pane.scene.clearSelection()
    QTest.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=pane.view.mapFromScene(box.center()))
    assert lesion.isSelected()
    # moved up the presacral space (the edit a drag with the mouse makes)
    before = lesion.callout_leader()
    window.document.push(MoveMarks(window.document, [lesion.mark_id], 0.0, -40.0))
    QApplication.processEvents()
    assert problems(pane) == []
    line = lesion.callout_leader()
    assert line is not None and before is not None
    assert line.p1().y() == pytest.approx(before.p1().y() - 40.0, abs=25.0)
    assert lesion.ellipse_scene_path().boundingRect().adjusted(-2, -2, 2, 2).contains(
        QPointF(line.p1()))


def test_the_rules_at_their_limits():
    """A dot exactly DOT_CLEAR em from another leader is clear; a hair closer is a clash."""
    from desktop_app.model.label_layout import clashes

    em = 14.0
    near = DOT_CLEAR * em
    other = ((0.0, 0.0), (100.0, 0.0))
    assert clashes(((50.0, near), (50.0, 80.0)), [other], near) == 0
    assert clashes(((50.0, near - 0.01), (50.0, 80.0)), [other], near) == 1
    # crossing: one clash; touching at an end is not a crossing
    assert clashes(((50.0, -20.0), (50.0, 20.0)), [other], 0.0) == 1
    assert clashes(((100.0, 0.0), (150.0, 20.0)), [other], 0.0) == 0


def _sides(pane) -> dict[str, bool]:
    """Each shown label: True when it is in the left column."""
    return {sid: lab.right_aligned for sid, lab in pane.layer.labels.items()
            if lab.isVisible()}


def test_each_label_keeps_its_side_at_every_size_and_in_both_windows(make_window, qtbot,
                                                                     atlas):
    """review5 #8: "tailbone" moved from one side to the other between screen sizes and
    between the surgeon's window and the patient's screen. For the example's side view,
    every label is on the same side at 1,280 × 720 to 3,840 × 2,160, in both windows."""
    seen: dict[str, set[bool]] = {}
    window = make_window()
    window.open_path(EXAMPLE)
    pane = window.diagram_pane
    for screen in SCREENS:
        window.resize(*screen)
        qtbot.waitUntil(lambda: pane.view.viewport().width() > 400, timeout=3000)
        QApplication.processEvents()
        for sid, left in _sides(pane).items():
            seen.setdefault(sid, set()).add(left)
    window.close()
    for screen in SCREENS:
        for topic in ("surgery_posterior", None):
            w = patient_screen(qtbot, atlas, storage.load(EXAMPLE), "sagittal", screen, topic)
            for sid, left in _sides(w.pane).items():
                seen.setdefault(sid, set()).add(left)
            w.close()
    assert {sid: s for sid, s in seen.items() if len(s) > 1} == {}
    assert seen["coccyx"] == {False}          # the tailbone: right, as anatomy.yaml puts it
