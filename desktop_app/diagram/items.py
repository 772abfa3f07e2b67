"""Graphics items that *show* the marks of the Consultation (views of the model, nothing more).

Each item knows the id of its mark and draws it from a copy of the mark's fields; it never
writes the model. The annotation layer calls :meth:`MarkItem.sync` after every model change
(cheap when nothing changed), and the tools move items temporarily (:meth:`MarkItem.set_offset`)
while a drag is in progress — the model changes once, on release, through an undo command.

Coordinates are diagram units (scene units = SVG user units). Lesions are drawn like in the PDF:
a translucent ellipse with an outline and a numbered badge at the centre; the label, if any,
next to the badge. Colour is never the only cue.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPixmapCache,
                           QPainterPathStroker, QPen, QPolygonF, QTransform)
from PySide6.QtWidgets import QGraphicsItem

if TYPE_CHECKING:  # touching a Qt class builds its Python enums: QStyle's cost ~10 ms at start
    from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from desktop_app.diagram import geometry
from desktop_app.diagram.palette import SELECTION, text_on
from desktop_app.model import lesions as lesion_rules
from desktop_app.model.consultation import Arrow, Lesion, Stroke, TextNote
from desktop_app.model.label_layout import PAD_X, PAD_Y, SIDES, diagram_label, side_rects
from desktop_app.model.stamps import HIGHLIGHT_ALPHA

ANNOTATION_Z = 1000.0          # above every part of the drawing
PREVIEW_Z = 2000.0
LESION_OUTLINE = 2.2
BADGE_RADIUS = 11.0
NUMBER_PX = 13
LABEL_PX = 12
NOTE_PX = 15
NOTE_LEADING = 1.2
LABEL_GAP = 9.0                # between a lesion's outline and its label
LABEL_SIDES = SIDES            # where a lesion's label can go (right first)
MIN_HIT = 10.0                 # strokes and arrows are easy to pick even when thin
HANDLE_PX = 9.0                # resize handle size on screen (pixels, whatever the zoom)
ROTATE_PX = 26.0               # rotate handle distance above the top edge (pixels)


def _font(px: int, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(px)
    f.setBold(bold)
    f.setStyleHint(QFont.StyleHint.SansSerif)
    return f


NUMBER_FONT = _font(NUMBER_PX, bold=True)
LABEL_FONT = _font(LABEL_PX)
NOTE_FONT = _font(NOTE_PX, bold=True)
_NUMBER_METRICS = QFontMetricsF(NUMBER_FONT)
_LABEL_METRICS = QFontMetricsF(LABEL_FONT)
_NOTE_METRICS = QFontMetricsF(NOTE_FONT)


class _Type:
    """The marks' fonts at one text scale (presentation mode shows the words larger)."""

    _cache: dict[float, _Type] = {}

    def __init__(self, k: float):
        self.k = k
        if k == 1.0:
            self.number, self.label, self.note = NUMBER_FONT, LABEL_FONT, NOTE_FONT
        else:
            self.number = _font(round(NUMBER_PX * k), bold=True)
            self.label = _font(round(LABEL_PX * k))
            self.note = _font(round(NOTE_PX * k), bold=True)
        self.label_metrics = QFontMetricsF(self.label)
        self.note_metrics = QFontMetricsF(self.note)
        self.note_px = self.note.pixelSize()

    @classmethod
    def at(cls, k: float) -> _Type:
        if k not in cls._cache:
            cls._cache[k] = cls(k)
        return cls._cache[k]


def _selection_pen(width: float = 1.0) -> QPen:
    pen = QPen(QColor(SELECTION), width, Qt.PenStyle.DashLine)
    pen.setCosmetic(True)
    return pen


def _halo(colour: str = "#56B4E9", alpha: int = 110) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


def _text_in(painter: QPainter, rect: QRectF, unit: float, font: QFont, text: str) -> None:
    """Centred text in ``rect`` at the font's pixel size times ``unit`` (scene units per
    screen pixel): text is drawn in a scaled painter, as fonts below 1 px cannot be set."""
    painter.setFont(font)
    if unit == 1.0:
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        return
    painter.save()
    painter.translate(rect.center())
    painter.scale(unit, unit)
    w, h = rect.width() / unit, rect.height() / unit
    painter.drawText(QRectF(-w / 2, -h / 2, w, h), Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


# ================================================================================ base
PIXMAP_CACHE_KB = 96 * 1024


def _room_in_pixmap_cache() -> None:
    """Those caches live in QPixmapCache (10 MB by default). The most marks a visit may hold
    (model/limits.py) need more: past the limit every repaint re-rasterised every mark
    (100 marks on one view: ~100 ms a repaint instead of ~8 ms)."""
    if QPixmapCache.cacheLimit() < PIXMAP_CACHE_KB:
        QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)


