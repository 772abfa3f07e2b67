"""Every drawing the surgeon used goes home: stamps, shapes and highlights in the PDF's
drawings with their legend in plain words (English and Spanish), and a visit marked on the
side view, the cross-section and the view from behind prints all three. Exported as a user
does it (`presacral-consult export`, a real subprocess) and the PDF read back."""

from __future__ import annotations

import json

import pytest

from desktop_app.model.consultation import Arrow, Consultation, Lesion, Shape, Stamp, Stroke
from desktop_app.model.stamps import (MENU_KINDS, STAMP_KINDS, legend_text,
                                      shape_legend_text)
from tests.e2e.test_pdf import _text, run

import pypdf


def _flat(text: str) -> str:
    """Extracted text without line breaks and with the PDF's typographic hyphen as "-"."""
    return " ".join(text.replace("\u00ad", "").split())


def _every_tool(view: str = "sagittal") -> Consultation:
    """One of every stamp (two sacral levels), each shape and a highlight on one view."""
    c = Consultation(visit_date="2025-05-06", view=view)
    for i, kind in enumerate(STAMP_KINDS):
        c.stamps.append(Stamp(view=view, kind=kind, x=120 + 60 * (i % 6), y=140 + 90 * (i // 6),
                              size=0.6, color="#000000",
                              level="S3" if kind == "sacral_level" else ""))
    c.stamps.append(Stamp(view=view, kind="sacral_level", x=480, y=320, level="S5", size=0.6))
    c.shapes += [Shape(view=view, kind="ellipse", cx=300, cy=400, rx=40, ry=25),
                 Shape(view=view, kind="rect", cx=420, cy=400, rx=30, ry=20, fill=False),
                 Shape(view=view, kind="area", points=[(500, 380), (560, 390), (530, 440)])]
    c.strokes.append(Stroke(view=view, points=[(200, 450), (300, 470)], width=14,
                            highlight=True, color="#E69F00"))
    return c


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_tool_is_drawn_and_named_in_the_legend(tmp_path, lang):
    case = tmp_path / "visit.json"
    case.write_text(json.dumps(_every_tool().to_dict()))
    out = tmp_path / "summary.pdf"
    result = run("export", str(case), "--out", str(out), "--lang", lang)
    assert result.returncode == 0, result.stderr
    text = _flat(" ".join(_text(out)))
    for kind in MENU_KINDS:        # the combined approach's two cuts are one line
        assert _flat(legend_text(kind, lang, "S3")) in text, kind
    assert _flat(legend_text("sacral_level", lang, "S5")) in text
    assert text.count(_flat(legend_text("combined_front", lang))) == 1
    for key in ("highlight", "shape", "area"):
        assert _flat(shape_legend_text(key, lang)) in text, key
    # the level tags are on the drawing itself
    assert "S3" in text and "S5" in text


def test_a_visit_on_three_views_prints_three_drawings_each_with_its_key(tmp_path):
    c = Consultation(visit_date="2025-05-06")
    c.lesions.append(Lesion(view="sagittal", number=1, cx=400, cy=300, rx=30, ry=20,
                            label="presacral cyst"))
    c.arrows.append(Arrow(view="axial", x1=300, y1=100, x2=500, y2=250))
    c.stamps.append(Stamp(view="axial", kind="drain", x=600, y=300))
    c.stamps.append(Stamp(view="posterior", kind="posterior_incision", x=540, y=380))
    c.stamps.append(Stamp(view="posterior", kind="coccyx_removal", x=540, y=488))
    case = tmp_path / "visit.json"
    case.write_text(json.dumps(c.to_dict()))
    out = tmp_path / "summary.pdf"
    result = run("export", str(case), "--out", str(out))
    assert result.returncode == 0, result.stderr
    pages = [_flat(p) for p in _text(out)]
    text = " ".join(pages)
    side = text.index("from the side")
    cross = text.index("a slice across the lower body")
    behind = text.index("from behind, as you would see")
    assert side < cross < behind
    # each drawing's key is in its frame, before its caption: the side view's on page 1
    # (its caption opens page 2), the others' with their drawings
    assert text.index("Presacral cyst") < pages[0].index("Page 1 of") < side
    assert side < text.index(_flat(legend_text("drain", "en"))) < cross
    assert cross < text.index(_flat(legend_text("posterior_incision", "en"))) < behind
    assert cross < text.index(_flat(legend_text("coccyx_removal", "en"))) < behind
    # the view from behind is labelled in lay words, like the others
    assert "fold between the buttocks" in text and "tailbone" in text
    # three drawings: three framed figures with vector paths on the pages
    reader = pypdf.PdfReader(str(out))
    assert sum(p.extract_text().count("This drawing shows") for p in reader.pages) == 3
