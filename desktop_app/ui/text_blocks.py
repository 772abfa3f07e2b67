"""Content text (paragraphs split by blank lines, lists written as "- " lines) as simple rich
text, for every screen that shows an item's body: a card, the patient's screen, the review.

One function, so a list reads as a list wherever it is shown (written as one paragraph, the
emergency signs ran together with literal hyphens).
"""

from __future__ import annotations

import html
from typing import Callable

BULLETS = ("- ", "* ", "• ")
LIST_STYLE = "margin-top:2px; margin-bottom:4px; -qt-list-indent:1"


def _plain(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=False)


def _bullet(line: str) -> str | None:
    """The text of a list line ("- text"), or None for an ordinary line."""
    stripped = line.lstrip()
    for mark in BULLETS:
        if stripped.startswith(mark):
            return stripped[len(mark):]
    return None


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """The text as ("p", [paragraph]) and ("ul", [item, ...]) blocks, in order. A line that
    is not a list line, right under one, continues that list item (a wrapped line)."""
    out: list[tuple[str, list[str]]] = []
    for para in text.split("\n\n"):
        lines = [ln for ln in para.split("\n") if ln.strip()]
        words: list[str] = []
        items: list[str] | None = None
        for line in lines:
            bullet = _bullet(line)
            if bullet is not None:
                if words:
                    out.append(("p", [" ".join(words)]))
                    words = []
                if items is None:
                    items = []
                    out.append(("ul", items))
                items.append(bullet)
            elif items is not None and line[:1].isspace():
                items[-1] += " " + line.strip()
            else:
                items = None
                words.append(line.strip())
        if words:
            out.append(("p", [" ".join(words)]))
    return out


def blocks_html(text: str, line: Callable[[str], str] = _plain) -> str:
    """``text`` as <p> paragraphs and <ul> lists; ``line`` turns one paragraph or list item
    into escaped HTML (and may fill in the clinic's numbers)."""
    parts = []
    for kind, texts in blocks(text):
        if kind == "p":
            parts.append(f"<p>{line(texts[0])}</p>")
        else:
            rows = "".join(f"<li>{line(t)}</li>" for t in texts)
            parts.append(f"<ul style='{LIST_STYLE}'>{rows}</ul>")
    return "".join(parts)
