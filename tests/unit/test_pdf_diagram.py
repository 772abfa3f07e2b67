"""The diagram in the PDF: vector graphics, marks where the model says, in the lesion's colour."""

from __future__ import annotations

import math
import re

import pytest

from desktop_app.export import diagram_drawing as dd
from desktop_app.export.pdf import export_summary
from desktop_app.model.consultation import Arrow, Lesion, Stroke, TextNote
from desktop_app.model.label_layout import overlaps
from tests.unit.test_pdf_support import (all_text, colour_near, full_consultation, hex_rgb,
                                         make_atlas, make_library, pdf_reader, rasterise)

DPI = 144


def _to_pixels(diagram, img, x_units, y_units):
    """Diagram units -> pixel in the rendered page (PDF y points up, image y points down)."""
    dx, dy = diagram.placement.point(x_units, y_units)
    page_h_px = img.size[1]
    return (diagram.x + dx) * DPI / 72, page_h_px - (diagram.y + dy) * DPI / 72


def _export(tmp_path, consultation, atlas=None):
    out = tmp_path / "diagram.pdf"
    result = export_summary(consultation, out, config=None, content=make_library(),
                            atlas=atlas or make_atlas())
    return out, result


@pytest.mark.parametrize("colour", ["#D55E00", "#0072B2", "#009E73"])
def test_lesion_colour_is_at_the_lesion_position(tmp_path, colour):
    c = full_consultation()
    lesion = c.lesions[0]
    lesion.color = colour
    lesion.label = ""
    out, result = _export(tmp_path, c)
    [diagram] = [d for d in result.diagrams if d.view == "sagittal"]
    img = rasterise(out, diagram.page, DPI, tmp_path)
    rgb = hex_rgb(colour)

    # the numbered badge at the centre is filled with the lesion colour
    cx, cy = _to_pixels(diagram, img, lesion.cx, lesion.cy)
    assert colour_near(img, cx, cy, rgb, radius=3)
    # the outline passes through the ends of both (rotated) axes
    phi = math.radians(lesion.rotation)
    for ax, ay in ((lesion.rx * math.cos(phi), lesion.rx * math.sin(phi)),
                   (-lesion.ry * math.sin(phi), lesion.ry * math.cos(phi))):
        for sign in (1, -1):
            px, py = _to_pixels(diagram, img, lesion.cx + sign * ax, lesion.cy + sign * ay)
            assert colour_near(img, px, py, rgb, radius=3), (sign, ax, ay)
    # ...and it is not everywhere: far from the lesion (in the bladder) there is none of it
    bx, by = _to_pixels(diagram, img, 200, 330)
    assert not colour_near(img, bx, by, rgb, radius=6)


def test_marks_are_drawn_where_the_model_says(tmp_path):
    c = full_consultation(
        strokes=[Stroke(id="s1", points=[(150.0, 100.0), (250.0, 100.0)], color="#CC79A7",
                        width=6.0)],
        arrows=[Arrow(id="a1", x1=100.0, y1=450.0, x2=250.0, y2=450.0, color="#009E73",
                      width=4.0)],
        texts=[TextNote(id="t1", x=90.0, y=40.0, text="Look here", color="#0072B2")])
    out, result = _export(tmp_path, c)
    [diagram] = result.diagrams
    img = rasterise(out, diagram.page, DPI, tmp_path)
    assert colour_near(img, *_to_pixels(diagram, img, 200, 100), hex_rgb("#CC79A7"))
    assert colour_near(img, *_to_pixels(diagram, img, 170, 450), hex_rgb("#009E73"))
    assert colour_near(img, *_to_pixels(diagram, img, 246, 450), hex_rgb("#009E73"))  # head
    assert "Look here" in all_text(out)


