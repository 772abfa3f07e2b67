"""The annotation layer and its controller: marks on the diagram, tools, selection, style.

* :class:`AnnotationLayer` keeps one graphics item per mark of the *current view* in sync with
  the model. On ``document.changed`` (annotations, diagram or all) it updates items by id
  (cheap when nothing changed), creates the new ones and removes the deleted ones — it never
  rebuilds everything, so a drag stays fast however many marks there are.
* :class:`AnnotationController` owns the layer, the tools (:mod:`.tools`), the current colour
  and pen width, and the approach aid (``suggest``). Every edit goes through
  :meth:`AnnotationController.push` as an undo command.
* :func:`install_annotations` puts all this on a diagram pane (toolbar above the view).
"""

from __future__ import annotations

import logging
from typing import Any, Iterable

from PySide6.QtCore import QObject, QPoint, QRect, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

from desktop_app.diagram.commands import AddMark, MoveMarks, RemoveMarks
from desktop_app.diagram.items import ANNOTATION_Z, ITEM_CLASSES, HandleItem, MarkItem
from desktop_app.diagram.palette import DEFAULT_PEN, DEFAULT_WIDTH
from desktop_app.diagram.shape_tools import ALL_TOOL_CLASSES as TOOL_CLASSES
from desktop_app.diagram.stamp_items import FRAMED_ITEM_CLASSES, GripItem
from desktop_app.diagram.tools import Tool, ToolManager
from desktop_app.document import Change
from desktop_app.model import lesions as lesion_rules
from desktop_app.model import limits
from desktop_app.model.anatomy import approach_in
from desktop_app.model.consultation import Lesion

try:  # shiboken tells whether Qt already deleted an item (e.g. scene.clear())
    from shiboken6 import isValid as _alive
except ImportError:  # pragma: no cover
    def _alive(arg__1: object) -> bool:  # the same signature as shiboken's
        return True

log = logging.getLogger("presacral.annotations")

# stacking: lesions under the drawing marks, text on top
_Z = {"lesions": 0.0, "shapes": 0.5, "strokes": 1.0, "arrows": 2.0, "stamps": 2.5, "texts": 3.0}
_ORDER = ("lesions", "shapes", "strokes", "arrows", "stamps", "texts")
_ITEMS = {**ITEM_CLASSES, **FRAMED_ITEM_CLASSES}


def _set_text_scale(owner: Any, k: float) -> None:
    """Shared by the layer and the controller: both own mark items and a ``sync``."""
    if k == owner.text_scale:
        return
    owner.text_scale = k
    for item in owner.items.values():
        if _alive(item) and hasattr(item, "text_scale"):
            item.text_scale = k
    owner.sync()