class MarkItem(QGraphicsItem):
    """One mark. ``mark_id`` and ``kind`` identify it; ``origin`` is its position in the model."""

    kind = "mark"
    # scene units per screen pixel for what is drawn at a fixed size (line widths, badge,
    # number, label, note text). 1 on the drawing (its units are about screen pixels); on a
    # scan the image view sets 1/zoom (``mark_unit`` on its scene, see screen_units), so a
    # 64 px and a 2,048 px image show the same marks on screen. Positions and a lesion's
    # outline stay in image pixels: sizes in cm must not change with the zoom.
    unit = 1.0
    # set by each subclass's ``apply``: the mark shown, and what Qt asks for its geometry
    _mark: Any
    _bounds: QRectF
    _shape: QPainterPath

    def __init__(self, mark: Any, parent: QGraphicsItem | None = None):
        super().__init__(parent)
        self.mark_id: str = mark.id
        self._state: tuple | None = None
        self._offset = QPointF(0, 0)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        # Antialiased strokes and fills are slow to rasterise in software; a mark is drawn once
        # into a device-pixel cache and then blitted. Moving (translation) keeps the cache, so a
        # drag repaints pixmaps, not paths.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        _room_in_pixmap_cache()
        self.setZValue(ANNOTATION_Z)
        self.setCursor(Qt.CursorShape.SizeAllCursor)
        self.sync(mark)

    # -- model → item
    def state_of(self, mark: Any) -> tuple:
        raise NotImplementedError

    def sync(self, mark: Any) -> bool:
        """Show ``mark``'s current fields. Returns False (and does nothing) if unchanged."""
        state = self.state_of(mark)
        if state == self._state:
            if not self._offset.isNull():
                self.set_offset(0, 0)
            return False
        self.prepareGeometryChange()
        self._state = state
        self._offset = QPointF(0, 0)
        self.apply(mark)
        self.update()
        return True

    def apply(self, mark: Any) -> None:
        """Take the mark's fields; sets ``_bounds`` and ``_shape`` (what Qt asks for below)."""
        raise NotImplementedError

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def origin(self) -> QPointF:
        return QPointF(0, 0)

    # -- temporary displacement while dragging (the model is not touched)
    def set_offset(self, dx: float, dy: float) -> None:
        self._offset = QPointF(dx, dy)
        self.setPos(self.origin() + self._offset)

    def offset(self) -> QPointF:
        return QPointF(self._offset)

    def set_unit(self, unit: float) -> None:
        """Scene units per screen pixel for the mark's fixed-size parts (see ``unit``)."""
        if unit <= 0 or abs(unit - self.unit) <= 1e-9 * max(unit, self.unit):
            return
        self.prepareGeometryChange()
        self.unit = unit
        self.apply(self._mark)
        self.update()

    def itemChange(self, change, value):  # noqa: N802 - Qt API
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.selection_changed(bool(value))
        elif change == QGraphicsItem.GraphicsItemChange.ItemSceneHasChanged and \
                value is not None:
            self.set_unit(getattr(value, "mark_unit", 1.0))
        return super().itemChange(change, value)

    def selection_changed(self, selected: bool) -> None:
        self.update()


