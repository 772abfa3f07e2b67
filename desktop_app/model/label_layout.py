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
3. The drawing and its labels are planned together for the frame (:func:`plan_fit`: columns
   or rows, wrapped or not, whichever shows the drawing largest), and a leader never runs
   through a mark (:func:`layout_labels`: another start inside the structure, another place
   along the side, or the other side).

Rectangles are ``(x0, y0, x1, y1)`` with ``x0 <= x1`` and ``y0 <= y1``, in any units and
either y direction (the screen's diagram units point down, the PDF's points up): nothing here
depends on which way is up. No Qt, no reportlab.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from functools import partial

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
    # the four edges in turn (left, right, top, bottom) without min/max calls: this runs
    # ~100,000 times an export; an axis the segment does not move along only needs its
    # start inside that axis' range
    for p, q in ((-dx, x1 - r[0]), (dx, r[2] - x1)) if dx else ():
        t = q / p
        if p < 0:
            if t > t0:
                t0 = t
        elif t < t1:
            t1 = t
        if t0 > t1:
            return False
    if not dx and (x1 - r[0] < 0 or r[2] - x1 < 0):
        return False
    for p, q in ((-dy, y1 - r[1]), (dy, r[3] - y1)) if dy else ():
        t = q / p
        if p < 0:
            if t > t0:
                t0 = t
        elif t < t1:
            t1 = t
        if t0 > t1:
            return False
    if not dy and (y1 - r[1] < 0 or r[3] - y1 < 0):
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
                  gap: float = 0.0, max_shift: float | None = None,
                  forbidden: Sequence[Sequence[tuple[float, float]]] | None = None,
                  yielding: Sequence[bool] | None = None) -> list[float | None]:
    """Vertical shifts for margin labels so none touches an obstacle, another label of its
    column or the frame's top and bottom: ``0.0`` where a label can stay, ``None`` for a label
    left out.

    ``boxes`` are the labels' text boxes where they belong; ``columns`` says which labels
    stack together (e.g. the left and the right margin). A column that has no conflict is
    left exactly as it is. Otherwise its labels keep their order and move as little as
    possible in total (a dynamic programme on a fine grid); a label that would have to move
    more than ``max_shift`` (default: three label heights), or cannot be placed at all, is
    left out, the one covered by an obstacle first, and the others are placed again.
    ``forbidden``: for each label, intervals its centre must not lie in (open intervals).
    ``yielding``: for each label, True when it gives its place up before any other (the
    caller has another place for it).
    """
    no_go = [list(f) for f in forbidden] if forbidden is not None else [[] for _ in boxes]
    shifts: list[float | None] = [0.0] * len(boxes)
    groups: dict[Hashable, list[int]] = {}
    for i, col in enumerate(columns):
        groups.setdefault(col, []).append(i)
    for members in groups.values():
        order = sorted(members, key=lambda i: (boxes[i][1] + boxes[i][3], i))
        if not _conflict([boxes[i] for i in order], obstacles, frame, gap,
                         [no_go[i] for i in order]):
            continue
        active = list(order)
        while active:
            placed = _pack([boxes[i] for i in active], obstacles, frame, gap,
                           [no_go[i] for i in active])
            limit = max_shift if max_shift is not None else \
                3 * max(boxes[i][3] - boxes[i][1] for i in active)
            if placed is not None and all(abs(d) <= limit + 1e-9 for d in placed):
                for i, d in zip(active, placed):
                    shifts[i] = d
                break
            active.remove(_to_leave_out(active, placed, boxes, obstacles, yielding))
        for i in members:
            if i not in active:
                shifts[i] = None
    return shifts


def _conflict(col: list[Rect], obstacles: Sequence[Rect], frame: Rect | None,
              gap: float, no_go: Sequence[Sequence[tuple[float, float]]]) -> bool:
    for n, b in enumerate(col):
        c = (b[1] + b[3]) / 2
        if any(a < c < z for a, z in no_go[n]):
            return True
        if any(overlaps(b, o, gap) for o in obstacles):
            return True
        if frame is not None and (b[1] < frame[1] - 1e-6 or b[3] > frame[3] + 1e-6):
            return True
        if n and overlaps(col[n - 1], b, gap):
            return True
    return False


def _to_leave_out(active: list[int], placed: list[float] | None, boxes: Sequence[Rect],
                  obstacles: Sequence[Rect], yielding: Sequence[bool] | None = None) -> int:
    """Which label gives up its place: a yielding one first (the last of them); else the one
    most covered by an obstacle where it belongs, else the one that would have moved
    furthest (or the last, when nothing fits)."""
    first = [i for i in active if yielding is not None and yielding[i]]
    if first:
        return first[-1]
    covered = [(sum(overlap_area(boxes[i], o) for o in obstacles), i) for i in active]
    area, worst = max(covered, key=lambda t: t[0])
    if area > 0:
        return worst
    if placed is None:
        return active[-1]
    return max(zip(active, placed), key=lambda t: abs(t[1]))[0]


def _pack(col: list[Rect], obstacles: Sequence[Rect], frame: Rect | None,
          gap: float, no_go: Sequence[Sequence[tuple[float, float]]]) -> list[float] | None:
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
    grid = [lo + p * step for p in range(n_pos)]
    for n, b in enumerate(col):
        h = heights[n]
        blocked = [(o[1] - h / 2 - gap, o[3] + h / 2 + gap) for o in obstacles
                   if b[0] < o[2] + gap and o[0] < b[2] + gap] + list(no_go[n])
        free = _free(grid, blocked, lo, step)
        cost = [inf] * n_pos
        for p in range(n_pos):
            if not free[p]:
                continue
            y = grid[p]
            if y - h / 2 < lo - 1e-9 or y + h / 2 > hi + 1e-9:
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
              and not any(a < y < z for a, z in no_go[n])
              and (n == 0 or y - ys[n - 1] >= (heights[n - 1] + h) / 2 + gap - 1e-9)
              and (n == len(col) - 1 or ys[n + 1] - y >= (heights[n + 1] + h) / 2 + gap - 1e-9))
        if ok:
            ys[n] = y
    return [ys[n] - centres[n] for n in range(len(col))]


def _free(grid: list[float], blocked: Sequence[tuple[float, float]], lo: float,
          step: float) -> list[bool]:
    """For each grid position ``y``: True unless ``a < y < z`` for some blocked ``(a, z)``.
    Only the positions within a step of each interval are tested (the same comparison as
    testing them all: ``grid[p] = lo + p * step``)."""
    n = len(grid)
    free = [True] * n
    for a, z in blocked:
        if math.isfinite(a) and math.isfinite(z):
            first = max(0, math.floor((a - lo) / step) - 1)
            last = min(n - 1, math.ceil((z - lo) / step) + 1)
        else:
            first, last = 0, n - 1
        for p in range(first, last + 1):
            if a < grid[p] < z:
                free[p] = False
    return free


