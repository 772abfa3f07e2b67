"""Mouse gestures on a QGraphicsView, in scene units: real press / move / release events on
the viewport, as a user's hand makes them (the GUI tests drive the views the same way)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsView

LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier


class Hand:
    def __init__(self, view: QGraphicsView):
        self.view = view
        self.vp = view.viewport()

    def at(self, x: float, y: float):
        return self.view.mapFromScene(QPointF(x, y))

    def move(self, x: float, y: float) -> None:
        pos = self.at(x, y)
        QApplication.sendEvent(self.vp, QMouseEvent(
            QEvent.Type.MouseMove, QPointF(pos), QPointF(self.vp.mapToGlobal(pos)),
            Qt.MouseButton.NoButton, LEFT, NOMOD))

    def path(self, points, release: bool = True) -> None:
        QTest.mousePress(self.vp, LEFT, NOMOD, self.at(*points[0]))
        for p in points[1:]:
            self.move(*p)
        if release:
            QTest.mouseRelease(self.vp, LEFT, NOMOD, self.at(*points[-1]))

    def drag(self, a, b, steps: int = 8) -> None:
        self.path([(a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps)
                   for i in range(steps + 1)])

    def click(self, x: float, y: float) -> None:
        QTest.mouseClick(self.vp, LEFT, NOMOD, self.at(x, y))