def test_diagram_is_vector_not_an_image(tmp_path):
    out, result = _export(tmp_path, full_consultation())
    page = pdf_reader(out).pages[result.diagrams[0].page - 1]
    xobjects = page["/Resources"].get("/XObject") or {}
    assert not [k for k, v in xobjects.items() if v.get_object().get("/Subtype") == "/Image"]
    data = page.get_contents().get_data()
    assert len(re.findall(rb"\sc\s", data)) > 20  # Bézier curves: anatomy and lesion


def test_views_with_marks_sagittal_first(tmp_path):
    c = full_consultation(lesions=[
        Lesion(id="ax", view="axial", number=2, cx=300, cy=260, rx=25, ry=18),
        Lesion(id="sa", view="sagittal", number=1, cx=430, cy=350, rx=30, ry=22)])
    out, result = _export(tmp_path, c)
    assert [d.view for d in result.diagrams] == ["sagittal", "axial"]
    text = all_text(out)
    assert text.index("from the side") < text.index("slice across the lower body")
    # axial only
    c = full_consultation(lesions=[Lesion(id="ax", view="axial", number=1, cx=300, cy=260,
                                          rx=25, ry=18)])
    _, result = _export(tmp_path, c)
    assert [d.view for d in result.diagrams] == ["axial"]


def test_no_marks_no_diagram(tmp_path):
    c = full_consultation(lesions=[])
    _, result = _export(tmp_path, c)
    assert result.diagrams == [] and "diagram" not in result.sections


def test_labels_and_legend_are_in_lay_words(tmp_path):
    c = full_consultation()
    c.lesions[0].label = "Cyst behind the rectum"
    out, _ = _export(tmp_path, c)
    text = all_text(out)
    assert "bladder" in text and "tailbone" in text            # structure labels
    assert "S3 level" in text
    assert "Cyst behind the rectum (filled with fluid), 4.0 × 3.0 cm" in text
    assert "The front of the body is on the left." in text       # bladder left of sacrum


# ------------------------------------------------------------------------- pure helpers
def test_rotated_ellipse_passes_through_its_axis_ends():
    segs = dd.rotated_ellipse_segments(100, 50, 40, 20, 30)
    ends = [(s[-2], s[-1]) for s in segs if s[0] in "MC"]
    phi = math.radians(30)
    expected = [(100 + 40 * math.cos(phi), 50 + 40 * math.sin(phi)),
                (100 - 20 * math.sin(phi), 50 + 20 * math.cos(phi))]
    for ex, ey in expected:
        assert any(math.isclose(x, ex, abs_tol=1e-9) and math.isclose(y, ey, abs_tol=1e-9)
                   for x, y in ends)


def test_badge_text_colour_has_the_better_contrast():
    assert dd.text_colour_on("#0072B2") == "#FFFFFF"
    assert dd.text_colour_on("#F0E442") == "#000000"
    for colour in dd.OKABE_ITO:
        assert dd.contrast_ratio(colour, dd.text_colour_on(colour)) >= 4.5 or colour in (
            "#D55E00", "#CC79A7", "#009E73")  # best available for these is about 4.6-5.6:1


def test_crop_keeps_anatomy_and_marks_inside():
    atlas = make_atlas()
    drawing = atlas.drawing("sagittal", "female")
    far = {"lesions": [], "strokes": [], "arrows": [],
           "texts": [TextNote(id="t", x=580, y=480, text="far corner")]}
    x, y, w, h = dd.crop_box(drawing, far, width=400, max_height=300)
    assert x <= 40 and y <= 20 and x + w >= 580 and y + h >= 480


def test_placement_maps_y_down_to_y_up():
    pl = dd.Placement(viewbox=(10, 20, 100, 50), scale=2, width=200, height=100)
    assert pl.point(10, 20) == (0, 100)
    assert pl.point(110, 70) == (200, 0)


