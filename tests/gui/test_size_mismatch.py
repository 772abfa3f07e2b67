"""The lesion panel says so when the size typed for a lesion and its outline on a measured scan
differ by more than 20 % (never blocking), and stops saying it once the size is corrected;
the patient's summary then prints one size and says where it is from."""

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from desktop_app.export.pdf import build_summary
from desktop_app.model import lesions as lesion_rules
from tests.support import drag, open_scan
from tests.unit.test_pdf_support import pdf_reader

LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def window(focused_window):
    return focused_window




def _type_cm(box, value: float) -> None:
    """Type a size into a cm box as the surgeon does: select all, digits, Enter."""
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, f"{value:.1f}")
    QTest.keyClick(box, Qt.Key.Key_Return)


def test_typed_size_far_from_the_scan_outline_is_flagged_until_corrected(window, qtbot,
                                                                         tmp_path, atlas):
    panel = window.lesion_panel
    notice = panel.size_notice
    # lesion 1 on the drawing, placed from the keyboard, its size typed from the report
    window.diagram_pane.view.setFocus()
    QTest.keyClick(window.diagram_pane.view, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    on_drawing = window.document.consultation.lesions[0]
    _type_cm(panel.length_box, 3.0)
    _type_cm(panel.width_box, 2.4)
    on_drawing = window.document.consultation.lesions[0]
    assert (on_drawing.length_cm, on_drawing.width_cm) == (3.0, 2.4)
    assert not notice.isVisible()           # nothing measured yet: nothing to compare

    # the same lesion outlined on a scan with 0.8 mm pixels, much larger than typed
    pane = open_scan(window, tmp_path / "mr.dcm")
    pane.view.setFocus()
    QTest.keyClick(pane.view, Qt.Key.Key_L)
    drag(pane.view, (100, 100), (180, 160))
    c = window.document.consultation
    on_scan = next(x for x in c.lesions if x.id != on_drawing.id)
    assert on_scan.number == 1
    measured = lesion_rules.scan_size_cm(on_scan, c.images[0])
    assert max(measured) > 1.2 * 3.0                 # the outline is far from 3 × 2.4 cm
    qtbot.waitUntil(notice.isVisible)
    text = notice.text()
    assert "typed 3.0 × 2.4 cm" in text and "Your MRI scan" in text and "20 %" in text
    assert lesion_rules.size_words((max(measured), min(measured))) in text

    # the summary prints the typed size once, says it was measured, and no second size
    data, _ = build_summary(c, content=window.library, atlas=atlas, language="en")
    out = tmp_path / "summary.pdf"
    out.write_bytes(data)
    words = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf_reader(out).pages)
    assert "It is about 3.0 cm long and 2.4 cm wide, as measured on your scan." in words
    assert "Area 1 is about 3.0 × 2.4 cm. Its outline here is drawn by hand." in words
    assert "On this picture, area 1 is about" not in words
    assert lesion_rules.size_words((max(measured), min(measured))) not in words

    # the drawing's lesion says so too; the surgeon types the scan's size there and the
    # notice goes (the model's rule agrees)
    dview = window.diagram_pane.view
    QTest.mouseClick(dview.viewport(), LEFT, NOMOD,
                     dview.mapFromScene(QPointF(on_drawing.cx, on_drawing.cy)))
    assert panel.chooser.currentData() == on_drawing.id
    assert notice.isVisible() and "typed 3.0 × 2.4 cm" in notice.text()
    _type_cm(panel.length_box, round(max(measured), 1))
    _type_cm(panel.width_box, round(min(measured), 1))
    c = window.document.consultation
    assert lesion_rules.size_mismatch(c.lesions, c.images, 1) is None
    assert not notice.isVisible()
    data, _ = build_summary(c, content=window.library, atlas=atlas, language="en")
    out.write_bytes(data)
    words = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf_reader(out).pages)
    typed = lesion_rules.typed_words((round(max(measured), 1), round(min(measured), 1)))
    assert "as measured on your scan" not in words
    assert f"Area 1 is about {typed} cm. Its outline here is drawn by hand." in words
    assert "On this picture, area 1 is about" not in words


def test_the_panel_the_patients_screen_and_the_summary_give_one_size(window, qtbot, tmp_path,
                                                                     atlas):
    """One number, one form: the size typed in the panel (3.0 cm, 2.2 cm) is what the patient's
    screen and the summary say of the area on the scan, not its hand-drawn outline; without a
    typed size both quote the outline measured with the scan's pixel size."""
    panel = window.lesion_panel
    window.diagram_pane.view.setFocus()
    QTest.keyClick(window.diagram_pane.view, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    _type_cm(panel.length_box, 3.0)
    _type_cm(panel.width_box, 2.2)
    assert (panel.length_box.text(), panel.width_box.text()) == ("3.0 cm", "2.2 cm")
    pane = open_scan(window, tmp_path / "mr.dcm")
    pane.view.setFocus()
    QTest.keyClick(pane.view, Qt.Key.Key_L)
    drag(pane.view, (100, 100), (160, 150))          # about 4.8 × 4.0 cm: not the typed size
    c = window.document.consultation
    image = c.images[0]
    assert window.present_image(image.id)
    screen = window.presentation
    qtbot.waitUntil(lambda: "Area 1 is about" in screen.topic.text())
    on_screen = " ".join(screen.topic.text().replace("\u00a0", " ").split())
    assert "Area 1 is about 3.0 × 2.2 cm. Its outline here is drawn by hand." in on_screen
    assert "On this picture" not in on_screen
    words = {}
    for lang in ("en", "es"):
        data, _ = build_summary(c, content=window.library, atlas=atlas, language=lang)
        out = tmp_path / f"summary-{lang}.pdf"
        out.write_bytes(data)
        words[lang] = " ".join(" ".join((p.extract_text() or "").split())
                               for p in pdf_reader(out).pages)
    assert "Area 1 is about 3.0 × 2.2 cm. Its outline here is drawn by hand." in words["en"]
    assert "It is about 3.0 cm long and 2.2 cm wide" in words["en"]
    assert "La zona 1 mide unos 3,0 × 2,2 cm." in words["es"]
    assert "Mide unos 3,0 cm de largo y 2,2 cm de ancho" in words["es"]
    outline = lesion_rules.size_words(lesion_rules.scan_size_cm(c.lesions[-1], image))
    assert outline != "3.0 × 2.2" and outline not in words["en"] and outline not in on_screen
    # the typed size taken away (0 in both boxes): the outline measured on the scan is said
    on_drawing = c.lesions[0]
    dview = window.diagram_pane.view
    QTest.mouseClick(dview.viewport(), LEFT, NOMOD,
                     dview.mapFromScene(QPointF(on_drawing.cx, on_drawing.cy)))
    assert panel.chooser.currentData() == on_drawing.id
    _type_cm(panel.length_box, 0.0)
    _type_cm(panel.width_box, 0.0)
    assert lesion_rules.typed_size(window.document.consultation.lesions, 1) == (None, None)
    qtbot.waitUntil(lambda: "On this picture" in screen.topic.text())
    on_screen = " ".join(screen.topic.text().replace("\u00a0", " ").split())
    assert f"On this picture, area 1 is about {outline} cm." in on_screen
    screen.close()
