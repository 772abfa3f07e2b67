""""More about what we found", sentence by sentence: where each lesion is (the cross-section
sentence, the place named with its first letter only lower-cased), its size (typed, one
measure, or as drawn, never for a mark on a scan picture), its label in the area's heading, and
the key's label cut at 80 characters."""

from __future__ import annotations

import pytest

from desktop_app.export import found
from desktop_app.export.story import Story
from desktop_app.export.strings import strings_for
from desktop_app.model.consultation import Consultation, Lesion


def _story(atlas, *lesions, content=None, language="en") -> Story:
    c = Consultation()
    c.lesions = list(lesions)
    return Story(c, config=None, content=content, atlas=atlas, language=language)


def _cell_texts(b: Story) -> list[str]:
    """The heading and sentences of each area's table, as printed."""
    out = []
    for flowable in b.flowables:
        cells = getattr(flowable, "_cellvalues", None)
        if cells:
            out += [p.text for p in cells[0][1]]
    return out


def test_one_typed_measure_is_its_size(atlas):
    length = Lesion(view="sagittal", cx=462, cy=300, length_cm=4)
    assert found.lesion_sentences(_story(atlas, length), length) == [
        "It is low down, near the tailbone.", "It is about 4.0 cm across."]
    width = Lesion(view="sagittal", cx=462, cy=300, width_cm=3)
    assert found.lesion_sentences(_story(atlas, width), width)[-1] == "It is about 3.0 cm across."


def test_the_cross_section_sentence_and_the_place_in_full(atlas):
    lesion = Lesion(view="axial", cx=540, cy=250, width_cm=3)
    assert found.lesion_sentences(_story(atlas, lesion), lesion) == [
        "It is shown on the slice drawing, at the level of the sacrum.",
        "On the drawing, it sits in the space in front of the sacrum.",
        "It is about 3.0 cm across."]


def test_the_place_in_spanish_keeps_its_first_word_whole(atlas):
    lesion = Lesion(view="axial", cx=540, cy=250)
    sentences = found.lesion_sentences(_story(atlas, lesion, language="es"), lesion)
    where = [s for s in sentences if s.startswith("En el dibujo")]
    assert len(where) == 1
    place = atlas.structure("presacral_space").lay("es")
    assert where[0].endswith(place[:1].lower() + place[1:] + ".")


def test_no_typed_size_gives_no_size_from_the_drawing(atlas):
    """A marker on the schematic drawing is not a measurement: without a typed size the
    summary names no size at all (it had said "As drawn, it is about 2 by 1.5 cm")."""
    for language in ("en", "es"):
        lesion = Lesion(view="sagittal", cx=462, cy=300, rx=40, ry=30)
        sentences = found.lesion_sentences(_story(atlas, lesion, language=language), lesion)
        assert sentences and not any(" cm" in s or "dibujo, mide" in s for s in sentences)


def test_a_typed_size_is_written_with_one_decimal(atlas):
    """The same form as the lesion panel's boxes (3.0 cm, 2.2 cm): never rounded to the half
    centimetre (2.2 had been printed as 2, and 2.4 as 2.5)."""
    lesion = Lesion(view="axial", cx=540, cy=250, length_cm=3.0, width_cm=2.2)
    assert found.lesion_sentences(_story(atlas, lesion), lesion)[-1] == (
        "It is about 3.0 cm long and 2.2 cm wide.")
    es = found.lesion_sentences(_story(atlas, lesion, language="es"), lesion)[-1]
    assert es == "Mide unos 3,0 cm de largo y 2,2 cm de ancho."
    one = Lesion(view="axial", cx=540, cy=250, width_cm=2.4)
    assert found.lesion_sentences(_story(atlas, one), one)[-1] == "It is about 2.4 cm across."
    s = strings_for("en")
    assert found.legend_text(s, lesion) == "Area 1, 3.0 × 2.2 cm"
    assert found.legend_text(strings_for("es"), lesion) == "Zona 1, 3,0 × 2,2 cm"


def test_a_mark_on_a_scan_picture_has_no_drawn_size(atlas):
    """Image pixels are not drawing centimeters: no "as drawn" size for a mark on a picture."""
    lesion = Lesion(view="image:abc", cx=5, cy=5)
    assert found.lesion_sentences(_story(atlas, lesion), lesion) == [
        "Your surgeon marked it on a picture from your scan."]


def test_the_area_heading_carries_the_lesions_label(atlas):
    lesion = Lesion(view="sagittal", cx=462, cy=300, label="Cyst behind the rectum",
                    length_cm=4)
    b = _story(atlas, lesion)
    found.found(b)
    assert _cell_texts(b) == ["Area 1 — Cyst behind the rectum",
                              "It is low down, near the tailbone. It is about 4.0 cm across."]
    assert b.printed == []                     # no suspected type: no content item printed


def test_the_suspected_type_is_counted_as_printed(atlas, library):
    lesion = Lesion(view="sagittal", cx=462, cy=300, suspected_type="chordoma")
    b = _story(atlas, lesion, content=library)
    found.found(b)
    assert [item.id for item in b.printed] == ["chordoma"]
    assert library.item("chordoma").summary in _cell_texts(b)[1]


@pytest.mark.parametrize("length, shown", [(80, 80), (81, 80)])
def test_the_keys_label_is_cut_at_80_characters(length, shown):
    from desktop_app.export.strings import strings_for

    label = "x" * length
    text = found.legend_text(strings_for("en"), Lesion(label=label, appearance="cystic"))
    # the key starts with a capital (the badge beside it carries the number)
    kept = text.removesuffix(" (filled with fluid)")
    assert len(kept) == shown
    assert kept == ("X" + "x" * 79 if length == 80 else "X" + "x" * 78 + "…")


def test_the_swatch_sits_at_the_top_beside_the_heading_and_the_text_is_flush(atlas):
    """Both cells of an area (the swatch, then the heading and sentences) are top-aligned with
    no side padding: the swatch beside the heading, the sentences flush with the page's text."""
    lesion = Lesion(view="sagittal", cx=462, cy=300, label="Cyst", length_cm=4)
    b = _story(atlas, lesion)
    found.found(b)
    tables = [f for f in b.flowables if getattr(f, "_cellvalues", None)]
    assert len(tables) == 1
    table = tables[0]
    table.wrap(b.frame_width, 1000)
    styles = table._cellStyles[0]
    assert len(styles) == 2
    for cell in styles:
        assert (cell.valign, cell.leftPadding, cell.rightPadding, cell.topPadding,
                cell.bottomPadding) == ("TOP", 0, 0, 2, 6)