# ------------------------------------------------------------------- the shipped atlas
def test_with_the_shipped_atlas(tmp_path, atlas):
    from desktop_app.model.anatomy import approach_for, structure_at

    drawing = atlas.drawing("sagittal", "female")
    (x1, y1), (x2, y2) = drawing.s3_line
    # find a point inside the presacral space, below the S3 line, for a small lesion
    spot = None
    shapes = drawing.shapes_for("presacral_space")
    x0, ya, xb, yb = (min(s.bounds()[i] for s in shapes) if i < 2 else
                      max(s.bounds()[i] for s in shapes) for i in range(4))
    for fy in [i / 40 for i in range(40, 0, -1)]:
        for fx in [i / 20 for i in range(1, 20)]:
            px, py = x0 + fx * (xb - x0), ya + fy * (yb - ya)
            lesion = Lesion(cx=px, cy=py, rx=6, ry=6)
            if structure_at(drawing, px, py) == "presacral_space" and \
                    approach_for(drawing, lesion).kind == "posterior":
                spot = (px, py)
                break
        if spot:
            break
    assert spot, "no low point in the presacral space"
    c = full_consultation(variant="female", lesions=[Lesion(
        id="l", number=1, cx=spot[0], cy=spot[1], rx=6, ry=6, color="#0072B2")])
    out = tmp_path / "real.pdf"
    result = export_summary(c, out, config=None, content=make_library(), atlas=atlas)
    text = all_text(out)
    assert "It is low down, near the tailbone." in text
    [diagram] = result.diagrams
    img = rasterise(out, diagram.page, DPI, tmp_path)
    assert colour_near(img, *_to_pixels(diagram, img, *spot), hex_rgb("#0072B2"), radius=3)


def test_structure_labels_give_way_to_the_patients_marks():
    atlas = make_atlas()
    drawing = atlas.drawing("sagittal", "female")
    lay = {"bladder": "bladder", "coccyx": "tailbone"}.get
    clear = dd.build_view(drawing, {"texts": []}, width=400, max_height=300, label_for=lay)
    assert {"bladder", "tailbone"} <= set(clear.words)
    covered = dd.build_view(drawing, {"texts": [TextNote(id="t", x=545, y=432, text="Here")]},
                            width=400, max_height=300, label_for=lay)
    assert "Here" in covered.words and "bladder" in covered.words
    assert covered.label_boxes["bladder"] == clear.label_boxes["bladder"]
    # "tailbone" moved along its margin out of the note's way, or was left out
    [note] = covered.mark_boxes
    tail = covered.label_boxes.get("coccyx")
    assert tail is None or not overlaps(tail, note)
    assert tail is None or tail != clear.label_boxes["coccyx"]


# ------------------------------------------------ the marks' words and the anatomy labels
def _example(language: str):
    from desktop_app.model import storage
    from tests.conftest import EXAMPLE

    c = storage.load(EXAMPLE)
    c.language = language
    return c


def _assert_words_apart(vd) -> None:
    w, h = vd.placement.width, vd.placement.height
    boxes = list(vd.label_boxes.items())
    for sid, box in boxes:
        assert -0.01 <= box[0] and box[2] <= w + 0.01 and -0.01 <= box[1] and \
            box[3] <= h + 0.01, (sid, box, w, h)      # inside the frame
        for mark in vd.mark_boxes:
            assert not overlaps(box, mark), (sid, box, mark)
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            assert not overlaps(box_a, box_b), (a, b)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("variant", ["female", "male"])
def test_lesion_label_next_to_the_margin_labels_covers_none(atlas, language, variant):
    """tests/data/example_consultation.json: lesion 1's label was printed over "space in front
    of the sacrum" (the labels it covered were then left out). Now it goes where it covers no
    label, and every label of the drawing is printed."""
    from desktop_app.export.fonts import register_fonts

    register_fonts()
    c = _example(language)
    drawing = atlas.drawing("sagittal", variant)
    for width, height in ((495, 326), (495, 241), (400, 300)):
        vd = dd.build_view(drawing, c.marks_in("sagittal"), width=width, max_height=height,
                           label_for=lambda sid: atlas.structure(sid).lay(language),
                           s3_text="S3 level")
        _assert_words_apart(vd)
        # every structure's label, and the S3 line's name among them
        assert set(vd.label_boxes) == set(drawing.labels) | {dd.S3_KEY}, (width, height)
        assert c.lesions[0].label in vd.words


