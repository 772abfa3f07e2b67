"""The summary's pictures: the anatomy drawings with the patient's marks (each with its key and
lay caption; the first on page 1, fitted to the room there) and "Pictures from your scans"
(the key images)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from reportlab import platypus as pl

from desktop_app.export import diagram_drawing as dd
from desktop_app.export.figures import (KEY_GAP, KEY_MIN_WIDTH, KEY_NARROW_WIDTH, Art, Figure,
                                       ImageFrame, picture_for)
from desktop_app.export.fonts import printable
from desktop_app.export.found import legend_text
from desktop_app.export.mark_legend import GuideSwatch, MarkSwatch, legend_lines
from desktop_app.export.story import Story
from desktop_app.export.style import CM, DIAGRAM_MAX_H, DIAGRAM_PAD, IMAGE_MAX_H, table_style

from desktop_app.model.anatomy import guide_words

if TYPE_CHECKING:
    from desktop_app.model.consultation import KeyImage, Lesion

VIEWS = ("sagittal", "axial", "posterior")   # the drawings, in the order they are printed
FIT_TRIES = 4        # layouts tried to fit a figure into the room left on a page
FIT_FUZZ = 0.5       # points a figure may be over its room and still count as fitting
KEY_SWATCH = 18.0    # points: a numbered disc in a key, a line of text high (12 pt, 15 leading)


def marked_views(b: Story) -> list[str]:
    """The drawing views that carry marks and exist in the atlas, in print order."""
    c = b.c
    return [v for v in VIEWS if any(c.marks_in(v).values()) and b.atlas_drawing(v) is not None]


def caption_words(b: Story, view: str) -> str:
    """The lay caption of a drawing view: how it is seen, what the marks are, the S3 line."""
    s = b.s
    drawing = b.atlas_drawing(view)
    marks = b.c.marks_in(view)
    caption = []
    if view == "sagittal":
        caption.append(s["caption_sagittal"].format(front=s[front_side(drawing)]))
    else:
        caption.append(s[f"caption_{view}"])
    # the key beside the drawing names each numbered area; a drawing with stamps or shapes
    # alone says where its key is
    if not marks.get("lesions"):
        caption.append(s["caption_key"])
    return " ".join(caption)   # the key under the drawing explains the dashed S3 line


def drawing_figure(b: Story, view: str, max_height: float, caption: bool = True,
                   elsewhere: list[Lesion] | None = None) -> Figure:
    """One drawing view with its marks, key and lay caption (``caption=False``: none, page 1
    prints it on page 2), its drawing at most ``max_height`` tall (the figure is taller by
    its frame and key). ``elsewhere``: areas marked on other drawings or scans, named in the
    key too (page 1 names every area)."""
    drawing = b.atlas_drawing(view)
    marks = b.c.marks_in(view)
    width = b.frame_width - 2 * DIAGRAM_PAD
    vd = b.views.get((view, width, max_height))
    if vd is None:
        vd = b.views[(view, width, max_height)] = dd.build_view(
            drawing, marks, width=width, max_height=max_height, label_for=b.lay,
            s3_text=guide_words("name", b.lang_code),
            s3_key=guide_words("key", b.lang_code),
            s3_short=guide_words("short", b.lang_code))
    art = Art(vd, b.recorders)
    words = b.para(caption_words(b, view), "caption") if caption else None
    # what the dashed S3 line is: in the drawing's margin, or else in the key under it
    guide = getattr(drawing, "s3_line", None) is not None and vd.guide_key is None
    return _figure(b, art, marks, words, vd.words, elsewhere or [], guide=guide)


def _figure(b: Story, art: Art, marks: dict[str, list[Any]], caption: Any,
            words: list[str], elsewhere: list[Lesion] | None = None,
            guide: bool = False) -> Figure:
    """``art`` framed with the key of ``marks`` and of the areas ``elsewhere`` (beside it
    when there is room) and caption; ``guide``: the drawing shows the dashed S3 line, which
    the key explains last (next to the drawing, page 1 too)."""
    inner = b.frame_width - 2 * DIAGRAM_PAD
    rows = legend_rows(b, marks) + elsewhere_rows(b, elsewhere or [])
    if guide:
        key_s3 = guide_words("key", b.lang_code)
        rows.append([GuideSwatch(KEY_SWATCH), b.para(key_s3, "tight")])
        words = words + [key_s3]
    room = inner - art.width - KEY_GAP
    key = legend(rows, room) if rows and room >= KEY_NARROW_WIDTH else None
    key_h = key.wrap(room, 10_000)[1] if key is not None else 0.0
    caption_h = caption.wrap(room, 10_000)[1] + 6 if caption is not None and key else 0.0
    # beside: a wide column takes the key and the caption; a narrow one the key alone, when
    # it is no taller than the drawing
    caption_beside = room >= KEY_MIN_WIDTH and key_h + caption_h <= art.height
    beside = key is not None and (caption_beside or key_h <= art.height)
    figure = Figure(art, key if beside else legend(rows, inner), caption,
                    width=b.frame_width, frame_colour=b.col["rule"], beside=beside,
                    caption_beside=caption_beside)
    figure.words = words   # type: ignore[attr-defined]  # added to the story once placed
    return figure


def fitted(make: Callable[[float], Figure], room: float, least: float, most: float,
           start: float | None = None) -> Figure:
    """The largest figure ``make(max_height)`` whose whole height fits ``room`` (its drawing
    at most ``most`` and never under ``least`` tall, even if it then does not fit), the
    first try at ``start`` (default: ``room``).

    A figure's height does not follow its drawing's exactly (its labels are laid out again
    at each size), so each try steps down by what the last one was over, a little more
    after the first tries, and the tallest figure that fitted is kept."""
    h = max(least, min(most, room if start is None else start))
    figure = make(h)
    best = figure if figure.height <= room + FIT_FUZZ else None
    for n in range(FIT_TRIES * 2):
        over = figure.height - room
        if over <= FIT_FUZZ or h <= least:
            break
        h = max(least, h - over - (2.0 if n >= FIT_TRIES else 0.0))
        figure = make(h)
        if figure.height <= room + FIT_FUZZ and (best is None or figure.height > best.height):
            best = figure
    return best if best is not None else figure


def place(b: Story, figure: Figure) -> None:
    """Add ``figure`` to the story and its words to the summary's text."""
    b.text += getattr(figure, "words", [])
    b.flowables.append(figure)


