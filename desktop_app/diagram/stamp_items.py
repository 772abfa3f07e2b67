"""Graphics items for stamps and shapes, and the grips that resize and rotate them.

Like the other marks (``items.py``) they only *show* the model. Each sits at its centre (so a
drag moves it by its position) and draws its outline from ``model.stamps`` — the outlines the
PDF draws too. While one is selected it has two grips: a square at its lower right corner
(drag: resize) and a knob above it (drag: rotate; Shift: 15° steps). A grip drag shows the new
geometry on screen and, on release, hands the Select tool one undo command.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QPainter, QPainterPath,
                           QPen)

from desktop_app.diagram import geometry
from desktop_app.diagram.commands import SetMarkFields, describe
from desktop_app.diagram.items import (LABEL_FONT, MIN_HIT, GripBase, MarkItem,
                                       _selection_pen, stroked_outline)
from desktop_app.diagram.scene import qpath
from desktop_app.diagram.stamp_commands import frame_fields, frame_of
from desktop_app.model.consultation import Shape, Stamp
from desktop_app.model.stamps import (DEFAULT_SACRAL_LEVEL, KINDS, SHAPE_FILL_ALPHA, area_centre,
                                      frame, shape_outline, stroke_width, tag_anchor, transform)

RESIZE, ROTATE = "resize", geometry.ROTATE_HANDLE   # the grips draw a knob for ROTATE
_TAG_FONT = QFont(LABEL_FONT)       # a sacral level's tag: the lesion label's font, bold
_TAG_FONT.setBold(True)
_TAG_METRICS = QFontMetricsF(_TAG_FONT)


def _pen(colour: QColor, width: float, dash: tuple[float, ...] = ()) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if dash and width > 0:
        pen.setDashPattern([max(d, 0.01) / width for d in dash])
    return pen




class FramedItem(MarkItem):
    """A stamp or a shape: a centre, a box in its own frame, a rotation, and two grips."""

    mark: Any = None
    cx = cy = 0.0
    angle = 0.0        # the mark's rotation (``rotation`` would hide QGraphicsItem's own)

    def sync(self, mark: Any) -> bool:
        self.mark = mark
        return super().sync(mark)

    def origin(self) -> QPointF:
        return QPointF(self.cx, self.cy)

    def frame_box(self) -> tuple[float, float, float]:
        """(half width, half height, rotation) of the item's box about its centre."""
        raise NotImplementedError

    def preview_fields(self, fields: dict) -> None:
        """Show the mark with other field values while a grip is dragged (model unchanged)."""
        proxy = dataclasses.replace(self.mark, **fields)
        self.prepareGeometryChange()
        self._state = None          # the next sync() puts the model's geometry back
        self.apply(proxy)
        self.update()

    def _finish_shape(self, shape: QPainterPath) -> None:
        self._shape = shape
        hw, hh, rot = self.frame_box()
        box = self._box_path(hw, hh, rot)
        self._bounds = (shape.boundingRect() | box.boundingRect()).adjusted(-6, -6, 6, 6)
        if self.grips():
            self._place_grips()

    @staticmethod
    def _box_path(hw: float, hh: float, rot: float) -> QPainterPath:
        corners = [geometry.rotate(sx * hw, sy * hh, rot)
                   for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
        path = QPainterPath(QPointF(*corners[0]))
        for c in corners[1:]:
            path.lineTo(QPointF(*c))
        path.closeSubpath()
        return path

    def _paint_selection(self, painter: QPainter) -> None:
        if self.isSelected():
            hw, hh, rot = self.frame_box()
            painter.setPen(_selection_pen())
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._box_path(hw, hh, rot))

    # -- grips
    def grips(self) -> list[GripItem]:
        return list(getattr(self, "_grips", []) or [])

    def selection_changed(self, selected: bool) -> None:
        if selected and not self.grips():
            self._grips = [GripItem(self, RESIZE), GripItem(self, ROTATE)]
            self._place_grips()
        elif not selected and self.grips():
            for g in self._grips:
                g.setParentItem(None)  # type: ignore[arg-type]  # Qt takes a null parent
                if g.scene() is not None:
                    g.scene().removeItem(g)
            self._grips = []
        self.update()

    def _place_grips(self) -> None:
        hw, hh, rot = self.frame_box()
        for g in self._grips:
            if g.name == RESIZE:
                g.place(*geometry.rotate(hw, hh, rot), rot)
            else:
                g.place(*geometry.rotate(0.0, -hh, rot), rot)


