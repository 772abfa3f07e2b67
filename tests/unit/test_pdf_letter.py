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

import re

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
                                                                     tmp_path, monkeypatch):
    """Try 4 (the wider plan column, the notes line kept) at its limit: it fits and keeps
    "the notes are later"; one point shorter, the line gives way (try 5) and the drawing
    still has its least height. (Any drawing size is good enough here.)"""
    monkeypatch.setattr(glance, "GLANCE_GOOD_H", 0.0)
    height = _limit(3, tmp_path) - past
    b, seen = _glance_story(height, tmp_path)
    assert len(seen) == (4 if pointer else 5)
    assert b.notes_pointer is pointer
    assert (STRINGS["es"]["notes_later"] in b.text) is pointer
    assert b.glance_view == "sagittal"


@pytest.mark.parametrize("past, pointer", [(0.0, True), (1.0, False)])
def test_the_notes_line_gives_way_for_a_drawing_under_its_good_size(past, pointer, tmp_path,
                                                                    monkeypatch):
    """Where try 4 fits, the line saying the notes are later stays if the drawing is at
    least GLANCE_GOOD_H tall with it: a good size exactly that drawing's keeps the line;
    one point more, the line gives way for a larger drawing."""
    height = _limit(3, tmp_path) + 15    # try 4 fits (not try 3), its drawing over its least
    monkeypatch.setattr(glance, "GLANCE_GOOD_H", 0.0)
    b, _seen = _glance_story(height, tmp_path)
    assert b.notes_pointer
    art = next(f for f in b.flowables if hasattr(f, "art")).art.height
    assert art > GLANCE_MIN_H + 8
    monkeypatch.setattr(glance, "GLANCE_GOOD_H", art + past)
    b, seen = _glance_story(height, tmp_path)
    assert b.notes_pointer is pointer
    assert len(seen) == (4 if pointer else 5)
    figure = next(f for f in b.flowables if hasattr(f, "art"))
    assert (figure.art.height > art + 5) is not pointer


@pytest.mark.parametrize("past, wide", [(0.0, False), (1.0, True)])
def test_the_plan_column_widens_only_when_the_page_needs_it(past, wide, tmp_path,
                                                            monkeypatch):
    """Try 3 (notes to the reference, the plan column at 0.6 of the width) at its limit
    fits; one point shorter, the next try widens the plan's column."""
    monkeypatch.setattr(glance, "GLANCE_GOOD_H", 0.0)   # any drawing size good enough
    height = _limit(2, tmp_path) - past
    b, seen = _glance_story(height, tmp_path)
    assert len(seen) == (4 if wide else 3)
    assert (len(b.next_shares) > 1) is wide


# ------------------------------------------------------------ the safety pages' breaks
@pytest.fixture(scope="module")
def layout_pages(tmp_path_factory):
    """The layout tests' visits (tests/unit/test_pdf_layout.py), en and es: their lines page
    by page (pypdfium2, above the footer), with the content library."""
    from desktop_app.export.pdf import export_summary
    from tests.unit import test_pdf_layout as layout

    folder = tmp_path_factory.mktemp("breaks")
    out = {}
    for name, (make, config) in layout.VISITS.items():
        for lang in ("en", "es"):
            path = folder / f"{name}-{lang}.pdf"
            lib = pdf_cases._shipped_content(lang)
            export_summary(make(lang), path, config=config, content=lib,
                           atlas=pdf_cases._shipped_atlas(), language=lang)
            out[name, lang] = (layout.page_lines(path), lib, config)
    return out


BREAK_CASES = [(name, lang) for name in ("example", "chordoma", "meningocele", "no-phone",
                                         "us-clinic") for lang in ("en", "es")]


def _card_titles(lang: str) -> list[str]:
    s = STRINGS[lang]
    return [norm(s[k]) for k in ("urgency_at_once", "urgency_same_day", "call_other",
                                 "h_after_operation")]


@pytest.mark.parametrize("name, lang", BREAK_CASES)
def test_a_page_never_opens_with_a_cards_signs_without_its_title(layout_pages, name, lang):
    """No page opens with the bold "call us at once" lines of a card whose title is on the
    page before; a card carried over starts the next page with "<title> (continued)"."""
    from desktop_app.model.contacts import fill_contacts

    pages, lib, config = layout_pages[name, lang]
    s = STRINGS[lang]
    said = [norm(fill_contacts(t, config, lang)) for i in lib.items("when_to_call")
            for t in (*i.safety, i.summary)]
    titles = _card_titles(lang)
    for number, lines in enumerate(pages[1:], 2):
        top = lines[0].lstrip("• ")
        if top in titles:   # a card's title ("Call us the same day"), not a sign's words
            continue
        assert not any(t.startswith(top) for t in said if len(top) > 12), (number, top)
    text = " ".join(" ".join(lines) for lines in pages[1:])
    for title in _card_titles(lang):
        carried = s["continued"].format(title=title)
        # the title twice only as "(continued)" at the top of the next page
        tops = [" ".join(lines)[:len(carried)] for lines in pages[1:]]
        said_as_title = len(re.findall(re.escape(title) + r"(?! (?:if|si)\b)", text))
        assert said_as_title == 1 + tops.count(carried), title   # not "Call us … day if"


