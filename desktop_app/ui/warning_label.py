"""A warning to the surgeon above the explanations, never a block: a label that follows every
change of the visit's ticks and marks and shows ``text_for(consultation)`` while it is not
empty (the biopsy and plan warnings)."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QLabel

from desktop_app.document import Change
from desktop_app.ui import theme

WATCHED = (Change.CHECKLIST, Change.ANNOTATIONS, Change.ALL)


def install_warning(window: Any, name: str, accessible: str,
                    text_for: Callable[[Any], str]) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(theme.safety_css())
    label.setAccessibleName(accessible)
    label.setVisible(False)

    def update(kind: object = Change.ALL) -> None:
        if kind not in WATCHED:
            return
        text = text_for(window.document.consultation)
        label.setText(text)
        label.setAccessibleDescription(text)
        label.setVisible(bool(text))

    window.document.changed.connect(update)
    update()
    window.tabs.parentWidget().layout().insertWidget(0, label)
    setattr(window, name, label)
    return label