# ------------------------------------------------------------------ the margin labels' layout
# The anatomy labels sit beside the body, in a column on each side, or (a wide drawing in a
# tall frame) in a row above and below it, with leader lines to a point inside their
# structure. The layout fits a frame (the screen's pane, the PDF's box): the label text has a
# fixed size in the frame's units (screen px, PDF points) or in diagram units; long labels
# wrap onto more lines when that lets the drawing itself show larger; the female and male
# variants of a view share one plan, so switching them moves nothing.

Measure = Callable[[str], float]   # the width of a text at font size 1

PAD_X, PAD_Y = 0.2, 0.06           # em: the light backing around a label's text
COLUMN_GAP = 1.0                   # em: between the body's box and the labels
LABEL_SPACING = 0.2                # em: between two labels of a column
ROW_SPACING = 0.6                  # em: between two labels of a row
WRAPS = (math.inf, 12.0, 10.0, 8.5, 7.0, 6.0)   # widest line tried, in em (inf: one line)
WRAP_GAIN = 1.06                   # wrap or change the arrangement only for a larger drawing
SIDES_OF = {"columns": ("left", "right"), "rows": ("top", "bottom")}


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
    """How a drawing fills a frame: ``scale`` frame units per diagram unit; ``rect`` the part
    of the drawing (diagram units) the frame shows; ``content`` the anatomy and its labels;
    ``em`` the label text size in diagram units; ``wrap`` the widest label line in em;
    ``arrangement`` "columns" (left and right of the body) or "rows" (above and below);
    ``edges`` the inner edge of each side's labels (x for columns, y for rows); ``mid`` where
    a structure's label changes side (the body's middle); ``line`` the line height in em."""

    scale: float
    rect: Rect
    content: Rect
    em: float
    wrap: float
    arrangement: str
    edges: tuple[float, float]
    mid: float
    line: float
    keep_margin: bool = False    # a label moved to the other side keeps out of the margin
    inset: float = 0.0           # labels settle this far inside ``rect`` (the frame's margin)
    inset_least: float = 0.0     # ... or, when that leaves one out, at least this far


@dataclass(frozen=True)
class PlacedLabel:
    key: str
    lines: tuple[str, ...]
    box: Rect            # the text block with its backing (diagram units)
    anchor: Point        # where the leader starts, inside the structure
    end: Point           # where the leader meets the text block
    side: str            # "left", "right", "top" or "bottom"

    @property
    def left(self) -> bool:
        return self.side == "left"

    def moved(self, d: float) -> PlacedLabel:
        """Moved along its column (down) or row (right) by ``d``."""
        b, e = self.box, self.end
        if self.side in ("left", "right"):
            return replace(self, box=(b[0], b[1] + d, b[2], b[3] + d), end=(e[0], e[1] + d))
        return replace(self, box=(b[0] + d, b[1], b[2] + d, b[3]), end=(e[0] + d, e[1]))


def wrap_words(text: str, width: float, measure: Measure) -> tuple[str, ...]:
    """Greedy word wrap of ``text`` to lines at most ``width`` em wide (a longer word keeps
    its own line)."""
    words = text.split()
    if not words:
        return ()
    if math.isinf(width) or measure(" ".join(words)) <= width:
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


def sides(specs: Sequence[LabelSpec], arrangement: str, widths: dict[str, float]) -> dict[str, str]:
    """Which side each label takes. Columns: the side anatomy.yaml gives. Rows: the labels of
    the upper structures go above the body, the others below, splitting the labels' widths
    (``widths``, em) about evenly between the two rows."""
    if arrangement == "columns":
        return {sp.key: "left" if sp.left else "right" for sp in specs}
    order = sorted(specs, key=lambda sp: (sp.anchor[1], sp.anchor[0], sp.key))
    total = sum(widths.get(sp.key, 0.0) for sp in order)
    out, run = {}, 0.0
    for sp in order:
        w = widths.get(sp.key, 0.0)
        out[sp.key] = "top" if run + w / 2 <= total / 2 else "bottom"
        run += w
    return out


def plan_fit(variants: Sequence[tuple[Sequence[LabelSpec], Rect]], frame_w: float,
             frame_h: float, *, measure: Measure, text_size: float | None = None,
             text_units: float | None = None, line: float = 1.2,
             margin: float = 6.0, arrangements: Sequence[str] = ("columns", "rows"),
             ) -> FitPlan:
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
    mid = (by0 + by1) / 2
    avail_w, avail_h = max(frame_w - 2 * margin, 1.0), max(frame_h - 2 * margin, 1.0)

    def scale_for(across_em: float, across_body: float, along_body: float,
                  avail_across: float, avail_along: float) -> float:
        """The scale when labels take ``across_em`` of the frame's side across them."""
        if text_size is not None:
            return min((avail_across - across_em * text_size) / across_body,
                       avail_along / along_body)
        t = text_units or 0.0
        return min(avail_across / (across_body + across_em * t), avail_along / along_body)

    options: list[tuple[float, str, float, dict[str, float]]] = []
    for arrangement in arrangements:
        for wrap in WRAPS:
            size = {side: 0.0 for side in SIDES_OF[arrangement]}   # across the labels
            along = {side: 0.0 for side in SIDES_OF[arrangement]}  # summed along the side
            for specs, _box in variants:
                total = {side: 0.0 for side in size}
                blocks = {sp.key: _block(lines, measure, line) for sp in specs
                          if (lines := wrap_words(sp.text, wrap, measure))}
                where = sides(specs, arrangement, {k: v[0] for k, v in blocks.items()})
                for spec in specs:
                    if spec.key not in blocks:
                        continue
                    w, h = blocks[spec.key]
                    side = where[spec.key]
                    if arrangement == "columns":
                        size[side] = max(size[side], w)
                        total[side] += h + LABEL_SPACING
                    else:
                        size[side] = max(size[side], h)
                        total[side] += w + ROW_SPACING
                for side in total:
                    along[side] = max(along[side], total[side])
            across_em = sum(v + COLUMN_GAP for v in size.values() if v > 0)
            if arrangement == "columns":
                s = scale_for(across_em, bw, bh, avail_w, avail_h)
                room = avail_h
            else:
                s = scale_for(across_em, bh, bw, avail_h, avail_w)
                room = avail_w
            em_frame = text_size if text_size is not None else (text_units or 0.0) * s
            fits = max(along.values()) * em_frame <= room
            if s <= 0 or not fits:
                continue
            options.append((s, arrangement, wrap, size))
    # the widest lines (columns first) that show the drawing within a few per cent of the
    # largest it can be
    top = max((o[0] for o in options), default=0.0)
    best = next((o for o in options if o[0] * WRAP_GAIN >= top), None)
    if best is None:       # no room for the labels beside the drawing: one line, in columns
        best = (min(avail_w / bw, avail_h / bh), "columns", math.inf,
                {"left": 0.0, "right": 0.0})
    s, arrangement, wrap, size = best
    em = text_size / s if text_size is not None else (text_units or 0.0)
    if arrangement == "columns":
        lo = bx0 - (COLUMN_GAP * em if size["left"] else 0.0)
        hi = bx1 + (COLUMN_GAP * em if size["right"] else 0.0)
        content = (lo - size["left"] * em, by0, hi + size["right"] * em, by1)
    else:
        lo = by0 - (COLUMN_GAP * em if size["top"] else 0.0)
        hi = by1 + (COLUMN_GAP * em if size["bottom"] else 0.0)
        content = (bx0, lo - size["top"] * em, bx1, hi + size["bottom"] * em)
    cx, cy = (content[0] + content[2]) / 2, (content[1] + content[3]) / 2
    half_w, half_h = frame_w / s / 2, frame_h / s / 2
    return FitPlan(scale=s, rect=(cx - half_w, cy - half_h, cx + half_w, cy + half_h),
                   content=content, em=em, wrap=wrap, arrangement=arrangement,
                   edges=(lo, hi), mid=mid, line=line)


