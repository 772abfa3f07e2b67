"""The numbers patient text points to: the team's phone, the out-of-hours number and the
local emergency number, filled into the content's ``{tokens}`` from the clinic config.

One function (:func:`fill_contacts`) does it for the screen and the PDF alike, so "call 911"
and "call us at ..." never differ between them. A number the clinic did not give becomes
plain words that still read as a sentence ("call your local emergency number"), never braces.
Each language's words are written to follow a fixed lead-in: English "at {clinic_phone}",
"call {emergency_number}"; Spanish "al {clinic_phone}", "llame al {emergency_number}".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# The emergency number by the clinic's country (ISO 3166 two letters) when the config does not
# give one. Only numbers that reach an ambulance nationwide; any other country gets words.
EMERGENCY_BY_COUNTRY = {
    "US": "911", "CA": "911", "MX": "911",
    "GB": "999",
    "AU": "000", "NZ": "111",
    # European Union (and EEA) countries: 112 everywhere
    **{c: "112" for c in ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
                          "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT",
                          "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "CH")},
}

# Words used when a number is missing; each fits the lead-in its language's text uses.
FALLBACK = {
    "en": {"emergency_number": "your local emergency number",
           "clinic_phone": "the number we gave you",
           "out_of_hours_phone": "the hospital's main number"},
    "es": {"emergency_number": "número local de emergencias",
           "clinic_phone": "número que le dimos",
           "out_of_hours_phone": "número principal del hospital"},
}

_TOKEN_RE = re.compile(r"\{(emergency_number|clinic_phone|out_of_hours_phone|fever)\}")
# The fever threshold: the clinic's country's own scale first (degrees Fahrenheit in the US,
# Celsius elsewhere). With no country set, English text (written for US readers) puts
# Fahrenheit first and Spanish Celsius; both scales are always printed. No space, so a line
# never breaks between the number and its unit.
FEVER = {"en": {"F": "100.4°F (38°C)", "C": "38°C (100.4°F)"},
         "es": {"F": "100,4°F (38°C)", "C": "38°C (100,4°F)"}}
FAHRENHEIT_COUNTRIES = ("US",)
FEVER_CELSIUS_LANGUAGES = ("es",)  # with no country set: Celsius first


@dataclass(frozen=True)
class Contacts:
    """The three numbers as printed ("" = the clinic did not give it)."""
    clinic_phone: str = ""
    out_of_hours_phone: str = ""
    emergency_number: str = ""
    country: str = ""      # two letters, upper case ("" = not known)


def contacts_from_config(config: Any) -> Contacts:
    """The numbers of a clinic config (or of None: none known). The emergency number is the
    config's own, else its country's, else unknown."""
    def value(name: str) -> str:
        raw = getattr(config, name, "") if config is not None else ""
        return " ".join(str(raw or "").split())

    emergency = value("emergency_number") or EMERGENCY_BY_COUNTRY.get(value("country").upper(),
                                                                      "")
    return Contacts(clinic_phone=value("phone"), out_of_hours_phone=value("out_of_hours_phone"),
                    emergency_number=emergency, country=value("country").upper())


def fill_contacts(text: str, contacts: Contacts | Any, language: str = "en") -> str:
    """``text`` with each known token replaced by its number, or by plain words when the
    clinic did not give that number. ``contacts`` may also be a clinic config (or None)."""
    if "{" not in text:
        return text
    if not isinstance(contacts, Contacts):
        contacts = contacts_from_config(contacts)
    words = FALLBACK.get(language, FALLBACK["en"])

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "fever":
            us = contacts.country in FAHRENHEIT_COUNTRIES or (
                not contacts.country and language not in FEVER_CELSIUS_LANGUAGES)
            scale = "F" if us else "C"
            return FEVER.get(language, FEVER["en"])[scale]
        return str(getattr(contacts, name)) or words[name]

    return _TOKEN_RE.sub(one, text)


def emergency_number(contacts: Contacts | Any, language: str = "en") -> str:
    """The emergency number as printed, or the words for it."""
    return fill_contacts("{emergency_number}", contacts, language)
