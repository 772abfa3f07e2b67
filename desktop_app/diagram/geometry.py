"""Plain geometry for the annotation tools (pure Python, no Qt).

Everything is in diagram units (the SVG user units of the anatomy drawing, y down). Rotations
are degrees clockwise on screen, as in Qt and in :class:`~desktop_app.model.consultation.Lesion`.
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

Point = tuple[float, float]

MIN_RADIUS = 2.0   # a lesion never collapses below this (diagram units)

# Resize handles sit on the lesion's own (unrotated) bounding box: (sign of x, sign of y).
RESIZE_HANDLES: dict[str, tuple[int, int]] = {
    "e": (1, 0), "w": (-1, 0), "s": (0, 1), "n": (0, -1),
    "se": (1, 1), "sw": (-1, 1), "ne": (1, -1), "nw": (-1, -1),
}
ROTATE_HANDLE = "rotate"


# ------------------------------------------------------------------------------ strokes
def dedupe(points: Iterable[Point], min_dist: float = 1e-6) -> list[Point]:
    out: list[Point] = []
    for x, y in points:
        if not out or math.hypot(x - out[-1][0], y - out[-1][1]) > min_dist:
            out.append((float(x), float(y)))
    return out


def _seg_dist(p: Point, a: Point, b: Point) -> float:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy
    if length2 == 0.0:
        return math.hypot(p[0] - ax, p[1] - ay)
    t = max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2))
    return math.hypot(p[0] - (ax + t * dx), p[1] - (ay + t * dy))


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Ramer–Douglas–Peucker: drop points closer than ``tolerance`` to the simplified line."""
    pts = list(points)
    if len(pts) < 3 or tolerance <= 0:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            d = _seg_dist(pts[i], pts[first], pts[last])
            if d > worst:
                worst, index = d, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(pts, keep) if k]


def catmull_rom(points: Sequence[Point], step: float = 2.0) -> list[Point]:
    """Sample a uniform Catmull–Rom spline through ``points``.

    Each segment is cut into pieces about ``step`` units long; the curve passes through every
    input point, so the simplified stroke keeps its corners where the hand made them.
    """
    pts = list(points)
    if len(pts) < 3:
        return pts
    ext = [pts[0], *pts, pts[-1]]
    out: list[Point] = [pts[0]]
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        n = max(1, int(math.hypot(p2[0] - p1[0], p2[1] - p1[1]) / step))
        for k in range(1, n + 1):
            t = k / n
            t2, t3 = t * t, t * t * t
            out.append(tuple(  # type: ignore[arg-type]
                0.5 * (2 * p1[j] + (-p0[j] + p2[j]) * t
                       + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t2
                       + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t3)
                for j in (0, 1)))
    return out


def smooth_stroke(raw: Iterable[Point], tolerance: float = 1.5) -> list[Point]:
    """A hand-drawn polyline made smooth and compact, ready to store in the model.

    The jitter of the hand (and of the mouse) is removed by simplifying with ``tolerance``
    (diagram units; pass a value that corresponds to ~1.5 screen pixels), the result is
    sampled along a Catmull–Rom spline, and that is simplified again finely. The stored
    polyline is therefore already smooth: the screen and the PDF draw the same curve.
    """
    pts = dedupe(raw)
    if len(pts) < 3:
        return [(round(x, 2), round(y, 2)) for x, y in pts]
    coarse = simplify(pts, tolerance)
    fine = simplify(catmull_rom(coarse, step=max(0.5, tolerance)), tolerance * 0.3)
    return dedupe((round(x, 2), round(y, 2)) for x, y in fine)


def polyline_length(points: Sequence[Point]) -> float:
    return sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(points, points[1:]))


# ------------------------------------------------------------------------------ lesions
def ellipse_from_corners(x0: float, y0: float, x1: float, y1: float,
                         min_radius: float = MIN_RADIUS) -> tuple[float, float, float, float]:
    """(cx, cy, rx, ry) of the axis-aligned ellipse inscribed in the dragged box."""
    return ((x0 + x1) / 2.0, (y0 + y1) / 2.0,
            max(min_radius, abs(x1 - x0) / 2.0), max(min_radius, abs(y1 - y0) / 2.0))