GUIDE_KEY = "s3_level"   # the S3 guide line's name among the margin labels (screen and PDF)


def guide_spec(line: tuple[Point, Point], text: str) -> LabelSpec:
    """The S3 guide line's name as one more margin label, in the left column, its leader
    from the line's front (left-hand) end. Its words never go on the drawing itself: there
    they covered the bone or the womb. The caller lays it out as a *yielding* label (it
    gives its place up first in a full column; the drawing's key explains the dashed line
    in any case) with no other start (``points`` gives none for it)."""
    (x1, y1), (x2, y2) = line
    end = (x1, y1) if x1 <= x2 else (x2, y2)
    return LabelSpec(GUIDE_KEY, text, end, (end[0] - 1.0, end[1]))


def _at(spec: LabelSpec, side: str, plan: FitPlan, w: float, h: float,
        pos: float) -> PlacedLabel:
    """A label's box on its side, at ``pos`` along the side (y for columns, x for rows)."""
    lo, hi = plan.edges
    lines: tuple[str, ...] = ()
    if side == "left":
        box, end = (lo - w, pos - h / 2, lo, pos + h / 2), (lo, pos)
    elif side == "right":
        box, end = (hi, pos - h / 2, hi + w, pos + h / 2), (hi, pos)
    elif side == "top":
        box, end = (pos - w / 2, lo - h, pos + w / 2, lo), (pos, lo)
    else:
        box, end = (pos - w / 2, hi, pos + w / 2, hi + h), (pos, hi)
    return PlacedLabel(spec.key, lines, box, spec.anchor, end, side)


OTHER_SIDE = {"left": "right", "right": "left", "top": "bottom", "bottom": "top"}


def column_labels(specs: Sequence[LabelSpec], plan: FitPlan, measure: Measure,
                  ideal: dict[str, float] | None = None,
                  flipped: frozenset[str] = frozenset()) -> list[PlacedLabel]:
    """The labels on their sides where they belong (not yet settled): a column label at the
    height anatomy.yaml gives, a row label over or under its anchor (``ideal`` overrides;
    the labels in ``flipped`` go to the other side)."""
    out = []
    wrapped = {sp.key: lines for sp in specs if (lines := wrap_words(sp.text, plan.wrap, measure))}
    blocks = {k: _block(v, measure, plan.line) for k, v in wrapped.items()}
    where = sides(specs, plan.arrangement, {k: v[0] for k, v in blocks.items()})
    # the room a column has between the body and the frame (em); with ``keep_margin`` up to
    # the content's edge, so the frame's margin stays free (a label moved there from the
    # other side reached the patient's screen's edge)
    x0, x1 = (plan.content[0], plan.content[2]) if plan.keep_margin else \
        (plan.rect[0], plan.rect[2])
    room = {"left": (plan.edges[0] - x0) / plan.em if plan.em else math.inf,
            "right": (x1 - plan.edges[1]) / plan.em if plan.em else math.inf}
    for spec in specs:
        if spec.key not in wrapped:
            continue
        lines = wrapped[spec.key]
        side = where[spec.key]
        if spec.key in flipped:
            side = OTHER_SIDE[side]
        if side in room and blocks[spec.key][0] > room[side]:
            # wider than its column (a label moved to the other side): wrap it narrower
            lines = wrap_words(spec.text, room[side] - 2 * PAD_X, measure) or lines
            blocks[spec.key] = _block(lines, measure, plan.line)
        w, h = (v * plan.em for v in blocks[spec.key])
        pos = spec.at[1] if side in ("left", "right") else spec.anchor[0]
        if ideal and spec.key in ideal:
            pos = ideal[spec.key]
        out.append(replace(_at(spec, side, plan, w, h, pos), lines=lines))
    return out


def _transposed(r: Rect) -> Rect:
    return (r[1], r[0], r[3], r[2])


def settle_columns(labels: Sequence[PlacedLabel], plan: FitPlan, *,
                   obstacles: Sequence[Rect] = (),
                   forbidden: dict[str, list[tuple[float, float]]] | None = None,
                   yielding: frozenset[str] = frozenset()) -> list[PlacedLabel]:
    """The labels moved along their sides so that none touches another or an obstacle
    (a mark's words or shape) and all stay in the frame; a label that cannot is left out."""
    if not labels:
        return []
    out: dict[int, PlacedLabel] = {}
    for sides, flip, spacing in ((("left", "right"), False, LABEL_SPACING),
                                 (("top", "bottom"), True, ROW_SPACING)):
        idx = [n for n, lab in enumerate(labels) if lab.side in sides]
        if not idx:
            continue
        t = _transposed if flip else (lambda r: r)
        shifts: list[float | None] = []
        # inside the frame's margin; when that leaves a label out (not one that yields its
        # place: it has another), up to the least margin (the screen's edge stays clear)
        least = min(plan.inset_least, plan.inset)
        for i in ((plan.inset, least) if plan.inset > least else (least,)):
            frame = (plan.rect[0] + i, plan.rect[1] + i, plan.rect[2] - i, plan.rect[3] - i)
            shifts = settle_labels(
                [t(labels[n].box) for n in idx], [labels[n].side for n in idx],
                obstacles=[t(o) for o in obstacles], frame=t(frame), gap=spacing * plan.em,
                max_shift=max(plan.rect[2] - plan.rect[0], plan.rect[3] - plan.rect[1]),
                forbidden=[(forbidden or {}).get(labels[n].key, []) for n in idx],
                yielding=[labels[n].key in yielding for n in idx])
            if all(d is not None or labels[n].key in yielding for n, d in zip(idx, shifts)):
                break
        for n, d in zip(idx, shifts):
            if d is not None:
                out[n] = labels[n].moved(d)
    return [out[n] for n in sorted(out)]


