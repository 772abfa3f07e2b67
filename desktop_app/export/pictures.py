"""The summary's picture sections: "The drawing we used" (the anatomy diagram with the
patient's marks, its caption and key) and "Pictures from your scans" (the key images)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab import platypus as pl

from desktop_app.export import diagram_drawing as dd
from desktop_app.export.figures import ImageFrame, KeyImagePicture, Recorder, picture_for
from desktop_app.export.fonts import printable
from desktop_app.export.found import legend_text
from desktop_app.export.mark_legend import MarkSwatch, legend_lines
from desktop_app.export.story import Story, height
from desktop_app.export.style import (CM, DIAGRAM_MAX_H, DIAGRAM_MIN_H, DIAGRAM_PAD,
                                      IMAGE_MAX_H, table_style)

if TYPE_CHECKING:
    from desktop_app.model.consultation import KeyImage, Lesion

VIEWS = ("sagittal", "axial", "posterior")   # the drawings, in the order they are printed


def diagram(b: Story) -> None:
    """Each drawing view with marks (sagittal first), its lay caption and its key."""
    s, c = b.s, b.c
    views = [v for v in VIEWS
             if any(c.marks_in(v).values()) and b.atlas_drawing(v) is not None]
    if not views:
        return
    blocks: list[Any] = [b.heading("diagram", s["h_diagram"])]
    for n, view in enumerate(views):
        drawing = b.atlas_drawing(view)
        marks = c.marks_in(view)
        caption = []
        if view == "sagittal":
            caption.append(s["caption_sagittal"].format(front=s[front_side(drawing)]))
        else:
            caption.append(s[f"caption_{view}"])
        # "the numbered shapes" are the lesions; a drawing with stamps or shapes alone has a key
        caption.append(s["caption_marks" if marks.get("lesions") else "caption_key"])
        if view == "sagittal" and getattr(drawing, "s3_line", None):
            caption.append(s["caption_s3"])
        after: list[Any] = [pl.Spacer(1, 6), b.para(" ".join(caption), "caption")]
        max_h = DIAGRAM_MAX_H.get(view, 10 * CM)
        if n == 0:
            # Fit the first view on page 1 when it can stay a good size there (the legend
            # may follow on the next page; "What we found" repeats it in words).
            room = b.room_left_on_first_page() - height(blocks + after, b.frame_width) \
                - 2 * DIAGRAM_PAD - 12
            if room >= DIAGRAM_MIN_H:
                max_h = min(max_h, room)
        vd = dd.build_view(drawing, marks, width=b.frame_width - 2 * DIAGRAM_PAD,
                           max_height=max_h, label_for=b.lay, s3_text=s["s3_label"])
        b.text += vd.words
        group: list[Any] = [Recorder(vd, b.recorders, b.frame_width, b.col["rule"])] + after
        if n == 0:
            group = blocks + group
        b.flowables.append(pl.KeepTogether(group))
        key = legend(b, marks)
        if key is not None:
            b.flowables += [pl.Spacer(1, 2), key]
        b.flowables.append(pl.Spacer(1, 8))


def images(b: Story) -> None:
    """Each key image with its marks drawn as vector graphics on top, and its caption."""
    s, c = b.s, b.c
    blocks: list[Any] = []
    for image in c.images:
        picture = picture_for(image)
        if picture is None:
            continue
        marks = c.marks_in(image.view_name)
        frame = ImageFrame(image)
        vd = dd.build_view(frame, marks, width=b.frame_width - 2 * DIAGRAM_PAD,
                           max_height=IMAGE_MAX_H, lesion_fill=dd.SCAN_LESION_FILL_OPACITY,
                           mark_scale=dd.IMAGE_MARK_SCALE)
        b.text += vd.words
        group: list[Any] = [KeyImagePicture(picture, vd, b.frame_width, b.col["rule"],
                                            (image.width, image.height))]
        caption = " ".join(printable(image.caption).split())
        if caption:  # the app's own caption ("Your MRI scan") in the summary's language
            from desktop_app.model.captions import caption_in

            caption = caption_in(caption, image.modality, b.lang_code)
        if caption:
            group += [pl.Spacer(1, 4), b.para(caption, "caption")]
        sizes = scan_sizes(b, image, marks.get("lesions", []))
        if sizes:
            group += [pl.Spacer(1, 2 if caption else 4), b.para(sizes, "caption")]
        if not blocks:
            blocks = [b.heading("images", s["h_images"]), b.para(s["images_intro"], "intro")]
            group = blocks + group
        b.flowables.append(pl.KeepTogether(group))
        key = legend(b, marks)
        if key is not None:
            b.flowables += [pl.Spacer(1, 2), key]
        b.flowables.append(pl.Spacer(1, 8))


def scan_sizes(b: Story, image: KeyImage, lesions: list[Lesion]) -> str:
    """"On this picture, area 1 is about 4.2 × 3.1 cm." for each lesion on a scan whose
    pixel size is known (the same words as the Images tab); "" otherwise."""
    from desktop_app.model.lesions import cm_words, scan_size_cm

    out, decimal = [], b.s.get("decimal", ".")
    for lesion in sorted(lesions, key=lambda m: m.number):
        size = scan_size_cm(lesion, image)
        if size is not None:
            out.append(b.s["size_scan"].format(n=lesion.number,
                                               length=cm_words(size[0], decimal),
                                               width=cm_words(size[1], decimal)))
    return " ".join(out)


def front_side(drawing: Any) -> str:
    """Which side the front of the body is on, from where the bladder / pubis sit."""
    bounds = dd.shape_bounds(drawing)

    def centre(sid: str) -> float | None:
        xs = [b for sh, bb in zip(drawing.shapes, bounds) if sh.structure_id == sid
              for b in (bb[0], bb[2])]
        if not xs:
            return None
        return (min(xs) + max(xs)) / 2

    back = centre("sacrum")
    for sid in ("pubic_symphysis", "bladder"):
        front = centre(sid)
        if front is not None and back is not None:
            return "left" if front < back else "right"
    return "left"


def legend(b: Story, marks: dict[str, list[Any]]) -> pl.Table | None:
    """The key under a drawing: each lesion's numbered swatch and its words, then each kind of
    stamp, shape and highlight with a small picture of it and plain words
    (:mod:`.mark_legend`)."""
    rows: list[list[Any]] = []
    for lesion in sorted(marks.get("lesions", []), key=lambda m: m.number):
        rows.append([dd.swatch(lesion.color, lesion.number),
                     b.para(legend_text(b.s, lesion), "tight")])
    for line in legend_lines(marks, b.lang_code):
        rows.append([MarkSwatch(line), b.para(line.text, "tight")])
    if not rows:
        return None
    table = pl.Table(rows, colWidths=[1.1 * CM, b.frame_width - 1.1 * CM], hAlign="LEFT")
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table
