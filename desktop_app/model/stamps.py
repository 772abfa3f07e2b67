"""The surgical stamps and the drawing shapes: what each one is called and how it is drawn.

Pure Python (no Qt), so the screen (``diagram/stamp_items.py``) and the PDF
(``export/diagram_drawing.py``) draw every stamp from the same outline and name it with the
same plain words. A stamp is drawn in its own frame (diagram units at ``size`` 1, y down,
centred on the origin) and then scaled by ``size``, rotated clockwise by ``rotation`` degrees
and moved to ``(x, y)`` — the mark's fields in the consultation.

Outlines are lists of absolute segments in the atlas' form (``('M', x, y)``, ``('L', x, y)``,
``('C', x1, y1, x2, y2, x, y)``, ``('Z',)``), so both renderers already know how to draw them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable

KAPPA = 0.5522847498307936      # a quarter circle as one cubic Bézier
Segment = tuple[Any, ...]       # ('M', x, y), ('L', x, y), ('C', x1, y1, x2, y2, x, y), ('Z',)
Point = tuple[float, float]
UNITS_PER_CM = 20.0             # the atlas' scale; stamps are sized for it at size 1

SACRAL_LEVELS = ("S1", "S2", "S3", "S4", "S5")
DEFAULT_SACRAL_LEVEL = "S4"
MIN_SIZE, MAX_SIZE = 0.2, 8.0   # a stamp's scale factor

HIGHLIGHT_ALPHA = 0.35          # the highlighter's ink lets the drawing show through
HIGHLIGHT_FACTOR = 4.0          # its stroke is this many times the pen width ...
HIGHLIGHT_MIN = 12.0            # ... and never narrower than this (diagram units)
SHAPE_FILL_ALPHA = 0.22         # a filled shape's inside
SHAPE_KINDS = ("ellipse", "rect", "area")


@dataclass(frozen=True)
class Part:
    """One piece of a stamp's drawing: stroked and/or filled in the stamp's colour.

    ``width`` is the line width at size 1 (0: not stroked); ``fill`` the opacity of the inside
    (0: not filled); ``white`` paints the piece white (holes of a drain, the inside of a ring);
    ``dash`` is a dash pattern in units at size 1.
    """

    segments: tuple[Segment, ...]
    width: float = 3.0
    fill: float = 0.0
    white: bool = False
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class StampKind:
    key: str
    title: str                  # the tool menu (English UI)
    tip: str
    legend: dict[str, str]      # plain words for the PDF legend, per language
    parts: tuple[Part, ...]
    tag: bool = False           # draws its sacral level ("S4") beside it
    pair: str = ""              # placed together with this kind (the combined approach)


# ------------------------------------------------------------------------ outline helpers
def _line(*pts: tuple[float, float]) -> tuple[Segment, ...]:
    return (("M", *pts[0]),) + tuple(("L", *p) for p in pts[1:])


def _circle(cx: float, cy: float, r: float) -> tuple[Segment, ...]:
    k = r * KAPPA
    return (("M", cx + r, cy), ("C", cx + r, cy + k, cx + k, cy + r, cx, cy + r),
            ("C", cx - k, cy + r, cx - r, cy + k, cx - r, cy),
            ("C", cx - r, cy - k, cx - k, cy - r, cx, cy - r),
            ("C", cx + k, cy - r, cx + r, cy - k, cx + r, cy), ("Z",))


def _incision(length: float, curve: float = 0.0) -> tuple[Part, ...]:
    """A surgical cut as drawn on consent diagrams: a line with short stitch marks across."""
    half = length / 2
    cut: tuple[Segment, ...]
    if curve:
        cut = (("M", 0.0, -half), ("C", curve, -half / 3, curve, half / 3, 0.0, half))
    else:
        cut = _line((0.0, -half), (0.0, half))
    parts = [Part(cut, width=4.0)]
    n = max(3, int(length // 22))
    for i in range(n):
        t = (i + 0.5) / n
        y = -half + t * length
        # on the curve, the stitch sits where the cubic is at that height (close enough)
        x = curve * 3 * t * (1 - t) * 1.0 if curve else 0.0
        parts.append(Part(_line((x - 8.0, y), (x + 8.0, y)), width=2.2))
    return tuple(parts)


def _tailbone_removed() -> tuple[Part, ...]:
    """The tailbone's outline, dashed (taken away), crossed out."""
    bone = (("M", -14.0, -34.0), ("C", 4.0, -36.0, 16.0, -30.0, 14.0, -14.0),
            ("C", 12.0, 2.0, 8.0, 16.0, 2.0, 30.0), ("C", 0.0, 36.0, -6.0, 36.0, -6.0, 28.0),
            ("C", -8.0, 14.0, -14.0, 0.0, -16.0, -14.0), ("C", -17.0, -26.0, -20.0, -33.0,
                                                            -14.0, -34.0), ("Z",))
    return (Part(bone, width=2.4, fill=0.18, dash=(6.0, 4.0)),
            Part(_line((-22.0, -30.0), (22.0, 30.0)), width=4.0),
            Part(_line((22.0, -30.0), (-22.0, 30.0)), width=4.0))