def leader_blocked(anchor: Point, end: Point, marks: Sequence[Rect], pad: float = 0.0) -> bool:
    """True when the leader from ``anchor`` to ``end`` touches a mark (boxes padded)."""
    lx0, lx1 = min(anchor[0], end[0]) - pad, max(anchor[0], end[0]) + pad
    ly0, ly1 = min(anchor[1], end[1]) - pad, max(anchor[1], end[1]) + pad
    seg = (anchor, end)
    for m in marks:
        if m[0] > lx1 or m[2] < lx0 or m[1] > ly1 or m[3] < ly0:
            continue
        if segment_crosses(seg, (m[0] - pad, m[1] - pad, m[2] + pad, m[3] + pad)):
            return True
    return False


def segments_cross(a: Segment, b: Segment) -> bool:
    """True when two segments properly cross (sharing an end point does not count)."""
    (x1, y1), (x2, y2) = a
    (x3, y3), (x4, y4) = b

    def side(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)

    d1, d2 = side(x3, y3, x4, y4, x1, y1), side(x3, y3, x4, y4, x2, y2)
    d3, d4 = side(x1, y1, x2, y2, x3, y3), side(x1, y1, x2, y2, x4, y4)
    return d1 * d2 < 0 and d3 * d4 < 0


PointsFor = Callable[[str], Sequence[Point]]   # points inside a structure, for new anchors
NO_LEADER_POINTS = 12      # points of a structure tried for each place along a side
ANCHORS_APART = 3.0        # em: distance kept between two leaders' starting dots
ANCHORS_LEAST = 2.0        # em: ... when only a start this close keeps leaders from crossing


def _clean_anchor(lab: PlacedLabel, end: Point, marks: Sequence[Rect],
                  others: Sequence[Segment], points: Sequence[Point],
                  pad: float, apart: float = 0.0) -> Point | None:
    """The point nearest the label's anchor whose leader to ``end`` crosses no mark; of
    those, one that crosses no other leader and starts at least ``apart`` from every other
    leader's start (two dots side by side read as one, so the label seems to name the other
    structure), else one that keeps apart, else any."""
    ax, ay = lab.anchor
    column = lab.side in ("left", "right")

    def cost(q: Point) -> float:
        # near where the leader belongs, and as level with the words as can be
        slant = abs(q[1] - end[1]) if column else abs(q[0] - end[0])
        return math.hypot(q[0] - ax, q[1] - ay) + 0.7 * slant

    best: dict[int, Point] = {}
    for p in sorted(points, key=cost):
        if leader_blocked(p, end, marks, pad):
            continue
        crosses = any(segments_cross((p, end), seg) for seg in others)
        near = any(math.hypot(p[0] - o[0][0], p[1] - o[0][1]) < apart for o in others)
        rank = 2 * near + crosses          # 0: clear and apart, 1: apart, 2: clear, 3: any
        if rank == 0:
            return p
        best.setdefault(rank, p)
    return best[min(best)] if best else None


def _keep_anchors_apart(placed: list[PlacedLabel], specs: Sequence[LabelSpec],
                        blocking: Callable[[str], Sequence[Rect]], points: PointsFor,
                        pad: float, apart: float) -> None:
    """A leader moved off a mark may have been joined later by another one moved next to
    it (the first chose before the second moved): the moved one chooses again, now that it
    knows where the other starts."""
    home = {sp.key: sp.anchor for sp in specs}
    for n, lab in enumerate(placed):
        if lab.anchor == home.get(lab.key):
            continue
        others = [(o.anchor, o.end) for m, o in enumerate(placed) if m != n]
        if not any(math.hypot(lab.anchor[0] - a[0], lab.anchor[1] - a[1]) < apart
                   for a, _e in others):
            continue
        p = _clean_anchor(lab, lab.end, blocking(lab.key), others, points(lab.key), pad,
                          apart=apart)
        if p is not None and not any(math.hypot(p[0] - a[0], p[1] - a[1]) < apart
                                     for a, _e in others):
            placed[n] = replace(lab, anchor=p)


def layout_labels(specs: Sequence[LabelSpec], plan: FitPlan, measure: Measure, *,
                  words: Sequence[Rect] = (), marks: Sequence[Rect] = (),
                  points: PointsFor | None = None, pad: float = 2.0,
                  marks_for: dict[str, Sequence[Rect]] | None = None,
                  yielding: frozenset[str] = frozenset(),
                  stay: frozenset[str] = frozenset(),
                  drop_crossed: bool = False) -> list[PlacedLabel]:
    """Where the labels go, clear of the marks: on their sides, settled out of the way of the
    marks' ``words`` and shapes (``marks``: small boxes covering them); a leader that would
    run through a mark starts from another point of its structure (``points(key)``), and if
    no point of the structure gives a clear leader from where the label is, the label settles
    again, kept off the places along its side that have none. Last, a leader that crosses
    another or runs over another label's starting dot starts from another point of its
    structure (:func:`_unclash`).

    ``marks_for``: the marks a label's leader must keep clear of instead of ``marks`` (a
    lesion's own call-out starts on that lesion's outline: every mark but that one).
    ``yielding``: labels that give their place up first where a side is short of room (a
    lesion's call-out, which the caller can show beside its marker instead).
    ``stay``: labels that never move to the other side (left out instead): the S3 line's
    name, whose leader would cross the bone to reach the other column.
    ``drop_crossed``: a label whose leader still crosses another after every repair is
    left out (the PDF: a printed X has nobody to explain it).
    """
    own = marks_for or {}

    def blocking(key: str) -> Sequence[Rect]:
        return own.get(key, marks)

    obstacles = list(words) + list(marks)
    flipped: frozenset[str] = frozenset()
    forbidden: dict[str, list[tuple[float, float]]] = {}
    placed: list[PlacedLabel] = []
    for _round in range(8):
        placed = settle_columns(column_labels(specs, plan, measure, flipped=flipped), plan,
                                obstacles=obstacles, forbidden=forbidden, yielding=yielding)
        left_out = {sp.key for sp in specs} - {lab.key for lab in placed} - flipped - stay
        if left_out:      # no room on its own side: the label tries the other side
            flipped = flipped | left_out
            for key in left_out:
                forbidden.pop(key, None)
            continue
        if points is None:
            return placed
        if not marks and not own:
            return _unclash(placed, plan, blocking, points, pad, obstacles, drop_crossed)
        stuck = []
        for n, lab in enumerate(placed):
            if not leader_blocked(lab.anchor, lab.end, blocking(lab.key), pad):
                continue
            others = [(o.anchor, o.end) for m, o in enumerate(placed) if m != n]
            p = _clean_anchor(lab, lab.end, blocking(lab.key), others, points(lab.key), pad,
                              apart=ANCHORS_APART * plan.em)
            if p is not None:
                placed[n] = replace(lab, anchor=p)
            else:
                stuck.append(lab)
        _keep_anchors_apart(placed, specs, blocking, points, pad, ANCHORS_APART * plan.em)
        if not stuck:
            placed = _untangle(placed, specs, plan, measure, flipped=flipped,
                               obstacles=obstacles, forbidden=forbidden, blocking=blocking,
                               pad=pad, points=points, yielding=yielding)
            return _unclash(placed, plan, blocking, points, pad, obstacles, drop_crossed)
        for lab in stuck:
            # where no leader is clear, and (the scan being coarse) around where it is now
            c = lab.end[1] if lab.side in ("left", "right") else lab.end[0]
            here = [(c - plan.em * 0.5, c + plan.em * 0.5)]
            old = forbidden.get(lab.key)
            scan = _no_leader(lab, plan, blocking(lab.key), points(lab.key), pad) \
                if old is None else old
            forbidden[lab.key] = sorted(scan + here)
    # still through a mark after all that: better left out than drawn across it
    assert points is not None
    return _unclash([lab for lab in placed
                     if not leader_blocked(lab.anchor, lab.end, blocking(lab.key), pad)],
                    plan, blocking, points, pad, obstacles, drop_crossed)


