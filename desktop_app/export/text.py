"""Plain text from the visit and the content library made safe and tidy for the PDF."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from desktop_app.export.fonts import printable

BULLET_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
"""A line that starts a bullet in content text: "- ", "* ", "• ", "1. ", "2) "."""


def one_line(text: str) -> str:
    """Printable text on one line (names, labels and config values never break a layout)."""
    return " ".join(printable(text).split())


def esc(text: str) -> str:
    """Text escaped for reportlab's paragraph markup: patient words are never markup."""
    return escape(text, {'"': "&quot;"})


def paragraphs(text: str) -> list[str]:
    """Split on blank lines; single newlines inside a paragraph stay as line breaks."""
    out = []
    for block in re.split(r"\n\s*\n", printable(text or "")):
        lines = [ln.strip() for ln in block.strip().splitlines()]
        if any(lines):
            out.append("\n".join(ln for ln in lines if ln))
    return out
