"""The sign-off record's edges, with the numbers written here: the text kept with a decision
(50,000 characters), the file's version (1), which decision "what changed" compares with (the
last approval, never a request for changes), how a bad record is named (counted from 1),
"and N more" past six unreviewed items, and the record written as UTF-8, not escapes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from desktop_app.model.content import load_content
from desktop_app.model.signoff import (APPROVED, FLAGGED, Decision, ItemState, SignoffBook,
                                       SignoffError, printed_state, text_hash)

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def en():
    return load_content(ROOT / "content", "en")


def record(**changes) -> dict:
    entry = {"item_id": "fever", "language": "en", "decision": APPROVED, "name": "Dr Zoë Ng",
             "role": "Surgeon", "date": "2026-12-06", "text_sha256": "a" * 64, "note": "",
             "text": ""}
    entry.update(changes)
    return entry


def book_json(*entries, version=1) -> str:
    return json.dumps({"format": "presacral-consult clinical sign-off", "version": version,
                       "decisions": list(entries)})


def test_the_record_is_version_1_and_other_versions_are_refused():
    written = json.loads(SignoffBook().to_json())
    assert written["version"] == 1
    assert SignoffBook.from_json(book_json(record())).decisions[0].name == "Dr Zoë Ng"
    with pytest.raises(SignoffError, match="version 2 is not supported"):
        SignoffBook.from_json(book_json(record(), version=2))


def test_a_kept_text_of_50000_characters_loads_and_50001_is_refused():
    assert len(SignoffBook.from_json(book_json(record(text="x" * 50_000))).decisions) == 1
    with pytest.raises(SignoffError, match="decision 1: name, role or note is too long"):
        SignoffBook.from_json(book_json(record(text="x" * 50_001)))


def test_a_bad_record_is_named_by_its_place_counted_from_1():
    with pytest.raises(SignoffError, match="sign-off decision 2: "):
        SignoffBook.from_json(book_json(record(), record(date="6 Dec")))


@pytest.mark.parametrize("item_id,language", [("Fever!", "en"), ("fever", "english")])
def test_item_id_and_language_are_each_checked(item_id, language):
    with pytest.raises(SignoffError, match="item id or language is not valid"):
        SignoffBook.from_json(book_json(record(item_id=item_id, language=language)))


def test_what_changed_compares_with_the_last_approval_not_a_later_flag(en):
    item = en.item("fever")
    book = SignoffBook()
    book.decide(item, "en", APPROVED, "Dr A", "Surgeon", today=DAY)
    approved = book.decisions[-1].text
    assert approved
    flagged = dataclasses.replace(book.decisions[-1], decision=FLAGGED, text="other words")
    book.decisions.append(flagged)
    assert book.approved_text(item, "en") == approved
    only_flag = SignoffBook([flagged])
    assert only_flag.approved_text(item, "en") is None


def test_decisions_and_states_cannot_be_changed_after_they_are_made():
    d = Decision("fever", "en", APPROVED, "A", "B", "2026-12-06", "a" * 64)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.decision = FLAGGED  # type: ignore[misc]
    state = ItemState("reviewed", d)
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.kind = "none"  # type: ignore[misc]


def test_the_record_keeps_letters_as_utf8(en):
    book = SignoffBook()
    book.decide(en.item("fever"), "en", APPROVED, "Dr Zoë Ångström", "Surgeon", today=DAY)
    text = book.to_json()
    assert "Dr Zoë Ångström" in text and "\\u00eb" not in text


def test_six_unreviewed_items_are_named_and_the_rest_counted(en):
    items = en.items("when_to_call")[:9]
    assert len(items) == 9
    book = SignoffBook()
    book.decide(items[0], "en", APPROVED, "Dr A", "Surgeon", today=DAY)
    sentence = printed_state(items, "en", book).sentence()
    for item in items[1:7]:             # six named
        assert item.title in sentence
    assert items[7].title not in sentence and items[8].title not in sentence
    assert f"{items[6].title} and 2 more." in sentence
    seven = printed_state(items[:7], "en", book).sentence()   # exactly six unreviewed
    assert "more" not in seven and items[6].title in seven
    assert text_hash(items[0], "en") == book.decisions[0].text_sha256
