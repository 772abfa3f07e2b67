"""The marks on a key image: the diagram's annotation controller, following the image the pane
shows (``view = "image:<id>"``) and sized in the scan's own centimetres when its pixel size is
known. Numbering and colour on an image follow :mod:`model.lesions`."""

from __future__ import annotations

from desktop_app.diagram.annotations import AnnotationController
from desktop_app.document import Change
from desktop_app.model import lesions as lesion_rules
from desktop_app.model.consultation import Lesion


class ImageAnnotationController(AnnotationController):
    """The diagram's controller, following the selected image instead of the diagram view."""

    px_per_cm: float | None = None    # the shown scan's pixels per cm (None: not known)

    def _on_changed(self, kind: Change) -> None:
        if kind == Change.ALL:
            self.tool.cancel()
            if self.view.scene() is not self.layer.scene:
                self.layer.set_scene(self.view.scene())
        # unlike the diagram, the view name is the pane's image, never consultation.view

    @property
    def scale_px_per_cm(self) -> float:
        """On a measured scan a clicked lesion gets the typical size in real centimetres."""
        return self.px_per_cm or super().scale_px_per_cm

    def new_lesion(self, cx: float, cy: float, rx: float, ry: float) -> Lesion:
        """Number a lesion on an image by the image's own marks (the first is 1), so the
        tumour marked "1" on the drawing is "1", in the same colour and with the same label,
        on the scan; the PDF then describes it once. (No approach aid on an image.)"""
        return lesion_rules.new_on_image(self.document.consultation.lesions, self.view_name,
                                         cx, cy, rx, ry)
