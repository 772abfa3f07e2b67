"""A key image on screen: the picture to show (DICOM through its window) and the view that
zooms, pans, fits and draws the scale bar of a measured scan. Scene coordinates are the image's
pixel coordinates, so the diagram's marks and tools work unchanged on it."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QImage, QImageReader, QPainter, QPen,
                           QTransform)
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from desktop_app.diagram.screen_units import follow_zoom
from desktop_app.model import images as image_model
from desktop_app.model.consultation import KeyImage


def qimage_for(image: KeyImage, center: float | None = None,
               width: float | None = None) -> QImage:
    """The picture to show: DICOM through its window, PNG/JPEG as stored. Null if unreadable."""
    if image.is_dicom:
        grey = image_model.render_gray(image, center, width)
        return QImage(grey, image.width, image.height, image.width,
                      QImage.Format.Format_Grayscale8).copy()
    buffer = QBuffer()          # kept alive (a local) while the reader uses it
    buffer.setData(QByteArray(image.data))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    if reader.size() != QSize(image.width, image.height):   # header first: no bombs
        return QImage()
    picture = reader.read()
    buffer.close()
    return picture


class ImageView(QGraphicsView):
    """Zoom (wheel, keys), pan (drag the background, middle button) and fit."""

    MIN_ZOOM, MAX_ZOOM = 0.05, 40.0

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None):
        super().__init__(scene, parent)
        self.setObjectName("image_view")
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#3A3A3A"))   # the image's own black edges stay visible
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("The patient's image")
        self._fitted = True
        self.mm_per_px: float | None = None     # horizontal pixel spacing; None: no scale bar
        # the scale bar is drawn in viewport coordinates: a scroll must repaint, not shift it
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)

    # ------------------------------------------------------------------ scale bar
    SCALE_MARGIN = 12

    def set_spacing(self, mm_per_px: float | None) -> None:
        self.mm_per_px = mm_per_px
        self.viewport().update()

    min_bar_px = 40      # 1 cm when it is at least this long on screen, else 5 cm

    def scale_bar(self) -> tuple[int, float] | None:
        """(centimetres, length in screen pixels) of the scale bar, or None without one:
        1 cm when that is at least ``min_bar_px`` screen pixels long, else 5 cm."""
        if not self.mm_per_px or self.zoom() <= 0:
            return None
        px_per_cm = self.zoom() * 10.0 / self.mm_per_px
        cm = 1 if px_per_cm >= self.min_bar_px else 5
        return cm, cm * px_per_cm

    def scale_bar_rect(self) -> QRectF:
        """Where the bar and its label sit: the bottom-left corner of the view."""
        bar = self.scale_bar()
        if bar is None:
            return QRectF()
        text_h = self.fontMetrics().height()
        height = text_h + 16
        width = max(bar[1], self._label_width(bar[0])) + 20
        return QRectF(self.SCALE_MARGIN, self.viewport().height() - self.SCALE_MARGIN - height,
                      width, height)

    def _label_width(self, cm: int) -> float:
        """The "1 cm" label's width: the box holds it whatever the font (large in the
        patient's window)."""
        font = QFont(self.font())
        font.setBold(True)
        return QFontMetricsF(font).horizontalAdvance(f"{cm} cm") + 2

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802 - Qt API
        super().drawForeground(painter, rect)
        bar = self.scale_bar()
        if bar is None:
            return
        cm, length = bar
        box = self.scale_bar_rect()
        painter.save()
        painter.setWorldTransform(QTransform())       # viewport pixels from here
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 150))
        painter.drawRoundedRect(box, 4, 4)
        x0, x1 = box.left() + 10, box.left() + 10 + length
        y = box.bottom() - 7
        pen = QPen(QColor("#FFFFFF"), 3)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawLine(QPointF(x0, y), QPointF(x1, y))
        painter.drawLine(QPointF(x0, y - 5), QPointF(x0, y + 3))
        painter.drawLine(QPointF(x1, y - 5), QPointF(x1, y + 3))
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(x0, box.top() + 2, max(length, self._label_width(cm)),
                                y - box.top() - 6),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                         f"{cm} cm")
        painter.restore()

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(self.MIN_ZOOM, min(self.MAX_ZOOM, factor))
        current = self.zoom() or 1.0
        self.scale(factor / current, factor / current)
        self._fitted = False
        follow_zoom(self)

    def fit(self) -> None:
        rect = self.sceneRect()
        if rect.width() > 0 and rect.height() > 0:
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self._fitted = True
        follow_zoom(self)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self._fitted:
            self.fit()

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt API
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.set_zoom(self.zoom() * (1.15 ** steps))
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.set_zoom(self.zoom() * 1.25)
        elif key == Qt.Key.Key_Minus:
            self.set_zoom(self.zoom() / 1.25)
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)
