"""The anatomy diagram with the patient's marks, as *vector* graphics in the PDF.

Built from the same plain shapes the screen draws (``desktop_app.model.svgshapes``), so the
printout looks like the consultation-room diagram: anatomy, structure labels in lay words, the
S3 guide line, and the marks (numbered lesion ellipses, pen strokes, arrows, text notes) with
the screen's proportions (``desktop_app/diagram/items.py``).

Every coordinate is mapped here from diagram units (SVG, y down) to PDF points (y up), so text
stays upright and nothing depends on transforms. :class:`Placement` is that mapping; tests use
it to find a lesion on the rendered page.

The view is kept as a short list of paint operations (:class:`PathOp`, :class:`TextOp`) that
:meth:`ViewDiagram.draw_on` writes into the page: path operators formatted once, painted with
the canvas' colour / width / opacity state. That is the same PDF a reportlab ``Drawing`` would
produce, about ten times faster than rendering a node tree with ``renderPDF`` (which dominated
the export time with hundreds of Bézier segments per view).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from desktop_app.export.fonts import BOLD, REGULAR, printable
from desktop_app.model import anatomy
from desktop_app.model import lesions as lesion_rules
from desktop_app.model.label_layout import (GUIDE_KEY, PAD_X, PAD_Y, FitPlan, LabelSpec,
                                            PlacedLabel, callout_side_at, choose_rect,
                                            column_labels, cover_boxes, ellipse_exit,
                                            ellipse_starts, guide_spec, layout_labels,
                                            plan_fit, side_rects)
from desktop_app.model.stamps import (DEFAULT_SACRAL_LEVEL, HIGHLIGHT_ALPHA, KINDS,
                                      SHAPE_FILL_ALPHA, placed_parts, shape_outline,
                                      tag_anchor, transform)
from desktop_app.model.svgshapes import KAPPA, sample_segments

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

# Okabe & Ito (2008) colour-blind-safe palette (the annotation tools use the same colours).
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000")

LABEL_COLOUR = "#2B2B2B"
LEADER_COLOUR = "#6B6B6B"
S3_COLOUR = "#4A4A4A"
# Marks use the screen's sizes in diagram units (desktop_app/diagram/items.py), scaled like the
# anatomy, but never smaller than these print minimums (points).
LABEL_SIZE = 8.5        # pt: structure labels (the drawing's own lettering)
LABEL_LINE = 1.2        # their line height (em)
LABEL_MARGIN = 4.0      # pt kept free round the drawing and its labels
SWATCH_NUMBER_SIZE = 12  # pt: lesion numbers in the legend and "What we found"
SCREEN_BADGE_RADIUS, MIN_BADGE_RADIUS = 11.0, 7.5
SCREEN_NUMBER_PX, MIN_NUMBER_SIZE = 13.0, 9.0
SCREEN_LESION_LABEL_PX, MIN_LESION_LABEL_SIZE = 12.0, 8.5
SCREEN_NOTE_PX, MIN_NOTE_SIZE = 15.0, 9.5
SCREEN_OUTLINE, MIN_OUTLINE = 2.2, 1.5
# marks on a key image: sized as on a drawing printed at 0.75 pt per unit, whatever the
# image's pixel size (see build_view's mark_scale)
IMAGE_MARK_SCALE = 0.75
NOTE_LEADING = 1.2
LABEL_MAX_CHARS = 32    # a lesion's label on the drawing (the legend has it in full)
NOTE_WRAP_CHARS = 40    # long note lines wrap in the PDF
LESION_FILL_OPACITY = lesion_rules.FILL_OPACITY
SCAN_LESION_FILL_OPACITY = lesion_rules.SCAN_FILL_OPACITY
_JOINS = {"miter": 0, "round": 1, "bevel": 2}
_CAPS = {"butt": 0, "round": 1, "square": 2}


# ------------------------------------------------------------------------------ colours
def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")[:6]
    return tuple(int(h[i:i + 2], 16) / 255.0 for i in (0, 2, 4))  # type: ignore[return-value]


def _luminance(hex_colour: str) -> float:
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two "#RRGGBB" colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (WCAG contrast)."""
    return "#000000" if contrast_ratio(fill, "#000000") >= contrast_ratio(fill, "#FFFFFF") \
        else "#FFFFFF"