class AnnotationLayer(QObject):
    """Graphics items for the marks of one view, following the model."""

    selectionChanged = Signal()
    synced = Signal()                   # the items match the model again (labels re-laid)

    def __init__(self, document, scene: QGraphicsScene, view_name: str = "sagittal",
                 parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self.scene: QGraphicsScene | None = None
        self.view_name = view_name
        self.items: dict[str, MarkItem] = {}
        self._selected: tuple[str, ...] = ()
        self.text_scale = 1.0
        self.set_scene(scene)
        document.changed.connect(self._on_changed)

    # ------------------------------------------------------------------ plumbing
    def set_scene(self, scene: QGraphicsScene) -> None:
        """Follow the diagram to another scene (items are re-created there)."""
        if scene is self.scene:
            return
        if self.scene is not None and _alive(self.scene):
            try:
                self.scene.selectionChanged.disconnect(self._on_scene_selection)
            except (RuntimeError, TypeError):
                pass
            for it in self.items.values():
                if _alive(it) and it.scene() is self.scene:
                    self.scene.removeItem(it)
        self.items = {}
        self.scene = scene
        scene.selectionChanged.connect(self._on_scene_selection)
        self.sync()

    def set_text_scale(self, k: float) -> None:
        """Numbers, labels and text notes ``k`` times their size (presentation mode shows
        them beside large type); the marks' shapes keep their size."""
        _set_text_scale(self, k)

    def set_view(self, view_name: str) -> None:
        if view_name != self.view_name:
            self.view_name = view_name
            self.sync()

    def _on_changed(self, kind: Change) -> None:
        if kind in (Change.ANNOTATIONS, Change.ALL, Change.DIAGRAM):
            self.sync()

    # ------------------------------------------------------------------ sync
    def sync(self) -> None:
        """Make the items match the model: update by id, add new, remove gone."""
        scene = self.scene
        if scene is None or not _alive(scene):
            return
        marks = self.document.consultation.marks_in(self.view_name)
        seen: set[str] = set()
        for group in _ORDER:
            for mark in marks[group]:
                seen.add(mark.id)
                item = self.items.get(mark.id)
                if item is not None and (not _alive(item) or item.scene() is not scene
                                         or type(item) is not _ITEMS[type(mark)]):
                    item = None
                if item is None:
                    item = _ITEMS[type(mark)](mark)
                    if hasattr(item, "text_scale") and self.text_scale != 1.0:
                        item.text_scale = self.text_scale
                        item.sync(mark)
                    item.setZValue(ANNOTATION_Z + _Z[group])
                    scene.addItem(item)
                    self.items[mark.id] = item
                else:
                    item.sync(mark)
                    if not item.isVisible():
                        item.setVisible(True)
        for mark_id in [i for i in self.items if i not in seen]:
            item = self.items.pop(mark_id)
            if _alive(item) and item.scene() is not None:
                item.scene().removeItem(item)
        self._on_scene_selection()
        self.synced.emit()

    # ------------------------------------------------------------------ selection
    def selected_items(self) -> list[MarkItem]:
        return [it for it in self.items.values() if _alive(it) and it.isSelected()]

    def selected_ids(self) -> list[str]:
        return [it.mark_id for it in self.selected_items()]

    def select(self, ids: Iterable[str]) -> None:
        wanted = set(ids)
        scene = self.scene
        if scene is None:
            return
        blocker = scene.signalsBlocked()
        scene.blockSignals(True)
        try:
            for it in scene.selectedItems():
                if not (isinstance(it, MarkItem) and it.mark_id in wanted):
                    it.setSelected(False)
            for mark_id in wanted:
                mark_item = self.items.get(mark_id)
                if mark_item is not None and _alive(mark_item):
                    mark_item.setSelected(True)
        finally:
            scene.blockSignals(blocker)
        self._on_scene_selection()

    def _on_scene_selection(self) -> None:
        now = tuple(self.selected_ids())
        if now != self._selected:
            self._selected = now
            self.selectionChanged.emit()


class AnnotationController(QObject):
    """Tools, selection, style and the approach aid for one diagram view widget."""

    toolChanged = Signal(str)
    selectionChanged = Signal(list)     # ids of the selected marks
    lesionActivated = Signal(str)       # a lesion was double-clicked: show its properties
    styleChanged = Signal()
    limitReached = Signal(str)          # a mark was not added: the visit is at a limit

    def __init__(self, document, view: QGraphicsView, atlas=None, view_name: str | None = None,
                 parent: QObject | None = None):
        super().__init__(parent or view)
        self.document = document
        self.view = view
        self.atlas = atlas
        self.limitReached.connect(self._tell_limit)
        self.enabled = True
        self.colour = DEFAULT_PEN
        self.width = DEFAULT_WIDTH
        name = view_name or str(getattr(document.consultation, "view", "sagittal"))
        self.layer = AnnotationLayer(document, view.scene(), name, self)
        self.layer.selectionChanged.connect(self._emit_selection)
        self.tools: dict[str, Tool] = {cls.name: cls(self) for cls in TOOL_CLASSES}
        self.tool: Tool = self.tools["select"]
        self.manager = ToolManager(self, view)
        document.changed.connect(self._on_changed)

    def _emit_selection(self) -> None:
        self.selectionChanged.emit(self.layer.selected_ids())

    # ------------------------------------------------------------------ context
    @property
    def scene(self) -> QGraphicsScene:
        return self.view.scene()

    @property
    def view_name(self) -> str:
        return self.layer.view_name

    def set_text_scale(self, k: float) -> None:
        """Numbers, labels and text notes ``k`` times their size (presentation mode shows
        them beside large type); the marks' shapes keep their size."""
        _set_text_scale(self, k)

    def set_view(self, view_name: str) -> None:
        """The diagram switched between sagittal and axial: each keeps its own marks."""
        self.tool.cancel()
        self.layer.set_view(view_name)

    def scene_changed(self) -> None:
        """Call when the diagram view got a new scene."""
        self.tool.cancel()
        self.layer.set_scene(self.view.scene())

    def _on_changed(self, kind: Change) -> None:
        if kind == Change.ALL:
            self.tool.cancel()
            if self.view.scene() is not self.layer.scene:
                self.layer.set_scene(self.view.scene())
        if kind in (Change.ALL, Change.DIAGRAM):
            # the diagram shows the consultation's view (another file, undo of a view switch)
            view_name = self.document.consultation.view
            if view_name != self.layer.view_name:
                self.set_view(view_name)

    def view_scale(self) -> float:
        """Screen pixels per diagram unit at the current zoom."""
        t = self.view.transform()
        return max(1e-6, (abs(t.m11() * t.m22() - t.m12() * t.m21())) ** 0.5)

    @property
    def drawing(self):
        """The atlas drawing for the current view and variant (None without an atlas)."""
        if self.atlas is None:
            return None
        try:
            return self.atlas.drawing(self.view_name, self.document.consultation.variant)
        except KeyError:
            return None

    @property
    def scale_px_per_cm(self) -> float:
        d = self.drawing
        if d is not None and getattr(d, "scale_px_per_cm", None):
            return float(d.scale_px_per_cm)
        if self.atlas is not None:
            return float(self.atlas.scale_px_per_cm)
        return 20.0

    def suggest(self, lesion) -> Any:
        """The S3 approach aid for ``lesion`` (None on the axial view or without an atlas)."""
        return approach_in(self.atlas, self.document.consultation.variant, lesion)

    def add_lesion(self, cx: float, cy: float, rx: float | None = None,
                   ry: float | None = None) -> str:
        """Add the next numbered lesion (default size unless given), with its approach aid,
        as one undo step, and select it. Used by the Lesion tool and the keyboard command."""
        if rx is None or ry is None:
            rx, ry = lesion_rules.default_radii(self.scale_px_per_cm)
        lesion = self.new_lesion(cx, cy, rx, ry)
        self.push(AddMark(self.document, lesion))
        self.select([lesion.id])
        return lesion.id

    def new_lesion(self, cx: float, cy: float, rx: float, ry: float) -> Lesion:
        """The lesion a click or drag here would add (numbered, coloured, with its aid)."""
        lesion = lesion_rules.new_on_drawing(self.document.consultation.lesions, self.view_name,
                                             cx, cy, rx, ry)
        for k, v in lesion_rules.approach_update(lesion, self.suggest).items():
            setattr(lesion, k, v)
        return lesion

    # ------------------------------------------------------------------ tools
    def set_tool(self, name: str) -> None:
        if name not in self.tools:
            raise KeyError(name)
        if self.tool.name == name:
            return
        self.tool.deactivate()
        self.tool = self.tools[name]
        self.tool.activate()
        if self.tool.cursor is not None and hasattr(self.view, "set_hovered"):
            self.view.set_hovered(None)    # drawing tools do not highlight structures
        vp = self.view.viewport()
        if self.tool.cursor is None:
            vp.unsetCursor()
        else:
            vp.setCursor(self.tool.cursor)
        self.toolChanged.emit(name)

    @property
    def text_colour(self) -> str:
        """Text marks take the colour the toolbar shows, like every other mark."""
        return self.colour

    def set_style(self, colour: str | None = None, width: float | None = None) -> None:
        if colour is not None:
            self.colour = colour
        if width is not None:
            self.width = float(width)
        self.styleChanged.emit()

    # ------------------------------------------------------------------ edits
    def push(self, command: QUndoCommand) -> bool:
        """Push an undo command; a command with nothing to change is dropped (False), and so
        is a new mark over the visit's limits (model/limits.py: limitReached says why)."""
        if command.isObsolete():
            return False
        if isinstance(command, AddMark):
            refusal = limits.room_for(self.document.consultation, command.mark)
            if refusal is not None:
                self.limitReached.emit(refusal)
                return False
        self.document.push(command)
        return True

    def _tell_limit(self, message: str) -> None:
        """Say why the mark was not added, where the user is drawing (no dialog to click)."""
        from PySide6.QtWidgets import QToolTip

        vp = self.view.viewport()
        QToolTip.showText(vp.mapToGlobal(vp.rect().center()), message, vp)

    def select(self, ids: Iterable[str]) -> None:
        self.layer.select(ids)

    def selected_ids(self) -> list[str]:
        return self.layer.selected_ids()

    def delete_selected(self) -> bool:
        ids = self.selected_ids()
        return bool(ids) and self.push(RemoveMarks(self.document, ids))

    def nudge(self, dx: float, dy: float) -> bool:
        ids = self.selected_ids()
        ok = bool(ids) and self.push(MoveMarks(self.document, ids, dx, dy, nudge=True,
                                               suggest=self.suggest))
        if ok:
            self.layer.select(ids)
        return ok

    # ------------------------------------------------------------------ hit testing
    def item_at(self, viewport_pos: QPoint):
        """The topmost mark or lesion handle under a viewport point, or None."""
        for it in self.view.items(viewport_pos):
            if isinstance(it, (HandleItem, GripItem)) or (
                    isinstance(it, MarkItem) and it.isVisible()
                    and self.layer.items.get(it.mark_id) is it):
                return it
        return None

    def items_near(self, viewport_pos: QPoint, radius: int) -> list[MarkItem]:
        rect = QRect(viewport_pos.x() - radius, viewport_pos.y() - radius,
                     2 * radius + 1, 2 * radius + 1)
        return [it for it in self.view.items(rect)
                if isinstance(it, MarkItem) and it.isVisible()
                and self.layer.items.get(it.mark_id) is it]

    def lesion(self, lesion_id: str | None):
        """The model lesion with this id, or None."""
        if not lesion_id:
            return None
        for lesion in self.document.consultation.lesions:
            if lesion.id == lesion_id:
                return lesion
        return None

    def selected_lesion(self):
        """The one selected lesion (None if no lesion or several marks are selected)."""
        ids = self.selected_ids()
        if len(ids) != 1:
            return None
        return self.lesion(ids[0])


def install_annotations(pane, document, atlas=None):
    """Put the annotation tools on a diagram pane; returns the :class:`AnnotationController`.

    ``pane`` is the diagram engineer's ``DiagramPane`` (it has ``view``, a vertical layout with
    its own toolbar above the view, and ``viewChanged``). The drawing toolbar goes between the
    pane's toolbar and the view; the tools filter the view's events; the marks follow the view
    the pane shows. Returns None when ``pane`` has no graphics view (no atlas installed).
    """
    from desktop_app.diagram.annotation_toolbar import AnnotationToolbar

    view = getattr(pane, "view", None)
    if not isinstance(view, QGraphicsView):
        return None
    ctl = AnnotationController(document, view, atlas,
                               view_name=document.consultation.view, parent=pane)
    ctl.toolbar = AnnotationToolbar(ctl, shortcut_scope=pane, parent=pane)
    layout = pane.layout()
    if layout is not None and layout.indexOf(view) >= 0:
        layout.insertWidget(layout.indexOf(view), ctl.toolbar)
    else:  # pragma: no cover - a pane laid out differently
        ctl.toolbar.setParent(pane)
    if hasattr(pane, "viewChanged"):
        pane.viewChanged.connect(ctl.set_view)
    if hasattr(pane, "place_labels"):
        # the marks' words and the anatomy labels are laid out together
        ctl.layer.synced.connect(pane.place_labels)
        pane.place_labels()
    return ctl
