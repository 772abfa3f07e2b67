"""Sizes on scans whose pixels are not 0.5 mm. 0.5 mm happens to equal the drawing's scale
(20 px per cm), so a scan measured with the drawing's scale would pass every test at 0.5 mm;
at 0.7 and 0.35 mm (and with rectangular pixels) it cannot. Lesions are drawn with real mouse
events; the expected centimetres are worked out here from the pixel counts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.model.consultation import Consultation, Lesion
from tests.dicom_samples import make_dicom, ramp
from tests.gui.test_image_pane import LEFT, NOMOD, Pane

# (row spacing, column spacing) in mm; (width, height) of an 84 x 62 pixel outline in cm
CASES = {
    "0.7 mm": ((0.7, 0.7), "5.9 × 4.3"),      # 84 * 0.07 = 5.88, 62 * 0.07 = 4.34
    "0.35 mm": ((0.35, 0.35), "2.9 × 2.2"),   # 2.94, 2.17
    # non-square pixels are resampled to square 0.35 mm ones (200 rows become 400): the
    # picture has its real shape, and an outline is measured in 0.35 mm pixels both ways
    "0.7 x 0.35 mm": ((0.7, 0.35), "2.9 × 2.2"),
}


def scan_pane(qtbot, tmp_path, spacing) -> Pane:
    p = Pane(qtbot)
    # tall enough that the scan is shown at least 3× (one screen pixel is then under 1/3 of an
    # image pixel, well inside the size's rounding); the list sits above the picture
    # (the resampled non-square scan is twice as tall, so its pane is too)
    p.pane.resize(1000, 900 if spacing[0] == spacing[1] else 1500)
    dcm = make_dicom(tmp_path / "slice.dcm", rows=200, cols=160, values=ramp(200, 160, 0, 900),
                     spacing=spacing)
    assert p.pane.import_path(dcm, "Your MRI scan") == ""
    image = p.c.images[0]
    square = min(spacing)
    assert (image.row_spacing_mm, image.column_spacing_mm) == (square, square)
    assert (image.width, image.height) == (round(160 * spacing[1] / square),
                                           round(200 * spacing[0] / square))
    return p


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_drawn_lesion_is_measured_with_the_scans_own_spacing(qtbot, tmp_path, case):
    spacing, words = CASES[case]
    p = scan_pane(qtbot, tmp_path, spacing)
    p.ctl.set_tool("lesion")
    QTest.mousePress(p.vp, LEFT, NOMOD, p.at(40, 60))
    for i in range(1, 9):
        p.move(40 + 84 * i / 8, 60 + 62 * i / 8)
    QTest.mouseRelease(p.vp, LEFT, NOMOD, p.at(124, 122))
    (lesion,) = p.c.lesions
    assert lesion.rx == pytest.approx(42, abs=0.5) and lesion.ry == pytest.approx(31, abs=0.5)
    QApplication.processEvents()
    assert p.pane.size_label.text() == f"Lesion 1: about {words} cm"


@pytest.mark.parametrize("mm", [0.7, 0.35])
def test_a_clicked_lesion_has_the_typical_size_in_real_centimetres(qtbot, tmp_path, mm):
    p = scan_pane(qtbot, tmp_path, (mm, mm))
    p.ctl.set_tool("lesion")
    p.click(80, 100)
    (lesion,) = p.c.lesions
    # 3.0 x 2.4 cm whatever the pixel size: the outline's pixels scale with 1 / spacing
    assert 2 * lesion.rx * mm / 10 == pytest.approx(3.0, abs=0.05)
    assert 2 * lesion.ry * mm / 10 == pytest.approx(2.4, abs=0.05)
    assert p.pane.size_label.text() == "Lesion 1: about 3.0 × 2.4 cm"


@pytest.mark.parametrize("mm", [0.7, 0.35])
def test_the_scale_bar_spans_its_centimetres_of_the_scan(qtbot, tmp_path, mm):
    p = scan_pane(qtbot, tmp_path, (mm, mm))
    for zoom in (0.5, 1.0, 4.0):
        p.view.set_zoom(zoom)
        cm, length = p.view.scale_bar()
        # the same distance on the screen as cm * 10 mm of image pixels, mapped by the view
        a = p.view.mapFromScene(QPointF(0, 0))
        b = p.view.mapFromScene(QPointF(cm * 10 / mm, 0))
        assert length == pytest.approx(b.x() - a.x(), abs=1.0), (zoom, cm)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_pdf_caption_gives_the_size_with_the_scans_own_spacing(tmp_path, case):
    from desktop_app.export.pdf import build_summary
    from desktop_app.model.images import import_image
    from tests.e2e.test_images_pdf import _pdf_text

    spacing, words = CASES[case]
    scan = import_image(make_dicom(tmp_path / "s.dcm", rows=200, cols=160, spacing=spacing),
                        "Your MRI scan")
    c = Consultation(visit_date="2026-11-26", images=[scan], lesions=[
        Lesion(view=scan.view_name, number=1, cx=80, cy=90, rx=42, ry=31)])
    data, _ = build_summary(c)
    (tmp_path / "s.pdf").write_bytes(data)
    assert f"On this picture, area 1 is about {words} cm." in _pdf_text(tmp_path / "s.pdf")