# ---------------------------------------------------------------------------- placement
@dataclass(frozen=True)
class Placement:
    """Maps diagram units (SVG, y down) to points in the diagram box (y up)."""

    viewbox: tuple[float, float, float, float]
    scale: float        # points per diagram unit
    width: float        # drawing size in points
    height: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A point in diagram units -> points in the diagram box."""
        vx, vy, _vw, vh = self.viewbox
        return ((x - vx) * self.scale, (vy + vh - y) * self.scale)

    def length(self, units: float) -> float:
        """A length in diagram units -> points."""
        return units * self.scale


Colour = tuple[float, float, float]
Box = tuple[float, float, float, float]     # x0, y0, x1, y1 in drawing points
Point = tuple[float, float]
Segment = tuple[Any, ...]                   # ("M", x, y), ("L", x, y), ("C", 6 numbers), ("Z",)
Marks = dict[str, list[Any]]                # Consultation.marks_in(view)


@dataclass(frozen=True)
class PathOp:
    """A path as ready-made PDF operators plus its paint state (colours, width, dash).

    ``body`` is the complete operator string (state, path, paint) built once; opacity needs
    the canvas' ExtGState resources and is applied by :func:`paint` around it.
    """

    path: str                      # "x y m ... c ... h"
    fill: Colour | None = None
    fill_alpha: float = 1.0
    stroke: Colour | None = None
    stroke_alpha: float = 1.0
    width: float = 1.0
    join: int = 0
    cap: int = 0
    dash: tuple[float, ...] | None = None
    body: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        parts = []
        if self.fill is not None:
            parts.append("%.3f %.3f %.3f rg" % self.fill)
        if self.stroke is not None:
            parts.append("%.3f %.3f %.3f RG %.3f w %d j %d J" % (*self.stroke, self.width,
                                                                 self.join, self.cap))
            if self.dash:
                parts.append("[%s] 0 d" % " ".join("%.2f" % d for d in self.dash))
        paint_op = "B" if self.fill is not None and self.stroke is not None else \
            ("f" if self.fill is not None else "S")
        parts += [self.path, paint_op]
        object.__setattr__(self, "body", " ".join(parts))

    @property
    def translucent(self) -> bool:
        """True if the fill or the stroke is see-through (painted with an ExtGState)."""
        return (self.fill is not None and self.fill_alpha < 1) or \
            (self.stroke is not None and self.stroke_alpha < 1)


@dataclass(frozen=True)
class AnatomyLayer:
    """The atlas drawing's shapes in diagram units, placed by one ``cm`` matrix.

    The shapes' operators do not depend on the patient, so they are formatted once per
    atlas drawing (:func:`anatomy_ops`) and reused by every export.
    """

    matrix: tuple[float, float, float, float, float, float]
    ops: tuple[PathOp, ...]


@dataclass(frozen=True)
class TextOp:
    """One line of text at (x, y) in drawing points, anchored at its start, middle or end."""

    x: float
    y: float
    text: str
    font: str
    size: float
    colour: Colour
    anchor: str = "start"          # start | middle | end


@dataclass
class ViewDiagram:
    """A view ready to draw: anatomy, labels, S3 line and marks, in drawing points."""

    view: str
    placement: Placement
    ops: list[Op] = field(default_factory=list)     # in paint order
    lesion_numbers: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)   # every text drawn (for the glossary)
    # where the words went (drawing points): structure id -> its label's box, as drawn (a
    # label left out is not there); and the marks' words and number badges
    label_boxes: dict[str, Box] = field(default_factory=dict)
    mark_boxes: list[Box] = field(default_factory=list)
    # each structure label's leader (from inside the structure to its words) and the small
    # boxes covering the marks' shapes, in drawing points
    label_leaders: dict[str, tuple[Point, Point]] = field(default_factory=dict)
    mark_cells: list[Box] = field(default_factory=list)
    guide_key: Box | None = None    # where the S3 line's key went in the drawing's margin

    def draw_on(self, canv: Canvas, x: float = 0.0, y: float = 0.0) -> None:
        """Paint at (x, y) of the canvas' current coordinates (a flowable's origin)."""
        canv.saveState()
        canv.translate(x, y)
        paint(canv, self.ops)
        canv.restoreState()


Op = PathOp | TextOp | AnatomyLayer


def paint(canv: Canvas, ops: Iterable[Op]) -> None:
    """Write the operations into the page (nonzero fill ``f``, stroke ``S``, both ``B``).

    Opaque paths go in as ``q ... Q``; translucent ones through the canvas' own save /
    restore so its ExtGState bookkeeping (``/gsN gs``) stays right.
    """
    # the page's operator list (reportlab's stubs omit it)
    code: list[str] = canv._code  # type: ignore[attr-defined]
    for op in ops:
        if isinstance(op, AnatomyLayer):
            code.append("q %.5f %.5f %.5f %.5f %.3f %.3f cm" % op.matrix)
            paint(canv, op.ops)
            code.append("Q")
        elif isinstance(op, TextOp):
            canv.saveState()
            canv.setFillColorRGB(*op.colour)
            canv.setFont(op.font, op.size)
            draw = {"middle": canv.drawCentredString, "end": canv.drawRightString}.get(
                op.anchor, canv.drawString)
            draw(op.x, op.y, op.text)
            canv.restoreState()
        elif op.translucent:
            canv.saveState()
            if op.fill is not None and op.fill_alpha < 1:
                canv.setFillAlpha(op.fill_alpha)
            if op.stroke is not None and op.stroke_alpha < 1:
                canv.setStrokeAlpha(op.stroke_alpha)
            code.append(op.body)
            canv.restoreState()
        else:
            code.append(f"q {op.body} Q")


def format_path(segments: Iterable[Segment]) -> str:
    """Segments already in points -> PDF path operators."""
    out = []
    for seg in segments:
        op = seg[0]
        if op == "M":
            out.append(f"{seg[1]:.2f} {seg[2]:.2f} m")
        elif op == "L":
            out.append(f"{seg[1]:.2f} {seg[2]:.2f} l")
        elif op == "C":
            out.append(f"{seg[1]:.2f} {seg[2]:.2f} {seg[3]:.2f} {seg[4]:.2f} "
                       f"{seg[5]:.2f} {seg[6]:.2f} c")
        elif op == "Z":
            out.append("h")
    return " ".join(out)


def path_operators(segments: Iterable[Segment], pl: Placement) -> str:
    """Segments in diagram units -> PDF path operators in drawing points."""
    vx, vy, _vw, vh = pl.viewbox
    k = pl.scale
    top = vy + vh
    out = []
    for seg in segments:
        op = seg[0]
        if op == "M":
            out.append(f"{(seg[1] - vx) * k:.2f} {(top - seg[2]) * k:.2f} m")
        elif op == "L":
            out.append(f"{(seg[1] - vx) * k:.2f} {(top - seg[2]) * k:.2f} l")
        elif op == "C":
            out.append(f"{(seg[1] - vx) * k:.2f} {(top - seg[2]) * k:.2f} "
                       f"{(seg[3] - vx) * k:.2f} {(top - seg[4]) * k:.2f} "
                       f"{(seg[5] - vx) * k:.2f} {(top - seg[6]) * k:.2f} c")
        elif op == "Z":
            out.append("h")
    return " ".join(out)


def shape_op(shape: Any) -> PathOp | None:
    """One atlas shape as a PathOp in diagram units (widths and dashes in units too)."""
    has_fill = bool(shape.fill) and shape.fill_opacity > 0
    has_stroke = bool(shape.stroke) and shape.stroke_width > 0 and shape.stroke_opacity > 0
    if not has_fill and not has_stroke or not shape.segments:
        return None
    return PathOp(
        path=format_path(shape.segments),
        fill=_rgb(shape.fill) if has_fill else None, fill_alpha=shape.fill_opacity,
        stroke=_rgb(shape.stroke) if has_stroke else None, stroke_alpha=shape.stroke_opacity,
        width=shape.stroke_width, join=_JOINS.get(shape.linejoin, 0),
        cap=_CAPS.get(shape.linecap, 0), dash=tuple(shape.dasharray) if shape.dasharray else None)


_CACHE: dict[int, tuple[Any, dict[str, Any]]] = {}


def _cached(atlas_drawing: Any) -> dict[str, Any]:
    """Per atlas drawing object: things that do not depend on the patient, computed once."""
    key = id(atlas_drawing)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is atlas_drawing:
        return hit[1]
    if len(_CACHE) >= 16:
        _CACHE.clear()
    entry: dict[str, Any] = {}
    _CACHE[key] = (atlas_drawing, entry)  # holding the drawing keeps its id unique
    return entry


def anatomy_ops(atlas_drawing: Any) -> tuple[PathOp, ...]:
    """The drawing's shapes as operators, formatted once per atlas drawing object."""
    entry = _cached(atlas_drawing)
    if "ops" not in entry:
        entry["ops"] = tuple(op for op in (shape_op(sh) for sh in atlas_drawing.shapes) if op)
    ops: tuple[PathOp, ...] = entry["ops"]
    return ops