def rotate(x: float, y: float, degrees: float) -> Point:
    """Rotate a vector clockwise on screen (y down) by ``degrees``."""
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    return (x * c - y * s, x * s + y * c)


def to_local(cx: float, cy: float, rotation: float, x: float, y: float) -> Point:
    """A diagram point in the lesion's own frame (centre at 0, axes along rx / ry)."""
    return rotate(x - cx, y - cy, -rotation)


def to_diagram(cx: float, cy: float, rotation: float, lx: float, ly: float) -> Point:
    dx, dy = rotate(lx, ly, rotation)
    return (cx + dx, cy + dy)


def handle_positions(cx: float, cy: float, rx: float, ry: float, rotation: float,
                     rotate_offset: float) -> dict[str, Point]:
    """Diagram positions of the resize handles and of the rotate handle.

    ``rotate_offset`` is how far above the top edge the rotate handle sits (diagram units).
    """
    out = {name: to_diagram(cx, cy, rotation, sx * rx, sy * ry)
           for name, (sx, sy) in RESIZE_HANDLES.items()}
    out[ROTATE_HANDLE] = to_diagram(cx, cy, rotation, 0.0, -ry - rotate_offset)
    return out


def resize_by_handle(cx: float, cy: float, rx: float, ry: float, rotation: float, handle: str,
                     x: float, y: float, *, from_centre: bool = False,
                     min_radius: float = MIN_RADIUS) -> tuple[float, float, float, float]:
    """New (cx, cy, rx, ry) when ``handle`` is dragged to diagram point (x, y).

    The opposite edge stays put (or the centre, with ``from_centre``); rotation is kept.
    """
    sx, sy = RESIZE_HANDLES[handle]
    lx, ly = to_local(cx, cy, rotation, x, y)
    ncx, ncy, nrx, nry = 0.0, 0.0, rx, ry
    if sx:
        if from_centre:
            nrx = max(min_radius, abs(lx))
        else:
            fixed = -sx * rx
            edge = lx if (lx - fixed) * sx > 2 * min_radius else fixed + sx * 2 * min_radius
            ncx, nrx = (fixed + edge) / 2.0, abs(edge - fixed) / 2.0
    if sy:
        if from_centre:
            nry = max(min_radius, abs(ly))
        else:
            fixed = -sy * ry
            edge = ly if (ly - fixed) * sy > 2 * min_radius else fixed + sy * 2 * min_radius
            ncy, nry = (fixed + edge) / 2.0, abs(edge - fixed) / 2.0
    gx, gy = to_diagram(cx, cy, rotation, ncx, ncy)
    return gx, gy, nrx, nry


def rotation_towards(cx: float, cy: float, x: float, y: float, snap: float = 0.0) -> float:
    """Rotation that points the lesion's top (the rotate handle) at (x, y), in (-180, 180]."""
    angle = math.degrees(math.atan2(y - cy, x - cx)) + 90.0
    if snap > 0:
        angle = round(angle / snap) * snap
    return normalise_angle(angle)


def normalise_angle(angle: float) -> float:
    angle = math.fmod(angle, 360.0)
    if angle <= -180.0:
        angle += 360.0
    elif angle > 180.0:
        angle -= 360.0
    return round(angle, 6) + 0.0   # + 0.0 turns -0.0 into 0.0


def ellipse_contains(cx: float, cy: float, rx: float, ry: float, rotation: float,
                     x: float, y: float, margin: float = 0.0) -> bool:
    lx, ly = to_local(cx, cy, rotation, x, y)
    return (lx / (rx + margin)) ** 2 + (ly / (ry + margin)) ** 2 <= 1.0


def line_x(left: float, right: float, side: str, pad: float, width: float) -> float:
    """Where a label's line of ``width`` starts in a box from ``left`` to ``right``: flush
    right for a label on the left of the drawing (it reads towards its leader), flush left for
    one on the right, centred otherwise."""
    if side == "left":
        return right - pad - width
    if side == "right":
        return left + pad
    return (left + right) / 2 - width / 2
