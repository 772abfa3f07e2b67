"""What an outside reader of the take-home PDF found (review 3 and review 1), checked on the
real PDFs read back, English and Spanish: a suspected meningocele's operation described as its
own repair; page 1 never naming a biopsy before its warning; every marked area named on page
1 and in the plan; the wound's warning signs under "After your operation"; no bare box edge
at a page top; each area's name in the key; no check date after the visit date."""

from __future__ import annotations

import dataclasses

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from reportlab import platypus as pl

from desktop_app.export import choices
from desktop_app.export.flowables import CardTable
from desktop_app.export.found import legend_text
from desktop_app.export.pdf import export_summary
from desktop_app.export.sections import AFTER_OPERATION
from desktop_app.export.strings import STRINGS
from desktop_app.export.style import MARGIN_TOP
from desktop_app.model.consultation import Lesion
from desktop_app.model.contacts import fill_contacts
from tests import pdf_cases
from tests.support import export_cases, norm
from tests.unit.test_pdf_support import page_texts

CASES = ("example-en", "example-es", "meningocele-en", "meningocele-es", "chordoma-en",
         "chordoma-es", "example-en-images")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """case -> (arguments, path, the text of each page with whitespace normalised)."""
    return {name: (args, path, [norm(t) for t in page_texts(path)])
            for name, (args, path) in export_cases(tmp_path_factory, CASES).items()}


def _export(tmp_path, name: str, **changes):
    args = pdf_cases.build(name, tmp_path / "c")
    c = dataclasses.replace(args.pop("consultation"), **changes)
    export_summary(c, tmp_path / "s.pdf", **args)
    return args, c, [norm(t) for t in page_texts(tmp_path / "s.pdf")]


# ------------------------------------------------------------ 1. a meningocele's operation
GENERAL = {"en": ("to lower the chance of the growth coming back",
                  "frees the growth from the back of the rectum"),
           "es": ("para bajar la probabilidad de que el bulto vuelva",
                  "separa el bulto de la parte de atrás del recto")}


@pytest.mark.parametrize("name", ["meningocele-en", "meningocele-es"])
def test_a_suspected_meningocele_gets_its_own_repair_card(exported, name):
    args, _path, pages = exported[name]
    text = " ".join(pages)
    lang, lib = args["language"], args["content"]
    repair = lib.item("meningocele_repair")
    # the surgeon ticked "surgery from behind": the card is the meningocele's repair
    assert args["consultation"].treatments_discussed == ["surgery_posterior"]
    assert norm(repair.title) in text
    assert norm(lib.item("surgery_posterior").title) not in text
    for words in GENERAL[lang]:       # the general operation's words are not printed
        assert words not in text, words
    # its own risks: a spinal fluid leak, meningitis; and every one of its warning signs
    risks = norm(repair.field_text("side_effects"))
    assert risks in text
    assert ("spinal fluid" in risks and "meningitis" in risks) if lang == "en" else \
        ("líquido de la columna" in risks and "meningitis" in risks)
    for sentence in repair.safety:
        assert norm(fill_contacts(sentence, args["config"], lang)) in text, sentence
    # page 1 names it too, in the plan's sentence
    assert norm(repair.title).lower() in pages[0].lower()


def test_the_general_card_stays_without_a_meningocele(exported):
    _args, _path, pages = exported["example-en"]
    text = " ".join(pages)
    assert "Repair of an anterior sacral meningocele" not in text
    assert GENERAL["en"][0] in text


def test_another_area_with_its_own_way_in_keeps_the_general_card(tmp_path):
    """Area 2 with a way in chosen of its own: the operation may be for it, so the general
    card stays (and the repair card is not printed in its place)."""
    args = pdf_cases.build("meningocele-en", tmp_path / "c")
    c = args["consultation"]
    area2 = dataclasses.replace(c.lesions[1], approach="posterior",
                                approach_status="confirmed")
    assert choices.treatment_ids(dataclasses.replace(c, lesions=[c.lesions[0], area2])) == \
        ([], ["surgery_posterior"])
    assert choices.treatment_ids(c) == ([], ["meningocele_repair"])
    # "suggested" is not chosen: still the repair
    area2 = dataclasses.replace(area2, approach_status="suggested")
    assert choices.treatment_ids(dataclasses.replace(c, lesions=[c.lesions[0], area2])) == \
        ([], ["meningocele_repair"])


