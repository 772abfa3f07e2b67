"""The drawing's point tests (which structure is under a point: pointer hits, and where a
label's leader may start) give the same answers as the plain formulas they shortcut."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.model import anatomy

coord = st.floats(min_value=-50, max_value=50, allow_nan=False, allow_infinity=False)
point = st.tuples(coord, coord)


def distance(poly, x, y) -> float:
    """The distance from (x, y) to the polyline, segment by segment (the textbook way)."""
    best = math.inf
    for (x0, y0), (x1, y1) in zip(poly, poly[1:]):
        dx, dy = x1 - x0, y1 - y0
        n = dx * dx + dy * dy
        t = 0.0 if n == 0 else max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / n))
        best = min(best, math.hypot(x - (x0 + t * dx), y - (y0 + t * dy)))
    return best


def winding(poly, x, y) -> int:
    wn = 0
    for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]):
        cross = (x1 - x0) * (y - y0) - (x - x0) * (y1 - y0)
        if y0 <= y < y1 and cross > 0:
            wn += 1
        elif y1 <= y < y0 and cross < 0:
            wn -= 1
    return wn


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(point, min_size=2, max_size=8), point,
       st.floats(min_value=0.1, max_value=20))
def test_near_a_polyline_is_within_the_radius_of_some_segment(poly, p, r):
    d = distance(poly, *p)
    if abs(d - r) > 1e-9:          # (exactly on the circle: either answer is fair)
        assert anatomy._near_polyline(poly, p[0], p[1], r) == (d < r)


def test_near_a_polyline_at_the_radius_and_just_past_it():
    line = [(0.0, 0.0), (10.0, 10.0)]           # a diagonal: its box is not its band
    along = (5.0 - 3.0 / math.sqrt(2), 5.0 + 3.0 / math.sqrt(2))   # 3 units off the middle
    assert anatomy._near_polyline(line, *along, 3.0 + 1e-9)
    assert not anatomy._near_polyline(line, *along, 3.0 - 1e-6)
    assert anatomy._near_polyline(line, 12.0, 10.0, 2.0)           # beyond the end: 2 units
    assert not anatomy._near_polyline(line, 12.01, 10.0, 2.0)
    assert not anatomy._near_polyline([(1.0, 1.0)], 1.0, 1.0, 5.0)   # one point: no segment


# whole and half units: exact arithmetic, so a point a rounding error off an edge (where the
# plain formula itself answers wrongly) is not mistaken for a difference
grid = st.integers(min_value=-100, max_value=100).map(lambda n: n / 2)
grid_point = st.tuples(grid, grid)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.lists(grid_point, min_size=3, max_size=7), min_size=1, max_size=3),
       grid_point)
def test_winding_skips_only_polygons_that_cannot_count(polys, p):
    assert anatomy._winding(polys, *p) == sum(winding(poly, *p) for poly in polys)
