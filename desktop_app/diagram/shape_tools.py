"""The highlighter, the shape tools (ellipse, rectangle, freeform area) and the stamp tool.

The same pattern as ``tools.py``: one object per tool with ``press / move / release /
cancel``, a preview while the mouse is down, Esc cancels, one undo command on release.

Keyboard: each tool has a one-letter shortcut; with the diagram focused, Enter places a
shape or the chosen stamp in the middle of what is on screen (then the arrow keys move it,
``[`` / ``]`` turn it and ``+`` / ``-`` resize it, see ``tools.ToolManager``). Pressing the
stamp tool's letter again picks the next stamp.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt

from desktop_app.diagram import geometry
from desktop_app.diagram.commands import AddMark
from desktop_app.diagram.items import PREVIEW_Z
from desktop_app.diagram.stamp_commands import AddMarks
from desktop_app.diagram.stamp_items import ShapeItem, StampItem
from desktop_app.diagram.tools import MIN_ARROW_PX, TOOL_CLASSES, PenTool, _PreviewTool
from desktop_app.model.consultation import Shape, Stamp
from desktop_app.model.stamps import (DEFAULT_SACRAL_LEVEL, KINDS, MENU_KINDS, bone_cuts,
                                      highlight_width, snap_to_level)

DEFAULT_SHAPE_CM = (3.0, 2.0)      # a shape placed from the keyboard: width × height
COMBINED_GAP_CM = 12.0             # the combined approach's second cut, placed from the keyboard


def view_centre(ctl) -> QPointF:
    """The middle of what the diagram view shows, in diagram units."""
    view = ctl.view
    return view.mapToScene(view.viewport().rect().center())


# ========================================================================== highlighter
class HighlighterTool(PenTool):
    """A wide, translucent pen: what it covers stays readable underneath."""

    name, title, shortcut = "highlighter", "Highlighter", "H"
    tip = "Highlighter: drag over a part of the drawing to highlight it"

    def _new_piece(self, start: QPointF) -> None:
        super()._new_piece(start)
        piece = self.pieces[-1]
        pen = piece.pen()
        colour = pen.color()
        colour.setAlphaF(0.35)
        pen.setColor(colour)
        pen.setWidthF(highlight_width(self.ctl.width))
        piece.setPen(pen)

    def _stroke(self, points):
        stroke = super()._stroke(points)
        stroke.highlight = True
        stroke.width = highlight_width(self.ctl.width)
        return stroke


# =============================================================================== shapes
class _BoxShapeTool(_PreviewTool):
    """Drag a box: the ellipse or rectangle fits in it (Shift: circle / square)."""

    kind = "ellipse"
    sticky = False       # back to Select with the new shape selected, ready to adjust

    def __init__(self, ctl):
        super().__init__(ctl)
        self.start = QPointF()
        self.preview = None          # the ShapeItem shown while dragging

    def press(self, pos, event):
        self.press_view = event.position().toPoint()
        self.start = pos
        self.active = True
        return True

    def _shape(self, pos: QPointF, event) -> Shape:
        x0, y0, x1, y1 = self.start.x(), self.start.y(), pos.x(), pos.y()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            side = max(abs(x1 - x0), abs(y1 - y0))
            x1 = x0 + math.copysign(side, x1 - x0 or 1)
            y1 = y0 + math.copysign(side, y1 - y0 or 1)
        cx, cy, rx, ry = geometry.ellipse_from_corners(x0, y0, x1, y1)
        return Shape(view=self.ctl.view_name, kind=self.kind, cx=cx, cy=cy, rx=rx, ry=ry,
                     color=self.ctl.colour, width=self.ctl.width, fill=True)

    def move(self, pos, event):
        if self.preview is None and not self._far(event):
            return True
        shape = self._shape(pos, event)
        shape.id = "preview"
        if self.preview is None:
            self.preview = ShapeItem(shape)
            self.preview.setZValue(PREVIEW_Z)
            self.ctl.scene.addItem(self.preview)
        else:
            self.preview.sync(shape)
        return True

    def release(self, pos, event):
        self._drop_preview()
        far = (event.position().toPoint() - self.press_view).manhattanLength() >= MIN_ARROW_PX
        if far:
            shape = self._shape(pos, event)
            self.ctl.push(AddMark(self.ctl.document, shape))
            self.ctl.select([shape.id])
        self._finish()
        return True

    def place_at_centre(self) -> str:
        """Enter: a shape of a typical size in the middle of the view."""
        c = view_centre(self.ctl)
        k = self.ctl.scale_px_per_cm
        shape = Shape(view=self.ctl.view_name, kind=self.kind, cx=c.x(), cy=c.y(),
                      rx=DEFAULT_SHAPE_CM[0] * k / 2, ry=DEFAULT_SHAPE_CM[1] * k / 2,
                      color=self.ctl.colour, width=self.ctl.width, fill=True)
        self.ctl.push(AddMark(self.ctl.document, shape))
        self.ctl.select([shape.id])
        return shape.id


class EllipseTool(_BoxShapeTool):
    name, title, shortcut = "ellipse", "Ellipse", "O"
    tip = "Ellipse: drag to draw a shaded oval (Shift: circle)"
    kind = "ellipse"


class RectangleTool(_BoxShapeTool):
    name, title, shortcut = "rect", "Rectangle", "R"
    tip = "Rectangle: drag to draw a shaded box (Shift: square)"
    kind = "rect"


class AreaTool(PenTool):
    """Draw round an area freehand; on release it closes and is shaded."""

    name, title, shortcut = "area", "Area", "F"
    tip = "Freeform area: draw round a region; it closes and is shaded when you let go"

    def release(self, pos, event):
        if (pos.x(), pos.y()) != self.points[-1]:
            self.points.append((pos.x(), pos.y()))
        self._drop_preview()
        raw, self.points = self.points, []
        scale = self.ctl.view_scale()
        tolerance = 2.0 / max(scale, 1e-6)
        points = geometry.smooth_stroke(raw, tolerance)
        if len(points) >= 3 and geometry.polyline_length(raw) * scale >= 3 * MIN_ARROW_PX:
            shape = Shape(view=self.ctl.view_name, kind="area", points=points,
                          color=self.ctl.colour, width=self.ctl.width, fill=True)
            self.ctl.push(AddMark(self.ctl.document, shape))
            self.ctl.select([shape.id])
        self._finish()
        return True


# =============================================================================== stamps
class StampTool(_PreviewTool):
    """Click to place the chosen stamp; a level of sacral removal on the side view lies on
    the sacral segment nearest the click. The combined approach takes two clicks: the cut on
    the belly, then the cut from behind (one undo step; Esc between them cancels)."""

    name, title, shortcut = "stamp", "Stamp", "S"
    tip = "Stamp: click to place the chosen stamp; press S again for the next stamp"
    sticky = False       # back to Select with the new stamp selected, ready to adjust

    def __init__(self, ctl):
        super().__init__(ctl)
        self.kind = MENU_KINDS[0]
        self.first: Stamp | None = None      # the combined approach's first cut, waiting
        self.preview = None          # the first cut of a pair, shown until the second

    # -- choosing
    def set_kind(self, kind: str) -> None:
        if kind not in MENU_KINDS:
            raise KeyError(kind)
        self.cancel()
        self.kind = kind
        self.ctl.styleChanged.emit()

    def next_kind(self) -> str:
        self.set_kind(MENU_KINDS[(MENU_KINDS.index(self.kind) + 1) % len(MENU_KINDS)])
        return self.kind

    def pending(self) -> bool:
        return self.first is not None

    @property
    def hint(self) -> str:
        if self.first is not None:
            return "Now click where the cut from behind goes (Esc cancels)"
        return KINDS[self.kind].tip

    # -- making one
    def _stamp(self, kind: str, x: float, y: float) -> Stamp:
        stamp = Stamp(view=self.ctl.view_name, kind=kind, x=x, y=y, color=self.ctl.colour)
        if KINDS[kind].tag:
            stamp.level = DEFAULT_SACRAL_LEVEL
            drawing = self.ctl.drawing
            levels = getattr(drawing, "sacral_levels", None) if drawing is not None else None
            if levels and not self.ctl.view_name.startswith("image:"):
                if self.ctl.view_name == "sagittal":
                    levels = bone_cuts(levels, self.ctl.scale_px_per_cm)
                stamp.level, stamp.x, stamp.y, stamp.rotation, stamp.size = \
                    snap_to_level(levels, x, y)
        return stamp

    def press(self, pos, event):
        self.press_view = event.position().toPoint()
        self.active = True
        return True

    def hover(self, pos, event):
        if self.first is not None:       # the first cut is shown where it will stay
            return True
        return super().hover(pos, event)

    def release(self, pos, event):
        self.active = False
        self.place(pos.x(), pos.y())
        return True

    def place(self, x: float, y: float) -> str | None:
        """Place the chosen stamp at (x, y); returns its id (None while a pair waits)."""
        kind = KINDS[self.kind]
        if kind.pair:
            if self.first is None:
                self.first = self._stamp(self.kind, x, y)
                self.preview = StampItem(self.first)
                self.preview.setZValue(PREVIEW_Z)
                self.preview.setOpacity(0.7)
                self.ctl.scene.addItem(self.preview)
                self.ctl.styleChanged.emit()
                return None
            first, self.first = self.first, None
            self._drop_preview()
            second = self._stamp(kind.pair, x, y)
            self.ctl.push(AddMarks(self.ctl.document, [first, second],
                                   "Add the two cuts of the combined operation"))
            self.ctl.select([first.id, second.id])
            self.ctl.styleChanged.emit()
            self._finish()
            return second.id
        stamp = self._stamp(self.kind, x, y)
        self.ctl.push(AddMark(self.ctl.document, stamp))
        self.ctl.select([stamp.id])
        self._finish()
        return stamp.id

    def place_at_centre(self) -> str | None:
        """Enter: the stamp in the middle of the view (a pair: side by side)."""
        c = view_centre(self.ctl)
        if KINDS[self.kind].pair:
            gap = COMBINED_GAP_CM * self.ctl.scale_px_per_cm / 2
            self.place(c.x() - gap, c.y())
            return self.place(c.x() + gap, c.y())
        return self.place(c.x(), c.y())

    def cancel(self):
        waiting = self.first is not None
        self.first = None
        if waiting:
            self.ctl.styleChanged.emit()
        return super().cancel() or waiting

    def deactivate(self) -> None:
        self.cancel()


NEW_TOOL_CLASSES = (HighlighterTool, EllipseTool, RectangleTool, AreaTool, StampTool)
# every tool, in toolbar order: the drawing tools after the pen, stamps before the eraser
ALL_TOOL_CLASSES = TOOL_CLASSES[:3] + (HighlighterTool,) + TOOL_CLASSES[3:5] + \
    (EllipseTool, RectangleTool, AreaTool, StampTool) + TOOL_CLASSES[5:]
