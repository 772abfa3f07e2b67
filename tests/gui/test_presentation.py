"""Presentation mode: second screen, live marks, patient language, never clinician notes."""

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication

from desktop_app.app import content_loader
from desktop_app.diagram.commands import AddMark
from desktop_app.document import Document
from desktop_app.model import storage
from desktop_app.model.consultation import Consultation, Lesion
from desktop_app.ui.presentation import PresentationWindow, choose_screen, topic_html
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
    size = presentation.topic.font().pointSize()
    presentation.scale_text(+4)
    assert presentation.topic.font().pointSize() == size + 4


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
