"""The one rule for text on labels: plain text unless a label says otherwise.

Qt's default (``Qt.AutoText``) renders a label's text as HTML whenever it *looks* like HTML,
so a reviewer's name, a patient name read from a CD, a file name in a message or a clinic
value such as ``<font color=#fff>`` would be drawn as markup: a big green "Approved by ...",
struck-through names, text hidden by ``<!--``. An application-wide filter turns every label
still on ``AutoText`` into ``Qt.PlainText`` before it is first shown: the application's
style does it in ``polish``, which Qt calls once for every widget before it is first shown
(message boxes' labels included; style sheets pass it on to the application's style). An
application-wide event filter did the same but saw every event of every object in Python
(~4,000 before the main window was up: ~30 ms of CPU at start). A label that needs markup says
so with ``setTextFormat(Qt.RichText)`` and escapes every text it did not write itself
(``html.escape``); tests/gui/test_plain_text.py walks every label to hold this.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QProxyStyle


class _PlainLabels(QProxyStyle):
    """The platform's own style, with labels made plain text as they are polished."""

    def polish(self, target):  # one override for the three overloads of Qt
        if isinstance(target, QLabel) and target.textFormat() == Qt.TextFormat.AutoText:
            target.setTextFormat(Qt.TextFormat.PlainText)
        return super().polish(target)


_STYLE: list[_PlainLabels] = []


def install(app: QApplication | None = None) -> None:
    """Make every label of the application plain text unless it asks for rich text (once
    per application; later calls do nothing)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None or (_STYLE and app.style() is _STYLE[0]):
        return
    style = _PlainLabels()      # wraps the platform's default style
    app.setStyle(style)         # the application owns it from here
    _STYLE[:] = [style]


def rich(label: QLabel) -> QLabel:
    """``label`` set to render HTML: its text must escape everything it did not write."""
    label.setTextFormat(Qt.TextFormat.RichText)
    return label
