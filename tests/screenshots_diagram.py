"""Screenshots of the anatomy diagram, for looking at (not an automated test).

    QT_QPA_PLATFORM=offscreen python tests/screenshots_diagram.py OUT_DIR [--width W --height H]

Saves, for each view (sagittal, axial) and variant (female, male), the diagram pane with labels
and the S3 guide on, fitted (``*_fit.png``) and at 3x zoom centred on the presacral space
(``*_zoom3.png``), plus each drawing rendered alone at 2x its size (``*_drawing.png``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--width", type=int, default=1100)
    ap.add_argument("--height", type=int, default=760)
    args = ap.parse_args()

    from PySide6.QtCore import QCoreApplication, QRectF, QStandardPaths
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("PresacralConsultScreenshots")
    QStandardPaths.setTestModeEnabled(True)
    app = QApplication.instance() or QApplication(sys.argv)

    from desktop_app.diagram.pane import DiagramPane
    from desktop_app.document import Document
    from desktop_app.model.anatomy import load_atlas
    from desktop_app.model.consultation import Consultation

    atlas = load_atlas(ROOT / "resources" / "anatomy")
    args.out.mkdir(parents=True, exist_ok=True)
    for view in ("sagittal", "axial"):
        for variant in ("female", "male"):
            doc = Document(Consultation(view=view, variant=variant))
            pane = DiagramPane(doc, atlas)
            pane.set_labels_visible(True)
            pane.set_s3_visible(True)
            pane.resize(args.width, args.height)
            pane.show()
            app.processEvents()
            pane.view.fit()
            app.processEvents()
            name = f"{view}_{variant}"
            pane.grab().save(str(args.out / f"{name}_fit.png"))
            layer = pane.layer
            target = layer.labels["presacral_space"].structure_id
            outline = layer.outline(target).boundingRect()
            pane.view.set_zoom(3.0)
            pane.view.centerOn(outline.center())
            app.processEvents()
            pane.grab().save(str(args.out / f"{name}_zoom3.png"))
            # the drawing alone, at 2x, as the scene renders it
            rect = layer.content_rect()
            img = QImage(int(rect.width() * 2), int(rect.height() * 2), QImage.Format_ARGB32)
            img.fill(QColor("white"))
            p = QPainter(img)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            pane.scene.render(p, QRectF(0, 0, img.width(), img.height()), rect)
            p.end()
            img.save(str(args.out / f"{name}_drawing.png"))
            print(args.out / f"{name}_fit.png")
            pane.close()
            pane.deleteLater()
            app.processEvents()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown (PySide6 can abort while collecting at exit)


if __name__ == "__main__":
    raise SystemExit(main())