def _no_leader(lab: PlacedLabel, plan: FitPlan, marks: Sequence[Rect],
               points: Sequence[Point], pad: float) -> list[tuple[float, float]]:
    """The stretches of a label's side (centre positions) from which no point of its
    structure has a leader clear of the marks."""
    column = lab.side in ("left", "right")
    lo, hi = (plan.rect[1], plan.rect[3]) if column else (plan.rect[0], plan.rect[2])
    step = plan.em * 0.5
    if len(points) > NO_LEADER_POINTS:        # enough to know whether any leader is clear
        k = len(points) / NO_LEADER_POINTS
        points = [points[int(i * k)] for i in range(NO_LEADER_POINTS)]
    xs = [p[0] for p in points] or [lab.anchor[0]]
    ys = [p[1] for p in points] or [lab.anchor[1]]
    out: list[tuple[float, float]] = []
    q = lo
    while q <= hi:
        end = (lab.end[0], q) if column else (q, lab.end[1])
        # only the marks between the structure and this end can be in the way
        box = (min(min(xs), end[0]) - pad, min(min(ys), end[1]) - pad,
               max(max(xs), end[0]) + pad, max(max(ys), end[1]) + pad)
        near = [m for m in marks if overlaps(m, box)]
        if not any(not leader_blocked(p, end, near, pad) for p in points):
            if out and out[-1][1] >= q - 1e-9:
                out[-1] = (out[-1][0], q + step)
            else:
                out.append((q - step, q + step))
        q += step
    return out


def crossings(placed: Sequence[PlacedLabel]) -> int:
    """How many pairs of leaders cross."""
    segs = [(lab.anchor, lab.end) for lab in placed]
    return sum(1 for i, a in enumerate(segs) for b in segs[i + 1:] if segments_cross(a, b))


DOT_CLEAR = 0.45           # em: least distance between a leader and another label's dot
UNCLASH_ROUNDS = 3
UNCLASH_TRIES = 6          # new starts tried with a trade of places, per clashing label


def distance_to_segment(p: Point, seg: Segment) -> float:
    (x1, y1), (x2, y2) = seg
    dx, dy = x2 - x1, y2 - y1
    n = dx * dx + dy * dy
    t = 0.0 if n == 0 else max(0.0, min(1.0, ((p[0] - x1) * dx + (p[1] - y1) * dy) / n))
    return math.hypot(p[0] - x1 - t * dx, p[1] - y1 - t * dy)


def clashes(seg: Segment, others: Sequence[Segment], near: float) -> int:
    """How many of ``others`` the leader ``seg`` crosses, runs over the starting dot of
    (closer than ``near``), or has run over its own starting dot."""
    count = 0
    for o in others:
        if segments_cross(seg, o):
            count += 1
        if distance_to_segment(o[0], seg) < near:
            count += 1
        if distance_to_segment(seg[0], o) < near:
            count += 1
    return count


def _near_dot(q: Point, others: Sequence[Segment], apart: float) -> bool:
    """True when ``q`` is closer than ``apart`` to another leader's starting dot."""
    return any(math.hypot(q[0] - o[0][0], q[1] - o[0][1]) < apart for o in others)


def _any_clash(placed: Sequence[PlacedLabel], near: float) -> bool:
    """True when some leader clashes with another (:func:`clashes`); leaders whose boxes,
    grown by ``near``, do not meet are passed over without the arithmetic (the first fit of
    the window runs this, and nothing clashes there)."""
    boxes = [(min(lab.anchor[0], lab.end[0]) - near, min(lab.anchor[1], lab.end[1]) - near,
              max(lab.anchor[0], lab.end[0]) + near, max(lab.anchor[1], lab.end[1]) + near)
             for lab in placed]
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                s, t = placed[i], placed[j]
                if clashes((s.anchor, s.end), [(t.anchor, t.end)], near):
                    return True
    return False


def _anchor_cost(lab: PlacedLabel, q: Point) -> float:
    """Near where the leader belongs, and as level with the words as can be."""
    column = lab.side in ("left", "right")
    slant = abs(q[1] - lab.end[1]) if column else abs(q[0] - lab.end[0])
    return math.hypot(q[0] - lab.anchor[0], q[1] - lab.anchor[1]) + 0.7 * slant


