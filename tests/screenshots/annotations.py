"""The annotation tools at work. The marks are *drawn* through the tools with real mouse
events on the view, on the shipped sagittal and axial drawings: two lesions (one crossing
S3, labelled), a pen stroke, an arrow and a text note; one lesion stays selected so its
handles show, with the toolbar above and the lesion panel beside the diagram. Then the same
marks in the main window."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from tests.screenshots.hand import LEFT, NOMOD, Hand

SIZE = (1400, 820)
WINDOW_SIZE = (1500, 900)


def build(document, atlas, library, size):
    """The diagram pane, its toolbar and the lesion panel side by side."""
    from desktop_app.diagram.annotations import install_annotations
    from desktop_app.diagram.pane import DiagramPane
    from desktop_app.ui.lesion_panel import LesionPanel

    window = QWidget()
    row = QHBoxLayout(window)
    pane = DiagramPane(document=document, atlas=atlas)
    ctl = install_annotations(pane, document, atlas)
    row.addWidget(pane, 3)
    panel = LesionPanel(ctl, library)
    panel.setMinimumWidth(360)
    row.addWidget(panel, 1)
    window.resize(*size)
    return window, pane, ctl, panel


def run(out: Path, size: tuple[int, int] | None) -> None:
    from desktop_app.document import Document
    from desktop_app.model.consultation import Consultation
    from desktop_app.services import content_loader, load_atlas_or_none

    atlas = load_atlas_or_none()
    library = content_loader([])("en")
    document = Document(Consultation())
    window, pane, ctl, panel = build(document, atlas, library, size or SIZE)
    window.show()
    QTest.qWaitForWindowExposed(window)
    view = ctl.view
    pane.fit()
    QApplication.processEvents()
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
    QApplication.processEvents()
    window.grab().save(str(out / "annotations_sagittal.png"))

    # pen stroke in progress (the preview), then Esc
    ctl.set_tool("pen")
    hand.path([(300 + 3 * t, 480 - 20 * math.sin(t / 8)) for t in range(40)], release=False)
    QApplication.processEvents()
    view.grab().save(str(out / "annotations_pen_preview.png"))
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.mouseRelease(view.viewport(), LEFT, NOMOD, hand.at(420, 480))

    # zoomed in: the marks stay crisp, the handles keep their screen size
    ctl.select([lesion1.id])
    view.resetTransform()
    view.scale(2.5, 2.5)
    view.centerOn(lesion1.cx, lesion1.cy)
    QApplication.processEvents()
    view.grab().save(str(out / "annotations_zoomed.png"))
    panel.grab().save(str(out / "lesion_panel.png"))

    # the cross-section keeps its own marks; the aid explains it needs the side view
    pane.set_view("axial")
    QApplication.processEvents()
    inside = [(x, y) for x in range(0, 1040, 6) for y in range(0, 436, 6)
              if pane.structure_at(x, y) == "presacral_space"]
    cx = sum(p[0] for p in inside) / len(inside)
    cy = sum(p[1] for p in inside) / len(inside)
    ctl.set_tool("lesion")
    hand.drag((cx - 38, cy - 22), (cx + 38, cy + 22))
    panel.number.setValue(1)           # the same lesion as number 1 on the side view
    panel.label.setText("Cyst")
    panel._on_label("Cyst")
    QApplication.processEvents()
    window.grab().save(str(out / "annotations_axial.png"))
    pane.set_view("sagittal")
    window.close()
    main_window_shot(out, document.consultation, library, atlas, size or WINDOW_SIZE)


def main_window_shot(out: Path, consultation, library, atlas, size) -> None:
    """The same marks in the app's main window (lesion dock, history dock shown)."""
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(library, atlas=atlas)
    window.resize(*size)
    window.document.replace(consultation)
    window.show()
    QTest.qWaitForWindowExposed(window)
    lesion = consultation.lesions[0]
    window.annotations.select([lesion.id])
    window.history_dock.show()
    window.history_dock.raise_()
    QApplication.processEvents()
    window.grab().save(str(out / "annotations_main_window.png"))
    window.document.undo_stack.setClean()
    window.close()
