"""What an independent patient reader found in the take-home PDF, each checked on the real
PDF read back (English and Spanish): symptoms she already has measured against the visit
date, the needle warnings only where they apply, a chordoma's biopsy route, clear wording,
where the sources are, the key's number said once, the glossary's words, the fever scale."""

from __future__ import annotations

import dataclasses
import re

import pytest

from desktop_app.export.pdf import export_summary
from desktop_app.export.strings import STRINGS
from desktop_app.infra.config import ClinicConfig
from desktop_app.model.contacts import fill_contacts
from tests import pdf_cases
from tests.unit.test_pdf_support import page_texts
from tests.support import export_cases, norm

CASES = ("example-en", "example-es", "chordoma-en", "chordoma-es", "meningocele-en",
         "meningocele-es")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = {}
    for name, (args, path) in export_cases(tmp_path_factory, CASES).items():
        c = args.pop("consultation")
        out[name] = (c, args, norm(" ".join(page_texts(path))))
    return out


@pytest.mark.parametrize("name, date", [("chordoma-en", "November 26, 2026"),
                                        ("chordoma-es", "26 de noviembre de 2026"),
                                        ("meningocele-en", "November 26, 2026")])
def test_a_symptom_she_has_says_new_means_worse_than_at_the_visit(exported, name, date):
    c, args, text = exported[name]
    s = STRINGS[args["language"]]
    line = s["since_visit"].format(date=date)
    with_safety = [i for i in (args["content"].item(x) for x in c.symptoms) if i.safety]
    assert with_safety   # the visit has a symptom with emergency signs
    assert text.count(line) == len(with_safety)
    # the line comes before the symptom's own warning signs
    first = norm(fill_contacts(with_safety[0].safety[0], args["config"], args["language"]))
    assert text.index(line) < text.index(first)


def test_no_since_line_without_a_symptom_that_has_warning_signs(exported):
    _, args, text = exported["example-en"]
    assert "worse than at your visit" not in text


@pytest.mark.parametrize("name, present", [
    ("example-en", False), ("example-es", False), ("chordoma-en", False),
    ("chordoma-es", False), ("meningocele-en", True), ("meningocele-es", True)])
def test_the_meningocele_needle_warnings_only_for_a_suspected_meningocele(exported, name,
                                                                           present):
    c, args, text = exported[name]
    lib = args["content"]
    tell = norm(lib.item("anterior_sacral_meningocele").safety[0])
    never = "never tested with a needle" if name.endswith("en") else "nunca se estudia con"
    assert (tell in text) is present
    assert (never in text) is present
    if present:   # what to tell any doctor who may put a needle near the lower back
        assert ("spinal or epidural" in tell) or ("epidural" in tell)


@pytest.mark.parametrize("name", ["chordoma-en", "chordoma-es"])
def test_a_suspected_chordoma_says_who_plans_the_biopsy_and_how(exported, name):
    _, args, text = exported[name]
    lib = args["content"]
    for sentence in lib.item("chordoma").safety:
        assert norm(sentence) in text, sentence
    if name.endswith("en"):
        assert "the team that will operate should plan any biopsy" in text
        assert "never done through the rectum" in text
    for other in ("example-en", "meningocele-en"):
        assert "the team that will operate" not in exported[other][2]


def test_the_approach_sentence_reads_clearly(exported):
    s = STRINGS["en"]
    assert "that also counts" not in s["approach_more"]
    assert s["approach_more"].startswith("Two more things count: could it be cancer")


@pytest.mark.parametrize("name, words, old", [
    ("example-en", "Finding it harder and harder to pass urine.", "keeps getting harder"),
    ("example-es", "Orinar le cuesta cada vez más.", "keeps getting harder")])
def test_harder_to_pass_urine_in_plain_words(exported, name, words, old):
    text = exported[name][2]
    assert words in text and old not in text


@pytest.mark.parametrize("name, words", [
    ("example-en", "Your clinic can give you the list of sources this information comes from."),
    ("example-es", "Su clínica puede darle la lista de las fuentes de esta información.")])
def test_about_this_summary_says_where_the_sources_are(exported, name, words):
    text = exported[name][2]
    assert words in text
    assert "in the app" not in text and "en la aplicación" not in text


@pytest.mark.parametrize("name", CASES)
def test_the_key_says_each_number_once(exported, name):
    text = exported[name][2]
    # "Area 1 — Cyst ..." heads an area's words; the key beside its numbered swatch has none
    leads = re.findall(r"(\S+) \d — ", text)
    assert all(lead in ("Area", "Zona") for lead in leads), leads


@pytest.mark.parametrize("name", CASES)
def test_the_glossary_lists_words_the_summary_uses(exported, name):
    _, args, text = exported[name]
    s = STRINGS[args["language"]]
    head = s["h_glossary"]
    before, after = text.split(head, 1)
    words = after.split(s["h_disclaimer"], 1)[0]
    listed = [i for i in args["content"].items("glossary") if f"{i.title} —" in words]
    assert listed
    rest = (before + " " + after.split(s["h_disclaimer"], 1)[1]).casefold()
    for item in listed:   # its word (or a form of it) is printed outside the glossary
        stem = item.title.split(" (")[0].casefold()
        assert stem[:4] in rest, item.title
    # words a reader found missing are there when used
    if args["language"] == "en":
        assert "Sepsis —" in words                       # the emergency card says sepsis
        assert ("Nerve sheath tumor —" in words) == ("nerve sheath tumor" in before)
        if name.startswith("chordoma"):
            assert "Carbon ion therapy —" in words
        # lay words no longer list their technical term
        for unused in ("Malignant —", "Multidisciplinary team —", "Posterior approach —",
                       "Anterior approach —", "Contrast dye —", "IV (intravenous) —"):
            assert unused not in words, unused


@pytest.mark.parametrize("lang, country, first, second", [
    ("en", "US", "100.4°F (38°C)", "38°C (100.4°F)"),
    ("en", "GB", "38°C (100.4°F)", "100.4°F (38°C)"),
    ("en", "", "100.4°F (38°C)", "38°C (100.4°F)"),    # no country: US English
    ("es", "", "38°C (100,4°F)", "100,4°F (38°C)"),
    ("es", "US", "100,4°F (38°C)", "38°C (100,4°F)"),
    ("es", "ES", "38°C (100,4°F)", "100,4°F (38°C)")])
def test_the_fever_threshold_uses_the_clinics_scale_first(tmp_path, lang, country, first,
                                                          second):
    args = pdf_cases.build("example-" + lang, tmp_path / "c")
    c = args.pop("consultation")
    args["config"] = ClinicConfig(country=country) if country else None
    export_summary(c, tmp_path / "s.pdf", **args)
    text = norm(" ".join(page_texts(tmp_path / "s.pdf")))
    assert first in text and second not in text
    assert "{fever}" not in text


def test_a_visit_without_a_date_prints_no_since_line(tmp_path):
    args = pdf_cases.build("chordoma-en", tmp_path / "c")
    c = dataclasses.replace(args.pop("consultation"), visit_date="")
    export_summary(c, tmp_path / "s.pdf", **args)
    text = norm(" ".join(page_texts(tmp_path / "s.pdf")))
    assert "worse than at your visit" not in text
