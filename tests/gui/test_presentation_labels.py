"""The drawing's labels on the patient's screen: painted at a share of the topic text's size,
none left out at the sizes of a clinic room (with the example's marks and with marks on the
labelled structures of every drawing), and stepped down, not dropped, when marks crowd them
beside very large text."""

import math

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from desktop_app.diagram.pane import FIT_MARGIN, screen_label_px
from desktop_app.model.label_layout import ANCHORS_LEAST
from desktop_app.model import storage
from desktop_app.ui.presentation import LABEL_STEP, LABEL_TO_TEXT
from tests.conftest import EXAMPLE
from tests.drawing_marks import marked
from tests.support import patient_screen

ROOM_SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
VIEWS = ["sagittal", "axial", "posterior"]


def it_home(w, key):
    """Where the drawing puts the label's leader when nothing is in the way."""
    x, y = w.pane.drawing.labels[key].anchor
    return QPointF(x, y)


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _assert_clear(w) -> None:
    """No two labels' boxes meet, and none covers a mark's painted shape."""
    boxes = []
    for item in w.pane.layer.labels.values():
        r = item.box()
        boxes.append((r.left(), r.top(), r.right(), r.bottom()))
    # a label moved to the other side is wrapped to that column: none reaches into the
    # screen's margin (one had, 9 px from the left edge at 1920 x 1080). Labels in rows
    # (above and below a wide drawing) are spread along the whole frame: they keep the
    # surgeon's window's 8 px
    view = w.pane.view
    edge = round(w.pane.fit_margin) if w.pane.plan.arrangement == "columns" else FIT_MARGIN
    inner = view.viewport().rect().adjusted(edge - 1, edge - 1, 1 - edge, 1 - edge)
    for item in w.pane.layer.labels.values():
        if item.isVisible():
            assert inner.contains(view.mapFromScene(item.text_rect()).boundingRect()), \
                item.structure_id
    cells = w.pane.mark_cells()
    assert cells                                          # the marks are on this drawing
    for i, a in enumerate(boxes):
        assert not any(_overlaps(a, b) for b in boxes[i + 1:])
        assert not any(_overlaps(a, c) for c in cells)


@pytest.mark.parametrize("topic", ["what_is_it", None], ids=["beside_text", "alone"])
@pytest.mark.parametrize("size", ROOM_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_side_view_with_the_examples_marks_shows_every_label(qtbot, atlas, size, topic):
    w = patient_screen(qtbot, atlas, storage.load(EXAMPLE), "sagittal", size, topic)
    assert len(w.pane.layer.labels) == 16
    assert w.pane.labels_left_out() == []
    _assert_clear(w)
    # a leader moved off a mark starts well apart from every other leader (it had started
    # 0.75 em from the nerves' dot, so "space in front of the sacrum" seemed to name a nerve);
    # 2 em at least, where only a start that close keeps two leaders from crossing
    labels = w.pane.layer.labels
    em = w.pane.plan.em
    moved = [k for k, it in labels.items() if it.anchor != it_home(w, k)]
    assert "presacral_space" in moved
    for key in moved:
        a = labels[key].anchor
        for other, it in labels.items():
            if other != key:
                gap = math.hypot(a.x() - it.anchor.x(), a.y() - it.anchor.y())
                assert gap >= ANCHORS_LEAST * em, (key, other, gap / em)
    # at the share of the text (or the surgeon's own size when that is larger: 15 px at 1280)
    port = w.pane.view.viewport()
    want = max(LABEL_TO_TEXT * w.topic_px(), screen_label_px(port.width(), port.height()))
    assert w.label_screen_px() == pytest.approx(want, abs=0.5)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("size", ROOM_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_drawing_with_marks_on_its_structures_shows_every_label(qtbot, atlas, size,
                                                                     view):
    w = patient_screen(qtbot, atlas, marked(atlas, view, "female"), view, size)
    assert w.pane.labels_left_out() == []
    _assert_clear(w)
    # at the share of the text, or one step under it where a mark on every structure crowds
    # the rows (the cross-section at 1920 x 1080: 19.5 px for 21.6), or the surgeon's size
    # (the floor)
    share = LABEL_TO_TEXT * w.topic_px()
    assert share * LABEL_STEP - 0.5 <= w.label_screen_px() <= share + 0.5 or \
        w.label_screen_px() <= 15.5


def test_crowded_labels_step_down_rather_than_drop_out(qtbot, atlas):
    """From behind with marks on the sacrum, the tailbone and the cleft, at 1366 x 768 with
    the text at its largest (37 px): labels at 0.6 x the text (22 px) leave the cleft out
    (the fifth vertebra and the sacrum too, before the lesions' labels gave their places in
    the margins up first); the window shows them all, smaller."""
    w = patient_screen(qtbot, atlas, marked(atlas, "posterior", "male"), "posterior", (1366, 768))
    w.scale_text(8)                                        # Ctrl + to the largest text
    QApplication.processEvents()
    assert w.topic_px() == 37
    assert w.pane.labels_left_out() == []
    shown = w.label_screen_px()
    port = w.pane.view.viewport()
    floor = screen_label_px(port.width(), port.height())
    assert floor <= shown < LABEL_TO_TEXT * w.topic_px()
    # one step larger (the size it stepped down from) leaves a label out; the share leaves
    # this one out
    stepped = w.pane.label_screen             # the size asked for, before the plan's rounding
    assert w.labels_at(stepped / LABEL_STEP)
    assert sorted(w.labels_at(LABEL_TO_TEXT * w.topic_px())) == ["natal_cleft"]
    assert w.labels_at(stepped) == []
