"""The disclaimer, always on screen under the explanations, in the patient's language.

Built into the app (:mod:`desktop_app.model.notices`), so it is there whatever content folder
a clinic uses; it follows the consultation's language as soon as that changes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop_app.model.notices import disclaimer
from desktop_app.ui import theme


def install_disclaimer(window) -> QLabel:
    label = QLabel()
    label.setObjectName("disclaimer_banner")
    label.setWordWrap(True)
    label.setMargin(6)
    label.setStyleSheet(f"color:{theme.muted()}; font-size:11px;")
    label.setAccessibleName("Disclaimer")

    def update(kind: str = "all") -> None:
        if kind in ("fields", "all"):
            label.setText(disclaimer(window.document.consultation.language or "en"))

    window.document.changed.connect(update)
    update()
    window.tabs.parentWidget().layout().addWidget(label)
    window.disclaimer_banner = label
    return label
