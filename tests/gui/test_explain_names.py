"""A part whose plain name is its medical name ("Rectum") is named once under the drawing
and in the part chooser, never "Rectum (Rectum)"; other parts keep both names."""

from __future__ import annotations

from desktop_app.ui.explain_area import ExplainArea


def test_a_part_named_the_same_both_ways_is_named_once(qtbot):
    area = ExplainArea()
    qtbot.addWidget(area)
    area.show_part("Rectum", "Rectum", "The last part of the bowel.")
    text = area.info.text()
    assert text.count("Rectum") == 1 and "(Rectum)" not in text
    area.show_part("Tailbone", "Coccyx", "The small bone at the tip of the spine.")
    text = area.info.text()
    assert "Tailbone" in text and "(Coccyx)" in text


def test_the_shipped_rectum_is_named_rectum_in_plain_words():
    from desktop_app.services import load_atlas_or_none

    atlas = load_atlas_or_none()
    rectum = atlas.structure("rectum")
    assert rectum.lay("en") == "rectum" and rectum.tooltip("en") == "Rectum"
    assert "back passage" not in rectum.description("en")
