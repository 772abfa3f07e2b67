"""The drawings in their panes, with real widgets: the drawing fills the pane, switching
female / male moves nothing, and the labels keep clear of one another, of the anatomy they do
not name and of the patient's marks (lesions, an arrow, a stamp), on every drawing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainterPath, QPainterPathStroker
from PySide6.QtTest import QTest

from desktop_app.diagram.annotations import install_annotations
from desktop_app.diagram.items import MarkItem
from desktop_app.diagram.pane import DiagramPane
from desktop_app.diagram.scene import AnatomyItem
from desktop_app.document import Document
from desktop_app.model.anatomy import structure_at
from tests.drawing_marks import marked as _marks
from tests.label_geometry import problems

VIEWS = ("sagittal", "axial", "posterior")
DRAWINGS = [(view, variant) for view in VIEWS for variant in ("female", "male")]

# The drawing (anatomy and its labels) covers at least this share of the viewport's area in
# the main window (1,366 × 768 and 1,920 × 1,080): before, the side view used about 58 %.
MIN_FILL = 0.75
# ... and its larger side at least this share of the viewport's matching side
MIN_SIDE = 0.97
# A label box may touch the anatomy it does not name over at most this share of its area
# (the leader meets the box at the body's edge).
MAX_ON_ANATOMY = 0.03
# label text (one line) in screen px in the 1,366 × 768 window's pane and larger panes
MIN_LABEL_PX = 12


@pytest.fixture
def marked_pane(qtbot, atlas):
    def make(view: str, variant: str, size=(642, 620)):
        doc = Document(_marks(atlas, view, variant))
        pane = DiagramPane(doc, atlas)
        install_annotations(pane, doc, atlas)
        qtbot.addWidget(pane)
        pane.resize(*size)
        pane.show()
        qtbot.waitExposed(pane)
        pane.set_labels_visible(True)
        pane.set_s3_visible(True)
        pane.fit()
        return pane
    return make


def _mark_paths(pane) -> list[tuple[str, QPainterPath]]:
    out = []
    for it in pane.scene.items():
        if isinstance(it, MarkItem) and it.isVisible() and it.parentItem() is None:
            out.append((f"{it.kind} {it.mark_id}", it.mapToScene(it.shape())))
    return out


def _leader(lab) -> QPainterPath:
    line = QPainterPath(lab.anchor)
    line.lineTo(lab.at)
    stroker = QPainterPathStroker()
    stroker.setWidth(0.5)
    return stroker.createStroke(line)


def _share_on_anatomy(pane, box: QRectF) -> float:
    """The share of a label box that lies on painted anatomy (sampled on a 24 × 8 grid)."""
    hits = total = 0
    for i in range(24):
        for j in range(8):
            p = QPointF(box.left() + box.width() * (i + 0.5) / 24,
                        box.top() + box.height() * (j + 0.5) / 8)
            total += 1
            if any(isinstance(it, AnatomyItem) for it in pane.scene.items(
                    p, Qt.ItemSelectionMode.IntersectsItemShape)):
                hits += 1
    return hits / total


def _line_px(pane, lab) -> float:
    r = lab.text_item.sceneBoundingRect()
    return pane.view.mapFromScene(r.bottomLeft()).y() - pane.view.mapFromScene(r.topLeft()).y()


@pytest.mark.parametrize("size", [(642, 620), (1100, 700)])
def test_labels_clear_of_each_other_the_anatomy_and_every_mark(marked_pane, size):
    side_px = None
    for view, variant in DRAWINGS:
        pane = marked_pane(view, variant, size)
        marks = _mark_paths(pane)
        assert len(marks) >= 5, (view, variant)          # three lesions, an arrow, a stamp
        labels = pane.layer.labels
        shown = [lab for lab in labels.values() if lab.isVisible()]
        assert len(shown) == len(labels) == len(pane.drawing.labels), (view, variant)
        for i, a in enumerate(shown):
            for b in shown[i + 1:]:
                assert not a.box().intersects(b.box()), (view, variant, a.text(), b.text())
        for lab in shown:
            for name, path in marks:
                assert not path.intersects(lab.box()), (view, variant, lab.text(), name)
                assert not path.intersects(_leader(lab)), (view, variant, lab.text(), name)
            share = _share_on_anatomy(pane, lab.box())
            assert share <= MAX_ON_ANATOMY, (view, variant, lab.text(), share)
        # leaders: none crosses a lesion or runs over another's dot; the lesions' labels (in
        # the margins, or beside their markers where the margins are full) at the labels'
        # size. Crossings are checked on the real screens (test_label_leaders.py): with
        # these crowded marks in a 642 x 620 pane one pair of the side view still crosses
        # (the presacral space has no start clear of the marks for the other order)
        found = problems(pane, beside_ok=True)
        crossing = [p for p in found if p.startswith("leaders cross")]
        assert [p for p in found if p not in crossing] == [], (view, variant)
        assert len(crossing) <= (1 if (view, size) == ("sagittal", (642, 620)) else 0), \
            (view, variant, crossing)
        px = min(_line_px(pane, lab) for lab in shown)
        if view == "sagittal" and side_px is None:
            side_px = px
        assert px >= MIN_LABEL_PX, (view, variant, px)
        assert px >= side_px - 0.5, (view, variant, px, side_px)
        pane.close()


def test_the_presacral_label_leaves_its_covered_anchor(marked_pane):
    """A lesion sits on the presacral space label's own anchor: the leader starts from
    another point of the space, one that is really in it."""
    pane = marked_pane("sagittal", "female")
    lab = pane.layer.labels["presacral_space"]
    default = pane.drawing.labels["presacral_space"].anchor
    assert (lab.anchor.x(), lab.anchor.y()) != default
    assert structure_at(pane.drawing, lab.anchor.x(), lab.anchor.y(), min_line=6) == \
        "presacral_space"


def _viewport_share(window) -> tuple[float, float, float]:
    pane = window.diagram_pane
    vp = pane.view.viewport().rect()
    r = pane.view.mapFromScene(pane.layer.content_rect()).boundingRect()
    r = r.intersected(vp)
    area = r.width() * r.height() / (vp.width() * vp.height())
    return area, r.width() / vp.width(), r.height() / vp.height()


@pytest.mark.parametrize("screen", [(1366, 768), (1920, 1080)])
def test_the_drawing_fills_its_pane_in_the_main_window(make_window, qtbot, screen):
    window = make_window()
    window.resize(*screen)
    pane = window.diagram_pane
    qtbot.waitUntil(lambda: pane.view.viewport().width() > 400, timeout=3000)
    for view in VIEWS:
        for variant in ("female", "male"):
            QTest.mouseClick(pane.toolbar.widgetForAction(pane.view_actions[view]),
                             Qt.MouseButton.LeftButton)
            QTest.mouseClick(pane.toolbar.widgetForAction(pane.variant_actions[variant]),
                             Qt.MouseButton.LeftButton)
            assert (window.document.consultation.view,
                    window.document.consultation.variant) == (view, variant)
            pane.fit()
            area, w, h = _viewport_share(window)
            assert area >= MIN_FILL, (view, variant, area)
            assert max(w, h) >= MIN_SIDE, (view, variant, w, h)
            for lab in pane.layer.labels.values():
                assert _line_px(pane, lab) >= MIN_LABEL_PX


@pytest.mark.parametrize("view", VIEWS)
def test_switching_female_male_moves_nothing(make_window, qtbot, view):
    window = make_window()
    window.resize(1366, 768)
    pane = window.diagram_pane
    qtbot.waitUntil(lambda: pane.view.viewport().width() > 400, timeout=3000)
    QTest.mouseClick(pane.toolbar.widgetForAction(pane.view_actions[view]),
                     Qt.MouseButton.LeftButton)
    pane.fit()
    points = [QPointF(300, 300), QPointF(540, 420), QPointF(100, 60)]
    for variant in ("male", "female", "male"):
        before = [pane.view.mapFromScene(p) for p in points]
        QTest.mouseClick(pane.toolbar.widgetForAction(pane.variant_actions[variant]),
                         Qt.MouseButton.LeftButton)
        assert window.document.consultation.variant == variant
        after = [pane.view.mapFromScene(p) for p in points]
        for b, a in zip(before, after):
            assert abs(b.x() - a.x()) <= 1 and abs(b.y() - a.y()) <= 1, (view, variant, b, a)
        # and a pixel still means the same point of the drawing
        probe = pane.view.mapToScene(before[1])
        assert abs(probe.x() - points[1].x()) <= 2 / pane.view.current_scale() + 1e-6


@pytest.mark.parametrize("variant", ["female", "male"])
def test_the_view_from_behind_is_hit_on_its_real_shapes(marked_pane, variant):
    """The pointer over each labelled structure of the new drawing finds that structure (the
    bone under the translucent muscle is not what it finds)."""
    pane = marked_pane("posterior", variant, (1100, 760))
    pane.scene.clearSelection()
    for sid, label in pane.drawing.labels.items():
        pos = pane.view.mapFromScene(QPointF(*label.anchor))
        QTest.mouseMove(pane.view.viewport(), pos)
        assert pane.view.hovered == sid, (sid, pane.view.hovered)
