"""The anatomy diagram pane through real events: hover, click, zoom, pan, fit, view/variant.

Points are chosen from the drawing's shapes and checked against the pure-Python model
(``anatomy.structure_at``, which flattens the SVG curves itself), then the events go to the
view's viewport at ``view.mapFromScene`` of those points.
"""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.diagram.pane import DiagramPane
from desktop_app.diagram.scene import HIT_MIN, AnatomyItem
from desktop_app.document import Document
from desktop_app.model import storage
from desktop_app.model.anatomy import structure_at
from desktop_app.model.consultation import Consultation

DRAWINGS = [("sagittal", "female"), ("sagittal", "male"), ("axial", "female"),
            ("axial", "male")]


@pytest.fixture
def make_pane(qtbot, atlas):
    def make(view="sagittal", variant="female", size=(1000, 700)):
        doc = Document(Consultation(view=view, variant=variant))
        pane = DiagramPane(doc, atlas)
        qtbot.addWidget(pane)
        pane.resize(*size)
        pane.show()
        qtbot.waitExposed(pane)
        pane.set_labels_visible(True)
        pane.set_s3_visible(True)
        pane.fit()
        return pane
    return make


@pytest.fixture
def pane(make_pane):
    return make_pane()


def vp(pane) -> QWidget:
    return pane.view.viewport()


def move(pane, pos: QPoint) -> None:
    QTest.mouseMove(vp(pane), pos)
    QApplication.processEvents()


def click(pane, pos: QPoint, button=Qt.MouseButton.LeftButton) -> None:
    QTest.mouseClick(vp(pane), button, Qt.KeyboardModifier.NoModifier, pos)


def truth(pane, p: QPointF) -> str | None:
    return structure_at(pane.drawing, p.x(), p.y(), min_line=HIT_MIN)