def _unclash(placed: list[PlacedLabel], plan: FitPlan,
             blocking: Callable[[str], Sequence[Rect]], points: PointsFor,
             pad: float, obstacles: Sequence[Rect] = (),
             drop_crossed: bool = False) -> list[PlacedLabel]:
    """A leader that crosses another, or runs over another label's dot (two labels then seem
    to name one structure), starts from another point of its structure: the one nearest where
    it belongs that clashes with nothing, crosses no mark and starts well apart from the
    other dots; failing that, two labels of a side whose leaders cross trade places (a new
    start first, when the new start alone only trades one crossing for another). Only labels
    that clash are looked at (nothing to do costs one pass of comparisons)."""
    near = DOT_CLEAR * plan.em
    if not _any_clash(placed, near):
        return placed
    apart, least = ANCHORS_APART * plan.em, ANCHORS_LEAST * plan.em
    out = list(placed)
    for _round in range(UNCLASH_ROUNDS):
        changed = False
        for n, lab in enumerate(out):
            others = [(o.anchor, o.end) for m, o in enumerate(out) if m != n]
            now = clashes((lab.anchor, lab.end), others, near)
            if not now:
                continue
            best: tuple[tuple[int, int], Point] | None = None
            level: list[Point] = []        # starts that trade one clash for another
            for q in sorted(points(lab.key), key=partial(_anchor_cost, lab)):
                c = clashes((q, lab.end), others, near)
                if c > now or _near_dot(q, others, least):
                    continue         # two dots side by side read as one
                rank = (c, int(_near_dot(q, others, apart)))
                if best is not None and rank >= best[0]:
                    continue
                if c == now:
                    if not rank[1]:
                        level.append(q)
                    continue
                if leader_blocked(q, lab.end, blocking(lab.key), pad):
                    continue
                best = (rank, q)
                if rank == (0, 0):
                    break
            if best is not None:
                out[n] = replace(lab, anchor=best[1])
                changed = True
                continue
            total = _total_clashes(out, near)
            tried: list[Point] = []
            for q in level:
                # a few starts spread over the structure (its other end may clear the way)
                if len(tried) >= UNCLASH_TRIES or \
                        any(math.hypot(q[0] - t[0], q[1] - t[1]) < plan.em for t in tried) or \
                        leader_blocked(q, lab.end, blocking(lab.key), pad):
                    continue
                tried.append(q)
                trial = list(out)
                trial[n] = replace(lab, anchor=q)
                if _swap_crossed(trial, plan, blocking, points, pad, obstacles, near, only=n) \
                        and _total_clashes(trial, near) < total:
                    out[:] = trial
                    changed = True
                    break
        changed = _swap_crossed(out, plan, blocking, points, pad, obstacles, near) or changed
        if not changed:
            break
    _uncross_pairs(out, plan, blocking, points, pad, obstacles, near)
    # still crossing after all that (a large lesion over most of a few structures): on
    # paper (``drop_crossed``) a label left out reads better than two leaders in an X, the
    # one crossing most first; on screen the surgeon points and the label stays
    while drop_crossed:
        counts = [sum(1 for m, o in enumerate(out) if m != n and segments_cross(
            (lab.anchor, lab.end), (o.anchor, o.end))) for n, lab in enumerate(out)]
        if not any(counts):
            return out
        del out[max(range(len(out)), key=lambda n: (counts[n], n))]
    return out


PAIR_TRIES = 16     # starts tried for each of two crossing leaders, nearest first
ANCHORS_CLOSE = 1.0   # em: the least distance between two dots when nothing else uncrosses


def _best_pair(options: Sequence[tuple[PlacedLabel, PlacedLabel]], dots: Sequence[Point],
               apart: float, now: int, out: Sequence[PlacedLabel], i: int, j: int,
               blocking: Callable[[str], Sequence[Rect]], points: PointsFor, pad: float,
               near: float) -> tuple[float, int, PlacedLabel, PlacedLabel] | None:
    """The two starts (and the two labels' places, of ``options``) that clash least, fewer
    than ``now``, nearest where they belong; their dots ``apart`` from every other."""
    def starts(x: PlacedLabel) -> list[Point]:
        own = points(x.key)
        if not own:             # the S3 line's name has one start, the line's end
            return [x.anchor]
        pts = [p for p in own
               if not any(math.hypot(p[0] - d[0], p[1] - d[1]) < apart for d in dots)
               and not leader_blocked(p, x.end, blocking(x.key), pad)]
        return sorted(pts, key=partial(_anchor_cost, x))[:PAIR_TRIES]

    best: tuple[float, int, PlacedLabel, PlacedLabel] | None = None
    for x, y in options:
        sy = starts(y)
        for p in starts(x):
            for q in sy:
                if math.hypot(p[0] - q[0], p[1] - q[1]) < apart:
                    continue
                c = _pair_clashes(out, i, j, (p, x.end), (q, y.end), near)
                if c >= now:
                    continue
                cost = _anchor_cost(x, p) + _anchor_cost(y, q)
                if best is None or (c, cost) < (best[1], best[0]):
                    best = (cost, c, replace(x, anchor=p), replace(y, anchor=q))
    return best


def _pair_clashes(out: Sequence[PlacedLabel], i: int, j: int, a: Segment, b: Segment,
                  near: float) -> int:
    """The clashes of leaders ``a`` (label ``i``) and ``b`` (label ``j``) with the others
    and with each other."""
    others = [(o.anchor, o.end) for k, o in enumerate(out) if k not in (i, j)]
    return clashes(a, others + [b], near) + clashes(b, others, near)


def _uncross_pairs(out: list[PlacedLabel], plan: FitPlan,
                   blocking: Callable[[str], Sequence[Rect]], points: PointsFor, pad: float,
                   obstacles: Sequence[Rect], near: float) -> None:
    """Last, two leaders that still cross choose their starts together (each alone found
    none, e.g. a large lesion over the structure's other points), the two labels of one side
    in their places or traded: the pair of starts nearest where they belong that crosses
    nothing, keeps clear of the marks and of the other dots, and clashes less."""
    least = ANCHORS_LEAST * plan.em
    spacing = (LABEL_SPACING if plan.arrangement == "columns" else ROW_SPACING) * plan.em
    tried: set[tuple[str, str]] = set()
    for _round in range(len(out)):
        pair = next(((i, j) for i in range(len(out)) for j in range(i + 1, len(out))
                     if (out[i].key, out[j].key) not in tried and
                     segments_cross((out[i].anchor, out[i].end), (out[j].anchor, out[j].end))),
                    None)
        if pair is None:
            break
        i, j = pair
        tried.add((out[i].key, out[j].key))
        a, b = out[i], out[j]
        options = [(a, b)]
        if a.side == b.side:
            k = 1 if a.side in ("left", "right") else 0
            first, second = (a, b) if a.box[k] < b.box[k] else (b, a)
            f2, s2 = _swapped(first, second)
            rest = [o for n, o in enumerate(out) if n not in (i, j)]
            if not any(overlaps(x.box, o.box, spacing * 0.99) for x in (f2, s2) for o in rest) \
                    and not any(overlaps(x.box, o) for x in (f2, s2) for o in obstacles) \
                    and outside_area(f2.box, plan.rect) == 0 \
                    and outside_area(s2.box, plan.rect) == 0:
                options.append((f2, s2) if first is a else (s2, f2))
        now = _pair_clashes(out, i, j, (a.anchor, a.end), (b.anchor, b.end), near)
        dots = [o.anchor for n, o in enumerate(out) if n not in (i, j)]
        best: tuple[float, int, PlacedLabel, PlacedLabel] | None = None
        # dots well apart first; then closer (a small structure half under a mark)
        for apart in (least, ANCHORS_CLOSE * plan.em):
            best = _best_pair(options, dots, apart, now, out, i, j, blocking, points, pad, near)
            if best is not None:
                break
        if best is not None:
            out[i], out[j] = best[2], best[3]
    _reorder_tangles(out, plan, blocking, points, pad, near)


