"""Where the words go on the drawing (desktop_app.model.label_layout): pure geometry, shared by
the screen and the PDF."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.model.label_layout import (
    DOT_CLEAR,
    choose_rect,
    clashes,
    overlaps,
    segment_crosses,
    settle_labels,
    side_rects,
)

H = 16.0


def column(centres, x0=630.0, x1=800.0):
    return [(x0, c - H / 2, x1, c + H / 2) for c in centres]


# the right margin of the sagittal drawing (anatomy.yaml), 14 px text with its backing
RIGHT = column([267.9, 291.6, 312.6, 347.2, 368.2, 389.6, 440.9])
FRAME = (0.0, 0.0, 840.0, 560.0)


def test_a_column_without_conflict_is_left_exactly_as_it_is():
    assert settle_labels(RIGHT, ["r"] * len(RIGHT), frame=FRAME, gap=1.5) == [0.0] * len(RIGHT)


def test_labels_move_along_the_margin_out_of_a_marks_way_in_order_and_little():
    words = (495.0, 290.5, 680.0, 309.5)          # a lesion's label across the column
    shifts = settle_labels(RIGHT, ["r"] * len(RIGHT), obstacles=[words], frame=FRAME, gap=1.5)
    assert None not in shifts
    moved = [(b[0], b[1] + d, b[2], b[3] + d) for b, d in zip(RIGHT, shifts)]
    assert not any(overlaps(b, words, 1.5) for b in moved)
    for a, b in zip(moved, moved[1:]):
        assert a[3] + 1.5 <= b[1] + 1e-6                  # apart, and in the same order
    assert max(abs(d) for d in shifts) < 2 * H
    assert shifts[-1] == 0.0 and shifts[-2] == 0.0        # far ones stay put exactly


def test_a_label_with_no_room_is_left_out_and_only_that_one():
    # a note covering the whole height of the column where three labels are packed tight
    tight = column([100, 118, 136, 310])
    note = (600.0, 60.0, 900.0, 300.0)
    frame = (0.0, 50.0, 840.0, 320.0)
    shifts = settle_labels(tight, ["r"] * 4, obstacles=[note], frame=frame, gap=1.0)
    assert shifts[:3] == [None, None, None] and shifts[3] == 0.0


def test_columns_are_separate():
    left = column([291.6], 20.0, 170.0)
    words = (495.0, 290.5, 680.0, 309.5)
    shifts = settle_labels(RIGHT + left, ["r"] * len(RIGHT) + ["l"], obstacles=[words],
                           frame=FRAME)
    assert shifts[-1] == 0.0


def test_crowded_labels_spread_within_the_frame():
    crowded = column([100, 105, 110, 115])
    shifts = settle_labels(crowded, ["r"] * 4, frame=(0, 80, 840, 200), gap=1.0)
    ys = [(b[1] + b[3]) / 2 + d for b, d in zip(crowded, shifts)]
    assert all(b - a >= H + 1.0 - 1e-6 for a, b in zip(ys, ys[1:]))
    assert ys[0] - H / 2 >= 80 - 1e-6


def test_a_lesion_label_goes_to_the_first_side_that_covers_nothing():
    body = (438.0, 276.0, 486.0, 324.0)
    places = side_rects(body, 185.0, 19.0, 9.0)
    right, left, below, above = places[:4]
    assert right[0] == 495.0 and left[2] == 429.0 and below[1] == 333.0 and above[3] == 267.0
    assert choose_rect(places, avoid=RIGHT, frame=FRAME) == 1          # the margin is taken
    assert choose_rect(places, avoid=[], frame=FRAME) == 0             # right when it is free
    assert choose_rect(places, avoid=RIGHT, frame=(300, 0, 840, 560)) == 2  # left is cut off
    # everything covered: the least covered side
    assert choose_rect([(0, 0, 10, 10), (0, 0, 10, 2)], avoid=[(0, 0, 10, 10)]) == 1


@pytest.mark.parametrize("seg,hit", [(((0, 5), (20, 5)), True), (((0, 20), (20, 20)), False),
                                     (((-5, -5), (15, 15)), True), (((11, 0), (11, 10)), False)])
def test_segment_crosses(seg, hit):
    assert segment_crosses(seg, (0, 0, 10, 10)) is hit


# ------------------------------------------------------------- the drawing and its labels
from desktop_app.model.label_layout import (  # noqa: E402 - grouped with the tests below
    LabelSpec,
    column_labels,
    cover_boxes,
    crossings,
    layout_labels,
    leader_blocked,
    plan_fit,
    segments_cross,
    wrap_words,
)


def mono(text: str) -> float:
    """A monospaced font: 0.5 em a character."""
    return 0.5 * len(text)


BODY = (200.0, 0.0, 600.0, 500.0)          # a drawing 400 wide, 500 tall
SPECS = [LabelSpec("a", "first label here", (300.0, 100.0), (150.0, 100.0)),
         LabelSpec("b", "second label", (500.0, 200.0), (650.0, 200.0)),
         LabelSpec("c", "third one", (500.0, 300.0), (650.0, 300.0))]


def test_words_wrap_at_the_width_and_a_long_word_keeps_its_line():
    assert wrap_words("first label here", 8.0, mono) == ("first label here",)   # 8.0 em: fits
    assert wrap_words("first label here", 7.5, mono) == ("first label", "here")  # one past
    assert wrap_words("supercalifragilistic x", 3.0, mono) == ("supercalifragilistic", "x")
    assert wrap_words("  ", 5.0, mono) == ()


def test_a_wide_frame_keeps_one_line_labels_and_fills_the_height():
    plan = plan_fit([(SPECS, BODY)], 2000, 500, measure=mono, text_size=12, margin=0)
    assert plan.arrangement == "columns" and plan.wrap == float("inf")
    assert plan.scale == pytest.approx(1.0)          # the body's 500 units fill 500 px
    assert plan.rect[3] - plan.rect[1] == pytest.approx(500)


def test_a_narrow_frame_wraps_the_labels_to_draw_the_body_larger():
    one_line = 8.0 + 2 * 0.2 + 1.0 + 6.0 + 2 * 0.2 + 1.0       # em beside the body, unwrapped
    width = 400 + one_line * 12
    plan = plan_fit([(SPECS, BODY)], width, 500, measure=mono, text_size=12, margin=0)
    assert plan.wrap == float("inf") and plan.scale == pytest.approx(1.0)   # at the limit
    narrower = plan_fit([(SPECS, BODY)], width - 60, 500, measure=mono, text_size=12, margin=0)
    assert narrower.wrap < float("inf")              # one step past: wrapped
    assert narrower.scale > (width - 60 - one_line * 12) / 400


def test_both_variants_share_one_plan():
    other = [LabelSpec("a", "a much longer first label", (300.0, 100.0), (150.0, 100.0))]
    taller = (200.0, 0.0, 600.0, 560.0)
    both = plan_fit([(SPECS, BODY), (other, taller)], 900, 600, measure=mono, text_size=12)
    again = plan_fit([(other, taller), (SPECS, BODY)], 900, 600, measure=mono, text_size=12)
    assert both == again
    alone = plan_fit([(SPECS, BODY)], 900, 600, measure=mono, text_size=12)
    assert both.scale < alone.scale                  # room for the taller, wider variant


def test_a_wide_drawing_in_a_tall_frame_puts_the_labels_above_and_below():
    wide = (0.0, 0.0, 1000.0, 400.0)
    specs = [LabelSpec(k, "label " + k, (100.0 * n + 50, 100.0 if n % 2 else 300.0),
                       (-10.0, 0.0)) for n, k in enumerate("abcdefgh")]
    plan = plan_fit([(specs, wide)], 600, 700, measure=mono, text_size=12)
    assert plan.arrangement == "rows"
    placed = layout_labels(specs, plan, mono)
    assert {lab.side for lab in placed} == {"top", "bottom"}
    for lab in placed:
        if lab.side == "top":
            assert lab.box[3] <= wide[1] + 1e-6
        else:
            assert lab.box[1] >= wide[3] - 1e-6


def test_a_leader_through_a_mark_starts_elsewhere_in_its_structure():
    plan = plan_fit([(SPECS, BODY)], 1400, 600, measure=mono, text_size=12)
    mark = (480.0, 190.0, 520.0, 210.0)              # right on b's anchor
    inside = [(x, y) for x in range(420, 580, 5) for y in range(150, 260, 5)]
    placed = {lab.key: lab for lab in layout_labels(SPECS, plan, mono, marks=[mark],
                                                    points=lambda key: inside)}
    b = placed["b"]
    assert b.anchor != (500.0, 200.0) and b.anchor in inside
    assert not leader_blocked(b.anchor, b.end, [mark])
    assert placed["c"].anchor == (500.0, 300.0)      # untouched


def test_a_label_with_no_clear_leader_from_its_place_moves_along_its_column():
    plan = plan_fit([(SPECS, BODY)], 1400, 600, measure=mono, text_size=12)
    wall = [(560.0, 150.0, 570.0, 250.0)]           # a stroke between b's structure and column
    inside = [(500.0, 200.0)]
    placed = {lab.key: lab for lab in layout_labels(SPECS, plan, mono, marks=wall,
                                                    points=lambda key: inside)}
    b = placed["b"]
    assert not leader_blocked(b.anchor, b.end, wall)
    assert not (150.0 - 8 < b.end[1] < 250.0 + 8)   # moved above or below the wall


def test_column_labels_follow_anatomy_yaml_sides_and_heights():
    plan = plan_fit([(SPECS, BODY)], 2000, 500, measure=mono, text_size=12, margin=0)
    placed = {lab.key: lab for lab in column_labels(SPECS, plan, mono)}
    assert placed["a"].side == "left" and placed["a"].box[2] <= BODY[0]
    assert placed["b"].side == "right" and placed["b"].box[0] >= BODY[2]
    assert placed["b"].end[1] == 200.0


def test_segments_and_cover_boxes():
    assert segments_cross(((0, 0), (10, 10)), ((0, 10), (10, 0)))
    assert not segments_cross(((0, 0), (10, 10)), ((10, 10), (20, 0)))    # shared end
    boxes = cover_boxes([(0.0, 0.0), (100.0, 100.0)], 2.0, 10.0)
    assert len(boxes) == 15                          # 141 units in steps of at most 10
    assert not leader_blocked((0.0, 100.0), (30.0, 70.0), boxes)          # beside the line
    assert leader_blocked((0.0, 100.0), (100.0, 0.0), boxes)              # across it
    a = column_labels(SPECS, plan_fit([(SPECS, BODY)], 2000, 500, measure=mono,
                                      text_size=12), mono)
    assert crossings(a) == 0


# ---------------------------------------------- leaders that cross or run over another's dot


def _clashing(placed, em):
    segs = [(lab.anchor, lab.end) for lab in placed]
    return sum(clashes(s, segs[:n] + segs[n + 1:], DOT_CLEAR * em) for n, s in enumerate(segs))


def test_a_leader_over_another_labels_dot_starts_elsewhere():
    """c's leader (to the left column) runs level under b's dot (b's label is on the right):
    at exactly 0.45 em from it (the limit) both stay; 0.01 closer, c starts from the other
    point of its structure and nothing clashes."""
    plan = plan_fit([(SPECS, BODY)], 1400, 600, measure=mono, text_size=12)
    near = DOT_CLEAR * plan.em
    for gap, moved in ((near, False), (near - 0.01, True)):
        specs = [SPECS[0], SPECS[1],
                 LabelSpec("c", "third one", (560.0, 200.0 + gap), (150.0, 200.0 + gap))]
        inside = {"a": [(300.0, 100.0)], "b": [(500.0, 200.0)],
                  "c": [(560.0, 200.0 + gap), (560.0, 300.0)]}
        placed = {lab.key: lab for lab in layout_labels(specs, plan, mono,
                                                        points=inside.__getitem__)}
        assert placed["b"].anchor == (500.0, 200.0) and placed["b"].end[1] == 200.0
        assert placed["c"].end[1] == pytest.approx(200.0 + gap)
        assert (placed["c"].anchor == (560.0, 300.0)) is moved, gap
        assert _clashing(list(placed.values()), plan.em) == 0


def test_two_crossing_leaders_of_a_side_trade_places():
    """b's structure is below c's, yet b's label is above: the leaders cross and neither has
    another start; the labels trade places and the leaders no longer cross."""
    plan = plan_fit([(SPECS, BODY)], 1400, 600, measure=mono, text_size=12)
    specs = [SPECS[0],
             LabelSpec("b", "second label", (500.0, 320.0), (650.0, 200.0)),
             LabelSpec("c", "third one", (500.0, 180.0), (650.0, 300.0))]
    mark = (300.0, 0.0, 310.0, 5.0)                  # a mark far away: the full layout runs
    placed = layout_labels(specs, plan, mono, marks=[mark],
                           points=lambda k: [next(s.anchor for s in specs if s.key == k)])
    at = {lab.key: lab for lab in placed}
    assert at["c"].end[1] < at["b"].end[1]
    assert crossings(placed) == 0


def test_a_yielding_label_gives_its_place_up_first():
    """A column with room for two labels: the lesion's call-out (yielding) is the one left
    out of it, not an anatomy label; without ``yielding`` an anatomy label went."""
    body = (200.0, 0.0, 600.0, 60.0)
    specs = [LabelSpec("b", "second label", (500.0, 20.0), (650.0, 20.0)),
             LabelSpec("c", "third one", (500.0, 40.0), (650.0, 40.0)),
             LabelSpec("lesion:1", "a cyst", (500.0, 30.0), (650.0, 30.0))]
    plan = plan_fit([(specs[:2], body)], 1400, 60, measure=mono, text_size=12, margin=0)
    plan = replace(plan, rect=(plan.rect[0], 0.0, plan.rect[2], 2 * 1.2 * plan.em + 3))
    kept = {lab.key for lab in layout_labels(specs, plan, mono, yielding=frozenset({"lesion:1"}))}
    assert {"b", "c"} <= kept


def test_two_leaders_that_can_only_cross_leave_one_label_out():
    """Two labels on opposite sides whose leaders cross, neither structure with another
    start and no trade of places possible (other sides): one label is left out (a leader in
    an X reads as pointing at the other structure); the one left crosses nothing."""
    from desktop_app.model.label_layout import PlacedLabel, _unclash

    plan = plan_fit([(SPECS, BODY)], 1400, 600, measure=mono, text_size=12)
    a = PlacedLabel("a", ("a",), (650.0, 94.0, 700.0, 106.0), (500.0, 300.0), (650.0, 100.0),
                    "right")
    b = PlacedLabel("b", ("b",), (300.0, 94.0, 350.0, 106.0), (600.0, 300.0), (350.0, 100.0),
                    "left")
    assert crossings([a, b]) == 1
    starts = {"a": [a.anchor], "b": [b.anchor]}
    out = _unclash([a, b], plan, lambda k: [], lambda k: starts[k], 2.0, drop_crossed=True)
    assert len(out) == 1 and crossings(out) == 0
    # on screen (no drop) both stay: the surgeon is there to point
    assert len(_unclash([a, b], plan, lambda k: [], lambda k: starts[k], 2.0)) == 2
    # b's structure moved left of a's: the leaders no longer cross, both stay
    b2 = PlacedLabel("b", ("b",), (300.0, 94.0, 350.0, 106.0), (450.0, 300.0),
                     (350.0, 100.0), "left")
    assert crossings([a, b2]) == 0
    assert len(_unclash([a, b2], plan, lambda k: [], lambda k: [k == "a" and a.anchor
                                                                 or b2.anchor], 2.0,
                        drop_crossed=True)) == 2
