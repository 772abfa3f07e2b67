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
from PySide6.QtWidgets import (QGraphicsEllipseItem, QGraphicsItem,
                               QGraphicsLineItem, QGraphicsPathItem, QGraphicsScene,
                               QGraphicsSimpleTextItem)

from desktop_app.diagram import geometry
from desktop_app.model.anatomy import Drawing
from desktop_app.model.label_layout import PAD_X, PAD_Y, FitPlan
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
        # The hit shape (a boolean union, the costliest part of building the drawing) is made
        # when the pointer first comes near; the bounds it can reach are known without it.
        self._hit: QPainterPath | None = None
        # (QGraphicsPathItem.boundingRect would call shape(); a mitred stroke reaches at most
        # one pen width out at Qt's default miter limit of 2; the stroker's offset curves
        # overshoot by a few hundredths, hence the half-unit margin)
        reach = max(self._hit_width(shape) / 2, shape.stroke_width if shape.stroke else 0.0) + 0.5
        self._bounds = self.path().boundingRect().adjusted(-reach, -reach, reach, reach)

    @staticmethod
    def _hit_width(shape: Shape) -> float:
        if not shape.stroke or shape.stroke_width <= 0:
            return 0.0
        filled = shape.fill is not None and shape.fill_opacity > 0
        return shape.stroke_width if filled else max(shape.stroke_width, HIT_MIN)

    def _hit_shape(self, shape: Shape) -> QPainterPath:
        path = self.path()
        filled = shape.fill is not None and shape.fill_opacity > 0
        stroke = None
        if shape.stroke and shape.stroke_width > 0:
            stroker = QPainterPathStroker()
            stroker.setWidth(self._hit_width(shape))
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

    def shape(self) -> QPainterPath:
        if self._hit is None:
            self._hit = self._hit_shape(self.anatomy_shape)
        return self._hit

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._bounds

    def outline(self) -> QPainterPath:
        """The painted area, for highlights (fill plus the visible stroke)."""
        return self.shape()

    def paint(self, painter, option, widget=None) -> None:
        pass  # the layer's AnatomyPicture paints every shape at once (cached)


