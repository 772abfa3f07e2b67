"""Every limit of one visit at the limit and one past it, with the numbers written here.

The numbers are the product's promise (model/limits.py: what the worst allowed file still opens
and exports within); a test written in terms of the constants would move with a wrong edit.
Each limit is checked where a mark is added (``limits.problem`` / ``room_for``) and where a
file is read (``Consultation.from_dict``).
"""

from __future__ import annotations

import pytest

from desktop_app.model import limits
from desktop_app.model.consultation import (Arrow, Consultation, ConsultationError, Lesion,
                                            Shape, Stamp, Stroke, TextNote)


def stroke(n: int, view: str = "sagittal") -> Stroke:
    return Stroke(view=view, points=[(float(i % 50), float(i // 50)) for i in range(n)])


def area(n: int, view: str = "sagittal") -> Shape:
    return Shape(view=view, kind="area", points=[(float(i % 50), float(i // 50))
                                                  for i in range(n)])


def visit(**groups) -> Consultation:
    return Consultation(**groups)


def loads(consultation: Consultation) -> Consultation:
    """The same visit read back from its dict, as a file is read."""
    return Consultation.from_dict(consultation.to_dict())


# ------------------------------------------------------------------ points in one mark: 2,000
def test_one_stroke_of_2000_points_is_allowed_and_2001_is_not():
    assert limits.problem(visit(strokes=[stroke(2000)])) is None
    assert loads(visit(strokes=[stroke(2000)])).strokes[0].points
    found = limits.problem(visit(strokes=[stroke(2001)]))
    assert found == ("strokes[0].points", "more than 2000 points in one mark")


def test_one_freeform_area_of_2000_points_is_allowed_and_2001_is_not():
    assert limits.problem(visit(shapes=[area(2000)])) is None
    found = limits.problem(visit(shapes=[area(2001)]))
    assert found == ("shapes[0].points", "more than 2000 points in one mark")


def test_a_new_stroke_is_checked_before_it_is_added():
    assert limits.room_for(visit(), stroke(2000)) is None
    refusal = limits.room_for(visit(), stroke(2001))
    assert refusal is not None and "more than 2000 points in one mark" in refusal


# ------------------------------------------------------------------ points on one view: 10,000
def test_10000_points_on_one_view_are_allowed_and_10001_are_not():
    five = [stroke(2000) for _ in range(5)]
    assert limits.problem(visit(strokes=five)) is None
    assert len(loads(visit(strokes=five)).strokes) == 5
    over = visit(strokes=[*five, stroke(1)])
    assert limits.problem(over) == ("strokes", "more than 10000 pen points on one view")
    with pytest.raises(ConsultationError, match="more than 10000 pen points on one view"):
        loads(over)


def test_shapes_count_with_strokes_on_their_view():
    # 4 strokes and 1 area of 2,000 points fill the view; one more point of either is over
    full = [stroke(2000) for _ in range(4)]
    assert limits.problem(visit(strokes=full, shapes=[area(2000)])) is None
    assert limits.problem(visit(strokes=full, shapes=[area(2000), area(1)])) == (
        "strokes", "more than 10000 pen points on one view")


def test_each_view_has_its_own_10000():
    # 10,000 on the side view and 10,000 on the cross-section: 20,000 in the visit, allowed
    sides = [stroke(2000, "sagittal") for _ in range(5)]
    axial = [stroke(2000, "axial") for _ in range(5)]
    assert limits.problem(visit(strokes=sides + axial)) is None
    assert loads(visit(strokes=sides + axial)).strokes


def test_a_new_point_on_a_full_view_is_refused_but_fits_on_another_view():
    full = visit(strokes=[stroke(2000) for _ in range(5)])
    assert limits.room_for(full, stroke(1, "sagittal")) is not None
    assert limits.room_for(full, stroke(1, "axial")) is None


# ------------------------------------------------------------------ points in one visit: 20,000
def test_20000_points_in_a_visit_are_allowed_and_20001_are_not():
    allowed = ([stroke(2000, "sagittal") for _ in range(5)]
               + [stroke(2000, "axial") for _ in range(5)])
    assert limits.problem(visit(strokes=allowed)) is None
    over = visit(strokes=[*allowed, stroke(1, "posterior")])
    assert limits.problem(over) == ("strokes", "more than 20000 pen points in one visit")
    with pytest.raises(ConsultationError, match="more than 20000 pen points in one visit"):
        loads(over)


def test_the_visit_total_is_checked_for_a_new_mark():
    allowed = visit(strokes=[stroke(2000, "sagittal") for _ in range(5)]
                    + [stroke(2000, "axial") for _ in range(5)])
    refusal = limits.room_for(allowed, stroke(1, "posterior"))
    assert refusal is not None and "more than 20000 pen points in one visit" in refusal


# ------------------------------------------------------------------ marks in one visit: 100
def mixed_marks(n: int) -> dict:
    """``n`` marks spread over every kind, so each kind counts toward the total."""
    makers = {"lesions": lambda i: Lesion(number=i + 1, cx=10.0, cy=10.0),
              "strokes": lambda i: stroke(2),
              "arrows": lambda i: Arrow(x1=0.0, y1=0.0, x2=5.0, y2=5.0),
              "texts": lambda i: TextNote(text="x"), "shapes": lambda i: Shape(),
              "stamps": lambda i: Stamp()}
    kinds = sorted(makers)
    groups: dict[str, list] = {g: [] for g in kinds}
    for i in range(n):
        kind = kinds[i % len(kinds)]
        groups[kind].append(makers[kind](i))
    return groups


def test_100_marks_are_allowed_and_101_are_not():
    assert limits.GROUPS == ("lesions", "shapes", "strokes", "arrows", "stamps", "texts")
    assert limits.problem(visit(**mixed_marks(100))) is None
    assert loads(visit(**mixed_marks(100)))
    over = visit(**mixed_marks(101))
    assert limits.problem(over) == ("annotations", "more than 100 marks in one visit")
    with pytest.raises(ConsultationError, match="more than 100 marks in one visit"):
        loads(over)


@pytest.mark.parametrize("group,mark", [("stamps", Stamp()), ("shapes", Shape()),
                                        ("texts", TextNote(text="x")),
                                        ("arrows", Arrow(x1=0.0, y1=0.0, x2=5.0, y2=5.0))])
def test_every_kind_of_mark_counts_toward_the_100(group, mark):
    ninety_nine = visit(strokes=[stroke(2) for _ in range(99)])
    assert limits.room_for(ninety_nine, mark) is None
    full = visit(**{"strokes": [stroke(2) for _ in range(99)], group: [mark]})
    assert limits.problem(full) is None
    refusal = limits.room_for(full, Stroke(points=[(0.0, 0.0), (1.0, 1.0)]))
    assert refusal is not None and "more than 100 marks in one visit" in refusal


def test_a_mark_without_points_is_counted_but_adds_no_points():
    full = visit(strokes=[stroke(2000) for _ in range(5)])
    assert limits.room_for(full, Arrow(x1=0.0, y1=0.0, x2=1.0, y2=1.0)) is None
