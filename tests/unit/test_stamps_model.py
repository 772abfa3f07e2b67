"""Stamps, shapes and highlights in the model: validation of saved files (the field is named,
never the value), their outlines and their plain words in both languages."""

from __future__ import annotations

import math

import pytest

from desktop_app.model.consultation import Consultation, ConsultationError, Shape, Stamp, Stroke
from desktop_app.model.stamps import (KINDS, LEGEND_GROUP, MENU_KINDS, STAMP_KINDS,
                                      legend_text, placed_parts, shape_legend_text,
                                      shape_outline, snap_to_level, transform)


def _with(**extra) -> dict:
    data = Consultation(visit_date="2025-03-04").to_dict()
    data.update(extra)
    return data


def test_new_marks_round_trip_and_are_listed_per_view():
    c = Consultation(visit_date="2025-03-04")
    c.stamps.append(Stamp(view="posterior", kind="sacral_level", x=5, y=6, rotation=10,
                          size=1.5, level="S3"))
    c.shapes.append(Shape(view="posterior", kind="area", points=[(0, 0), (4, 0), (2, 3)]))
    c.shapes.append(Shape(view="sagittal", kind="rect", cx=1, cy=2, rx=3, ry=4, fill=False))
    c.strokes.append(Stroke(points=[(0, 0), (1, 1)], highlight=True, width=14))
    again = Consultation.from_dict(c.to_dict())
    assert again == c
    assert [type(m).__name__ for group in again.marks_in("posterior").values() for m in group] \
        == ["Shape", "Stamp"]


@pytest.mark.parametrize("extra,field", [
    ({"stamps": [{"kind": "scalpel", "x": 1, "y": 2}]}, "stamps[0].kind"),
    ({"stamps": [{"kind": "drain", "x": 1, "y": 2, "size": 50}]}, "stamps[0].size"),
    ({"stamps": [{"kind": "drain", "x": "1", "y": 2}]}, "stamps[0].x"),
    ({"stamps": [{"kind": "sacral_level", "x": 1, "y": 2, "level": "S9"}]}, "stamps[0].level"),
    ({"shapes": [{"kind": "area", "points": [[0, 0], [1, 1]]}]}, "shapes[0].points"),
    ({"shapes": [{"kind": "ellipse", "cx": 0, "cy": 0, "rx": -1, "ry": 2}]}, "shapes[0].rx"),
    ({"shapes": [{"kind": "star", "cx": 0, "cy": 0, "rx": 1, "ry": 2}]}, "shapes[0].kind"),
    ({"shapes": [{"kind": "rect", "cx": 0, "cy": 0, "rx": 1, "ry": 2, "fill": "yes"}]},
     "shapes[0].fill"),
    ({"strokes": [{"points": [[0, 0]], "highlight": 1}]}, "strokes[0].highlight"),
    ({"stamps": [{"kind": "drain", "x": 1, "y": 2, "view": "coronal"}]}, "stamps[0].view"),
])
def test_bad_new_fields_name_the_field(extra, field):
    with pytest.raises(ConsultationError) as err:
        Consultation.from_dict(_with(**extra))
    assert err.value.field == field


def test_a_stamp_and_a_lesion_may_not_share_an_id():
    data = _with(stamps=[{"id": "same", "kind": "drain", "x": 1, "y": 2}],
                 texts=[{"id": "same", "x": 1, "y": 2, "text": "a"}])
    with pytest.raises(ConsultationError, match="same id"):
        Consultation.from_dict(data)


def test_every_stamp_has_words_in_both_languages_and_an_outline():
    for kind in STAMP_KINDS:
        for lang in ("en", "es"):
            text = legend_text(kind, lang, "S3")
            assert text and "{" not in text
        assert KINDS[kind].parts and KINDS[kind].title
    assert legend_text("sacral_level", "es", "S2") == \
        "se quita el sacro desde el nivel S2 hacia abajo"
    assert legend_text("posterior_incision", "en").startswith(
        "the cut for the operation from behind")
    assert legend_text("drain", "xx") == legend_text("drain", "en")
    # the combined approach is one line, chosen from the menu by its first cut
    assert LEGEND_GROUP == {"combined_back": "combined_front"}
    assert "combined_back" not in MENU_KINDS and KINDS["combined_front"].pair == "combined_back"
    for key in ("highlight", "shape", "area"):
        assert shape_legend_text(key, "en") != shape_legend_text(key, "es")


def test_outlines_are_scaled_rotated_and_moved():
    (seg,) = transform([("M", 10.0, 0.0)], 100.0, 50.0, 90.0, 2.0)
    assert seg[1:] == pytest.approx((100.0, 70.0))      # clockwise on screen (y down)
    stamp = Stamp(kind="drain", x=10, y=20, size=2.0)
    parts = placed_parts(stamp)
    assert len(parts) == len(KINDS["drain"].parts)
    part, segs, width = parts[0]
    assert width == pytest.approx(part.width * math.sqrt(2))
    ellipse = shape_outline(Shape(kind="ellipse", cx=5, cy=5, rx=4, ry=2, rotation=90))
    xs = [v for s in ellipse for v in s[1::2]]
    assert max(xs) - min(xs) == pytest.approx(4, abs=1e-6)   # turned: rx now vertical


def test_snap_picks_the_nearest_level_and_lies_on_it():
    levels = {f"S{i}": [[0.0, 10.0 * i], [60.0, 10.0 * i + 5]] for i in range(1, 6)}
    level, x, y, rotation, size = snap_to_level(levels, 31, 31.5)
    assert level == "S3"
    assert (x, y) == pytest.approx((30, 32.5))
    assert rotation == pytest.approx(math.degrees(math.atan2(5, 60)))
    assert size * 120 == pytest.approx(math.hypot(60, 5))
