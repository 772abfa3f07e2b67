"""Grammar the PDF makes by putting words into templates: articles, names, spelling.

"a anterior sacral meningocele", "a ewing sarcoma", "a other growths" came from a template
that glued "a" to a lowercased title. Each tumor type now carries its own noun phrase with its
article (``phrase``); these tests check every tumor type in English and Spanish and every PDF
of ``tests/pdf_cases.py``, parsed back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop_app.export.found import type_sentences
from desktop_app.export.strings import strings_for
from desktop_app.model.content import Item, load_content
from tests.unit.test_us_spelling import uk_forms

ROOT = Path(__file__).resolve().parents[2]

# Words that start with a vowel letter but a consonant sound ("a urine test", "a one-day stay").
CONSONANT_SOUND = re.compile(r"^(uni|usu|use|uri|ure|uro|uter|eu|one|once)", re.IGNORECASE)
# Abbreviations read letter by letter whose letter name starts with a vowel sound ("an MRI").
VOWEL_LETTERS = set("AEFHILMNORSX")
SILENT_H = re.compile(r"^(hour|honest|honor|heir)", re.IGNORECASE)

EN_PHRASES = {
    "tailgut_cyst": "a tailgut cyst", "epidermoid_dermoid_cyst": "an epidermoid or dermoid cyst",
    "teratoma": "a teratoma", "anterior_sacral_meningocele": "an anterior sacral meningocele",
    "chordoma": "a chordoma", "schwannoma": "a schwannoma", "neurofibroma": "a neurofibroma",
    "ependymoma": "an ependymoma", "giant_cell_tumour": "a giant cell tumor of bone",
    "chondrosarcoma": "a chondrosarcoma", "ewing_sarcoma": "Ewing sarcoma",
    "abscess_inflammatory": "an abscess or inflammation",
    "other_tumours": "another kind of growth",
}
ES_PHRASES = {
    "tailgut_cyst": "un quiste del intestino caudal",
    "epidermoid_dermoid_cyst": "un quiste epidermoide o dermoide", "teratoma": "un teratoma",
    "anterior_sacral_meningocele": "un meningocele sacro anterior", "chordoma": "un cordoma",
    "schwannoma": "un schwannoma", "neurofibroma": "un neurofibroma",
    "ependymoma": "un ependimoma", "giant_cell_tumour": "un tumor de células gigantes del hueso",
    "chondrosarcoma": "un condrosarcoma", "ewing_sarcoma": "un sarcoma de Ewing",
    "abscess_inflammatory": "un absceso o una inflamación", "other_tumours": "otro tipo de bulto",
}
# Spanish nouns by gender, for the articles the templates and phrases put before them.
ES_MASCULINE = ("quiste", "tumor", "cordoma", "teratoma", "meningocele", "schwannoma",
                "neurofibroma", "ependimoma", "condrosarcoma", "sarcoma", "absceso", "bulto",
                "cáncer", "linfoma", "lipoma")
ES_FEMININE = ("masa", "inflamación", "bolsa", "zona", "lesión", "metástasis")


def english_article_errors(text: str) -> list[str]:
    """"a" before a vowel sound, "an" before a consonant sound, a lowercase "ewing", and an
    article before a plural growth: the mistakes a template makes."""
    bad = []
    for m in re.finditer(r"\b([Aa]n?) ([\w-]+)", text):
        article, word = m.group(1).lower(), m.group(2)
        if word[:1].isdigit():
            continue
        letters = len(word) > 1 and word[:2].isupper()     # MRI, CT, S3
        if letters:
            vowel = word[0] in VOWEL_LETTERS
        else:
            vowel = (word[0].lower() in "aeiou" and not CONSONANT_SOUND.match(word)) \
                or bool(SILENT_H.match(word))
        if (article == "a") == vowel:
            bad.append(m.group(0))
    bad += re.findall(r"\bewing\b", text)
    bad += re.findall(r"\b[Aa]n? (?:other )?growths\b", text)
    return bad


def spanish_article_errors(text: str) -> list[str]:
    bad = re.findall(r"\b(?:[Uu]na|[Ll]a|[Ee]sta) (?:" + "|".join(ES_MASCULINE) + r")\b", text)
    bad += re.findall(r"\b(?:[Uu]n|[Ee]l|[Ee]ste) (?:" + "|".join(ES_FEMININE) + r")\b", text)
    bad += re.findall(r"\bewing\b", text)
    bad += re.findall(r"podría ser esto:", text)
    return bad


@pytest.mark.parametrize("text, found", [
    ("It may be a anterior sacral meningocele.", ["a anterior"]),
    ("It may be a ewing sarcoma or a abscess.", ["a ewing", "a abscess", "ewing"]),
    ("It may be a other growths.", ["a other", "a other growths"]),
    ("An chordoma, a MRI scan.", ["An chordoma", "a MRI"]),
    ("A urine test, an MRI scan, an hour, a CT scan, an X-ray, a one-day stay.", []),
    ("It may be Ewing sarcoma or an abscess.", []),
])
def test_english_checker(text, found):
    assert english_article_errors(text) == found


@pytest.mark.parametrize("text, found", [
    ("Podría ser una cordoma o un masa.", ["una cordoma", "un masa"]),
    ("Su cirujano cree que podría ser esto: cordoma.", ["podría ser esto:"]),
    ("Podría ser un cordoma o una masa de otro tipo.", []),
    ("Podría ser otro tipo de bulto.", []),
])
def test_spanish_checker(text, found):
    assert spanish_article_errors(text) == found


@pytest.mark.parametrize("language, expected", [("en", EN_PHRASES), ("es", ES_PHRASES)])
def test_every_tumor_type_has_its_phrase(language, expected):
    lib = load_content(ROOT / "content", language)
    items = lib.items("tumour_types")
    assert {i.id: i.phrase for i in items} == expected


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_tumor_type_sentence_reads_well(language):
    lib = load_content(ROOT / "content", language)
    s = strings_for(language)
    check = english_article_errors if language == "en" else spanish_article_errors
    for item in lib.items("tumour_types"):
        first, about, more = type_sentences(s, item)
        assert item.phrase in first and about == item.summary and more == s["type_more"]
        assert check(" ".join([first, about])) == [], item.id
        assert "Ewing" not in item.phrase or "Ewing" in first


def test_an_item_without_a_phrase_is_named_without_an_article():
    item = Item(id="x", title="Anterior sacral meningocele", summary="A pouch.")
    en = type_sentences(strings_for("en"), item)
    assert en[0] == ("Your surgeon thinks it may be the kind of growth called Anterior sacral "
                     "meningocele.")
    es = type_sentences(strings_for("es"), Item(id="x", title="Cordoma", summary="Un tumor."))
    assert es[0] == "Su cirujano cree que podría ser el tipo de bulto llamado Cordoma."


@pytest.fixture(scope="module")
def case_texts(tmp_path_factory):
    from reportlab import rl_config

    from tests.pdf_cases import CASE_NAMES, build
    from tests.unit.test_pdf_support import all_text
    from desktop_app.export.pdf import export_summary

    folder = tmp_path_factory.mktemp("cases")
    rl_config.invariant = 1
    out = {}
    for name in CASE_NAMES:
        kw = build(name, folder / name)
        path = folder / f"{name}.pdf"
        export_summary(kw.pop("consultation"), path, **kw)
        out[name] = (kw.get("language") or "en", all_text(path))
    return out


def test_every_pdf_case_has_no_article_errors_and_one_spelling(case_texts):
    assert len(case_texts) >= 15
    for name, (language, text) in case_texts.items():
        if language == "en":
            assert english_article_errors(text) == [], name
            assert uk_forms(text) == [], name
        else:
            assert spanish_article_errors(text) == [], name


def test_the_example_names_its_suspected_type_in_a_sentence(case_texts):
    en = case_texts["example-en"][1]
    assert "Your surgeon thinks it may be a tailgut cyst." in en
    assert "A tailgut cyst is a sac of fluid" in en          # what that kind of growth is
    assert "Your surgeon wrote down what it may be: possible nerve sheath tumor." in en
    es = case_texts["example-es"][1]
    assert "Su cirujano cree que podría ser un quiste del intestino caudal." in es


@pytest.mark.parametrize("language, date", [("es", "7 de diciembre de 2026"),
                                            ("en", "December 7, 2026")])
def test_the_footer_date_is_never_cut(tmp_path, language, date):
    """A long clinic name is shortened in the footer; the visit date stays whole."""
    from desktop_app.export.pdf import export_summary
    from tests.pdf_cases import _clinic
    from tests.unit.test_pdf_support import full_consultation, make_atlas, make_library, \
        page_texts

    long_name = "Hospital Universitario de la Santa Cruz y San Pablo, Servicio de Cirugía " * 2
    out = tmp_path / "long.pdf"
    export_summary(full_consultation(visit_date="2026-12-07"), out,
                   config=_clinic(clinic_name=long_name), content=make_library(),
                   atlas=make_atlas(), language=language)
    pages = page_texts(out)
    assert len(pages) >= 2
    for text in pages:
        assert date + " · Hospital Universitario" in text
        assert "…" in text          # the clinic name was cut to fit


def test_a_saved_visit_with_a_merged_chemotherapy_route_still_exports(tmp_path):
    """The five chemotherapy route items became one (``chemo_overview``); a visit saved with
    one of the old ids still loads and exports, and prints the one item that says plainly for
    which growths chemotherapy is used."""
    from desktop_app.export.pdf import export_summary
    from desktop_app.model import storage
    from desktop_app.services import content_loader
    from tests.pdf_cases import EXAMPLE
    from tests.unit.test_pdf_support import all_text

    c = storage.load(EXAMPLE)
    c.treatments_discussed = ["chemo_iv", "chemo_pill", "chemo_overview"]
    c.treatments_planned = []   # talked about, nothing agreed yet: the card is printed whole
    lib = content_loader(())("en")
    assert lib.item("chemo_iv") is None and lib.item("chemo_overview") is not None
    out = tmp_path / "chemo.pdf"
    export_summary(c, out, config=None, content=lib, atlas=None, language="en")
    text = all_text(out)
    assert "Most growths in this space are not treated with chemotherapy." in text
    assert "It is used mainly for Ewing sarcoma and lymphoma." in text
    # beside an agreed plan, an option not chosen is one line: what it is, and that it is not
    # the plan
    c.treatments_planned = ["surgery_posterior"]
    export_summary(c, out, config=None, content=lib, atlas=None, language="en")
    text = all_text(out)
    assert "Chemotherapy uses medicines to kill cancer cells or stop them from growing." in text
    assert "This is not the plan we chose. Ask us if you want to know more about it." in text
    assert "Most growths in this space are not treated with chemotherapy." not in text
