"""The graphics view of the anatomy diagram: hover / click on structures, zoom, pan and fit.

* Hover highlights the structure under the pointer (true shape, see ``scene.AnatomyItem``) and
  shows "lay name (Medical name)" as a tooltip; a click selects it (``structureActivated``).
* Zoom: the wheel (around the pointer), pinch gestures (touch and trackpad), ``zoom_in`` /
  ``zoom_out``. Pan: drag with the middle button, with Space held, or drag the drawing with
  the left button where no annotation tool takes the press.
* Fit: ``fit()`` shows the whole drawing with its labels; while fitted the view re-fits
  whenever it is resized. Any zoom or pan leaves the fitted state until ``fit()``.

The annotation tools (another module) filter the viewport's mouse events first; whatever they
leave reaches this view.
"""

from __future__ import annotations

import math
from typing import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QTransform
from PySide6.QtWidgets import QFrame, QGraphicsView, QPinchGesture, QToolTip

from desktop_app.diagram.scene import AnatomyLayer

__all__ = ["DiagramView"]

ZOOM_STEP = 1.25
MIN_ZOOM = 0.5     # relative to the fitted scale
MAX_ZOOM = 12.0
DRAG_THRESHOLD = 4  # pixels before a press becomes a pan instead of a click


class DiagramView(QGraphicsView):
    structureHovered = Signal(str)     # "" when leaving every structure
    structureClicked = Signal(str)     # "" for a click on the background
    zoomChanged = Signal(float)        # scale relative to the fitted scale
    viewportChanged = Signal()         # zoomed, panned or resized: the visible part changed

    def __init__(self, scene, layer: AnatomyLayer, tooltip_for=None, parent=None):
        super().__init__(scene, parent)
        self.layer = layer
        self.tooltip_for = tooltip_for or (lambda sid: sid)
        self.setObjectName("diagram_view")
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # panning is by dragging; scroll bars would only take room from the drawing
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setBackgroundBrush(Qt.GlobalColor.white)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Anatomy diagram")
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.hovered: str | None = None
        self.tooltip_text = ""
        self.fitted = True
        self._fit_scale = 1.0
        self._press: QPoint | None = None
        self._panning = False
        self._pan_button: Qt.MouseButton | None = None
        self._last_pan = QPoint()
        self._space = False

    # ------------------------------------------------------------------ geometry
    def content_rect(self) -> QRectF:
        return self.layer.content_rect()

    def current_scale(self) -> float:
        t = self.transform()
        return math.sqrt(abs(t.m11() * t.m22() - t.m12() * t.m21())) or 1.0

    def zoom_factor(self) -> float:
        """The current scale relative to the fitted scale (1.0 when fitted)."""
        return self.current_scale() / self._fit_scale if self._fit_scale else 1.0

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    # (width, height) of the viewport -> (scale, scene rect the viewport shows), or None; the
    # pane plans the drawing and its labels together (model.label_layout.plan_fit)
    planner: Callable[[int, int], tuple[float, QRectF] | None] | None = None

    _fit_due = False

    def fit(self) -> None:
        if not self.isVisible():
            # not on screen yet (the window is being built) or hidden: its viewport has no
            # final size, so the plan would be thrown away; fitted when shown
            self._fit_due = True
            self.fitted = True
            return
        self._fit_due = False
        vp = self.viewport().rect()
        planned = self.planner(vp.width(), vp.height()) if self.planner is not None else None
        if planned is not None:
            # an exact transform from the plan: the same plan (both variants of a view share
            # one) puts every scene point on the same pixel
            scale, rect = planned
            self.setSceneRect(self._scroll_rect(rect))
            self.setTransform(QTransform.fromScale(scale, scale))
            self.centerOn(rect.center())
        else:
            rect = self.content_rect()
            if rect.isEmpty():
                return
            self.setSceneRect(self._scroll_rect(rect))
            self.fitInView(rect.adjusted(-6, -6, 6, 6), Qt.AspectRatioMode.KeepAspectRatio)
        self._fit_scale = self.current_scale()
        self.fitted = True
        self.zoomChanged.emit(1.0)
        self.viewportChanged.emit()

    def _scroll_rect(self, rect: QRectF) -> QRectF:
        # room to pan the drawing fully out of the way when zoomed in
        return rect.adjusted(-rect.width() * 0.5, -rect.height() * 0.5,
                             rect.width() * 0.5, rect.height() * 0.5)

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``factor`` x the fitted scale, keeping ``anchor`` (viewport px) in place."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        target = self._fit_scale * factor
        ratio = target / self.current_scale()
        if abs(ratio - 1.0) < 1e-9:
            return
        if anchor is None:
            anchor = QPointF(self.viewport().rect().center())
        before = self.mapToScene(anchor.toPoint())
        old_anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.scale(ratio, ratio)
        after = self.mapToScene(anchor.toPoint())
        delta = after - before
        self.translate(delta.x(), delta.y())
        self.setTransformationAnchor(old_anchor)
        self._keep_anchor(before, anchor)
        self.fitted = False
        self.zoomChanged.emit(self.zoom_factor())
        self.viewportChanged.emit()

    def _keep_anchor(self, scene_pt: QPointF, anchor: QPointF) -> None:
        now = self.mapFromScene(scene_pt)
        dx, dy = now.x() - anchor.x(), now.y() - anchor.y()
        if dx or dy:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + round(dx))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + round(dy))

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom_factor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom_factor() / ZOOM_STEP)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._fit_due:
            self.fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.fitted:
            self.fit()
        else:
            self.viewportChanged.emit()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt API
        super().scrollContentsBy(dx, dy)
        self.viewportChanged.emit()

    # ------------------------------------------------------------------ hover / click
    def structure_at_view(self, pos: QPoint | QPointF) -> str | None:
        p = pos.toPoint() if isinstance(pos, QPointF) else pos
        return self.layer.structure_at(self.mapToScene(p))

    def set_hovered(self, structure_id: str | None, global_pos: QPoint | None = None,
                    text: str = "") -> None:
        if structure_id == self.hovered:
            return
        self.hovered = structure_id
        self.layer.hover.show_path(self.layer.outline(structure_id))
        self.tooltip_text = text if structure_id else ""
        self.viewport().setToolTip(self.tooltip_text)
        if global_pos is not None:
            if self.tooltip_text:
                QToolTip.showText(global_pos, self.tooltip_text, self.viewport())
            else:
                QToolTip.hideText()
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if structure_id
                                  else Qt.CursorShape.ArrowCursor)
        self.structureHovered.emit(structure_id or "")

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._panning:
            delta = event.position().toPoint() - self._last_pan
            self._last_pan = event.position().toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            self.fitted = False
            event.accept()
            return
        if self._press is not None and self._pan_button is not None:
            if (event.position().toPoint() - self._press).manhattanLength() > DRAG_THRESHOLD:
                self._start_pan(self._press)
                self.mouseMoveEvent(event)
                return
        super().mouseMoveEvent(event)
        self.hover_at(event.position().toPoint(), event.globalPosition().toPoint())

    def hover_at(self, pos: QPoint, global_pos: QPoint | None = None) -> None:
        sid = self.structure_at_view(pos)
        self.set_hovered(sid, global_pos, self.tooltip_for(sid) if sid else "")

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().leaveEvent(event)
        self.set_hovered(None)

    def _start_pan(self, at: QPoint) -> None:
        self._panning = True
        self._last_pan = at
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        button = event.button()
        pos = event.position().toPoint()
        if button == Qt.MouseButton.MiddleButton or (
                button == Qt.MouseButton.LeftButton and self._space):
            self._pan_button = button
            self._start_pan(pos)
            event.accept()
            return
        super().mousePressEvent(event)
        if button == Qt.MouseButton.LeftButton and self.scene().mouseGrabberItem() is None:
            # no item took it: a click on the drawing, or the start of a pan
            self._press = pos
            self._pan_button = button
            event.accept()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._panning:
            self._panning = False
            self._press = None
            self._pan_button = None
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._space
                                      else Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        pressed = self._press
        self._press = None
        self._pan_button = None
        super().mouseReleaseEvent(event)
        if pressed is not None and event.button() == Qt.MouseButton.LeftButton:
            sid = self.structure_at_view(event.position().toPoint())
            self.structureClicked.emit(sid or "")

    # ------------------------------------------------------------------ zoom input
    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            super().wheelEvent(event)    # Shift+wheel scrolls sideways, as usual
            return
        steps = event.angleDelta().y() / 120.0
        if not steps:
            steps = event.pixelDelta().y() / 60.0
        if not steps:
            return
        self.set_zoom(self.zoom_factor() * (ZOOM_STEP ** (steps * 0.6)), event.position())
        event.accept()

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt API
        t = event.type()
        if t == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                flags = pinch.changeFlags()
                if flags & QPinchGesture.ChangeFlag.ScaleFactorChanged:
                    centre = self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
                    self.set_zoom(self.zoom_factor() * pinch.scaleFactor(), QPointF(centre))
                event.accept()
                return True
        if t == QEvent.Type.NativeGesture and \
                event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
            self.set_zoom(self.zoom_factor() * (1.0 + event.value()), event.position())
            event.accept()
            return True
        return super().viewportEvent(event)

    # ------------------------------------------------------------------ keys
    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            if not self._panning:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._space = False
        super().focusOutEvent(event)

    # ------------------------------------------------------------------ testing helpers
    def point_for(self, scene_pt: QPointF) -> QPoint:
        """Viewport coordinates of a scene point (for qtbot mouse events)."""
        return self.mapFromScene(scene_pt)
