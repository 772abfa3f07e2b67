"""Every safety sentence of every printed item reaches the patient's PDF (read back from the
real file, English and Spanish), for the shipped example and the clinical read's visits: a
suspected chordoma with combined surgery and proton therapy, a suspected meningocele with a
biopsy ticked, and a clinic without a phone number. Also: nerve-compression signs go straight to
the emergency room; the numbers are printed, or a line to write them on; a meningocele's biopsy
card never describes a needle."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop_app.export.pdf import export_summary
from desktop_app.export.strings import STRINGS
from desktop_app.model.contacts import contacts_from_config, fill_contacts
from tests import pdf_cases
from tests.unit.test_pdf_support import page_texts
from tests.support import export_cases, norm

CASES = ("example-en", "example-es", "chordoma-en", "chordoma-es", "meningocele-en",
         "meningocele-es", "example-en-clinic")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """case -> (arguments, the PDF's text page by page)."""
    return {name: (args, [norm(t) for t in page_texts(path)])
            for name, (args, path) in export_cases(tmp_path_factory, CASES).items()}


def card_items(args) -> list:
    """The items printed as cards with their safety text: symptoms, tests, the treatments
    agreed (or, with none agreed, those talked about; a suspected meningocele's operation is
    its repair) and the suspected kinds of growth."""
    from desktop_app.export.choices import treatment_ids

    c, lib = args["consultation"], args["content"]
    planned, discussed = treatment_ids(c)
    treatments = planned or discussed
    ids = [*c.symptoms, *c.tests, *treatments,
           *(m.suspected_type for m in c.lesions if m.suspected_type)]
    return list({i: lib.item(i) for i in ids if lib.item(i) is not None}.values())


def printed_items(args) -> list:
    return card_items(args) + list(args["content"].items("when_to_call"))


@pytest.mark.parametrize("name", CASES)
def test_every_safety_sentence_of_a_printed_item_is_in_the_pdf(exported, name):
    args, pages = exported[name]
    text = " ".join(pages)
    items = printed_items(args)
    sentences = [(i.id, norm(fill_contacts(s, args["config"], args["language"])))
                 for i in items for s in i.safety]
    assert len(sentences) >= 15  # the when_to_call items alone have more
    missing = [f"{item}: {s}" for item, s in sentences if s not in text]
    assert not missing, "safety text missing from the PDF:\n" + "\n".join(missing)
    assert "{" not in text and "}" not in text  # every token filled
    # each sentence in full once: "When to call us" may say it once per level of urgency
    # (each card there stands alone) and once more on "After your operation"; a card after
    # it never says it again, it points there
    from desktop_app.export.sections import AFTER_OPERATION

    lib, lang, config = args["content"], args["language"], args["config"]
    levels: dict[str, set[str]] = {}
    for item in lib.items("when_to_call"):
        group = "after" if item.id in AFTER_OPERATION else item.urgency
        for t in [*item.safety, item.summary]:
            levels.setdefault(norm(fill_contacts(t, config, lang)), set()).add(group)
    body = " ".join(pages[1:])      # page 1's emergency box sums up; it is not counted
    every = {s for _, s in sentences}

    def allowed(s: str) -> int:     # a longer safety sentence may hold it ("... yourself.
        inside = sum(body.count(o) for o in every if o != s and s in o)   # Tell us ...")
        return max(1, len(levels.get(s, ()))) + inside

    repeated = [s for s in every if body.count(s) > allowed(s)]
    assert not repeated, "said more than once:\n" + "\n".join(repeated)
    pointer = norm(STRINGS[lang]["safety_elsewhere"].format(page=2))
    pointed = [i.id for i in card_items(args)
               if any(norm(fill_contacts(t, config, lang)) in levels for t in i.safety)]
    assert (pointer in text) == bool(pointed), pointed
    assert pointer not in pages[0] and pointer not in pages[1]   # after "When to call us"


def test_the_chosen_items_carry_the_routing_the_content_guide_asks_for(exported):
    text = " ".join(exported["chordoma-en"][1])
    for sentence in (
            "Call us the same day if one calf or leg becomes swollen, warm, red or sore.",
            "Chest pain or sudden shortness of breath means call 911.",        # PE
            "Call us at once if your belly is swollen and you are throwing up.",  # blockage
            "Call us at once if you cannot pass gas or stool.",
            "Stool, gas or clear fluid from the wound means call us at once.",
            "A headache that eases when you lie down can mean spinal fluid is leaking. "
            "Call us at once.",                                                # spinal fluid
            "New numbness between your legs, or around your bottom or genitals, is an "
            "emergency."):                                                     # leg_pain
        assert sentence in text, sentence
    # said once, on "After your operation" in "When to call us" (its wound items share one
    # card); the operation's card points there
    assert text.count("Stool, gas or clear fluid from the wound means call us at once.") == 1
    assert 'The other warning signs are in \u201cWhen to call us\u201d, page 2.' in text


@pytest.mark.parametrize("name, heading, signs", [
    ("example-en", "Go to the emergency room now", [
        "Numbness between your legs, or around your bottom or genitals.",
        "New trouble starting to pass urine, or holding in urine or stool.",
        "Finding it harder and harder to pass urine.",
        "A new change in sexual feeling or function.", "Weakness in both legs.",
        "Go to the nearest emergency room now. Do not wait to reach us first.",
        "Do not drive yourself."]),
    ("example-es", "Vaya ahora a urgencias", [
        "Adormecimiento entre las piernas, o alrededor del ano o de los genitales.",
        "Orinar le cuesta cada vez más.", "Un cambio nuevo en la sensibilidad o la función "
        "sexual.", "Debilidad en las dos piernas.", "No conduzca usted."]),
])
def test_nerve_signs_route_to_the_emergency_room_now(exported, name, heading, signs):
    text = " ".join(exported[name][1])
    part = text[text.index(heading):]
    for sign in signs:
        assert sign in part, sign


# "call us ... if you cannot reach us, go to ..." is the routing of bowel blockage and wound
# leaks, never of the nerve signs
CALL_FIRST = re.compile(r"cannot reach us|no nos puede localizar|no nos localiza", re.I)
NERVE_WORDS = re.compile(r"numbness between|both legs|genitals|adormecimiento entre|"
                         r"dos piernas|genitales", re.I)


@pytest.mark.parametrize("name", ["example-en", "example-es", "chordoma-en", "chordoma-es"])
def test_no_nerve_sign_is_routed_through_the_team_first(exported, name):
    for page in exported[name][1]:
        for sentence in re.split(r"(?<=[.:!?])\s+(?=[A-ZÁÉÍÓÚÑ¿])", page):
            if NERVE_WORDS.search(sentence):
                assert not CALL_FIRST.search(sentence), sentence


def test_numbers_printed_when_configured(exported):
    text = " ".join(exported["chordoma-en"][1])
    assert "Your team's phone: +44 20 7946 0000" in text
    assert "At night and on weekends: +1 310 555 0199" in text
    assert "In an emergency, call 911." in text
    es = " ".join(exported["chordoma-es"][1])
    assert "En una emergencia, llame al 112." in es
    assert "Llame ahora al 112" in es


@pytest.mark.parametrize("name, line, words", [
    ("example-en", "Your team's phone:", "call your local emergency number"),
    ("example-es", "Teléfono de su equipo:", "llame al número local de emergencias"),
])
def test_without_a_phone_there_is_a_line_to_write_it_on(exported, tmp_path, name, line, words):
    """No config at all (the CLI with no clinic file): the labels are printed with a ruled
    line beside them, and the emergency number is named in words."""
    args, pages = exported[name]
    assert args["config"] is None
    text = " ".join(pages)
    assert line in text and words in text
    # the ruled line: a drawn stroke right of the label on the page that has it
    pypdfium2 = pytest.importorskip("pypdfium2")
    page_no = next(k for k, p in enumerate(pages) if line in p)
    folder = tmp_path / "again"
    args = pdf_cases.build(name, folder)
    c = args.pop("consultation")
    export_summary(c, folder / "s.pdf", **args)
    pdf = pypdfium2.PdfDocument(str(folder / "s.pdf"))
    page = pdf[page_no]
    textpage = page.get_textpage()
    found = textpage.search(line).get_next()
    assert found is not None
    left, bottom, right, top = textpage.get_charbox(found[0] + len(line) - 1)
    paths = [o for o in page.get_objects() if o.type == pypdfium2.raw.FPDF_PAGEOBJ_PATH]
    boxes = [o.get_bounds() for o in paths]  # (left, bottom, right, top)
    beside = [b for b in boxes if b[0] > right and abs(b[1] - bottom) < 20
              and b[2] - b[0] > 150]   # a line at least ~5 cm long, on the label's baseline
    assert beside, "no line to write the number on"
    pdf.close()


def test_a_configured_clinic_without_a_phone_gets_the_line_too(tmp_path):
    from desktop_app.infra.config import ClinicConfig

    args = pdf_cases.build("example-en", tmp_path)
    c = args.pop("consultation")
    args["config"] = ClinicConfig(clinic_name="Riverside", out_of_hours_phone="555 0199",
                                  country="US")
    export_summary(c, tmp_path / "s.pdf", **args)
    text = norm(" ".join(page_texts(tmp_path / "s.pdf")))
    assert "Your team's phone:" in text and "At night and on weekends: 555 0199" in text
    assert "In an emergency, call 911." in text
    assert contacts_from_config(args["config"]).clinic_phone == ""


@pytest.mark.parametrize("name, note, needle", [
    ("meningocele-en", "Your surgeon thinks area 1 may be a meningocele",
     "Most biopsies are done with a needle"),
    ("meningocele-es", "Su cirujano cree que la zona 1 podría ser un meningocele",
     "La mayoría de las biopsias se hacen con una aguja"),
])
def test_meningocele_biopsy_card_never_describes_a_needle(exported, name, note, needle):
    text = " ".join(exported[name][1])
    assert note in text
    assert needle not in text
    # the same visit without the meningocele describes the needle biopsy as usual
    other = "chordoma-en" if name.endswith("en") else "chordoma-es"
    assert needle in " ".join(exported[other][1])


def test_two_meningocele_areas_are_named(tmp_path):
    from dataclasses import replace

    args = pdf_cases.build("meningocele-en", tmp_path)
    c = args.pop("consultation")
    c.lesions = [c.lesions[0], replace(c.lesions[1], suspected_type="",
                                       suspected_type_text="Meningocele?")]
    export_summary(c, tmp_path / "s.pdf", **args)
    text = norm(" ".join(page_texts(tmp_path / "s.pdf")))
    assert "Your surgeon thinks areas 1 and 2 may be a meningocele" in text


def test_case_names_exist():
    assert set(CASES) <= set(pdf_cases.CASE_NAMES)
    assert Path(pdf_cases.GOLDEN).is_file()


@pytest.mark.parametrize("name", CASES)
def test_an_emergency_sign_and_what_to_do_share_a_page(exported, name):
    """The emergency cards never break between the signs and the action."""
    pages = exported[name][1]
    es = name.endswith("-es")
    pairs = ([("Orinar le cuesta cada vez más.", "Vaya ahora a urgencias del hospital"),
              ("Dolor en el pecho, falta de aire de repente o toser sangre.",
               "si tiene una sola de estas señales.")] if es else
             [("Finding it harder and harder to pass urine.", "Go to the nearest emergency room"),
              ("Chest pain, sudden shortness of breath, or coughing up blood.",
               "now for any one of these signs.")])
    for sign, action in pairs:
        (page,) = [p for p in pages if sign in p]
        assert action in page, (sign, action)
