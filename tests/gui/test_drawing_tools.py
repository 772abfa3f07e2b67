"""The highlighter, the shapes and the surgical stamps, driven with the real mouse and keys on
the diagram pane (the ``Canvas`` of test_annotations): place, move, resize, rotate, undo, redo
and save → open, asserting on the model in diagram coordinates."""

from __future__ import annotations

import json
import math

import pytest
from PySide6.QtCore import Qt

from desktop_app.diagram.stamp_items import GripItem, StampItem
from desktop_app.model import storage
from desktop_app.model.anatomy import structure_at
from desktop_app.model.consultation import Consultation
from desktop_app.model.stamps import MENU_KINDS, bone_cuts, highlight_width
from tests.gui.test_annotations import TOL, Canvas


@pytest.fixture
def canvas(qtbot, atlas, library):
    return Canvas(qtbot, atlas, library)


def grips(canvas) -> dict[str, GripItem]:
    return {g.name: g for g in canvas.scene.items() if isinstance(g, GripItem)}


def grip_point(canvas, grip: GripItem) -> tuple[float, float]:
    """Where to press a grip (the rotate knob sits a fixed number of pixels out)."""
    at = canvas.view.mapFromScene(grip.scenePos()) + grip.knob_centre().toPoint()
    p = canvas.view.mapToScene(at)
    return p.x(), p.y()


def reopened(canvas, tmp_path) -> Consultation:
    path = tmp_path / "visit.json"
    storage.save(canvas.c, path)
    again = storage.load(path)
    assert again.to_dict() == canvas.c.to_dict()
    return again


# ------------------------------------------------------------------------ highlighter
def test_highlighter_draws_a_wide_translucent_stroke_undo_redo_and_reopen(canvas, tmp_path):
    canvas.view.setFocus()
    canvas.key(Qt.Key.Key_H)
    assert canvas.ctl.tool.name == "highlighter"
    canvas.drag((200, 300), (360, 320), steps=12)
    (stroke,) = canvas.c.strokes
    assert stroke.highlight and stroke.width == highlight_width(canvas.ctl.width)
    assert stroke.points[0] == pytest.approx((200, 300), abs=TOL)
    assert canvas.document.undo_stack.undoText() == "Add highlight"
    item = canvas.ctl.layer.items[stroke.id]
    assert item.highlight
    # move it with Select
    canvas.ctl.set_tool("select")
    canvas.drag((280, 310), (280, 350))
    assert stroke.points[0] == pytest.approx((200, 340), abs=2 * TOL)
    canvas.undo()
    canvas.undo()
    assert canvas.c.strokes == []
    canvas.redo()
    assert canvas.c.strokes[0].highlight
    again = reopened(canvas, tmp_path)
    assert again.strokes[0].highlight
    # a pen stroke is saved as before: no "highlight" field
    canvas.ctl.set_tool("pen")
    canvas.drag((100, 100), (200, 120), steps=8)
    saved = json.loads(storage.dumps(canvas.c))
    assert [("highlight" in s) for s in saved["strokes"]] == [True, False]


# ---------------------------------------------------------------------------- shapes
@pytest.mark.parametrize("tool,key,kind", [("ellipse", Qt.Key.Key_O, "ellipse"),
                                           ("rect", Qt.Key.Key_R, "rect")])
def test_box_shapes_place_move_resize_rotate_undo_redo_reopen(canvas, tmp_path, tool, key,
                                                              kind):
    canvas.view.setFocus()
    canvas.key(key)
    assert canvas.ctl.tool.name == tool
    canvas.drag((300, 300), (380, 340))
    (shape,) = canvas.c.shapes
    assert (shape.kind, shape.fill) == (kind, True)
    assert (shape.cx, shape.cy, shape.rx, shape.ry) == pytest.approx((340, 320, 40, 20),
                                                                     abs=TOL)
    assert canvas.ctl.selected_ids() == [shape.id]
    # move: drag its outline with Select
    canvas.ctl.set_tool("select")
    canvas.drag((340, 320), (360, 330))
    assert (shape.cx, shape.cy) == pytest.approx((360, 330), abs=TOL)
    # resize with the corner grip (about the centre)
    g = grips(canvas)
    assert set(g) == {"resize", "rotate"}
    x, y = grip_point(canvas, g["resize"])
    canvas.drag((x, y), (x + 20, y + 10))
    assert (shape.rx, shape.ry) == pytest.approx((60, 30), abs=2 * TOL)
    assert canvas.document.undo_stack.undoText().startswith("Resize")
    # rotate: the knob dragged round to the right of the centre
    x, y = grip_point(canvas, grips(canvas)["rotate"])
    canvas.drag((x, y), (shape.cx + 100, shape.cy))
    assert shape.rotation == pytest.approx(90, abs=1.0)
    canvas.undo()
    canvas.undo()
    assert (shape.rx, shape.rotation) == pytest.approx((40, 0), abs=TOL)
    canvas.undo()
    assert (shape.cx, shape.cy) == pytest.approx((340, 320), abs=TOL)
    canvas.undo()
    assert canvas.c.shapes == []
    for _ in range(4):
        canvas.redo()
    assert canvas.c.shapes[0].rotation == pytest.approx(90, abs=1.0)
    reopened(canvas, tmp_path)