TANGLE_MOST = 5     # labels of one side whose places are tried in every order


def _reorder_tangles(out: list[PlacedLabel], plan: FitPlan,
                     blocking: Callable[[str], Sequence[Rect]], points: PointsFor, pad: float,
                     near: float) -> None:
    """Three or more leaders of one side still tangled (each pair's fix made another
    crossing): their labels take their places in every order (the gaps between them kept),
    each leader from the start nearest where it belongs that is clear of the marks; the
    order that clashes least is kept, when it clashes less than now and its boxes stay
    clear of the other labels and in the frame."""
    import itertools

    apart = ANCHORS_LEAST * plan.em
    for side in ("left", "right", "top", "bottom"):
        idx = [n for n, lab in enumerate(out) if lab.side == side]
        tangled = sorted({n for a in idx for b in idx if a < b and segments_cross(
            (out[a].anchor, out[a].end), (out[b].anchor, out[b].end)) for n in (a, b)})
        if len(tangled) < 2 or len(tangled) > TANGLE_MOST:
            continue
        k = 1 if side in ("left", "right") else 0
        now = sorted(tangled, key=lambda n: out[n].box[k])
        # the gaps between them (other labels may sit in one) stay; the order changes
        gaps = [out[b].box[k] - out[a].box[k + 2] for a, b in zip(now, now[1:])] + [0.0]
        start = out[now[0]].box[k]
        rest = [o.box for m, o in enumerate(out) if m not in tangled]
        spacing = (LABEL_SPACING if plan.arrangement == "columns" else ROW_SPACING) * plan.em
        best_total, best = _total_clashes(out, near), None
        for order in itertools.permutations(tangled):
            trial = list(out)
            pos = start
            for n, gap in zip(order, gaps):
                trial[n] = out[n].moved(pos - out[n].box[k])
                pos = trial[n].box[k + 2] + gap
            if any(overlaps(trial[n].box, r, spacing * 0.99) for n in order for r in rest) \
                    or any(outside_area(trial[n].box, plan.rect) > 0 for n in order):
                continue
            ok = True
            for n in order:
                x = trial[n]
                segs = [(o.anchor, o.end) for m, o in enumerate(trial) if m != n]
                q = _clean_anchor(x, x.end, blocking(x.key), segs, points(x.key), pad,
                                  apart=apart) if points(x.key) else x.anchor
                if q is None or leader_blocked(q, x.end, blocking(x.key), pad):
                    ok = False
                    break
                trial[n] = replace(x, anchor=q)
            if not ok:
                continue
            total = _total_clashes(trial, near)
            if total < best_total:
                best_total, best = total, trial
        if best is not None:
            out[:] = best


def _total_clashes(placed: Sequence[PlacedLabel], near: float) -> int:
    segs = [(lab.anchor, lab.end) for lab in placed]
    return sum(clashes(s, segs[:n] + segs[n + 1:], near) for n, s in enumerate(segs))


def _swapped(a: PlacedLabel, b: PlacedLabel) -> tuple[PlacedLabel, PlacedLabel]:
    """Two labels of one side (``a`` before ``b``) trading places: ``b`` starts where ``a``
    started, ``a`` ends where ``b`` ended, the space between them kept."""
    i = 1 if a.side in ("left", "right") else 0
    gap = b.box[i] - a.box[i + 2]
    nb = b.moved(a.box[i] - b.box[i])
    na = a.moved(nb.box[i + 2] + gap - a.box[i])
    return na, nb


def _swap_crossed(out: list[PlacedLabel], plan: FitPlan,
                  blocking: Callable[[str], Sequence[Rect]], points: PointsFor, pad: float,
                  obstacles: Sequence[Rect], near: float, only: int | None = None) -> bool:
    """Two leaders of one side that cross, whose labels can trade places (their boxes stay
    clear of every other label and obstacle, their leaders of the marks): they trade, when
    that leaves fewer clashes (``only``: trades with that label only)."""
    changed = False
    spacing = (LABEL_SPACING if plan.arrangement == "columns" else ROW_SPACING) * plan.em
    for n in range(len(out)):
        for m in range(len(out)):
            a, b = out[n], out[m]
            if a.side != b.side or n == m or (only is not None and only not in (n, m)):
                continue
            i = 1 if a.side in ("left", "right") else 0
            if a.box[i] >= b.box[i] or not segments_cross((a.anchor, a.end), (b.anchor, b.end)):
                continue
            na, nb = _swapped(a, b)
            rest = [o for k, o in enumerate(out) if k not in (n, m)]
            if any(overlaps(x.box, o.box, spacing * 0.99) for x in (na, nb) for o in rest) or \
                    any(overlaps(x.box, o) for x in (na, nb) for o in obstacles) or \
                    outside_area(na.box, plan.rect) > 0 or outside_area(nb.box, plan.rect) > 0:
                continue
            trial = list(out)
            trial[n], trial[m] = na, nb
            clear = True
            for k in (n, m):
                x = trial[k]
                if leader_blocked(x.anchor, x.end, blocking(x.key), pad):
                    # from its new place the leader needs another start in its structure
                    segs = [(o.anchor, o.end) for j, o in enumerate(trial) if j != k]
                    q = _clean_anchor(x, x.end, blocking(x.key), segs, points(x.key), pad,
                                      apart=ANCHORS_APART * plan.em)
                    if q is None or leader_blocked(q, x.end, blocking(x.key), pad) or \
                            _near_dot(q, segs, ANCHORS_LEAST * plan.em):
                        clear = False
                        break
                    trial[k] = replace(x, anchor=q)
            if clear and _total_clashes(trial, near) < _total_clashes(out, near):
                out[n], out[m] = trial[n], trial[m]
                changed = True
    return changed


