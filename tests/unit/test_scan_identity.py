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