class GripItem(GripBase):
    """A resize or rotate grip of a selected stamp or shape.

    ``drag(pos, modifiers)`` previews; ``command(document)`` is the undo step for the drag's
    end (None if nothing changed).
    """

    def __init__(self, owner: FramedItem, name: str):
        super().__init__(owner, name)
        self.owner = owner
        self.fields: dict = {}
        self.setToolTip("Drag to rotate (Shift: 15° steps)" if name == ROTATE
                        else "Drag to resize")
        self.setCursor(Qt.CursorShape.CrossCursor if name == ROTATE
                       else Qt.CursorShape.SizeFDiagCursor)

    def drag(self, pos: QPointF, modifiers) -> None:
        mark = self.owner.mark
        cx, cy, rot = frame_of(mark)
        if self.name == ROTATE:
            snap = 15.0 if modifiers & Qt.KeyboardModifier.ShiftModifier else 0.0
            # (an area has no rotation of its own: its points are turned by the angle)
            self.fields = frame_fields(mark, 1.0, 1.0,
                                       geometry.rotation_towards(cx, cy, pos.x(), pos.y(), snap))
        else:
            if not self.fields:      # the drag starts: the box as the model has it
                self._box = self.owner.frame_box()
            hw, hh, _ = self._box
            lx, ly = geometry.to_local(cx, cy, rot, pos.x(), pos.y())
            if isinstance(mark, Shape) and mark.kind != "area":
                sx, sy = max(lx, 1.0) / max(hw, 1e-6), max(ly, 1.0) / max(hh, 1e-6)
            else:      # stamps and areas keep their proportions
                k = (lx * hw + ly * hh) / max(hw * hw + hh * hh, 1e-6)
                sx = sy = max(k, 0.05)
            if isinstance(mark, Shape) and mark.kind == "area":
                self.fields = frame_fields(mark, sx, sy, 0.0)
            else:
                self.fields = frame_fields(mark, sx, sy, rot)
        self.owner.preview_fields(self.fields)

    def command(self, document) -> SetMarkFields | None:
        fields, self.fields = self.fields, {}
        if not fields:
            return None
        verb = "Rotate" if self.name == ROTATE else "Resize"
        cmd = SetMarkFields(document, {self.owner.mark_id: fields},
                            f"{verb} {describe(self.owner.mark)}")
        return None if cmd.isObsolete() else cmd


