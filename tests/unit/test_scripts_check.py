"""The script check's own answers, without a PDF: which field it names (its first letter
capitalised, numbered from 1), right-to-left lines at 60 characters and 61, a build without the
right-to-left tools, and the copies printed in visual order (with or without a clinic config)."""

from __future__ import annotations

import pytest

from desktop_app.export import scripts
from desktop_app.infra.config import ClinicConfig
from desktop_app.model.consultation import Consultation, Patient, TextNote

HEBREW = "שלום"


def test_right_to_left_lines_of_60_characters_print_61_are_refused():
    assert scripts.RTL_LINE_CHARS == 60
    assert scripts.problem("ש" * 60) is None
    assert scripts.problem("ש" * 61) == (
        "has right-to-left lines longer than 60 characters, which the summary cannot wrap "
        "yet (break them into shorter lines)")
    assert scripts.problem("ש" * 60 + "\n" + "ש" * 60) is None     # line by line


def test_the_field_is_named_with_a_capital_and_counted_from_one():
    c = Consultation()
    c.texts = [TextNote(text="ש" * 61)]
    with pytest.raises(scripts.ScriptError) as info:
        scripts.check(c)
    assert str(info.value).startswith("Text note 1 has right-to-left lines longer than 60 ")
    c = Consultation(notes="ש" * 61)
    with pytest.raises(scripts.ScriptError) as info:
        scripts.check(c)
    assert str(info.value).startswith("The notes has right-to-left lines")
    scripts.check(Consultation(notes="ש" * 60))                     # no error


def test_which_letters_are_right_to_left():
    assert scripts.has_rtl(HEBREW) and scripts.has_rtl("فاطمة")
    assert not scripts.has_rtl("Zoë Ångström") and not scripts.has_rtl("")


def test_a_build_without_the_right_to_left_tools_refuses_and_changes_nothing(monkeypatch):
    monkeypatch.setattr(scripts, "_rtl_tools", lambda: None)
    assert scripts.visual(HEBREW) == HEBREW
    assert scripts.problem(HEBREW) == "is in right-to-left script, which this build cannot print"


def test_visual_order_reverses_right_to_left_lines_only():
    assert scripts.visual("abc\n" + HEBREW) == "abc\n" + HEBREW[::-1]
    assert scripts.visual("Zoë") == "Zoë"


def test_copies_for_print_without_and_with_a_clinic_config():
    c = Consultation(patient=Patient(name=HEBREW), notes="plain")
    copy, config = scripts.for_print(c, None)
    assert config is None and copy.patient.name == HEBREW[::-1] and copy.notes == "plain"
    assert c.patient.name == HEBREW                                  # the original is kept
    copy, config = scripts.for_print(c, ClinicConfig(clinic_name=HEBREW))
    assert config.clinic_name == HEBREW[::-1]
    plain = Consultation(patient=Patient(name="Ana"))
    assert scripts.for_print(plain, None) == (plain, None)           # nothing to reorder
