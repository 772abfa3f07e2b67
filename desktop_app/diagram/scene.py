"""The anatomy drawing as Qt graphics items, built from the atlas shapes.

Scene coordinates are the drawing's SVG user units ("diagram units"), so annotations stored in
the Consultation sit where they were drawn whatever the zoom. Every shape becomes one
:class:`AnatomyItem` (a vector path: crisp at any zoom and DPI); hit-testing uses the true
painted shape, never a bounding box. Labels, the S3 guide and the hover / selection highlights
are separate items that never take part in hit-testing.
"""

from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (QBrush, QColor, QFont, QFontMetricsF, QPainterPath,
                           QPainterPathStroker, QPen)
from PySide6.QtWidgets import (QGraphicsEllipseItem, QGraphicsItem, QGraphicsItemGroup,
                               QGraphicsLineItem, QGraphicsPathItem, QGraphicsScene,
                               QGraphicsSimpleTextItem)

from desktop_app.diagram.none_guard import top_up_none
from desktop_app.model.anatomy import Drawing
from desktop_app.model.svgshapes import Shape

# Stacking (annotations use 1000 and above).
ANATOMY_Z = 0.0          # + paint order / 10000
HIGHLIGHT_Z = 100.0
GUIDE_Z = 200.0
LABEL_Z = 300.0

HIT_MIN = 6.0            # diagram units: thin lines are at least this wide to the pointer
LABEL_PX = 14.0          # label text size in diagram units (7 mm at 20 px/cm)
LABEL_INK = QColor("#2b2f36")
LEADER_INK = QColor("#3c4048")
S3_INK = QColor("#1f5f99")
HOVER_INK = QColor("#1f6fb2")
SELECT_INK = QColor("#0b4f8a")

_JOINS = {"miter": Qt.PenJoinStyle.MiterJoin, "round": Qt.PenJoinStyle.RoundJoin,
          "bevel": Qt.PenJoinStyle.BevelJoin}
_CAPS = {"butt": Qt.PenCapStyle.FlatCap, "round": Qt.PenCapStyle.RoundCap,
         "square": Qt.PenCapStyle.SquareCap}

ROLE_KIND = 0            # QGraphicsItem.data keys
ROLE_STRUCTURE = 1


