"""The right-patient check compares names in every script: case-folded and NFKC-normalised,
Latin / Greek / Hebrew accents ignored, no letter dropped."""

from __future__ import annotations

import pytest

from desktop_app.model.consultation import Patient
from desktop_app.model.scan_identity import fold, identity_mismatch, same_name
from desktop_app.model.scans import Identity


@pytest.mark.parametrize("on_cd, in_visit", [
    ("GARCIA^ANA", "Ana García"),
    ("ПЕТРОВА^АННА", "Анна Петрова"),                 # Cyrillic, other case and order
    ("ΠΑΠΑΔΟΠΟΥΛΟΣ^ΓΙΩΡΓΟΣ", "Γιώργος Παπαδόπουλος"),   # Greek capitals lose the tonos
    ("כהן^דוד", "דָּוִד כֹּהֵן"),                           # Hebrew with and without points
    ("Yamada^Tarou=山田^太郎=やまだ^たろう", "山田 太郎"),  # the ideographic group matches
    ("Ｙａｍａｄａ^Ｔａｒｏｕ", "Yamada Tarou"),            # full-width letters (NFKC)
    ("STRASSE^JOSE", "José Straße"),                  # ß case-folds to ss
    ("Garci\u0301a^Ana", "GARCIA ANA"),                  # decomposed accent (i + U+0301)
])
def test_the_same_person_written_differently(on_cd, in_visit):
    assert same_name(on_cd, in_visit)


@pytest.mark.parametrize("on_cd, in_visit", [
    ("Петрова^Анна", "Иванова Анна"),
    ("Иванов^Йосиф", "Иванов Иосиф"),          # й is its own letter, not и with a mark
    ("山田^太郎", "山本 太郎"),
    ("ガン^タロウ", "カン タロウ"),                 # dakuten make another sound
    ("Παπαδόπουλος", "Παπαδάκης"),
    ("GARCIA^ANA", "Ana Garcías"),
])
def test_different_people_are_told_apart(on_cd, in_visit):
    assert not same_name(on_cd, in_visit)


def test_no_name_folds_to_nothing():
    for name in ("Петрова", "山田", "כהן", "Παπαδόπουλος", "김민준"):
        assert fold(name) and fold(name) == fold(name.upper())


def test_the_warning_fires_for_non_latin_names():
    cd = [Identity("Петрова^Анна", "19600214")]
    assert identity_mismatch(cd, Patient(name="Иванова Анна"))
    assert not identity_mismatch(cd, Patient(name="анна петрова", date_of_birth="1960-02-14"))
    assert identity_mismatch(cd, Patient(name="Анна Петрова", date_of_birth="1960-02-15"))
    assert not identity_mismatch(cd, Patient())
    assert identity_mismatch([Identity("A B", ""), Identity("C D", "")], Patient(name="A B"))


def test_no_patient_or_an_empty_one_never_warns():
    two = [Identity("A B", ""), Identity("C D", "")]
    assert identity_mismatch(two, None) is False
    assert identity_mismatch(two, Patient()) is False              # nothing to compare with
    assert identity_mismatch(two, Patient(date_of_birth="1960-02-14")) is True


def test_two_patients_on_one_cd_warn_even_when_both_names_match():
    """2 identities: a warning (the CD holds another person too), though each name matches;
    1 identity that matches: none."""
    one = [Identity("PETROVA^ANNA", "19600214")]
    two = one + [Identity("Anna Petrova", "19600214")]
    visit = Patient(name="Anna Petrova", date_of_birth="1960-02-14")
    assert identity_mismatch(one, visit) is False
    assert identity_mismatch(two, visit) is True


def test_a_missing_birth_date_on_either_side_is_not_compared():
    visit = Patient(name="Anna Petrova", date_of_birth="1960-02-14")
    assert identity_mismatch([Identity("PETROVA^ANNA", "")], visit) is False
    assert identity_mismatch([Identity("PETROVA^ANNA", "19600214")],
                             Patient(name="Anna Petrova")) is False
    assert identity_mismatch([Identity("", "19600215")], visit) is True   # only the date differs
    assert identity_mismatch([Identity("IVANOVA^ANNA", "")], visit) is True
