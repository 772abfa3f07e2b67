"""Logging that cannot leak patient data.

Every log record passes through :class:`RedactingFilter`, the one place that enforces the
rule: the strings registered as sensitive (patient name, date of birth, record number,
notes, ...) are replaced by ``[redacted]`` before any handler sees the record — including
exception tracebacks, whose messages could quote a field value.
"""

from __future__ import annotations

import logging
import threading

_lock = threading.Lock()
_sensitive: set[str] = set()
REDACTED = "[redacted]"


def set_sensitive(values) -> None:
    """Replace the set of strings that must never be logged (called on every model change)."""
    cleaned = {v for v in values if isinstance(v, str) and len(v.strip()) >= 3}
    with _lock:
        _sensitive.clear()
        _sensitive.update(cleaned)
        for v in list(cleaned):  # a name also shows up word by word ("Doe, Jane")
            _sensitive.update(w for w in v.replace(",", " ").split() if len(w) >= 4)


def redact(text: str) -> str:
    with _lock:
        values = sorted(_sensitive, key=len, reverse=True)
    for v in values:
        if v in text:
            text = text.replace(v, REDACTED)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            formatter = logging.Formatter()
            message = message + "\n" + formatter.formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        if record.stack_info:
            message += "\n" + record.stack_info
            record.stack_info = None
        record.msg = redact(message)
        record.args = None
        return True