def qpath(segments: Iterable[tuple]) -> QPainterPath:
    """A QPainterPath from normalised M/L/C/Z segments (non-zero fill, like SVG and the PDF)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for seg in segments:
        op = seg[0]
        if op == "M":
            path.moveTo(seg[1], seg[2])
        elif op == "L":
            path.lineTo(seg[1], seg[2])
        elif op == "C":
            path.cubicTo(seg[1], seg[2], seg[3], seg[4], seg[5], seg[6])
        elif op == "Z":
            path.closeSubpath()
    return path


def shape_pen(shape: Shape) -> QPen:
    if not shape.stroke or shape.stroke_width <= 0:
        return QPen(Qt.PenStyle.NoPen)
    colour = QColor(shape.stroke)
    colour.setAlphaF(shape.stroke_opacity)
    pen = QPen(colour, shape.stroke_width)
    pen.setJoinStyle(_JOINS.get(shape.linejoin, Qt.PenJoinStyle.MiterJoin))
    pen.setCapStyle(_CAPS.get(shape.linecap, Qt.PenCapStyle.FlatCap))
    if shape.dasharray:
        # Qt dash lengths are in pen widths
        pen.setDashPattern([max(d, 0.01) / shape.stroke_width for d in shape.dasharray])
    return pen


def shape_brush(shape: Shape) -> QBrush:
    if not shape.fill or shape.fill_opacity <= 0:
        return QBrush(Qt.BrushStyle.NoBrush)
    colour = QColor(shape.fill)
    colour.setAlphaF(shape.fill_opacity)
    return QBrush(colour)


class AnatomyItem(QGraphicsPathItem):
    """One shape of the drawing. ``shape()`` is what is painted: the fill (non-zero) plus the
    stroke; a line without fill is at least HIT_MIN wide so it can be pointed at."""

    def __init__(self, shape: Shape, order: int):
        super().__init__(qpath(shape.segments))
        self.anatomy_shape = shape
        self.structure_id = shape.structure_id
        self.element_id = shape.element_id
        self.setPen(shape_pen(shape))
        self.setBrush(shape_brush(shape))
        self.setZValue(ANATOMY_Z + order / 10000.0)
        self.setData(ROLE_KIND, "anatomy")
        self.setData(ROLE_STRUCTURE, shape.structure_id or "")
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)
        self._hit = self._hit_shape(shape)
        self._bounds = self._hit.boundingRect().united(super().boundingRect())

    def _hit_shape(self, shape: Shape) -> QPainterPath:
        path = self.path()
        filled = shape.fill is not None and shape.fill_opacity > 0
        stroke = None
        if shape.stroke and shape.stroke_width > 0:
            stroker = QPainterPathStroker()
            stroker.setWidth(shape.stroke_width if filled else max(shape.stroke_width, HIT_MIN))
            stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
            stroke = stroker.createStroke(path)
            stroke.setFillRule(Qt.FillRule.WindingFill)
        if filled and stroke is not None:
            # a boolean union: simply appending the outline could cancel the fill's winding
            # in a band along the edge
            return path.united(stroke)
        if filled:
            return path
        return stroke if stroke is not None else QPainterPath()

    def shape(self) -> QPainterPath:  # noqa: D102 - Qt API
        return self._hit

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._bounds

    def outline(self) -> QPainterPath:
        """The painted area, for highlights (fill plus the visible stroke)."""
        return self._hit


class LabelItem(QGraphicsItemGroup):
    """Leader line from a point inside the structure to the text in the margin."""

    def __init__(self, structure_id: str, anchor: tuple[float, float], at: tuple[float, float],
                 text: str, font: QFont):
        super().__init__()
        self.structure_id = structure_id
        self.setData(ROLE_KIND, "label")
        self.setData(ROLE_STRUCTURE, structure_id)
        self.setZValue(LABEL_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        ax, ay = anchor
        tx, ty = at
        right_aligned = tx < ax
        gap = 3.0
        line = QGraphicsLineItem(QLineF(ax, ay, tx, ty))
        line.setPen(QPen(LEADER_INK, 0.8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        dot = QGraphicsEllipseItem(ax - 1.7, ay - 1.7, 3.4, 3.4)
        dot.setPen(QPen(QColor("#ffffff"), 0.6))
        dot.setBrush(LEADER_INK)
        self.text_item = QGraphicsSimpleTextItem(text)
        self.text_item.setFont(font)
        self.text_item.setBrush(LABEL_INK)
        fm = QFontMetricsF(font)
        w = fm.horizontalAdvance(text)
        h = fm.height()
        x = tx - gap - w if right_aligned else tx + gap
        self.text_item.setPos(x, ty - h / 2.0)
        for child in (line, dot, self.text_item):
            child.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.addToGroup(child)

    def text(self) -> str:
        return self.text_item.text()

    def text_rect(self) -> QRectF:
        return self.text_item.sceneBoundingRect()


class GuideItem(QGraphicsItemGroup):
    """The S3 level guide: a dashed line across the presacral space and rectum, labelled."""

    def __init__(self, line: tuple, text: str, font: QFont):
        super().__init__()
        self.setData(ROLE_KIND, "guide")
        self.setZValue(GUIDE_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        (x1, y1), (x2, y2) = line
        pen = QPen(S3_INK, 1.6, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.RoundCap)
        pen.setDashPattern([4.0, 2.5])
        body = QGraphicsLineItem(QLineF(x1, y1, x2, y2))
        body.setPen(pen)
        self.addToGroup(body)
        # the text sits beyond the anterior (left) end of the line, away from the bone
        ex, ey = (x2, y2) if x2 < x1 else (x1, y1)
        self.text_item = QGraphicsSimpleTextItem(text)
        bold = QFont(font)
        bold.setBold(True)
        self.text_item.setFont(bold)
        self.text_item.setBrush(S3_INK)
        fm = QFontMetricsF(bold)
        self.text_item.setPos(ex - fm.horizontalAdvance(text) - 4.0, ey - fm.height() / 2.0)
        halo = QGraphicsPathItem()
        r = QRectF(self.text_item.pos(), fm.size(0, text)).adjusted(-2, 0, 2, 0)
        p = QPainterPath()
        p.addRoundedRect(r, 3, 3)
        halo.setPath(p)
        halo.setPen(QPen(Qt.PenStyle.NoPen))
        halo.setBrush(QColor(255, 255, 255, 200))
        for child in (halo, self.text_item):
            child.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.addToGroup(child)


class HighlightItem(QGraphicsPathItem):
    """Outline + tint over one structure (hover or selection)."""

    def __init__(self, ink: QColor, fill_alpha: int, width: float, z: float):
        super().__init__()
        self.setData(ROLE_KIND, "highlight")
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        tint = QColor(ink)
        tint.setAlpha(fill_alpha)
        self.setBrush(tint)
        pen = QPen(ink, width)
        pen.setCosmetic(True)     # the same on-screen width at every zoom
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.setPen(pen)
        self.setVisible(False)

    def show_path(self, path: QPainterPath | None) -> None:
        if path is None or path.isEmpty():
            self.setVisible(False)
            return
        self.setPath(path)
        self.setVisible(True)


def label_font(px: float = LABEL_PX) -> QFont:
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(max(1, round(px)))
    return font


class AnatomyLayer:
    """The items of one drawing in a scene; rebuilt when the view or variant changes."""

    def __init__(self, scene: QGraphicsScene):
        self.scene = scene
        self.drawing: Drawing | None = None
        self.items: list[AnatomyItem] = []
        self.by_structure: dict[str, list[AnatomyItem]] = {}
        self.labels: dict[str, LabelItem] = {}
        self.guide: GuideItem | None = None
        self.hover = HighlightItem(HOVER_INK, 38, 2.0, HIGHLIGHT_Z)
        self.selection = HighlightItem(SELECT_INK, 60, 2.6, HIGHLIGHT_Z + 1)
        scene.addItem(self.hover)
        scene.addItem(self.selection)

    def clear(self) -> None:
        for it in self.items:
            self.scene.removeItem(it)
        for lab in self.labels.values():
            self.scene.removeItem(lab)
        if self.guide is not None:
            self.scene.removeItem(self.guide)
        self.items, self.by_structure, self.labels, self.guide = [], {}, {}, None
        self.hover.show_path(None)
        self.selection.show_path(None)

    def build(self, drawing: Drawing) -> None:
        self.clear()
        self.drawing = drawing
        for order, shape in enumerate(drawing.shapes):
            item = AnatomyItem(shape, order)
            self.scene.addItem(item)
            self.items.append(item)
            if shape.structure_id:
                self.by_structure.setdefault(shape.structure_id, []).append(item)
        top_up_none()

    def build_labels(self, text_for, font: QFont) -> None:
        for lab in self.labels.values():
            self.scene.removeItem(lab)
        self.labels = {}
        if self.drawing is None:
            return
        for sid, label in self.drawing.labels.items():
            text = text_for(sid)
            if not text:
                continue
            item = LabelItem(sid, label.anchor, label.at, text, font)
            self.scene.addItem(item)
            self.labels[sid] = item

    def build_guide(self, text: str, font: QFont) -> None:
        if self.guide is not None:
            self.scene.removeItem(self.guide)
            self.guide = None
        if self.drawing is not None and self.drawing.s3_line is not None:
            self.guide = GuideItem(self.drawing.s3_line, text, font)
            self.scene.addItem(self.guide)

    def outline(self, structure_id: str | None) -> QPainterPath | None:
        items = self.by_structure.get(structure_id or "", [])
        if not items:
            return None
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        for it in items:
            path.addPath(it.outline())
        return path

    def structure_at(self, pos: QPointF) -> str | None:
        """The structure painted topmost at a scene point (None: background or nothing)."""
        for it in self.scene.items(pos, Qt.ItemSelectionMode.IntersectsItemShape,
                                   Qt.SortOrder.DescendingOrder):
            if isinstance(it, AnatomyItem):
                return it.structure_id
        return None

    def content_rect(self) -> QRectF:
        """What "fit" shows: the painted drawing (within its view box) and every label."""
        if self.drawing is None:
            return QRectF()
        x, y, w, h = self.drawing.viewbox
        box = QRectF(x, y, w, h)
        rect = QRectF()
        for it in self.items:
            rect = rect.united(it.sceneBoundingRect())
        rect = rect.intersected(box) if not rect.isEmpty() else box
        for lab in self.labels.values():
            if lab.isVisible():
                rect = rect.united(lab.sceneBoundingRect().adjusted(-4, -2, 4, 2))
        if self.guide is not None and self.guide.isVisible():
            rect = rect.united(self.guide.sceneBoundingRect())
        return rect
