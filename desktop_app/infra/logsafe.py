"""Logging that cannot leak patient data.

Every log record passes through :class:`RedactingFilter`, the one place that enforces the
rule: the strings registered as sensitive (patient name, date of birth, record number,
notes, mark labels, the consultation's file name, ...) are replaced by ``[redacted]`` before
any handler sees the record — including exception tracebacks, whose messages could quote a
field value.

The first line of defence is still that the code never logs values (messages name fields
and kinds of failure); this filter is the net under it.

Matching is case-insensitive and also catches the forms a value takes inside a traceback
or a JSON dump: ``repr`` escapes (``\\n``), ASCII ``\\u`` escapes, each line of a multi-line
note and each word (4+ characters) of a name. Values are kept per *owner* (one bucket per
open consultation, so a second window cannot un-register the first one's patient); the
bucket without an owner is the one :class:`~desktop_app.document.Document` refreshes on
every change.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from typing import Hashable, Iterable

REDACTED = "[redacted]"
MIN_LEN = 3          # shorter values ("Li", "12") would redact half of every log line
MIN_WORD_LEN = 4     # single words of a name / record number
MAX_NAME_WORDS = 4   # values this short are also redacted word by word

_lock = threading.Lock()
_buckets: dict[Hashable, frozenset[str]] = {}
_pattern: re.Pattern[str] | None = None
_pattern_stale = True


def _variants(value: str) -> set[str]:
    """The spellings of one value that can show up in a log line or traceback."""
    value = value.strip()
    out: set[str] = set()
    if len(value) < MIN_LEN:
        return out
    forms = {value, repr(value)[1:-1], json.dumps(value)[1:-1],
             json.dumps(value, ensure_ascii=False)[1:-1]}
    for form in forms:
        if len(form) >= MIN_LEN:
            out.add(form)
    for line in value.splitlines():  # one line of a note quoted in an error
        line = line.strip()
        if len(line) >= MIN_LEN:
            out.add(line)
            out.add(json.dumps(line)[1:-1])
    words = [w for w in re.split(r"[\s,;/-]+", value) if w]
    if "\n" not in value and len(words) <= MAX_NAME_WORDS:  # a name, word by word ("Doe, Jane")
        for word in words:
            if len(word) >= MIN_WORD_LEN:
                out.add(word)
                out.add(json.dumps(word)[1:-1])
    return out


def set_sensitive(values: Iterable[str], owner: Hashable = None) -> None:
    """Replace the strings of one owner that must never be logged.

    ``owner=None`` is the bucket the Document refreshes on every change; windows register
    their own consultation under their own owner key so several can be open at once.
    """
    cleaned = frozenset(v for v in values if isinstance(v, str) and len(v.strip()) >= MIN_LEN)
    global _pattern_stale
    with _lock:
        if _buckets.get(owner) == cleaned:
            return
        if cleaned:
            _buckets[owner] = cleaned
        else:
            _buckets.pop(owner, None)
        _pattern_stale = True


def clear(owner: Hashable = None) -> None:
    set_sensitive((), owner)


def _compiled() -> re.Pattern[str] | None:
    global _pattern, _pattern_stale
    with _lock:
        if _pattern_stale:
            forms: set[str] = set()
            for values in _buckets.values():
                for v in values:
                    forms |= _variants(v)
            ordered = sorted(forms, key=len, reverse=True)  # longest first
            _pattern = (re.compile("|".join(re.escape(f) for f in ordered), re.IGNORECASE)
                        if ordered else None)
            _pattern_stale = False
        return _pattern


def redact(text: str) -> str:
    pattern = _compiled()
    if pattern is None or not text:
        return text
    return pattern.sub(REDACTED, text)


def contains_sensitive(text: str) -> bool:
    pattern = _compiled()
    return bool(pattern and text and pattern.search(text))


class RedactingFilter(logging.Filter):
    """Attach to every handler that writes somewhere (file, console)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not break logging, nor leak args
            message = f"{record.msg!s} [unformattable arguments]"
        if record.exc_info:
            formatter = logging.Formatter()
            message = message + "\n" + formatter.formatException(record.exc_info)
            record.exc_info = None
        elif record.exc_text:
            message = message + "\n" + record.exc_text
        record.exc_text = None
        if record.stack_info:
            message += "\n" + record.stack_info
            record.stack_info = None
        record.msg = redact(message)
        record.args = None
        return True
