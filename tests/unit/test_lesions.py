"""The lesion rules (model/lesions.py): numbering, colour, approach-aid state, sizes and their
words. Pure Python, no Qt: the diagram, the image pane, the panels and the PDF all use these."""

from __future__ import annotations

import pytest

from desktop_app.model import lesions as rules
from desktop_app.model.consultation import KeyImage, Lesion


def _on(view: str, *numbers: int) -> list[Lesion]:
    return [Lesion(view=view, number=n) for n in numbers]


# ---------------------------------------------------------------------------- numbering
def test_a_new_lesion_on_the_drawing_takes_the_number_after_the_highest():
    assert rules.next_number([]) == 1
    # gaps are not refilled on the drawing: "3" was deleted, the next one is still 5
    assert rules.next_number(_on("sagittal", 1, 2, 4)) == 5
    # the highest of the whole visit counts (the other view and the images too)
    assert rules.next_number(_on("sagittal", 1) + _on("axial", 6) + _on("image:a", 9)) == 10


def test_a_new_lesion_on_an_image_takes_the_lowest_free_number_on_that_image():
    lesions = _on("sagittal", 1, 2, 3) + _on("image:a", 1, 3) + _on("image:b", 1, 2)
    assert rules.first_free_number(lesions, "image:a") == 2       # the gap is filled
    assert rules.first_free_number(lesions, "image:b") == 3
    assert rules.first_free_number(lesions, "image:c") == 1       # the drawing does not count
    assert rules.first_free_number(_on("image:a", 2, 3), "image:a") == 1


def test_a_lesion_on_an_image_takes_colour_and_label_of_its_twin_on_the_drawing():
    drawn = Lesion(view="sagittal", number=1, color="#123456", label="cyst")
    made = rules.new_on_image([drawn], "image:a", 10, 20, 5, 4)
    assert (made.number, made.color, made.label, made.view) == (1, "#123456", "cyst", "image:a")
    assert (made.cx, made.cy, made.rx, made.ry) == (10, 20, 5, 4)
    second = rules.new_on_image([drawn, made], "image:a", 0, 0, 1, 1)
    assert (second.number, second.color, second.label) == (2, rules.colour_for(2), "")
    # a twin on another image is not a twin: only the drawing names a lesion
    other = rules.new_on_image([Lesion(view="image:b", number=1, color="#654321")], "image:a",
                               0, 0, 1, 1)
    assert other.color == rules.colour_for(1)


def test_numbers_are_unique_within_a_view_only():
    a, b = Lesion(view="sagittal", number=1), Lesion(view="sagittal", number=2)
    axial = Lesion(view="axial", number=3)
    lesions = [a, b, axial]
    assert rules.number_taken(lesions, a, 2)
    assert not rules.number_taken(lesions, a, 3)      # 3 on the axial view: the same lesion
    assert not rules.number_taken(lesions, a, 1)      # its own number


def test_renumbering_moves_a_default_colour_but_keeps_a_chosen_one():
    default = Lesion(number=1, color=rules.colour_for(1).lower())
    assert rules.renumbered(default, 2) == {"number": 2, "color": rules.colour_for(2)}
    chosen = Lesion(number=1, color="#000000")
    assert rules.renumbered(chosen, 2) == {"number": 2}
    drawn = Lesion(view="sagittal", number=4, color="#ABCDEF")
    assert rules.renumbered_on_image([drawn], 4) == {"number": 4, "color": "#ABCDEF"}
    assert rules.renumbered_on_image([drawn], 5) == {"number": 5, "color": rules.colour_for(5)}


def test_a_lesion_on_a_scan_with_a_drawn_number_is_described_once():
    lesions = (_on("image:a", 1, 2) + _on("sagittal", 1) + _on("image:b", 2, 3)
               + _on("axial", 1))
    kept = [(m.number, m.view) for m in rules.described_once(lesions)]
    # 1 on the drawing (both views) stands for 1 on the scan; 2 is described from the first
    # scan only; 3 exists on a scan only
    assert kept == [(1, "axial"), (1, "sagittal"), (2, "image:a"), (3, "image:b")]
    assert rules.also_on_image(lesions, lesions[2])
    assert not rules.also_on_image(lesions, lesions[0])          # it is on an image itself


