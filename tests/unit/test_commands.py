"""Undo commands of the marks, at model level: push, undo, redo, and compare the Consultation.

No widgets and no scene: the commands must change only the model, and notify once per change.
"""

from __future__ import annotations

import pytest

from desktop_app.diagram import geometry
from desktop_app.diagram.commands import (AddMark, EditLesionProperties, EditText,
                                          MoveMarks, RemoveMarks, ResizeLesion,
                                          RestyleMarks, RotateLesion, SetLesionSize,
                                          find_mark)
from desktop_app.document import Document
from desktop_app.model.consultation import (Arrow, Consultation, Lesion, Stroke,
                                            TextNote)
from desktop_app.model.lesions import approach_update, next_number


class Suggestion:
    def __init__(self, kind, reason):
        self.kind, self.reason = kind, reason


def fake_suggest(lesion):
    """Above y = 100 is 'anterior', below is 'posterior', crossing is 'combined'."""
    if lesion.view != "sagittal":
        return None
    top, bottom = lesion.cy - lesion.ry, lesion.cy + lesion.ry
    if bottom <= 100:
        return Suggestion("anterior", "above")
    if top >= 100:
        return Suggestion("posterior", "below")
    return Suggestion("combined", "spans")


@pytest.fixture
def doc(qapp):
    """Qt objects (the undo stack) need the application to exist and to outlive them."""
    d = Document(Consultation())
    d.kinds = []
    d.changed.connect(d.kinds.append)
    return d


def snapshot(doc):
    return doc.consultation.to_dict()


def add(doc, mark):
    doc.push(AddMark(doc, mark))
    return mark


def test_add_undo_redo_lesion(doc):
    before = snapshot(doc)
    lesion = add(doc, Lesion(number=next_number(doc.consultation.lesions), cx=50, cy=60))
    assert doc.undo_stack.undoText() == "Add lesion 1"
    after = snapshot(doc)
    assert after["lesions"][0]["cx"] == 50
    doc.undo_stack.undo()
    assert snapshot(doc) == before
    doc.undo_stack.redo()
    assert snapshot(doc) == after
    assert doc.kinds == ["annotations"] * 3
    assert doc.consultation.lesions[0] is lesion


@pytest.mark.parametrize("mark, name", [
    (Stroke(points=[(0, 0), (10, 5)]), "Add pen stroke"),
    (Arrow(x1=1, y1=2, x2=30, y2=40), "Add arrow"),
    (TextNote(x=5, y=6, text="here"), "Add text"),
])
def test_add_other_marks(doc, mark, name):
    add(doc, mark)
    assert doc.undo_stack.undoText() == name
    assert find_mark(doc.consultation, mark.id)[2] is mark
    doc.undo_stack.undo()
    assert find_mark(doc.consultation, mark.id) is None


def test_remove_restores_order(doc):
    marks = [add(doc, Lesion(number=i + 1, cx=i * 10, cy=0)) for i in range(4)]
    stroke = add(doc, Stroke(points=[(0, 0), (5, 5)]))
    before = snapshot(doc)
    cmd = RemoveMarks(doc, [marks[1].id, marks[3].id, stroke.id])
    assert cmd.text() == "Delete 3 marks"
    doc.push(cmd)
    assert [m.number for m in doc.consultation.lesions] == [1, 3]
    assert doc.consultation.strokes == []
    doc.undo_stack.undo()
    assert snapshot(doc) == before
    doc.undo_stack.redo()
    assert [m.number for m in doc.consultation.lesions] == [1, 3]


def test_remove_names_lesions(doc):
    a, b = add(doc, Lesion(number=1)), add(doc, Lesion(number=2))
    assert RemoveMarks(doc, [b.id]).text() == "Delete lesion 2"
    assert RemoveMarks(doc, [b.id, a.id]).text() == "Delete lesions 1, 2"
    assert RemoveMarks(doc, ["nope"]).isObsolete()


