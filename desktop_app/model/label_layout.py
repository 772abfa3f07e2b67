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
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

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
    """
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


# ------------------------------------------------------------------ the margin labels' layout
# The anatomy labels sit in two columns, left and right of the body, with leader lines to a
# point inside their structure. The layout fits a frame (the screen's pane, the PDF's box):
# the label text has a fixed size in the frame's units (screen px, PDF points) or in diagram
# units, long labels wrap onto more lines when that lets the drawing itself print larger,
# and the drawing's female and male variants share one plan, so switching them moves nothing.

Measure = Callable[[str], float]   # the width of a text at font size 1

PAD_X, PAD_Y = 0.2, 0.06           # em: the light backing around a label's text
COLUMN_GAP = 1.0                   # em: between the body's box and a label column
LABEL_SPACING = 0.2                # em: between two labels of a column
WRAPS = (math.inf, 12.0, 10.0, 8.5, 7.0, 6.0)   # widest line tried, in em (inf: one line)
WRAP_GAIN = 1.03                   # wrap only when the drawing grows by more than this


@dataclass(frozen=True)
class LabelSpec:
    """One structure label as anatomy.yaml places it: ``at`` gives the side (left of the
    anchor: the left column) and the preferred height of the text."""

    key: str
    text: str
    anchor: Point
    at: Point

    @property
    def left(self) -> bool:
        return self.at[0] < self.anchor[0]


@dataclass(frozen=True)
class FitPlan:
    """How a drawing fills a frame: ``scale`` frame units per diagram unit, ``rect`` the part
    of the drawing (diagram units) the frame shows, ``em`` the label text size in diagram
    units, ``wrap`` the widest label line in em, ``left_x`` / ``right_x`` the inner edges of
    the two label columns (diagram units), ``line`` the line height in em."""

    scale: float
    rect: Rect
    content: Rect
    em: float
    wrap: float
    left_x: float
    right_x: float
    line: float


@dataclass(frozen=True)
class PlacedLabel:
    key: str
    lines: tuple[str, ...]
    box: Rect            # the text block with its backing (diagram units)
    anchor: Point        # where the leader starts, inside the structure
    end: Point           # where the leader meets the text block
    left: bool


def wrap_words(text: str, width: float, measure: Measure) -> tuple[str, ...]:
    """Greedy word wrap of ``text`` to lines at most ``width`` em wide (a longer word keeps
    its own line)."""
    words = text.split()
    if not words:
        return ()
    if math.isinf(width) or measure(text) <= width:
        return (" ".join(words),)
    lines: list[str] = []
    cur = words[0]
    for word in words[1:]:
        trial = f"{cur} {word}"
        if measure(trial) <= width:
            cur = trial
        else:
            lines.append(cur)
            cur = word
    lines.append(cur)
    return tuple(lines)


def _block(lines: Sequence[str], measure: Measure, line: float) -> tuple[float, float]:
    """Width and height (em) of a label's text block with its backing."""
    return (max(measure(ln) for ln in lines) + 2 * PAD_X, len(lines) * line + 2 * PAD_Y)


def plan_fit(variants: Sequence[tuple[Sequence[LabelSpec], Rect]], frame_w: float,
             frame_h: float, *, measure: Measure, text_size: float | None = None,
             text_units: float | None = None, line: float = 1.2,
             margin: float = 6.0) -> FitPlan:
    """The largest drawing that fits the frame with its labels, for every variant at once.

    ``variants``: each variant's labels and the box of its anatomy (diagram units).
    ``text_size``: label text size in frame units (screen px, points), the same at every
    scale; or ``text_units``: in diagram units (the text grows with the drawing). ``margin``
    (frame units) stays free around the content.
    """
    bx0 = min(b[0] for _s, b in variants)
    by0 = min(b[1] for _s, b in variants)
    bx1 = max(b[2] for _s, b in variants)
    by1 = max(b[3] for _s, b in variants)
    bw, bh = max(bx1 - bx0, 1e-6), max(by1 - by0, 1e-6)
    avail_w, avail_h = max(frame_w - 2 * margin, 1.0), max(frame_h - 2 * margin, 1.0)
    best: tuple[float, float, float, float, bool, bool] | None = None
    for wrap in WRAPS:
        lw = rw = 0.0
        has_l = has_r = False
        tall = 0.0
        for specs, _box in variants:
            col_h = {True: 0.0, False: 0.0}
            for spec in specs:
                lines = wrap_words(spec.text, wrap, measure)
                if not lines:
                    continue
                w, h = _block(lines, measure, line)
                col_h[spec.left] += h + LABEL_SPACING
                if spec.left:
                    lw, has_l = max(lw, w), True
                else:
                    rw, has_r = max(rw, w), True
            tall = max(tall, *col_h.values())
        side_em = lw + rw + COLUMN_GAP * (has_l + has_r)
        if text_size is not None:
            s = min((avail_w - side_em * text_size) / bw, avail_h / bh)
            fits = tall * text_size <= avail_h
        else:
            t = text_units or 0.0
            s = min(avail_w / (bw + side_em * t), avail_h / bh)
            fits = tall * t * s <= avail_h
        if s <= 0 or (not fits and best is not None):
            continue
        if best is None or s > best[1] * WRAP_GAIN:
            best = (wrap, s, lw, rw, has_l, has_r)
    if best is None:       # nothing fits beside the drawing: the labels go under no wrap
        best = (math.inf, min(avail_w / bw, avail_h / bh), 0.0, 0.0, False, False)
    wrap, s, lw, rw, has_l, has_r = best
    em = text_size / s if text_size is not None else (text_units or 0.0)
    left_x = bx0 - (COLUMN_GAP * em if has_l else 0.0)
    right_x = bx1 + (COLUMN_GAP * em if has_r else 0.0)
    content = (left_x - lw * em, by0, right_x + rw * em, by1)
    cx, cy = (content[0] + content[2]) / 2, (content[1] + content[3]) / 2
    half_w, half_h = frame_w / s / 2, frame_h / s / 2
    return FitPlan(scale=s, rect=(cx - half_w, cy - half_h, cx + half_w, cy + half_h),
                   content=content, em=em, wrap=wrap, left_x=left_x, right_x=right_x,
                   line=line)