def shape_bounds(atlas_drawing: Any) -> tuple[tuple[float, float, float, float], ...]:
    """``Shape.bounds()`` of every shape, in paint order, computed once per drawing (the
    same boxes the hit test of ``model.anatomy.structure_at`` uses)."""
    bounds: tuple[Box, ...] = anatomy.shape_bounds(atlas_drawing)
    return bounds


def anatomy_layer(atlas_drawing: Any, pl: Placement) -> AnatomyLayer:
    """Diagram units -> drawing points: x' = k (x - vx), y' = k (vy + vh - y)."""
    vx, vy, _vw, vh = pl.viewbox
    k = pl.scale
    return AnatomyLayer(matrix=(k, 0.0, 0.0, -k, -vx * k, (vy + vh) * k),
                        ops=anatomy_ops(atlas_drawing))


def circle_path(cx: float, cy: float, r: float) -> str:
    """A circle as PDF path operators (four Béziers), coordinates in points."""
    k = r * KAPPA
    return format_path([("M", cx + r, cy), ("C", cx + r, cy + k, cx + k, cy + r, cx, cy + r),
                        ("C", cx - k, cy + r, cx - r, cy + k, cx - r, cy),
                        ("C", cx - r, cy - k, cx - k, cy - r, cx, cy - r),
                        ("C", cx + k, cy - r, cx + r, cy - k, cx + r, cy), ("Z",)])


def round_rect_path(x: float, y: float, w: float, h: float, r: float) -> str:
    """A rectangle with rounded corners as PDF path operators, coordinates in points."""
    r = max(0.0, min(r, w / 2, h / 2))
    k = r * (1 - KAPPA)
    return format_path([
        ("M", x + r, y), ("L", x + w - r, y), ("C", x + w - k, y, x + w, y + k, x + w, y + r),
        ("L", x + w, y + h - r), ("C", x + w, y + h - k, x + w - k, y + h, x + w - r, y + h),
        ("L", x + r, y + h), ("C", x + k, y + h, x, y + h - k, x, y + h - r),
        ("L", x, y + r), ("C", x, y + k, x + k, y, x + r, y), ("Z",)])


def line_path(points: Iterable[tuple[float, float]]) -> str:
    """An open polyline through ``points`` as PDF path operators."""
    pts = list(points)
    return format_path([("M", *pts[0])] + [("L", *p) for p in pts[1:]])


def rotated_ellipse_segments(cx: float, cy: float, rx: float, ry: float,
                             rotation_deg: float) -> list[Segment]:
    """An ellipse as four cubic Béziers, rotated clockwise on screen (y down) by the angle."""
    kx, ky = rx * KAPPA, ry * KAPPA
    local: list[tuple[Any, ...]] = [("M", rx, 0.0),
             ("C", rx, ky, kx, ry, 0.0, ry),
             ("C", -kx, ry, -rx, ky, -rx, 0.0),
             ("C", -rx, -ky, -kx, -ry, 0.0, -ry),
             ("C", kx, -ry, rx, -ky, rx, 0.0),
             ("Z",)]
    return transform(local, cx, cy, rotation_deg, 1.0)


# --------------------------------------------------------------------------------- build
def mark_sizes(scale: float) -> dict[str, float]:
    """Point sizes of the marks at a drawing scale (points per diagram unit)."""
    return {
        "badge": max(MIN_BADGE_RADIUS, SCREEN_BADGE_RADIUS * scale),
        "number": max(MIN_NUMBER_SIZE, SCREEN_NUMBER_PX * scale),
        "label": max(MIN_LESION_LABEL_SIZE, SCREEN_LESION_LABEL_PX * scale),
        "note": max(MIN_NOTE_SIZE, SCREEN_NOTE_PX * scale),
        "outline": max(MIN_OUTLINE, SCREEN_OUTLINE * scale),
    }


def lesion_label(lesion: Any) -> str:
    """A lesion's label as drawn next to it: one line, cut to ``LABEL_MAX_CHARS``."""
    label = " ".join(printable(lesion.label).split())
    return label if len(label) <= LABEL_MAX_CHARS else label[:LABEL_MAX_CHARS - 1] + "…"


def note_lines(note: Any) -> list[str]:
    """A text note's lines as printed, long lines wrapped at ``NOTE_WRAP_CHARS``."""
    lines = []
    for line in printable(note.text).splitlines():
        if line.strip():
            lines += textwrap.wrap(line.strip(), NOTE_WRAP_CHARS) or [line.strip()]
    return lines


def _marks_points(marks: Marks) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for lesion in marks.get("lesions", []):
        r = max(lesion.rx, lesion.ry)
        pts += [(lesion.cx - r, lesion.cy - r), (lesion.cx + r, lesion.cy + r)]
    for stroke in marks.get("strokes", []):
        pts += list(stroke.points)
    for arrow in marks.get("arrows", []):
        pts += [(arrow.x1, arrow.y1), (arrow.x2, arrow.y2)]
    for note in marks.get("texts", []):
        pts.append((note.x, note.y))
    for shape in marks.get("shapes", []):
        pts += [tuple(seg[i:i + 2]) for seg in shape_outline(shape)
                for i in range(1, len(seg), 2)]
    for stamp in marks.get("stamps", []):
        pts += [tuple(seg[i:i + 2]) for _part, segs, _w in placed_parts(stamp)
                for seg in segs for i in range(1, len(seg), 2)]
    return pts


