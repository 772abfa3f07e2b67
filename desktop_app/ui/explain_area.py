"""The strip under the drawing that explains the part the surgeon clicked.

Its height never changes: a long explanation scrolls inside it rather than pushing the drawing
up while the surgeon points at it. "Read more" has its own place on the top row, so it stays in
view however narrow the column is and however long the explanation.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy,
                               QVBoxLayout, QWidget)

from desktop_app.ui import theme

LINES = 4          # lines of explanation in view at once


class ExplainArea(QWidget):
    """``top`` is a row for the part chooser (added by the keyboard module) and "Read more";
    ``info`` holds the explanation."""

    linkActivated = Signal(str)      # an item id ("Read more")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("explain_area")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 4)
        outer.setSpacing(2)
        self.top = QHBoxLayout()
        self.top.setContentsMargins(0, 0, 8, 0)
        self.read_more = QLabel()
        self.read_more.setObjectName("read_more")
        self.read_more.setTextFormat(Qt.TextFormat.RichText)
        self.read_more.linkActivated.connect(self.linkActivated)
        self.read_more.setAccessibleName("Read more about this part")
        self.top.addStretch(0)
        self.top.addWidget(self.read_more)
        outer.addLayout(self.top)

        self.info = QLabel()
        self.info.setObjectName("structure_info")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setContentsMargins(10, 2, 10, 2)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.info.setAccessibleName("Explanation of the selected part of the drawing")
        self.info.linkActivated.connect(self.linkActivated)
        self.text_scroll = QScrollArea()
        self.text_scroll.setObjectName("explain_scroll")
        self.text_scroll.setWidgetResizable(True)
        self.text_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.text_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text_scroll.setWidget(self.info)
        self.text_scroll.setFixedHeight(LINES * self.fontMetrics().lineSpacing() + 12)
        outer.addWidget(self.text_scroll)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.clear()

    def add_to_top(self, widget: QWidget) -> None:
        """Put a widget (the part chooser) at the start of the top row."""
        self.top.insertWidget(0, widget, 1)

    def clear(self) -> None:
        self.info.setText(f"<span style='color:{theme.muted()}'>Click a part of the drawing to "
                          "explain it.</span>")
        self.read_more.setText("")

    def show_part(self, name: str, medical: str, description: str,
                  item_id: str = "", item_title: str = "") -> None:
        """The part's lay name, medical name (left out when it is the lay name, as for
        "Rectum") and description; a "Read more" link to the explanation of its topic when
        there is one."""
        also = "" if medical.strip().casefold() == name.strip().casefold() else (
            f"<span style='color:{theme.muted()}'>({html.escape(medical)})</span>")
        self.info.setText(
            f"<b style='font-size:15px'>{html.escape(name)}</b> {also}"
            f"<p style='margin-top:4px'>{html.escape(description)}</p>")
        self.text_scroll.verticalScrollBar().setValue(0)
        if item_id:
            self.read_more.setText(f"<a href='{html.escape(item_id)}' style='color:"
                                   f"{theme.link()}'>Read more ›</a>")
            self.read_more.setToolTip(f"Read more: {item_title}")
        else:
            self.read_more.setText("")
            self.read_more.setToolTip("")