# ============================================================================= lesion
class LesionItem(MarkItem):
    """A lesion: rotated translucent ellipse, numbered badge at the centre, label beside it.

    The item sits at the lesion's centre and is itself unrotated (so the number and label stay
    upright); the ellipse is rotated when painted. Resize / rotate handles are child items
    created while the lesion is selected.
    """

    kind = "lesion"
    label_side = 0          # index into LABEL_SIDES; kept when the lesion changes
    fill_alpha = lesion_rules.FILL_OPACITY   # less on a key image (view "image:<id>")
    text_scale = 1.0        # number and label size (larger in presentation mode)

    def state_of(self, m: Lesion) -> tuple:
        return (m.cx, m.cy, m.rx, m.ry, m.rotation, m.number, m.label, m.color,
                self.text_scale)

    def sync(self, mark: Lesion) -> bool:
        changed = super().sync(mark)
        self.model_geometry = (mark.cx, mark.cy, mark.rx, mark.ry, mark.rotation)
        return changed

    def apply(self, m: Lesion) -> None:
        self._mark = m
        # ``angle``, not ``rotation``: QGraphicsItem.rotation() is the item's own turn
        self.cx, self.cy, self.rx, self.ry, self.angle = m.cx, m.cy, m.rx, m.ry, m.rotation
        self.number, self.label, self.color = m.number, m.label, m.color
        self.fill_alpha = lesion_rules.fill_opacity(m)
        self.setPos(m.cx, m.cy)
        t = QTransform().rotate(m.rotation)
        ellipse = QPainterPath()
        ellipse.addEllipse(QPointF(0, 0), m.rx, m.ry)
        self._ellipse = t.map(ellipse)
        self._number = str(m.number)
        self._label = diagram_label(m.label)  # as the PDF draws it
        self._callout = None                  # laid out again by the pane
        r = BADGE_RADIUS * self.unit * self.text_scale
        self._badge = QRectF(-r, -r, 2 * r, 2 * r)
        self._label_rect = self._label_rects()[self.label_side] if self._label else QRectF()
        self._build_shape()

    def _label_rects(self) -> list[QRectF]:
        """Where the label can go, in item coordinates, in order of preference (the order of
        LABEL_SIDES): beside the marker (not on it), clear of its outline and of the resize
        handles."""
        u = self.unit
        metrics = _Type.at(self._label_scale()).label_metrics
        w = (metrics.horizontalAdvance(self._label) + 8) * u
        h = (metrics.height() + 4) * u
        r = BADGE_RADIUS * self.text_scale * u
        e = self._ellipse.boundingRect()
        body = (min(e.left(), -r), min(e.top(), -r), max(e.right(), r), max(e.bottom(), r))
        return [QRectF(QPointF(x0, y0), QPointF(x1, y1))
                for x0, y0, x1, y1 in side_rects(body, w, h, LABEL_GAP * u)]


    label_floor = 0.0       # scene units: the label's text at least this tall (set by the pane)

    def _label_scale(self) -> float:
        """The label's text scale: the marks' own, or larger to reach ``label_floor`` (the
        anatomy labels' size: a lesion's words beside its marker were the smallest on the
        drawing at 1,280 px), in steps of 1/20 (fonts are cached per scale)."""
        if not self.label_floor:
            return self.text_scale
        need = self.label_floor / (LABEL_PX * self.unit)
        return max(self.text_scale, math.ceil(need * 20 - 1e-9) / 20)

    def set_label_floor(self, px: float) -> None:
        """Keep the label's text at least ``px`` scene units tall."""
        if px == self.label_floor:
            return
        self.prepareGeometryChange()
        self.label_floor = px
        if self._callout is None:
            self._label_rect = self._label_rects()[self.label_side] if self._label else QRectF()
        self._build_shape()
        self.update()

    def label_text_px(self) -> float:
        """The label's text size in scene units (the call-out's when it has one)."""
        if self._callout is not None:
            return self.callout_text_px()
        return _Type.at(self._label_scale()).label.pixelSize() * self.unit

    def label_text(self) -> str:
        """The label as drawn (one line, shortened: ``model.label_layout.diagram_label``)."""
        return self._label

    def label_candidates(self) -> list[QRectF]:
        """The places the label can take, in scene coordinates, best first (empty: no label)."""
        if not self._label:
            return []
        return [self.mapRectToScene(rect) for rect in self._label_rects()]

    def set_label_side(self, side: int) -> None:
        """Put the label on another side of the marker (an index into LABEL_SIDES); the
        diagram pane chooses it so that the label covers no anatomy label."""
        side = side if 0 <= side < len(LABEL_SIDES) else 0
        if side == self.label_side and self._callout is None:
            return
        self.prepareGeometryChange()
        self.label_side = side
        self._callout = None
        self._label_rect = self._label_rects()[side] if self._label else QRectF()
        self._build_shape()
        self.update()

    # the label laid out with the anatomy labels, in the drawing's margin, with a leader to
    # the marker's outline: (leader start, leader end, lines, font, text scale, side, leader
    # width in screen px), in item coordinates; None: the label sits beside the marker
    _callout: tuple | None = None

    def set_callout(self, box: QRectF, anchor: QPointF, end: QPointF, lines: tuple[str, ...],
                    font: QFont, k: float, side: str, leader_px: float) -> None:
        """Show the label in ``box`` (scene), at the anatomy labels' size (``font`` scaled by
        ``k``: scene units per font pixel), with a leader from ``anchor`` on the marker's
        outline to ``end`` on the box; the diagram pane places it so that it covers no other
        label and its leader crosses no other. A floating label beside the marker sat over
        whatever organ was there, and read as that organ's name."""
        if not self._label:
            return
        rect = self.mapRectFromScene(box)
        callout = (self.mapFromScene(anchor), self.mapFromScene(end), tuple(lines), font, k,
                   side, leader_px)
        if self._callout is not None and rect == self._label_rect and \
                self._callout[:3] == callout[:3] and self._callout[4:] == callout[4:] and \
                self._callout[3].key() == font.key():
            return
        self.prepareGeometryChange()
        self._callout = callout
        self._label_rect = rect
        self._build_shape()
        self.update()

    def callout_leader(self) -> QLineF | None:
        """The call-out's leader in the scene (None: the label sits beside the marker)."""
        if self._callout is None:
            return None
        return QLineF(self.mapToScene(self._callout[0]), self.mapToScene(self._callout[1]))

    def callout_text_px(self) -> float:
        """The call-out's text size in scene units (0 without a call-out)."""
        if self._callout is None:
            return 0.0
        return self._callout[3].pixelSize() * self._callout[4]

    def mark_path(self) -> QPainterPath:
        """The marker itself, outline and badge, in item coordinates (not its label)."""
        path = QPainterPath(self._ellipse)
        path.setFillRule(Qt.FillRule.WindingFill)
        path.addEllipse(self._badge)
        return path

    def ellipse_scene_path(self) -> QPainterPath:
        return self.mapToScene(self._ellipse)

    def label_scene_rect(self) -> QRectF:
        """The label's box in the scene (empty when the lesion has no label)."""
        return self.mapRectToScene(self._label_rect) if self._label else QRectF()

    def badge_scene_rect(self) -> QRectF:
        return self.mapRectToScene(self._badge)

    def _build_shape(self) -> None:
        shape = QPainterPath(self._ellipse)
        shape.setFillRule(Qt.FillRule.WindingFill)   # the badge is not a hole in the ellipse
        shape.addEllipse(self._badge)
        if self._label:
            shape.addRect(self._label_rect)
        self._shape = shape
        pad = LESION_OUTLINE * self.unit
        self._bounds = shape.boundingRect().adjusted(-pad, -pad, pad, pad) | \
            self._frame_polygon().boundingRect().adjusted(-2, -2, 2, 2)
        if self._callout is not None:
            a, e = self._callout[0], self._callout[1]
            self._bounds |= QRectF(a, e).normalized().adjusted(-4, -4, 4, 4)
        if self._handles_visible():
            self._place_handles()

    def origin(self) -> QPointF:
        return QPointF(self.cx, self.cy)

    def geometry(self) -> tuple[float, float, float, float, float]:
        return self.cx, self.cy, self.rx, self.ry, self.angle

    def preview_geometry(self, cx: float, cy: float, rx: float, ry: float,
                         rotation: float) -> None:
        """Show a different geometry while a handle is dragged (the model is unchanged)."""
        proxy = Lesion(id=self.mark_id, number=self.number, label=self.label, color=self.color,
                       cx=cx, cy=cy, rx=rx, ry=ry, rotation=rotation)
        self.prepareGeometryChange()
        self._state = None          # the next sync() puts the model's geometry back
        self.apply(proxy)
        self.update()

    def _frame_polygon(self) -> QPolygonF:
        t = QTransform().rotate(self.angle)
        return t.map(QPolygonF(QRectF(-self.rx, -self.ry, 2 * self.rx, 2 * self.ry)))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        colour = QColor(self.color)
        fill = QColor(colour)
        fill.setAlphaF(self.fill_alpha)
        u = self.unit
        pen = QPen(colour, LESION_OUTLINE * u)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawPath(self._ellipse)
        if self.isSelected():
            painter.setPen(_selection_pen())
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(self._frame_polygon())
        # badge with the number: never colour-only
        painter.setPen(QPen(QColor("#FFFFFF"), 1.4 * u))
        painter.setBrush(colour)
        painter.drawEllipse(self._badge)
        fonts = _Type.at(self.text_scale)
        painter.setPen(QColor(text_on(self.color)))
        _text_in(painter, self._badge, u, fonts.number, self._number)
        if self._label and self._callout is not None:
            self._paint_callout(painter, colour)
        elif self._label:
            painter.setPen(QPen(colour, 1.0 * u))
            painter.setBrush(QColor(255, 255, 255, 225))
            painter.drawRoundedRect(self._label_rect, 3 * u, 3 * u)
            painter.setPen(QColor("#1F1F1F"))
            _text_in(painter, self._label_rect, u, _Type.at(self._label_scale()).label,
                     self._label)

    def _paint_callout(self, painter: QPainter, colour: QColor) -> None:
        """The label in its box in the margin, its leader in the lesion's colour from a dot
        on the outline (the anatomy labels' look, so it reads as this mark's name)."""
        assert self._callout is not None
        anchor, end, lines, font, k, side, leader_px = self._callout
        pen = QPen(colour, max(1.5, leader_px * 1.5), Qt.PenStyle.SolidLine,
                   Qt.PenCapStyle.RoundCap)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLine(anchor, end)
        painter.setPen(QPen(QColor("#FFFFFF"), 1.0 * k))
        painter.setBrush(colour)
        r = 2.4 * k
        painter.drawEllipse(anchor, r, r)
        box = self._label_rect
        painter.setPen(QPen(colour, 1.2 * k))
        painter.setBrush(QColor(255, 255, 255, 235))
        painter.drawRoundedRect(box, 3 * k, 3 * k)
        painter.setPen(QColor("#1F1F1F"))
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        pad_x, pad_y = PAD_X * font.pixelSize() * k, PAD_Y * font.pixelSize() * k
        for n, line in enumerate(lines):
            lw = metrics.horizontalAdvance(line) * k
            x = geometry.line_x(box.left(), box.right(), side, pad_x, lw)
            painter.save()
            painter.translate(x, box.top() + pad_y + n * metrics.lineSpacing() * k)
            painter.scale(k, k)
            painter.drawText(QPointF(0, metrics.ascent()), line)
            painter.restore()

    # -- handles
    def _handles_visible(self) -> bool:
        return bool(getattr(self, "_handles", None))

    def selection_changed(self, selected: bool) -> None:
        if selected and not self._handles_visible():
            self._handles = [HandleItem(self, name) for name in (*geometry.RESIZE_HANDLES,
                                                                 geometry.ROTATE_HANDLE)]
            self._place_handles()
        elif not selected and self._handles_visible():
            for h in self._handles:
                h.setParentItem(None)  # type: ignore[arg-type]  # Qt: None = no parent
                if h.scene() is not None:
                    h.scene().removeItem(h)
            self._handles = []
        self.update()

    def _place_handles(self) -> None:
        for h in self._handles:
            if h.name == geometry.ROTATE_HANDLE:
                lx, ly = geometry.rotate(0.0, -self.ry, self.angle)
            else:
                sx, sy = geometry.RESIZE_HANDLES[h.name]
                lx, ly = geometry.rotate(sx * self.rx, sy * self.ry, self.angle)
            h.place(lx, ly, self.angle)

    def handles(self) -> list[HandleItem]:
        return list(getattr(self, "_handles", []) or [])