def crop_box(atlas_drawing: Any, marks: Marks, *, width: float, max_height: float,
             label_for: Callable[[str], str] | None = None,
             margin: float = 12.0) -> tuple[float, float, float, float]:
    """The part of the drawing worth printing: the anatomy, its labels and the marks.

    The on-screen view box often has empty space around the body; cropping it lets the
    anatomy print larger. Never larger than the view box itself, except to take in marks
    drawn outside it. Text extents (labels, notes) are measured at the resulting scale.
    """
    vx, vy, vw, vh = atlas_drawing.viewbox
    xs: list[float] = []
    ys: list[float] = []
    for x0, y0, x1, y1 in shape_bounds(atlas_drawing):
        xs += [x0, x1]
        ys += [y0, y1]
    if not xs:
        return (vx, vy, vw, vh)
    x0, y0, x1, y1 = max(min(xs), vx), max(min(ys), vy), min(max(xs), vx + vw), \
        min(max(ys), vy + vh)
    extra = list(_marks_points(marks))
    labels = getattr(atlas_drawing, "labels", {}) if label_for is not None else {}
    for label in labels.values():
        extra += [label.anchor, label.at]
    for x, y in extra:
        x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
    def with_text(scale: float) -> tuple[float, float, float, float]:
        """The box once the words, ``scale`` points per unit, are in it."""
        bx0, by0, bx1, by1 = x0, y0, x1, y1
        for sid, label in labels.items():
            text = label_for(sid) if label_for else ""
            if not text:
                continue
            tw = (stringWidth(text, REGULAR, LABEL_SIZE) + 6) / scale
            if label.at[0] < label.anchor[0]:
                bx0 = min(bx0, label.at[0] - tw)
            else:
                bx1 = max(bx1, label.at[0] + tw)
        sizes = mark_sizes(scale)
        # marks' text may widen the box up to the drawing's own edges, not beyond
        for note in marks.get("texts", []):
            lines = note_lines(note)
            if lines:
                tw = (max(stringWidth(ln, BOLD, sizes["note"]) for ln in lines) + 8) / scale
                bx1 = max(bx1, min(note.x + tw, vx + vw))
                by1 = max(by1, min(note.y + (sizes["note"] * NOTE_LEADING * len(lines) + 6)
                                   / scale, vy + vh))
        for lesion in marks.get("lesions", []):
            label = lesion_label(lesion)
            if label:
                tw = (sizes["badge"] + stringWidth(label, REGULAR, sizes["label"]) + 12) / scale
                bx1 = max(bx1, min(lesion.cx + tw, vx + vw))
        return bx0, by0, bx1, by1

    def scale_of(box: tuple[float, float, float, float]) -> float:
        return min(width / (box[2] - box[0] + 2 * margin),
                   max_height / (box[3] - box[1] + 2 * margin))

    # Text widths depend on the scale, which depends on the box: settle on a scale at which
    # the words fit (measured at that very scale, so a label never pokes out of the frame).
    scale = scale_of((x0, y0, x1, y1))
    for _ in range(40):
        box = with_text(scale)
        smaller = scale_of(box)
        if smaller >= scale * (1 - 1e-6):
            break
        scale = smaller
    x0, y0, x1, y1 = box
    return (x0 - margin, y0 - margin, x1 - x0 + 2 * margin, y1 - y0 + 2 * margin)


def _measure(text: str) -> float:
    return stringWidth(text, REGULAR, 1.0)


def _box_points(box: Box, pl: Placement) -> Box:
    """A box in diagram units (y down) -> points (y up)."""
    x0, y1 = pl.point(box[0], box[1])
    x1, y0 = pl.point(box[2], box[3])
    return (x0, y0, x1, y1)


def _box_units(box: Box, pl: Placement) -> Box:
    """A box in points (y up) -> diagram units (y down)."""
    vx, vy, _vw, vh = pl.viewbox
    return (vx + box[0] / pl.scale, vy + vh - box[3] / pl.scale,
            vx + box[2] / pl.scale, vy + vh - box[1] / pl.scale)


def fit_plan(atlas_drawing: Any, marks: Marks, specs: list[LabelSpec], *, width: float,
             max_height: float) -> FitPlan:
    """The drawing and its labels fitted to the width, as on screen (``plan_fit``), cropped
    to the height they (and the marks) take."""
    box = anatomy.anatomy_box(atlas_drawing)
    pts = _marks_points(marks)
    if pts:
        box = (min(box[0], *(p[0] for p in pts)), min(box[1], *(p[1] for p in pts)),
               max(box[2], *(p[0] for p in pts)), max(box[3], *(p[1] for p in pts)))
    plan = _plan(atlas_drawing, specs, box, width, max_height)
    x0, y0, x1, y1 = plan.rect
    pad = LABEL_MARGIN / plan.scale
    top = max(y0, min(plan.content[1], box[1]) - pad)
    bottom = min(y1, max(plan.content[3], box[3]) + pad)
    return replace(plan, rect=(x0, top, x1, bottom))


LAYOUTS_KEPT = 64   # plans and label layouts remembered per process (a few a view)
_PLANS: dict[tuple[Any, ...], tuple[Any, Any, FitPlan]] = {}


def _plan(atlas_drawing: Any, specs: list[LabelSpec], box: Box, width: float,
          max_height: float) -> FitPlan:
    """``plan_fit`` remembered per process: it depends on the drawing, its labels, the
    frame and the font only (and the marks' extent, ``box``), and page 1 asks for the same
    plans in each of its tries."""
    from reportlab.pdfbase.pdfmetrics import getFont

    font = getFont(REGULAR)
    key = (id(atlas_drawing), id(font), tuple(specs), box, width, max_height)
    hit = _PLANS.get(key)
    if hit is not None and hit[0] is atlas_drawing and hit[1] is font:
        return hit[2]
    plan = plan_fit([(specs, box)], width, max_height, measure=_measure,
                    text_size=LABEL_SIZE, line=LABEL_LINE, margin=LABEL_MARGIN)
    if len(_PLANS) >= LAYOUTS_KEPT:
        del _PLANS[next(iter(_PLANS))]   # the oldest first
    _PLANS[key] = (atlas_drawing, font, plan)
    return plan


_LAYOUTS: dict[tuple[Any, ...], tuple[Any, Any, tuple[PlacedLabel, ...]]] = {}


S3_KEY = GUIDE_KEY   # the S3 line's label among the structure labels


def _inside_points(atlas_drawing: Any, key: str) -> list[Point]:
    """Where a label's leader may start: inside its structure; the S3 line's label starts
    at the line's end only."""
    if key == S3_KEY:
        return []
    return anatomy.inside_points(atlas_drawing, key)


