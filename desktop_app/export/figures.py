"""Drawings in the summary: the anatomy diagram and the patient's key images, each with its
key and caption in one thin frame as wide as the text, the marks drawn as vector graphics
(``diagram_drawing`` lays them out)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from desktop_app.export.result import DiagramPlacement
from desktop_app.export.style import CM, DIAGRAM_PAD

if TYPE_CHECKING:
    from PIL.Image import Image

    from desktop_app.export.diagram_drawing import ViewDiagram
    from desktop_app.model.consultation import KeyImage

IMAGE_MAX_PIXELS = 1600      # longest side printed: about 300 dpi at the printed size
KEY_GAP = 8                  # between a drawing and its key
CAPTION_GAP = 6              # between the frame and the caption under it
KEY_MIN_WIDTH = 4.8 * CM     # a key and caption beside their drawing need this much room
KEY_NARROW_WIDTH = 4.0 * CM  # a key alone may sit beside it in this much, if no taller


class Art(Flowable):
    """A drawing (the atlas view, or a key image) with its marks, at its own size, no frame.

    Remembers where it landed (page, position) in ``sink``: the result reports it, and tests
    find a lesion on the rendered page with it."""

    def __init__(self, view_diagram: ViewDiagram, sink: list[DiagramPlacement] | None = None,
                 picture: Image | None = None, image_size: tuple[int, int] = (0, 0)):
        super().__init__()
        self.vd = view_diagram
        self.sink = sink
        self.picture = picture
        self.image_size = image_size        # (width, height) in image pixels
        self.width = view_diagram.placement.width
        self.height = view_diagram.placement.height
        self.box: tuple[float, float, float, float] | None = None  # the figure's frame
        self.key_beside = False

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        if self.picture is not None:
            place = self.vd.placement
            # image pixel (0, 0) is the top-left corner; the placement flips y like the marks
            left, top = place.point(0.0, 0.0)
            right, bottom = place.point(*self.image_size)
            canv.drawImage(ImageReader(self.picture), left, bottom, right - left, top - bottom)
        if self.sink is not None:
            x, y = canv.absolutePosition(0, 0)
            self.sink.append(DiagramPlacement(view=self.vd.view, page=canv.getPageNumber(),
                                              x=x, y=y, placement=self.vd.placement,
                                              box=self.box, key_beside=self.key_beside))
        self.vd.draw_on(canv, 0, 0)


class Figure(Flowable):
    """A drawing, its key and its caption as one block that never splits across pages.

    The thin frame is as wide as the text. The key and the caption sit beside the drawing,
    inside the frame, when the drawing (fitted to the height it may take) leaves room for
    them; else the key is under the drawing and the caption under the frame. ``key`` is one
    flowable (or None), ``caption`` a paragraph (or None)."""

    def __init__(self, art: Art, key: Flowable | None, caption: Flowable | None, *,
                 width: float, frame_colour: colors.Color, beside: bool,
                 caption_beside: bool = True):
        super().__init__()
        self.art, self.key, self.caption = art, key, caption
        self.width = width
        self.frame_colour = frame_colour
        self.beside = beside and key is not None
        art.key_beside = self.beside
        inner = width - 2 * DIAGRAM_PAD
        self.key_w = (inner - art.width - KEY_GAP) if self.beside else inner
        self.key_h = key.wrap(self.key_w, 10_000)[1] if key is not None else 0.0
        # the caption goes under the key, in the same column, or under the frame
        self.caption_in = self.beside and caption_beside
        self.caption_w = self.key_w if self.caption_in else width
        self.caption_h = caption.wrap(self.caption_w, 10_000)[1] if caption else 0.0
        self.column_h = 0.0
        self.below = CAPTION_GAP + self.caption_h if caption and not self.caption_in else 0.0
        if self.beside:
            self.column_h = self.key_h + (CAPTION_GAP + self.caption_h if self.caption_in
                                          and caption else 0.0)
            self.body_h = max(art.height, self.column_h)
        else:
            self.body_h = art.height + (KEY_GAP + self.key_h if key is not None else 0.0)
        self.frame_h = self.body_h + 2 * DIAGRAM_PAD
        self.height = self.frame_h + self.below

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        base = self.below                          # the frame's bottom edge
        canv.saveState()
        canv.setStrokeColor(self.frame_colour)
        canv.setLineWidth(0.8)
        canv.roundRect(0, base, self.width, self.frame_h, 4, stroke=1, fill=0)
        canv.restoreState()
        top = base + self.frame_h - DIAGRAM_PAD
        art, pad = self.art, DIAGRAM_PAD
        x0, y0 = canv.absolutePosition(0, base)
        art.box = (x0, y0, x0 + self.width, y0 + self.frame_h)
        if self.beside:
            # the drawing and the key's column, each centred on the body's height
            art.drawOn(canv, pad, top - (self.body_h + art.height) / 2)
            x = pad + art.width + KEY_GAP
            y = top - (self.body_h - self.column_h) / 2
            if self.key is not None:
                self.key.drawOn(canv, x, y - self.key_h)
            if self.caption is not None and self.caption_in:
                self.caption.drawOn(canv, x, y - self.key_h - CAPTION_GAP - self.caption_h)
        else:
            art.drawOn(canv, pad + (self.width - 2 * pad - art.width) / 2, top - art.height)
            if self.key is not None:
                self.key.drawOn(canv, pad, base + pad)
        if self.caption is not None and not self.caption_in:
            self.caption.drawOn(canv, 0, 0)


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
