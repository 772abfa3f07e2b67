"""Clinical sign-off model: what is hashed, the states, the JSON record, and the sentences."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from desktop_app.model.content import load_content
from desktop_app.model.signoff import (APPROVED, FLAGGED, SignoffBook, SignoffError, patient_text,
                                       printed_state, text_hash)

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def en():
    return load_content(ROOT / "content", "en")


@pytest.fixture(scope="module")
def es():
    return load_content(ROOT / "content", "es")


def test_hash_covers_patient_text_only(en):
    item = en.item("biopsy")
    base = text_hash(item, "en")
    assert text_hash(item, "es") != base                       # per language
    assert text_hash(dataclasses.replace(item, clinician_note="other"), "en") == base
    assert text_hash(dataclasses.replace(item, sources=("x",)), "en") == base
    edited = dataclasses.replace(item, body=item.body.replace("meningitis", "an infection"))
    assert text_hash(edited, "en") != base
    extra = dict(item.extra)
    extra["prepare"] += " Bring a friend."
    assert text_hash(dataclasses.replace(item, extra=tuple(extra.items())), "en") != base
    # reflowing the YAML (line breaks, spaces) is not a change of text
    assert text_hash(dataclasses.replace(item, summary="  " + item.summary.replace(" ", "\n ")),
                     "en") == base
    assert item.title in patient_text(item) and item.clinician_note not in patient_text(item)


def test_states_not_reviewed_reviewed_changed_flagged(en):
    book = SignoffBook()
    fever, bleeding = en.item("fever"), en.item("bleeding")
    assert book.state(fever, "en").kind == "none"
    book.decide(fever, "en", APPROVED, "Dr Ana Ruiz", "Colorectal surgeon", today=DAY)
    state = book.state(fever, "en")
    assert state.kind == "reviewed" and state.is_reviewed
    assert state.sentence("en") == "Reviewed by Dr Ana Ruiz (Colorectal surgeon) on 2026-12-06."
    assert book.state(fever, "es").kind == "none"               # each language on its own
    changed = dataclasses.replace(fever, summary=fever.summary + " Or 39°C.")
    assert book.state(changed, "en").kind == "changed"
    assert not book.state(changed, "en").is_reviewed
    book.decide(bleeding, "en", FLAGGED, "Dr Ana Ruiz", "Colorectal surgeon", today=DAY,
                note="say how much bleeding")
    assert book.state(bleeding, "en").kind == "flagged"
    book.decide(bleeding, "en", APPROVED, "Dr B", "Nurse lead", today=DAY)  # latest counts
    assert book.state(bleeding, "en").decision.name == "Dr B"
    assert len(book.decisions) == 3                               # the history is kept


def test_a_decision_needs_name_and_role(en):
    with pytest.raises(ValueError):
        SignoffBook().decide(en.item("fever"), "en", APPROVED, "  ", "Surgeon")
    with pytest.raises(ValueError):
        SignoffBook().decide(en.item("fever"), "en", APPROVED, "Dr A", "")
    with pytest.raises(ValueError):
        SignoffBook().decide(en.item("fever"), "en", "maybe", "Dr A", "Surgeon")


def test_json_round_trip_and_bad_files(en):
    book = SignoffBook()
    book.decide(en.item("fever"), "en", APPROVED, "Dr A", "Surgeon", today=DAY)
    again = SignoffBook.from_json(book.to_json())
    assert again.decisions == book.decisions
    assert again.state(en.item("fever"), "en").kind == "reviewed"
    good = json.loads(book.to_json())
    bad_cases = ["{", "[]", json.dumps({"format": "other"}),
                 json.dumps({**good, "version": 99}),
                 json.dumps({**good, "decisions": [{**good["decisions"][0], "date": "soon"}]}),
                 json.dumps({**good, "decisions": [{**good["decisions"][0],
                                                     "text_sha256": "abc"}]}),
                 json.dumps({**good, "decisions": [{**good["decisions"][0], "name": ""}]}),
                 json.dumps({**good, "decisions": [{**good["decisions"][0],
                                                     "decision": "yes"}]}),
                 "[" * 100000]
    for text in bad_cases:
        with pytest.raises(SignoffError) as info:
            SignoffBook.from_json(text)
        assert "\n" not in str(info.value)


def test_printed_state_sentences(en, es):
    items = [en.item("fever"), en.item("bleeding")]
    book = SignoffBook()
    assert (printed_state(items, "en", book).sentence("en")
            == "Your clinic has not yet finished its own review of the general information. "
               "What your surgeon told you today is about you.")
    book.decide(items[0], "en", APPROVED, "Dr A", "Surgeon", today=DAY)
    some = printed_state(items, "en", book).sentence("en")
    assert "Dr A (Surgeon) on 2026-12-06" in some and "Bleeding" in some
    book.decide(items[1], "en", APPROVED, "Dr A", "Surgeon", today=DAY)
    assert printed_state(items, "en", book).sentence("en") == (
        "A clinician at this clinic reviewed all the general information in this summary: "
        "Dr A (Surgeon) on 2026-12-06. What your surgeon told you today is about you.")
    es_items = [es.item("fever")]
    assert printed_state(es_items, "es", book).sentence("es").startswith(
        "Su clínica aún no ha terminado de revisar")


def test_notices_are_plain(en):
    import textstat
    from desktop_app.model.notices import DISCLAIMER, EMERGENCY_SIGNS, REVIEW

    for text in [DISCLAIMER["en"], *REVIEW["en"].values(), *EMERGENCY_SIGNS["en"]]:
        assert textstat.flesch_kincaid_grade(text.format(name="Dr A", role="Surgeon",
                                                         date="6 December 2026", who="Dr A",
                                                         rest="Fever", n=3,
                                                         emergency_number="911")) <= 8.0, text
    textstat.set_lang("es")
    try:
        for text in [DISCLAIMER["es"], *REVIEW["es"].values(), *EMERGENCY_SIGNS["es"]]:
            filled = text.format(name="Dr A", role="Cirujano", date="6 de diciembre de 2026",
                                 who="Dr A", rest="Fiebre", n=3, emergency_number="112")
            assert textstat.fernandez_huerta(filled) >= 60, text
    finally:
        textstat.set_lang("en_US")

