"""Undo commands for the patient's key images: add, remove (with the marks drawn on it) and
window / level. Like the marks' commands (:mod:`.commands`), each changes only the model and
then notifies the document ("images", and "annotations" when marks come or go)."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from desktop_app.document import Change
from desktop_app.model.consultation import MARK_LISTS, KeyImage


class AddImage(QUndoCommand):
    def __init__(self, document, image: KeyImage):
        super().__init__("Add image")
        self.doc, self.image = document, image

    def redo(self) -> None:
        self.doc.consultation.images.append(self.image)
        self.doc.notify(Change.IMAGES)

    def undo(self) -> None:
        images = self.doc.consultation.images
        if self.image in images:
            images.remove(self.image)
        self.doc.notify(Change.IMAGES)


class RemoveImage(QUndoCommand):
    """Remove an image and the marks drawn on it (undo puts both back where they were)."""

    GROUPS = MARK_LISTS

    def __init__(self, document, image_id: str):
        super().__init__("Remove image")
        self.doc = document
        c = document.consultation
        self.index = next(i for i, x in enumerate(c.images) if x.id == image_id)
        self.image = c.images[self.index]
        view = self.image.view_name
        self.marks = {g: [(i, m) for i, m in enumerate(getattr(c, g)) if m.view == view]
                      for g in self.GROUPS}

    def redo(self) -> None:
        c = self.doc.consultation
        c.images.remove(self.image)
        for g, pairs in self.marks.items():
            ids = {m.id for _i, m in pairs}
            setattr(c, g, [m for m in getattr(c, g) if m.id not in ids])
        self.doc.notify(Change.IMAGES)
        self.doc.notify(Change.ANNOTATIONS)

    def undo(self) -> None:
        c = self.doc.consultation
        c.images.insert(self.index, self.image)
        for g, pairs in self.marks.items():
            items = getattr(c, g)
            for i, m in pairs:
                items.insert(min(i, len(items)), m)
        self.doc.notify(Change.IMAGES)
        self.doc.notify(Change.ANNOTATIONS)


class SetWindow(QUndoCommand):
    """Window centre / width of one DICOM image; a slider drag merges into one step."""

    ID = 0x1A6E

    def __init__(self, document, image_id: str, center: float, width: float):
        super().__init__("Change brightness / contrast")
        self.doc, self.image_id = document, image_id
        image = document.consultation.image(image_id)
        self.old = (image.window_center, image.window_width)
        self.new = (float(center), float(width))

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if not isinstance(other, SetWindow) or other.image_id != self.image_id:
            return False
        self.new = other.new
        return True

    def _set(self, value) -> None:
        image = self.doc.consultation.image(self.image_id)
        if image is not None:
            image.window_center, image.window_width = value
        self.doc.notify(Change.IMAGES)

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)