def _layout(atlas_drawing: Any, specs: list[LabelSpec], plan: FitPlan, words: list[Box],
            cells: list[Box], calls: dict[str, Any] | None = None,
            marks: Marks | None = None) -> list[PlacedLabel]:
    """``layout_labels`` for this drawing, remembered per process: page 1 tries its drawing
    at a few heights, the compact second layout of a summary and a re-export (print, other
    file) ask again for the same ones, and each costs tens of milliseconds. The key is
    everything the layout reads: the drawing (its structures' points), the labels, the plan,
    the marks' words and shapes, and the font that measures the words (the export swaps in a
    merged font for names in other scripts).

    ``calls``: the lesions whose label is laid out as a margin label (key -> lesion), as on
    screen: its leader from a point inside the lesion, clear of every other mark; it gives
    its place up first (the caller then puts it beside its marker)."""
    from reportlab.pdfbase.pdfmetrics import getFont

    calls = calls or {}
    font = getFont(REGULAR)
    # a lesion's label is the patient's: the memo keeps the widths of its words (all the
    # layout reads of them) and how many words each line took, never the words
    shapes = tuple((k, m.cx, m.cy, m.rx, m.ry, m.rotation,
                    tuple(_measure(w) for w in lesion_label(m).split()))
                   for k, m in calls.items())
    key = (id(atlas_drawing), id(font), tuple(specs), plan, tuple(words), tuple(cells), shapes)
    hit = _LAYOUTS.get(key)
    if hit is not None and hit[0] is atlas_drawing and hit[1] is font:
        return _worded(hit[2], calls)
    extra = [LabelSpec(k, lesion_label(m), (m.cx, m.cy), callout_side_at((m.cx, m.cy), plan))
             for k, m in calls.items()]
    starts = {k: ellipse_starts(m.cx, m.cy, m.rx, m.ry, m.rotation) for k, m in calls.items()}
    badge = mark_sizes(plan.scale)["badge"] / plan.scale + 2.0

    def mine(c: Box, m: Any) -> bool:
        """A cell of the lesion itself or its badge (its own leader starts inside them)."""
        r = max(float(m.rx), float(m.ry), badge) + 2.5
        x, y = float(m.cx), float(m.cy)
        return c[0] >= x - r and c[2] <= x + r and c[1] >= y - r and c[3] <= y + r

    marks_for: dict[str, Sequence[Box]] = {
        k: [c for c in cells if not mine(c, m)] for k, m in calls.items()}

    def points(sid: str) -> list[Point]:
        return starts[sid] if sid in starts else _inside_points(atlas_drawing, sid)

    # the S3 line's name gives its place up first (the key explains the dashed line anyway)
    # and stays on its side; so does a lesion's label, which has a place beside its marker
    placed = layout_labels(specs + extra, plan, _measure, words=words, marks=cells,
                           points=points, marks_for=marks_for,
                           yielding=frozenset({S3_KEY, *calls}), stay=frozenset({S3_KEY}),
                           drop_crossed=True)
    if len(_LAYOUTS) >= LAYOUTS_KEPT:
        del _LAYOUTS[next(iter(_LAYOUTS))]   # the oldest first
    # holding the drawing and the font keeps their ids from naming other objects
    _LAYOUTS[key] = (atlas_drawing, font, tuple(
        replace(lab, lines=tuple(str(len(ln.split())) for ln in lab.lines))
        if lab.key in calls else lab for lab in placed))
    return placed


def _worded(kept: Iterable[PlacedLabel], calls: dict[str, Any]) -> list[PlacedLabel]:
    """A remembered layout with each lesion's words put back into its lines (the memo keeps
    how many words each line holds)."""
    out = []
    for lab in kept:
        if lab.key in calls:
            words, lines = lesion_label(calls[lab.key]).split(), []
            for count in lab.lines:
                lines.append(" ".join(words[:int(count)]))
                words = words[int(count):]
            lab = replace(lab, lines=tuple(lines))
        out.append(lab)
    return out


def callout_ops(lab: PlacedLabel, lesion: Any,
                pl: Placement) -> tuple[list[Op], Box, Point]:
    """A lesion's label in the margin: its words at the structure labels' size in a box
    outlined in the lesion's colour, its leader in that colour from where it leaves the
    lesion's outline. Returns the operations, the box and the leader's start (points)."""
    rgb = _rgb(lesion.color)
    start = ellipse_exit(lesion.cx, lesion.cy, lesion.rx, lesion.ry, lesion.rotation,
                         lab.anchor, lab.end)
    a, e = pl.point(*start), pl.point(*lab.end)
    x0, y0, x1, y1 = _box_points(lab.box, pl)
    size = LABEL_SIZE
    ops: list[Op] = [PathOp(line_path([a, e]), stroke=rgb, width=0.9, cap=1),
                     PathOp(circle_path(*a, 1.5), fill=rgb),
                     PathOp(round_rect_path(x0, y0, x1 - x0, y1 - y0, 2), fill=(1.0, 1.0, 1.0),
                            fill_alpha=0.9, stroke=rgb, width=0.8)]
    pad_x, pad_y = PAD_X * size, PAD_Y * size
    for n, line in enumerate(lab.lines):
        base = y1 - pad_y - (n + 1) * LABEL_LINE * size + 0.3 * size
        if lab.side == "left":
            ops.append(TextOp(x1 - pad_x, base, line, REGULAR, size, _rgb("#1F1F1F"), "end"))
        elif lab.side == "right":
            ops.append(TextOp(x0 + pad_x, base, line, REGULAR, size, _rgb("#1F1F1F")))
        else:
            ops.append(TextOp((x0 + x1) / 2, base, line, REGULAR, size, _rgb("#1F1F1F"),
                              "middle"))
    return ops, (x0, y0, x1, y1), a


def mark_cells(marks: Marks, cell: float = 8.0) -> list[Box]:
    """Small boxes (diagram units) covering each mark's shape: what a structure label's box
    and leader keep clear of."""
    out: list[Box] = []
    for lesion in marks.get("lesions", []):
        segs = rotated_ellipse_segments(lesion.cx, lesion.cy, lesion.rx, lesion.ry,
                                        lesion.rotation)
        out += _cover_segments(segs, 2.0, cell, filled=True)
    for stroke in marks.get("strokes", []):
        out += cover_boxes(list(stroke.points), stroke.width / 2 + 1.0, cell)
    for arrow in marks.get("arrows", []):
        out += cover_boxes([(arrow.x1, arrow.y1), (arrow.x2, arrow.y2)], arrow.width * 2 + 2,
                           cell)
    for stamp in marks.get("stamps", []):
        for _part, segs, w in placed_parts(stamp):
            out += _cover_segments(segs, w / 2 + 1.0, cell)
    for shape in marks.get("shapes", []):
        out += _cover_segments(shape_outline(shape), shape.width / 2 + 1.0, cell)
    return out


def _cover_segments(segs: Iterable[Segment], half: float, cell: float,
                    filled: bool = False) -> list[Box]:
    polys = sample_segments(segs, steps=12 if filled else 6)
    if filled:
        # a row of boxes a cell high, each as wide as the shape there (as the screen's
        # path_cells): a leader passes a large, tilted lesion where it really is clear
        pts = [p for poly in polys for p in poly]
        if not pts:
            return []
        y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
        rows = max(1, math.ceil((y1 - y0) / cell))
        step = (y1 - y0) / rows
        out = []
        for r in range(rows):
            lo, hi = y0 + r * step, y0 + (r + 1) * step
            xs = [p[0] for p in pts if lo - step * 0.5 <= p[1] <= hi + step * 0.5]
            if xs:
                out.append((min(xs) - half, lo - half, max(xs) + half, hi + half))
        return out
    return [b for poly in polys for b in cover_boxes(poly, half, cell)]