def test_each_general_operation_becomes_the_repair_once():
    c = pdf_cases._meningocele_visit()
    c = dataclasses.replace(c, treatments_planned=["surgery_combined", "radiation_external"],
                            treatments_discussed=["surgery_anterior", "surgery_posterior",
                                                  "meningocele_repair"])
    assert choices.treatment_ids(c) == (["meningocele_repair", "radiation_external"],
                                        ["meningocele_repair"])
    plain = dataclasses.replace(c, lesions=[dataclasses.replace(m, suspected_type="")
                                            for m in c.lesions])
    assert choices.treatment_ids(plain) == (["surgery_combined", "radiation_external"],
                                            ["surgery_anterior", "surgery_posterior",
                                             "meningocele_repair"])


# ------------------------------------------------------------ 2. page 1: the biopsy's warning
@pytest.mark.parametrize("name, biopsy", [("meningocele-en", "biopsy"),
                                          ("meningocele-es", "biopsia")])
def test_page_one_names_the_biopsy_only_after_its_warning(exported, name, biopsy):
    args, _path, pages = exported[name]
    s = STRINGS[args["language"]]
    first = pages[0]
    warning = s["glance_no_needle"]
    assert warning in first
    assert first.lower().index(biopsy) > first.index(warning)
    # the tests line lists the other tests only (a full page 1 lets the plan go on over
    # the page: the line may be at the top of page 2)
    tests_line = " ".join(pages[:2]).split(s["tests_lead"], 1)[1].split(".")[0]
    assert biopsy not in tests_line.lower()


def test_a_biopsy_as_the_only_test_is_still_named_after_the_warning(tmp_path):
    args, _c, pages = _export(tmp_path, "meningocele-en", tests=["biopsy"])
    s = STRINGS["en"]
    assert s["tests_lead"] not in pages[0]
    assert pages[0].lower().index("biopsy") > pages[0].index(s["glance_no_needle"])


# ------------------------------------------------------------ 3. every area named
@pytest.mark.parametrize("name, area2, later", [
    ("example-en", "Area 2 (partly solid, partly fluid): on a later drawing.", None),
    ("example-es", "Zona 2 (en parte sólido, en parte líquido): en otro dibujo, más adelante.",
     None),
    ("meningocele-en", "Area 2 (partly solid, partly fluid): on a later drawing.", None),
    ("example-en-images", "Area 3: on a picture from your scan.",
     "Area 4: on a picture from your scan.")])
def test_every_marked_area_is_named_on_page_one(exported, name, area2, later):
    _args, _path, pages = exported[name]
    assert area2 in pages[0]
    if later:
        assert later in pages[0]


@pytest.mark.parametrize("name, lang", [("example-en", "en"), ("example-es", "es"),
                                        ("meningocele-es", "es")])
def test_the_plan_names_each_area(exported, name, lang):
    _args, _path, pages = exported[name]
    s = STRINGS[lang]
    text = " ".join(pages)
    assert s["approach_title_all"] in text
    assert s["approach_title"].format(n=1) not in text      # never "area 1" alone
    card = text.split(s["approach_title_all"], 1)[1]
    assert card.index(s["area"].format(n=1) + ".") < card.index(s["area"].format(n=2) + ".")
    assert s["area"].format(n=2) + ". " + s["approach_open_more"] in card


def test_one_area_keeps_its_own_plan_title(tmp_path):
    args, c, pages = _export(tmp_path, "example-en",
                             lesions=[pdf_cases._example().lesions[0]])
    text = " ".join(pages)
    assert "How your surgeon plans to reach area 1" in text
    assert STRINGS["en"]["approach_title_all"] not in text