class AnatomyPicture(QGraphicsItem):
    """All shapes of a drawing painted as one item, cached at device resolution.

    The per-shape :class:`AnatomyItem` objects stay in the scene for true-shape hit-testing
    but paint nothing; this one item draws the picture. With ``DeviceCoordinateCache`` Qt
    re-renders it only when the zoom changes (so it stays crisp), and a drag over the drawing
    repaints a cached pixmap instead of some 300 vector paths.
    """

    def __init__(self, items: list[AnatomyItem]):
        super().__init__()
        self._items = items
        rect = QRectF()
        for it in items:
            rect = rect.united(it.path().boundingRect().adjusted(-4, -4, 4, 4))
        self._rect = rect
        self.setZValue(ANATOMY_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._rect

    def shape(self) -> QPainterPath:  # never the target of a hit test
        return QPainterPath()

    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        for it in self._items:
            painter.setPen(it.pen())
            painter.setBrush(it.brush())
            painter.drawPath(it.path())


class _Holder(QGraphicsItem):
    """An invisible parent: children keep their own geometry (QGraphicsItemGroup would cache
    its bounds when children are added and not follow them when they move)."""

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return QRectF()

    def paint(self, painter, option, widget=None) -> None:
        pass


class LabelItem(_Holder):
    """Leader line from a point inside the structure to the text (one or more lines).

    At the fitted zoom the pane lays the labels out in two columns beside the body
    (``model.label_layout``: :meth:`set_fitted`). When zoomed in it calls :meth:`place` to
    bring them to the edge of the visible area at their fitted screen size, on a light backing
    so they stay readable. ``k`` is the text's scale: diagram units per font pixel."""

    def __init__(self, structure_id: str, anchor: tuple[float, float], at: tuple[float, float],
                 text: str, font: QFont):
        super().__init__()
        self.structure_id = structure_id
        self.setData(ROLE_KIND, "label")
        self.setData(ROLE_STRUCTURE, structure_id)
        self.setZValue(LABEL_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.full_text = text
        self.font = font
        self.fm = QFontMetricsF(font)
        self.anchor = QPointF(*anchor)
        self.default_anchor = QPointF(*anchor)
        self.default_at = QPointF(*at)
        self.default_right_aligned = at[0] < anchor[0]
        self.default_k = 1.0
        leader = QPen(LEADER_INK, 1.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        leader.setCosmetic(True)
        self.line = QGraphicsLineItem(self)
        self.line.setPen(leader)
        self.dot = QGraphicsEllipseItem(self)
        dot_pen = QPen(QColor("#ffffff"), 1.0)
        dot_pen.setCosmetic(True)
        self.dot.setPen(dot_pen)
        self.dot.setBrush(LEADER_INK)
        self.back = QGraphicsPathItem(self)
        self.back.setPen(QPen(Qt.PenStyle.NoPen))
        self.back.setBrush(QColor(255, 255, 255, 215))
        for child in (self.line, self.dot, self.back):
            child.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.line_items: list[QGraphicsSimpleTextItem] = []
        self.set_lines((text,))
        self.place(self.default_at, self.default_right_aligned, 1.0)
        self.default_rect = self.text_rect()

    @property
    def text_item(self) -> QGraphicsSimpleTextItem:
        return self.line_items[0]

    def set_lines(self, lines) -> None:
        """The text, wrapped as the layout chose (one item a line)."""
        lines = tuple(lines) or (self.full_text,)
        if tuple(it.text() for it in self.line_items) == lines:
            return
        for it in self.line_items:
            if it.scene() is not None:
                it.scene().removeItem(it)
            else:
                it.hide()
        self.line_items = []
        for ln in lines:
            it = QGraphicsSimpleTextItem(ln, self)
            it.setFont(self.font)
            it.setBrush(LABEL_INK)
            it.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.line_items.append(it)
        self.text_w = max(self.fm.horizontalAdvance(ln) for ln in lines)
        self.line_h = self.fm.lineSpacing()
        self.text_h = self.line_h * len(lines)

    def place(self, at: QPointF, right_aligned: bool, k: float) -> None:
        """Put the text block beside ``at`` (ending there when ``right_aligned``), vertically
        centred on it, scaled by ``k``; the leader runs from the anchor to ``at``."""
        self.at, self.right_aligned, self.k = QPointF(at), right_aligned, k
        em = self.font.pixelSize() * k
        pad_x, pad_y = PAD_X * em, PAD_Y * em
        w, h = self.text_w * k, self.text_h * k
        x = at.x() - pad_x - w if right_aligned else at.x() + pad_x
        top = at.y() - h / 2.0
        for n, it in enumerate(self.line_items):
            lw = self.fm.horizontalAdvance(it.text()) * k
            it.setScale(k)
            it.setPos(x + (w - lw if right_aligned else 0.0), top + n * self.line_h * k)
        back = QPainterPath()
        back.addRoundedRect(QRectF(x - pad_x, top - pad_y, w + 2 * pad_x, h + 2 * pad_y),
                            3 * k, 3 * k)
        self.back.setPath(back)
        self.line.setLine(QLineF(self.anchor, at))
        r = 1.8 * k
        self.dot.setRect(self.anchor.x() - r, self.anchor.y() - r, 2 * r, 2 * r)

    def set_fitted(self, anchor: tuple[float, float], end: tuple[float, float], lines,
                   side: str, k: float, box: tuple[float, float, float, float]) -> None:
        """The place the fitted layout gives (``model.label_layout.PlacedLabel``), kept as
        the default that :meth:`reset` restores."""
        self.set_lines(lines)
        self._fitted = (QPointF(*anchor), QPointF(*end), side, k, QRectF(
            QPointF(box[0], box[1]), QPointF(box[2], box[3])))
        self.default_anchor = QPointF(*anchor)
        self.default_at = QPointF(*end)
        self.default_right_aligned = side == "left"
        self.default_k = k
        self.reset()
        self.default_rect = self.text_rect()

    _fitted: tuple | None = None

    def _place_box(self, anchor: QPointF, end: QPointF, side: str, k: float,
                   box: QRectF) -> None:
        """The text block in ``box``: right-aligned in the left column, left-aligned in the
        right one, centred in a row above or below the body."""
        self.anchor, self.at, self.k = QPointF(anchor), QPointF(end), k
        self.right_aligned = side == "left"
        em = self.font.pixelSize() * k
        pad_x, pad_y = PAD_X * em, PAD_Y * em
        for n, it in enumerate(self.line_items):
            lw = self.fm.horizontalAdvance(it.text()) * k
            x = geometry.line_x(box.left(), box.right(), side, pad_x, lw)
            it.setScale(k)
            it.setPos(x, box.top() + pad_y + n * self.line_h * k)
        back = QPainterPath()
        back.addRoundedRect(box, 3 * k, 3 * k)
        self.back.setPath(back)
        self.line.setLine(QLineF(self.anchor, end))
        r = 1.8 * k
        self.dot.setRect(self.anchor.x() - r, self.anchor.y() - r, 2 * r, 2 * r)

    def reset(self) -> None:
        if self._fitted is not None:
            self._place_box(*self._fitted)
            return
        self.anchor = QPointF(self.default_anchor)
        self.place(self.default_at, self.default_right_aligned, self.default_k)

    def text(self) -> str:
        return " ".join(it.text() for it in self.line_items)

    def text_rect(self) -> QRectF:
        rect = QRectF()
        for it in self.line_items:
            rect = rect.united(it.sceneBoundingRect())
        return rect

    def box(self) -> QRectF:
        """The text with its light backing, in the scene: what must stay uncovered."""
        return self.back.sceneBoundingRect()

    def shift(self, dy: float) -> None:
        """Move the text along its margin by ``dy`` from where it is (the leader follows)."""
        self.place(QPointF(self.at.x(), self.at.y() + dy), self.right_aligned, self.k)


def path_cells(path: QPainterPath, cell: float,
               limit: int = 3000) -> list[tuple[float, float, float, float]]:
    """Boxes about ``cell`` wide covering the area of ``path`` (a thin diagonal mark blocks
    only where it is, not its whole bounding box)."""
    r = path.boundingRect()
    if r.isEmpty() and r.width() <= 0 and r.height() <= 0:
        return []
    if r.width() <= 3 * cell and r.height() <= 3 * cell:
        return [(r.left(), r.top(), r.right(), r.bottom())]
    while (r.width() / cell + 1) * (r.height() / cell + 1) > limit:
        cell *= 1.5
    out = []
    nx, ny = int(r.width() / cell) + 1, int(r.height() / cell) + 1
    for j in range(ny):
        y0 = r.top() + j * cell
        run: list[float] | None = None
        for i in range(nx + 1):
            x0 = r.left() + i * cell
            if i < nx and path.intersects(QRectF(x0, y0, cell, cell)):
                run = [run[0], x0 + cell] if run else [x0, x0 + cell]
            elif run:         # neighbouring cells of a row make one box
                out.append((run[0], y0, run[1], y0 + cell))
                run = None
    return out


def layout_zoomed_labels(labels: Iterable[LabelItem], visible: QRectF, k: float) -> list:
    """Place labels whose anchor is on screen in columns at the edges of ``visible``; return
    the ones placed (the others should be hidden). Texts are ``k`` times their fitted size and
    never overlap."""
    margin = 10.0 * k
    inner = visible.adjusted(margin, margin, -margin, -margin)
    shown = [lab for lab in labels if inner.contains(lab.anchor)]
    mid = visible.center().x()
    columns: dict[bool, list[LabelItem]] = {True: [], False: []}
    for lab in shown:
        columns[lab.anchor.x() < mid].append(lab)     # True: text column on the left
    for left, labs in columns.items():
        labs.sort(key=lambda lab: lab.anchor.y())
        h = max((lab.text_h for lab in labs), default=0.0) * k
        step = h * 1.3
        ys: list[float] = []
        top, bottom = inner.top() + h / 2, inner.bottom() - h / 2
        for i, lab in enumerate(labs):
            y = max(lab.anchor.y(), top if i == 0 else ys[-1] + step)
            ys.append(y)
        if ys and ys[-1] > bottom:
            ys[-1] = bottom
            for i in range(len(ys) - 2, -1, -1):
                ys[i] = min(ys[i], ys[i + 1] - step)
        for lab, y in zip(labs, ys):
            w = lab.text_w * k + 3.0 * k
            if left:
                at = QPointF(inner.left() + w, y)
                if at.x() > lab.anchor.x() - 12 * k:      # anchor under the column: beside it
                    lab.place(QPointF(lab.anchor.x() + 6 * k, y), False, k)
                else:
                    lab.place(at, True, k)
            else:
                at = QPointF(inner.right() - w, y)
                if at.x() < lab.anchor.x() + 12 * k:
                    lab.place(QPointF(lab.anchor.x() - 6 * k, y), True, k)
                else:
                    lab.place(at, False, k)
    return shown


class GuideItem(_Holder):
    """The S3 level guide: a dashed line across the presacral space and rectum.

    Its name ("S3 level") is a margin label laid out with the anatomy labels, its dashed
    leader from the line's front end (:meth:`set_label`), and a short key in a free corner of
    the margins says what the line is (:meth:`set_key`); both at the fitted zoom only. The old
    bare "S3" on the line sat over the womb and read as a planned cut."""

    def __init__(self, line: tuple, text: str, font: QFont):
        super().__init__()
        self.setData(ROLE_KIND, "guide")
        self.setZValue(GUIDE_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        (x1, y1), (x2, y2) = line
        pen = QPen(S3_INK, 1.6, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.RoundCap)
        pen.setDashPattern([4.0, 2.5])
        self.body = QGraphicsLineItem(QLineF(x1, y1, x2, y2), self)
        self.body.setPen(pen)
        self.line_rect = self.body.sceneBoundingRect()
        self.text = text
        self.font = QFont(font)
        self.fm = QFontMetricsF(self.font)
        leader = QPen(S3_INK, 1.0, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.RoundCap)
        leader.setCosmetic(True)
        leader.setDashPattern([4.0, 3.0])
        self.leader = QGraphicsLineItem(self)
        self.leader.setPen(leader)
        self.sample = QGraphicsLineItem(self)
        self.sample.setPen(pen)          # the line's own dashes and weight
        self.sample.setZValue(1)         # over the key's light backing
        self.back = QGraphicsPathItem(self)
        self.back.setPen(QPen(Qt.PenStyle.NoPen))
        self.back.setBrush(QColor(255, 255, 255, 215))
        self.key_back = QGraphicsPathItem(self)
        self.key_back.setPen(QPen(Qt.PenStyle.NoPen))
        self.key_back.setBrush(QColor(255, 255, 255, 215))
        self.label_lines: list[QGraphicsSimpleTextItem] = []
        self.key_lines: list[QGraphicsSimpleTextItem] = []
        for child in (self.body, self.leader, self.sample, self.back, self.key_back):
            child.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.label_box: QRectF | None = None
        self.key_box: QRectF | None = None
        self.hide_label()
        self.hide_key()

    def _lines(self, old: list, lines, ink: QColor) -> list:
        for it in old:
            if it.scene() is not None:
                it.scene().removeItem(it)
        out = []
        for ln in lines:
            it = QGraphicsSimpleTextItem(ln, self)
            it.setFont(self.font)
            it.setBrush(ink)
            it.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            out.append(it)
        return out

    def set_label(self, anchor: tuple, end: tuple, lines, side: str, k: float,
                  box: tuple) -> None:
        """The name in its margin ``box`` (scene units), the dashed leader from the line's
        end ``anchor`` to ``end``; ``k`` scales the text (scene units per font pixel)."""
        rect = QRectF(QPointF(box[0], box[1]), QPointF(box[2], box[3]))
        self.label_lines = self._lines(self.label_lines, lines, S3_INK)
        em = self.font.pixelSize() * k
        pad_x, pad_y = PAD_X * em, PAD_Y * em
        for n, it in enumerate(self.label_lines):
            lw = self.fm.horizontalAdvance(it.text()) * k
            it.setScale(k)
            it.setPos(geometry.line_x(rect.left(), rect.right(), side, pad_x, lw),
                      rect.top() + pad_y + n * self.fm.lineSpacing() * k)
        back = QPainterPath()
        back.addRoundedRect(rect, 3 * k, 3 * k)
        self.back.setPath(back)
        self.leader.setLine(QLineF(QPointF(*anchor), QPointF(*end)))
        for part in (self.leader, self.back, *self.label_lines):
            part.setVisible(True)
        self.label_box = rect

    def hide_label(self) -> None:
        for part in (self.leader, self.back, *self.label_lines):
            part.setVisible(False)
        self.label_box = None

    def set_key(self, box: tuple, lines, k: float, sample: float) -> None:
        """What the dashed line is, in ``box`` (scene units): a dashed sample ``sample``
        long, then the words (``lines``)."""
        rect = QRectF(QPointF(box[0], box[1]), QPointF(box[2], box[3]))
        self.key_lines = self._lines(self.key_lines, lines, LABEL_INK)
        em = self.font.pixelSize() * k
        pad_x, pad_y = PAD_X * em, PAD_Y * em
        line_h = self.fm.lineSpacing() * k
        for n, it in enumerate(self.key_lines):
            it.setScale(k)
            it.setPos(rect.left() + pad_x + sample + 0.5 * em, rect.top() + pad_y + n * line_h)
        mid = rect.top() + pad_y + line_h / 2
        self.sample.setLine(QLineF(rect.left() + pad_x, mid, rect.left() + pad_x + sample, mid))
        back = QPainterPath()
        back.addRoundedRect(rect, 3 * k, 3 * k)
        self.key_back.setPath(back)
        for part in (self.sample, self.key_back, *self.key_lines):
            part.setVisible(True)
        self.key_box = rect

    def hide_key(self) -> None:
        for part in (self.sample, self.key_back, *self.key_lines):
            part.setVisible(False)
        self.key_box = None

    def label_text(self) -> str:
        return " ".join(it.text() for it in self.label_lines) if self.label_box else ""

    def key_text(self) -> str:
        return " ".join(it.text() for it in self.key_lines) if self.key_box else ""

    def set_text_scale(self, k: float) -> None:
        """Zoomed in (``k`` below the fitted scale): the name and key are laid out for the
        fitted view only, so they go until the next fit."""
        self.hide_label()
        self.hide_key()


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
        self.plan: FitPlan | None = None      # the fitted layout (set by the pane)
        self.picture: AnatomyPicture | None = None
        self.hover = HighlightItem(HOVER_INK, 38, 2.0, HIGHLIGHT_Z)
        self.selection = HighlightItem(SELECT_INK, 60, 2.6, HIGHLIGHT_Z + 1)
        scene.addItem(self.hover)
        scene.addItem(self.selection)

    def clear(self) -> None:
        picture = getattr(self, "picture", None)
        if picture is not None:
            self.scene.removeItem(picture)
            self.picture = None
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
        self.picture = AnatomyPicture(self.items)
        self.scene.addItem(self.picture)

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
        """What "fit" shows: the painted drawing (within its view box) and every label (the
        fitted layout's, once the pane has one)."""
        if self.drawing is None:
            return QRectF()
        if self.plan is not None:
            x0, y0, x1, y1 = self.plan.content
            rect = QRectF(x0, y0, x1 - x0, y1 - y0)
            for lab in self.labels.values():
                if lab.isVisible():      # a label settled beyond the body's height
                    rect = rect.united(lab.box())
            return rect
        x, y, w, h = self.drawing.viewbox
        box = QRectF(x, y, w, h)
        rect = QRectF()
        for it in self.items:
            rect = rect.united(it.sceneBoundingRect())
        rect = rect.intersected(box) if not rect.isEmpty() else box
        for lab in self.labels.values():
            if lab.isVisible():
                rect = rect.united(lab.default_rect.adjusted(-4, -2, 4, 2))
        if self.guide is not None and self.guide.isVisible():
            rect = rect.united(self.guide.line_rect)
        return rect