def _sacral_cut() -> tuple[Part, ...]:
    """A cut straight across the bone at one segment: a heavy dashed line with end bars."""
    return (Part(_line((-60.0, 0.0), (60.0, 0.0)), width=4.5, dash=(10.0, 5.0)),
            Part(_line((-60.0, -10.0), (-60.0, 10.0)), width=3.0),
            Part(_line((60.0, -10.0), (60.0, 10.0)), width=3.0))


def _drain() -> tuple[Part, ...]:
    """A tube with side holes inside the body and a collecting bulb outside."""
    tube = Part(_line((0.0, -56.0), (0.0, 70.0)), width=6.0)
    holes = tuple(Part(_circle(0.0, y, 1.8), width=0.0, fill=1.0, white=True)
                  for y in (30.0, 44.0, 58.0))
    bulb = Part(_circle(0.0, -66.0, 11.0), width=2.4, fill=0.45)
    return (tube,) + holes + (bulb,)


def _stoma() -> tuple[Part, ...]:
    """The opening of the bowel on the belly: a ring with the bowel's opening inside."""
    return (Part(_circle(0.0, 0.0, 24.0), width=3.0, fill=0.3),
            Part(_circle(0.0, 0.0, 10.0), width=0.0, fill=1.0, white=True),
            Part(_circle(0.0, 0.0, 10.0), width=2.2))


def _stent() -> tuple[Part, ...]:
    """A double-J stent: a thin tube with a curl at each end."""
    r = 11.0
    k = r * KAPPA
    top = (("M", 0.0, -50.0), ("L", 0.0, -62.0),
           ("C", 0.0, -62.0 - k, k, -62.0 - r, r, -62.0 - r),
           ("C", r + k, -62.0 - r, 2 * r, -62.0 - k, 2 * r, -62.0),
           ("C", 2 * r, -62.0 + k, r + k, -62.0 + r, r, -62.0 + r))
    bottom = (("M", 0.0, 50.0), ("L", 0.0, 62.0),
              ("C", 0.0, 62.0 + k, -k, 62.0 + r, -r, 62.0 + r),
              ("C", -r - k, 62.0 + r, -2 * r, 62.0 + k, -2 * r, 62.0),
              ("C", -2 * r, 62.0 - k, -r - k, 62.0 - r, -r, 62.0 - r))
    return (Part(_line((0.0, -50.0), (0.0, 50.0)), width=3.6), Part(top, width=3.6),
            Part(bottom, width=3.6))