def _untangle(placed: list[PlacedLabel], specs: Sequence[LabelSpec], plan: FitPlan,
              measure: Measure, *, flipped: frozenset[str], obstacles: Sequence[Rect],
              forbidden: dict[str, list[tuple[float, float]]],
              blocking: Callable[[str], Sequence[Rect]], pad: float,
              points: PointsFor, yielding: frozenset[str] = frozenset()) -> list[PlacedLabel]:
    """Leaders that cross (or run over another's dot): the labels of each side take the same
    places in the order of their leaders' starting points (top to bottom, left to right),
    and settle again; a leader that now runs through a mark starts from another point of
    its structure; kept when that clashes less and crosses no mark."""
    near = DOT_CLEAR * plan.em
    before = _total_clashes(placed, near)
    if not before:
        return placed
    ideal: dict[str, float] = {}
    for side in ("left", "right", "top", "bottom"):
        labs = [lab for lab in placed if lab.side == side]
        column = side in ("left", "right")
        slots = sorted(lab.end[1] if column else lab.end[0] for lab in labs)
        order = sorted(labs, key=lambda lab: (lab.anchor[1], lab.anchor[0]) if column
                       else (lab.anchor[0], lab.anchor[1]))
        for lab, pos in zip(order, slots):
            ideal[lab.key] = pos
    anchors = {lab.key: lab.anchor for lab in placed}
    again = settle_columns(column_labels(specs, plan, measure, ideal, flipped=flipped), plan,
                           obstacles=obstacles, forbidden=forbidden, yielding=yielding)
    again = [replace(lab, anchor=anchors.get(lab.key, lab.anchor)) for lab in again]
    if {lab.key for lab in again} != {lab.key for lab in placed}:
        return placed
    for n, lab in enumerate(again):
        if leader_blocked(lab.anchor, lab.end, blocking(lab.key), pad):
            others = [(o.anchor, o.end) for m, o in enumerate(again) if m != n]
            q = _clean_anchor(lab, lab.end, blocking(lab.key), others, points(lab.key), pad,
                              apart=ANCHORS_APART * plan.em)
            if q is None or _near_dot(q, others, ANCHORS_LEAST * plan.em):
                return placed
            again[n] = replace(lab, anchor=q)
    if _total_clashes(again, near) >= before or \
            any(leader_blocked(lab.anchor, lab.end, blocking(lab.key), pad) for lab in again):
        return placed
    return again


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


# ------------------------------------------------------------------ a lesion's call-out
CALLOUT_STARTS = 8     # points inside a lesion (besides its centre) its label's leader may
CALLOUT_REACH = 0.5    # start from, at this share of its radii; drawn from the outline on


def callout_side_at(centre: Point, plan: FitPlan) -> Point:
    """Where a lesion's label goes as a margin label (its ``LabelSpec.at``): on the side of
    the body nearer the lesion (a row: above or below a wide drawing)."""
    lo, hi = plan.edges
    if plan.arrangement == "columns":
        return (hi + 1.0, centre[1]) if centre[0] >= (lo + hi) / 2 else (lo - 1.0, centre[1])
    return (centre[0], hi + 1.0) if centre[1] >= (lo + hi) / 2 else (centre[0], lo - 1.0)


def ellipse_starts(cx: float, cy: float, rx: float, ry: float,
                   angle: float) -> list[Point]:
    """Where a call-out's leader may start: the lesion's centre, then points around it at
    half its radii (from any point inside the outline the leader leaves it once and never
    cuts across). ``angle``: the ellipse's turn in degrees, clockwise with y down."""
    a = math.radians(angle)
    out = [(cx, cy)]
    for i in range(CALLOUT_STARTS):
        t = 2 * math.pi * i / CALLOUT_STARTS
        x, y = rx * CALLOUT_REACH * math.cos(t), ry * CALLOUT_REACH * math.sin(t)
        out.append((cx + x * math.cos(a) - y * math.sin(a), cy + x * math.sin(a) + y * math.cos(a)))
    return out


def ellipse_exit(cx: float, cy: float, rx: float, ry: float, angle: float, start: Point,
                 end: Point) -> Point:
    """Where the segment from ``start`` (inside the ellipse) to ``end`` leaves its outline."""
    a = math.radians(angle)
    ca, sa = math.cos(a), math.sin(a)

    def local(p: Point) -> Point:
        dx, dy = p[0] - cx, p[1] - cy
        return ((dx * ca + dy * sa) / max(rx, 1e-6), (-dx * sa + dy * ca) / max(ry, 1e-6))

    (x0, y0), (x1, y1) = local(start), local(end)
    dx, dy = x1 - x0, y1 - y0
    qa, qb, qc = dx * dx + dy * dy, 2 * (x0 * dx + y0 * dy), x0 * x0 + y0 * y0 - 1.0
    disc = qb * qb - 4 * qa * qc
    if qa <= 0 or disc < 0:
        return start
    t = max(0.0, min(1.0, (-qb + math.sqrt(disc)) / (2 * qa)))
    return (start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t)


# ------------------------------------------------------------------ a key in a free corner
def free_corner(text: str, measure: Measure, size: float, line: float, sample: float,
                columns: Sequence[tuple[float, float]], span: tuple[float, float],
                taken: Sequence[Rect], leaders: Sequence[Segment], *, step: float = 1.0,
                from_high: bool = False) -> tuple[Rect, tuple[str, ...]] | None:
    """Where a short key (a ``sample`` wide picture, then ``text`` at ``size``) fits in the
    label margins: the first of ``columns`` (x ranges, the outer side first) with a place
    along ``span`` (y range; from its high end first with ``from_high``: the bottom of a
    y-down screen) that covers none of ``taken`` and no leader, its words wrapped to the
    column or narrower (beside a mark's words). Returns the box and its lines, or None."""
    for x0, x1 in columns:
        full = x1 - x0 - sample - 2 * size * PAD_X - size * 0.5
        for room in (full, full * 0.75, full * 0.6):
            if room < 8 * size:
                continue
            lines = wrap_words(text, room / size, measure)
            w = sample + size * 0.5 + max(measure(ln) for ln in lines) * size + 2 * size * PAD_X
            h = len(lines) * line * size + 2 * PAD_Y * size
            outer = x0 if columns and (x0, x1) == columns[0] and x0 > columns[-1][0] else x1 - w
            for bx0 in dict.fromkeys((outer, x0 + x1 - w - outer)):
                n = int((span[1] - span[0] - h) / step) + 1
                for k in range(max(n, 0)):
                    y = span[1] - h - k * step if from_high else span[0] + k * step
                    box = (bx0, y, bx0 + w, y + h)
                    grown = (box[0] - step, box[1] - step, box[2] + step, box[3] + step)
                    if not any(overlaps(grown, a) for a in taken) and \
                            not any(segment_crosses(seg, grown) for seg in leaders):
                        return box, lines
    return None
