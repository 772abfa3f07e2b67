"""A row of labels pushed along its side stays inside the frame's margin, and when the margin
leaves a label out, inside the least margin — never at the screen's very edge."""

from __future__ import annotations

import pytest

from desktop_app.model.label_layout import FitPlan, PlacedLabel, settle_columns


def _row(widths: list[float], y: float = 0.0) -> list[PlacedLabel]:
    out, x = [], 70.0
    for n, w in enumerate(widths):      # all start right of the middle: they must spread out,
        # and the least movement would take them to the frame's right edge
        out.append(PlacedLabel(key=f"l{n}", lines=("x",), box=(x, y, x + w, y + 5),
                               anchor=(x + w / 2, 50.0), end=(x + w / 2, y + 5), side="top"))
        x += 1.0
    return out


def _plan(inset: float, least: float) -> FitPlan:
    return FitPlan(scale=1.0, rect=(0.0, 0.0, 100.0, 100.0), content=(0.0, 0.0, 100.0, 100.0),
                   em=1.0, wrap=10.0, arrangement="rows", edges=(10.0, 90.0), mid=50.0,
                   line=1.2, inset=inset, inset_least=least)


@pytest.mark.parametrize("widths, inset, least, lo, hi", [
    # three of 25 with two gaps of 0.6 em: 76.2 wide, within a 10-unit margin (80 wide)
    ([25.0, 25.0, 25.0], 10.0, 2.0, 10.0, 90.0),
    # three of 28: 85.2 wide, not within the margin (80) but within the least margin (96)
    ([28.0, 28.0, 28.0], 10.0, 2.0, 2.0, 98.0),
    # no least margin given: up to the frame's edge, as before
    ([28.0, 28.0, 28.0], 10.0, 0.0, 0.0, 100.0),
])
def test_a_row_settles_inside_the_margin_or_the_least_margin(widths, inset, least, lo, hi):
    placed = settle_columns(_row(widths), _plan(inset, least))
    assert len(placed) == 3
    assert min(p.box[0] for p in placed) >= lo - 1e-6
    assert max(p.box[2] for p in placed) <= hi + 1e-6
    boxes = sorted(p.box for p in placed)
    assert all(a[2] + 0.6 <= b[0] + 1e-6 for a, b in zip(boxes, boxes[1:]))
    if least:   # it used the least margin only because the margin left a label out
        assert (min(p.box[0] for p in placed) < inset) == (sum(widths) + 1.2 > 100 - 2 * inset)


def test_a_row_too_wide_for_the_least_margin_leaves_a_label_out_inside_it():
    # three of 32: 97.2 wide, more than the least margin's 96: one label gives way (the pane
    # then steps the labels down a size) and the others stay inside the least margin
    placed = settle_columns(_row([32.0, 32.0, 32.0]), _plan(10.0, 2.0))
    assert len(placed) < 3
    assert all(p.box[0] >= 2.0 - 1e-6 and p.box[2] <= 98.0 + 1e-6 for p in placed)
