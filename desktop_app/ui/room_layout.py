"""The drawing keeps its width while panels come and go.

The main window's central splitter holds the drawing (left) and the explanations (right).
A plain QSplitter shares any change of its width between both sides, so opening the lesion
panel (a dock, which narrows the central area) took a quarter of the drawing's width and its
toolbar lost its labels. Here the drawing's width is a share of the *window's* width: a dock
that opens or closes changes only the explanations' width, resizing the window scales both,
and dragging the handle sets a new share (remembered for the next start).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QSplitter, QWidget

DEFAULT_SHARE = 0.47    # of the window's width, for the drawing (the largest thing on screen)
MIN_SHARE, MAX_SHARE = 0.3, 0.75
KEY = "window/drawing_share"


class DrawingFirstSplitter(QSplitter):
    """A horizontal splitter whose first widget's width is ``share`` × the window's width
    (within what the second widget needs at least)."""

    def __init__(self, parent: QWidget | None = None, name: str = ""):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName(name)
        self.share = _stored_share()
        self._placing = False
        self.splitterMoved.connect(self._moved)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.place()

    def place(self) -> None:
        """Put the handle where the share says."""
        drawing, other = self.widget(0), self.widget(1)
        if drawing is None or other is None or self.width() <= 0:
            return
        total = self.width() - self.handleWidth()
        left_min = drawing.minimumSizeHint().width()
        right_min = max(other.minimumSizeHint().width(), other.minimumWidth())
        left = round(self.share * self.window().width())
        left = max(left_min, min(left, total - right_min))
        if self.sizes()[:2] != [left, total - left]:
            self._placing = True
            try:
                self.setSizes([left, total - left])
            finally:
                self._placing = False

    def _moved(self, _pos: int, _index: int) -> None:
        if self._placing or self.window().width() <= 0:
            return
        share = self.sizes()[0] / self.window().width()
        self.share = min(MAX_SHARE, max(MIN_SHARE, share))
        QSettings().setValue(KEY, self.share)


def _stored_share() -> float:
    value = QSettings().value(KEY, DEFAULT_SHARE)
    try:
        share = float(value) if isinstance(value, (int, float, str)) else DEFAULT_SHARE
    except ValueError:
        return DEFAULT_SHARE
    return DEFAULT_SHARE if math.isnan(share) else min(MAX_SHARE, max(MIN_SHARE, share))
