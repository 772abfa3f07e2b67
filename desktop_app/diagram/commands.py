"""Undo commands for the marks on the diagram (lesions, pen strokes, arrows, text notes).

Every command changes *only the model* (the Consultation held by the Document) and then calls
``document.notify(Change.ANNOTATIONS)``; the graphics items follow that signal. Marks are found by
id, so a command stays valid however the items on screen are rebuilt. Each command has a
readable text for the Edit menu and the history ("Add lesion 2", "Move 3 marks").

Commands that change a lesion's geometry also refresh its approach suggestion (the S3 aid)
inside the same command, so undo restores both together. They take ``suggest``: a function
``lesion -> ApproachSuggestion | None`` (None for views without an S3 line).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Iterable

from PySide6.QtGui import QUndoCommand

from desktop_app.document import Change
from desktop_app.model import lesions as lesion_rules
from desktop_app.model.plaintext import strip_bidi
from desktop_app.model.consultation import (Arrow, Consultation, Lesion, Shape, Stamp, Stroke,
                                            TextNote)
from desktop_app.model.lesions import Suggest, approach_update
from desktop_app.model.stamps import KINDS as STAMP_KINDS
from desktop_app.model.stamps import highlight_width

KIND = Change.ANNOTATIONS
LISTS: dict[type, str] = {Lesion: "lesions", Stroke: "strokes", Arrow: "arrows",
                          TextNote: "texts", Shape: "shapes", Stamp: "stamps"}

_ID_NUDGE = 0x5C1
_ID_LESION_TEXT = 0x5C2
_ID_NOTE_TEXT = 0x5C3

GEOMETRY = ("cx", "cy", "rx", "ry", "rotation")
APPROACH = ("approach", "approach_reason", "approach_status")


# ------------------------------------------------------------------------------ helpers
def list_name(mark: Any) -> str:
    return LISTS[type(mark)]


def find_mark(consultation: Consultation, mark_id: str) -> tuple[str, int, Any] | None:
    """(list name, index, mark) of the mark with ``mark_id``, or None."""
    for name in LISTS.values():
        for i, mark in enumerate(getattr(consultation, name)):
            if mark.id == mark_id:
                return name, i, mark
    return None


def get_mark(consultation: Consultation, mark_id: str) -> Any:
    found = find_mark(consultation, mark_id)
    if found is None:
        raise KeyError(mark_id)
    return found[2]


def describe(mark: Any) -> str:
    """What the history calls one mark: "lesion 2", "pen stroke", "arrow", "text"."""
    if isinstance(mark, Lesion):
        return lesion_rules.name(mark)
    if isinstance(mark, Stroke):
        return "highlight" if mark.highlight else "pen stroke"
    if isinstance(mark, Arrow):
        return "arrow"
    if isinstance(mark, Shape):
        return {"ellipse": "ellipse", "rect": "rectangle"}.get(mark.kind, "area")
    if isinstance(mark, Stamp):
        kind = STAMP_KINDS.get(mark.kind)
        return f"stamp ({kind.title.lower()})" if kind else "stamp"
    return "text"


def describe_many(marks: list[Any]) -> str:
    if len(marks) == 1:
        return describe(marks[0])
    if marks and all(isinstance(m, Lesion) for m in marks):
        return "lesions " + ", ".join(str(m.number) for m in sorted(marks, key=lambda m: m.number))
    return f"{len(marks)} marks"


def lesion_changes(lesion: Lesion, suggest: Suggest | None = None, **geometry: float) -> dict:
    """New field values for a lesion moved / resized / rotated to ``geometry``."""
    changes: dict[str, Any] = {k: float(v) for k, v in geometry.items()}
    if suggest is not None:
        changes.update(approach_update(dataclasses.replace(lesion, **changes), suggest))
    return changes


def translated(mark: Any, dx: float, dy: float) -> dict:
    """Field values of ``mark`` moved by (dx, dy)."""
    if isinstance(mark, Lesion):
        return {"cx": mark.cx + dx, "cy": mark.cy + dy}
    if isinstance(mark, Stroke):
        return {"points": [(x + dx, y + dy) for x, y in mark.points]}
    if isinstance(mark, Arrow):
        return {"x1": mark.x1 + dx, "y1": mark.y1 + dy, "x2": mark.x2 + dx, "y2": mark.y2 + dy}
    if isinstance(mark, Shape):
        if mark.kind == "area":
            return {"points": [(x + dx, y + dy) for x, y in mark.points]}
        return {"cx": mark.cx + dx, "cy": mark.cy + dy}
    return {"x": mark.x + dx, "y": mark.y + dy}


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


# ---------------------------------------------------------------------- add / remove
class AddMark(QUndoCommand):
    """Add one mark (lesion, stroke, arrow or text) to the consultation."""

    def __init__(self, document, mark: Any, text: str | None = None,
                 parent: QUndoCommand | None = None):
        super().__init__(text or f"Add {describe(mark)}", parent)
        self.document = document
        self.mark = mark
        self.index: int | None = None

    def redo(self) -> None:
        marks = getattr(self.document.consultation, list_name(self.mark))
        if self.index is None or self.index > len(marks):
            self.index = len(marks)
        marks.insert(self.index, self.mark)
        self.document.notify(KIND)

    def undo(self) -> None:
        marks = getattr(self.document.consultation, list_name(self.mark))
        marks[:] = [m for m in marks if m.id != self.mark.id]
        self.document.notify(KIND)


class RemoveMarks(QUndoCommand):
    """Delete marks by id; undo puts each back at its place in its list."""

    def __init__(self, document, ids: Iterable[str], text: str | None = None,
                 verb: str = "Delete", parent: QUndoCommand | None = None):
        super().__init__(parent)
        self.document = document
        found = [find_mark(document.consultation, i) for i in dict.fromkeys(ids)]
        self.removed = sorted((f for f in found if f is not None), key=lambda f: (f[0], f[1]))
        self.setText(text or f"{verb} {describe_many([f[2] for f in self.removed])}")
        if not self.removed:
            self.setObsolete(True)

    @property
    def ids(self) -> list[str]:
        return [m.id for _, _, m in self.removed]

    def redo(self) -> None:
        c = self.document.consultation
        gone = set(self.ids)
        for name in {n for n, _, _ in self.removed}:
            getattr(c, name)[:] = [m for m in getattr(c, name) if m.id not in gone]
        self.document.notify(KIND)

    def undo(self) -> None:
        c = self.document.consultation
        for name, index, mark in self.removed:        # ascending index within each list
            marks = getattr(c, name)
            marks.insert(min(index, len(marks)), mark)
        self.document.notify(KIND)


# ------------------------------------------------------------------- field changes
class SetMarkFields(QUndoCommand):
    """Set fields of marks, by id: ``changes = {mark_id: {field: new value}}``.

    The base of every edit that is not an add or a delete. The old values are read when the
    command is made; ids that do not exist are ignored (and a command with nothing to change
    is obsolete, so it never reaches the history).
    """

    def __init__(self, document, changes: dict[str, dict[str, Any]], text: str,
                 parent: QUndoCommand | None = None):
        super().__init__(text, parent)
        self.document = document
        self.after: dict[str, dict[str, Any]] = {}
        self.before: dict[str, dict[str, Any]] = {}
        for mark_id, fields in changes.items():
            found = find_mark(document.consultation, mark_id)
            if found is None:
                continue
            mark = found[2]
            old = {k: _copy(getattr(mark, k)) for k in fields}
            new = {k: _copy(v) for k, v in fields.items()}
            if old != new:
                self.before[mark_id], self.after[mark_id] = old, new
        if not self.after:
            self.setObsolete(True)

    @property
    def ids(self) -> list[str]:
        return list(self.after)

    def _apply(self, values: dict[str, dict[str, Any]]) -> None:
        c = self.document.consultation
        for mark_id, fields in values.items():
            found = find_mark(c, mark_id)
            if found is None:
                continue
            for k, v in fields.items():
                setattr(found[2], k, strip_bidi(v) if isinstance(v, str) else _copy(v))
        self.document.notify(KIND)

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)

    def _merge_fields(self, other: SetMarkFields) -> bool:
        """Take ``other``'s new values (it started where this one ended)."""
        if set(other.after) != set(self.after):
            return False
        for mark_id, fields in other.after.items():
            for k, v in fields.items():
                if k not in self.before[mark_id]:
                    self.before[mark_id][k] = other.before[mark_id][k]
                self.after[mark_id][k] = v
        if all(self.after[i] == self.before[i] for i in self.after):
            self.setObsolete(True)
        return True