@pytest.mark.parametrize("language", ["en", "es"])
def test_axial_labels_neither_crowd_nor_leave_the_frame(atlas, language):
    """The cross-section is printed smaller than on screen: its labels (8.5 pt) must not
    overlap, and the longest Spanish one ("uréteres (tubos de los riñones)") must stay inside
    the frame."""
    from desktop_app.export.fonts import register_fonts

    register_fonts()
    c = _example(language)
    for variant in ("female", "male"):
        drawing = atlas.drawing("axial", variant)
        for width, height in ((495, 241), (495, 326), (400, 200)):
            vd = dd.build_view(drawing, c.marks_in("axial"), width=width, max_height=height,
                               label_for=lambda sid: atlas.structure(sid).lay(language))
            _assert_words_apart(vd)
            assert set(vd.label_boxes) == set(drawing.labels), (variant, width, height)


# ------------------------------------------------ every drawing with marks in the way
@pytest.mark.parametrize("view", ["sagittal", "axial", "posterior"])
@pytest.mark.parametrize("variant", ["female", "male"])
def test_every_drawings_labels_keep_clear_of_the_marks_in_print(atlas, view, variant):
    """The same layout as the screen (model.label_layout): on each drawing, with lesions on
    the sacrum, the rectum and the presacral space, an arrow and a stamp, every label is
    printed, none overlaps another or a mark, and no leader runs through a mark."""
    from desktop_app.export.fonts import register_fonts
    from desktop_app.model.label_layout import segment_crosses, segments_cross
    from tests.drawing_marks import marked

    register_fonts()
    c = marked(atlas, view, variant)
    drawing = atlas.drawing(view, variant)
    for width, height in ((495, 326), (495, 241), (400, 300)):
        vd = dd.build_view(drawing, c.marks_in(view), width=width, max_height=height,
                           label_for=lambda sid: atlas.structure(sid).lay("en"),
                           s3_text="S3 level")
        _assert_words_apart(vd)
        s3 = {dd.S3_KEY} if getattr(drawing, "s3_line", None) else set()
        # no two leaders cross; where the only way was an X (three lesions on the
        # structures' own places, the stamp and the arrow beside them), one label is left
        # out instead
        leaders = list(vd.label_leaders.values())
        assert not any(segments_cross(a, b) for i, a in enumerate(leaders)
                       for b in leaders[i + 1:]), (width, height)
        missing = set(drawing.labels) | s3
        missing -= set(vd.label_boxes)
        assert len(missing) <= 1, (width, height, missing)
        assert len(vd.mark_cells) > 10
        for sid, box in vd.label_boxes.items():
            for cell in vd.mark_cells:
                assert not overlaps(box, cell), (sid, box, cell)
            for cell in vd.mark_cells:
                assert not segment_crosses(vd.label_leaders[sid], cell), (sid, width, height)


