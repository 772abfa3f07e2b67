"""The image pane driven like a surgeon would: import DICOM / PNG, mark the image with real mouse
events on the view (scene coordinates = image pixels), undo / redo, window/level, save → open,
and every bad input refused with the consultation untouched."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.diagram.image_view import qimage_for
from desktop_app.document import Document
from desktop_app.model import storage
from desktop_app.model.consultation import Consultation
from desktop_app.ui.image_pane import ImagePane
from desktop_app.ui.image_texts import BURNED_IN_NOTE
from tests.dicom_samples import SECRET_STRINGS, make_dicom, make_png, ramp
from tests.unit.test_images import _bad_cases

LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier


class Pane:
    def __init__(self, qtbot, consultation=None):
        self.document = Document(consultation or Consultation())
        self.pane = ImagePane(self.document)
        self.pane.resize(1000, 700)
        qtbot.addWidget(self.pane)
        self.pane.show()
        qtbot.waitExposed(self.pane)
        self.view = self.pane.view
        self.ctl = self.pane.ctl

    @property
    def c(self):
        return self.document.consultation

    @property
    def vp(self):
        return self.view.viewport()

    def at(self, x, y):
        return self.view.mapFromScene(QPointF(x, y))

    def move(self, x, y, buttons=LEFT):
        pos = self.at(x, y)
        ev = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(self.vp.mapToGlobal(pos)),
                         Qt.MouseButton.NoButton, buttons, NOMOD)
        QApplication.sendEvent(self.vp, ev)

    def drag(self, a, b, steps=8):
        QTest.mousePress(self.vp, LEFT, NOMOD, self.at(*a))
        for i in range(1, steps + 1):
            t = i / steps
            self.move(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        QTest.mouseRelease(self.vp, LEFT, NOMOD, self.at(*b))

    def click(self, x, y):
        QTest.mouseClick(self.vp, LEFT, NOMOD, self.at(x, y))


def test_import_mark_undo_save_reopen(qtbot, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    p = Pane(qtbot)
    assert BURNED_IN_NOTE in p.pane.empty.text()
    dcm = make_dicom(tmp_path / "slice.dcm", rows=200, cols=160, values=ramp(200, 160, 0, 900))
    assert p.pane.import_path(dcm, "Your MRI scan, side view") == ""
    image = p.c.images[0]
    assert p.pane.current_id == image.id
    assert p.view.sceneRect().width() == 160 and p.view.sceneRect().height() == 200
    assert p.pane.wl_row.isVisibleTo(p.pane)

    # lesion: drag an ellipse in image pixels
    p.ctl.set_tool("lesion")
    p.drag((40, 60), (100, 120))
    lesion = p.c.lesions[-1]
    assert lesion.view == image.view_name
    assert lesion.cx == pytest.approx(70, abs=2) and lesion.cy == pytest.approx(90, abs=2)
    assert lesion.rx == pytest.approx(30, abs=2) and lesion.ry == pytest.approx(30, abs=2)
    # arrow and pen
    p.ctl.set_tool("arrow")
    p.drag((130, 20), (85, 70))
    arrow = p.c.arrows[-1]
    assert (arrow.x1, arrow.y1) == (pytest.approx(130, abs=1.5), pytest.approx(20, abs=1.5))
    assert (arrow.x2, arrow.y2) == (pytest.approx(85, abs=1.5), pytest.approx(70, abs=1.5))
    p.ctl.set_tool("pen")
    p.drag((20, 170), (140, 180), steps=12)
    assert p.c.strokes and p.c.strokes[-1].view == image.view_name
    # text
    p.ctl.set_tool("text")
    p.click(20, 20)
    editor = p.ctl.tools["text"].editor
    assert editor is not None
    QTest.keyClicks(editor, "tumour")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert p.c.texts[-1].text == "tumour" and p.c.texts[-1].view == image.view_name
    assert len(p.ctl.layer.items) == 4
    # the diagram's marks are not on the image
    assert all(m.view == image.view_name for m in
               p.c.lesions + p.c.arrows + p.c.strokes + p.c.texts)

    # undo / redo of a mark
    stack = p.document.undo_stack
    stack.undo()
    assert not p.c.texts
    stack.redo()
    assert p.c.texts[-1].text == "tumour"

    # window/level through the model, undoable, renders differently
    before = qimage_for(image).pixelColor(80, 100).red()
    p.pane.apply_preset("CT bone")
    assert (image.window_center, image.window_width) == (400.0, 1800.0)
    after = qimage_for(image).pixelColor(80, 100).red()
    assert after != before
    stack.undo()
    assert (image.window_center, image.window_width) != (400.0, 1800.0)
    stack.redo()

    # save → open: marks round-trip in image coordinates
    path = tmp_path / "visit.json"
    storage.save(p.c, path)
    back = storage.load(path)
    assert back.to_dict() == p.c.to_dict()
    q = Pane(qtbot, back)
    assert q.pane.current_id == image.id and len(q.ctl.layer.items) == 4
    item = q.ctl.layer.items[lesion.id]
    assert item.scenePos().x() + item.boundingRect().center().x() == pytest.approx(70, abs=3)

    # nothing from the DICOM header anywhere
    blob = path.read_bytes() + caplog.text.encode()
    for secret in SECRET_STRINGS:
        assert secret.encode() not in blob


def test_png_import_and_remove_undo(qtbot, tmp_path):
    p = Pane(qtbot)
    assert p.pane.import_path(make_png(tmp_path / "shot.png", 300, 200)) == ""
    image = p.c.images[0]
    assert image.caption == "Your scan" and not p.pane.wl_row.isVisibleTo(p.pane)
    p.c.language = "es"     # a Spanish visit gets a Spanish default caption
    assert p.pane.import_path(make_dicom(tmp_path / "es.dcm", modality="MR")) == ""
    assert p.c.images[-1].caption == "Su resonancia magnética"
    p.document.undo_stack.undo()
    p.c.language = "en"
    assert p.pane.pixmap_item.pixmap().width() == 300
    p.ctl.set_tool("arrow")
    p.drag((250, 20), (150, 100))
    assert len(p.c.arrows) == 1
    p.pane.remove_current()
    assert not p.c.images and not p.c.arrows
    assert p.pane.stack.currentWidget() is p.pane.empty
    p.document.undo_stack.undo()
    assert p.c.images == [image] and len(p.c.arrows) == 1
    assert p.pane.current_id == image.id and len(p.ctl.layer.items) == 1
    # caption edit is an undo step
    p.pane.caption.setText("Your CT scan, seen from below")
    p.pane.caption.editingFinished.emit()
    assert image.caption == "Your CT scan, seen from below"
    assert p.pane.list.item(0).text() == "Your CT scan, seen from below"
    p.document.undo_stack.undo()
    assert image.caption == "Your scan"


def test_bad_inputs_leave_the_consultation_untouched(qtbot, tmp_path):
    p = Pane(qtbot)
    assert p.pane.import_path(make_png(tmp_path / "ok.png")) == ""
    before = storage.dumps(p.c)
    count = p.document.undo_stack.count()
    for path, expected in _bad_cases(tmp_path):
        message = p.pane.import_path(path)
        assert expected in message
        assert storage.dumps(p.c) == before
        assert p.document.undo_stack.count() == count
    # the sixth image is refused too
    for i in range(4):
        assert p.pane.import_path(make_png(tmp_path / f"{i}.png")) == ""
    full = storage.dumps(p.c)
    assert "at most 5 images" in p.pane.import_path(make_png(tmp_path / "six.png"))
    assert storage.dumps(p.c) == full


def test_import_dialog_says_burned_in_text_is_the_users_responsibility(qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QFileDialog, QLabel

    p = Pane(qtbot)
    seen = {}

    def inspect():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QFileDialog) and w.isVisible():
                note = w.findChild(QLabel, "burned_in_note")
                seen["note"] = note.text() if note is not None else None
                seen["visible"] = note is not None and note.isVisible()
                w.reject()
                return
        QTimer.singleShot(50, inspect)

    QTimer.singleShot(50, inspect)
    p.pane.import_button.click()
    assert seen["note"] == BURNED_IN_NOTE and seen["visible"]
    assert "burned into the picture" in BURNED_IN_NOTE and "your responsibility" in BURNED_IN_NOTE
    assert not p.c.images


def _window_and_saved_visit(qtbot, tmp_path, library, atlas, image_file, caption):
    """A shown main window, and a saved consultation holding one key image."""
    from desktop_app.model.images import import_image
    from desktop_app.ui.main_window import MainWindow

    c = Consultation(visit_date="2026-11-26")
    image = import_image(image_file, caption)
    c.images.append(image)
    path = tmp_path / "visit.json"
    storage.save(c, path)
    w = MainWindow(library, atlas=atlas)
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    w.show()
    qtbot.waitExposed(w)
    return w, path, image


def test_main_window_has_the_images_tab_and_follows_open(qtbot, tmp_path, library, atlas):
    w, path, image = _window_and_saved_visit(
        qtbot, tmp_path, library, atlas, make_dicom(tmp_path / "s.dcm", rows=30, cols=40),
        "Your MRI scan")
    tabs = [w.tabs.tabText(i) for i in range(w.tabs.count())]
    assert "Images" in tabs
    assert w.image_pane.stack.currentWidget() is w.image_pane.empty
    assert w.open_path(path)
    assert w.image_pane.current_id == image.id
    assert w.image_pane.list.item(0).text() == "Your MRI scan"
    # the diagram's marks and the image's marks stay apart
    w.image_pane.ctl.set_tool("arrow")
    w.tabs.setCurrentWidget(w.images_tab)
    pane = Pane.__new__(Pane)
    pane.view, pane.ctl = w.image_pane.view, w.image_pane.ctl
    pane.drag((5, 5), (30, 25))
    assert w.document.consultation.arrows[-1].view == image.view_name
    if w.annotations is not None:
        assert image.view_name not in {m.view for m in w.annotations.layer.items.values()
                                       if hasattr(m, "view")}
        assert not w.annotations.layer.items
    w.act_undo.trigger()
    assert not w.document.consultation.arrows


def test_images_tab_is_made_when_first_shown_and_then_shows_the_open_consultation(
        qtbot, tmp_path, library, atlas):
    """The Images tab costs nothing at start-up; opened later it still shows what the
    consultation opened before holds."""
    w, path, image = _window_and_saved_visit(
        qtbot, tmp_path, library, atlas, make_png(tmp_path / "slice.png", 64, 48), "Your CT scan")
    assert not w.images_tab.is_built()
    assert w.findChild(ImagePane) is None
    assert w.open_path(path)
    assert not w.images_tab.is_built()
    w.tabs.setCurrentWidget(w.images_tab)
    assert w.images_tab.is_built()
    pane = w.findChild(ImagePane)
    assert pane is w.image_pane and pane.isVisible()
    assert pane.list.count() == 1 and pane.list.item(0).text() == "Your CT scan"
    assert pane.current_id == image.id


def test_a_picture_larger_than_stated_is_not_shown(qtbot, tmp_path):
    from desktop_app.model.consultation import KeyImage
    from desktop_app.model.images import import_image

    image = import_image(make_png(tmp_path / "a.png", 40, 30))
    assert qimage_for(image).size().toTuple() == (40, 30)
    liar = KeyImage(**{**vars(image), "width": 4, "height": 3})
    assert qimage_for(liar).isNull()
    p = Pane(qtbot, Consultation(images=[liar]))
    assert "could not be displayed" in p.pane.info.text()


def test_lesion_on_a_scan_takes_the_drawings_number_colour_and_label(qtbot, tmp_path):
    from desktop_app.model.consultation import Lesion

    c = Consultation(lesions=[Lesion(view="sagittal", number=1, cx=300, cy=300,
                                     color="#CC79A7", label="the cyst"),
                              Lesion(view="sagittal", number=2, cx=200, cy=200)])
    p = Pane(qtbot, c)
    assert p.pane.import_path(make_dicom(tmp_path / "s.dcm", rows=120, cols=120)) == ""
    view = p.c.images[0].view_name
    p.ctl.set_tool("lesion")
    p.drag((20, 20), (60, 60))
    first = p.c.marks_in(view)["lesions"][0]
    assert (first.number, first.color, first.label) == (1, "#CC79A7", "the cyst")
    p.ctl.set_tool("lesion")
    p.drag((70, 70), (100, 100))
    second = p.c.marks_in(view)["lesions"][1]
    assert second.number == 2 and second.label == ""
    p.ctl.set_tool("lesion")
    p.drag((5, 80), (25, 110))
    assert p.c.marks_in(view)["lesions"][2].number == 3


def test_double_click_edits_number_and_label_of_an_image_lesion(qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLineEdit, QSpinBox

    from desktop_app.model.consultation import Lesion

    c = Consultation(lesions=[Lesion(view="sagittal", number=1, cx=300, cy=300),
                              Lesion(view="sagittal", number=2, cx=200, cy=200,
                                     color="#009E73")])
    p = Pane(qtbot, c)
    assert p.pane.import_path(make_dicom(tmp_path / "s.dcm", rows=120, cols=120)) == ""
    p.ctl.set_tool("lesion")
    p.drag((20, 20), (60, 60))
    lesion = p.c.marks_in(p.c.images[0].view_name)["lesions"][0]
    assert lesion.number == 1
    p.ctl.set_tool("select")

    def fill():
        for w in QApplication.topLevelWidgets():
            if w.objectName() == "image_lesion_dialog" and w.isVisible():
                w.findChild(QSpinBox, "image_lesion_number").setValue(2)
                w.findChild(QLineEdit, "image_lesion_label").setText("the  mass")
                w.accept()
                return
        QTimer.singleShot(30, fill)

    QTimer.singleShot(30, fill)
    QTest.mouseDClick(p.vp, LEFT, NOMOD, p.at(40, 40))
    assert (lesion.number, lesion.label, lesion.color) == (2, "the mass", "#009E73")
    p.document.undo_stack.undo()
    assert (lesion.number, lesion.label) == (1, "")


def test_zoom_with_the_wheel_pan_by_dragging_and_fit(qtbot, tmp_path):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QWheelEvent

    p = Pane(qtbot)
    p.pane.resize(600, 800)     # a narrow column (as beside the drawing): room to pan both ways
    assert p.pane.import_path(make_dicom(tmp_path / "s.dcm", rows=200, cols=200)) == ""
    fitted = p.view.zoom()
    centre = QPointF(p.vp.rect().center())
    wheel = QWheelEvent(centre, QPointF(p.vp.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 360), Qt.MouseButton.NoButton, NOMOD,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(p.vp, wheel)
    assert p.view.zoom() == pytest.approx(fitted * 1.15 ** 3, rel=1e-3)
    # select tool on the background: the drag pans the picture (no mark made)
    p.ctl.set_tool("select")
    before = p.view.mapToScene(p.vp.rect().center())
    p.drag((100, 100), (60, 60))
    after = p.view.mapToScene(p.vp.rect().center())
    assert after.x() > before.x() + 5 and after.y() > before.y() + 20   # (x: scroll range)
    assert not (p.c.lesions or p.c.strokes or p.c.arrows or p.c.texts)
    p.ctl.set_tool("pen")
    assert p.view.dragMode() == p.view.DragMode.NoDrag
    assert p.vp.cursor().shape() == Qt.CursorShape.CrossCursor
    p.ctl.set_tool("select")
    assert p.view.dragMode() == p.view.DragMode.ScrollHandDrag
    QTest.keyClick(p.view, Qt.Key.Key_0)
    assert p.view.zoom() == pytest.approx(fitted, rel=1e-3)


def test_paste_and_drop_add_pictures(qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QColor, QDropEvent, QImage

    p = Pane(qtbot)
    picture = QImage(64, 48, QImage.Format.Format_RGB32)
    picture.fill(QColor("#808080"))
    QApplication.clipboard().setImage(picture)
    p.pane.paste_button.click()
    (image,) = p.c.images
    assert (image.kind, image.width, image.height, image.caption) == ("png", 64, 48, "Your scan")
    assert "no picture" in p.pane.paste_image(QImage())
    # files dropped from the file manager: good ones added, bad ones reported, nothing else
    bad = tmp_path / "notes.txt"
    bad.write_text("not an image")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(make_dicom(tmp_path / "d.dcm"))),
                  QUrl.fromLocalFile(str(bad))])
    from unittest import mock

    with mock.patch("desktop_app.ui.image_pane.QMessageBox.warning") as warning:
        drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, LEFT, NOMOD)
        p.pane.dropEvent(drop)
    assert [x.kind for x in p.c.images] == ["png", "dicom-gray16"]
    assert p.pane.last_drop_problems == ["'notes.txt' is not a PNG, JPEG or DICOM image."]
    assert warning.called
    p.document.undo_stack.undo()
    p.document.undo_stack.undo()
    assert not p.c.images


def test_a_lesion_on_a_scan_is_filled_lightly_so_the_mass_shows_through(qtbot, tmp_path):
    """On the patient's own scan the lesion's fill is fainter than on the drawing (the patient
    should see the mass itself); outline and number stay as strong."""
    from desktop_app.diagram.items import LesionItem
    from desktop_app.model.lesions import FILL_OPACITY, SCAN_FILL_OPACITY

    p = Pane(qtbot)
    p.pane.import_path(make_png(tmp_path / "grey.png", 200, 160, grey=128), "Your scan")
    p.ctl.set_tool("lesion")
    p.drag((40, 40), (160, 120))
    lesion = p.c.lesions[-1]
    assert lesion.view.startswith("image:")
    item = next(it for it in p.view.scene().items() if isinstance(it, LesionItem))
    assert item.fill_alpha == SCAN_FILL_OPACITY
    p.ctl.set_tool("select")
    p.view.scene().clearSelection()
    QApplication.processEvents()
    shot = p.view.viewport().grab().toImage()
    # inside the ellipse, halfway between its centre (badge) and its left edge
    pos = p.at(lesion.cx - lesion.rx / 2, lesion.cy)
    got = QColor(shot.pixel(pos))
    ink = QColor(lesion.color)

    def blend(alpha):
        return [round(128 * (1 - alpha) + c * alpha) for c in (ink.red(), ink.green(), ink.blue())]

    rgb = [got.red(), got.green(), got.blue()]
    expected = blend(SCAN_FILL_OPACITY)
    assert all(abs(a - b) <= 4 for a, b in zip(rgb, expected)), (rgb, expected)
    assert SCAN_FILL_OPACITY < FILL_OPACITY
