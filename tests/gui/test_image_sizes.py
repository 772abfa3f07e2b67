"""Sizes on the patient's scan: a DICOM slice with 0.5 mm pixels is imported, a lesion is drawn
and resized with real mouse events on the view, and the size line under the image follows in
centimetres; a 1 cm / 5 cm scale bar is painted on the view; a screenshot says plainly that it
cannot be measured."""

from __future__ import annotations


import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.ui.image_texts import NO_SCALE
from tests.dicom_samples import make_dicom, make_png, ramp
from tests.gui.test_image_pane import LEFT, NOMOD, Pane


def _size(p) -> str:
    return p.pane.size_label.text()


def test_a_lesion_drawn_on_a_scan_shows_its_size_in_cm_and_follows_a_resize(qtbot, tmp_path):
    p = Pane(qtbot)
    dcm = make_dicom(tmp_path / "slice.dcm", rows=200, cols=160, values=ramp(200, 160, 0, 900),
                     spacing=(0.5, 0.5))
    assert p.pane.import_path(dcm, "Your MRI scan") == ""
    image = p.c.images[0]
    assert (image.row_spacing_mm, image.column_spacing_mm) == (0.5, 0.5)
    assert _size(p) == "Draw a lesion on the scan to see its size."
    assert p.pane.size_label.isVisibleTo(p.pane)
    assert "Pixels 0.5 × 0.5 mm" in p.pane.info.text()

    # draw: 84 × 62 image pixels of 0.5 mm = 4.2 × 3.1 cm; the line follows the outline
    # while it is being drawn (the preview), before the mouse is let go
    p.ctl.set_tool("lesion")
    QTest.mousePress(p.vp, LEFT, NOMOD, p.at(40, 60))
    for i in range(1, 9):
        p.move(40 + 64 * i / 8, 60 + 42 * i / 8)
    QApplication.processEvents()          # the scene reports the preview's change
    assert _size(p) == "Lesion 1: about 3.2 × 2.1 cm"
    p.move(124, 122)
    QTest.mouseRelease(p.vp, LEFT, NOMOD, p.at(124, 122))
    (lesion,) = p.c.lesions
    assert lesion.rx == pytest.approx(42, abs=0.5) and lesion.ry == pytest.approx(31, abs=0.5)
    assert p.ctl.selected_ids() == [lesion.id]
    assert _size(p) == "Lesion 1: about 4.2 × 3.1 cm"

    # resize with the mouse: drag the right-hand handle 20 pixels (1 cm) further out
    p.ctl.set_tool("select")
    p.drag((lesion.cx + lesion.rx, lesion.cy), (lesion.cx + lesion.rx + 20, lesion.cy))
    assert lesion.rx == pytest.approx(52, abs=0.5) and lesion.ry == pytest.approx(31, abs=0.5)
    assert _size(p) == "Lesion 1: about 5.2 × 3.1 cm"
    p.document.undo_stack.undo()
    assert _size(p) == "Lesion 1: about 4.2 × 3.1 cm"

    # nothing selected, then the lesion clicked again
    p.click(150, 190)
    assert p.ctl.selected_ids() == [] and _size(p) == "Click a lesion to see its size."
    p.click(lesion.cx, lesion.cy)
    assert _size(p) == "Lesion 1: about 4.2 × 3.1 cm"

    # a clicked lesion gets the typical size in real centimetres on a measured scan
    p.ctl.set_tool("lesion")
    p.click(120, 170)
    assert _size(p) == "Lesion 2: about 3.0 × 2.4 cm"


