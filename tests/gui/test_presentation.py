"""Presentation mode: second screen, live marks, patient language, never clinician notes."""

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication

from desktop_app.services import content_loader
from desktop_app.diagram.commands import AddMark
from desktop_app.document import Document
from desktop_app.model import storage
from desktop_app.model.consultation import Consultation, Lesion
from desktop_app.ui.presentation import PresentationWindow, choose_screen
from desktop_app.ui.presentation_text import topic_html
from tests.conftest import EXAMPLE


class FakeScreen:
    def __init__(self, name, rect):
        self._name, self._rect = name, rect

    def geometry(self):
        return self._rect

    def name(self):
        return self._name


@pytest.fixture
def load():
    return content_loader([])


@pytest.fixture
def presentation(qtbot, atlas, load):
    doc = Document(storage.load(EXAMPLE))
    w = PresentationWindow(doc, atlas, load)
    qtbot.addWidget(w)
    return w


def test_choose_screen_prefers_the_other_screen():
    a, b = object(), object()
    assert choose_screen([a, b], a) is b
    assert choose_screen([a, b], b) is a
    assert choose_screen([a], a) is a


def test_opens_full_screen_on_the_second_screen(presentation, qtbot, monkeypatch):
    primary = QGuiApplication.primaryScreen()
    second = FakeScreen("patient", QRect(primary.geometry().width(), 0, 1280, 1024))
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [primary, second]))
    presentation.present()
    assert presentation.target_screen is second
    assert presentation.isFullScreen() or presentation.geometry().x() >= second.geometry().x()
    presentation.close()


def test_single_screen_uses_the_current_one(presentation, monkeypatch):
    primary = QGuiApplication.primaryScreen()
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [primary]))
    presentation.present()
    assert presentation.target_screen is primary
    presentation.close()


def test_mirrors_a_newly_drawn_mark(presentation, qtbot):
    doc = presentation.document
    before = set(presentation.marks.items)
    lesion = Lesion(view="sagittal", number=3, cx=450, cy=310, rx=20, ry=15)
    doc.push(AddMark(doc, lesion))
    assert set(presentation.marks.items) - before == {lesion.id}
    doc.undo_stack.undo()
    assert lesion.id not in presentation.marks.items


def test_topic_in_patient_language_without_clinician_notes(presentation, load):
    item = next(i for i in load("en").all_items() if i.clinician_note and i.body)
    presentation.show_topic(item.id)
    text = presentation.topic.text()
    assert item.title in text
    assert item.clinician_note[:40] not in text
    presentation.document.set_field("language", "es", "Change patient language")
    es_item = load("es").item(item.id)
    assert es_item is not None and es_item.title in presentation.topic.text()
    assert (es_item.clinician_note or "§")[:40] not in presentation.topic.text()


def test_no_clinician_note_in_any_topic(load):
    for lang in ("en", "es"):
        for item in load(lang).all_items():
            if item.clinician_note:
                assert item.clinician_note not in topic_html(item)


def test_structure_topic_and_text_scaling(presentation, atlas):
    presentation.show_structure("coccyx")
    assert atlas.structure("coccyx").lay("en").capitalize() in presentation.topic.text()
    presentation.resize(1366, 768)
    presentation.show()
    size = presentation.topic.font().pixelSize()
    assert size == round(768 / 30)              # the screen's own size: 1/30 of its height
    presentation.scale_text(+2)                 # Ctrl + twice: 1.1 x 1.1
    assert presentation.topic.font().pixelSize() == round(768 / 30 * 1.21)
    presentation.scale_text(0)
    assert presentation.topic.font().pixelSize() == size


def test_escape_closes(presentation, qtbot):
    from PySide6.QtCore import Qt

    presentation.show()
    presentation.activateWindow()
    qtbot.waitActive(presentation)
    with qtbot.waitSignal(presentation.closed, timeout=2000):
        qtbot.keyClick(presentation, Qt.Key.Key_Escape)
    assert not presentation.isVisible()


def test_presentation_without_atlas_still_shows_topics(qtbot, load):
    w = PresentationWindow(Document(Consultation()), None, load)
    qtbot.addWidget(w)
    w.show_topic("mri")
    assert load("en").item("mri").title in w.topic.text()