def label_ops(placed: Iterable[PlacedLabel], pl: Placement) -> list[Op]:
    """Leader, dot, white halo and lines of text of each structure label, in points."""
    leader = _rgb(LEADER_COLOUR)
    white = (1.0, 1.0, 1.0)
    size = LABEL_SIZE
    ops: list[Op] = []
    for lab in placed:
        a, e = pl.point(*lab.anchor), pl.point(*lab.end)
        x0, y0, x1, y1 = _box_points(lab.box, pl)
        s3 = lab.key == S3_KEY   # dashed like the line it names
        ops += [PathOp(line_path([a, e]), stroke=_rgb(S3_COLOUR) if s3 else leader,
                       width=0.9 if s3 else 0.6, dash=(3.0, 2.0) if s3 else None),
                PathOp(circle_path(*a, 1.3), fill=leader),
                PathOp(round_rect_path(x0, y0, x1 - x0, y1 - y0, 2), fill=white,
                       fill_alpha=0.75)]
        pad_x, pad_y = PAD_X * size, PAD_Y * size
        for n, line in enumerate(lab.lines):
            base = y1 - pad_y - (n + 1) * LABEL_LINE * size + 0.3 * size
            if lab.side == "left":
                ops.append(TextOp(x1 - pad_x, base, line, REGULAR, size, _rgb(LABEL_COLOUR),
                                  "end"))
            elif lab.side == "right":
                ops.append(TextOp(x0 + pad_x, base, line, REGULAR, size, _rgb(LABEL_COLOUR)))
            else:
                ops.append(TextOp((x0 + x1) / 2, base, line, REGULAR, size,
                                  _rgb(LABEL_COLOUR), "middle"))
    return ops


