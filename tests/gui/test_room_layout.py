"""The window at clinic screen sizes: every section in view, the drawing the largest thing,
nothing moving while the surgeon works."""

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.services import content_loader
from desktop_app.ui import room_layout
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.navigation import GROUPS

LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier
LABELLED = Qt.ToolButtonStyle.ToolButtonTextUnderIcon


@pytest.fixture
def make_window(qtbot, library, atlas):
    from PySide6.QtCore import QSettings

    QSettings().remove(room_layout.KEY)

    def make(width, height, lesion_panel=False):
        w = MainWindow(library, atlas=atlas, content_for=content_loader([]))
        qtbot.addWidget(w)
        w.maybe_save = lambda: True
        w.resize(width, height)
        w.show()
        qtbot.waitExposed(w)
        if lesion_panel:
            w.lesion_dock.show()
        QApplication.processEvents()
        qtbot.waitUntil(lambda: w.width() == width)
        return w
    yield make
    QSettings().remove(room_layout.KEY)      # a dragged share must not reach other tests


def _section_names_in_view(window) -> list[str]:
    """The names of the sections whose whole text is inside the list's visible area."""
    view = window.sections
    shown = []
    area = view.viewport().rect()
    metrics = view.fontMetrics()
    for item in view.section_items.values():
        rect = view.visualItemRect(item)
        fits = metrics.horizontalAdvance(item.text()) + 8 <= rect.width()
        if area.contains(rect) and fits and view.isVisible():
            shown.append(item.text())
    return shown


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720), (1920, 1080)])
def test_every_section_in_view_with_the_lesion_panel_open(make_window, size):
    window = make_window(*size, lesion_panel=True)
    assert window.lesion_dock.isVisible()
    names = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert len(names) == 10
    assert sorted(_section_names_in_view(window)) == sorted(names)
    assert not window.sections.verticalScrollBar().isVisible()
    assert window.tabs.tabBar().isHidden()      # no tab bar with scroll arrows


def test_the_drawing_is_the_largest_thing_at_1366(make_window):
    window = make_window(1366, 768, lesion_panel=True)
    drawing = window.diagram_pane.width()
    assert drawing >= 0.45 * window.width()
    for other in (window.tabs, window.lesion_dock, window.sections):
        assert drawing > other.width()



def test_opening_the_lesion_panel_takes_no_width_from_the_drawing(make_window, qtbot):
    window = make_window(1366, 768)
    pane = window.diagram_pane
    style = window.annotations.toolbar.toolButtonStyle()
    before = pane.geometry(), window.annotations.toolbar.geometry()
    window.lesion_dock.show()
    qtbot.waitUntil(lambda: window.tabs.width() < 600)
    QApplication.processEvents()
    assert (pane.geometry(), window.annotations.toolbar.geometry()) == before
    assert window.annotations.toolbar.toolButtonStyle() == style    # names kept if shown
    window.lesion_dock.hide()
    QApplication.processEvents()
    assert (pane.geometry(), window.annotations.toolbar.geometry()) == before


def test_clicking_a_section_shows_it_in_one_click(make_window, qtbot):
    window = make_window(1366, 768, lesion_panel=True)
    for key, item in window.sections.section_items.items():
        rect = window.sections.visualItemRect(item)
        QTest.mouseClick(window.sections.viewport(), LEFT, NOMOD, rect.center())
        assert window.tabs.currentWidget().property("section_key") == key
    # a page opened another way (search) is followed by the list
    window.reveal_item("mri")
    assert window.sections.currentItem() is window.sections.section_items["workup"]
    # the keyboard walks the sections, skipping the group headings
    window.sections.setFocus()
    window.sections.show_section("images")
    QTest.keyClick(window.sections, Qt.Key.Key_Down)
    assert window.tabs.currentWidget() is window.pages["overview"]


def test_sections_are_grouped_in_consultation_order(make_window):
    window = make_window(1366, 768)
    order = [k for _g, keys in GROUPS for k in keys]
    listed = [window.sections.key_of(window.sections.item(i))
              for i in range(window.sections.count())]
    assert [k for k in listed if k] == order
    headings = [window.sections.item(i).text() for i in range(window.sections.count())
                if not listed[i]]
    assert headings == ["VISIT", "EXPLAIN", "PLAN", "HAND-OUT"]


def _click_part(window, structure_id):
    pane = window.diagram_pane
    shape = pane.layer.outline(structure_id)
    rect = shape.boundingRect()
    for fx in (0.5, 0.4, 0.6, 0.3, 0.7):
        for fy in (0.5, 0.4, 0.6, 0.3, 0.7):
            p = QPointF(rect.left() + rect.width() * fx, rect.top() + rect.height() * fy)
            if pane.structure_at(p.x(), p.y()) == structure_id:
                QTest.mouseClick(pane.view.viewport(), LEFT, NOMOD, pane.view.mapFromScene(p))
                return
    raise AssertionError(f"no point on {structure_id}")


