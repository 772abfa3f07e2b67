"""One series of a patient's scan, slice by slice: wheel / arrow keys to step, Ctrl+wheel or
+/- to zoom, window/level kept while stepping.

Slices are decoded on demand through :func:`model.images.import_image` (the same decoding, and
the same refusals, as a single imported file) and the last few are kept in memory only.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsView

from desktop_app.model import images as image_model
from desktop_app.model.consultation import KeyImage
from desktop_app.model.scans import Series, Slice

CACHE_SLICES = 8        # decoded slices kept (a 512² slice is 0.5 MB)
NOTCH = 120             # QWheelEvent.angleDelta of one wheel notch
STEP_KEYS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1,
             Qt.Key.Key_PageUp: -10, Qt.Key.Key_PageDown: 10}


class SeriesView(QGraphicsView):
    index_changed = Signal(int)
    window_changed = Signal(float, float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("series_view")
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(QColor("#111111"))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self._item)
        self.series: Series | None = None
        self.index = 0
        self.problem = ""              # why the current slice is not shown, or ""
        self._cache: OrderedDict[tuple[str, int, tuple[int, int] | None], KeyImage | str] = \
            OrderedDict()
        self._window: tuple[float, float] | None = None   # None: each slice's own default
        self._user_zoom = False        # after the user zooms, stepping keeps that zoom
        self._wheel = 0                # parts of a wheel notch not yet turned into a step

    # ---------------------------------------------------------------------------- series
    def set_series(self, series: Series | None) -> None:
        self.series = series
        self._window = None
        self._user_zoom = False
        self.index = -1
        if series is not None and series.count:
            self.set_index(series.count // 2)
        else:
            self._item.setPixmap(QPixmap())

    @property
    def count(self) -> int:
        return self.series.count if self.series is not None else 0

    def current_slice(self) -> Slice | None:
        return self.series.slices[self.index] if self.series and 0 <= self.index < self.count \
            else None

    def current_image(self) -> KeyImage | None:
        piece = self.current_slice()
        if piece is None:
            return None
        image = self._load(piece)
        return image if isinstance(image, KeyImage) else None

    def set_index(self, index: int) -> None:
        if not self.count:
            return
        index = max(0, min(self.count - 1, index))
        if index == self.index:
            return
        self.index = index
        self._show()
        self.index_changed.emit(index)

    def step(self, delta: int) -> None:
        self.set_index(self.index + delta)

    # ------------------------------------------------------------------------ window/level
    def current_window(self) -> tuple[float, float] | None:
        """(centre, width) the slices are shown through; None for colour pictures."""
        image = self.current_image()
        if image is None or not image.is_dicom:
            return None
        if self._window is not None:
            return self._window
        if image.window_center is None or image.window_width is None:
            return None
        return image.window_center, image.window_width

    def set_window(self, center: float, width: float) -> None:
        self._window = (float(center), max(1.0, float(width)))
        self._show()
        self.window_changed.emit(*self._window)

    def apply_preset(self, name: str) -> None:
        image = self.current_image()
        if image is not None and image.is_dicom:
            self.set_window(*image_model.preset(image, name))

    # ------------------------------------------------------------------------------ zoom
    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        new = max(0.05, min(40.0, self.zoom() * factor))
        self._user_zoom = True
        self.scale(new / self.zoom(), new / self.zoom())

    def fit(self) -> None:
        if not self._item.pixmap().isNull():
            self.fitInView(self._item, Qt.AspectRatioMode.KeepAspectRatio)

    # --------------------------------------------------------------------------- drawing
    def _load(self, piece: Slice) -> KeyImage | str:
        key = (piece.path, piece.frame, piece.tile)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        try:
            image: KeyImage | str = image_model.import_image(piece.path, frame=piece.frame,
                                                             tile=piece.tile)
        except image_model.ImageError as exc:
            image = str(exc)
        self._cache[key] = image
        while len(self._cache) > CACHE_SLICES:
            self._cache.popitem(last=False)
        return image

    def _show(self) -> None:
        piece = self.current_slice()
        if piece is None:
            return
        image = self._load(piece)
        if isinstance(image, str):
            self.problem = image
            self._item.setPixmap(QPixmap())
            self.viewport().update()
            return
        self.problem = ""
        from desktop_app.diagram.image_view import qimage_for

        center, width = self._window if (self._window and image.is_dicom) else (None, None)
        self._item.setPixmap(QPixmap.fromImage(qimage_for(image, center, width)))
        self.scene().setSceneRect(QRectF(0, 0, image.width, image.height))
        if not self._user_zoom:
            self.fit()

    def drawForeground(self, painter: QPainter,  # noqa: N802 - Qt API
                       rect: QRectF | QRect) -> None:
        if not self.problem and self.count:
            painter.save()
            painter.resetTransform()
            painter.setPen(QColor("#f0f0f0"))
            painter.drawText(self.viewport().rect().adjusted(8, 6, -8, -6),
                             Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
                             f"{self.index + 1} / {self.count}")
            painter.restore()
        elif self.problem:
            painter.save()
            painter.resetTransform()
            painter.setPen(QColor("#ffd27f"))
            painter.drawText(self.viewport().rect().adjusted(20, 20, -20, -20),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.problem)
            painter.restore()

    # ---------------------------------------------------------------------------- input
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if not self._user_zoom:
            self.fit()

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt API
        """One slice (or zoom step) a wheel notch (120 eighths of a degree). A touchpad or
        high-resolution wheel sends parts of a notch: they add up until a whole notch."""
        self._wheel += event.angleDelta().y()
        steps = int(self._wheel / NOTCH)          # towards zero, for either direction
        self._wheel -= steps * NOTCH
        if steps:
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.zoom_by(1.25 ** steps)
            else:
                self.step(-steps)            # wheel towards you: next slice
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        key = event.key()
        if key in STEP_KEYS:
            self.step(STEP_KEYS[key])
        elif key == Qt.Key.Key_Home:
            self.set_index(0)
        elif key == Qt.Key.Key_End:
            self.set_index(self.count - 1)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        else:
            super().keyPressEvent(event)
            return
        event.accept()