COMPACT_DRAWING = 0.7   # of a later drawing's usual height, in a compact summary


def diagram(b: Story, views: list[str]) -> None:
    """Each drawing view of ``views`` with its marks, lay caption and key (page 1 holds the
    first marked view: :mod:`.glance`)."""
    for view in views:
        # a compact summary draws the later drawings a little smaller too
        most = DIAGRAM_MAX_H.get(view, 10 * CM) * (COMPACT_DRAWING if b.compact else 1.0)
        figure = drawing_figure(b, view, most)
        place(b, figure)
        b.flowables.append(pl.Spacer(1, 10))


def images(b: Story) -> None:
    """Each key image with its marks drawn as vector graphics on top, its key and caption."""
    s, c = b.s, b.c
    started = False
    for image in c.images:
        picture = picture_for(image)
        if picture is None:
            continue
        marks = c.marks_in(image.view_name)
        frame = ImageFrame(image)
        vd = dd.build_view(frame, marks, width=b.frame_width - 2 * DIAGRAM_PAD,
                           max_height=IMAGE_MAX_H, lesion_fill=dd.SCAN_LESION_FILL_OPACITY,
                           mark_scale=dd.IMAGE_MARK_SCALE)
        caption = " ".join(printable(image.caption).split())
        if caption:  # the app's own caption ("Your MRI scan") in the summary's language
            from desktop_app.model.captions import caption_in

            caption = caption_in(caption, image.modality, b.lang_code)
        sizes = scan_sizes(b, image, marks.get("lesions", []))
        words = " ".join(w for w in (caption, sizes) if w)
        art = Art(vd, None, picture, (image.width, image.height))
        figure = _figure(b, art, marks, b.para(words, "caption") if words else None, vd.words)
        if not started:
            started = True
            b.flowables += [b.heading("images", s["h_images"]), b.para(s["images_intro"],
                                                                        "intro")]
        place(b, figure)
        b.flowables.append(pl.Spacer(1, 10))


def scan_sizes(b: Story, image: KeyImage, lesions: list[Lesion]) -> str:
    """A sentence per marked area on a scan picture, the same words as the patient's screen
    (``ui.presentation_text``): the size typed for the area when there is one ("Area 1 is
    about 3.0 × 2.2 cm. Its outline here is drawn by hand."), else its outline measured with
    the scan's pixel size ("On this picture, area 1 is about 4.2 × 3.1 cm."), else nothing."""
    from desktop_app.model.lesions import TYPED, cm_words, size_on_scan, typed_words

    out, decimal = [], b.s.get("decimal", ".")
    for lesion in sorted(lesions, key=lambda m: m.number):
        shown = size_on_scan(b.c.lesions, lesion, image)
        if shown is None:
            continue
        kind, size = shown
        if kind == TYPED:
            out.append(b.s["size_typed_scan"].format(n=lesion.number,
                                                     size=typed_words(size, decimal)))
        else:
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


def legend_rows(b: Story, marks: dict[str, list[Any]]) -> list[list[Any]]:
    """The key's rows: each lesion's numbered swatch and its words, then each kind of stamp,
    shape and highlight with a small picture of it and plain words (:mod:`.mark_legend`)."""
    rows: list[list[Any]] = []
    for lesion in sorted(marks.get("lesions", []), key=lambda m: m.number):
        rows.append([dd.swatch(lesion.color, lesion.number, KEY_SWATCH),
                     b.para(legend_text(b.s, lesion), "tight")])
    for line in legend_lines(marks, b.lang_code):
        rows.append([MarkSwatch(line), b.para(line.text, "tight")])
    return rows


def elsewhere_rows(b: Story, lesions: list[Lesion]) -> list[list[Any]]:
    """Key rows for areas marked on another drawing or a scan: the swatch, its words and
    where it is shown ("Area 2 (partly solid, partly fluid): on a later drawing.")."""
    from desktop_app.model.lesions import on_image

    rows: list[list[Any]] = []
    for lesion in sorted(lesions, key=lambda m: m.number):
        where = b.s["key_on_image" if on_image(lesion) else "key_on_drawing"]
        rows.append([dd.swatch(lesion.color, lesion.number, KEY_SWATCH),
                     b.para(legend_text(b.s, lesion) + where, "tight")])
    return rows


def legend(rows: list[list[Any]], width: float) -> pl.Table | None:
    """The key of a drawing, ``width`` wide, from :func:`legend_rows` (None: no rows)."""
    if not rows:
        return None
    table = pl.Table(rows, colWidths=[1.1 * CM, width - 1.1 * CM], hAlign="LEFT")
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table