def test_shift_draws_a_circle_and_a_short_drag_draws_nothing(canvas):
    canvas.ctl.set_tool("ellipse")
    canvas.drag((300, 300), (302, 301))
    assert canvas.c.shapes == []
    canvas.ctl.set_tool("ellipse")
    canvas.drag((300, 300), (380, 330), mods=Qt.KeyboardModifier.ShiftModifier)
    shape = canvas.c.shapes[0]
    assert shape.rx == pytest.approx(shape.ry)


def test_freeform_area_closes_and_is_shaded_move_resize_rotate(canvas, tmp_path):
    canvas.view.setFocus()
    canvas.key(Qt.Key.Key_F)
    assert canvas.ctl.tool.name == "area"
    loop = [(300 + 60 * math.cos(a / 12 * 2 * math.pi), 300 + 40 * math.sin(a / 12 * 2 * math.pi))
            for a in range(13)]
    canvas.press(*loop[0])
    for p in loop[1:]:
        canvas.move(*p)
    canvas.release(*loop[-1])
    (area,) = canvas.c.shapes
    assert area.kind == "area" and area.fill and len(area.points) >= 6
    xs = [p[0] for p in area.points]
    assert (min(xs), max(xs)) == pytest.approx((240, 360), abs=3)
    # keyboard: ] turns it by 15°, + makes it 10 % larger (one history entry for repeats)
    canvas.key(Qt.Key.Key_BracketRight)
    canvas.key(Qt.Key.Key_Plus)
    canvas.key(Qt.Key.Key_Plus)
    assert canvas.document.undo_stack.undoText().startswith("Change area")
    xs = [p[0] for p in area.points]
    assert max(xs) - min(xs) > 120 * 1.1
    canvas.undo()
    xs = [p[0] for p in area.points]
    assert (min(xs), max(xs)) == pytest.approx((240, 360), abs=3)
    canvas.key(Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)   # nudge 10 units
    assert min(p[0] for p in area.points) == pytest.approx(250, abs=3)
    reopened(canvas, tmp_path)


def test_enter_places_a_shape_from_the_keyboard(canvas):
    canvas.view.setFocus()
    canvas.key(Qt.Key.Key_R)
    canvas.key(Qt.Key.Key_Return)
    (shape,) = canvas.c.shapes
    centre = canvas.view.mapToScene(canvas.vp.rect().center())
    assert (shape.cx, shape.cy) == pytest.approx((centre.x(), centre.y()), abs=TOL)
    assert (shape.rx * 2 / 20, shape.ry * 2 / 20) == pytest.approx((3.0, 2.0))


# ----------------------------------------------------------------------------- stamps
def choose_stamp(canvas, kind):
    canvas.toolbar.stamp_button.actions_by_kind[kind].trigger()
    assert canvas.ctl.tool.name == "stamp" and canvas.ctl.tools["stamp"].kind == kind


@pytest.mark.parametrize("kind", MENU_KINDS)
def test_each_stamp_place_move_rotate_resize_undo_redo_reopen(canvas, tmp_path, kind):
    choose_stamp(canvas, kind)
    canvas.click(300, 250)
    if kind == "combined_front":     # the cut on the belly, then the cut from behind
        assert canvas.c.stamps == [] and canvas.ctl.tool.pending()
        canvas.click(600, 250)
        front, back = canvas.c.stamps
        assert (front.kind, back.kind) == ("combined_front", "combined_back")
        assert canvas.document.undo_stack.undoText() == \
            "Add the two cuts of the combined operation"
        canvas.ctl.select([front.id])
    (stamp, *_) = canvas.c.stamps
    assert stamp.kind == kind and stamp.view == "sagittal"
    if kind == "sacral_level":      # snapped onto the nearest sacral segment's line
        assert stamp.level in ("S1", "S2", "S3", "S4", "S5")
    else:
        assert (stamp.x, stamp.y) == pytest.approx((300, 250), abs=TOL)
    x0, y0, rot0, size0 = stamp.x, stamp.y, stamp.rotation, stamp.size
    assert canvas.ctl.selected_ids() == [stamp.id]
    assert isinstance(canvas.ctl.layer.items[stamp.id], StampItem)
    # move by dragging the stamp itself
    item = canvas.ctl.layer.items[stamp.id]
    grab = next(p for p in _points_on(item) if canvas.ctl.item_at(canvas.at(*p)) is item)
    canvas.drag(grab, (grab[0] + 30, grab[1] + 20))
    assert (stamp.x, stamp.y) == pytest.approx((x0 + 30, y0 + 20), abs=TOL)
    # rotate with the knob (to the right of the centre: 90° from "up")
    x, y = grip_point(canvas, grips(canvas)["rotate"])
    canvas.drag((x, y), (stamp.x + 150, stamp.y))
    assert stamp.rotation == pytest.approx(90, abs=1.0)
    # resize with the corner grip: twice as far from the centre, twice the size
    g = grips(canvas)["resize"]
    gx, gy = g.scenePos().x(), g.scenePos().y()
    canvas.drag((gx, gy), (stamp.x + 2 * (gx - stamp.x), stamp.y + 2 * (gy - stamp.y)))
    assert stamp.size == pytest.approx(2 * size0, rel=0.05)
    assert canvas.document.undo_stack.undoText().startswith("Resize stamp")
    canvas.undo()
    canvas.undo()
    assert (stamp.rotation, stamp.size) == pytest.approx((rot0, size0))
    canvas.undo()
    assert (stamp.x, stamp.y) == pytest.approx((x0, y0))
    canvas.undo()
    assert canvas.c.stamps == []
    for _ in range(4):
        canvas.redo()
    assert canvas.c.stamps[0].size == pytest.approx(2 * size0, rel=0.05)
    again = reopened(canvas, tmp_path)
    assert again.stamps[0].kind == kind


