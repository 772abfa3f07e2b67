"""Which glossary words the summary prints: only terms that appear in its own text.

A term matches as whole words, case-insensitively, also as a plural (-s / -es); a title with a
bracketed abbreviation ("Magnetic resonance imaging (MRI)") also matches either part, and an
alias only when it is a form of the title's word ("sacral" for "Sacrum"), not a lay word.
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
    terms = [title]
    # "Magnetic resonance imaging (MRI)": the words before and inside the brackets count too
    m = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", title)
    if m:
        terms += [m.group(1), m.group(2)]
    # an alias counts when its first word is a form of the word explained ("rectal" for "Rectum",
    # "tumors" for "Tumor"), never a plain word that needs no explaining ("tailbone"
    # for "Coccyx", "cancer" for "Malignant"): the list holds the words the summary uses
    heads = {_term_words(t)[0] for t in terms if _term_words(t)}
    terms += [a for a in aliases
              if _term_words(a) and any(_same_word(_term_words(a)[0], h) for h in heads)]
    return tuple(dict.fromkeys(t.strip() for t in terms if t and len(t.strip()) >= 2))


def _same_word(a: str, b: str) -> bool:
    """Two forms of one word: equal, or the same first four letters ("sacral", "sacrum")."""
    return a == b or (len(a) >= 4 and len(b) >= 4 and a[:4] == b[:4])


def find_glossary_items(items: Iterable[Any], text: str) -> list[Any]:
    """Glossary items whose title or an alias appears in ``text`` as whole words."""
    index = WordIndex(text)
    return [item for item in items if any(index.contains(t) for t in glossary_terms_for(item))]