_RESIZE_CURSORS = (Qt.CursorShape.SizeHorCursor, Qt.CursorShape.SizeFDiagCursor,
                   Qt.CursorShape.SizeVerCursor, Qt.CursorShape.SizeBDiagCursor)


class GripBase(QGraphicsItem):
    """A grip the same size on screen at any zoom: a square (resize) or, for
    ``geometry.ROTATE_HANDLE``, a knob on a stem beyond the item's top edge. Lesions' handles
    and stamps' / shapes' grips differ only in what a drag does."""

    def __init__(self, parent: QGraphicsItem, name: str):
        super().__init__(parent)
        self.name = name
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setZValue(1)
        self._stem = QPointF(0, 0)

    def place(self, lx: float, ly: float, rotation: float) -> None:
        self.prepareGeometryChange()
        self.setPos(lx, ly)
        if self.name == geometry.ROTATE_HANDLE:
            # the knob sits ROTATE_PX screen pixels beyond the top edge, along the item's up
            ux, uy = geometry.rotate(0.0, -1.0, rotation)
            self._stem = QPointF(ux * ROTATE_PX, uy * ROTATE_PX)

    def knob_centre(self) -> QPointF:
        return QPointF(self._stem)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        h = HANDLE_PX / 2 + 2
        return QRectF(-h, -h, 2 * h, 2 * h) | QRectF(self._stem.x() - h, self._stem.y() - h,
                                                      2 * h, 2 * h)

    def shape(self) -> QPainterPath:
        h = HANDLE_PX / 2 + 2
        p = QPainterPath()
        p.addEllipse(self._stem, h, h) if self.name == geometry.ROTATE_HANDLE \
            else p.addRect(QRectF(-h, -h, 2 * h, 2 * h))
        return p

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        h = HANDLE_PX / 2
        painter.setPen(QPen(QColor(SELECTION), 1.0))
        painter.setBrush(QColor("#FFFFFF"))
        if self.name == geometry.ROTATE_HANDLE:
            painter.drawLine(QPointF(0, 0), self._stem)
            painter.drawEllipse(self._stem, h, h)
        else:
            painter.drawRect(QRectF(-h, -h, 2 * h, 2 * h))


