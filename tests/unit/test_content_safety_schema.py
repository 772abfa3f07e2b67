"""The content's safety schema: ``safety`` sentences, ``urgency`` of warning signs, and the
``{tokens}`` filled with the clinic's numbers (one function for the screen and the PDF)."""

import pytest

from desktop_app.infra.config import ClinicConfig
from desktop_app.model.content import URGENCIES, ContentError, load_content
from desktop_app.model.contacts import Contacts, contacts_from_config, fill_contacts
from tests.unit.test_content_loader import GOOD_ITEM, _folder, _topic


def _load_with(tmp_path, extra: str, topic: str = "when_to_call"):
    item = GOOD_ITEM.replace("id: pain", "id: sign") + extra
    return load_content(_folder(tmp_path, **{topic: _topic(item, "When to call us")}), "en")


def _error(tmp_path, extra: str) -> ContentError:
    with pytest.raises(ContentError) as err:
        _load_with(tmp_path, extra)
    assert "\n" not in str(err.value)
    return err.value


def test_safety_sentences_are_a_tuple_shown_with_the_item(tmp_path):
    library = _load_with(tmp_path, "  safety:\n    - Call {emergency_number} now.\n"
                                   "    - Do not drive\n      yourself.\n")
    item = library.item("sign")
    assert item.safety == ("Call {emergency_number} now.", "Do not drive yourself.")
    assert ("safety", "Do not drive yourself.") in item.lay_paragraphs()
    assert "drive" in item.searchable_text()


def test_no_safety_and_no_urgency_are_empty(tmp_path):
    item = _load_with(tmp_path, "").item("sign")
    assert item.safety == () and item.urgency == ""


@pytest.mark.parametrize("extra, line", [
    ("  safety: Call 911.\n", 9),
    ("  safety: []\n", 9),
    ("  safety:\n    - ''\n", 10),  # the line of the list itself
    ("  safety:\n    - [a, b]\n", 10),
])
def test_bad_safety_is_one_clear_line(tmp_path, extra, line):
    err = _error(tmp_path, extra)
    assert "must be a list of safety sentences" in str(err)
    assert err.field == "safety" and err.item == "sign" and err.line == line


@pytest.mark.parametrize("level", URGENCIES)
def test_each_urgency_loads(tmp_path, level):
    assert _load_with(tmp_path, f"  urgency: {level}\n").item("sign").urgency == level


@pytest.mark.parametrize("value", ["soon", "Same_Day", "emergency", "1"])
def test_unknown_urgency_is_one_clear_line(tmp_path, value):
    err = _error(tmp_path, f"  urgency: {value}\n")
    assert err.field == "urgency" and err.line == 9
    assert str(err).endswith("must be one of emergency_number, emergency_room_now, at_once, "
                             "same_day")


@pytest.mark.parametrize("extra, field", [
    ("  safety:\n    - Call {emergency_phone} now.\n", "safety"),
    ("  body: Call {clinic_phone} or {Clinic_phone}.\n", "body"),
    ("  why: Call {}.\n", "why"),
])
def test_unknown_token_is_an_error_at_load(tmp_path, extra, field):
    text = (GOOD_ITEM.replace("id: pain", "id: sign").replace("  body: Some words.\n", "")
            + extra)
    with pytest.raises(ContentError) as err:
        load_content(_folder(tmp_path, when_to_call=_topic(text, "When to call us")), "en")
    assert err.value.field == field and "unknown token" in str(err.value)
    assert "{emergency_number}" in str(err.value)  # says which ones are known


@pytest.mark.parametrize("text", ["Call us {clinic_phone", "A } alone", "{{clinic_phone}}"])
def test_stray_brace_is_an_error_at_load(tmp_path, text):
    item = GOOD_ITEM.replace("id: pain", "id: sign").replace("It can hurt.", f"'{text}'")
    with pytest.raises(ContentError) as err:
        load_content(_folder(tmp_path, when_to_call=_topic(item, "When to call us")), "en")
    assert err.value.field == "summary"
    assert "not part of a token" in str(err.value) or "unknown token" in str(err.value)


def test_title_token_checked_too(tmp_path):
    item = GOOD_ITEM.replace("id: pain", "id: sign").replace("title: Pain", "title: '{x}'")
    with pytest.raises(ContentError, match="unknown token '{x}'"):
        load_content(_folder(tmp_path, when_to_call=_topic(item, "When to call us")), "en")


def test_items_by_urgency_most_urgent_first_in_file_order(tmp_path):
    items = "".join(GOOD_ITEM.replace("id: pain", f"id: {name}") + (
        f"  urgency: {level}\n" if level else "")
        for name, level in [("a", "same_day"), ("b", "emergency_room_now"), ("c", ""),
                            ("d", "emergency_number"), ("e", "same_day")])
    library = load_content(_folder(tmp_path, when_to_call=_topic(items, "When to call us")),
                           "en")
    got = [(level, [i.id for i in found]) for level, found in library.items_by_urgency()]
    assert got == [("emergency_number", ["d"]), ("emergency_room_now", ["b"]),
                   ("same_day", ["a", "e"])]
    assert library.items_by_urgency("symptoms") == []


# ------------------------------------------------------------------------- filling the tokens
TEXT = "Call {emergency_number}. Day: {clinic_phone}. Night: {out_of_hours_phone}."


def test_numbers_filled_from_the_config():
    config = ClinicConfig(phone="310 555 0100", out_of_hours_phone="310 555 0199",
                          emergency_number="911")
    assert fill_contacts(TEXT, config) == "Call 911. Day: 310 555 0100. Night: 310 555 0199."


@pytest.mark.parametrize("country, number", [("US", "911"), ("GB", "999"), ("ES", "112"),
                                             ("MX", "911"), ("FR", "112")])
def test_emergency_number_by_country(country, number):
    assert contacts_from_config(ClinicConfig(country=country)).emergency_number == number


def test_own_emergency_number_wins_over_the_country():
    assert contacts_from_config(ClinicConfig(country="US", emergency_number="112")) \
        .emergency_number == "112"


@pytest.mark.parametrize("language, expected", [
    ("en", "Call your local emergency number. Day: the number we gave you. "
           "Night: the hospital's main number."),
    ("es", "Call número local de emergencias. Day: número que le dimos. "
           "Night: número principal del hospital."),
])
def test_missing_numbers_become_words_never_braces(language, expected):
    for config in (None, ClinicConfig(), ClinicConfig(country="ZZ"), Contacts()):
        assert fill_contacts(TEXT, config, language) == expected


def test_spanish_lead_in_reads_as_a_sentence():
    assert fill_contacts("Llame al {emergency_number}.", None, "es") == \
        "Llame al número local de emergencias."
    assert fill_contacts("Llame al {emergency_number}.", ClinicConfig(country="ES"), "es") == \
        "Llame al 112."


def test_text_without_tokens_is_unchanged():
    assert fill_contacts("No braces here.", None) == "No braces here."
