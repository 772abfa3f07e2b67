"""Where the words go on the anatomy drawing, so that no text covers another (pure geometry).

Shared by the screen (``desktop_app/diagram``) and the PDF (``desktop_app/export``): both
draw the anatomy labels in the margins with leader lines, and the patient's marks with words
(a lesion's label, text notes). The rules, in this order:

1. A mark's words always stay readable. A text note is where the surgeon put it; a lesion's
   label goes on the side of its marker (right, left, below, above: :func:`choose_rect`) that
   stays in the frame and covers no anatomy label, nor another mark's words; failing that,
   the side that covers least.
2. Anatomy labels that would still touch a mark's words (or one another, or leave the
   frame) move along their margin column, keeping their order, as little as possible
   (:func:`settle_labels`); one that would have to go too far from where it belongs is left
   out — only while something covers its place.

Rectangles are ``(x0, y0, x1, y1)`` with ``x0 <= x1`` and ``y0 <= y1``, in any units and
either y direction (the screen's diagram units point down, the PDF's points up): nothing here
depends on which way is up. No Qt, no reportlab.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

Rect = tuple[float, float, float, float]
Point = tuple[float, float]
Segment = tuple[Point, Point]


def overlaps(a: Rect, b: Rect, gap: float = 0.0) -> bool:
    """True when the rectangles are closer than ``gap`` (touching edges do not overlap)."""
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def overlap_area(a: Rect, b: Rect) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def outside_area(r: Rect, frame: Rect | None) -> float:
    """The part of ``r`` that lies outside ``frame`` (0 without a frame)."""
    if frame is None:
        return 0.0
    return (r[2] - r[0]) * (r[3] - r[1]) - overlap_area(r, frame)


def segment_crosses(seg: Segment, r: Rect) -> bool:
    """True when the segment passes through the rectangle (Liang–Barsky clipping)."""
    (x1, y1), (x2, y2) = seg
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x1 - r[0]), (dx, r[2] - x1), (-dy, y1 - r[1]), (dy, r[3] - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


DIAGRAM_LABEL_CHARS = 32   # a lesion's label on a drawing, screen and PDF (lists have it all)


def diagram_label(text: str) -> str:
    """A lesion's label as drawn beside its marker: one line, at most DIAGRAM_LABEL_CHARS
    (a 500-character label laid out on the drawing cost ~1 ms per lesion at each repaint)."""
    label = " ".join(text.split())
    return label if len(label) <= DIAGRAM_LABEL_CHARS else label[:DIAGRAM_LABEL_CHARS - 1] + "…"


SIDES = ("right", "left", "below", "above", "below left", "below right", "above left",
         "above right")


def side_rects(body: Rect, w: float, h: float, gap: float) -> list[Rect]:
    """Where a ``w`` × ``h`` label can go around a marker's ``body``, in the order of
    :data:`SIDES`: beside it (right, left), centred under or over it, then under or over it
    reaching out to one side. "Below" is towards larger y: a caller whose y points up swaps
    the names, not the geometry."""
    x0, y0, x1, y1 = body
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    below, above = (y1 + gap, y1 + gap + h), (y0 - gap - h, y0 - gap)
    return [(x1 + gap, cy - h / 2, x1 + gap + w, cy + h / 2),
            (x0 - gap - w, cy - h / 2, x0 - gap, cy + h / 2),
            (cx - w / 2, below[0], cx + w / 2, below[1]),
            (cx - w / 2, above[0], cx + w / 2, above[1]),
            (x1 - w, below[0], x1, below[1]),
            (x0, below[0], x0 + w, below[1]),
            (x1 - w, above[0], x1, above[1]),
            (x0, above[0], x0 + w, above[1])]


def choose_rect(candidates: Sequence[Rect], *, avoid: Sequence[Rect] = (),
                marks: Sequence[Rect] = (), leaders: Sequence[Segment] = (),
                frame: Rect | None = None) -> int:
    """The index of the best place for a mark's label among ``candidates`` (best first).

    Worst is leaving ``frame``; then covering words (``avoid``: anatomy labels; ``marks``:
    other marks' words and number badges), counted and then by area; then crossing leader
    lines; ties go to the earlier candidate.
    """
    def cost(i: int) -> tuple[float, ...]:
        r = candidates[i]
        out = outside_area(r, frame)
        covered = [a for a in (*avoid, *marks) if overlaps(r, a)]
        area = sum(overlap_area(r, a) for a in covered)
        crossed = sum(1 for s in leaders if segment_crosses(s, r))
        return (round(out, 3), len(covered), round(area, 3), crossed, i)

    return min(range(len(candidates)), key=cost) if candidates else -1


def settle_labels(boxes: Sequence[Rect], columns: Sequence[Hashable], *,
                  obstacles: Sequence[Rect] = (), frame: Rect | None = None,
                  gap: float = 0.0, max_shift: float | None = None) -> list[float | None]:
    """Vertical shifts for margin labels so none touches an obstacle, another label of its
    column or the frame's top and bottom: ``0.0`` where a label can stay, ``None`` for a label
    left out.

    ``boxes`` are the labels' text boxes where they belong; ``columns`` says which labels
    stack together (e.g. the left and the right margin). A column that has no conflict is
    left exactly as it is. Otherwise its labels keep their order and move as little as
    possible in total (a dynamic programme on a fine grid); a label that would have to move
    more than ``max_shift`` (default: three label heights), or cannot be placed at all, is
    left out, the one covered by an obstacle first, and the others are placed again.

    Remembered for the process (the same drawing's labels are settled again at every export
    and every zoom step; the packing is a few milliseconds each time).
    """
    key = (tuple(map(tuple, boxes)), tuple(columns), tuple(map(tuple, obstacles)),
           tuple(frame) if frame is not None else None, gap, max_shift)
    found = _SETTLED.get(key)
    if found is None:
        if len(_SETTLED) >= _SETTLED_LIMIT:
            _SETTLED.clear()
        found = _SETTLED[key] = tuple(_settle(boxes, columns, obstacles, frame, gap,
                                              max_shift))
    return list(found)


_SETTLED: dict[Hashable, tuple[float | None, ...]] = {}
_SETTLED_LIMIT = 512


def _settle(boxes: Sequence[Rect], columns: Sequence[Hashable], obstacles: Sequence[Rect],
            frame: Rect | None, gap: float, max_shift: float | None) -> list[float | None]:
    shifts: list[float | None] = [0.0] * len(boxes)
    groups: dict[Hashable, list[int]] = {}
    for i, col in enumerate(columns):
        groups.setdefault(col, []).append(i)
    for members in groups.values():
        order = sorted(members, key=lambda i: (boxes[i][1] + boxes[i][3], i))
        if not _conflict([boxes[i] for i in order], obstacles, frame, gap):
            continue
        active = list(order)
        while active:
            placed = _pack([boxes[i] for i in active], obstacles, frame, gap)
            limit = max_shift if max_shift is not None else \
                3 * max(boxes[i][3] - boxes[i][1] for i in active)
            if placed is not None and all(abs(d) <= limit + 1e-9 for d in placed):
                for i, d in zip(active, placed):
                    shifts[i] = d
                break
            active.remove(_to_leave_out(active, placed, boxes, obstacles))
        for i in members:
            if i not in active:
                shifts[i] = None
    return shifts


def _conflict(col: list[Rect], obstacles: Sequence[Rect], frame: Rect | None,
              gap: float) -> bool:
    for n, b in enumerate(col):
        if any(overlaps(b, o, gap) for o in obstacles):
            return True
        if frame is not None and (b[1] < frame[1] - 1e-6 or b[3] > frame[3] + 1e-6):
            return True
        if n and overlaps(col[n - 1], b, gap):
            return True
    return False


def _to_leave_out(active: list[int], placed: list[float] | None, boxes: Sequence[Rect],
                  obstacles: Sequence[Rect]) -> int:
    """Which label gives up its place: the one most covered by an obstacle where it belongs,
    else the one that would have moved furthest (or the last, when nothing fits)."""
    covered = [(sum(overlap_area(boxes[i], o) for o in obstacles), i) for i in active]
    area, worst = max(covered, key=lambda t: t[0])
    if area > 0:
        return worst
    if placed is None:
        return active[-1]
    return max(zip(active, placed), key=lambda t: abs(t[1]))[0]


def _pack(col: list[Rect], obstacles: Sequence[Rect], frame: Rect | None,
          gap: float) -> list[float] | None:
    """Shifts for the labels of one column (in order), or None when they cannot all fit."""
    heights = [b[3] - b[1] for b in col]
    centres = [(b[1] + b[3]) / 2 for b in col]
    step = max(min(heights) / 10.0, 1e-3)
    if frame is not None:
        lo, hi = frame[1], frame[3]
    else:
        lo = min(b[1] for b in col) - 4 * sum(heights)
        hi = max(b[3] for b in col) + 4 * sum(heights)
    n_pos = math.floor((hi - lo) / step) + 1
    if n_pos > 20000:                      # a huge frame: keep the grid small
        step = (hi - lo) / 20000
        n_pos = 20001
    inf = math.inf
    prev: list[float] | None = None
    choice: list[list[int]] = []
    for n, b in enumerate(col):
        h = heights[n]
        blocked = [(o[1] - h / 2 - gap, o[3] + h / 2 + gap) for o in obstacles
                   if b[0] < o[2] + gap and o[0] < b[2] + gap]
        cost = [inf] * n_pos
        for p in range(n_pos):
            y = lo + p * step
            if y - h / 2 < lo - 1e-9 or y + h / 2 > hi + 1e-9:
                continue
            if any(a < y < z for a, z in blocked):
                continue
            d = y - centres[n]
            cost[p] = abs(d) + d * d / (50.0 * h)
        back = [-1] * n_pos
        if prev is not None:
            sep = (heights[n - 1] + h) / 2 + gap
            k = math.ceil(sep / step - 1e-9)
            best, arg = inf, -1
            for p in range(n_pos):
                q = p - k
                if q >= 0 and prev[q] < best:
                    best, arg = prev[q], q
                if cost[p] < inf:
                    cost[p] = cost[p] + best if arg >= 0 else inf
                    back[p] = arg
        choice.append(back)
        prev = cost
    assert prev is not None
    end = min(range(n_pos), key=lambda p: prev[p])
    if prev[end] == inf:
        return None
    ys = [0.0] * len(col)
    p = end
    for n in range(len(col) - 1, -1, -1):
        ys[n] = lo + p * step
        p = choice[n][p]
    # the grid is not the labels' own positions: a label the programme left within a step of
    # where it belongs goes back exactly there when nothing stops it
    for n, b in enumerate(col):
        y, h = centres[n], heights[n]
        if abs(ys[n] - y) > step + 1e-9:
            continue
        ok = (y - h / 2 >= lo - 1e-9 and y + h / 2 <= hi + 1e-9
              and not any(overlaps((b[0], y - h / 2, b[2], y + h / 2), o, gap)
                          for o in obstacles)
              and (n == 0 or y - ys[n - 1] >= (heights[n - 1] + h) / 2 + gap - 1e-9)
              and (n == len(col) - 1 or ys[n + 1] - y >= (heights[n + 1] + h) / 2 + gap - 1e-9))
        if ok:
            ys[n] = y
    return [ys[n] - centres[n] for n in range(len(col))]
