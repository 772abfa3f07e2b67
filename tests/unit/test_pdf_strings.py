"""The words the PDF code writes itself (headings, captions, connecting sentences) are plain.

Every sentence-like string in ``desktop_app.export.strings.STRINGS`` is scored with the same
Flesch-Kincaid measure as the content (textstat, offline). Headings and short labels are not
paragraphs; they are checked for length instead.
"""

from __future__ import annotations

import re


from desktop_app.export.strings import STRINGS

import textstat
MAX_GRADE = 8.0
SAMPLE = {"front": "left", "n": "1", "place": "tailbone", "length": "4", "width": "3",
          "size": "4", "type": "tailgut cyst", "text": "a small cyst", "phone": "0123 456",
          "clinic": "Your surgical team", "date": "26 November 2026", "page": "1", "total": "3",
          "day": "26", "month": "November", "year": "2026", "emergency_number": "911",
          "areas": "area 1", "head": "1", "last": "2", "number": "911",
          "title": "After your operation"}
NOT_PROSE = {"months", "date", "decimal", "footer_left", "footer_right", "legend_size",
             "legend_size_one", "phone", "call_phone", "and"}


def english_prose() -> list[tuple[str, str]]:
    out = []
    for key, value in STRINGS["en"].items():
        if key in NOT_PROSE or not isinstance(value, str):
            continue
        out.append((key, value.format(**SAMPLE)))
    return out


def test_sentences_at_or_below_grade_8():
    rows = []
    for key, text in english_prose():
        if len(text.split()) >= 8 and re.search(r"[.!?:]$", text):
            rows.append((float(textstat.flesch_kincaid_grade(text)), key, text))
    assert len(rows) >= 20
    failing = [r for r in rows if r[0] > MAX_GRADE]
    assert not failing, "\n".join(f"{g:.1f} {k}: {t}" for g, k, t in failing)
    whole = " ".join(t for _, _, t in rows)
    assert textstat.flesch_kincaid_grade(whole) <= 7.0


def test_headings_and_labels_are_short():
    for key, text in english_prose():
        if key.startswith("h_") or key in ("title", "why", "expect", "prepare", "recovery",
                                           "side_effects", "s3_label", "legend_title"):
            assert len(text.split()) <= 5, key
            assert text[:1].isupper() and not text.isupper(), key  # bold, not capitals


def test_no_jargon_in_our_own_words():
    jargon = ("lesion", "posterior", "anterior", "retrorectal", "presacral", "sagittal",
              "axial", "caudal", "cranial", "neoplasm", "malignan")
    for key, text in english_prose():
        for word in jargon:
            assert word not in text.lower(), (key, word)