def _points_on(item):
    """Scene points along a stamp's drawing (where a press picks it)."""
    r = item.sceneBoundingRect()
    for i in range(1, 20):
        for j in range(1, 20):
            yield (r.left() + r.width() * i / 20, r.top() + r.height() * j / 20)


def test_sacral_level_snaps_to_the_segment_clicked_on_side_view_and_view_from_behind(
        canvas, atlas):
    for view in ("sagittal", "posterior"):
        canvas.pane.set_view(view)
        drawing = atlas.drawing(view, "female")
        choose_stamp(canvas, "sacral_level")
        levels = drawing.sacral_levels
        if view == "sagittal":       # the cut goes back through the bone, not forward
            levels = bone_cuts(levels)
            assert structure_at(drawing, *_middle(levels["S2"])) == "sacrum"
        (x1, y1), (x2, y2) = levels["S2"]
        canvas.click((x1 + x2) / 2, (y1 + y2) / 2)
        stamp = canvas.c.stamps[-1]
        assert (stamp.view, stamp.level) == (view, "S2")
        assert (stamp.x, stamp.y) == pytest.approx(((x1 + x2) / 2, (y1 + y2) / 2), abs=0.1)
        assert stamp.size * 120 == pytest.approx(math.hypot(x2 - x1, y2 - y1), abs=0.5)


def _middle(segment):
    (x1, y1), (x2, y2) = segment
    return (x1 + x2) / 2, (y1 + y2) / 2


def test_stamps_from_the_keyboard_cycle_place_turn_resize_and_escape(canvas):
    canvas.view.setFocus()
    canvas.key(Qt.Key.Key_S)
    tool = canvas.ctl.tools["stamp"]
    assert canvas.ctl.tool is tool and tool.kind == MENU_KINDS[0]
    canvas.key(Qt.Key.Key_S)                 # again: the next stamp
    assert tool.kind == MENU_KINDS[1]
    assert canvas.toolbar.stamp_button.text() == "Stamp"        # the same width for each
    assert "Midline cut" in canvas.toolbar.stamp_button.toolTip()
    canvas.key(Qt.Key.Key_Return)
    (stamp,) = canvas.c.stamps
    assert stamp.kind == MENU_KINDS[1]
    canvas.key(Qt.Key.Key_BracketRight)
    canvas.key(Qt.Key.Key_BracketRight)
    canvas.key(Qt.Key.Key_Minus)
    assert (stamp.rotation, stamp.size) == pytest.approx((30, 1 / 1.1))
    canvas.undo()                            # the keyboard steps were one history entry
    assert (stamp.rotation, stamp.size) == (0, 1)
    # the combined approach: Esc between the two clicks places nothing
    canvas.toolbar.stamp_button.actions_by_kind["combined_front"].trigger()
    canvas.click(200, 200)
    assert tool.pending()
    canvas.key(Qt.Key.Key_Escape)
    assert not tool.pending() and len(canvas.c.stamps) == 1
    # accessible names
    assert canvas.toolbar.stamp_button.accessibleName() == "Choose the stamp"
    for name in ("highlighter", "ellipse", "rect", "area", "stamp"):
        act = canvas.toolbar.tool_actions[name]
        assert act.text() and act.shortcut().toString() and act.toolTip()


def test_older_files_open_and_files_without_new_marks_keep_their_form(tmp_path):
    old = {"schema_version": 1, "visit_date": "2025-01-02",
           "strokes": [{"id": "s1", "view": "sagittal", "points": [[1, 2], [3, 4]],
                        "color": "#0072B2", "width": 3}]}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    c = storage.load(path)
    assert c.shapes == [] and c.stamps == [] and not c.strokes[0].highlight
    saved = json.loads(storage.dumps(c))
    assert "shapes" not in saved and "stamps" not in saved
    assert "highlight" not in saved["strokes"][0]