def test_move_every_kind(doc):
    lesion = add(doc, Lesion(number=1, cx=10, cy=20))
    stroke = add(doc, Stroke(points=[(0, 0), (4, 4)]))
    arrow = add(doc, Arrow(x1=1, y1=1, x2=9, y2=9))
    note = add(doc, TextNote(x=3, y=3, text="a"))
    before = snapshot(doc)
    doc.push(MoveMarks(doc, [lesion.id, stroke.id, arrow.id, note.id], 5, -2))
    assert doc.undo_stack.undoText() == "Move 4 marks"
    assert (lesion.cx, lesion.cy) == (15, 18)
    assert stroke.points == [(5, -2), (9, 2)]
    assert (arrow.x1, arrow.y1, arrow.x2, arrow.y2) == (6, -1, 14, 7)
    assert (note.x, note.y) == (8, 1)
    doc.undo_stack.undo()
    assert snapshot(doc) == before


def test_nudges_merge_into_one_entry(doc):
    lesion = add(doc, Lesion(number=1, cx=10, cy=20))
    count = doc.undo_stack.count()
    for _ in range(5):
        doc.push(MoveMarks(doc, [lesion.id], 1, 0, nudge=True))
    assert doc.undo_stack.count() == count + 1
    assert doc.undo_stack.undoText() == "Nudge lesion 1"
    assert lesion.cx == 15
    doc.undo_stack.undo()
    assert lesion.cx == 10
    # a plain move does not merge with nudges
    doc.undo_stack.redo()
    doc.push(MoveMarks(doc, [lesion.id], 0, 3))
    assert doc.undo_stack.count() == count + 2


def test_nudges_of_other_marks_do_not_merge(doc):
    a, b = add(doc, Lesion(number=1)), add(doc, Lesion(number=2))
    n = doc.undo_stack.count()
    doc.push(MoveMarks(doc, [a.id], 1, 0, nudge=True))
    doc.push(MoveMarks(doc, [b.id], 1, 0, nudge=True))
    assert doc.undo_stack.count() == n + 2


def test_resize_rotate_and_typed_size(doc):
    lesion = add(doc, Lesion(number=2, cx=100, cy=50, rx=30, ry=10))
    doc.push(ResizeLesion(doc, lesion.id, 105, 50, 35, 10))
    assert doc.undo_stack.undoText() == "Resize lesion 2"
    assert (lesion.cx, lesion.rx) == (105, 35)
    doc.push(RotateLesion(doc, lesion.id, 30))
    assert doc.undo_stack.undoText() == "Rotate lesion 2"
    doc.push(SetLesionSize(doc, lesion.id, 4.0, 2.5, scale_px_per_cm=20.0))
    assert doc.undo_stack.undoText() == "Set size of lesion 2"
    assert (lesion.rx, lesion.ry) == (40.0, 25.0)
    assert (lesion.length_cm, lesion.width_cm) == (4.0, 2.5)
    doc.undo_stack.undo()
    assert (lesion.rx, lesion.ry, lesion.length_cm) == (35, 10, None)
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert (lesion.cx, lesion.rx, lesion.rotation) == (100, 30, 0)


def test_edit_properties_and_label_typing_merges(doc):
    lesion = add(doc, Lesion(number=1))
    n = doc.undo_stack.count()
    for label in ("C", "Cy", "Cyst"):
        doc.push(EditLesionProperties(doc, lesion.id, "Rename lesion 1", merge=True,
                                      label=label))
    assert doc.undo_stack.count() == n + 1
    assert lesion.label == "Cyst"
    doc.push(EditLesionProperties(doc, lesion.id, appearance="cystic",
                                  suspected_type="tailgut_cyst"))
    assert doc.undo_stack.undoText() == "Edit lesion 1"
    doc.undo_stack.undo()
    assert (lesion.appearance, lesion.suspected_type) == ("unknown", "")
    doc.undo_stack.undo()
    assert lesion.label == ""
    with pytest.raises(ValueError):
        EditLesionProperties(doc, lesion.id, cx=3)


