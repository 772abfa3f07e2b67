"""The Images tab's pane: a synthetic MRI slice marked with the mouse (lesion, arrow, note);
the same slice with 0.9 mm pixels, where a lesion gets a size in cm and a scale bar; and a
plain screenshot, which the pane says it cannot measure."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.screenshots.hand import Hand

SIZE = (1100, 760)


def _pane(size):
    from desktop_app.document import Document
    from desktop_app.model.consultation import Consultation
    from desktop_app.ui.image_pane import ImagePane

    pane = ImagePane(Document(Consultation()))
    pane.resize(*size)
    pane.show()
    QTest.qWaitForWindowExposed(pane)
    return pane


def run(out: Path, size: tuple[int, int] | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:  # the input files
        _shots(out, Path(tmp), size or SIZE)


def _shots(out: Path, tmp: Path, size: tuple[int, int]) -> None:
    from desktop_app.model.images import import_image
    from tests.dicom_samples import make_dicom, make_mri_like, make_png

    mri = make_mri_like(tmp / "synthetic_mri_unsized.dcm")
    pane = _pane(size or SIZE)
    pane.import_path(mri, "Your MRI scan, side view")
    hand = Hand(pane.view)
    pane.ctl.set_tool("lesion")
    hand.drag((200, 145), (248, 193))
    pane.ctl.set_tool("arrow")
    hand.drag((290, 40), (232, 140))
    pane.ctl.set_tool("text")
    hand.click(150, 30)
    QTest.keyClicks(pane.ctl.tools["text"].editor, "the lump")
    QTest.keyClick(pane.ctl.tools["text"].editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    pane.grab().save(str(out / "image_pane.png"))
    pane.close()

    # the same picture with 0.9 mm pixels: the lesion is measured, a scale bar shows
    image = import_image(mri)
    values = list(memoryview(image.data).cast("H"))
    sized = make_dicom(tmp / "synthetic_mri_sized.dcm", rows=256, cols=320, values=values,
                       window=(560, 1100), spacing=(0.9, 0.9))
    pane = _pane(size or SIZE)
    pane.import_path(sized, "Your MRI scan, side view")
    hand = Hand(pane.view)
    pane.ctl.set_tool("lesion")
    hand.drag((200, 145), (248, 193))
    QApplication.processEvents()      # the layout follows the new texts, as in the app
    pane.grab().save(str(out / "image_pane_size.png"))
    # a screenshot cannot be measured: the line says so, no scale bar
    pane.import_path(make_png(tmp / "screenshot.png", 320, 256), "Your scan")
    QApplication.processEvents()
    pane.grab().save(str(out / "image_pane_no_scale.png"))
    pane.document.undo_stack.setClean()
    pane.close()
