"""Drawings in the summary: the anatomy diagram and the patient's key images, each in a thin
frame with the marks drawn as vector graphics (``diagram_drawing`` lays them out)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from desktop_app.export.result import DiagramPlacement
from desktop_app.export.style import DIAGRAM_PAD

if TYPE_CHECKING:
    from PIL.Image import Image

    from desktop_app.export.diagram_drawing import ViewDiagram
    from desktop_app.model.consultation import KeyImage

IMAGE_MAX_PIXELS = 1600      # longest side printed: about 300 dpi at the printed size


class Framed(Flowable):
    """A drawing (diagram or key image with its marks) centred in a thin rounded frame."""

    def __init__(self, view_diagram: ViewDiagram, width: float, frame_colour: colors.Color):
        super().__init__()
        self.vd = view_diagram
        self.frame_colour = frame_colour
        self.width = width
        self.height = view_diagram.placement.height + 2 * DIAGRAM_PAD

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw_frame(self) -> float:
        """Draw the frame; return the x offset at which the content is centred."""
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.frame_colour)
        canv.setLineWidth(0.8)
        canv.roundRect(0, 0, self.width, self.height, 4, stroke=1, fill=0)
        canv.restoreState()
        offset: float = (self.width - self.vd.placement.width) / 2
        return offset


class Recorder(Framed):
    """Draws a diagram in a thin frame and remembers where it landed (page, position).

    The position is reported in :class:`~desktop_app.export.result.ExportResult` (tests find
    a lesion on the rendered page with it).
    """

    def __init__(self, view_diagram: ViewDiagram, sink: list[DiagramPlacement], width: float,
                 frame_colour: colors.Color):
        super().__init__(view_diagram, width, frame_colour)
        self.sink = sink

    def draw(self) -> None:
        canv = self.canv
        x0 = self.draw_frame()
        x, y = canv.absolutePosition(x0, DIAGRAM_PAD)
        self.sink.append(DiagramPlacement(view=self.vd.view, page=canv.getPageNumber(),
                                          x=x, y=y, placement=self.vd.placement))
        self.vd.draw_on(canv, x0, DIAGRAM_PAD)


@dataclass
class ImageFrame:
    """Stands in for an atlas drawing so ``diagram_drawing.build_view`` draws an image's marks:
    no shapes, the view box is the image (pixel coordinates)."""

    image: KeyImage
    shapes: tuple[Any, ...] = ()
    labels: dict[str, Any] = field(default_factory=dict)
    s3_line: Any = None

    @property
    def viewbox(self) -> tuple[float, float, float, float]:
        """The whole image, in its own pixels."""
        return (0.0, 0.0, float(self.image.width), float(self.image.height))

    @property
    def view(self) -> str:
        """The view name the image's marks carry."""
        return self.image.view_name


def picture_for(image: KeyImage) -> Image | None:
    """A Pillow image of a key image (DICOM through its window), or None if unreadable."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow is a dependency
        return None
    try:
        if image.is_dicom:
            from desktop_app.model.images import render_gray

            picture = Image.frombytes("L", (image.width, image.height), render_gray(image))
        else:
            picture = Image.open(io.BytesIO(image.data))
            if picture.size != (image.width, image.height):   # header first: no bombs
                return None
            picture.load()
            if picture.mode not in ("L", "RGB"):
                picture = picture.convert("RGB")
    except Exception:  # noqa: BLE001 - a damaged picture must not stop the summary
        return None
    if max(picture.size) > IMAGE_MAX_PIXELS:
        picture.thumbnail((IMAGE_MAX_PIXELS, IMAGE_MAX_PIXELS))
    from desktop_app.export.scan_pictures import enlarge_small

    return enlarge_small(picture)


class KeyImagePicture(Framed):
    """A key image in a thin frame with the marks painted over it (vector graphics)."""

    def __init__(self, picture: Image, view_diagram: ViewDiagram, width: float,
                 frame_colour: colors.Color, image_size: tuple[int, int]):
        super().__init__(view_diagram, width, frame_colour)
        self.picture = picture
        self.image_size = image_size        # (width, height) in image pixels

    def draw(self) -> None:
        canv = self.canv
        x0 = self.draw_frame()
        place = self.vd.placement
        # image pixel (0, 0) is the top-left corner; the placement flips y like the marks
        left, top = place.point(0.0, 0.0)
        right, bottom = place.point(*self.image_size)
        canv.drawImage(ImageReader(self.picture), x0 + left, DIAGRAM_PAD + bottom,
                       right - left, top - bottom)
        self.vd.draw_on(canv, x0, DIAGRAM_PAD)