def test_edit_text_and_restyle(doc):
    note = add(doc, TextNote(text="old"))
    stroke = add(doc, Stroke(points=[(0, 0), (1, 1)], width=2))
    doc.push(EditText(doc, note.id, "new"))
    assert note.text == "new" and doc.undo_stack.undoText() == "Edit text"
    doc.push(RestyleMarks(doc, [note.id, stroke.id], color="#D55E00", width=6))
    assert (note.color, stroke.color, stroke.width) == ("#D55E00", "#D55E00", 6)
    doc.undo_stack.undo()
    assert (note.color, stroke.color, stroke.width) == ("#000000", "#0072B2", 2)


def test_unchanged_edit_is_obsolete(doc):
    lesion = add(doc, Lesion(number=1, label="x"))
    assert EditLesionProperties(doc, lesion.id, label="x").isObsolete()
    assert MoveMarks(doc, [lesion.id], 0, 0).isObsolete()


# ----------------------------------------------------------------- approach refresh
def test_moving_refreshes_suggestion_and_undo_restores_it(doc):
    lesion = Lesion(number=1, cx=50, cy=40, rx=10, ry=10)
    lesion.__dict__.update(approach_update(lesion, fake_suggest))
    assert (lesion.approach, lesion.approach_status) == ("anterior", "suggested")
    add(doc, lesion)
    doc.push(MoveMarks(doc, [lesion.id], 0, 70, suggest=fake_suggest))
    assert (lesion.approach, lesion.approach_reason) == ("posterior", "below")
    doc.push(ResizeLesion(doc, lesion.id, 50, 100, 10, 30, suggest=fake_suggest))
    assert lesion.approach == "combined"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert (lesion.approach, lesion.approach_reason) == ("anterior", "above")


def test_confirmed_stays_confirmed_only_while_the_aid_agrees(doc):
    lesion = add(doc, Lesion(number=1, cx=50, cy=150, rx=10, ry=10, approach="posterior",
                             approach_reason="below", approach_status="confirmed"))
    doc.push(MoveMarks(doc, [lesion.id], 0, 10, suggest=fake_suggest))
    assert (lesion.approach, lesion.approach_status) == ("posterior", "confirmed")
    doc.push(MoveMarks(doc, [lesion.id], 0, -150, suggest=fake_suggest))
    assert (lesion.approach, lesion.approach_status) == ("anterior", "suggested")


def test_override_is_kept_when_moved(doc):
    lesion = add(doc, Lesion(number=1, cx=50, cy=150, rx=10, ry=10, approach="combined",
                             approach_reason="below", approach_status="overridden"))
    doc.push(MoveMarks(doc, [lesion.id], 0, -150, suggest=fake_suggest))
    assert (lesion.approach, lesion.approach_status) == ("combined", "overridden")
    assert lesion.approach_reason == "above"


def test_axial_lesions_get_no_suggestion(doc):
    lesion = add(doc, Lesion(number=1, view="axial", cx=50, cy=150))
    doc.push(MoveMarks(doc, [lesion.id], 0, -150, suggest=fake_suggest))
    assert lesion.approach == "" and lesion.approach_status == "suggested"


def test_round_trip_after_edits(doc, tmp_path):
    from desktop_app.model import storage

    lesion = add(doc, Lesion(number=1, cx=12.5, cy=40.25, rx=9, ry=7, rotation=-33.5,
                             label="Cyst", appearance="cystic", length_cm=3.2, width_cm=2.1))
    add(doc, Stroke(points=geometry.smooth_stroke([(0, 0), (5, 3), (11, 4), (20, 10)]),
                    color="#CC79A7", width=6))
    add(doc, Arrow(x1=1, y1=2, x2=3, y2=4, view="axial"))
    add(doc, TextNote(x=7, y=8, text="tailbone\nhere"))
    doc.push(MoveMarks(doc, [lesion.id], 0.1, 0.2))
    path = tmp_path / "c.json"
    storage.save(doc.consultation, path)
    assert storage.load(path).to_dict() == doc.consultation.to_dict()


