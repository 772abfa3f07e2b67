"""The words about each lesion: "What we found" (where it sits, its size, how it looks, what
the surgeon thinks it is) and the short line in a drawing's key."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab import platypus as pl

from desktop_app.export import diagram_drawing as dd
from desktop_app.export.strings import Strings, format_cm
from desktop_app.export.style import CM, table_style
from desktop_app.export.text import one_line
from desktop_app.model import lesions as lesion_rules
from desktop_app.model.anatomy import approach_for, structure_at

KEY_LABEL_MAX = 80   # characters of a label in a drawing's key (the panel's own limit)

if TYPE_CHECKING:
    from desktop_app.export.story import Story
    from desktop_app.model.consultation import Lesion


def found(b: Story) -> None:
    """"More about what we found": each lesion once, with its swatch and its sentences (the
    plain description of the kind of growth the surgeon suspects among them)."""
    s = b.s
    lesions = lesion_rules.described_once(b.c.lesions)
    if not lesions:
        return
    b.flowables.append(b.heading("details", s["h_found_more"]))
    for lesion in lesions:
        title = s["area"].format(n=lesion.number)
        if lesion.label.strip():
            title += " — " + one_line(lesion.label)
        cell: list[Any] = [b.para(title, "item")]
        cell += [b.para(t, "tight") for t in [" ".join(lesion_sentences(b, lesion))] if t]
        kind = suspected_type(b, lesion)
        if kind is not None and kind not in b.printed:   # its plain description is among
            b.printed.append(kind)                        # the sentences: printed text
            # what the patient must do or tell other doctors about this kind (a suspected
            # chordoma's biopsy, a meningocele and needles): once, under the first area
            from desktop_app.export.sections import safety_lines

            cell += safety_lines(b, kind)
        table = pl.Table([[dd.swatch(lesion.color, lesion.number, 24), cell]],
                         colWidths=[1.3 * CM, b.frame_width - 1.3 * CM], hAlign="LEFT")
        table.setStyle(table_style([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        b.flowables.append(table)


def lesion_sentences(b: Story, lesion: Lesion) -> list[str]:
    """Plain sentences about one lesion: where, how big, how it looks, what it may be."""
    s = b.s
    out: list[str] = []
    drawing = b.atlas_drawing(lesion.view)
    if lesion.view == "sagittal" and drawing is not None:
        try:
            suggestion = approach_for(drawing, lesion)
        except Exception:  # noqa: BLE001 - geometry problems must not stop the summary
            suggestion = None
        if suggestion is not None:
            out.append({"posterior": s["where_low"], "anterior": s["where_high"],
                        "combined": s["where_spans"]}[suggestion.kind])
    elif lesion.view == "axial":
        out.append(s["where_axial"])
    elif lesion_rules.on_image(lesion):
        out.append(s["where_image"])
    if lesion_rules.also_on_image(b.c.lesions, lesion):
        out.append(s["also_image"])
    if drawing is not None:
        where = place(b, drawing, lesion)
        if where:
            out.append(where)
    either = lesion.length_cm or lesion.width_cm
    # typed and measured on a scan disagree: the typed size alone, saying where it is from
    scan = "_scan" if lesion_rules.size_mismatch(b.c.lesions, b.c.images, lesion.number) \
        else ""
    if lesion.length_cm and lesion.width_cm:
        out.append(s["size_both" + scan].format(length=format_cm(lesion.length_cm, s),
                                                width=format_cm(lesion.width_cm, s)))
    elif either:
        out.append(s["size_one" + scan].format(size=format_cm(either, s)))
    # no size typed: none is given (a marker on the schematic drawing is not a measurement)
    if lesion.appearance in ("cystic", "solid", "mixed"):
        out.append(s[f"look_{lesion.appearance}"])
    type_item = suspected_type(b, lesion)
    if type_item is not None:
        out += type_sentences(s, type_item)
    elif lesion.suspected_type_text.strip():
        out.append(s["type_free"].format(text=one_line(lesion.suspected_type_text)
                                         .rstrip(".")))
        out.append(s["type_more"])
    return out


def suspected_type(b: Story, lesion: Lesion) -> Any:
    """The content item of the type the surgeon suspects (``tumour_types``), or None."""
    if b.content is None or not lesion.suspected_type:
        return None
    return b.content.item(lesion.suspected_type)


def type_sentences(s: Strings, item: Any) -> list[str]:
    """What the surgeon thinks it may be, then what that kind of growth is, in plain words.

    The item's ``phrase`` carries its own article ("an abscess", "Ewing sarcoma", "un cordoma"),
    so no a/an, gender or capital rule is guessed here; an item without one is named by its
    title in a sentence that needs no article."""
    if item.phrase:
        first = s["type_listed"].format(type=item.phrase)
    else:
        first = s["type_named"].format(type=item.title)
    return [first, item.summary, s["type_more"]]


def place(b: Story, drawing: Any, lesion: Lesion) -> str:
    """"On the drawing, it sits in the space in front of the sacrum." or ""."""
    try:
        sid = structure_at(drawing, lesion.cx, lesion.cy)
    except Exception:  # noqa: BLE001 - no place named beats no summary
        return ""
    if not sid:
        return ""
    lay = b.lay(sid)
    if not lay:
        return ""
    if sid != "presacral_space":  # a mark near other organs is too rough to name them
        return ""
    return str(b.s["where_in"].format(place=lay[:1].lower() + lay[1:]))


def legend_text(s: Strings, lesion: Lesion) -> str:
    """One lesion in a drawing's key, beside its numbered swatch: its name (the surgeon's
    label, or "Area 1" when none was typed: the text names each area as that), how it looks
    and its size: "Cyst (filled with fluid), 4 × 3 cm", "Area 1 (filled with fluid)"."""
    key = f"legend_{lesion.appearance}"
    look = str(s[key]) if key in s and lesion.appearance != "unknown" else ""
    label = one_line(lesion.label)
    if len(label) > KEY_LABEL_MAX:   # the key stays short; the whole label heads its area
        label = label[:KEY_LABEL_MAX - 1].rstrip() + "…"
    label = label or str(s["area"].format(n=lesion.number))
    text = f"{label} ({look})" if look else label
    text = text[:1].upper() + text[1:]
    size = size_words_short(s, lesion)
    if size:
        text += f", {size}"
    return text


def size_words_short(s: Strings, lesion: Lesion) -> str:
    """A lesion's typed size for the key ("4 × 3 cm", "4 cm"), or ""."""
    if lesion.length_cm and lesion.width_cm:
        return str(s["legend_size"].format(length=format_cm(lesion.length_cm, s),
                                           width=format_cm(lesion.width_cm, s)))
    one = lesion.length_cm or lesion.width_cm
    if one:
        return str(s["legend_size_one"].format(size=format_cm(one, s)))
    return ""
