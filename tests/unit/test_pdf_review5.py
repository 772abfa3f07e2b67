"""What the fifth outside reader of the take-home PDF found, checked on real PDFs read back
(English and Spanish): an emergency card's instructions lead it and are not bulleted like its
signs; no card leaves its last lines, or a sign of another urgency, alone at the top of a page
(a short card moves whole, a long one carries at least four lines over, "After your
operation" starts its next page with its title again); the lines for the patient's own
questions keep the last question with them."""

from __future__ import annotations

import io

import pypdf
import pytest
from reportlab import platypus as pl
from reportlab.lib.styles import ParagraphStyle

from desktop_app.export.flowables import TAIL_LEAST, WHOLE_SHARE, CardTable, KeepShort
from desktop_app.export.pdf import export_summary
from desktop_app.export.strings import STRINGS
from tests import pdf_cases
from tests.support import export_cases, norm

CASES = ("example-en", "example-es", "meningocele-en", "meningocele-es", "chordoma-en",
         "chordoma-es", "example-en-images")


def _lines(path) -> list[list[str]]:
    """Each page's text lines, spaces normalised, the footer's two lines left out."""
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages:
        lines = [norm(ln) for ln in page.extract_text().splitlines() if norm(ln)]
        pages.append(lines[:-2])
    return pages


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """case -> (arguments, the lines of each page)."""
    return {name: (args, _lines(path))
            for name, (args, path) in export_cases(tmp_path_factory, CASES).items()}


# ------------------------------------------------- instructions lead an emergency card
INSTRUCTIONS = {   # (the lead's first words, another instruction, the first sign)
    "en": ("now for any one of these signs.", "Do not wait to reach us first",
           "Chest pain, sudden shortness of breath"),
    "es": ("si tiene una sola de estas señales.", "No espere a hablar",
           "Dolor en el pecho, falta de aire de repente"),
}
BULLETED = {"en": ("now for any one", "Do not wait to reach", "Tell us what happened"),
            "es": ("si tiene una sola de", "No espere a hablar", "Cuéntenos lo que pasó")}


@pytest.mark.parametrize("name", ["example-en", "example-es", "chordoma-en", "chordoma-es"])
def test_an_emergency_cards_instructions_lead_it_unbulleted(exported, name):
    args, pages = exported[name]
    lang = args["language"]
    lead, wait, sign = INSTRUCTIONS[lang]
    lines = pages[1]   # "When to call us" is page 2
    text = " ".join(lines)
    assert text.index(lead) < text.index(sign) and text.index(wait) < text.index(sign)
    assert any(ln.startswith("• " + sign) for ln in lines)
    # no instruction is bulleted as if it were a sign
    assert not [ln for ln in lines if ln.startswith("•") and any(w in ln
                                                                  for w in BULLETED[lang])]


# --------------------------------------------------------------- nothing left alone
@pytest.mark.parametrize("name", CASES)
def test_no_wound_sign_starts_a_page_without_its_cards_title(exported, name):
    """A sign of "After your operation" carried to the next page comes under the card's
    title again (a same-day sign alone there read as part of the card before it, which ends
    "go to the emergency room")."""
    args, pages = exported[name]
    s, lib = STRINGS[args["language"]], args["content"]
    titles = [norm(lib.item(i).title) + "." for i in ("wound_problems",
                                                       "wound_after_posterior_surgery")]
    for number, lines in enumerate(pages[1:], 2):
        assert not any(lines[0].startswith(t) for t in titles), number
    # a page the card goes on to starts with its title, said to be continued
    heading = s["h_after_operation"]
    carried = [lines for lines in pages[1:]
               if lines[0] == s["continued"].format(title=heading)]
    assert " ".join(" ".join(p) for p in pages).count(heading) == 1 + len(carried)
    assert not any(lines[0] == heading and not lines[1].startswith(
        s["after_operation_nerves"][:20]) for lines in pages[1:])


@pytest.mark.parametrize("name", CASES)
def test_the_own_questions_never_start_a_page(exported, name):
    args, pages = exported[name]
    own = STRINGS[args["language"]]["own_questions"]
    at = [(n, i) for n, lines in enumerate(pages) for i, ln in enumerate(lines) if ln == own]
    assert len(at) == 1 and at[0][1] > 0
    page, line = at[0]
    assert any(ln.startswith("☐") for ln in pages[page][max(0, line - 3):line])


# ---------------------------------------------------------------- the two limits
FRAME_H = 500.0


def _doc_pages(story: list, tmp_path) -> list[str]:
    out = tmp_path / "t.pdf"
    doc = pl.BaseDocTemplate(str(out), pagesize=(400, FRAME_H + 100))
    frame = pl.Frame(50, 50, 300, FRAME_H, leftPadding=0, rightPadding=0, topPadding=0,
                     bottomPadding=0, id="f")
    doc.addPageTemplates([pl.PageTemplate(id="p", frames=[frame])])
    doc.build(story)
    return [page.extract_text() for page in pypdf.PdfReader(str(out)).pages]


@pytest.mark.parametrize("over, whole", [(0.0, True), (1.0, False)])
def test_a_card_up_to_its_share_of_a_page_moves_whole(tmp_path, over, whole):
    """At ``WHOLE_SHARE`` of the frame exactly it moves whole to the next page; one point
    taller it breaks where the page ends."""
    from desktop_app.export.fonts import REGULAR, register_fonts

    register_fonts()
    st = ParagraphStyle("t", fontName=REGULAR, fontSize=10, leading=12)
    gap = WHOLE_SHARE * FRAME_H - 24 + over      # two 12 pt lines and the space between
    card = KeepShort([pl.Paragraph("first", st)], [pl.Spacer(1, gap), pl.Paragraph("last", st)])
    pages = _doc_pages([pl.Spacer(1, FRAME_H - 60), card], tmp_path)
    assert ("first" in pages[1]) == whole and ("first" in pages[0]) != whole
    assert "last" in pages[1]


