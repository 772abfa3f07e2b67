"""Is this CD the consultation's patient? Names compared in every script, letter by letter.

Names on CDs and in the consultation differ in case, word order ("GARCIA^ANA" / "Ana García")
and in accents an ASCII-only system dropped; they must still match. Different people must not:
the text is case-folded (``str.casefold``) and NFKC-normalised, never folded to ASCII (which
turned every Cyrillic, Greek, Hebrew or CJK name into "" and so matched everyone). Only the
accent marks on Latin, Greek and Hebrew letters are ignored (a lost "é" or tonos, or vowel
points, are spelling); marks that make another letter elsewhere (Cyrillic "й", Japanese
dakuten) are kept. A DICOM name's "=" groups (alphabetic, ideographic, phonetic) each count.

Pure Python; what is compared is never logged or stored.
"""

from __future__ import annotations

import unicodedata
from typing import Any

ACCENT_SCRIPTS = ("LATIN", "GREEK", "HEBREW")


def fold(name: str) -> str:
    """A name's words, case-folded and sorted, with Latin/Greek/Hebrew accents removed."""
    decomposed = unicodedata.normalize("NFKD", name)
    kept: list[str] = []
    base = ""
    for char in decomposed:
        if unicodedata.combining(char) and base.startswith(ACCENT_SCRIPTS):
            continue
        if not unicodedata.combining(char):
            base = unicodedata.name(char, "")
        kept.append(char)
    text = unicodedata.normalize("NFKC", "".join(kept)).casefold()
    for mark in "^,.;-_":
        text = text.replace(mark, " ")
    return " ".join(sorted(text.split()))


def same_name(on_cd: str, in_visit: str) -> bool:
    """True when the CD's name (any of its "=" groups) is the visit's name."""
    wanted = fold(in_visit)
    return any(fold(group) == wanted for group in on_cd.split("=") if group.strip())


def identity_mismatch(identities: list[Any], patient: Any) -> bool:
    """True when the CD's patient(s) are not the consultation's patient (name words in any
    order; birth date when both have one). An empty consultation: no warning."""
    if patient is None or not (patient.name or patient.date_of_birth):
        return False
    if len(identities) > 1:
        return True
    for who in identities:
        if patient.name and who.name and not same_name(who.name, patient.name):
            return True
        if patient.date_of_birth and who.birth_date and \
                who.birth_date != patient.date_of_birth.replace("-", ""):
            return True
    return False