def pixel_point_in(pane, sid: str) -> QPoint | None:
    """A viewport pixel whose scene point, and the pixels around it, lie in ``sid`` and in
    nothing painted above it — by the model's own geometry, not the view's."""
    view = pane.view
    items = [it for it in pane.layer.by_structure[sid]]
    rect = QRectF()
    for it in items:
        rect = rect.united(it.sceneBoundingRect())
    n = 36
    grid = [((i % n + 0.5) / n, (i // n + 0.5) / n) for i in range(n * n)]
    grid.sort(key=lambda g: (g[0] - 0.5) ** 2 + (g[1] - 0.5) ** 2)   # centre out
    candidates = [QPointF(rect.left() + gx * rect.width(), rect.top() + gy * rect.height())
                  for gx, gy in grid]
    # points on the outlines themselves (lines without fill are found there)
    on_paths = [it.path().pointAtPercent(k / 60) for it in items for k in range(61)]
    filled = any(it.anatomy_shape.fill for it in items)
    candidates = candidates + on_paths if filled else on_paths + candidates
    for p in candidates:
        if pane.layer.structure_at(p) != sid:          # cheap pre-filter
            continue
        pix = view.mapFromScene(p)
        ring = [pix + QPoint(dx, dy) for dx, dy in ((0, 0), (2, 0), (-2, 0), (0, 2), (0, -2))]
        if all(truth(pane, view.mapToScene(q)) == sid for q in ring):
            return pix
    return None


def pixel_outside_in_bbox(pane, sid: str) -> QPoint | None:
    """A pixel inside the structure's bounding box but outside its shape (model truth)."""
    view = pane.view
    items = pane.layer.by_structure[sid]
    rect = QRectF()
    for it in items:
        rect = rect.united(it.sceneBoundingRect())
    n = 30
    for i in range(n * n):
        p = QPointF(rect.left() + (i % n + 0.5) / n * rect.width(),
                    rect.top() + (i // n + 0.5) / n * rect.height())
        if any(it.shape().contains(p) for it in items):
            continue
        pix = view.mapFromScene(p)
        ring = [pix + QPoint(dx, dy) for dx, dy in ((0, 0), (3, 0), (-3, 0), (0, 3), (0, -3))]
        if all(truth(pane, view.mapToScene(q)) != sid for q in ring):
            return pix
    return None


# ------------------------------------------------------------------------ hover / click
@pytest.mark.parametrize("view, variant", DRAWINGS)
def test_hover_and_click_report_exactly_the_structure_under_the_pointer(make_pane, qtbot,
                                                                          atlas, view, variant):
    pane = make_pane(view, variant)
    drawing = atlas.drawing(view, variant)
    assert pane.drawing is drawing
    assert set(pane.layer.by_structure) == set(drawing.structure_ids)
    for sid in drawing.structure_ids:
        inside = pixel_point_in(pane, sid)
        assert inside is not None, f"no clear point inside {sid}"
        move(pane, inside)
        assert pane.view.hovered == sid, (sid, pane.view.hovered)
        assert pane.view.tooltip_text == atlas.structure(sid).tooltip()
        assert pane.layer.hover.isVisible()
        with qtbot.waitSignal(pane.structureActivated, timeout=1000) as sig:
            click(pane, inside)
        assert sig.args == [sid]
        assert pane.selected == sid and pane.layer.selection.isVisible()

        outside = pixel_outside_in_bbox(pane, sid)
        assert outside is not None, f"{sid} fills its bounding box?"
        move(pane, outside)
        assert pane.view.hovered != sid, sid


def test_tooltip_is_lay_then_medical_name(pane):
    pix = pixel_point_in(pane, "coccyx")
    move(pane, pix)
    assert pane.view.tooltip_text == "tailbone (Coccyx)"
    assert pane.view.viewport().toolTip() == "tailbone (Coccyx)"


def test_background_and_labels_are_not_structures(pane, qtbot):
    # far outside the body: nothing
    corner = pane.view.mapFromScene(QPointF(2, 2))
    move(pane, corner)
    assert pane.view.hovered is None and pane.view.tooltip_text == ""
    with qtbot.assertNotEmitted(pane.structureActivated):
        click(pane, corner)
    assert pane.selected is None
    # on the text of a label in the margin: labels do not take part in hit-testing
    label = pane.layer.labels["coccyx"]
    centre = pane.view.mapFromScene(label.text_rect().center())
    move(pane, centre)
    assert pane.view.hovered is None


def test_thin_lines_can_be_pointed_at(pane):
    """The peritoneal reflection is a 2-unit line: the pointer finds it within HIT_MIN / 2 of
    the line, and not further away."""
    (item,) = pane.layer.by_structure["peritoneal_reflection"]
    assert isinstance(item, AnatomyItem)
    # a vertex on the front abdominal wall part, where the line runs roughly vertically
    x, y = pane.drawing.labels["peritoneal_reflection"].anchor
    assert pane.layer.structure_at(QPointF(x, y)) == "peritoneal_reflection"
    assert pane.layer.structure_at(QPointF(x + HIT_MIN / 2 - 0.5, y)) == "peritoneal_reflection"
    assert pane.layer.structure_at(QPointF(x - HIT_MIN / 2 + 0.5, y)) == "peritoneal_reflection"
    assert pane.layer.structure_at(QPointF(x + HIT_MIN, y)) != "peritoneal_reflection"
    assert pane.layer.structure_at(QPointF(x - HIT_MIN, y)) != "peritoneal_reflection"


@pytest.mark.parametrize("view, variant", DRAWINGS)
def test_bounds_known_before_the_hit_shape_enclose_it(make_pane, view, variant):
    """Hit shapes are made when first needed; the bounds Qt indexes before that must still
    hold the whole hit shape, or the pointer would miss the edge of a structure."""
    pane = make_pane(view, variant)
    items = pane.layer.items
    assert items and all(it._hit is None for it in items)  # nothing made at build time
    for it in items:
        hit = it.shape().boundingRect()
        assert it._hit is not None
        assert it.boundingRect().contains(hit), \
            (it.element_id, it.boundingRect(), hit)


# -------------------------------------------------------------------------- zoom / fit
def contains(outer: QRectF, inner: QRectF, tol: float = 1.0) -> bool:
    return outer.adjusted(-tol, -tol, tol, tol).contains(inner)


def test_fit_shows_the_whole_drawing_and_labels_and_fills_the_view(pane):
    content = pane.layer.content_rect()
    visible = pane.view.visible_scene_rect()
    assert contains(visible, content)
    assert max(content.width() / visible.width(), content.height() / visible.height()) > 0.9
    for lab in pane.layer.labels.values():
        assert contains(visible, lab.text_rect())


def test_labels_are_readable_and_do_not_overlap(make_pane):
    for view, variant in DRAWINGS:
        pane = make_pane(view, variant)
        rects = [lab.text_rect() for lab in pane.layer.labels.values()]
        assert len(rects) == len(pane.drawing.structure_ids)
        for i, a in enumerate(rects):
            for b in rects[i + 1:]:
                assert not a.intersects(b), (view, variant)
        # the text is at least 11 screen pixels tall at this ordinary pane size
        px = pane.view.mapFromScene(rects[0].bottomLeft()).y() - \
            pane.view.mapFromScene(rects[0].topLeft()).y()
        assert px >= 11, (view, variant, px)
        pane.close()


def test_zoomed_in_labels_follow_the_view_readable_and_apart(make_pane):
    for view, variant in DRAWINGS:
        pane = make_pane(view, variant)
        fitted_px = _screen_height(pane, pane.layer.labels["sacrum"])
        target = pane.layer.outline("presacral_space").boundingRect().center()
        pane.view.set_zoom(3.0)
        pane.view.centerOn(target)
        visible = pane.view.visible_scene_rect()
        shown = [lab for lab in pane.layer.labels.values() if lab.isVisible()]
        assert len(shown) >= 3, (view, variant)
        rects = [lab.text_rect() for lab in shown]
        for i, a in enumerate(rects):
            assert contains(visible, a), (view, variant)
            for b in rects[i + 1:]:
                assert not a.intersects(b), (view, variant)
        for lab in shown:
            assert visible.contains(lab.anchor)
            # the same size on screen as when fitted, not three times larger
            assert _screen_height(pane, lab) == pytest.approx(fitted_px, rel=0.1)
        for lab in pane.layer.labels.values():
            if not lab.isVisible():
                assert not visible.adjusted(10, 10, -10, -10).contains(lab.anchor)
        pane.fit()
        assert all(lab.isVisible() for lab in pane.layer.labels.values())
        assert pane.layer.labels["sacrum"].text_rect() == pane.layer.labels["sacrum"].default_rect
        pane.close()


def _screen_height(pane, label) -> float:
    """One line of the label's text, in screen px."""
    r = label.text_item.sceneBoundingRect()
    return pane.view.mapFromScene(r.bottomLeft()).y() - pane.view.mapFromScene(r.topLeft()).y()


def test_zoom_buttons_keep_the_centre_and_stay_within_limits(pane):
    view = pane.view
    centre = view.visible_scene_rect().center()
    pane.act_zoom_in.trigger()
    assert view.zoom_factor() == pytest.approx(1.25, rel=1e-3)
    assert not view.fitted
    assert (view.visible_scene_rect().center() - centre).manhattanLength() < 3
    assert view.visible_scene_rect().contains(centre)
    for _ in range(30):
        pane.act_zoom_in.trigger()
    assert view.zoom_factor() == pytest.approx(12.0)
    # deeply zoomed in, part of the drawing is still on screen
    assert view.visible_scene_rect().intersects(pane.layer.content_rect())
    for _ in range(40):
        pane.act_zoom_out.trigger()
    assert view.zoom_factor() == pytest.approx(0.5)
    assert contains(view.visible_scene_rect(), pane.layer.content_rect())
    pane.act_fit.trigger()
    assert view.fitted and view.zoom_factor() == pytest.approx(1.0)
    assert contains(view.visible_scene_rect(), pane.layer.content_rect())


def test_keyboard_shortcuts_zoom(pane, qtbot):
    pane.activateWindow()
    pane.view.setFocus()
    qtbot.waitUntil(lambda: pane.view.hasFocus(), timeout=1000)
    QTest.keyClick(pane.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert pane.view.zoom_factor() == pytest.approx(1.25, rel=1e-3)
    QTest.keyClick(pane.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert pane.view.zoom_factor() == pytest.approx(1.0, rel=1e-3)
    QTest.keyClick(pane.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(pane.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert pane.view.fitted


def test_wheel_zooms_around_the_pointer(pane):
    view = pane.view
    pix = pixel_point_in(pane, "presacral_space")
    under = view.mapToScene(pix)
    event = QWheelEvent(QPointF(pix), QPointF(vp(pane).mapToGlobal(pix)), QPoint(0, 0),
                        QPoint(0, 240), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(vp(pane), event)
    assert view.zoom_factor() > 1.2
    after = view.mapFromScene(under)
    assert (after - pix).manhattanLength() <= 3     # the point under the pointer stays put
    assert pane.view.structure_at_view(pix) == "presacral_space"


def test_pinch_gesture_zooms(pane):
    from PySide6.QtGui import QNativeGestureEvent, QPointingDevice

    view = pane.view
    centre = QPointF(vp(pane).rect().center())
    event = QNativeGestureEvent(Qt.NativeGestureType.ZoomNativeGesture,
                                QPointingDevice.primaryPointingDevice(), 2, centre, centre,
                                QPointF(vp(pane).mapToGlobal(centre.toPoint())), 0.5,
                                QPointF(0, 0))
    QApplication.sendEvent(vp(pane), event)
    assert view.zoom_factor() == pytest.approx(1.5, rel=1e-3)


def test_resizing_a_fitted_view_fits_again(pane, qtbot):
    pane.resize(600, 900)
    qtbot.waitUntil(lambda: pane.view.viewport().height() > 800, timeout=2000)
    content = pane.layer.content_rect()
    visible = pane.view.visible_scene_rect()
    assert contains(visible, content)
    assert content.width() / visible.width() > 0.9
    # once zoomed, resizing keeps the zoom
    pane.view.zoom_in()
    z = pane.view.zoom_factor()
    pane.resize(900, 700)
    qtbot.waitUntil(lambda: pane.view.viewport().width() > 850, timeout=2000)
    assert pane.view.zoom_factor() == pytest.approx(z, rel=1e-3)


def test_middle_button_drag_pans_without_selecting(pane, qtbot):
    view = pane.view
    view.zoom_in()
    before = view.visible_scene_rect()
    start = vp(pane).rect().center()
    end = start + QPoint(120, 60)
    QTest.mousePress(vp(pane), Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, 7):
        p = start + (end - start) * (i / 6)
        QApplication.sendEvent(vp(pane), _move_event(vp(pane), p, Qt.MouseButton.MiddleButton))
    QTest.mouseRelease(vp(pane), Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, end)
    after = view.visible_scene_rect()
    shift = before.center() - after.center()
    scale = view.current_scale()
    assert shift.x() * scale == pytest.approx(120, abs=3)
    assert shift.y() * scale == pytest.approx(60, abs=3)
    assert pane.selected is None


def test_left_drag_on_the_drawing_pans_and_does_not_select(pane, qtbot):
    view = pane.view
    view.zoom_in()
    start = pixel_point_in(pane, "sacrum")
    before = view.visible_scene_rect()
    with qtbot.assertNotEmitted(pane.structureActivated):
        QTest.mousePress(vp(pane), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         start)
        for i in range(1, 7):
            QApplication.sendEvent(vp(pane), _move_event(vp(pane), start + QPoint(-15 * i, 0),
                                                         Qt.MouseButton.LeftButton))
        QTest.mouseRelease(vp(pane), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           start + QPoint(-90, 0))
    assert (view.visible_scene_rect().center().x() - before.center().x()) * \
        view.current_scale() == pytest.approx(90, abs=3)


def test_space_and_drag_pans(pane, qtbot):
    view = pane.view
    view.zoom_in()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=1000)
    before = view.visible_scene_rect()
    start = vp(pane).rect().center()
    QTest.keyPress(view, Qt.Key.Key_Space)
    QTest.mousePress(vp(pane), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, 5):
        QApplication.sendEvent(vp(pane), _move_event(vp(pane), start + QPoint(0, 20 * i),
                                                     Qt.MouseButton.LeftButton))
    QTest.mouseRelease(vp(pane), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       start + QPoint(0, 80))
    QTest.keyRelease(view, Qt.Key.Key_Space)
    shift = (before.center().y() - view.visible_scene_rect().center().y()) * view.current_scale()
    assert shift == pytest.approx(80, abs=3)
    assert pane.selected is None


def _move_event(widget, pos: QPoint, buttons):
    from PySide6.QtGui import QMouseEvent

    return QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(widget.mapToGlobal(pos)),
                       Qt.MouseButton.NoButton, buttons, Qt.KeyboardModifier.NoModifier)


# ------------------------------------------------------------------ labels and S3 guide
def test_labels_and_s3_guide_toggle(pane):
    assert all(lab.isVisible() for lab in pane.layer.labels.values())
    assert pane.layer.guide is not None and pane.layer.guide.isVisible()
    pane.act_labels.trigger()
    assert not pane.labels_on and not any(lab.isVisible() for lab in pane.layer.labels.values())
    pane.act_s3.trigger()
    assert not pane.layer.guide.isVisible()
    pane.act_labels.trigger()
    pane.act_s3.trigger()
    assert all(lab.isVisible() for lab in pane.layer.labels.values())
    assert pane.layer.guide.isVisible()


def test_labels_use_lay_names_in_the_patients_language(pane):
    assert pane.layer.labels["coccyx"].text() == "tailbone"
    pane.document.set_field("language", "es", "Language")
    assert pane.layer.labels["coccyx"].text() == "coxis (hueso de la cola)"
    assert pane.tooltip_for("coccyx") == "coxis (hueso de la cola) (Coccyx)"


def test_s3_guide_lies_on_the_atlas_line(pane, atlas):
    (x1, y1), (x2, y2) = atlas.drawing("sagittal", "female").s3_line
    guide = pane.layer.guide
    line = guide.body.line()
    assert (line.x1(), line.y1(), line.x2(), line.y2()) == pytest.approx((x1, y1, x2, y2))
    assert guide.line_rect.contains(QPointF((x1 + x2) / 2, (y1 + y2) / 2))
    # its name is a margin label now ("S3 level"), in the patient's language; the bare "S3"
    # on the line is gone
    assert guide.text == "S3 level"
    assert "S3" not in [it.text() for it in guide.childItems() if hasattr(it, "text") and
                        callable(it.text) and it.isVisible() and it not in guide.label_lines
                        and it not in guide.key_lines]
    pane.document.set_field("language", "es", "Language")
    assert pane.layer.guide.text == "Nivel S3"
    pane.set_view("axial")
    assert pane.layer.guide is None and not pane.act_s3.isEnabled()


# ------------------------------------------------------------------ view and variant
def test_view_and_variant_are_undoable_edits_of_the_consultation(pane, qtbot):
    doc = pane.document
    with qtbot.waitSignal(pane.viewChanged) as sig:
        pane.view_actions["axial"].trigger()
    assert sig.args == ["axial"]
    assert doc.consultation.view == "axial" and pane.drawing.view == "axial"
    assert doc.is_dirty
    pane.variant_actions["male"].trigger()
    assert doc.consultation.variant == "male" and pane.drawing.key == "axial_male"
    assert pane.variant_actions["male"].isChecked()
    doc.undo_stack.undo()
    assert doc.consultation.variant == "female" and pane.drawing.key == "axial_female"
    doc.undo_stack.undo()
    assert doc.consultation.view == "sagittal" and pane.drawing.key == "sagittal_female"
    assert pane.view_actions["sagittal"].isChecked()
    assert not doc.is_dirty


def test_switching_variant_keeps_zoom_and_common_geometry(pane):
    pane.view.zoom_in()
    pane.view.zoom_in()
    z = pane.view.zoom_factor()
    visible = pane.view.visible_scene_rect()
    sacrum = pane.layer.outline("sacrum").boundingRect()
    pane.set_variant("male")
    assert pane.drawing.key == "sagittal_male"
    assert pane.view.zoom_factor() == pytest.approx(z)
    assert pane.view.visible_scene_rect() == visible
    assert pane.layer.outline("sacrum").boundingRect() == sacrum
    assert "prostate" in pane.layer.by_structure and "uterus" not in pane.layer.by_structure


def test_choice_round_trips_through_save_and_open(make_pane, tmp_path):
    pane = make_pane()
    pane.set_view("axial")
    pane.set_variant("male")
    path = tmp_path / "visit.json"
    storage.save(pane.document.consultation, path)
    pane.document.mark_saved(path)

    loaded = storage.load(path)
    assert (loaded.view, loaded.variant) == ("axial", "male")
    fresh = make_pane()                            # a new window showing the default drawing
    assert fresh.drawing.key == "sagittal_female"
    fresh.document.replace(loaded, path)           # what File > Open does
    assert fresh.drawing.key == "axial_male"
    assert fresh.view_actions["axial"].isChecked() and fresh.variant_actions["male"].isChecked()
    assert fresh.view.fitted
    assert not fresh.document.is_dirty


def test_main_window_shows_the_diagram_and_explains_a_clicked_structure(qtbot, library, atlas):
    from desktop_app.ui.main_window import MainWindow

    w = MainWindow(library, atlas=atlas)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    w.show()
    qtbot.waitExposed(w)
    pane = w.diagram_pane
    assert isinstance(pane, DiagramPane)
    pane.fit()
    pix = pixel_point_in(pane, "coccyx")
    click(pane, pix)
    assert "Tailbone" in w.info.text() and "Coccyx" in w.info.text()
    # the pane follows a consultation opened in the window
    w.document.replace(Consultation(view="axial", variant="male"))
    assert pane.drawing.key == "axial_male"


def test_drawing_is_vector_and_crisp_at_high_zoom(pane):
    """Every anatomy item is a path item (no pixmaps), so zooming never blurs it."""
    from PySide6.QtWidgets import QGraphicsPixmapItem

    assert not any(isinstance(i, QGraphicsPixmapItem) for i in pane.scene.items())
    assert len(pane.layer.items) == len(pane.drawing.shapes)
    pane.view.set_zoom(8.0)
    assert math.isclose(pane.view.zoom_factor(), 8.0)