class MoveMarks(SetMarkFields):
    """Move marks by (dx, dy). Consecutive arrow-key nudges of the same marks merge into one."""

    def __init__(self, document, ids: Iterable[str], dx: float, dy: float, *,
                 nudge: bool = False, suggest: Suggest | None = None,
                 parent: QUndoCommand | None = None):
        c = document.consultation
        marks = [f[2] for f in (find_mark(c, i) for i in dict.fromkeys(ids)) if f]
        changes = {}
        for m in marks:
            new = translated(m, dx, dy)
            if isinstance(m, Lesion):
                new = lesion_changes(m, suggest, **new)
            changes[m.id] = new
        verb = "Nudge" if nudge else "Move"
        super().__init__(document, changes, f"{verb} {describe_many(marks)}", parent)
        self.nudge = nudge

    def id(self) -> int:
        return _ID_NUDGE if self.nudge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        return isinstance(other, MoveMarks) and other.nudge and self._merge_fields(other)


class _LesionGeometry(SetMarkFields):
    verb = "Change"

    def __init__(self, document, lesion_id: str, suggest: Suggest | None = None,
                 extra: dict | None = None, parent: QUndoCommand | None = None,
                 **geometry: float):
        lesion = get_mark(document.consultation, lesion_id)
        changes = lesion_changes(lesion, suggest, **geometry)
        changes.update(extra or {})
        super().__init__(document, {lesion_id: changes}, f"{self.verb} {describe(lesion)}",
                         parent)


