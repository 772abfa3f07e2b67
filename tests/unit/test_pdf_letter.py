"""Page 1 on US Letter: a US clinic's config gives Letter paper, 50 pt shorter than A4 (279
against 297 mm) and 17 pt wider. Page 1 must still hold the whole visit at a glance: the
drawing no smaller than A4's least (``GLANCE_MIN_H``), "What happens next" whole (never its
tests line alone at the top of page 2), then the emergency box.

What gives way on a full page 1, in order (``glance.glance``): the approach lines, the
surgeon's notes (to the reference), a wider plan column beside "Whom to call", the line
saying the notes are later, then the drawing's size. The last two steps are tested here at
their limit (the page exactly tall enough) and one point past it.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from desktop_app.export import glance, pictures, sections
from desktop_app.export.builder import build_summary
from desktop_app.export.story import Story
from desktop_app.export.strings import STRINGS
from desktop_app.export.style import GLANCE_MIN_H
from tests import pdf_cases
from tests.unit.test_pdf_support import norm


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The shipped example from a US clinic, en and es: (page texts, result) by language."""
    folder = tmp_path_factory.mktemp("letter")
    out = {}
    for lang in ("en", "es"):
        args = pdf_cases.build(f"example-{lang}-us", folder / lang)
        data, result = build_summary(args.pop("consultation"), **args)
        pdf = pdfium.PdfDocument(data)
        texts = [norm(page.get_textpage().get_text_range()) for page in pdf]
        out[lang] = (texts, result)
    return out


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_us_clinic_gets_letter_and_page_one_whole(built, lang):
    texts, result = built[lang]
    s = STRINGS[lang]
    assert result.page_size == pytest.approx((612, 792))
    first, second = texts[0], texts[1]
    # "What happens next" whole on page 1, the emergency box after it
    assert s["h_next"] in first and s["tests_lead"] in first
    assert first.index(s["h_next"]) < first.index(s["tests_lead"]) < first.index(s["box_title"])
    assert s["tests_lead"] not in second and s["h_next"] not in second
    # the page-1 drawing no smaller than A4's least
    [drawing] = [d for d in result.diagrams if d.page == 1]
    assert drawing.placement.height >= GLANCE_MIN_H - 0.01
    # the numbers whole on their lines (no-break spaces: never "+1 555 201" / "3400.")
    assert "+1 555 201 3400" in first and "+1 555 201 3999" in first


def _glance_story(height: float, folder) -> tuple[Story, list[tuple[float, float]]]:
    """Page 1 of the US example (Spanish: its plan is the longest) on a page ``height`` tall,
    laid out by ``glance``: the story, and (room, least figure height) of each try."""
    args = pdf_cases.build("example-es-us", folder)
    b = Story(args["consultation"], config=args["config"], content=args["content"],
              atlas=args["atlas"], language="es", compact=True)
    b.pagesize = (b.pagesize[0], height)
    seen: list[tuple[float, float]] = []
    real = glance.fit_figure

    def spy(b_, view, make, room, last=True):
        seen.append((room, make(GLANCE_MIN_H).height))
        return real(b_, view, make, room, last)

    glance.fit_figure = spy
    try:
        sections.header(b)
        sections.visit(b)
        glance.glance(b)
    finally:
        glance.fit_figure = real
    return b, seen


def _limit(try_index: int, folder) -> float:
    """The page height at which try ``try_index`` (0-based) has exactly the room its least
    drawing needs (within the layout's fuzz; 0.01 pt over it against rounding)."""
    _b, seen = _glance_story(792, folder)
    room, least = seen[try_index]
    return 792 + (least - room) - pictures.FIT_FUZZ + 0.01


@pytest.mark.parametrize("past, pointer", [(0.0, True), (1.0, False)])
def test_the_notes_line_gives_way_only_when_the_page_needs_its_room(past, pointer,
                                                                     tmp_path):
    """Try 4 (the wider plan column, the notes line kept) at its limit: it fits and keeps
    "the notes are later"; one point shorter, the line gives way (try 5) and the drawing
    still has its least height."""
    height = _limit(3, tmp_path) - past
    b, seen = _glance_story(height, tmp_path)
    assert len(seen) == (4 if pointer else 5)
    assert b.notes_pointer is pointer
    assert (STRINGS["es"]["notes_later"] in b.text) is pointer
    assert b.glance_view == "sagittal"


@pytest.mark.parametrize("past, wide", [(0.0, False), (1.0, True)])
def test_the_plan_column_widens_only_when_the_page_needs_it(past, wide, tmp_path):
    """Try 3 (notes to the reference, the plan column at 0.6 of the width) at its limit
    fits; one point shorter, the next try widens the plan's column."""
    height = _limit(2, tmp_path) - past
    b, seen = _glance_story(height, tmp_path)
    assert len(seen) == (4 if wide else 3)
    assert (len(b.next_shares) > 1) is wide
