"""The English a patient reads is US English: no British words in the shipped text, the
drawing's names, the PDF's own words or the safety notices; the words a US reader may not
know are in the glossary; and every warning card that cites UK guidance also cites a US
source that says the same.

Reads the files directly (``yaml.safe_load``), independent of the app's loader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from desktop_app.export.strings_en import STRINGS_EN
from desktop_app.model.notices import DISCLAIMER, EMERGENCY_SIGNS, REVIEW

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content" / "en"
TEXT_FIELDS = ("title", "summary", "body", "why", "expect", "prepare", "side_effects",
               "recovery", "safety")

# British words and their US forms (the test names the one to use)
BRITISH = {
    r"back passage": "rectum / anus / bottom",
    r"stoma bag": "ostomy bag",
    r"straight away": "right away",
    r"at weekends?": "on weekends",
    r"whom": "who",
    r"tumour": "tumor",
    r"colour": "color",
    r"centre": "center",
    r"anaesth\w*": "anesthetic / anesthesia",
    r"haem\w*|oedema|paediatric|orthopaedic|diarrhoea|faec\w*": "US spelling",
    r"afterwards": "afterward",
    r"(stay|be|go) in hospital": "in the hospital",
    r"feeling sick|being sick|feel sick": "an upset stomach / throwing up",
    r"opening (their|your) bowels": "having a bowel movement",
    r"fortnight": "two weeks",
    r"A&E|GP\b|ring us": "emergency room / doctor / call us",
    r"tick the|ticked": "mark / checked",
}
_BRITISH = re.compile(r"\b(" + "|".join(BRITISH) + r")", re.IGNORECASE)


def _flat(text: str) -> str:
    return " ".join(str(text).split())


def _content_texts():
    for path in sorted(CONTENT.glob("*.yaml")):
        if path.name == "references.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data.get("items", []):
            for name in TEXT_FIELDS:
                value = item.get(name)
                for text in value if isinstance(value, list) else [value]:
                    if text:
                        yield f"{path.stem}/{item['id']}/{name}", _flat(text)


def _atlas_texts():
    atlas = yaml.safe_load((ROOT / "resources" / "anatomy" / "anatomy.yaml").read_text(
        encoding="utf-8"))
    for sid, s in atlas["structures"].items():
        yield f"anatomy/{sid}/lay", s["lay"]["en"]
        yield f"anatomy/{sid}/description", s["description"]["en"]


def _code_texts():
    for key, value in STRINGS_EN.items():
        for text in value if isinstance(value, list) else [value]:
            yield f"strings_en/{key}", text
    yield "notices/disclaimer", DISCLAIMER["en"]
    for key, text in REVIEW["en"].items():
        yield f"notices/review/{key}", text
    for i, text in enumerate(EMERGENCY_SIGNS["en"]):
        yield f"notices/emergency/{i}", text


def _us_form(word: str) -> str:
    return next(us for uk, us in BRITISH.items() if re.fullmatch(uk, word, re.IGNORECASE))


def test_the_british_word_finder_finds_each_word_at_its_edges():
    for found in ("the back passage", "a Stoma bag", "straight away", "at weekends",
                  "Whom to call", "a tumour", "stay in hospital", "feeling sick",
                  "an anaesthetic"):
        assert _BRITISH.search(found), found
    for us in ("the rectum", "an ostomy bag", "right away", "on weekends", "Who to call",
               "a tumor", "stay in the hospital", "passage of stool", "an anesthetic"):
        assert not _BRITISH.search(us), us


@pytest.mark.parametrize("source", [_content_texts, _atlas_texts, _code_texts],
                         ids=["content", "anatomy", "pdf-words"])
def test_no_british_words_a_us_patient_reads(source):
    bad = [f"{where}: '{m.group(0)}' (use {_us_form(m.group(0))})"
           for where, text in source() for m in _BRITISH.finditer(text)]
    assert not bad, "\n".join(bad)


def test_the_words_a_us_reader_may_not_know_are_in_the_glossary():
    glossary = yaml.safe_load((CONTENT / "glossary.yaml").read_text(encoding="utf-8"))
    by_id = {item["id"]: item for item in glossary["items"]}
    stoma = by_id["stoma"]
    assert "ostomy bag" in stoma["aliases"] and "ostomy bag" in stoma["summary"]
    assert "anus" in by_id["rectum"]["summary"]      # the rectum, said by where it is


UK_TO_US = {"nhs_cauda_equina": "aans_cauda_equina", "royal_free_cauda_equina":
            "aans_cauda_equina", "nhs_dvt": "medlineplus_dvt", "asthma_lung_pe":
            "medlineplus_pe", "sepsis_trust_adult": "cdc_sepsis",
            "nhs_meningitis": "medlineplus_meningitis"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_item_citing_uk_guidance_also_cites_a_us_source(language):
    refs = yaml.safe_load((ROOT / "content" / language / "references.yaml").read_text(
        encoding="utf-8"))
    known = {r["id"] for r in refs["references"]}
    assert set(UK_TO_US.values()) <= known
    missing = []
    for path in sorted((ROOT / "content" / language).glob("*.yaml")):
        if path.name == "references.yaml":
            continue
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("items", []):
            sources = item.get("sources", [])
            missing += [f"{path.stem}/{item['id']}: {uk} without {us}"
                        for uk, us in UK_TO_US.items() if uk in sources and us not in sources]
    assert not missing, "\n".join(missing)
