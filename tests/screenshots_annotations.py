"""Screenshots of the annotation tools at work, to look at them.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/screenshots_annotations.py OUT_DIR

The marks are *drawn* through the tools with real mouse events on the view (as in the GUI
tests), on the shipped sagittal and axial drawings: two lesions (one crossing S3, labelled),
a pen stroke, an arrow and a text note; one lesion stays selected so its handles show, with the
toolbar above and the lesion panel beside the diagram.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QPointF, Qt  # noqa: E402 - after QT_QPA_PLATFORM and sys.path are set
from PySide6.QtGui import QMouseEvent  # noqa: E402 - after QT_QPA_PLATFORM and sys.path are set
from PySide6.QtTest import QTest  # noqa: E402 - after QT_QPA_PLATFORM and sys.path are set
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget  # noqa: E402 - after QT_QPA_PLATFORM and sys.path are set


class Hand:
    """Mouse gestures on the diagram view, in diagram units."""

    def __init__(self, view):
        self.view = view
        self.vp = view.viewport()

    def at(self, x, y):
        return self.view.mapFromScene(QPointF(x, y))

    def move(self, x, y):
        pos = self.at(x, y)
        QApplication.sendEvent(self.vp, QMouseEvent(
            QEvent.Type.MouseMove, QPointF(pos), QPointF(self.vp.mapToGlobal(pos)),
            Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))

    def path(self, points, release=True):
        QTest.mousePress(self.vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         self.at(*points[0]))
        for p in points[1:]:
            self.move(*p)
        if release:
            QTest.mouseRelease(self.vp, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier, self.at(*points[-1]))

    def drag(self, a, b, steps=8):
        self.path([(a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps)
                   for i in range(steps + 1)])


def build(document, atlas, library):
    """The diagram (the real pane when it exists), toolbar and lesion panel side by side."""
    from desktop_app.ui.lesion_panel import LesionPanel

    window = QWidget()
    row = QHBoxLayout(window)
    try:
        from desktop_app.diagram.annotations import install_annotations
        from desktop_app.diagram.view import DiagramPane

        pane = DiagramPane(document=document, atlas=atlas)
        ctl = install_annotations(pane, document, atlas)
    except ImportError:
        pane, ctl = fallback_pane(document, atlas)
    row.addWidget(pane, 3)
    panel = LesionPanel(ctl, library)
    panel.setMinimumWidth(360)
    row.addWidget(panel, 1)
    window.resize(1400, 820)
    return window, pane, ctl, panel


def fallback_pane(document, atlas):
    """Before the diagram pane existed: the SVG in a plain view, same coordinates."""
    from PySide6.QtGui import QPainter
    from PySide6.QtSvgWidgets import QGraphicsSvgItem
    from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QVBoxLayout

    from desktop_app.diagram.annotation_toolbar import AnnotationToolbar
    from desktop_app.diagram.annotations import AnnotationController

    pane = QWidget()
    lay = QVBoxLayout(pane)
    scene = QGraphicsScene(pane)
    scene.addItem(QGraphicsSvgItem(str(ROOT / "resources/anatomy/sagittal_female.svg")))
    view = QGraphicsView(scene)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    ctl = AnnotationController(document, view, atlas)
    lay.addWidget(AnnotationToolbar(ctl, pane))
    lay.addWidget(view)
    return pane, ctl


def main(out_dir: str) -> int:
    from desktop_app.services import content_loader, load_atlas_or_none
    from desktop_app.document import Document
    from desktop_app.model.consultation import Consultation

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from drag import survive_pyside_none_leak  # PySide6 6.12.0 on Python 3.11, see there

    survive_pyside_none_leak()
    atlas = load_atlas_or_none()
    library = content_loader([])("en")
    document = Document(Consultation())
    window, pane, ctl, panel = build(document, atlas, library)
    window.show()
    QTest.qWaitForWindowExposed(window)
    view = ctl.view
    view.fitInView(view.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio) \
        if not hasattr(pane, "fit") else pane.fit()
    app.processEvents()
    hand = Hand(view)

    # lesion 1: drawn across the S3 line in the presacral space, then tilted along the sacrum
    ctl.set_tool("lesion")
    hand.drag((432, 222), (492, 312))
    lesion1 = document.consultation.lesions[0]
    panel.label.setText("Cyst")
    panel._on_label("Cyst")
    panel.set_size(4.6, 3.1)
    ctl.select([lesion1.id])
    rot = next(h for h in ctl.scene.items() if getattr(h, "name", "") == "rotate")
    knob = view.mapToScene(view.mapFromScene(rot.scenePos()) + rot.knob_centre().toPoint())
    angle = math.radians(-20)
    hand.drag((knob.x(), knob.y()), (lesion1.cx + 80 * math.sin(angle),
                                     lesion1.cy - 80 * math.cos(angle)))
    # lesion 2: a click below S3
    ctl.set_tool("lesion")
    hand.path([(452, 350)])
    # a pen stroke round the coccyx, an arrow to the sacrum, a note
    ctl.set_tool("pen")
    ctl.set_style(colour="#0072B2", width=3.5)
    hand.path([(520 + 45 * math.cos(t / 10), 360 + 30 * math.sin(t / 10)) for t in range(0, 58)])
    ctl.set_tool("arrow")
    ctl.set_style(colour="#009E73")
    hand.drag((690, -15), (552, 196))
    ctl.set_tool("text")
    hand.path([(600, -45)])
    QTest.keyClicks(ctl.tools["text"].editor, "Sacrum (lower spine)")
    QTest.keyClick(ctl.tools["text"].editor, Qt.Key.Key_Return)
    ctl.select([lesion1.id])
    panel.show_lesion(lesion1.id)
    app.processEvents()
    window.grab().save(str(out / "annotations_sagittal.png"))

    # pen stroke in progress (the preview), then Esc
    ctl.set_tool("pen")
    hand.path([(300 + 3 * t, 480 - 20 * math.sin(t / 8)) for t in range(40)], release=False)
    app.processEvents()
    view.grab().save(str(out / "annotations_pen_preview.png"))
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, hand.at(420, 480))

    # zoomed in: the marks stay crisp, the handles keep their screen size
    ctl.select([lesion1.id])
    view.resetTransform()
    view.scale(2.5, 2.5)
    view.centerOn(lesion1.cx, lesion1.cy)
    app.processEvents()
    view.grab().save(str(out / "annotations_zoomed.png"))
    panel.grab().save(str(out / "lesion_panel.png"))

    # the cross-section keeps its own marks; the aid explains it needs the side view
    if hasattr(pane, "set_view"):
        pane.set_view("axial")
        app.processEvents()
        inside = [(x, y) for x in range(0, 1040, 6) for y in range(0, 436, 6)
                  if pane.structure_at(x, y) == "presacral_space"]
        cx = sum(p[0] for p in inside) / len(inside)
        cy = sum(p[1] for p in inside) / len(inside)
        ctl.set_tool("lesion")
        hand.drag((cx - 38, cy - 22), (cx + 38, cy + 22))
        panel.number.setValue(1)           # the same lesion as number 1 on the side view
        panel.label.setText("Cyst")
        panel._on_label("Cyst")
        app.processEvents()
        window.grab().save(str(out / "annotations_axial.png"))
        pane.set_view("sagittal")
    window.close()
    main_window_shot(out, document.consultation, library, atlas)
    print(f"saved screenshots to {out}")
    return 0


def main_window_shot(out: Path, consultation, library, atlas) -> None:
    """The same marks in the app's main window (lesion dock, history dock shown)."""
    from desktop_app.ui.main_window import MainWindow

    app = QApplication.instance()
    window = MainWindow(library, atlas=atlas)
    window.resize(1500, 900)
    window.document.replace(consultation)
    window.show()
    QTest.qWaitForWindowExposed(window)
    lesion = consultation.lesions[0]
    window.annotations.select([lesion.id])
    window.history_dock.show()
    window.history_dock.raise_()
    app.processEvents()
    window.grab().save(str(out / "annotations_main_window.png"))
    window.document.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
