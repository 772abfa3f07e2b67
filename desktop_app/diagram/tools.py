"""Drawing tools: Select, Lesion, Pen, Arrow, Text, Eraser.

Each tool is an object with ``press / move / release / cancel`` (the orange-canvas-core habit):
while a drag is in progress it shows a *preview* (temporary items, or marks displaced on
screen), Esc or a right click cancels it, and on release it commits once, to the model, through
an undo command. The tools never edit graphics items for good — the annotation layer redraws
from the model.

:class:`ToolManager` runs the current tool as an event filter on the diagram view's viewport
(mouse) and on the view (keys), so it composes with the view's own zoom / pan / hover: whatever
a tool does not consume goes on to the view and the scene (structure hover and click in Select
mode, wheel zoom, middle-button pan).
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainterPath, QPen
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsPathItem, QGraphicsScene, QGraphicsView,
                               QLineEdit)

from desktop_app.diagram import geometry
from desktop_app.model.plaintext import strip_bidi
from desktop_app.diagram.commands import (AddMark, EditText, MoveMarks, RemoveMarks,
                                          ResizeLesion, RotateLesion, get_mark)
from desktop_app.diagram.items import (NOTE_PX, PREVIEW_Z, ArrowItem, HandleItem, LesionItem,
                                       MarkItem, TextNoteItem)
from desktop_app.diagram.stamp_commands import TransformMarks
from desktop_app.diagram.stamp_items import GripItem
from desktop_app.model.consultation import Arrow, Lesion, Stroke, TextNote
from desktop_app.model.limits import MAX_STROKE_POINTS

DRAG_PX = 4            # a press that moves less than this (screen pixels) is a click
MIN_ARROW_PX = 10      # shorter arrows are taken as a slip of the hand
NUDGE = 1.0            # arrow keys move marks by this many diagram units (0.5 mm) ...
NUDGE_BIG = 10.0       # ... or this with Shift
TURN_STEP = 15.0       # [ and ] turn a selected stamp or shape by this many degrees ...
SCALE_STEP = 1.1       # ... + and - resize it by this factor


class ToolHost(Protocol):
    """What the tools use of their controller (``annotations.AnnotationController``, which
    makes the tools: naming the contract here keeps this module from importing it back)."""

    document: Any
    view: QGraphicsView
    layer: Any                   # annotations.AnnotationLayer: ``items``, ``sync()``, ...
    tools: dict[str, Tool]
    tool: Tool
    enabled: bool
    colour: str
    width: float
    lesionActivated: Any         # Signal(str)
    styleChanged: Any            # Signal(): also when the stamp tool's choice changes

    @property
    def scene(self) -> QGraphicsScene: ...
    @property
    def drawing(self) -> Any: ...            # the atlas drawing shown (its sacral levels)
    @property
    def scale_px_per_cm(self) -> float: ...
    @property
    def view_name(self) -> str: ...
    @property
    def text_colour(self) -> str: ...
    def view_scale(self) -> float: ...
    def set_tool(self, name: str) -> None: ...
    def push(self, command: Any) -> bool: ...
    def select(self, ids: Iterable[str]) -> None: ...
    def selected_ids(self) -> list[str]: ...
    def delete_selected(self) -> bool: ...
    def nudge(self, dx: float, dy: float) -> bool: ...
    def item_at(self, viewport_pos: QPoint) -> Any: ...
    def items_near(self, viewport_pos: QPoint, radius: int) -> list[MarkItem]: ...
    def suggest(self, lesion: Lesion) -> Any: ...
    def new_lesion(self, cx: float, cy: float, rx: float, ry: float) -> Lesion: ...
    def add_lesion(self, cx: float, cy: float, rx: float | None = None,
                   ry: float | None = None) -> str: ...


def _is_left(event: QMouseEvent) -> bool:
    return event.button() == Qt.MouseButton.LeftButton


class Tool:
    """Base class. ``active`` is True between a consumed press and its release."""

    name = ""
    title = ""
    shortcut = ""
    tip = ""
    cursor: Qt.CursorShape | None = Qt.CursorShape.CrossCursor
    sticky = True          # stays the current tool after a mark is made

    def __init__(self, ctl: ToolHost):
        self.ctl = ctl
        self.active = False
        self.press_view = QPoint()

    # scene position → screen distance helper
    def _far(self, event: QMouseEvent) -> bool:
        return (event.position().toPoint() - self.press_view).manhattanLength() >= DRAG_PX

    def press(self, pos: QPointF, event: QMouseEvent) -> bool:
        return False

    def move(self, pos: QPointF, event: QMouseEvent) -> bool:
        return False

    def release(self, pos: QPointF, event: QMouseEvent) -> bool:
        return False

    def hover(self, pos: QPointF, event: QMouseEvent) -> bool:
        # Drawing tools keep the moves (and their cursor) to themselves: no structure
        # highlighting under a pen. Select (cursor None) lets the view hover structures.
        return self.cursor is not None

    def double_click(self, pos: QPointF, event: QMouseEvent) -> bool:
        return False

    def pending(self) -> bool:
        """True while the tool waits for more input between presses (Esc cancels it)."""
        return False

    def cancel(self) -> bool:
        """Abandon the interaction in progress. True if there was one."""
        was = self.active
        self.active = False
        return was

    def activate(self) -> None:
        pass

    def deactivate(self) -> None:
        self.cancel()

    def _finish(self) -> None:
        self.active = False
        if not self.sticky:
            self.ctl.set_tool("select")


class _PreviewTool(Tool):
    """A tool that shows a preview item while dragging; Esc / cancel removes it."""

    preview: QGraphicsItem | None = None

    def _drop_preview(self) -> None:
        if self.preview is not None:
            self.ctl.scene.removeItem(self.preview)
            self.preview = None

    def cancel(self):
        self._drop_preview()
        return super().cancel()


# ============================================================================= select
class SelectTool(Tool):
    """Select, move (drag), resize and rotate (handles); anything else goes to the scene."""

    name, title, shortcut = "select", "Select", "V"
    tip = "Select, move, resize and rotate marks; click a part of the drawing to explain it"
    cursor = None

    def __init__(self, ctl):
        super().__init__(ctl)
        self.mode = ""            # "", "move", "resize", "rotate"
        self.moving: list[MarkItem] = []
        self.handle = ""
        self.lesion: LesionItem | None = None
        self.grip: GripItem | None = None
        self.start = QPointF()
        self.dragged = False

    def press(self, pos, event):
        self.press_view = event.position().toPoint()
        hit = self.ctl.item_at(self.press_view)
        if isinstance(hit, GripItem):          # a stamp's or shape's resize / rotate grip
            self.mode, self.grip = "grip", hit
        elif isinstance(hit, HandleItem):
            self.mode = "rotate" if hit.name == geometry.ROTATE_HANDLE else "resize"
            self.handle, self.lesion = hit.name, hit.lesion
        elif isinstance(hit, MarkItem):
            mods = event.modifiers()
            if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
                hit.setSelected(not hit.isSelected())
                if not hit.isSelected():
                    self.active = True
                    self.mode = ""
                    return True
            elif not hit.isSelected():
                self.ctl.select([hit.mark_id])
            self.mode = "move"
            self.moving = self.ctl.layer.selected_items()
        else:
            self.ctl.select([])
            return False       # the scene: structure click, the view: pan
        self.start = pos
        self.active = True
        self.dragged = False
        return True

    def move(self, pos, event):
        if not self.mode:
            return True
        if not self.dragged and not self._far(event):
            return True
        self.dragged = True
        if self.mode == "move":
            d = pos - self.start
            for it in self.moving:
                it.set_offset(d.x(), d.y())
        elif self.mode == "resize" and self.lesion is not None:
            cx, cy, rx, ry, rot = self.lesion.model_geometry
            alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            g = geometry.resize_by_handle(cx, cy, rx, ry, rot, self.handle, pos.x(), pos.y(),
                                          from_centre=alt)
            self.lesion.preview_geometry(*g, rot)
        elif self.mode == "grip":
            self.grip.drag(pos, event.modifiers())
        elif self.mode == "rotate" and self.lesion is not None:
            cx, cy, rx, ry, _ = self.lesion.model_geometry
            snap = 15.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 0.0
            rot = geometry.rotation_towards(cx, cy, pos.x(), pos.y(), snap)
            self.lesion.preview_geometry(cx, cy, rx, ry, rot)
        return True

    def release(self, pos, event):
        mode, self.mode = self.mode, ""
        self.active = False
        if not self.dragged or not mode:
            return True
        ctl = self.ctl
        if mode == "move":
            d = pos - self.start
            ids = [it.mark_id for it in self.moving]
            self.moving = []
            if not ctl.push(MoveMarks(ctl.document, ids, d.x(), d.y(), suggest=ctl.suggest)):
                ctl.layer.sync()
        elif mode == "grip":
            cmd, self.grip = self.grip.command(ctl.document), None
            if cmd is None or not ctl.push(cmd):
                ctl.layer.sync()
        elif self.lesion is not None:
            lesion_id = self.lesion.mark_id
            cx, cy, rx, ry, rot = self.lesion.geometry()
            self.lesion = None
            cmd = (ResizeLesion(ctl.document, lesion_id, cx, cy, rx, ry, suggest=ctl.suggest)
                   if mode == "resize" else
                   RotateLesion(ctl.document, lesion_id, rot, suggest=ctl.suggest))
            if not ctl.push(cmd):
                ctl.layer.sync()
        return True

    def double_click(self, pos, event):
        hit = self.ctl.item_at(event.position().toPoint())
        if isinstance(hit, TextNoteItem):
            self.ctl.tools["text"].edit(hit.mark_id)
            return True
        if isinstance(hit, LesionItem):
            self.ctl.lesionActivated.emit(hit.mark_id)
            return True
        return False

    def cancel(self):
        if not self.active:
            return False
        self.active = False
        self.mode = ""
        self.moving = []
        self.lesion = None
        self.grip = None
        self.ctl.layer.sync()   # every preview goes back to what the model says
        return True


# ============================================================================= lesion
class LesionTool(_PreviewTool):
    """Click to place a lesion marker of a typical size; drag to draw its ellipse."""

    name, title, shortcut = "lesion", "Lesion", "L"
    tip = "Lesion marker: click to place, or drag to draw its outline (Shift: circle)"
    sticky = False

    def __init__(self, ctl):
        super().__init__(ctl)
        self.start = QPointF()
        self.preview: LesionItem | None = None

    def press(self, pos, event):
        self.press_view = event.position().toPoint()
        self.start = pos
        self.active = True
        return True

    def _ellipse(self, pos: QPointF, event) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = self.start.x(), self.start.y(), pos.x(), pos.y()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            side = max(abs(x1 - x0), abs(y1 - y0))
            x1 = x0 + math.copysign(side, x1 - x0 or 1)
            y1 = y0 + math.copysign(side, y1 - y0 or 1)
        return geometry.ellipse_from_corners(x0, y0, x1, y1)

    def move(self, pos, event):
        if self.preview is None and not self._far(event):
            return True
        proxy = self.ctl.new_lesion(*self._ellipse(pos, event))
        proxy.id = "preview"
        if self.preview is None:
            self.preview = LesionItem(proxy)
            self.preview.setZValue(PREVIEW_Z)
            self.preview.setOpacity(0.8)
            self.ctl.scene.addItem(self.preview)
        else:
            self.preview.sync(proxy)
        return True

    def release(self, pos, event):
        if self.preview is not None:
            cx, cy, rx, ry = self._ellipse(pos, event)
        else:
            cx, cy, rx, ry = pos.x(), pos.y(), None, None
        self._drop_preview()
        self.ctl.add_lesion(cx, cy, rx, ry)
        self._finish()
        return True



# ================================================================================ pen
class PenTool(Tool):
    """Freehand: the stroke is smoothed on release and stored as a compact polyline.

    While drawing, the preview is a chain of short path items: finished pieces are cached as
    pixmaps, so each mouse move only re-rasterises the last few segments, however long the
    stroke gets.
    """

    name, title, shortcut = "pen", "Pen", "P"
    tip = "Pen: draw freehand (smoothed when you let go)"
    CHUNK = 24          # points per preview piece

    def __init__(self, ctl):
        super().__init__(ctl)
        self.points: list[tuple[float, float]] = []
        self.path = QPainterPath()
        self.pieces: list[QGraphicsPathItem] = []
        self.last_view = QPoint()

    @property
    def preview(self) -> QGraphicsPathItem | None:
        return self.pieces[-1] if self.pieces else None

    def _new_piece(self, start: QPointF) -> None:
        if self.pieces:
            self.pieces[-1].setCacheMode(QGraphicsPathItem.CacheMode.DeviceCoordinateCache)
        piece = QGraphicsPathItem()
        pen = QPen(QColor(self.ctl.colour), self.ctl.width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        piece.setPen(pen)
        piece.setZValue(PREVIEW_Z)
        self.ctl.scene.addItem(piece)
        self.pieces.append(piece)
        self.path = QPainterPath(start)
        self.piece_points = 1

    def press(self, pos, event):
        self.press_view = self.last_view = event.position().toPoint()
        self.points = [(pos.x(), pos.y())]
        self._new_piece(pos)
        self.active = True
        return True

    def move(self, pos, event):
        p = event.position().toPoint()
        if (p - self.last_view).manhattanLength() < 1:
            return True
        self.last_view = p
        self.points.append((pos.x(), pos.y()))
        if self.piece_points >= self.CHUNK:
            last = QPointF(*self.points[-2])
            self._new_piece(last)
        self.path.lineTo(pos)
        self.piece_points += 1
        self.pieces[-1].setPath(self.path)
        return True

    def release(self, pos, event):
        if (pos.x(), pos.y()) != self.points[-1]:
            self.points.append((pos.x(), pos.y()))
        self._drop_preview()
        raw, self.points = self.points, []
        if geometry.polyline_length(raw) * self.ctl.view_scale() >= 3:
            tolerance = 2.0 / max(self.ctl.view_scale(), 1e-6)
            points = geometry.smooth_stroke(raw, tolerance)
            while len(points) > MAX_STROKE_POINTS:  # a very long scribble: simplify more
                tolerance *= 2
                points = geometry.smooth_stroke(raw, tolerance)
            stroke = self._stroke(points)
            self.ctl.push(AddMark(self.ctl.document, stroke))
        self._finish()
        return True

    def _stroke(self, points: list[tuple[float, float]]) -> Stroke:
        return Stroke(view=self.ctl.view_name, color=self.ctl.colour, width=self.ctl.width,
                      points=points)

    def _drop_preview(self) -> None:
        for piece in self.pieces:
            if piece.scene() is not None:
                piece.scene().removeItem(piece)
        self.pieces = []

    def cancel(self):
        self._drop_preview()
        self.points = []
        return super().cancel()


# ============================================================================== arrow
class ArrowTool(_PreviewTool):
    name, title, shortcut = "arrow", "Arrow", "A"
    tip = "Arrow: drag from the tail to the point"

    def __init__(self, ctl):
        super().__init__(ctl)
        self.start = QPointF()
        self.preview: ArrowItem | None = None

    def _arrow(self, pos: QPointF) -> Arrow:
        return Arrow(view=self.ctl.view_name, x1=self.start.x(), y1=self.start.y(),
                     x2=pos.x(), y2=pos.y(), color=self.ctl.colour, width=self.ctl.width)

    def press(self, pos, event):
        self.press_view = event.position().toPoint()
        self.start = pos
        self.active = True
        return True

    def move(self, pos, event):
        if self.preview is None and not self._far(event):
            return True
        arrow = self._arrow(pos)
        arrow.id = "preview"
        if self.preview is None:
            self.preview = ArrowItem(arrow)
            self.preview.setZValue(PREVIEW_Z)
            self.ctl.scene.addItem(self.preview)
        else:
            self.preview.sync(arrow)
        return True

    def release(self, pos, event):
        self._drop_preview()
        far = (event.position().toPoint() - self.press_view).manhattanLength() >= MIN_ARROW_PX
        if far:
            self.ctl.push(AddMark(self.ctl.document, self._arrow(pos)))
        self._finish()
        return True



# =============================================================================== text
class NoteEditor(QLineEdit):
    """The inline editor of a text note: Enter keeps, Esc cancels, clicking away keeps."""

    cancelled = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)


class TextTool(Tool):
    """Click where the callout goes, type, Enter. Double-click a note (Select) to edit it."""

    name, title, shortcut = "text", "Text", "T"
    tip = "Text callout: click where it goes, type, press Enter"
    cursor = Qt.CursorShape.IBeamCursor
    sticky = False

    def __init__(self, ctl):
        super().__init__(ctl)
        self.editor: NoteEditor | None = None
        self.at = QPointF()
        self.note_id: str | None = None

    def press(self, pos, event):
        self.commit()
        self.press_view = event.position().toPoint()
        self.active = True
        return True

    def release(self, pos, event):
        self.active = False
        self.open_editor(pos, "", None)
        return True

    def edit(self, note_id: str) -> None:
        note = get_mark(self.ctl.document.consultation, note_id)
        self.open_editor(QPointF(note.x, note.y), note.text, note_id)
        item = self.ctl.layer.items.get(note_id)
        if item is not None:
            item.setVisible(False)

    def open_editor(self, pos: QPointF, text: str, note_id: str | None) -> None:
        self.close_editor()
        view = self.ctl.view
        self.at, self.note_id = QPointF(pos), note_id
        ed = NoteEditor(view.viewport())
        ed.setObjectName("note_editor")
        ed.setAccessibleName("Text of the note")
        ed.setPlaceholderText("Type, then Enter")
        font = ed.font()
        font.setBold(True)
        font.setPixelSize(max(9, int(NOTE_PX * self.ctl.view_scale())))
        ed.setFont(font)
        ed.setText(text.replace("\n", " / "))
        ed.setMinimumWidth(160)
        ed.adjustSize()
        ed.move(view.mapFromScene(pos) - QPoint(4, 3))
        ed.returnPressed.connect(lambda: self.commit(refocus=True))
        ed.editingFinished.connect(self.commit)
        ed.cancelled.connect(self.close_editor)
        ed.show()
        ed.setFocus(Qt.FocusReason.OtherFocusReason)
        self.editor = ed

    def commit(self, refocus: bool = False) -> None:
        ed = self.editor
        if ed is None:
            return
        text = "\n".join(p.strip() for p in strip_bidi(ed.text()).split(" / ") if p.strip())
        note_id, at = self.note_id, self.at
        self.close_editor(refocus)
        doc = self.ctl.document
        if note_id is None:
            if text:
                note = TextNote(view=self.ctl.view_name, x=at.x(), y=at.y(), text=text,
                                color=self.ctl.text_colour)
                self.ctl.push(AddMark(doc, note))
                self.ctl.select([note.id])
        elif text:
            self.ctl.push(EditText(doc, note_id, text))
        else:
            self.ctl.push(RemoveMarks(doc, [note_id]))
        self._finish()

    def close_editor(self, refocus: bool = True) -> bool:
        ed, self.editor = self.editor, None
        if ed is None:
            return False
        for sig in (ed.returnPressed, ed.editingFinished, ed.cancelled):
            try:
                sig.disconnect()
            except (RuntimeError, TypeError):
                pass
        ed.hide()
        ed.deleteLater()
        if self.note_id is not None:
            self.ctl.layer.sync()
            item = self.ctl.layer.items.get(self.note_id)
            if item is not None:
                item.setVisible(True)
        self.note_id = None
        if refocus:
            self.ctl.view.setFocus()
        return True

    def cancel(self):
        closed = self.close_editor()
        return super().cancel() or closed

    def deactivate(self) -> None:
        self.commit()
        super().deactivate()


# ============================================================================= eraser
class EraserTool(Tool):
    """Click a mark, or drag across marks, to delete them (one history entry per gesture)."""

    name, title, shortcut = "eraser", "Eraser", "E"
    tip = "Eraser: click or drag across marks to delete them"
    cursor = Qt.CursorShape.PointingHandCursor

    def __init__(self, ctl):
        super().__init__(ctl)
        self.erased: list[MarkItem] = []

    def _erase_at(self, event) -> None:
        for it in self.ctl.items_near(event.position().toPoint(), 4):
            if it not in self.erased:
                it.setVisible(False)
                self.erased.append(it)

    def press(self, pos, event):
        self.erased = []
        self.active = True
        self._erase_at(event)
        return True

    def move(self, pos, event):
        self._erase_at(event)
        return True

    def release(self, pos, event):
        ids = [it.mark_id for it in self.erased]
        self.erased = []
        if ids:
            self.ctl.push(RemoveMarks(self.ctl.document, ids, verb="Erase"))
        self._finish()
        return True

    def cancel(self):
        for it in self.erased:
            it.setVisible(True)
        self.erased = []
        return super().cancel()


_HANDLED = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick, QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride}

TOOL_CLASSES = (SelectTool, LesionTool, PenTool, ArrowTool, TextTool, EraserTool)


# ======================================================================= the manager
class ToolManager(QObject):
    """Feeds the view's mouse and key events to the current tool (an event filter)."""

    def __init__(self, ctl: ToolHost, view: QGraphicsView):
        super().__init__(ctl if isinstance(ctl, QObject) else None)
        self.ctl = ctl
        self.view = view
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)

    @property
    def tool(self) -> Tool:
        return self.ctl.tool

    def _scene_pos(self, event: QMouseEvent) -> QPointF:
        inverse, _ok = self.view.viewportTransform().inverted()
        return inverse.map(event.position())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        t = event.type()
        if t not in _HANDLED or not self.ctl.enabled:
            return False          # (also keeps teardown events away from half-deleted widgets)
        if obj is self.view.viewport() and isinstance(event, QMouseEvent):
            if t == QEvent.Type.MouseButtonPress:
                tool = self.tool
                if _is_left(event):
                    self.view.setFocus(Qt.FocusReason.MouseFocusReason)
                    return tool.press(self._scene_pos(event), event)
                if tool.active:          # another button during a drag: cancel it
                    tool.cancel()
                    return True
            elif t == QEvent.Type.MouseMove:
                tool = self.tool
                if tool.active:
                    return tool.move(self._scene_pos(event), event)
                return tool.hover(self._scene_pos(event), event)
            elif t == QEvent.Type.MouseButtonRelease:
                tool = self.tool
                if _is_left(event) and tool.active:
                    return tool.release(self._scene_pos(event), event)
                return tool.active
            elif t == QEvent.Type.MouseButtonDblClick:
                if _is_left(event):
                    return self.tool.double_click(self._scene_pos(event), event)
        elif obj is self.view and isinstance(event, QKeyEvent) \
                and t in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return self._key(event, t == QEvent.Type.ShortcutOverride)
        return False

    def _key(self, event: QKeyEvent, override: bool) -> bool:
        key = event.key()
        ctl = self.ctl
        if key == Qt.Key.Key_Escape:
            if self.tool.active or self.tool.pending() or \
                    (self.tool.name == "text" and getattr(self.tool, "editor", None) is not None):
                if not override:
                    self.tool.cancel()
                event.accept()
                return True
            if ctl.selected_ids():
                if not override:
                    ctl.select([])
                event.accept()
                return True
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.tool.active \
                and hasattr(self.tool, "place_at_centre"):
            if not override:       # a shape or stamp tool: place one without the mouse
                self.tool.place_at_centre()
            event.accept()
            return True
        if self.tool.active or not ctl.selected_ids():
            return False
        turns: dict[int, tuple[float, float]] = {
            Qt.Key.Key_BracketLeft: (1.0, -TURN_STEP), Qt.Key.Key_BracketRight: (1.0, TURN_STEP),
            Qt.Key.Key_Plus: (SCALE_STEP, 0.0), Qt.Key.Key_Equal: (SCALE_STEP, 0.0),
            Qt.Key.Key_Minus: (1 / SCALE_STEP, 0.0)}
        if key in turns and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            cmd = TransformMarks(ctl.document, ctl.selected_ids(), *turns[key], keyboard=True)
            if cmd.isObsolete():
                return False          # no stamp or shape selected
            if not override:
                ids = ctl.selected_ids()
                ctl.push(cmd)
                ctl.select(ids)
            event.accept()
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if not override:
                ctl.delete_selected()
            event.accept()
            return True
        step = NUDGE_BIG if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else NUDGE
        moves: dict[int, tuple[float, float]] = {
            Qt.Key.Key_Left: (-step, 0), Qt.Key.Key_Right: (step, 0),
            Qt.Key.Key_Up: (0, -step), Qt.Key.Key_Down: (0, step)}
        if key in moves:
            if not override:
                ctl.nudge(*moves[key])
            event.accept()
            return True
        return False
