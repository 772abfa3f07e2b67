"""The one rule for text on labels: plain text unless a label says otherwise.

Qt's default (``Qt.AutoText``) renders a label's text as HTML whenever it *looks* like HTML,
so a reviewer's name, a patient name read from a CD, a file name in a message or a clinic
value such as ``<font color=#fff>`` would be drawn as markup: a big green "Approved by ...",
struck-through names, text hidden by ``<!--``. An application-wide filter turns every label
still on ``AutoText`` into ``Qt.PlainText`` before it is first shown (Qt polishes every
widget before showing it, message boxes' labels included). A label that needs markup says
so with ``setTextFormat(Qt.RichText)`` and escapes every text it did not write itself
(``html.escape``); tests/gui/test_plain_text.py walks every label to hold this.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel


class _PlainLabels(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Polish and isinstance(watched, QLabel) \
                and watched.textFormat() == Qt.TextFormat.AutoText:
            watched.setTextFormat(Qt.TextFormat.PlainText)
        return False


_FILTER: list[_PlainLabels] = []


def install(app: QApplication | None = None) -> None:
    """Make every label of the application plain text unless it asks for rich text (once
    per application; later calls do nothing)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None or _FILTER:
        return
    plain = _PlainLabels(app)
    app.installEventFilter(plain)
    _FILTER.append(plain)


def rich(label: QLabel) -> QLabel:
    """``label`` set to render HTML: its text must escape everything it did not write."""
    label.setTextFormat(Qt.TextFormat.RichText)
    return label