def build_view(atlas_drawing: Any, marks: Marks, *, width: float, max_height: float,
               label_for: Callable[[str], str] | None = None, show_s3: bool = True,
               s3_text: str = "", lesion_fill: float = LESION_FILL_OPACITY,
               mark_scale: float | None = None, s3_key: str = "",
               s3_short: str = "") -> ViewDiagram:
    """One view (sagittal or axial) of the atlas with the marks drawn on that view.

    ``marks`` is ``Consultation.marks_in(view)``; ``label_for(structure_id)`` gives the lay label
    (None: no structure labels); ``s3_text`` names the S3 guide line, in the label column
    with a dashed leader from the line's front end when the column has room, never on the
    drawing; ``s3_key`` says what the dashed line is, printed in a free corner of the
    drawing's label margins when one has room (``ViewDiagram.guide_key``), else the caller
    puts it in the key under the drawing, unless the name can say it in short
    (``s3_short``: "S3 level: a guide, not a cut", then ``guide_key`` is that label's box);
    ``lesion_fill`` is the
    opacity of a lesion's fill (lighter on a scan). ``mark_scale``: the scale (points per
    unit) that sizes badges, numbers, labels and outlines, when it must not follow the
    drawing's own scale: on a key image a unit is an image pixel, and a 64 px scan printed
    across the page would otherwise get badges and labels ten times too big.
    """
    specs = anatomy.label_specs(atlas_drawing, label_for) \
        if label_for is not None and getattr(atlas_drawing, "labels", None) else []
    s3_line = getattr(atlas_drawing, "s3_line", None) if show_s3 else None
    # with a column of structure labels, the S3 line's name joins the column on its side
    # (its leader from the line's end): printed on the drawing it covered the bone
    if specs and s3_line and s3_text:
        specs = specs + [guide_spec(s3_line, s3_text)]
    plan = None
    if specs:
        plan = fit_plan(atlas_drawing, marks, specs, width=width, max_height=max_height)
        x0, y0, x1, y1 = plan.rect
        vx, vy, vw, vh = x0, y0, x1 - x0, y1 - y0
    else:
        vx, vy, vw, vh = crop_box(atlas_drawing, marks, width=width, max_height=max_height,
                                  label_for=label_for)
    scale = plan.scale if plan is not None else min(width / vw, max_height / vh)
    pl = Placement(viewbox=(vx, vy, vw, vh), scale=scale, width=vw * scale, height=vh * scale)
    ops: list[Op] = [anatomy_layer(atlas_drawing, pl)]
    words: list[str] = []
    white = (1.0, 1.0, 1.0)
    s3_cells: list[Box] = []   # the dashed line: a lesion's words keep clear of it

    if s3_line:
        p1, p2 = pl.point(*s3_line[0]), pl.point(*s3_line[1])
        ops.append(PathOp(line_path([p1, p2]), stroke=_rgb(S3_COLOUR), width=1.2, cap=1,
                          dash=(5.0, 3.5)))
        s3_cells = cover_boxes([p1, p2], 1.5, 6.0)

    # structure labels: laid out after the marks, whose words win (model.label_layout)
    ideal = column_labels(specs, plan, _measure) if plan is not None else []
    label_boxes = [_box_points(lab.box, pl) for lab in ideal]
    leaders = [(pl.point(*lab.anchor), pl.point(*lab.end)) for lab in ideal]
    frame = (0.0, 0.0, pl.width, pl.height)

    def line_width(width: float) -> float:
        """A mark's line width in points: at the drawing's scale, or at ``mark_scale``."""
        return pl.length(width) if mark_scale is None else width * mark_scale

    mark_ops: list[Op] = []
    mark_boxes: list[Box] = []
    for shape in marks.get("shapes", []):
        mark_ops += shape_ops(shape, pl)
    for stroke in marks.get("strokes", []):
        if len(stroke.points) < 2:
            continue
        mark_ops.append(PathOp(line_path(pl.point(x, y) for x, y in stroke.points),
                               stroke=_rgb(stroke.color),
                               stroke_alpha=HIGHLIGHT_ALPHA if stroke.highlight else 1.0,
                               width=max(1.0, line_width(stroke.width)), cap=1, join=1))
    for arrow in marks.get("arrows", []):
        mark_ops += arrow_ops(arrow, pl, line_width(arrow.width))
    for stamp in marks.get("stamps", []):
        ops_, tag_box, tag = stamp_ops(stamp, pl, sizes=mark_sizes(pl.scale))
        mark_ops += ops_
        if tag_box is not None:
            mark_boxes.append(tag_box)
            words.append(tag)
    numbers: list[int] = []
    badges: list[Op] = []
    sizes = mark_sizes(pl.scale if mark_scale is None else mark_scale)
    notes: list[tuple[list[str], float, float, float, float, str]] = []
    for note in marks.get("texts", []):
        lines = note_lines(note)
        if not lines:
            continue
        x, y = pl.point(note.x, note.y)
        ns = sizes["note"]
        tw = max(stringWidth(ln, BOLD, ns) for ln in lines)
        h = ns * NOTE_LEADING * len(lines) + 4
        notes.append((lines, x, y, tw, h, note.color))
        mark_boxes.append((x - 3, y - h, x + tw + 3, y))
    lesions = sorted(marks.get("lesions", []), key=lambda m: m.number)
    for lesion in lesions:   # every badge is there before any label chooses its side
        cx, cy = pl.point(lesion.cx, lesion.cy)
        r = sizes["badge"]
        mark_boxes.append((cx - r, cy - r, cx + r, cy + r))
    for lesion in lesions:
        rgb = _rgb(lesion.color)
        segs = rotated_ellipse_segments(lesion.cx, lesion.cy, lesion.rx, lesion.ry,
                                        lesion.rotation)
        mark_ops.append(PathOp(path_operators(segs, pl), fill=rgb,
                               fill_alpha=lesion_fill, stroke=rgb,
                               width=sizes["outline"], join=1))
        cx, cy = pl.point(lesion.cx, lesion.cy)
        r, fs = sizes["badge"], sizes["number"]
        badges.append(PathOp(circle_path(cx, cy, r), fill=rgb, stroke=white, width=1.2))
        badges.append(TextOp(cx, cy - fs * 0.36, str(lesion.number), BOLD, fs,
                             _rgb(text_colour_on(lesion.color)), "middle"))
        numbers.append(lesion.number)
    for lines, x, y, tw, h, colour in notes:
        ns = sizes["note"]
        lead = ns * NOTE_LEADING
        mark_ops.append(PathOp(round_rect_path(x - 3, y - h, tw + 6, h, 3), fill=white,
                               fill_alpha=0.85))
        for k, ln in enumerate(lines):
            mark_ops.append(TextOp(x, y - 2 - (k + 1) * lead + ns * 0.25, ln, BOLD, ns,
                                   _rgb(colour)))
            words.append(ln)

    def beside(lesion: Any, avoid: list[Box]) -> None:
        """A lesion's label beside its badge, under it, over it (model.label_layout.SIDES;
        y points up here, so its "below" and "above" swap): the first place that stays in
        the frame and covers no structure label nor another mark's words."""
        label = lesion_label(lesion)
        cx, cy = pl.point(lesion.cx, lesion.cy)
        r, ls = sizes["badge"], sizes["label"]
        tw = stringWidth(label, REGULAR, ls)
        h = ls * 1.35
        right, left, up, down, up_l, up_r, down_l, down_r = side_rects(
            (cx - r, cy - r, cx + r, cy + r), tw + 8, h, 2)
        places = [right, left, down, up, down_l, down_r, up_l, up_r]
        box = _inside(places[choose_rect(places, avoid=avoid, marks=mark_boxes + s3_cells,
                                         leaders=leaders, frame=frame)], frame)
        badges.append(PathOp(round_rect_path(box[0], box[1], tw + 8, h, 2.5),
                             fill=white, fill_alpha=0.88, stroke=_rgb(lesion.color), width=0.8))
        badges.append(TextOp(box[0] + 4, (box[1] + box[3]) / 2 - ls * 0.35, label, REGULAR,
                             ls, _rgb("#1F1F1F")))
        mark_boxes.append(box)
        words.append(label)

    labelled = [m for m in lesions if lesion_label(m)]
    # structure labels: beside the body, out of the way of the marks' words and shapes, their
    # leaders clear of the marks (model.label_layout, as on screen); a lesion's label is one
    # of them (its leader from its outline), beside its marker only when the margins have no
    # room for it
    placed_labels: dict[str, Box] = {}
    placed_leaders: dict[str, tuple[Point, Point]] = {}
    cells: list[Box] = []
    if plan is not None:
        calls = {f"lesion:{m.number}:{n}": m for n, m in enumerate(labelled)}
        cells = mark_cells(marks) + [_box_units(b, pl) for b in mark_boxes]
        placed = _layout(atlas_drawing, specs, plan, [_box_units(b, pl) for b in mark_boxes],
                         cells, calls, marks)
        keep = dict(calls)
        while any(key not in {lab.key for lab in placed} for key in keep):
            # no room in the margins for every call-out: those beside their markers (where
            # they cover no label where it belongs), and the labels laid out again round them
            got = {lab.key for lab in placed}
            for key, m in list(keep.items()):
                if key not in got:
                    beside(m, label_boxes)
                    del keep[key]
            cells = mark_cells(marks) + [_box_units(b, pl) for b in mark_boxes]
            placed = _layout(atlas_drawing, specs, plan,
                             [_box_units(b, pl) for b in mark_boxes], cells, keep, marks)
        for lab in placed:
            if lab.key in calls:
                ops_, box, start = callout_ops(lab, calls[lab.key], pl)
                badges[:0] = ops_            # under the badges, over the marks
                mark_boxes.append(box)
                words.append(" ".join(lab.lines))
                placed_leaders[lab.key] = (start, pl.point(*lab.end))   # as drawn
                continue
            placed_labels[lab.key] = _box_points(lab.box, pl)
            placed_leaders[lab.key] = (pl.point(*lab.anchor), pl.point(*lab.end))
            words.append(" ".join(lab.lines))
        ops += label_ops([lab for lab in placed if lab.key not in calls], pl)
    else:
        for m in labelled:
            beside(m, label_boxes)
    ops += mark_ops
    key_box = None
    if s3_line and s3_key and plan is not None:
        taken = list(placed_labels.values()) + mark_boxes + \
            [_box_points(c, pl) for c in cells]
        key_box = guide_key_ops(badges, s3_key, plan, pl, taken,
                                list(placed_leaders.values()))
        if key_box is not None:
            words.append(s3_key)
        elif s3_short:
            # no free corner: the name says it in short, where its column has room
            short = build_view(atlas_drawing, marks, width=width, max_height=max_height,
                               label_for=label_for, show_s3=show_s3, s3_text=s3_short,
                               lesion_fill=lesion_fill, mark_scale=mark_scale)
            if S3_KEY in short.label_boxes:
                short.guide_key = short.label_boxes[S3_KEY]
                return short
    return ViewDiagram(view=getattr(atlas_drawing, "view", ""), placement=pl,
                       ops=ops + badges, lesion_numbers=numbers, words=words,
                       label_boxes=placed_labels, mark_boxes=mark_boxes,
                       label_leaders=placed_leaders,
                       mark_cells=[_box_points(c, pl) for c in cells], guide_key=key_box)