# ---------------------------------------------------------------- geometry of the tools
def test_resize_by_handle_keeps_the_opposite_edge():
    # unrotated: dragging the east handle to x = 130 keeps the west edge at 70
    cx, cy, rx, ry = geometry.resize_by_handle(100, 50, 30, 10, 0, "e", 130 + 20, 50)
    assert (cx, cy, rx, ry) == pytest.approx((110, 50, 40, 10))
    # rotated 90° clockwise: the lesion's x axis points down the screen
    cx, cy, rx, ry = geometry.resize_by_handle(100, 50, 30, 10, 90, "e", 100, 100)
    assert (cx, cy, rx, ry) == pytest.approx((100, 60, 40, 10))
    # a corner changes both radii; dragging past the opposite edge never inverts the marker
    _, _, rx, ry = geometry.resize_by_handle(0, 0, 10, 10, 0, "se", -50, -50)
    assert rx == ry == geometry.MIN_RADIUS
    # from the centre (Alt)
    assert geometry.resize_by_handle(0, 0, 10, 10, 0, "n", 3, -25, from_centre=True) == \
        pytest.approx((0, 0, 10, 25))


def test_rotation_towards_and_snap():
    assert geometry.rotation_towards(0, 0, 0, -10) == 0
    assert geometry.rotation_towards(0, 0, 10, 0) == 90
    assert geometry.rotation_towards(0, 0, -10, 0) == -90
    assert geometry.rotation_towards(0, 0, 0, 10) == 180
    assert geometry.rotation_towards(0, 0, 10, -9, snap=15) == 45


def test_handles_follow_rotation():
    h = geometry.handle_positions(100, 100, 30, 10, 90, rotate_offset=5)
    assert h["e"] == pytest.approx((100, 130))
    assert h["n"] == pytest.approx((110, 100))
    assert h["rotate"] == pytest.approx((115, 100))


def test_smooth_stroke_is_compact_and_faithful():
    import math

    raw = [(i * 0.5, 20 * math.sin(i / 40) + (0.3 if i % 2 else -0.3)) for i in range(400)]
    out = geometry.smooth_stroke(raw, tolerance=1.0)
    assert out[0] == pytest.approx(raw[0], abs=0.5) and out[-1] == pytest.approx(raw[-1],
                                                                                 abs=0.5)
    assert len(out) < len(raw) / 4
    assert all(min(math.hypot(x - a, y - b) for a, b in raw) < 1.5 for x, y in out)
    # straight lines stay two points; tiny inputs pass through
    assert geometry.smooth_stroke([(0, 0), (5, 0), (10, 0)]) == [(0, 0), (10, 0)]
    assert geometry.smooth_stroke([(1, 1)]) == [(1, 1)]


def test_ellipse_from_corners_any_direction():
    assert geometry.ellipse_from_corners(10, 20, 0, 0) == (5, 10, 5, 10)
    assert geometry.ellipse_from_corners(3, 3, 3, 3)[2:] == (geometry.MIN_RADIUS,) * 2


def test_change_kinds_are_a_closed_set(doc):
    """Document.changed carries a Change; an unknown kind is an error, not a change nobody
    hears."""
    from desktop_app.document import Change

    doc.notify(Change.IMAGES)
    doc.notify("checklist")                     # the old strings still name the same kinds
    assert doc.kinds == [Change.IMAGES, Change.CHECKLIST]
    assert all(isinstance(k, Change) for k in doc.kinds)
    with pytest.raises(ValueError):
        doc.notify("annotation")                # a typo
    assert len(doc.kinds) == 2
    doc.replace(Consultation())
    assert doc.kinds[-1] is Change.ALL
