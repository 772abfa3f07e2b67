"""Undo commands for stamps and shapes: resize and rotate (one history entry per gesture), and
adding the two cuts of the combined approach as one step.

Like every command here they change only the model; the items follow ``document.changed``.
"""

from __future__ import annotations

from typing import Any, Iterable

from PySide6.QtGui import QUndoCommand

from desktop_app.diagram.commands import AddMark, SetMarkFields, describe_many, find_mark
from desktop_app.diagram.geometry import MIN_RADIUS, normalise_angle
from desktop_app.model.consultation import Shape, Stamp
from desktop_app.model.stamps import MAX_SIZE, MIN_SIZE, area_centre, transform_points

_ID_TURN = 0x5C4


def frame_of(mark: Any) -> tuple[float, float, float]:
    """(centre x, centre y, rotation) of a stamp or shape."""
    if isinstance(mark, Stamp):
        return mark.x, mark.y, mark.rotation
    if mark.kind == "area":
        return (*area_centre(mark.points), 0.0)
    return mark.cx, mark.cy, mark.rotation


def frame_fields(mark: Any, scale_x: float, scale_y: float, rotation: float) -> dict:
    """Field values of a stamp or shape scaled by (scale_x, scale_y) along its own axes
    about its centre, and turned to ``rotation`` degrees. A stamp keeps its proportions (it
    takes the larger scale); an ellipse or rectangle does not need to. A freeform area has no
    rotation of its own: its points are turned by ``rotation`` instead."""
    rotation = normalise_angle(rotation)
    if isinstance(mark, Stamp):
        size = max(MIN_SIZE, min(MAX_SIZE, mark.size * max(scale_x, scale_y)))
        return {"size": size, "rotation": rotation}
    if mark.kind == "area":
        cx, cy = area_centre(mark.points)
        return {"points": transform_points(mark.points, cx, cy, scale_x, scale_y, rotation)}
    return {"rx": max(MIN_RADIUS, mark.rx * scale_x), "ry": max(MIN_RADIUS, mark.ry * scale_y),
            "rotation": rotation}


def framed(mark: Any) -> bool:
    return isinstance(mark, (Stamp, Shape))


class TransformMarks(SetMarkFields):
    """Resize and / or rotate stamps and shapes. ``scale`` multiplies their size; ``turn``
    adds degrees. Repeated keyboard steps on the same marks merge into one history entry."""

    def __init__(self, document, ids: Iterable[str], scale: float = 1.0, turn: float = 0.0,
                 *, keyboard: bool = False, parent: QUndoCommand | None = None):
        c = document.consultation
        marks = [f[2] for f in (find_mark(c, i) for i in dict.fromkeys(ids)) if f]
        marks = [m for m in marks if framed(m)]
        changes = {}
        for m in marks:
            rotation = frame_of(m)[2]
            if isinstance(m, Shape) and m.kind == "area":
                rotation = 0.0     # an area's points turn by ``turn`` itself
            changes[m.id] = frame_fields(m, scale, scale, rotation + turn)
        verb = "Rotate" if turn and scale == 1.0 else ("Resize" if not turn else "Change")
        self.what = describe_many(marks)
        super().__init__(document, changes, f"{verb} {self.what}", parent)
        self.keyboard = keyboard

    def id(self) -> int:
        return _ID_TURN if self.keyboard else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if not (isinstance(other, TransformMarks) and other.keyboard
                and self._merge_fields(other)):
            return False
        if other.text() != self.text():      # turned and resized: one entry for both
            self.setText(f"Change {self.what}")
        return True


class AddMarks(QUndoCommand):
    """One history entry that adds several marks (the combined approach's two cuts)."""

    def __init__(self, document, marks: list, text: str,
                 parent: QUndoCommand | None = None):
        super().__init__(text, parent)
        # the Python side keeps its children: PySide6 does not hand them to the parent
        self.parts = [AddMark(document, mark) for mark in marks]

    def redo(self) -> None:
        for part in self.parts:
            part.redo()

    def undo(self) -> None:
        for part in reversed(self.parts):
            part.undo()