def _rows_table(heights: list[float]) -> CardTable:
    """A card of one-line rows ``heights`` tall."""
    table = CardTable([[pl.Paragraph("words", ParagraphStyle("w", leading=h, fontSize=8))]
                       for h in heights], colWidths=[200])
    table.setStyle(pl.TableStyle([("TOPPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


@pytest.mark.parametrize("last, carried", [(TAIL_LEAST - 40.0, 3), (TAIL_LEAST - 41.0, 4)])
def test_a_long_card_carries_at_least_four_lines_over(last, carried):
    """Rows of 20 pt: split after two rows, the rest is carried over when it is at least
    ``TAIL_LEAST`` (60 pt) tall; at 59 pt a row more goes with it."""
    table = _rows_table([20.0, 20.0, 20.0, 20.0, last])
    table.wrap(200, 1000)
    head, tail = table.split(200, 40.5)
    assert len(tail._cellvalues) == carried and len(head._cellvalues) == 5 - carried
    assert tail.wrap(200, 1000)[1] >= TAIL_LEAST


# ---------------------------------------------------------- each area's plan on page 1
def _page_one(tmp_path, name: str, **changes) -> str:
    import dataclasses

    args = pdf_cases.build(name, tmp_path / "c")
    c = dataclasses.replace(args.pop("consultation"), **changes)
    export_summary(c, tmp_path / "s.pdf", **args)
    return " ".join(_lines(tmp_path / "s.pdf")[0])


@pytest.mark.parametrize("name", ["example-en", "example-es"])
def test_page_one_says_an_area_has_no_plan_yet(exported, name):
    """The plan agreed covers area 1 (its way in confirmed); area 2, marked on a later
    drawing, is said to have no plan yet, right under the plan (not only on page 7)."""
    args, pages = exported[name]
    s = STRINGS[args["language"]]
    first = " ".join(pages[0])
    open_line = s["area"].format(n=2) + ". " + s["approach_open_more"]
    assert open_line in first
    assert first.index(s["plan_lead"]) < first.index(open_line)


def test_page_one_asks_which_areas_a_plan_is_for(tmp_path):
    """No area has a way in chosen: with two areas page 1 asks which the plan is for; with
    one it does not (the plan is for that one)."""
    from desktop_app.model.consultation import Lesion

    two = [Lesion(id="a", number=1, cx=462, cy=300, rx=30, ry=22),
           Lesion(id="b", view="axial", number=2, cx=540, cy=250, rx=25, ry=18)]
    s = STRINGS["en"]
    ask = s["glance_which_areas"].format(n=2)
    assert ask == "Your surgeon marked 2 areas. Ask which of them this plan is for."
    assert ask in _page_one(tmp_path / "two", "example-en", lesions=two)
    one = _page_one(tmp_path / "one", "example-en", lesions=two[:1])
    assert "Ask which of them" not in one and s["approach_open_more"] not in one
    es = _page_one(tmp_path / "es", "example-es", lesions=two)
    assert "Su cirujano marcó 2 zonas. Pregunte para cuáles es este plan." in es


# -------------------------------------------------------------------- words to know
@pytest.mark.parametrize("name, entries", [
    # "ostomy bag" and "biopsy" are only in "Questions to ask" in the example: looked up too
    ("example-en", ("Stoma (ostomy) — An opening on the belly where the bowel comes out, "
                    "with a bag (an ostomy bag) to collect stool.",
                    "Biopsy — Taking a small piece")),
    ("example-es", ("Estoma — Una abertura en el vientre", "Biopsia — Sacar un pedacito")),
    ("chordoma-en", ("Insufficiency fracture — A small crack in a weak bone that comes from "
                     "everyday movement, not from a fall.",)),
    ("chordoma-es", ("Fractura por insuficiencia — Una pequeña grieta en un hueso débil",))])
def test_words_a_patient_may_not_know_are_explained(exported, name, entries):
    _args, pages = exported[name]
    text = " ".join(" ".join(p) for p in pages)
    for entry in entries:
        assert entry in text, entry


@pytest.mark.parametrize("name, words", [
    ("example-en", "You can ask for another member of staff (a chaperone) to be with you."),
    ("example-es", "Puede pedir que otra persona del personal (un acompañante) esté con usted.")])
def test_the_chaperone_is_explained_where_it_is_named(exported, name, words):
    """Explained in the sentence itself, not in "Words to know": an entry made the English
    example a ninth page."""
    _args, pages = exported[name]
    assert words in " ".join(" ".join(p) for p in pages)


@pytest.mark.parametrize("name, qualifier, sign", [
    ("example-en", "After surgery, new means new or worse since you left the hospital.",
     "Numbness between your legs, or around your bottom or genitals."),
    ("example-es", "Después de una cirugía, nuevo quiere decir nuevo o peor que cuando salió "
                   "del hospital.",
     "Adormecimiento entre las piernas, o alrededor del ano o de los genitales."),
])
def test_the_emergency_room_signs_say_what_new_means_after_surgery(exported, name, qualifier,
                                                                   sign):
    """The nerve signs send a patient to the emergency room; after an operation some
    numbness is expected, so the card says on its own page what "new" means then."""
    _args, pages = exported[name]
    page = next(" ".join(p) for p in pages if sign in " ".join(p))
    assert qualifier in page
    assert page.index(qualifier) < page.index(sign)      # in the card's lead, above the signs