# =============================================================================== stamps
class StampItem(FramedItem):
    """A surgical stamp drawn from its outline in ``model.stamps`` (with its level tag)."""

    kind = "stamp"

    def state_of(self, m: Stamp) -> tuple:
        return (m.kind, m.x, m.y, m.rotation, m.size, m.color, m.level)

    def apply(self, m: Stamp) -> None:
        self.cx, self.cy, self.angle, self.scale_factor = m.x, m.y, m.rotation, m.size
        self.color = m.color
        self.setPos(m.x, m.y)
        self._parts = []
        hit = QPainterPath()
        hit.setFillRule(Qt.FillRule.WindingFill)
        stamp = KINDS.get(m.kind)
        self.setToolTip(stamp.tip if stamp else "")     # the stamp in words, on hover
        for part in (stamp.parts if stamp else ()):
            path = qpath(transform(part.segments, 0.0, 0.0, m.rotation, m.size))
            width = stroke_width(part, m.size) if part.width else 0.0
            self._parts.append((part, path, width))
            if part.fill:
                hit.addPath(path)
            if width:
                hit.addPath(stroked_outline(path, max(width, MIN_HIT)))
        self._tag = ""
        self._tag_rect = QRectF()
        if stamp is not None and stamp.tag:
            self._tag = m.level or DEFAULT_SACRAL_LEVEL
            tx, ty = tag_anchor(dataclasses.replace(m, x=0.0, y=0.0))
            w = _TAG_METRICS.horizontalAdvance(self._tag) + 8
            h = _TAG_METRICS.height() + 2
            # beyond the end of the cut, on the side it points to
            left = math.cos(math.radians(m.rotation)) < -0.2
            self._tag_rect = QRectF(tx - w if left else tx, ty - h / 2, w, h)
            hit.addRect(self._tag_rect)
        self._finish_shape(hit)

    def has_tag(self) -> bool:
        return bool(self._tag)

    def tag_scene_rect(self) -> QRectF:
        """The level tag's box in the scene (anatomy labels make way for it)."""
        return self.mapRectToScene(self._tag_rect)

    def frame_box(self) -> tuple[float, float, float]:
        x0, y0, x1, y1 = frame(self.mark.kind) if self.mark.kind in KINDS else (-20, -20, 20, 20)
        s = self.scale_factor
        return max(abs(x0), abs(x1)) * s, max(abs(y0), abs(y1)) * s, self.angle

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        colour = QColor(self.color)
        for part, path, width in self._parts:
            ink = QColor("#FFFFFF") if part.white else QColor(colour)
            if part.fill:
                fill = QColor(ink)
                fill.setAlphaF(part.fill)
                painter.setBrush(fill)
            else:
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(_pen(ink, width, part.dash) if width else Qt.PenStyle.NoPen)
            painter.drawPath(path)
        if self._tag:
            painter.setPen(QPen(colour, 1.0))
            painter.setBrush(QColor(255, 255, 255, 230))
            painter.drawRoundedRect(self._tag_rect, 3, 3)
            painter.setFont(_TAG_FONT)
            painter.setPen(QColor("#1F1F1F"))
            painter.drawText(self._tag_rect, Qt.AlignmentFlag.AlignCenter, self._tag)
        self._paint_selection(painter)




# =============================================================================== shapes
class ShapeItem(FramedItem):
    """An ellipse, a rectangle or a freeform closed area, outlined and (optionally) tinted."""

    kind = "shape"

    def state_of(self, m: Shape) -> tuple:
        return (m.kind, m.cx, m.cy, m.rx, m.ry, m.rotation, tuple(m.points), m.color, m.width,
                m.fill)

    def apply(self, m: Shape) -> None:
        if m.kind == "area":
            self.cx, self.cy = area_centre(m.points) if m.points else (0.0, 0.0)
            self.angle = 0.0
        else:
            self.cx, self.cy, self.angle = m.cx, m.cy, m.rotation
        self.color, self.width, self.filled = m.color, m.width, m.fill
        self.setPos(self.cx, self.cy)
        self._path = qpath(transform(shape_outline(m), -self.cx, -self.cy, 0.0, 1.0))
        if m.kind == "area":
            xs = [p[0] for p in m.points] or [0.0]
            ys = [p[1] for p in m.points] or [0.0]
            self._half = ((max(xs) - min(xs)) / 2, (max(ys) - min(ys)) / 2)
        else:
            self._half = (m.rx, m.ry)
        hit = QPainterPath(self._path) if m.fill else QPainterPath()
        hit.setFillRule(Qt.FillRule.WindingFill)
        hit.addPath(stroked_outline(self._path, max(m.width, MIN_HIT)))
        self._finish_shape(hit)

    def frame_box(self) -> tuple[float, float, float]:
        return self._half[0], self._half[1], self.angle

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        colour = QColor(self.color)
        if self.filled:
            fill = QColor(colour)
            fill.setAlphaF(SHAPE_FILL_ALPHA)
            painter.setBrush(fill)
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_pen(colour, self.width))
        painter.drawPath(self._path)
        self._paint_selection(painter)


FRAMED_ITEM_CLASSES: dict[type, type[MarkItem]] = {Shape: ShapeItem, Stamp: StampItem}