# ------------------------------------------------------------------------------- colour
def test_colours_cycle_by_number_and_numbers_below_one_are_one():
    assert rules.colour_for(1) == "#D55E00" == Lesion().color
    assert len(set(rules.COLOURS)) == len(rules.COLOURS) == 6
    assert [rules.colour_for(n) for n in range(1, 7)] == list(rules.COLOURS)
    assert rules.colour_for(7) == rules.colour_for(1) and rules.colour_for(0) == "#D55E00"
    assert rules.has_default_colour(Lesion(number=2, color="#0072b2"))
    assert not rules.has_default_colour(Lesion(number=2, color="#D55E00"))


def test_a_lesion_on_a_scan_is_filled_more_lightly_than_on_the_drawing():
    assert rules.fill_opacity(Lesion(view="image:a")) == rules.SCAN_FILL_OPACITY
    assert rules.fill_opacity(Lesion(view="axial")) == rules.FILL_OPACITY
    assert 0 < rules.SCAN_FILL_OPACITY < rules.FILL_OPACITY < 1


def test_title_and_name():
    assert rules.title(Lesion(number=3)) == "Lesion 3"
    assert rules.title(Lesion(number=3, label="cyst")) == "Lesion 3 — cyst"
    assert rules.name(Lesion(number=3, label="cyst")) == "lesion 3"


# ------------------------------------------------------------------------ approach aid
class _Aid:
    def __init__(self, kind: str, reason: str = "why"):
        self.kind, self.reason = kind, reason


def test_a_suggested_approach_follows_the_aid():
    lesion = Lesion()
    assert rules.approach_update(lesion, lambda _l: _Aid("posterior", "low")) == {
        "approach": "posterior", "approach_reason": "low", "approach_status": "suggested"}
    assert rules.approach_update(lesion, None) == {}
    assert rules.approach_update(lesion, lambda _l: None) == {}     # no aid on this view


def test_a_confirmed_approach_stays_while_the_aid_agrees_and_asks_again_when_not():
    lesion = Lesion(**rules.confirmed(_Aid("posterior", "low")))
    assert lesion.approach_status == "confirmed"
    assert rules.approach_update(lesion, lambda _l: _Aid("posterior", "lower")) == {
        "approach_reason": "lower"}
    assert rules.approach_update(lesion, lambda _l: _Aid("combined", "spans")) == {
        "approach": "combined", "approach_reason": "spans", "approach_status": "suggested"}
    assert not rules.can_confirm(lesion, _Aid("posterior"))
    assert rules.can_confirm(lesion, _Aid("combined"))
    assert not rules.can_confirm(lesion, None)


def test_an_overridden_approach_stays_and_records_what_the_aid_now_says():
    live = _Aid("posterior", "low")
    lesion = Lesion(approach_reason="before", **{
        k: v for k, v in rules.overridden(Lesion(approach_reason="before"), "anterior",
                                          live).items() if k != "approach_reason"})
    assert (lesion.approach, lesion.approach_status) == ("anterior", "overridden")
    assert rules.approach_update(lesion, lambda _l: _Aid("combined", "spans")) == {
        "approach_reason": "spans"}
    assert rules.shown_approach(lesion, live) == "anterior"
    assert rules.shown_approach(lesion, None) == "anterior"
    # choosing what the aid says is a confirmation, not an override
    assert rules.overridden(lesion, "posterior", live) == rules.confirmed(live)
    # without the aid, the reason recorded before stays
    assert rules.overridden(lesion, "combined", None)["approach_reason"] == "before"


def test_back_to_the_aid_and_what_is_shown():
    live = _Aid("combined", "spans")
    assert rules.back_to_aid(live) == {"approach": "combined", "approach_reason": "spans",
                                       "approach_status": "suggested"}
    assert rules.back_to_aid(None) == {"approach": "", "approach_reason": "",
                                       "approach_status": "suggested"}
    suggested = Lesion(approach="posterior", approach_status="suggested")
    assert rules.shown_approach(suggested, live) == "combined"     # the live aid, not the old
    assert rules.shown_approach(suggested, None) == ""
    assert rules.shown_approach(Lesion(approach="posterior", approach_status="confirmed"),
                                live) == "posterior"


