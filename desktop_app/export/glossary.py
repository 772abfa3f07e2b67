"""Which glossary words the summary prints: only terms that appear in its own text.

A term matches as whole words, case-insensitively, also as a plural (-s / -es); a title with a
bracketed abbreviation ("Magnetic resonance imaging (MRI)") also matches either part.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Iterable

_WORD = re.compile(r"\w+")


class WordIndex:
    """Whole-word, case-insensitive lookup of terms in a text (a plural -s / -es counts).

    Same matching as the regex ``(?<!\\w)term(?:e?s)?(?!\\w)`` but one pass over the text
    for all terms, instead of one regex search of the whole text per term.
    """

    def __init__(self, text: str):
        self.tokens = _WORD.findall(text.casefold())
        self.where: dict[str, list[int]] = {}
        for i, tok in enumerate(self.tokens):
            self.where.setdefault(tok, []).append(i)

    def _last_ok(self, token: str, expected: str) -> bool:
        return token in (expected, expected + "s", expected + "es")

    def contains(self, term: str) -> bool:
        """True if ``term`` appears in the text as whole words (its last word maybe plural)."""
        words = list(_term_words(term))
        if not words:
            return False
        if len(words) == 1:
            w = words[0]
            return any(v in self.where for v in (w, w + "s", w + "es"))
        tokens = self.tokens
        n = len(words)
        for i in self.where.get(words[0], ()):
            if i + n <= len(tokens) and tokens[i + 1:i + n - 1] == words[1:-1] \
                    and self._last_ok(tokens[i + n - 1], words[-1]):
                return True
        return False


@functools.lru_cache(maxsize=4096)
def _term_words(term: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(term.casefold()))


def glossary_terms_for(item: Any) -> list[str]:
    """The words that find a glossary ``item``: its title, its aliases and their parts."""
    return list(_glossary_terms(item.title, tuple(getattr(item, "aliases", ()))))


@functools.lru_cache(maxsize=4096)
def _glossary_terms(title: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    """The content library's glossary is the same for every export: its terms once."""
    terms = [title, *aliases]
    # "Magnetic resonance imaging (MRI)": the words before and inside the brackets count too
    for t in list(terms):
        m = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", t)
        if m:
            terms += [m.group(1), m.group(2)]
    return tuple(t.strip() for t in terms if t and len(t.strip()) >= 2)


def find_glossary_items(items: Iterable[Any], text: str) -> list[Any]:
    """Glossary items whose title or an alias appears in ``text`` as whole words."""
    index = WordIndex(text)
    return [item for item in items if any(index.contains(t) for t in glossary_terms_for(item))]
