"""Every surgical stamp placed with the stamp tool: each is chosen from the toolbar's stamp
menu and placed with a real click on the view (the side view and the view from behind,
female), at the size of a clinic screen (1366 × 768); the last stamp placed stays selected so
its grips show."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

SIZE = (1366, 768)

# (file name, view, [(stamp kind, [clicks in diagram units])])
SHOTS = [
    ("stamps_from_behind", "posterior", [("posterior_incision", [(540, 380)]),
                                         ("coccyx_removal", [(540, 488)]),
                                         ("sacral_level", [(540, 415)]),
                                         ("drain", [(640, 540)])]),
    ("stamps_side_view", "sagittal", [("lower_midline_incision", [(186, 330)]),
                                      ("stoma", [(186, 215)]),
                                      ("ureteric_stent", [(330, 220)]),
                                      ("drain", [(470, 420)])]),
    ("stamps_combined", "sagittal", [("combined_front", [(188, 300), (585, 385)]),
                                     ("sacral_level", [(495, 310)])]),
    ("stamps_midline", "sagittal", [("midline_incision", [(186, 250)])]),
]


def run(out: Path, size: tuple[int, int] | None) -> None:
    from desktop_app.diagram.annotations import install_annotations
    from desktop_app.diagram.pane import DiagramPane
    from desktop_app.document import Document
    from desktop_app.model.consultation import Consultation
    from desktop_app.services import load_atlas_or_none

    atlas = load_atlas_or_none()
    for name, view, stamps in SHOTS:
        document = Document(Consultation(view=view))
        pane = DiagramPane(document, atlas)
        ctl = install_annotations(pane, document, atlas)
        pane.resize(*(size or SIZE))
        pane.show()
        QTest.qWait(50)
        for kind, clicks in stamps:
            ctl.toolbar.stamp_button.actions_by_kind[kind].trigger()
            for x, y in clicks:
                QTest.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton,
                                 Qt.KeyboardModifier.NoModifier,
                                 pane.view.mapFromScene(QPointF(x, y)))
        QTest.qWait(50)
        pane.grab().save(str(out / f"{name}.png"))
        pane.close()
        QApplication.processEvents()