class HandleItem(GripBase):
    """A resize or rotate grip of a selected lesion."""

    def __init__(self, lesion: LesionItem, name: str):
        super().__init__(lesion, name)
        self.lesion = lesion
        self.setToolTip("Drag to rotate (Shift: 15° steps)" if name == geometry.ROTATE_HANDLE
                        else "Drag to resize (Alt: from the center)")

    def place(self, lx: float, ly: float, rotation: float) -> None:
        super().place(lx, ly, rotation)
        if self.name == geometry.ROTATE_HANDLE:
            self.setCursor(Qt.CursorShape.CrossCursor)
        else:
            sx, sy = geometry.RESIZE_HANDLES[self.name]
            angle = math.degrees(math.atan2(sy, sx)) + rotation
            self.setCursor(_RESIZE_CURSORS[int(round(angle / 45.0)) % 4])


# ============================================================================= stroke
class StrokeItem(MarkItem):
    """A pen stroke. The model already holds a smoothed polyline (see geometry.smooth_stroke)."""

    kind = "stroke"

    def state_of(self, m: Stroke) -> tuple:
        return (tuple(m.points), m.color, m.width, m.highlight)

    def apply(self, m: Stroke) -> None:
        self._mark = m
        u = self.unit
        self.color, self.width, self.highlight = m.color, m.width * u, m.highlight
        self.setPos(0, 0)
        self._path = polyline_path(m.points)
        self._shape = stroked_outline(self._path, max(self.width, MIN_HIT * u))
        self._bounds = self._shape.boundingRect().adjusted(-4 * u, -4 * u, 4 * u, 4 * u)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.isSelected():
            painter.setPen(_round_pen(_halo(), self.width + 6 * self.unit))
            painter.drawPath(self._path)
        colour = QColor(self.color)
        if self.highlight:   # the highlighter: the drawing shows through its ink
            colour.setAlphaF(HIGHLIGHT_ALPHA)
        painter.setPen(_round_pen(colour, self.width))
        painter.drawPath(self._path)


