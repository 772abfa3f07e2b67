"""Safety text is short and plain: every ``safety`` sentence of the shipped content (English and
Spanish), every ``when_to_call`` summary and the app's own emergency signs have at most 20 words
and read at or below US grade 8 (Spanish: Fernández-Huerta 60 or more), scored on the text as a
US clinic prints it. The routing is the one the content guide gives: nerve-compression signs
straight to the emergency room, never "call us first"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from tests.support import filled

from desktop_app.model.content import URGENCIES, load_content

textstat = pytest.importorskip("textstat")
ROOT = Path(__file__).resolve().parents[2]
MAX_WORDS = 20
MAX_GRADE = 8.0
MIN_FERNANDEZ_HUERTA = 60.0
TOPICS = ("overview", "tumour_types", "symptoms", "workup", "treatments", "glossary",
          "questions", "when_to_call", "disclaimer")


def words(sentence: str) -> int:
    """Words of one sentence: runs of letters or digits (911 is one word)."""
    return len(re.findall(r"[\w°]+(?:['’.-][\w]+)*", filled(sentence)))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:])\s+", " ".join(text.split())) if s.strip()]


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(filled(text)))


def fernandez_huerta(text: str) -> float:
    textstat.set_lang("es")
    try:
        return float(textstat.fernandez_huerta(filled(text)))
    finally:
        textstat.set_lang("en_US")


def safety_texts(lang: str) -> list[tuple[str, str]]:
    """(where, text) of every safety sentence and when_to_call summary, read with plain YAML."""
    out = []
    for topic in TOPICS:
        data = yaml.safe_load((ROOT / "content" / lang / f"{topic}.yaml").read_text("utf-8"))
        for item in data["items"]:
            for k, text in enumerate(item.get("safety") or []):
                out.append((f"{topic}/{item['id']}/safety[{k}]", text))
            if topic == "when_to_call":
                out.append((f"{topic}/{item['id']}/summary", item["summary"]))
    return out


def test_word_count_at_the_limit_and_one_past():
    twenty = "Go to the nearest emergency room now and do not wait to reach us first or drive " \
             "there yourself today."
    assert words(twenty) == 20
    assert words(twenty.replace("today.", "today please.")) == 21
    assert words("Call {emergency_number} now.") == 3  # the number is one word


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_safety_sentence_has_at_most_20_words(lang):
    texts = safety_texts(lang)
    assert len(texts) >= 40
    long = [f"{where}: {s} ({words(s)} words)" for where, text in texts
            for s in sentences(text) if words(s) > MAX_WORDS]
    assert not long, "\n".join(long)


def test_english_safety_text_at_or_below_grade_8():
    bad = [f"{grade(t):.1f} {where}: {t}" for where, t in safety_texts("en")
           if grade(t) > MAX_GRADE]
    assert not bad, "\n".join(bad)


def test_spanish_safety_text_is_plain():
    bad = [f"{fernandez_huerta(t):.0f} {where}: {t}" for where, t in safety_texts("es")
           if fernandez_huerta(t) < MIN_FERNANDEZ_HUERTA]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_app_emergency_signs_are_short_sentences(lang):
    from desktop_app.model.notices import EMERGENCY_SIGNS

    for line in EMERGENCY_SIGNS[lang]:
        for s in sentences(line):
            assert words(s) <= MAX_WORDS, s


# ----------------------------------------------------------------------------- routing
ROUTING = {"emergency": "emergency_number", "leg_weakness_numbness": "emergency_room_now",
           "new_bladder_bowel_trouble": "emergency_room_now", "bowel_blockage": "at_once",
           "wound_after_posterior_surgery": "at_once", "leg_clot": "same_day",
           "fever": "same_day", "wound_problems": "same_day", "bleeding": "same_day",
           "worse_pain": "same_day"}
NERVE_ITEMS = ("leg_weakness_numbness", "new_bladder_bowel_trouble", "leg_pain",
               "urinary_problems", "bowel_control", "sexual_problems")
CALL_FIRST = re.compile(r"cannot reach us|can't reach us|no nos puede localizar|"
                        r"no nos localiza", re.I)
ER_NOW = {"en": "go to the nearest emergency room now|go to the emergency room now",
          "es": "vaya ahora a urgencias"}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_warning_sign_has_its_urgency(lang):
    lib = load_content(ROOT / "content", lang)
    got = {i.id: i.urgency for i in lib.items("when_to_call")}
    for item_id, level in ROUTING.items():
        assert got[item_id] == level, item_id
    assert set(got.values()) <= {"", *URGENCIES}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_nerve_signs_go_to_the_emergency_room_and_never_through_the_team(lang):
    from desktop_app.model.notices import EMERGENCY_SIGNS

    lib = load_content(ROOT / "content", lang)
    for item_id in NERVE_ITEMS:
        item = lib.item(item_id)
        text = " ".join([item.summary, item.body, *item.safety])
        assert not CALL_FIRST.search(text), item_id
        assert re.search(ER_NOW[lang], text, re.I), item_id
        assert {"nhs_cauda_equina", "royal_free_cauda_equina"} <= set(item.sources), item_id
        assert re.search("drive|conduzca", text, re.I), item_id
    nerve_line = EMERGENCY_SIGNS[lang][0]
    assert not CALL_FIRST.search(nerve_line) and re.search(ER_NOW[lang].split("|")[-1]
                                                           .replace("nearest ", ""),
                                                           nerve_line, re.I)


@pytest.mark.parametrize("lang, signs", [
    ("en", ["between your legs", "genitals", "starting to pass urine", "harder and harder",
            "sexual", "both legs"]),
    ("es", ["entre las piernas", "genitales", "empezar a orinar", "cada vez más", "sexual",
            "dos piernas"]),
])
def test_the_nerve_sign_list_is_complete(lang, signs):
    lib = load_content(ROOT / "content", lang)
    body = lib.item("leg_weakness_numbness").body
    from desktop_app.model.notices import EMERGENCY_SIGNS

    for sign in signs:
        assert sign in body, sign
        assert sign.split()[-1] in EMERGENCY_SIGNS[lang][0], sign


def test_heavy_bleeding_is_not_called_a_lung_clot_sign():
    for lang in ("en", "es"):
        body = load_content(ROOT / "content", lang).item("emergency").body
        for line in body.split("\n"):
            if re.search("bleeding|sangrado", line, re.I):
                assert not re.search("clot|coágulo", line, re.I), line


def test_wound_leak_summary_and_body_agree():
    item = load_content(ROOT / "content", "en").item("wound_after_posterior_surgery")
    assert "at once" in item.summary and "same day" not in item.body
    assert "at once" in item.body


NEW = {"en": re.compile(r"\bnew\b", re.I), "es": re.compile(r"\bnuev[oa]s?\b", re.I)}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_short_lines_of_the_nerve_signs_say_new_and_name_no_bowel_trouble_at_large(lang):
    """The titles of the emergency-room items are the lines of page 1's emergency box (so
    are the fallback box's lines): "new" qualifies every sign, in the line itself or in the
    box's lead ("... si tiene algo nuevo:"), so a patient whose legs are already weak, or who
    is constipated, is not sent to the emergency room for what the surgeon saw today; the
    bowel sign is holding in stool, not any trouble with the bowel."""
    from desktop_app.export.strings import STRINGS
    from desktop_app.model.notices import BOX_SIGNS

    lib = load_content(ROOT / "content", lang)
    titles = [i.title for i in lib.items("when_to_call") if i.urgency == "emergency_room_now"]
    assert len(titles) == 2
    lead_says_new = bool(NEW[lang].search(STRINGS[lang]["box_emergency_room_now"]))
    for line in titles + BOX_SIGNS[lang]["emergency_room_now"]:
        weakness = re.search("weakness|débiles|debilidad", line)
        if not lead_says_new:
            assert len(NEW[lang].findall(line)) >= (2 if weakness else 1), line
        assert NEW[lang].search(line), line
        assert not re.search(r"\b(bowel|intestino)\b", line), line
        if lang == "en":
            assert line.startswith("New "), line