def column_labels(specs: Sequence[LabelSpec], plan: FitPlan,
                  measure: Measure) -> list[PlacedLabel]:
    """The labels in their columns at the height anatomy.yaml gives (not yet settled)."""
    out = []
    for spec in specs:
        lines = wrap_words(spec.text, plan.wrap, measure)
        if not lines:
            continue
        w, h = (v * plan.em for v in _block(lines, measure, plan.line))
        y = spec.at[1]
        if spec.left:
            box = (plan.left_x - w, y - h / 2, plan.left_x, y + h / 2)
            end = (plan.left_x, y)
        else:
            box = (plan.right_x, y - h / 2, plan.right_x + w, y + h / 2)
            end = (plan.right_x, y)
        out.append(PlacedLabel(spec.key, lines, box, spec.anchor, end, spec.left))
    return out


def settle_columns(labels: Sequence[PlacedLabel], plan: FitPlan, *,
                   obstacles: Sequence[Rect] = ()) -> list[PlacedLabel]:
    """The labels moved along their columns so that none touches another or an obstacle
    (a mark's words or shape) and all stay in the frame; a label that cannot is left out."""
    if not labels:
        return []
    near = [o for o in obstacles]
    shifts = settle_labels([lab.box for lab in labels], [lab.left for lab in labels],
                           obstacles=near, frame=plan.rect, gap=LABEL_SPACING * plan.em,
                           max_shift=plan.rect[3] - plan.rect[1])
    out = []
    for lab, dy in zip(labels, shifts):
        if dy is None:
            continue
        b = lab.box
        out.append(PlacedLabel(lab.key, lab.lines, (b[0], b[1] + dy, b[2], b[3] + dy),
                               lab.anchor, (lab.end[0], lab.end[1] + dy), lab.left))
    return out


def leader_blocked(anchor: Point, end: Point, marks: Sequence[Rect], pad: float = 0.0) -> bool:
    """True when the leader from ``anchor`` to ``end`` touches a mark (boxes padded)."""
    for m in marks:
        if segment_crosses((anchor, end), (m[0] - pad, m[1] - pad, m[2] + pad, m[3] + pad)):
            return True
    return False


def reanchor(labels: Sequence[PlacedLabel], marks: Sequence[Rect], *,
             inside: Callable[[str, float, float], bool], bounds: dict[str, Rect],
             step: float, pad: float = 2.0, tries: int = 400) -> list[PlacedLabel]:
    """Leaders clear of the marks: a label whose leader runs through a mark starts from
    another point of its structure (``inside(key, x, y)``), the nearest to where it belongs
    whose leader crosses no mark; when there is none it keeps its place."""
    if not marks:
        return list(labels)
    out = []
    for lab in labels:
        if not leader_blocked(lab.anchor, lab.end, marks, pad) or lab.key not in bounds:
            out.append(lab)
            continue
        x0, y0, x1, y1 = bounds[lab.key]
        ax, ay = lab.anchor
        cands = [(x0 + i * step, y0 + j * step)
                 for i in range(int((x1 - x0) / step) + 1)
                 for j in range(int((y1 - y0) / step) + 1)]
        cands.sort(key=lambda p: (p[0] - ax) ** 2 + (p[1] - ay) ** 2)
        found = None
        checked = 0
        for p in cands:
            if leader_blocked(p, lab.end, marks, pad):
                continue
            checked += 1
            if inside(lab.key, p[0], p[1]):
                found = p
                break
            if checked >= tries:
                break
        out.append(lab if found is None else
                   PlacedLabel(lab.key, lab.lines, lab.box, found, lab.end, lab.left))
    return out


def cover_boxes(points: Sequence[Point], half: float, cell: float) -> list[Rect]:
    """Small boxes covering a polyline ``half`` wide on each side: a long thin mark (an arrow,
    a pen stroke, an incision) blocks a leader only where it is, not over its whole box."""
    if not points:
        return []
    dense = [points[0]]
    for p in points[1:]:
        q = dense[-1]
        n = max(1, math.ceil(math.hypot(p[0] - q[0], p[1] - q[1]) / cell))
        dense += [(q[0] + (p[0] - q[0]) * k / n, q[1] + (p[1] - q[1]) * k / n)
                  for k in range(1, n + 1)]
    if len(dense) == 1:
        dense.append(dense[0])
    return [(min(a[0], b[0]) - half, min(a[1], b[1]) - half,
             max(a[0], b[0]) + half, max(a[1], b[1]) + half) for a, b in zip(dense, dense[1:])]
