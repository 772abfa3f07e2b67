"""A lesion's badge, number and label are the same size on screen on a 64 × 64 MRI and on a
2,048 × 2,048 CT, at any zoom, while the outline stays in image pixels (sizes in cm stay right);
in the PDF the marks are sized in points and every label lies inside the image's frame."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF

from desktop_app.diagram.items import BADGE_RADIUS, ArrowItem, LesionItem, TextNoteItem
from desktop_app.model.consultation import Arrow, Consultation, Lesion, TextNote
from desktop_app.model.images import import_image
from tests.dicom_samples import make_dicom, ramp
from tests.gui.test_image_pane import Pane

import pypdf
LABEL = "presacral cyst, 4 cm"


def _scan(tmp_path, side: int):
    path = make_dicom(tmp_path / f"s{side}.dcm", rows=side, cols=side,
                      values=ramp(side, side, 0, 900), spacing=(200 / side, 200 / side))
    return import_image(path, "Your MRI scan")


def _visit(image, near_edge: bool = False) -> Consultation:
    side = image.width
    # a lesion a tenth of the image wide; near the right edge, the label has no room beside it
    cx = side * (0.93 if near_edge else 0.5)
    lesion = Lesion(view=image.view_name, number=1, cx=cx, cy=side * 0.5, rx=side / 20,
                    ry=side / 25, label=LABEL, color="#CC79A7")
    arrow = Arrow(view=image.view_name, x1=side * 0.1, y1=side * 0.2, x2=side * 0.4,
                  y2=side * 0.2, width=3.0)
    note = TextNote(view=image.view_name, x=side * 0.1, y=side * 0.8, text="the mass")
    return Consultation(images=[image], lesions=[lesion], arrows=[arrow], texts=[note])


def _on_screen(p, rect: QRectF) -> tuple[float, float]:
    box = p.view.mapFromScene(rect).boundingRect()
    return box.width(), box.height()


def _lesion_item(p) -> LesionItem:
    (item,) = [i for i in p.view.scene().items() if isinstance(i, LesionItem)]
    return item


def test_same_badge_and_label_on_screen_for_64_and_2048_pixel_images(qtbot, tmp_path):
    seen = {}
    for side in (64, 2048):
        p = Pane(qtbot, _visit(_scan(tmp_path, side)))
        item = _lesion_item(p)
        badge = _on_screen(p, item.badge_scene_rect())
        label = _on_screen(p, item.label_scene_rect())
        outline = _on_screen(p, item.mapRectToScene(item._ellipse.boundingRect()))
        (arrow,) = [i for i in p.view.scene().items() if isinstance(i, ArrowItem)]
        (note,) = [i for i in p.view.scene().items() if isinstance(i, TextNoteItem)]
        # an arrow's thickness (its head) and a note's text: screen pixels too
        seen[side] = (badge, label, outline, _on_screen(p, arrow.mapRectToScene(
            arrow.boundingRect()))[1], _on_screen(p, note.text_scene_rect()))
        # zoomed in twice: the badge keeps its size, the outline doubles
        p.view.set_zoom(p.view.zoom() * 2)
        assert _on_screen(p, item.badge_scene_rect()) == pytest.approx(badge, abs=1.5)
        assert _on_screen(p, item.mapRectToScene(item._ellipse.boundingRect()))[0] == \
            pytest.approx(outline[0] * 2, rel=0.03)
        # a lesion added now (new item) takes the current screen size at once
        p.ctl.add_lesion(side * 0.2, side * 0.2)
        new = [i for i in p.view.scene().items() if isinstance(i, LesionItem)
               and i is not item][0]
        assert _on_screen(p, new.badge_scene_rect()) == pytest.approx(badge, abs=1.5)
    (b64, l64, o64, a64, n64), (b2k, l2k, o2k, a2k, n2k) = seen[64], seen[2048]
    assert a64 == pytest.approx(a2k, abs=2) and a64 < 40
    assert n64 == pytest.approx(n2k, abs=1.5) and n64[1] < 30
    assert b64 == pytest.approx(b2k, abs=1.5)
    assert b64[0] == pytest.approx(2 * BADGE_RADIUS, abs=1.5)
    assert l64 == pytest.approx(l2k, abs=1.5)
    assert 80 < l64[0] < 250 and 10 < l64[1] < 30          # a normal word size, not 10x it
    # the outline is the same fraction of each image, so the same size once fitted
    assert o64 == pytest.approx(o2k, rel=0.05)


def _placed(pdf_path):
    """(image boxes, [(text, x, y, size)]) of the PDF's pages, in points."""
    reader = pypdf.PdfReader(str(pdf_path))
    images, texts = [], []
    for page in reader.pages:
        def before(op, args, cm, tm):
            if op == b"Do":
                images.append((cm[4], cm[5], cm[4] + cm[0], cm[5] + cm[3]))

        def text(t, cm, tm, font, size):
            if t.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                texts.append((t.strip(), x, y, size * cm[0] * (tm[0] or 1)))
        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return images, texts


@pytest.mark.parametrize("side", [64, 2048])
def test_pdf_marks_in_points_and_every_label_inside_its_frame(tmp_path, side):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop_app.export import diagram_drawing as dd
    from desktop_app.export.pdf import export_summary

    image = _scan(tmp_path, side)
    out = tmp_path / f"scan{side}.pdf"
    export_summary(_visit(image, near_edge=True), out)
    images, texts = _placed(out)
    frames = [box for box in images if box[2] - box[0] > 200]
    assert len(frames) == 1
    x0, y0, x1, y1 = frames[0]
    labels = [t for t in texts if t[0] == LABEL]
    assert labels, "the lesion's label is printed"
    for _text, x, y, size in labels:
        assert size == pytest.approx(dd.mark_sizes(dd.IMAGE_MARK_SCALE)["label"], abs=0.2)
        width = stringWidth(LABEL, dd.REGULAR, size)
        assert x0 <= x and x + width <= x1 and y0 <= y and y + size <= y1, (x, y, frames[0])


def test_small_scan_is_enlarged_smoothly_in_the_pdf(tmp_path):
    from desktop_app.export.pdf import export_summary

    out = tmp_path / "small.pdf"
    export_summary(_visit(_scan(tmp_path, 64)), out)
    reader = pypdf.PdfReader(str(out))
    (picture,) = [img for page in reader.pages for img in page.images]
    assert picture.image.size[0] >= 512 and picture.image.size[0] % 64 == 0