@pytest.mark.parametrize("name, lang", BREAK_CASES)
def test_no_page_opens_in_the_middle_of_a_sentence(layout_pages, name, lang):
    """On the safety pages ("When to call us" to "More about what we found", whose first
    paragraph explains page 1's drawing), a page's first line starts a sentence, a title or
    a list line: no paragraph cut mid-sentence (it was: "The dashed line" / "shows the
    middle of the sacrum")."""
    pages, _lib, _config = layout_pages[name, lang]
    more = STRINGS[lang]["h_found_more"]
    last = next(n for n, lines in enumerate(pages) if more in lines)
    for number, lines in enumerate(pages[1:last + 2], 2):
        first = lines[0].lstrip("•☐ ")
        assert not first[:1].islower(), (number, lines[0])


@pytest.mark.parametrize("name, lang", BREAK_CASES)
def test_a_sign_is_said_once_on_its_card(layout_pages, name, lang):
    """A sign's title, summary and safety sentence said the same thing three times
    ("Stool, gas or clear fluid from the wound. … call us at once if stool, gas or clear
    fluid leaks from the wound. • Stool, gas or clear fluid from the wound means call us at
    once."): the one sentence that names the sign and what to do leads it, once."""
    from desktop_app.model.contacts import fill_contacts

    pages, lib, config = layout_pages[name, lang]
    body = [" ".join(lines) for lines in pages[1:]]
    for item_id in ("wound_after_posterior_surgery", "bowel_blockage"):
        item = lib.item(item_id)
        title = norm(item.title) + "."
        lead = norm(fill_contacts(item.safety[0], config, lang))
        assert not any(title in page for page in body), title
        assert sum(page.count(lead) for page in body) == 1, lead
        assert not any(norm(item.summary) in page for page in body), item.summary
    # on the safety pages every sentence at most once on a page (page 1's box is a summary:
    # not counted), but
    # for what each level's card, and "After your operation", says for itself ("Tell us
    # what happened as soon as you can." under "Call 911 now" and under "Go to the
    # emergency room now"; "If you cannot reach us straight away, …" on both cards that
    # say "call us at once")
    from desktop_app.export.sections import AFTER_OPERATION

    levels: dict[str, set[str]] = {}
    for item in lib.items("when_to_call"):
        group = "after" if item.id in AFTER_OPERATION else item.urgency
        for t in item.safety:
            for x in re.split(r"(?<=[.!?])\s+", norm(fill_contacts(t, config, lang))):
                levels.setdefault(x, set()).add(group)
    more = STRINGS[lang]["h_found_more"]
    at = next(n for n, page in enumerate(body) if more in page)
    safety_pages = body[:at] + [body[at][:body[at].index(more)]]   # up to what we found
    for number, page in enumerate(safety_pages, 2):   # "When to call us" and its cards
        sentences = [x.lstrip("• ") for x in re.split(r"(?<=[.!?])\s+", page) if len(x) > 30]
        twice = {x for x in sentences
                 if sentences.count(x) > max(1, len(levels.get(x, ())))}
        assert not twice, (number, twice)


# ------------------------------------------------------------ page 2's numbers
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_emergency_number_reads_apart_from_the_night_line(tmp_path, lang):
    """A US clinic with a day number only: page 2's night line is blank, to write on, and
    "In an emergency, call 911." sits at least EMERGENCY_GAP under it (it had sat straight
    under the blank line and read as the night instruction)."""
    import dataclasses

    import pypdfium2.raw as pdfium_c

    from desktop_app.export.sections import EMERGENCY_GAP

    args = pdf_cases.build(f"example-{lang}-us", tmp_path / "c")
    args["config"] = dataclasses.replace(args["config"], out_of_hours_phone="")
    data, _result = build_summary(args.pop("consultation"), **args)
    page = pdfium.PdfDocument(data)[1]
    text = page.get_textpage()
    words = STRINGS[lang]["phone_emergency"].format(emergency_number="911")
    found = text.search(words[:15])
    start, _count = found.get_next()
    emergency_top = text.get_charbox(start)[3]
    night = text.search(STRINGS[lang]["phone_night"][:12]).get_next()[0]
    night_bottom = text.get_charbox(night)[1]
    rules = [obj.get_bounds() for obj in page.get_objects()
             if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH]
    lines = [b for b in rules if b[3] - b[1] < 2 and b[2] - b[0] > 100
             and emergency_top < b[1] < night_bottom + 4]
    assert lines, "no line to write the night number on"
    gap = min(b[1] for b in lines) - emergency_top
    assert gap >= EMERGENCY_GAP