def test_the_aid_on_the_real_drawing(atlas):
    from desktop_app.model.anatomy import approach_in

    lesion = Lesion(view="sagittal", cx=430, cy=350, rx=20, ry=20)
    live = approach_in(atlas, "female", lesion)
    assert live is not None and live.kind in ("posterior", "anterior", "combined")
    assert approach_in(atlas, "female", Lesion(view="axial")) is None
    assert approach_in(atlas, "female", Lesion(view="image:a")) is None
    assert approach_in(None, "female", lesion) is None
    assert approach_in(atlas, "no such variant", lesion) is None


# -------------------------------------------------------------------------------- sizes
@pytest.mark.parametrize("mm_per_px", [0.3, 0.5, 0.78125, 1.0, 2.5])
def test_cm_round_trip_on_scans_of_several_pixel_spacings(mm_per_px):
    image = KeyImage(id="a", kind="dicom-gray16", width=2, height=2, data=bytes(8),
                     row_spacing_mm=mm_per_px, column_spacing_mm=mm_per_px)
    px_per_cm = rules.scan_px_per_cm(image)
    assert px_per_cm == pytest.approx(10.0 / mm_per_px)
    # a clicked marker is the typical size in real centimetres at this spacing ...
    rx, ry = rules.default_radii(px_per_cm)
    lesion = Lesion(view="image:a", rx=rx, ry=ry)
    assert rules.scan_size_cm(lesion, image) == pytest.approx(rules.DEFAULT_SIZE_CM)
    # ... and a typed size comes back as typed
    rx, ry = rules.size_to_radii(5.5, 3.25, rx, ry, px_per_cm)
    lesion = Lesion(view="image:a", rx=rx, ry=ry, rotation=30)
    assert rules.scan_size_cm(lesion, image) == pytest.approx((5.5, 3.25))
    assert rules.units_to_cm(rules.cm_to_units(4.2, px_per_cm), px_per_cm) == pytest.approx(4.2)
    if mm_per_px != 0.5:
        # the drawing's 20 px per cm would give another size: the scan's own scale is used
        assert rules.drawn_size_cm(lesion, 20.0) != pytest.approx((5.5, 3.25))


def test_a_scan_without_spacing_has_no_scale():
    image = KeyImage(id="a", kind="png")
    assert rules.scan_px_per_cm(image) is None
    assert rules.scan_size_cm(Lesion(view="image:a"), image) is None


def test_sizes_on_the_drawing():
    # the drawing's scale: 20 units per cm; the marker's longer diameter first
    assert rules.default_radii(20.0) == (30.0, 24.0)
    assert rules.drawn_size_cm(Lesion(rx=10, ry=30), 20.0) == (3.0, 1.0)
    # a typed size keeps the marker's orientation: the longer measurement on the longer axis
    assert rules.size_to_radii(5, 3, rx=10, ry=30, px_per_cm=10) == (15, 25)
    assert rules.size_to_radii(3, 5, rx=30, ry=10, px_per_cm=10) == (25, 15)
    assert rules.size_to_radii(4, None, rx=30, ry=10, px_per_cm=10) == (20, 10)
    assert rules.size_to_radii(None, 4, rx=10, ry=30, px_per_cm=10) == (10, 20)
    assert rules.size_to_radii(None, None, rx=30, ry=10, px_per_cm=10) == (30, 10)


def test_sizes_in_words():
    assert rules.cm_words(4.24) == "4.2" and rules.cm_words(0.01) == "0.1"
    assert rules.cm_words(4.25, decimal=",") == "4,2"          # float rounding of 4.25
    assert rules.cm_words(0.01, least=0) == "0.0"
    assert rules.size_words((4.26, 3.14)) == "4.3 × 3.1"
    assert rules.size_words((0.01, 12.345), decimal=",") == "0,1 × 12,3"
    # a typed size: one decimal, like the panel's boxes; a missing measurement is left out
    assert rules.typed_words((3.0, 2.2)) == "3.0 × 2.2"
    assert rules.typed_words((4.0, None)) == "4.0" and rules.typed_words((None, 2.5)) == "2.5"
    assert rules.typed_words((5.5, 2.4), decimal=",") == "5,5 × 2,4"
    assert rules.typed_words((None, None)) == ""
    # how far an edge is from the S3 line
    assert rules.distance_words(-1.24) == "1.2 cm" and rules.distance_words(0.04) == "0 cm"
