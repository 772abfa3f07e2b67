"""The one rule for text that comes in (typed, read from a file, from the clinic config or
the sign-off record): no invisible bidirectional controls.

Explicit embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069) and the
direction marks (U+200E, U+200F, U+061C) change the order in which characters are *shown*,
and Qt applies them while the PDF does not: "Stop your aspirin 10 days" on the screen became
"01 days" in the PDF. Removing them at input means the screen and the PDF show the same
characters in the same order. Real right-to-left letters (Arabic, Hebrew) are kept: their
direction comes from the letters themselves (the Unicode bidi algorithm on screen,
:mod:`desktop_app.export.scripts` in the PDF).
"""

from __future__ import annotations

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                          "\u200e\u200f\u061c")
_TABLE = {ord(c): None for c in BIDI_CONTROLS}


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters (fast for plain text)."""
    if text.isascii():
        return text
    return text.translate(_TABLE)


def has_bidi(text: str) -> bool:
    return not text.isascii() and any(c in BIDI_CONTROLS for c in text)