def test_the_scale_bar_is_drawn_on_a_measured_scan_only(qtbot, tmp_path):
    p = Pane(qtbot)
    assert p.pane.import_path(make_dicom(tmp_path / "s.dcm", rows=200, cols=160,
                                         values=[0] * 32000, spacing=(0.5, 0.5))) == ""
    px_per_cm = p.view.zoom() * 20       # 20 image pixels per cm
    cm, length = p.view.scale_bar()
    assert cm == (1 if px_per_cm >= 40 else 5)
    assert length == pytest.approx(cm * px_per_cm)
    picture = p.view.viewport().grab().toImage()
    box = p.view.scale_bar_rect()
    y = int(box.bottom() - 7)
    mid = picture.pixelColor(int(box.left() + 10 + length / 2), y)
    assert (mid.red(), mid.green(), mid.blue()) == (255, 255, 255)     # the white bar
    beyond = picture.pixelColor(int(box.right() + 6), y)
    assert beyond.red() < 100                           # image or background, not the bar

    # zoomed in far enough, the bar is 1 cm
    p.view.set_zoom(4.0)
    assert p.view.scale_bar() == (1, pytest.approx(80.0))
    p.view.set_zoom(0.5)
    assert p.view.scale_bar() == (5, pytest.approx(50.0))

    # a screenshot: no bar, and the pane says why there is no size
    assert p.pane.import_path(make_png(tmp_path / "shot.png", 300, 200)) == ""
    assert p.view.scale_bar() is None
    assert _size(p) == NO_SCALE
    assert "cannot be measured" in NO_SCALE
    p.ctl.set_tool("lesion")
    p.drag((50, 50), (120, 100))
    assert p.c.lesions[-1].view == p.c.images[-1].view_name
    assert _size(p) == NO_SCALE
    # back on the scan, its bar returns
    p.pane.show_image(p.c.images[0].id)
    assert p.view.scale_bar() is not None


def test_a_dicom_without_spacing_is_not_measured(qtbot, tmp_path):
    p = Pane(qtbot)
    assert p.pane.import_path(make_dicom(tmp_path / "s.dcm", spacing="0\\0")) == ""
    assert p.view.scale_bar() is None and _size(p) == NO_SCALE


def test_a_scan_with_other_pixels_is_measured_with_its_own_scale_not_the_drawings(qtbot,
                                                                                 tmp_path):
    # 0.8 mm pixels: 12.5 pixels per cm. (0.5 mm would be 20 per cm, the drawing's own scale,
    # so a pane that wrongly used the drawing's scale would pass there.)
    from desktop_app.model.consultation import Lesion

    p = Pane(qtbot)
    dcm = make_dicom(tmp_path / "slice.dcm", rows=200, cols=160, values=ramp(200, 160, 0, 900),
                     spacing=(0.8, 0.8))
    assert p.pane.import_path(dcm, "Your MRI scan") == ""
    # a lesion 3 on the drawing: the scan still numbers its own marks from 1, also while the
    # outline is being drawn
    p.c.lesions.append(Lesion(view="sagittal", number=3, color="#000000"))
    p.ctl.set_tool("lesion")
    QTest.mousePress(p.vp, LEFT, NOMOD, p.at(30, 40))
    for i in range(1, 9):
        p.move(30 + 50 * i / 8, 40 + 25 * i / 8)
    QApplication.processEvents()
    assert p.ctl.tools["lesion"].preview.number == 1
    QTest.mouseRelease(p.vp, LEFT, NOMOD, p.at(80, 65))
    drawn = p.c.lesions[-1]
    # 50 × 25 pixels of 0.8 mm = 4.0 × 2.0 cm
    assert (drawn.number, drawn.view) == (1, p.c.images[0].view_name)
    assert _size(p) == "Lesion 1: about 4.0 × 2.0 cm"
    # a clicked lesion: the typical 3.0 × 2.4 cm in this scan's pixels (not 20 per cm)
    p.ctl.set_tool("lesion")
    p.click(100, 150)
    clicked = p.c.lesions[-1]
    assert clicked.number == 2
    assert (clicked.rx, clicked.ry) == pytest.approx((3.0 * 12.5 / 2, 2.4 * 12.5 / 2))
    assert _size(p) == "Lesion 2: about 3.0 × 2.4 cm"

