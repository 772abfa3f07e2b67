"""The open consultation as a Qt document: the model, its undo stack and change signals.

Every edit goes through :meth:`Document.push` as a ``QUndoCommand`` that changes only the
model; widgets listen to :attr:`Document.changed` and redraw. That one path gives undo/redo,
the dirty marker, autosave triggering and log redaction for every kind of edit.
(QtCore/QtGui only: no widgets here.)
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop_app.infra import logsafe
from desktop_app.model.consultation import Consultation
from desktop_app.model.plaintext import strip_bidi

_MERGE_ID = 0x5C0


class Change(StrEnum):
    """What part of the consultation changed: the argument of ``Document.changed``.

    A closed set, so a listener can be sure which changes it may be told about (and a typo in
    an emitter is an error instead of a change nobody hears). The values are the old strings.
    """

    PATIENT = "patient"          # name, date of birth, record number
    FIELDS = "fields"            # visit fields: date, clinician, language, notes
    CHECKLIST = "checklist"      # ticked symptoms, tests, treatments
    DIAGRAM = "diagram"          # which drawing: variant or view
    ANNOTATIONS = "annotations"  # marks: lesions, strokes, arrows, texts
    IMAGES = "images"            # key images: added, removed, caption, window/level
    ALL = "all"                  # another consultation (new, open, restore)


class Document(QObject):
    """Holds the Consultation being edited.

    ``changed(kind)`` is emitted after every model change; ``kind`` (a :class:`Change`) says
    what changed.
    """

    changed = Signal(object)
    dirtyChanged = Signal(bool)
    pathChanged = Signal(str)

    def __init__(self, consultation: Consultation | None = None, path: str | Path | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.consultation = consultation or Consultation()
        self.path: Path | None = Path(path) if path else None
        self.undo_stack = QUndoStack(self)
        # a bound method, not a lambda: Qt drops the connection when the Document goes, so
        # the undo stack's last cleanChanged during teardown does not hit a deleted object
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._force_dirty = False
        logsafe.set_sensitive(self.consultation.sensitive_strings())

    # ------------------------------------------------------------------ state
    @property
    def is_dirty(self) -> bool:
        return self._force_dirty or not self.undo_stack.isClean()

    def _on_clean_changed(self, clean: bool) -> None:
        self.dirtyChanged.emit(not clean)

    def set_dirty(self) -> None:
        """Mark unsaved without an undo entry (e.g. restored from a recovery file)."""
        self._force_dirty = True
        self.dirtyChanged.emit(True)

    def mark_saved(self, path: str | Path) -> None:
        self.path = Path(path)
        self._force_dirty = False
        self.undo_stack.setClean()
        self.dirtyChanged.emit(False)
        self.pathChanged.emit(str(self.path))

    def replace(self, consultation: Consultation, path: str | Path | None = None) -> None:
        """Swap in another consultation (New / Open / restore): history starts afresh."""
        self.consultation = consultation
        self.path = Path(path) if path else None
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._force_dirty = False
        logsafe.set_sensitive(consultation.sensitive_strings())
        self.changed.emit(Change.ALL)
        self.dirtyChanged.emit(False)
        self.pathChanged.emit(str(self.path) if self.path else "")

    def notify(self, kind: Change | str) -> None:
        change = Change(kind)      # an unknown kind is a ValueError here, not silence
        logsafe.set_sensitive(self.consultation.sensitive_strings())
        self.changed.emit(change)

    # ------------------------------------------------------------------ edits
    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def set_value(self, target: Callable[[Consultation], Any], attr: str, value: Any,
                  text: str, kind: Change = Change.FIELDS, merge_key: str | None = None) -> None:
        """Undoable assignment ``target(consultation).attr = value`` (text without bidi
        controls: :mod:`desktop_app.model.plaintext`)."""
        if isinstance(value, str):
            value = strip_bidi(value)
        obj = target(self.consultation)
        if getattr(obj, attr) == value:
            return
        self.push(SetValueCommand(self, target, attr, value, text, kind, merge_key))

    def set_field(self, attr: str, value: Any, text: str, kind: Change = Change.FIELDS) -> None:
        self.set_value(lambda c: c, attr, value, text, kind, merge_key=attr)

    def set_patient_field(self, attr: str, value: Any, text: str) -> None:
        self.set_value(lambda c: c.patient, attr, value, text, Change.PATIENT,
                       merge_key="patient." + attr)

    def set_checked(self, list_name: str, item_id: str, checked: bool, text: str) -> None:
        current = list(getattr(self.consultation, list_name))
        if checked == (item_id in current):
            return
        if checked:
            current.append(item_id)
        else:
            current.remove(item_id)
        self.push(SetValueCommand(self, lambda c: c, list_name, current, text,
                                  Change.CHECKLIST))


class SetValueCommand(QUndoCommand):
    """Set one attribute of a model object. Consecutive typing in one field merges."""

    def __init__(self, doc: Document, target, attr: str, value: Any, text: str, kind: Change,
                 merge_key: str | None = None):
        super().__init__(text)
        self.doc = doc
        self.target = target
        self.attr = attr
        self.new = value
        self.old = getattr(target(doc.consultation), attr)
        self.kind = Change(kind)
        self.merge_key = merge_key

    def id(self) -> int:
        return _MERGE_ID if self.merge_key and isinstance(self.new, str) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if not isinstance(other, SetValueCommand) or other.merge_key != self.merge_key:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        setattr(self.target(self.doc.consultation), self.attr, self.new)
        self.doc.notify(self.kind)

    def undo(self) -> None:
        setattr(self.target(self.doc.consultation), self.attr, self.old)
        self.doc.notify(self.kind)