def polyline_path(points) -> QPainterPath:
    path = QPainterPath()
    if points:
        path.moveTo(*points[0])
        for p in points[1:]:
            path.lineTo(*p)
        if len(points) == 1:
            path.lineTo(points[0][0] + 0.01, points[0][1])
    return path


def _round_pen(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def stroked_outline(path: QPainterPath, width: float) -> QPainterPath:
    """The area a pen of ``width`` covers along ``path``: the hit shape of thin marks."""
    s = QPainterPathStroker()
    s.setWidth(width)
    s.setCapStyle(Qt.PenCapStyle.RoundCap)
    s.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return s.createStroke(path)


# ============================================================================== arrow
def arrow_head(x1: float, y1: float, x2: float, y2: float, width: float, unit: float = 1.0):
    """(line end, head polygon) — the same proportions as the PDF. ``width`` in scene units;
    ``unit``: scene units per screen pixel (the head is at least 9 pixels)."""
    length = math.hypot(x2 - x1, y2 - y1)
    if length < 1e-6:
        return QPointF(x2, y2), QPolygonF()
    head = min(max(9.0 * unit, 3.5 * width), length * 0.6)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bx, by = x2 - ux * head, y2 - uy * head
    half = head * 0.45
    poly = QPolygonF([QPointF(x2, y2), QPointF(bx - uy * half, by + ux * half),
                      QPointF(bx + uy * half, by - ux * half)])
    return QPointF(bx + ux * 0.5, by + uy * 0.5), poly


class ArrowItem(MarkItem):
    kind = "arrow"

    def state_of(self, m: Arrow) -> tuple:
        return (m.x1, m.y1, m.x2, m.y2, m.color, m.width)

    def apply(self, m: Arrow) -> None:
        self._mark = m
        u = self.unit
        self.color, self.width = m.color, m.width * u
        self.setPos(0, 0)
        end, self._head = arrow_head(m.x1, m.y1, m.x2, m.y2, self.width, u)
        self._line = QLineF(QPointF(m.x1, m.y1), end)
        line = QPainterPath()
        line.moveTo(m.x1, m.y1)
        line.lineTo(m.x2, m.y2)
        shape = stroked_outline(line, max(self.width, MIN_HIT * u))
        shape.addPolygon(self._head)
        self._shape = shape.simplified()
        self._bounds = self._shape.boundingRect().adjusted(-4 * u, -4 * u, 4 * u, 4 * u)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        colour = QColor(self.color)
        if self.isSelected():
            painter.setPen(_round_pen(_halo(), self.width + 6 * self.unit))
            painter.drawLine(self._line)
            painter.drawPolygon(self._head)
        painter.setPen(_round_pen(colour, self.width))
        painter.drawLine(self._line)
        painter.setPen(QPen(colour, 0.8 * self.unit))
        painter.setBrush(colour)
        painter.drawPolygon(self._head)


# =============================================================================== text
def note_lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


class TextNoteItem(MarkItem):
    """A text callout: bold text on a light box; (x, y) is the top-left of the text."""

    kind = "text"
    text_scale = 1.0        # larger in presentation mode

    def state_of(self, m: TextNote) -> tuple:
        return (m.x, m.y, m.text, m.color, self.text_scale)

    def apply(self, m: TextNote) -> None:
        self._mark = m
        # ``left``/``top``: QGraphicsItem.x() and y() are the item's own position
        self.left, self.top, self.text, self.color = m.x, m.y, m.text, m.color
        self.setPos(m.x, m.y)
        self._lines = note_lines(m.text) or [" "]
        fonts = _Type.at(self.text_scale)
        lead = fonts.note_px * NOTE_LEADING
        width = max(fonts.note_metrics.horizontalAdvance(ln) for ln in self._lines)
        u = self.unit
        self._box = QRectF(-3 * u, 0, (width + 6) * u, (lead * len(self._lines) + 4) * u)
        self._bounds = self._box.adjusted(-3 * u, -3 * u, 3 * u, 3 * u)

    def origin(self) -> QPointF:
        return QPointF(self.left, self.top)

    def text_scene_rect(self) -> QRectF:
        """The note's box in the scene."""
        return self.mapRectToScene(self._box)

    def shape(self) -> QPainterPath:
        p = QPainterPath()
        p.addRect(self._box)
        return p

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 217))
        painter.drawRoundedRect(self._box, 3, 3)
        if self.isSelected():
            painter.setPen(_selection_pen())
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self._box, 3, 3)
        fonts = _Type.at(self.text_scale)
        painter.setFont(fonts.note)
        painter.setPen(QColor(self.color))
        lead = fonts.note_px * NOTE_LEADING
        painter.save()
        painter.scale(self.unit, self.unit)      # text in screen pixels (see MarkItem.unit)
        for i, ln in enumerate(self._lines):
            painter.drawText(QPointF(0, 2 + i * lead + fonts.note_metrics.ascent()), ln)
        painter.restore()


ITEM_CLASSES: dict[type, type[MarkItem]] = {Lesion: LesionItem, Stroke: StrokeItem,
                                             Arrow: ArrowItem, TextNote: TextNoteItem}


def item_for(mark: Any) -> MarkItem:
    return ITEM_CLASSES[type(mark)](mark)
