"""Where the words go on the drawing (desktop_app.model.label_layout): pure geometry, shared by
the screen and the PDF."""

from __future__ import annotations

import pytest

from desktop_app.model.label_layout import (
    choose_rect,
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