GUIDE_SAMPLE = 14.0     # pt: the dashed line's sample in the drawing's own key


def guide_key_ops(ops: list[Op], text: str, plan: FitPlan, pl: Placement, taken: list[Box],
                  leaders: list[tuple[Point, Point]]) -> Box | None:
    """What the dashed S3 line is, in the drawing's own margin beside the body (right column
    first, bottom up, then the left: ``label_layout.free_corner``, as on screen): a short
    dashed sample and the words, where they cover no label, mark or leader. Appends the
    operations and returns the box (points), or None when no corner has room."""
    from desktop_app.model.label_layout import free_corner

    size = LABEL_SIZE
    line_h = size * LABEL_LINE
    body_x0 = pl.point(plan.edges[0], 0.0)[0]
    body_x1 = pl.point(plan.edges[1], 0.0)[0]
    found = free_corner(text, _measure, size, LABEL_LINE, GUIDE_SAMPLE,
                        [(body_x1, pl.width - 2.0), (2.0, body_x0)], (2.0, pl.height - 2.0),
                        taken, leaders)
    if found is None:
        return None
    box, lines = found
    bx0 = box[0]
    top = box[3] - PAD_Y * size
    mid = top - line_h / 2
    ops.append(PathOp(line_path([(bx0 + 1, mid), (bx0 + 1 + GUIDE_SAMPLE, mid)]),
                      stroke=_rgb(S3_COLOUR), width=1.2, cap=1, dash=(3.0, 2.0)))
    for n, ln in enumerate(lines):
        ops.append(TextOp(bx0 + GUIDE_SAMPLE + 0.5 * size, top - (n + 1) * line_h + 0.3 * size,
                          ln, REGULAR, size, _rgb(LABEL_COLOUR)))
    return box


def shape_ops(shape: Any, pl: Placement) -> list[PathOp]:
    """An ellipse, rectangle or freeform area: outlined, tinted inside if filled."""
    segs = shape_outline(shape)
    if not segs:
        return []
    rgb = _rgb(shape.color)
    return [PathOp(path_operators(segs, pl), fill=rgb if shape.fill else None,
                   fill_alpha=SHAPE_FILL_ALPHA, stroke=rgb,
                   width=max(1.0, pl.length(shape.width)), join=1, cap=1)]


def stamp_ops(stamp: Any, pl: Placement,
              sizes: dict[str, float]) -> tuple[list[Op], Box | None, str]:
    """A stamp drawn from its outline (``model.stamps``), the same as on screen; a sacral
    level's tag ("S4") in a white box beside it. Returns (operations, the tag's box or None,
    the tag's text)."""
    rgb = _rgb(stamp.color)
    white = (1.0, 1.0, 1.0)
    ops: list[Op] = []
    for part, segs, width in placed_parts(stamp):
        ink = white if part.white else rgb
        w = max(0.8, pl.length(width)) if part.width else 0.0
        dash = tuple(max(0.5, pl.length(d * math.sqrt(stamp.size))) for d in part.dash) \
            if part.dash else None
        ops.append(PathOp(path_operators(segs, pl), fill=ink if part.fill else None,
                          fill_alpha=part.fill if part.fill else 1.0,
                          stroke=ink if part.width else None, width=w or 1.0, cap=1, join=1,
                          dash=dash))
    kind = KINDS.get(stamp.kind)
    if kind is None or not kind.tag:
        return ops, None, ""
    tag = stamp.level or DEFAULT_SACRAL_LEVEL
    x, y = pl.point(*tag_anchor(stamp))
    size = sizes["label"]
    tw = stringWidth(tag, BOLD, size) + 6
    h = size * 1.3
    left = math.cos(math.radians(stamp.rotation)) < -0.2
    bx = x - tw if left else x
    box = (bx, y - h / 2, bx + tw, y + h / 2)
    ops += [PathOp(round_rect_path(bx, y - h / 2, tw, h, 2), fill=white, fill_alpha=0.9,
                   stroke=rgb, width=0.8),
            TextOp(bx + tw / 2, y - size * 0.35, tag, BOLD, size, _rgb("#1F1F1F"), "middle")]
    return ops, box, tag


def _inside(box: Box, frame: Box) -> Box:
    """``box`` moved into ``frame`` where it sticks out (a label near the edge of a small
    image has no side that fits): words are never cut by the frame."""
    dx = max(frame[0] - box[0], 0.0) + min(frame[2] - box[2], 0.0)
    dy = max(frame[1] - box[1], 0.0) + min(frame[3] - box[3], 0.0)
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def arrow_ops(arrow: Any, pl: Placement, width: float | None = None) -> list[PathOp]:
    """A line and a filled head, the same proportions as the screen's arrow."""
    x1, y1 = pl.point(arrow.x1, arrow.y1)
    x2, y2 = pl.point(arrow.x2, arrow.y2)
    length = math.hypot(x2 - x1, y2 - y1)
    if length < 1e-6:
        return []
    w = max(1.2, pl.length(arrow.width) if width is None else width)
    head = min(max(9.0, 3.5 * w), length * 0.6)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bx, by = x2 - ux * head, y2 - uy * head
    half = head * 0.45
    rgb = _rgb(arrow.color)
    tip = line_path([(x2, y2), (bx - uy * half, by + ux * half),
                     (bx + uy * half, by - ux * half)]) + " h"
    return [PathOp(line_path([(x1, y1), (bx + ux * 0.5, by + uy * 0.5)]), stroke=rgb, width=w,
                   cap=1),
            PathOp(tip, fill=rgb, stroke=rgb, width=0.8, join=1)]


class Swatch(Flowable):
    """The legend's marker: a disc in the lesion's colour with its number (12 pt)."""

    def __init__(self, lesion_colour: str, number: int, size: float = 22.0):
        super().__init__()
        self.colour, self.number, self.size = lesion_colour, number, size
        self.width, self.height = size * 1.3, size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        s = self.size
        paint(self.canv, [
            PathOp(circle_path(s * 0.65, s / 2, s / 2 - 1), fill=_rgb(self.colour),
                   stroke=(1.0, 1.0, 1.0), width=1),
            TextOp(s * 0.65, s / 2 - SWATCH_NUMBER_SIZE * 0.36, str(self.number), BOLD,
                   SWATCH_NUMBER_SIZE, _rgb(text_colour_on(self.colour)), "middle")])


def swatch(lesion_colour: str, number: int, size: float = 22.0) -> Swatch:
    """The numbered disc of a lesion in its colour (legend and "What we found")."""
    return Swatch(lesion_colour, number, size)