# ------------------------------------------------------------ 4. after an operation
@pytest.mark.parametrize("name", CASES)
def test_wound_signs_are_under_after_your_operation(exported, name):
    args, _path, pages = exported[name]
    s, lib = STRINGS[args["language"]], args["content"]
    text = " ".join(pages[1:])
    heading = s["h_after_operation"]
    # once, or twice when the card goes on over a page: "After your operation (continued)"
    # starts the next page
    first = f"{heading} {s['after_operation_nerves'][:20]}"
    again = [p for p in pages[1:] if p.startswith(heading) and not p.startswith(first)]
    assert text.count(heading) == 1 + len(again) and len(again) <= 1
    assert all(p.startswith(s["continued"].format(title=heading)) for p in again)
    start = text.index(heading)
    call = text.index(s["h_call"])
    end = text.index(s["h_found_more"]) if s["h_found_more"] in text else len(text)
    assert call < start < end
    # every general card of "When to call us" comes before it, the wound's signs after it
    assert text.index(s["call_other"]) < start
    # (an item whose signs its level's card already lists is not printed again)
    for item in lib.items("when_to_call"):
        title = norm(item.title) + "."
        if item.id in AFTER_OPERATION:   # its title, or the safety sentence that names it
            assert norm(item.title).casefold() in text[start:end].casefold(), item.id
        else:
            assert title not in text[start:end], item.id
    # and each of their safety sentences is on that card
    for item_id in AFTER_OPERATION:
        for sentence in lib.item(item_id).safety:
            said = norm(fill_contacts(sentence, args["config"], args["language"]))
            assert said in text[start:end], sentence


# ------------------------------------------------------------ 6. no bare box edge
def _blank_edges(path) -> list[tuple[int, float]]:
    """(page, height) of each tinted strip at a page's top with no word on it."""
    doc = pdfium.PdfDocument(str(path))
    out = []
    for n in range(len(doc)):
        page = doc[n]
        _w, h = page.get_size()
        words = page.get_textpage()
        for obj in page.get_objects():
            if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
                continue
            left, bottom, right, top = obj.get_bounds()
            if top > h - MARGIN_TOP - 3 and top - bottom < 16 and right - left > 100:
                if not words.get_text_bounded(left, bottom, right, top).strip():
                    out.append((n + 1, round(top - bottom, 1)))
    return out


@pytest.mark.parametrize("name", CASES)
def test_no_page_starts_with_an_empty_box_edge(exported, name):
    _args, path, _pages = exported[name]
    assert _blank_edges(path) == []


def _card_pieces(cls, short_by: float):
    from desktop_app.export.fonts import register_fonts
    from desktop_app.export.style import design

    register_fonts()
    st = design().styles
    cell = [pl.Paragraph("Words in a card " * 6, st["tight"]),
            pl.Paragraph("More words " * 40, st["tight"])]   # a tail of TAIL_LEAST fits
    table = cls([[cell]], colWidths=[400], splitInRow=1)
    table.setStyle(pl.TableStyle([("TOPPADDING", (0, 0), (-1, -1), 2),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]))
    _w, h = table.wrap(400, 1000)
    return table.split(400, h - short_by)


def _words(piece) -> bool:
    from desktop_app.export.flowables import _blank

    return not _blank(piece)


@pytest.mark.parametrize("short_by", [1.0, 7.0, 8.0, 20.0])
def test_a_card_never_splits_into_a_piece_without_words(short_by):
    """Its words fit, its 7 pt bottom padding does not (short by 1 to 7 pt): reportlab's table
    leaves an empty piece for the next page; a card's table splits higher up instead. Short
    by 8 pt and more, both split with words on each side."""
    plain = _card_pieces(pl.Table, short_by)
    card = _card_pieces(CardTable, short_by)
    assert len(card) == 2 and all(_words(p) for p in card)
    assert all(_words(p) for p in plain) == (short_by > 7.0)   # the fault it guards


# ------------------------------------------------------------ 7. the key names each area
@pytest.mark.parametrize("lang, appearance, label, words", [
    ("en", "cystic", "", "Area 1 (filled with fluid), 3.0 × 2.0 cm"),
    ("es", "cystic", "", "Zona 1 (lleno de líquido), 3,0 × 2,0 cm"),
    ("en", "unknown", "", "Area 1, 3.0 × 2.0 cm"),
    ("en", "mixed", "Cyst behind the rectum",
     "Cyst behind the rectum (partly solid, partly fluid), 3.0 × 2.0 cm")])
def test_the_key_gives_each_area_its_name(lang, appearance, label, words):
    lesion = Lesion(number=1, appearance=appearance, label=label, length_cm=3.0, width_cm=2.0)
    assert legend_text(STRINGS[lang], lesion) == words


