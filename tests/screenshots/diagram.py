"""The anatomy diagram: for each view (sagittal, axial) and variant (female, male), the pane
with labels and the S3 guide on, fitted (``*_fit.png``) and at 3x zoom centred on the
presacral space (``*_zoom3.png``), plus each drawing rendered alone at 2x (``*_drawing.png``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from tests.conftest import ROOT

SIZE = (1100, 760)


def run(out: Path, size: tuple[int, int] | None) -> None:
    from desktop_app.diagram.pane import DiagramPane
    from desktop_app.document import Document
    from desktop_app.model.anatomy import load_atlas
    from desktop_app.model.consultation import Consultation

    atlas = load_atlas(ROOT / "resources" / "anatomy")
    for view in ("sagittal", "axial"):
        for variant in ("female", "male"):
            doc = Document(Consultation(view=view, variant=variant))
            pane = DiagramPane(doc, atlas)
            pane.set_labels_visible(True)
            pane.set_s3_visible(True)
            pane.resize(*(size or SIZE))
            pane.show()
            QApplication.processEvents()
            pane.view.fit()
            QApplication.processEvents()
            name = f"{view}_{variant}"
            pane.grab().save(str(out / f"{name}_fit.png"))
            layer = pane.layer
            target = layer.labels["presacral_space"].structure_id
            outline = layer.outline(target).boundingRect()
            pane.view.set_zoom(3.0)
            pane.view.centerOn(outline.center())
            QApplication.processEvents()
            pane.grab().save(str(out / f"{name}_zoom3.png"))
            # the drawing alone, at 2x, as the scene renders it
            rect = layer.content_rect()
            img = QImage(int(rect.width() * 2), int(rect.height() * 2),
                         QImage.Format.Format_ARGB32)
            img.fill(QColor("white"))
            p = QPainter(img)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            pane.scene.render(p, QRectF(0, 0, img.width(), img.height()), rect)
            p.end()
            img.save(str(out / f"{name}_drawing.png"))
            pane.close()
            pane.deleteLater()
            QApplication.processEvents()
