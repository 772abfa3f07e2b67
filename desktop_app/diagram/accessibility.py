"""The drawing for screen readers: each anatomical part and each mark an accessible child of
the diagram view.

Qt's accessibility tree stops at a QGraphicsView ("Anatomy diagram", nothing inside). Here the
view gets its own interface (``DiagramAccessible``, installed with ``QAccessible.installFactory``)
whose children are small QObjects, one for each part of the drawing on screen and each mark on
it (``Thing``): a part by its plain name, with its plain explanation as the description; a mark
by its number, label and size ("Lesion 1 — cyst behind the rectum", "about 3.0 × 2.2 cm").
They follow the drawing (view, variant, language) and the marks as they change.

Keyboard: with the drawing focused, Page Down / Page Up go to the next / previous part or
mark — a part is outlined and explained as a click would, a mark is selected — and the screen
reader is told which one has the focus.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt
from PySide6.QtGui import (QAccessible, QAccessibleEvent, QAccessibleInterface, QAccessibleObject,
                           QKeyEvent)
from PySide6.QtWidgets import QAccessibleWidget, QGraphicsView

from desktop_app.document import Change
from desktop_app.model import lesions as lesion_rules

# (the methods returning a child may return None: Qt's nullptr for "none", which PySide6's
# type stubs do not allow; hence the ``type: ignore[override]`` on them)
Maybe = QAccessibleInterface | None
PART, MARK = "part", "mark"
MARK_NAMES = {"strokes": "Pen line", "arrows": "Arrow", "texts": "Note", "shapes": "Shape",
              "stamps": "Stamp"}
SHAPE_NAMES = {"ellipse": "Ellipse", "rect": "Rectangle", "area": "Area"}


class Thing(QObject):
    """One part or mark as a screen reader sees it."""

    def __init__(self, view: QGraphicsView, kind: str, ident: str, name: str,
                 description: str, scene_rect: QRectF):
        super().__init__(view)
        self.setObjectName(f"{kind}:{ident}")
        self.kind, self.ident = kind, ident
        self.name, self.description = name, description
        self.scene_rect = scene_rect

    def view(self) -> QGraphicsView:
        parent = self.parent()
        assert isinstance(parent, QGraphicsView)
        return parent

    def screen_rect(self) -> QRect:
        """Where it is on the screen (global coordinates), as a screen reader wants it."""
        view = self.view()
        local = view.mapFromScene(self.scene_rect).boundingRect()
        local = local.intersected(view.viewport().rect())
        return local.translated(view.viewport().mapToGlobal(local.topLeft()) - local.topLeft())


class ThingAccessible(QAccessibleObject):
    """The interface of a part or a mark: name, description, role, place; no children."""

    def thing(self) -> Thing:
        obj = self.object()
        assert isinstance(obj, Thing)
        return obj

    def text(self, t: QAccessible.Text) -> str:
        thing = self.thing()
        if t == QAccessible.Text.Name:
            return thing.name
        if t == QAccessible.Text.Description:
            return thing.description
        return ""

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.Graphic

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        state.focusable = True
        state.selectable = True
        access = _access_of(self.thing().view())
        if access is not None and access.current is self.thing():
            state.focused = True
            state.selected = True
        return state

    def rect(self) -> QRect:
        return self.thing().screen_rect()

    def parent(self) -> Maybe:  # type: ignore[override]
        return QAccessible.queryAccessibleInterface(self.thing().view())

    def childCount(self) -> int:  # noqa: N802 - Qt API
        return 0

    def child(self, _index: int) -> Maybe:  # type: ignore[override]
        return None

    def indexOfChild(self, _child: QAccessibleInterface) -> int:  # noqa: N802 - Qt API
        return -1

    def childAt(self, _x: int, _y: int) -> Maybe:  # type: ignore[override]  # noqa: N802 - Qt API
        return None


class DiagramAccessible(QAccessibleWidget):
    """The diagram view's interface: the view's own name, the parts and marks as children."""

    def __init__(self, view: QGraphicsView):
        super().__init__(view, QAccessible.Role.Graphic)

    def _things(self) -> list[Thing]:
        access = _access_of(self.widget())
        return access.things() if access is not None else []

    def childCount(self) -> int:  # noqa: N802 - Qt API
        return len(self._things())

    def child(self, index: int) -> Maybe:  # type: ignore[override]
        things = self._things()
        if 0 <= index < len(things):
            return QAccessible.queryAccessibleInterface(things[index])
        return None

    def indexOfChild(self, child: QAccessibleInterface) -> int:  # noqa: N802 - Qt API
        things = self._things()
        obj = child.object() if child is not None else None
        return things.index(obj) if obj in things else -1

    def focusChild(self) -> Maybe:  # type: ignore[override]  # noqa: N802 - Qt API
        access = _access_of(self.widget())
        if access is not None and access.current is not None:
            return QAccessible.queryAccessibleInterface(access.current)
        return None

    def childAt(self, x: int, y: int) -> Maybe:  # type: ignore[override]  # noqa: N802 - Qt API
        # a mark before the part it sits on; of several, the smallest
        hits = [t for t in self._things() if t.screen_rect().contains(x, y)]
        hits = [t for t in hits if t.kind == MARK] or hits
        if not hits:
            return None
        best = min(hits, key=lambda t: t.screen_rect().width() * t.screen_rect().height())
        return QAccessible.queryAccessibleInterface(best)


class DiagramAccess(QObject):
    """Keeps the view's parts and marks for screen readers in step with the drawing, and walks
    them with Page Down / Page Up."""

    def __init__(self, pane: Any, marks: Any = None, controller: Any = None):
        super().__init__(pane.view)
        self.pane, self.marks, self.controller = pane, marks, controller
        self.view: QGraphicsView = pane.view
        self.view._diagram_access = self     # found by the factory
        self._things: list[Thing] | None = None
        self.current: Thing | None = None
        pane.drawingChanged.connect(self.invalidate)
        pane.document.changed.connect(self._on_changed)
        self.view.installEventFilter(self)

    # ------------------------------------------------------------------ the children
    def things(self) -> list[Thing]:
        if self._things is None:
            self._things = self._parts() + self._marks()
        return self._things

    def invalidate(self) -> None:
        """The drawing or the marks changed: the children are made again when next asked."""
        old = self._things or []
        current = (self.current.kind, self.current.ident) if self.current else None
        self._things = None
        self.current = None
        if current is not None:
            self.current = next((t for t in self.things()
                                 if (t.kind, t.ident) == current), None)
        for thing in old:
            thing.deleteLater()
        if old:
            QAccessible.updateAccessibility(
                QAccessibleEvent(self.view, QAccessible.Event.ObjectReorder))

    def _on_changed(self, kind: Change) -> None:
        if kind in (Change.ANNOTATIONS, Change.ALL, Change.DIAGRAM, Change.FIELDS):
            self.invalidate()

    def _parts(self) -> list[Thing]:
        drawing = getattr(self.pane, "drawing", None)
        if drawing is None:
            return []
        lang = self.pane.language
        out = []
        for sid in drawing.structure_ids:
            s = self.pane.atlas.structure(sid)
            path = self.pane.layer.outline(sid)
            rect = path.boundingRect() if path is not None else QRectF()
            name = s.lay(lang).capitalize()
            if s.medical.strip().lower() != s.lay(lang).strip().lower():
                name += f" — {s.medical}"     # (medical names hold brackets of their own)
            out.append(Thing(self.view, PART, sid, name, s.description(lang), rect))
        return out

    def _marks(self) -> list[Thing]:
        if self.marks is None:
            return []
        consultation = self.pane.document.consultation
        marks = consultation.marks_in(self.marks.view_name)
        items = self.marks.items
        scale = getattr(self.pane.atlas, "scale_px_per_cm", 0) or 0
        out = []

        def add(mark: Any, name: str, description: str) -> None:
            item = items.get(mark.id)
            rect = item.sceneBoundingRect() if item is not None else QRectF()
            out.append(Thing(self.view, MARK, mark.id, name, description, rect))

        for lesion in sorted(marks["lesions"], key=lambda x: x.number):
            add(lesion, lesion_rules.title(lesion), lesion_words(lesion, scale))
        for group in ("stamps", "shapes", "arrows", "strokes", "texts"):
            for i, mark in enumerate(marks[group], start=1):
                name = MARK_NAMES[group]
                if group == "texts":
                    name = f"Note: {' '.join(mark.text.split())}"
                elif group == "shapes":
                    name = SHAPE_NAMES.get(mark.kind, "Shape")
                elif group == "stamps":
                    name = f"Stamp: {stamp_title(mark.kind)}"
                elif group == "strokes" and getattr(mark, "highlight", False):
                    name = "Highlight"
                add(mark, f"{name} {i}" if group != "texts" else name, "")
        return out

    # ------------------------------------------------------------------ the keyboard
    def step(self, delta: int) -> Thing | None:
        """The next (+1) or previous (-1) part or mark gets the focus: a part is outlined and
        explained, a mark selected; the screen reader hears its name."""
        things = self.things()
        if not things:
            return None
        index = things.index(self.current) if self.current in things else (-1 if delta > 0
                                                                          else len(things))
        index = max(0, min(len(things) - 1, index + delta))
        self.current = thing = things[index]
        if thing.kind == PART:
            self.pane.select_structure(thing.ident)
            self.pane.structureActivated.emit(thing.ident)
        elif self.controller is not None:
            self.controller.select([thing.ident])
        self.view.ensureVisible(thing.scene_rect, 20, 20)
        QAccessible.updateAccessibility(QAccessibleEvent(thing, QAccessible.Event.Focus))
        return thing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.view and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent):
            key = event.key()
            mods = event.modifiers()
            if mods == Qt.KeyboardModifier.NoModifier and key in (Qt.Key.Key_PageDown,
                                                                   Qt.Key.Key_PageUp):
                self.step(1 if key == Qt.Key.Key_PageDown else -1)
                return True
        return super().eventFilter(watched, event)


def lesion_words(lesion: Any, px_per_cm: float) -> str:
    """A lesion's size (as typed from the scan report, else as drawn) and what it may be."""
    if lesion.length_cm and lesion.width_cm:
        words = f"Size {lesion_rules.size_words((lesion.length_cm, lesion.width_cm))} cm"
    elif px_per_cm > 0:
        drawn = lesion_rules.drawn_size_cm(lesion, px_per_cm)
        words = f"Drawn about {lesion_rules.size_words(drawn, least=0)} cm"
    else:
        words = ""
    extra = [lesion.appearance] if lesion.appearance and lesion.appearance != "unknown" else []
    text = (lesion.suspected_type_text or lesion.suspected_type or "").replace("_", " ")
    if text:
        extra.append(f"suspected {text}")
    return "; ".join([w for w in [words] + extra if w])


def stamp_title(kind: str) -> str:
    from desktop_app.model.stamps import KINDS

    return KINDS[kind].title if kind in KINDS else kind.replace("_", " ")


def _access_of(widget: Any) -> DiagramAccess | None:
    access = getattr(widget, "_diagram_access", None)
    return access if isinstance(access, DiagramAccess) else None


def _factory(_key: str, obj: QObject) -> QAccessibleInterface | None:
    if isinstance(obj, Thing):
        return ThingAccessible(obj)
    if isinstance(obj, QGraphicsView) and _access_of(obj) is not None:
        return DiagramAccessible(obj)
    return None


_installed = False


def install_diagram_accessibility(pane: Any, marks: Any = None,
                                  controller: Any = None) -> DiagramAccess:
    """Expose ``pane``'s drawing (and the marks of ``marks``, an AnnotationLayer) to screen
    readers; ``controller`` selects a mark reached with the keyboard."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
    return DiagramAccess(pane, marks, controller)
