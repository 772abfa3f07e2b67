"""The PDF's own words by language, and the dates and sizes written in them.

A missing language or key falls back to English, so a half-translated language still prints a
whole summary.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from desktop_app.export.strings_en import STRINGS_EN
from desktop_app.export.strings_es import STRINGS_ES
from desktop_app.model.lesions import cm_words

Strings = dict[str, Any]
"""One language's words: keys as in :data:`STRINGS_EN`, ``{placeholders}`` filled by the code."""

STRINGS: dict[str, Strings] = {"en": STRINGS_EN, "es": STRINGS_ES}
FALLBACK_LANGUAGE = "en"


# English is written for US readers ("November 26, 2026"); a clinic whose country is set to
# any other country gets the day first ("26 November 2026"). Both spell the month, so neither
# can be misread; other languages keep their own order whatever the country.
MONTH_FIRST_COUNTRIES = ("", "US")


def strings_for(language: str | None, country: str = "") -> Strings:
    """The strings of ``language``, every missing key filled from English; English dates in
    the order of the clinic's ``country`` (two letters, "" = not set: US order)."""
    merged = dict(STRINGS[FALLBACK_LANGUAGE])
    merged.update(STRINGS.get(language or FALLBACK_LANGUAGE, {}))
    if merged["date"] == STRINGS_EN["date"] and country.upper() not in MONTH_FIRST_COUNTRIES:
        merged["date"] = merged["date_day_first"]
    return merged


def format_date(iso: str, s: Strings) -> str:
    """An ISO date in the words of ``s`` ("January 5, 2026"); anything else as it is."""
    try:
        d = _dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    return str(s["date"].format(day=d.day, month=s["months"][d.month - 1], year=d.year))


def format_cm(value: float, s: Strings) -> str:
    """A typed size in cm with one decimal and the language's decimal mark ("3.0", "2,2"):
    the form of the lesion panel's boxes and the patient's screen (``lesions.typed_words``)."""
    return cm_words(value, s.get("decimal", "."))