@pytest.mark.parametrize("name, words", [
    ("meningocele-es", "Zona 1 (lleno de líquido), 3,0 × 2,2 cm"),
    ("meningocele-en", "Area 1 (filled with fluid), 3.0 × 2.2 cm")])
def test_page_one_key_names_the_area(exported, name, words):
    assert words in exported[name][2][0]


# ------------------------------------------------------------ 8. dates that agree
@pytest.mark.parametrize("days_after, shown", [(0, True), (1, False)])
def test_no_check_date_after_the_visit_date(tmp_path, days_after, shown):
    """The writers' check date is printed only when it is not after the visit date (a visit
    exported again later read "last checked on 7 December" under a visit of 26 November)."""
    import datetime

    from desktop_app.export.strings import format_date, strings_for

    args = pdf_cases.build("example-en", tmp_path / "c")
    lib = args["content"]
    checked = max(t.sources_checked for t in lib.topics.values())
    visit = (checked - datetime.timedelta(days=days_after)).isoformat()
    _args, _c, pages = _export(tmp_path, "example-en", visit_date=visit)
    text = " ".join(pages)
    date = format_date(checked.isoformat(), strings_for("en"))
    assert ("Its writers last checked it against them on " + date + ".") in text \
        if shown else "last checked" not in text
    # the review state is there either way
    assert "Your clinic has not yet finished its own review" in text


# ------------------------------------------------------------ no blank last page
@pytest.mark.parametrize("below", [1.0, 5.0, 7.0, 20.0])   # points left under the last line
def test_text_ending_at_the_page_foot_adds_no_blank_page(below):
    """The last paragraph's space after it (6 pt) ran past the page foot: the end mark laid
    out after the text then went alone onto a blank last page. 1 and 5 pt left: within the
    space after; 7 and 20 pt: past it. One page, full to where the text ends."""
    from desktop_app.export import builder
    from desktop_app.export.story import Story
    from desktop_app.export.style import MARGIN_BOTTOM
    from tests.unit.test_pdf_support import full_consultation

    b = Story(full_consultation(), config=None, content=None, atlas=None, language="en")
    last = b.para("The last words of the summary.", "body")
    assert last.getSpaceAfter() == 6
    _w, h = last.wrap(b.frame_width, 1000)
    frame_h = b.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM
    b.flowables = [pl.Spacer(1, frame_h - h - below), last]
    builder.render(b)
    assert b.pages == 1
    assert b.last_page_fill == pytest.approx((frame_h - below) / frame_h, abs=0.01)


# ------------------------------------------------------------ 5. page 1's drawing
@pytest.mark.parametrize("name, smaller", [("full-letter-logo", True),
                                           ("example-es-clinic-logo-letter", False)])
def test_page_one_drawing_goes_below_its_least_height_only_with_every_label(tmp_path, name,
                                                                             smaller):
    """A full page 1 (Letter paper, a logo): the mini atlas' drawing, whose few labels all
    fit, shrinks under 5.2 cm and page 1 keeps "What happens next"; the full atlas' drawing
    would set its labels in rows or leave some out, so it stays at 5.2 cm and the emergency
    box and "Whom to call" come first, whole on page 1."""
    from desktop_app.export.builder import build_summary
    from desktop_app.export.style import CM, GLANCE_MIN_H

    args = pdf_cases.build(name, tmp_path / "c")
    c = args.pop("consultation")
    data, result = build_summary(c, **args)
    (tmp_path / "s.pdf").write_bytes(data)
    first = norm(page_texts(tmp_path / "s.pdf")[0])
    s = STRINGS[args["language"]]
    [drawing] = [d for d in result.diagrams if d.page == 1]
    assert (drawing.placement.height < GLANCE_MIN_H - 0.01) is smaller
    assert drawing.placement.height >= 4.0 * CM - 0.5
    assert s["box_title"] in first and s["box_after"] in first and s["h_contact"] in first
    if smaller:
        assert s["h_next"] in first
        assert first.index(s["h_next"]) < first.index(s["box_title"])
    else:
        assert first.index(s["box_title"]) < first.index(s["h_contact"])