# --------------------------------------------------------------------------- the catalogue
_KINDS = (
    StampKind("posterior_incision", "Cut from behind",
              "The cut over the tailbone for the operation from behind (parasacral / Kraske)",
              {"en": "the cut for the operation from behind, over the tailbone",
               "es": "el corte para la operación por detrás, sobre el coxis"},
              _incision(150.0, curve=10.0)),
    StampKind("midline_incision", "Midline cut",
              "Midline cut of the belly (laparotomy)",
              {"en": "the cut down the middle of the belly",
               "es": "el corte por el centro de la barriga"},
              _incision(260.0)),
    StampKind("lower_midline_incision", "Lower midline cut",
              "Lower midline cut of the belly, from the belly button down",
              {"en": "the cut in the lower belly, below the belly button",
               "es": "el corte en la parte baja de la barriga, por debajo del ombligo"},
              _incision(160.0)),
    StampKind("combined_front", "Combined: both cuts",
              "The two cuts of the combined operation: click the belly cut, then the cut "
              "from behind",
              {"en": "the two cuts of the combined operation: one on the belly and one "
                     "from behind",
               "es": "los dos cortes de la operación combinada: uno en la barriga y otro por "
                     "detrás"},
              _incision(180.0), pair="combined_back"),
    StampKind("combined_back", "Combined: cut from behind",
              "The cut from behind of the combined operation",
              {"en": "the two cuts of the combined operation: one on the belly and one "
                     "from behind",
               "es": "los dos cortes de la operación combinada: uno en la barriga y otro por "
                     "detrás"},
              _incision(130.0, curve=8.0)),
    StampKind("coccyx_removal", "Tailbone removal",
              "The tailbone is taken out to reach the tumor",
              {"en": "the tailbone is taken out",
               "es": "se quita el coxis (hueso de la cola)"},
              _tailbone_removed()),
    StampKind("sacral_level", "Level of sacral removal",
              "Where the sacrum is cut: click a sacral segment (side view snaps to it)",
              {"en": "the sacrum is removed from level {level} down",
               "es": "se quita el sacro desde el nivel {level} hacia abajo"},
              _sacral_cut(), tag=True),
    StampKind("drain", "Drain",
              "A drain: a thin tube that lets fluid out after the operation",
              {"en": "a drain: a thin tube that lets fluid out for a few days",
               "es": "un drenaje: un tubo fino que deja salir líquido unos días"},
              _drain()),
    StampKind("stoma", "Stoma",
              "A stoma: an opening of the bowel on the belly, into a bag",
              {"en": "a stoma: the bowel opens on the belly into a bag",
               "es": "un estoma: el intestino se abre en la barriga a una bolsa"},
              _stoma()),
    StampKind("ureteric_stent", "Ureteric stent",
              "A ureteric stent or catheter: a thin tube that keeps the ureter open and "
              "easy to find",
              {"en": "a thin tube (stent) in the tube from the kidney to the bladder",
               "es": "un tubo fino (catéter) en el conducto del riñón a la vejiga"},
              _stent()),
)
KINDS: dict[str, StampKind] = {k.key: k for k in _KINDS}
STAMP_KINDS = tuple(KINDS)
# the kinds a surgeon picks from (the second cut of the combined approach comes with the first)
MENU_KINDS = tuple(k for k in STAMP_KINDS if k != "combined_back")
# marks of the combined approach share one line of the legend
LEGEND_GROUP = {"combined_back": "combined_front"}


def legend_text(kind: str, language: str, level: str = "") -> str:
    """The stamp in plain words for the PDF legend (English if the language is unknown)."""
    stamp = KINDS[kind]
    text = stamp.legend.get(language) or stamp.legend["en"]
    return text.replace("{level}", level or DEFAULT_SACRAL_LEVEL)


SHAPE_LEGEND = {
    "highlight": {"en": "highlighted by your doctor", "es": "resaltado por su médico"},
    "shape": {"en": "an area your doctor outlined", "es": "una zona que su médico rodeó"},
    "area": {"en": "an area your doctor shaded", "es": "una zona que su médico sombreó"},
}


def shape_legend_text(key: str, language: str) -> str:
    words = SHAPE_LEGEND[key]
    return words.get(language) or words["en"]


# ------------------------------------------------------------------------------ placement
def transform(segments: Iterable[Segment], x: float, y: float, rotation: float,
              size: float) -> list[Segment]:
    """Segments of a stamp's frame → diagram units (scale, rotate clockwise, move)."""
    phi = math.radians(rotation)
    c, s = math.cos(phi) * size, math.sin(phi) * size
    out = []
    for seg in segments:
        pts = seg[1:]
        moved: list[float] = []
        for i in range(0, len(pts), 2):
            px, py = pts[i], pts[i + 1]
            moved += [x + px * c - py * s, y + px * s + py * c]
        out.append((seg[0], *moved))
    return out


def stroke_width(part: Part, size: float) -> float:
    """Line widths grow more slowly than the stamp, so a small stamp stays legible."""
    return part.width * math.sqrt(max(size, 1e-6))


def frame(kind: str) -> tuple[float, float, float, float]:
    """The stamp's box in its own frame at size 1: (x0, y0, x1, y1)."""
    xs: list[float] = []
    ys: list[float] = []
    for part in KINDS[kind].parts:
        for seg in part.segments:
            xs += list(seg[1::2])
            ys += list(seg[2::2])
    pad = 6.0
    return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad


def placed_parts(stamp: Any) -> list[tuple[Part, list[Segment], float]]:
    """(part, its segments in diagram units, its line width) for a Stamp mark."""
    kind = KINDS.get(stamp.kind)
    if kind is None:
        return []
    return [(p, transform(p.segments, stamp.x, stamp.y, stamp.rotation, stamp.size),
             stroke_width(p, stamp.size)) for p in kind.parts]


def tag_anchor(stamp: Any) -> Point:
    """Where a sacral level's tag ("S4") goes: just beyond the cut's right-hand end."""
    (_, x, y), = transform([("M", 72.0, 0.0)], stamp.x, stamp.y, stamp.rotation, stamp.size)
    return x, y


def snap_to_level(levels: dict[str, tuple[Point, Point]], x: float,
                  y: float) -> tuple[str, float, float, float, float]:
    """The sacral level nearest to (x, y) on a drawing with level lines: (level, centre x,
    centre y, rotation, size) for a sacral-cut stamp lying on that line."""
    def distance(seg: tuple[Point, Point]) -> float:
        (x1, y1), (x2, y2) = seg
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / max(dx * dx + dy * dy, 1e-9)))
        return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))

    level = min((lv for lv in SACRAL_LEVELS if lv in levels), key=lambda lv: distance(levels[lv]))
    (x1, y1), (x2, y2) = levels[level]
    if x2 < x1:
        x1, y1, x2, y2 = x2, y2, x1, y1
    rotation = math.degrees(math.atan2(y2 - y1, x2 - x1))
    size = max(MIN_SIZE, min(MAX_SIZE, math.hypot(x2 - x1, y2 - y1) / 120.0))
    return level, (x1 + x2) / 2, (y1 + y2) / 2, rotation, size


def bone_cuts(levels: dict[str, tuple[Point, Point]], scale_px_per_cm: float = UNITS_PER_CM,
              depth_cm: float = 3.6, lead_cm: float = 0.4) -> dict[str, tuple[Point, Point]]:
    """The side view's level lines start on the front of the sacrum and run forward across the
    presacral space; a cut through the bone at that level runs the other way, back through the
    bone. Same keys, segments from ``lead_cm`` in front of the bone to ``depth_cm`` into it."""
    out: dict[str, tuple[Point, Point]] = {}
    for key, ((ax, ay), (bx, by)) in levels.items():
        length = math.hypot(ax - bx, ay - by) or 1.0
        ux, uy = (ax - bx) / length, (ay - by) / length      # from the front, backwards
        a, d = lead_cm * scale_px_per_cm, depth_cm * scale_px_per_cm
        out[key] = ((ax - ux * a, ay - uy * a), (ax + ux * d, ay + uy * d))
    return out


def highlight_width(pen_width: float) -> float:
    return max(HIGHLIGHT_MIN, pen_width * HIGHLIGHT_FACTOR)


def shape_outline(shape: Any) -> list[Segment]:
    """A Shape mark's outline in diagram units: a rotated ellipse or rectangle, or the closed
    freeform area through its points."""
    if shape.kind == "area":
        pts = shape.points
        if not pts:
            return []
        return [("M", *pts[0])] + [("L", *p) for p in pts[1:]] + [("Z",)]
    rx, ry = shape.rx, shape.ry
    local: list[Segment]
    if shape.kind == "rect":
        local = [("M", -rx, -ry), ("L", rx, -ry), ("L", rx, ry), ("L", -rx, ry), ("Z",)]
    else:
        kx, ky = rx * KAPPA, ry * KAPPA
        local = [("M", rx, 0.0), ("C", rx, ky, kx, ry, 0.0, ry),
                 ("C", -kx, ry, -rx, ky, -rx, 0.0), ("C", -rx, -ky, -kx, -ry, 0.0, -ry),
                 ("C", kx, -ry, rx, -ky, rx, 0.0), ("Z",)]
    return transform(local, shape.cx, shape.cy, shape.rotation, 1.0)


def area_centre(points: list[Point]) -> Point:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def transform_points(points: Iterable[Point], cx: float, cy: float, scale_x: float,
                     scale_y: float, rotation: float) -> list[Point]:
    """Points scaled about (cx, cy) along the shape's own axes and then turned by
    ``rotation`` degrees about it (used to resize and rotate a freeform area)."""
    phi = math.radians(rotation)
    c, s = math.cos(phi), math.sin(phi)
    out = []
    for x, y in points:
        dx, dy = (x - cx) * scale_x, (y - cy) * scale_y
        out.append((cx + dx * c - dy * s, cy + dx * s + dy * c))
    return out
