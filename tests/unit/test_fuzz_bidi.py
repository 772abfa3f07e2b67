"""Bidirectional controls and markup in every free-text field and config value: whatever
comes in, the model holds the same characters minus the bidi controls (U+202A-202E,
U+2066-2069, U+200E/200F, U+061C), so the screen and the PDF show the same characters in the
same order. Real Arabic and Hebrew letters are kept. At least 1,000 examples each."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop_app.infra.config import parse_config
from desktop_app.model import storage
from desktop_app.model.plaintext import BIDI_CONTROLS, strip_bidi
from desktop_app.model.signoff import SignoffBook
from tests.conftest import EXAMPLE

FUZZ = settings(max_examples=1000, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
SEED = json.loads(EXAMPLE.read_bytes())

# every free-text field of a visit (the ids, dates, colours and choices are checked apart)
FREE_TEXT = [("patient", "name"), ("patient", "record_number"), ("clinician",), ("notes",),
             ("lesions", 0, "label"), ("lesions", 1, "suspected_type_text"),
             ("lesions", 0, "approach_reason"), ("texts", 0, "text")]
CONFIG_TEXT = ("clinic_name", "department", "address", "phone")

ARABIC, HEBREW = "مرحبا", "שלום"
TEXT = st.text(alphabet=st.sampled_from(
    sorted(BIDI_CONTROLS) + list("Stop 10 days+1555<>&/'\"!-#=") + list(ARABIC + HEBREW)
    + ["\u200d", "\u00e9"]), max_size=40)


def _set(doc: dict, path: tuple, value: str) -> None:
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


def _get(obj, path: tuple):
    for key in path:
        obj = obj[key] if isinstance(key, int) else getattr(obj, key)
    return obj


def test_the_rule_strips_controls_only():
    assert strip_bidi("Stop your aspirin \u202e10 days\u202c") == "Stop your aspirin 10 days"
    assert strip_bidi("+1 \u2067555 0100\u2069") == "+1 555 0100"
    assert strip_bidi(f"\u200f{ARABIC} {HEBREW}\u200e") == f"{ARABIC} {HEBREW}"
    assert strip_bidi("plain ascii <b>") == "plain ascii <b>"


@FUZZ
@given(values=st.lists(TEXT, min_size=len(FREE_TEXT), max_size=len(FREE_TEXT)))
@example(values=["Stop your aspirin \u202e10 days"] * len(FREE_TEXT))
def test_every_free_text_field_of_a_visit_file(values):
    doc = copy.deepcopy(SEED)
    for path, value in zip(FREE_TEXT, values):
        _set(doc, path, value)
    visit = storage.loads(json.dumps(doc).encode("utf-8"))
    for path, value in zip(FREE_TEXT, values):
        got = _get(visit, path)
        assert not any(c in BIDI_CONTROLS for c in got)
        assert got == "".join(c for c in value if c not in BIDI_CONTROLS)  # order kept


@FUZZ
@given(values=st.lists(TEXT.filter(lambda t: "\n" not in t and "#" not in t
                                   and "'" not in t and '"' not in t),
                       min_size=4, max_size=4))
def test_every_config_text_value(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("cfg") / "config.yaml"
    lines = [f"{key}: '{value}'" for key, value in zip(CONFIG_TEXT, values)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = parse_config(path)
    for key, value in zip(CONFIG_TEXT, values):
        assert getattr(config, key) == strip_bidi(value).strip()


@FUZZ
@given(name=TEXT.filter(lambda t: strip_bidi(t).strip()),
       role=TEXT.filter(lambda t: strip_bidi(t).strip()), note=TEXT)
def test_sign_off_names_roles_and_notes(library, name, role, note):
    item = next(iter(library.topics.values())).items[0]
    book = SignoffBook()
    d = book.decide(item, "en", "approved", name, role, note=note)
    for got in (d.name, d.role, d.note):
        assert not any(c in BIDI_CONTROLS for c in got)
    # a record written by hand with controls in it is read without them
    data = json.loads(book.to_json())
    data["decisions"][0]["name"] = "\u202e" + d.name
    again = SignoffBook.from_json(json.dumps(data))
    assert again.decisions[0].name == d.name


def test_clinic_content_text_loses_them_too(tmp_path):
    from desktop_app.model.content import load_content
    from tests.conftest import ROOT

    folder = tmp_path / "clinic"
    (folder / "en").mkdir(parents=True)
    (folder / "en" / "overview.yaml").write_text(
        "extend: true\nsources_checked: 2026-12-01\ntitle: Overview\nitems:\n"
        "  - id: clinic_parking\n    title: \"Parking \\u202eB 12\\u202c\"\n"
        f"    summary: \"Call \\u2067+1 555 0100\\u2069 {ARABIC}\"\n"
        "    sources: [glasgow2006]\n", encoding="utf-8")
    item = load_content(ROOT / "content", "en", [folder]).item("clinic_parking")
    assert item.title == "Parking B 12" and item.summary == f"Call +1 555 0100 {ARABIC}"