class ResizeLesion(_LesionGeometry):
    """Resize by a handle: new centre and radii (the opposite edge stays put)."""

    verb = "Resize"

    def __init__(self, document, lesion_id: str, cx: float, cy: float, rx: float, ry: float,
                 suggest: Suggest | None = None, parent: QUndoCommand | None = None):
        super().__init__(document, lesion_id, suggest, parent=parent, cx=cx, cy=cy, rx=rx, ry=ry)


class RotateLesion(_LesionGeometry):
    verb = "Rotate"

    def __init__(self, document, lesion_id: str, rotation: float,
                 suggest: Suggest | None = None, parent: QUndoCommand | None = None):
        super().__init__(document, lesion_id, suggest, parent=parent, rotation=rotation)


class SetLesionSize(_LesionGeometry):
    """The size typed from the scan report (cm); the marker takes it using the drawing's scale.

    The marker keeps its orientation (see :func:`model.lesions.size_to_radii`).
    """

    verb = "Set size of"

    def __init__(self, document, lesion_id: str, length_cm: float | None,
                 width_cm: float | None, scale_px_per_cm: float,
                 suggest: Suggest | None = None, parent: QUndoCommand | None = None):
        lesion = get_mark(document.consultation, lesion_id)
        rx, ry = lesion_rules.size_to_radii(length_cm, width_cm, lesion.rx, lesion.ry,
                                            scale_px_per_cm)
        extra = {"length_cm": float(length_cm) if length_cm else None,
                 "width_cm": float(width_cm) if width_cm else None}
        super().__init__(document, lesion_id, suggest, extra=extra, parent=parent, rx=rx, ry=ry)


class EditLesionProperties(SetMarkFields):
    """Label, appearance, suspected type, approach decision, colour — anything but geometry.

    With ``merge=True`` (typing in a text field) consecutive edits of the same fields of the same
    lesion become one history entry.
    """

    def __init__(self, document, lesion_id: str, text: str | None = None, *,
                 merge: bool = False, parent: QUndoCommand | None = None, **fields: Any):
        lesion = get_mark(document.consultation, lesion_id)
        bad = set(fields) & set(GEOMETRY)
        if bad:
            raise ValueError(f"use the geometry commands for {sorted(bad)}")
        super().__init__(document, {lesion_id: fields}, text or f"Edit {describe(lesion)}",
                         parent)
        self.merge = merge
        self.fields = tuple(sorted(fields))

    def id(self) -> int:
        return _ID_LESION_TEXT if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        return (isinstance(other, EditLesionProperties) and other.merge
                and other.fields == self.fields and self._merge_fields(other))


class EditText(SetMarkFields):
    """Change the words of a text note."""

    def __init__(self, document, note_id: str, text: str, parent: QUndoCommand | None = None):
        super().__init__(document, {note_id: {"text": text}}, "Edit text", parent)


class RestyleMarks(SetMarkFields):
    """Colour (and, for strokes and arrows, width) of the selected marks."""

    def __init__(self, document, ids: Iterable[str], color: str | None = None,
                 width: float | None = None, parent: QUndoCommand | None = None):
        c = document.consultation
        marks = [f[2] for f in (find_mark(c, i) for i in dict.fromkeys(ids)) if f]
        changes = {}
        for m in marks:
            fields: dict[str, Any] = {}
            if color is not None:
                fields["color"] = color
            if width is not None and isinstance(m, (Stroke, Arrow, Shape)):
                # the highlighter's ink stays several times as wide as the pen's
                fields["width"] = highlight_width(width) if getattr(m, "highlight", False) \
                    else float(width)
            if fields:
                changes[m.id] = fields
        what = "color" if width is None else ("width" if color is None else "style")
        super().__init__(document, changes, f"Change {what} of {describe_many(marks)}", parent)