def test_f5_from_main_window_presents_current_topic(qtbot, library, atlas, load):
    from PySide6.QtCore import Qt

    from desktop_app.ui.main_window import MainWindow

    w = MainWindow(library, atlas=atlas, content_for=load)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)
    w.reveal_item("mri")  # the surgeon opens a topic
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.search.setFocus()
    qtbot.keyClick(w.search, Qt.Key.Key_F5)
    p = w.presentation
    assert p is not None and p.isVisible()
    assert library.item("mri").title in p.topic.text()
    w.reveal_item("ct_scan")  # presentation follows
    assert library.item("ct_scan").title in p.topic.text()
    w.show_structure("sacrum")
    assert atlas.structure("sacrum").lay("en").capitalize() in p.topic.text()
    w.act_present.trigger()  # F5 again leaves
    assert not p.isVisible()


def test_text_size_keys_scale_the_tabs_not_the_diagram(qtbot, library, atlas):
    from PySide6.QtCore import Qt

    from desktop_app.ui.main_window import MainWindow

    w = MainWindow(library, atlas=atlas)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.search.setFocus()
    before = w.tabs.font().pointSizeF()
    zoom = w.diagram_pane.view.zoom_factor()
    qtbot.keyClick(w.search, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.font().pointSizeF() > before
    assert w.diagram_pane.view.zoom_factor() == pytest.approx(zoom)
    qtbot.keyClick(w.search, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.font().pointSizeF() == pytest.approx(before)
    w.diagram_pane.view.setFocus()
    qtbot.keyClick(w.diagram_pane.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert w.diagram_pane.view.zoom_factor() > zoom
    assert w.tabs.font().pointSizeF() == pytest.approx(before)


# ------------------------------------------------------------------ the patient's key images
# The surgeon imports a scan on the Images tab, marks it with the mouse and presses "Present to
# patient": the patient sees that scan with its marks (live), its caption and its size in plain
# words, never a DICOM header field; another tab (or Left / Right) goes back to the diagram.

SCAN_CAPTION = "Your MRI scan, side view"
GREY = 500          # the scan is one flat grey (window 500 / 1000: mid grey on screen)


class ImagesTab:
    """The main window on its Images tab, driven with real mouse events on the image view."""

    def __init__(self, qtbot, library, atlas, load):
        from desktop_app.ui.main_window import MainWindow

        self.w = MainWindow(library, atlas=atlas, content_for=load)
        qtbot.addWidget(self.w)
        self.w.maybe_save = lambda: True
        self.w.resize(1500, 950)
        self.w.show()
        qtbot.waitExposed(self.w)
        self.w.tabs.setCurrentWidget(self.w.images_tab)
        self.pane = self.w.image_pane
        self.view = self.pane.view

    @property
    def c(self):
        return self.w.document.consultation

    def import_scan(self, tmp_path, name="scan.dcm", caption=SCAN_CAPTION, spacing=(0.5, 0.5)):
        from tests.dicom_samples import make_dicom

        path = make_dicom(tmp_path / name, rows=200, cols=160, values=[GREY] * (200 * 160),
                          window=(GREY, 1000), spacing=spacing)
        assert self.pane.import_path(path, caption) == ""
        return self.c.images[-1]

    def at(self, x, y):
        from PySide6.QtCore import QPointF

        return self.view.mapFromScene(QPointF(x, y))

    def drag_lesion(self, a, b, steps=8):
        from PySide6.QtCore import QEvent, QPointF, Qt
        from PySide6.QtGui import QMouseEvent
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        left, nomod = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        vp = self.view.viewport()
        self.pane.ctl.set_tool("lesion")
        QTest.mousePress(vp, left, nomod, self.at(*a))
        for i in range(1, steps + 1):
            t = i / steps
            pos = self.at(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
            QApplication.sendEvent(vp, QMouseEvent(
                QEvent.Type.MouseMove, QPointF(pos), QPointF(vp.mapToGlobal(pos)),
                Qt.MouseButton.NoButton, left, nomod))
        QTest.mouseRelease(vp, left, nomod, self.at(*b))
        return self.c.lesions[-1]

    def present(self, qtbot):
        """Click the "Present to patient" button (as the surgeon does)."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QToolButton

        button = self.w.findChild(QToolButton, "present_button")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        p = self.w.presentation
        assert p is not None and p.isVisible()
        qtbot.addWidget(p)  # closed at the end of the test even if the window keeps it open
        return p


def plain(text: str) -> str:
    """The words, whatever the spaces (sizes are kept on one line with no-break spaces)."""
    return text.replace("\u00a0", " ")


def presented_grab(p):
    return p.image_view.viewport().grab().toImage()


def presented_pixel(p, x, y):
    """Colour on the patient's screen at image pixel (x, y)."""
    from PySide6.QtCore import QPointF

    pos = p.image_view.mapFromScene(QPointF(x, y))
    return presented_grab(p).pixelColor(pos.x(), pos.y())


def all_text(widget) -> str:
    """Every string the patient's window could show or read out: labels, titles, tooltips,
    accessible names, and the text items of its scenes (mark labels)."""
    from PySide6.QtWidgets import (QGraphicsSimpleTextItem, QGraphicsTextItem, QGraphicsView,
                                   QLabel, QWidget)

    out = [widget.windowTitle()]
    for child in [widget] + widget.findChildren(QWidget):
        out += [child.accessibleName(), child.accessibleDescription(), child.toolTip(),
                child.statusTip(), child.whatsThis()]
        if isinstance(child, QLabel):
            out.append(child.text())
        if isinstance(child, QGraphicsView) and child.scene() is not None:
            for item in child.scene().items():
                if isinstance(item, QGraphicsTextItem):
                    out.append(item.toPlainText())
                elif isinstance(item, QGraphicsSimpleTextItem):
                    out.append(item.text())
                out.append(item.toolTip())
    return "\n".join(x for x in out if x)


def test_presents_the_marked_scan_from_the_images_tab(qtbot, tmp_path, library, atlas, load):
    from desktop_app.diagram.image_view import qimage_for
    from tests.dicom_samples import SECRET_STRINGS

    t = ImagesTab(qtbot, library, atlas, load)
    image = t.import_scan(tmp_path)
    first = t.drag_lesion((40, 60), (100, 120))      # 60 px of 0.5 mm: 3 cm across
    assert first.view == image.view_name
    assert "3.0 × 3.0 cm" in t.pane.size_label.text()

    p = t.present(qtbot)
    # the scan, not the diagram, on the patient's screen
    assert p.image_id == image.id and p.stage.currentWidget() is p.image_view
    assert not p.pane.isVisible()
    # no mark there, nor the scale bar (bottom left, a tenth of the height long or more)
    right = qimage_for(image).width() - 20
    expected = qimage_for(image).pixelColor(right, 180)
    shown = presented_pixel(p, right, 180)
    assert abs(shown.red() - expected.red()) <= 3 and shown.red() == shown.blue()
    assert 100 < shown.red() < 160          # mid grey: not the white page, not the dark frame
    assert first.id in p.image_marks.items
    # the caption in large type, the size in plain words (the Images tab's numbers)
    text = p.topic.text()
    assert f"<h1>{SCAN_CAPTION}</h1>" in text
    assert "On this picture, area 1 is about 3.0 × 3.0 cm." in plain(text)
    assert p.topic.font().pixelSize() >= p.height() / 42     # read from 2-3 m (FLOOR_SHARE)

    # a mark added on the Images tab appears at once, and goes with undo
    before = presented_grab(p)
    second = t.drag_lesion((110, 140), (150, 180))   # 40 px: 2 cm
    assert second.id in p.image_marks.items
    after = presented_grab(p)
    assert after != before
    centre = p.image_view.mapFromScene(150, 160)     # the new outline's right edge
    assert any(after.pixelColor(centre.x() + dx, centre.y() + dy)
               != before.pixelColor(centre.x() + dx, centre.y() + dy)
               for dx in range(-3, 4) for dy in range(-3, 4))
    assert "area 2 is about 2.0 × 2.0 cm" in plain(p.topic.text())
    t.w.document.undo_stack.undo()
    assert second.id not in p.image_marks.items
    assert presented_grab(p) == before
    assert "area 2" not in p.topic.text()

    # window/level set on the Images tab: the patient sees it too
    t.pane.set_window(GREY + 400, 1000)               # darker
    darker = presented_pixel(p, right, 180)
    assert darker.red() < shown.red() - 40
    t.w.document.undo_stack.undo()

    # no DICOM header data, no clinician-only text, anywhere in the patient's window
    words = all_text(p)
    for secret in SECRET_STRINGS:
        assert secret not in words
    assert "pixels" not in words and "Pixels" not in words   # the surgeon's image info line
    assert t.pane.info.text() not in words

    # Esc leaves
    qtbot.keyClick(p, Qt.Key.Key_Escape)
    assert not p.isVisible()


def test_another_tab_or_left_right_switch_between_diagram_and_scan(qtbot, tmp_path, library,
                                                                   atlas, load):
    t = ImagesTab(qtbot, library, atlas, load)
    scan = t.import_scan(tmp_path, "a.dcm", "Your scan, from the side")
    other = t.import_scan(tmp_path, "b.dcm", "Your scan, from below", spacing=None)
    assert t.pane.current_id == other.id
    p = t.present(qtbot)
    assert p.image_id == other.id and "Your scan, from below" in p.topic.text()
    assert "area" not in p.topic.text()             # no pixel size: no measurement

    t.pane.list.setCurrentRow(0)                    # the surgeon picks the other image
    assert p.image_id == scan.id and "Your scan, from the side" in p.topic.text()

    t.w.reveal_item("mri")                          # a topic tab: the diagram again
    assert p.image_id == "" and p.stage.currentWidget() is p.pane
    assert library.item("mri").title in p.topic.text()
    t.w.tabs.setCurrentWidget(t.w.images_tab)       # back on the Images tab: its image
    assert p.image_id == scan.id

    # keys in the patient's window: Left to the diagram, Right through the images
    qtbot.keyClick(p, Qt.Key.Key_Left)
    assert p.image_id == "" and p.stage.currentWidget() is p.pane
    assert library.item("mri").title in p.topic.text()   # the topic comes back with it
    qtbot.keyClick(p, Qt.Key.Key_Left)              # already first: stays
    assert p.image_id == ""
    qtbot.keyClick(p, Qt.Key.Key_Right)
    assert p.image_id == scan.id
    qtbot.keyClick(p, Qt.Key.Key_PageDown)
    assert p.image_id == other.id
    qtbot.keyClick(p, Qt.Key.Key_Right)             # already last: stays
    assert p.image_id == other.id

    # the shown image removed on the Images tab: the next one, then the diagram
    t.pane.show_image(other.id)
    t.pane.remove_current()
    assert p.image_id == scan.id
    t.pane.remove_current()
    assert p.image_id == "" and p.stage.currentWidget() is p.pane
    qtbot.keyClick(p, Qt.Key.Key_Escape)
    assert not p.isVisible()


def test_diagram_presentation_unchanged_without_a_current_image(qtbot, tmp_path, library,
                                                                atlas, load):
    t = ImagesTab(qtbot, library, atlas, load)
    p = t.present(qtbot)                            # Images tab, no image yet
    assert p.image_id == "" and p.image_view is None
    assert p.stage.currentWidget() is p.pane and p.pane.isVisible()
    t.w.act_present.trigger()
    t.import_scan(tmp_path)
    t.w.reveal_item("mri")                          # an image exists, a topic tab is open
    p = t.present(qtbot)
    assert p.image_id == "" and p.pane.isVisible()
    assert library.item("mri").title in p.topic.text()
    assert SCAN_CAPTION not in p.topic.text()
    # the diagram's own marks still follow live
    lesion = Lesion(view="sagittal", number=4, cx=450, cy=310, rx=20, ry=15)
    t.w.document.push(AddMark(t.w.document, lesion))
    assert lesion.id in p.marks.items


def test_present_image_explicitly_and_scan_words_match_the_pdf(qtbot, tmp_path, library, atlas,
                                                               load):
    from desktop_app.export.strings import strings_for
    from desktop_app.ui.presentation_text import SCAN_SIZE, TYPED_SIZE

    for lang in ("en", "es"):
        assert SCAN_SIZE[lang] == strings_for(lang)["size_scan"]
        assert TYPED_SIZE[lang] == strings_for(lang)["size_typed_scan"]
    t = ImagesTab(qtbot, library, atlas, load)
    image = t.import_scan(tmp_path)
    t.drag_lesion((40, 60), (100, 120))
    t.w.reveal_item("mri")
    assert t.w.present_image(image.id)              # chosen explicitly from another tab
    p = t.w.presentation
    assert p.isVisible() and p.image_id == image.id
    t.w.document.set_field("language", "es", "Change patient language")
    assert "la zona 1 mide unos 3,0 × 3,0 cm" in plain(p.topic.text())
    p.close()


def test_presentation_module_does_not_import_the_image_pane():
    """Start-up: the Images tab and presentation mode load the image modules only when used."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = ("import sys; import desktop_app.ui.main_window, desktop_app.ui.presentation; "
            "print([m for m in sys.modules if m.startswith('desktop_app.') and 'image_' in m])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]"


def test_disclaimer_on_the_patient_screen_in_the_patient_language(presentation, qtbot):
    presentation.show()
    qtbot.waitExposed(presentation)
    label = presentation.disclaimer
    assert label.isVisible()
    doc = presentation.document
    doc.set_field("language", "en", "Change patient language")
    assert "does not replace advice from your own care team" in label.text()
    doc.set_field("language", "es", "Change patient language")
    assert "No reemplaza los consejos de su propio equipo médico" in label.text()
    presentation.show_image(doc.consultation.images[0].id) if doc.consultation.images else None
    assert label.isVisible()
    presentation.close()