def test_explaining_a_part_does_not_move_the_drawing(make_window, qtbot):
    window = make_window(1366, 768, lesion_panel=True)
    before = window.diagram_pane.geometry()
    area = window.explain_area.geometry()
    for part in ("sacrum", "rectum", "presacral_space"):
        _click_part(window, part)
        QApplication.processEvents()
        name = window.atlas.structure(part).lay("en").capitalize()
        assert name in window.info.text()
        assert window.diagram_pane.geometry() == before
        assert window.explain_area.geometry() == area
        # the chooser names the part explained, and "Read more" is in view
        assert window.structure_chooser.combo.currentData() == part
        more = window.explain_area.read_more
        if window.atlas.structure(part).topic:
            assert more.isVisible() and more.text()
            assert QRect(QPoint(0, 0), window.size()).contains(
                QRect(more.mapTo(window, QPoint(0, 0)), more.size()))


def test_read_more_opens_the_explanation(make_window, qtbot):
    window = make_window(1280, 720, lesion_panel=True)
    _click_part(window, "presacral_space")
    more = window.explain_area.read_more
    topic = window.atlas.structure("presacral_space").topic
    assert topic
    # the link is the label's whole text: a click in its middle follows it
    QTest.mouseClick(more, LEFT, NOMOD, QPoint(more.width() // 2, more.height() // 2))
    item = window.library.item(topic)
    assert window.tabs.currentWidget() is window.pages[item.topic]


def test_dragging_the_handle_sets_the_drawings_share(make_window, qtbot):
    window = make_window(1366, 768)
    split = window.splitter
    split.moveSplitter(760, 1)
    assert split.share == pytest.approx(760 / 1366, abs=0.01)
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: window.width() == 1600)
    QApplication.processEvents()
    assert window.diagram_pane.width() == pytest.approx(split.share * 1600, abs=4)


def test_usable_at_1280_by_720(make_window):
    window = make_window(1280, 720, lesion_panel=True)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 720
    assert window.size().width() == 1280 and window.size().height() == 720
    assert window.diagram_pane.width() >= 0.44 * 1280
    assert window.tabs.width() >= 290


def test_importing_and_switching_scans_moves_nothing(make_window, qtbot, tmp_path):
    from tests.dicom_samples import make_mri_like, make_png

    window = make_window(1366, 768, lesion_panel=True)
    window.sections.show_section("images")
    pane = window.image_pane
    QApplication.processEvents()

    def places():
        QApplication.processEvents()
        return [w.geometry() for w in (pane.list, pane.import_button, pane.paste_button,
                                       pane.remove_button, pane.caption, pane.toolbar)]

    def buttons():
        QApplication.processEvents()
        return [w.geometry() for w in (pane.import_button, pane.scans_button, pane.paste_button)]

    # empty: only the buttons and a message (the list, caption and tools come with an image)
    assert not pane.list.isVisible() and not pane.toolbar.isVisible()
    empty = buttons()
    assert pane.import_path(make_mri_like(tmp_path / "mr.dcm", spacing=(0.8, 0.8))) == ""
    assert buttons() == empty
    assert pane.list.isVisible() and pane.toolbar.isVisible()
    before = places()
    assert pane.import_path(make_png(tmp_path / "shot.png", 400, 300)) == ""
    assert places() == before
    # another image picked in the list: a click where "Import image…" is still imports
    rect = pane.list.visualItemRect(pane.list.item(0))
    QTest.mouseClick(pane.list.viewport(), LEFT, NOMOD, rect.center())
    assert pane.current_id == window.document.consultation.images[0].id
    assert places() == before
    assert window.diagram_pane.width() >= 0.45 * window.width()


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
def test_every_button_on_the_images_screen_shows_its_whole_text(make_window, tmp_path, size):
    from PySide6.QtWidgets import QPushButton, QToolButton

    from tests.dicom_samples import make_mri_like

    window = make_window(*size, lesion_panel=True)
    window.sections.show_section("images")
    pane = window.image_pane
    for state in ("empty", "with a scan"):
        if state == "with a scan":
            assert pane.import_path(make_mri_like(tmp_path / "mr.dcm", spacing=(0.8, 0.8))) == ""
        QApplication.processEvents()
        icon_only = Qt.ToolButtonStyle.ToolButtonIconOnly
        push = [b for b in pane.findChildren(QPushButton) if b.isVisibleTo(window)]
        tools = [b for b in pane.findChildren(QToolButton) if b.isVisibleTo(window)
                 and b.text() and b.toolButtonStyle() != icon_only]
        assert {pane.import_button, pane.scans_button, pane.paste_button} <= set(push)
        for b in push + tools:
            need = b.fontMetrics().horizontalAdvance(b.text().replace("&", ""))
            assert need <= b.width(), (size, state, b.text(), need, b.width())
            assert b.geometry().right() < b.parentWidget().width(), (size, state, b.text())
        # nothing under another: the buttons' rectangles do not overlap
        rects = [b.geometry() for b in push]
        assert not [(a, c) for i, a in enumerate(rects) for c in rects[i + 1:]
                    if a.intersects(c)], (size, state)