# ------------------------------------------------ the S3 line's name
@pytest.mark.parametrize("language, text", [("en", "S3 level"), ("es", "Nivel S3")])
@pytest.mark.parametrize("variant", ["female", "male"])
def test_the_s3_name_sits_in_the_label_column_off_the_drawing(atlas, language, text,
                                                               variant):
    """The reader saw "S3 level" / "Nivel S3" printed over the bones. Its name is now a label
    in the left column: no painted structure under any corner or the middle of its box, its
    dashed leader from the line's own left-hand end, and the name once on the drawing."""
    from desktop_app.export.fonts import register_fonts
    from desktop_app.model.anatomy import structure_at

    register_fonts()
    c = _example(language)
    drawing = atlas.drawing("sagittal", variant)
    (x1, y1), (x2, y2) = drawing.s3_line
    front = (x1, y1) if x1 <= x2 else (x2, y2)
    for width, height in ((495, 326), (462, 250), (462, 200)):
        vd = dd.build_view(drawing, c.marks_in("sagittal"), width=width, max_height=height,
                           label_for=lambda sid: atlas.structure(sid).lay(language),
                           s3_text=text)
        x0, b0, x1b, t0 = vd.label_boxes[dd.S3_KEY]
        pl = vd.placement
        vx, vy, _vw, vh = pl.viewbox
        for px, py in ((x0, b0), (x0, t0), (x1b, b0), (x1b, t0), ((x0 + x1b) / 2,
                                                                   (b0 + t0) / 2)):
            ux, uy = vx + px / pl.scale, vy + vh - py / pl.scale
            assert structure_at(drawing, ux, uy) is None, (width, height, px, py)
        # left of the line's front end, its leader starting there
        start, _end = vd.label_leaders[dd.S3_KEY]
        assert x1b < pl.point(*front)[0]
        assert math.dist(start, pl.point(*front)) < 0.5
        assert vd.words.count(text) == 1


@pytest.mark.parametrize("language, text", [("en", "S3 level"), ("es", "Nivel S3")])
@pytest.mark.parametrize("variant", ["female", "male"])
@pytest.mark.parametrize("height", [100.0, 147.4, 165.0, 170.0])   # page 1's least and less
def test_the_s3_name_is_never_printed_on_the_drawing(atlas, height, variant, language, text):
    """On a small, crowded drawing the column may have no room for it. It was then printed
    on the line, over the bone (review5 #1). Now it is in the left column (its box over no
    painted structure, its leader from the line's front end) or not on the drawing at all
    (the key under the drawing explains the dashed line), never twice, never on the right."""
    from desktop_app.export.fonts import register_fonts
    from desktop_app.model.anatomy import structure_at

    register_fonts()
    c = _example(language)
    drawing = atlas.drawing("sagittal", variant)
    vd = dd.build_view(drawing, c.marks_in("sagittal"), width=462, max_height=height,
                       label_for=lambda sid: atlas.structure(sid).lay(language), s3_text=text)
    texts = [op.text for op in vd.ops if isinstance(op, dd.TextOp)]
    assert texts.count(text) == vd.words.count(text) == (dd.S3_KEY in vd.label_boxes)
    if dd.S3_KEY in vd.label_boxes:
        x0, b0, x1, t0 = vd.label_boxes[dd.S3_KEY]
        pl = vd.placement
        vx, vy, _vw, vh = pl.viewbox
        for px, py in ((x0, b0), (x0, t0), (x1, b0), (x1, t0), ((x0 + x1) / 2, (b0 + t0) / 2)):
            assert structure_at(drawing, vx + px / pl.scale, vy + vh - py / pl.scale) is None
        (lx1, ly1), (lx2, ly2) = drawing.s3_line
        assert x1 < pl.point(min(lx1, lx2), 0)[0]          # the left column
    if height >= 147.4:            # page 1's least height still has room for it
        assert dd.S3_KEY in vd.label_boxes, height


def test_the_s3_name_left_out_of_a_full_column_is_not_put_on_the_line(atlas):
    """At 60 points high the left column has no room for it: no "S3 level" anywhere on the
    drawing (the old fallback printed it on the line); every anatomy label it could have
    pushed out is still there (it gives its place up first)."""
    from desktop_app.export.fonts import register_fonts

    register_fonts()
    drawing = atlas.drawing("sagittal", "female")
    def lay(sid: str) -> str:
        return atlas.structure(sid).lay("en")

    vd = dd.build_view(drawing, {}, width=462, max_height=60.0, label_for=lay,
                       s3_text="S3 level")
    assert dd.S3_KEY not in vd.label_boxes
    assert "S3 level" not in [op.text for op in vd.ops if isinstance(op, dd.TextOp)]
    bare = dd.build_view(drawing, {}, width=462, max_height=60.0, label_for=lay)
    assert set(bare.label_boxes) <= set(vd.label_boxes)
