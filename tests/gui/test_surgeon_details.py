"""Small things a surgeon saw in the main window: the S3 aid's text whole at 1,280 × 720, the
Override button's arrow beside its word, the lesion panel there only while a lesion is
selected (or as the surgeon set it), the suspected types grouped without leading spaces, no
old explanation under a new drawing, and every drawing tool's name shown at 1,366 px."""

import pytest
from PySide6.QtCore import QPointF, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QApplication, QLabel, QPushButton, QStyle, QStyleOptionViewItem,
                               QToolButton)

from desktop_app.diagram.palette import OKABE_ITO
from desktop_app.services import content_loader
from desktop_app.ui.lesion_dock import CHOICE_KEY
from desktop_app.ui.lesion_panel import INDENT_PX, INDENT_ROLE
from desktop_app.ui.main_window import MainWindow
from tests.conftest import EXAMPLE

LEFT, NOMOD = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


@pytest.fixture
def open_visit(qtbot, library, atlas):
    QSettings().remove(CHOICE_KEY)

    def make(width=1366, height=768, path=EXAMPLE):
        w = MainWindow(library, atlas=atlas, content_for=content_loader([]))
        qtbot.addWidget(w)
        w.maybe_save = lambda: True
        w.resize(width, height)
        w.show()
        qtbot.waitExposed(w)
        if path:
            assert w.open_path(path)
        QApplication.processEvents()
        return w
    yield make
    QSettings().remove(CHOICE_KEY)


def click_scene(window, x, y, double=False):
    view = window.diagram_pane.view
    pos = view.mapFromScene(QPointF(x, y))
    if double:
        QTest.mouseDClick(view.viewport(), LEFT, NOMOD, pos)
    else:
        QTest.mouseClick(view.viewport(), LEFT, NOMOD, pos)
    QApplication.processEvents()


LESION_AT = (462, 300)        # the example's lesion 1 (centre, diagram units)
EMPTY_AT = (40, 40)           # a corner of the drawing with nothing on it


# ------------------------------------------------------------------ the S3 aid and Override
def test_the_s3_aids_text_is_whole_on_a_short_screen(open_visit, qtbot):
    w = open_visit(1280, 720)
    click_scene(w, *LESION_AT)
    assert w.lesion_dock.isVisible()
    panel = w.lesion_panel
    assert panel.stack.currentWidget() is panel.form_scroll
    box = panel.approach_box
    labels = [lab for lab in box.findChildren(QLabel) if lab.isVisible() and lab.wordWrap()]
    assert len(labels) >= 3                               # kind, reason, status, the note
    for label in labels:
        need = label.heightForWidth(label.width())
        assert label.height() >= need, (label.objectName(), label.height(), need)
    # the form is taller than the dock at 720 px: it scrolls instead of squeezing
    form = panel.form_scroll
    assert form.widget().height() >= form.widget().minimumSizeHint().height()


def test_overrides_arrow_has_its_own_room(open_visit):
    w = open_visit()
    click_scene(w, *LESION_AT)
    button = w.lesion_panel.override
    assert isinstance(button, QPushButton) and button.menu() is not None
    style = button.style()
    word = button.fontMetrics().horizontalAdvance(button.text())
    arrow = style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
    margins = 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, button)
    assert button.width() >= word + arrow + margins
    assert {a.objectName() for a in button.menu().actions()} == {
        "override_posterior", "override_anterior", "override_combined"}


# ------------------------------------------------------------------ the lesion panel
def test_the_lesion_panel_is_there_while_a_lesion_is_selected(open_visit, qtbot):
    w = open_visit()
    assert w.document.consultation.lesions
    assert not w.lesion_dock.isVisible()           # an opened visit opens no panel
    explanations = w.tabs.width()
    click_scene(w, *LESION_AT)
    assert w.lesion_dock.isVisible()
    assert w.lesion_panel.current() is not None
    click_scene(w, *EMPTY_AT)                      # nothing selected: the room comes back
    qtbot.waitUntil(lambda: not w.lesion_dock.isVisible())
    qtbot.waitUntil(lambda: w.tabs.width() == explanations)
    w.close()
    w2 = open_visit()                              # the next visit opened: still closed
    assert not w2.lesion_dock.isVisible()


def test_the_surgeons_choice_is_kept(open_visit, qtbot):
    w = open_visit()
    toggle = w.lesion_dock.toggleViewAction()
    click_scene(w, *LESION_AT)
    assert w.lesion_dock.isVisible()
    toggle.trigger()                               # View ▸ Lesion panel: off
    assert not w.lesion_dock.isVisible()
    assert QSettings().value(CHOICE_KEY) == "closed"
    click_scene(w, *EMPTY_AT)
    click_scene(w, *LESION_AT)                     # selecting again does not reopen it
    assert w.lesion_panel.current() is not None and not w.lesion_dock.isVisible()
    w.close()
    w = open_visit()                               # nor at the next start
    click_scene(w, *LESION_AT)
    assert not w.lesion_dock.isVisible()
    click_scene(w, *LESION_AT, double=True)        # a double-click on a lesion always does
    assert w.lesion_dock.isVisible()
    assert QSettings().value(CHOICE_KEY) == "auto"
    # kept open: stays while nothing is selected
    click_scene(w, *EMPTY_AT)
    qtbot.waitUntil(lambda: not w.lesion_dock.isVisible())
    toggle = w.lesion_dock.toggleViewAction()
    toggle.trigger()
    assert w.lesion_dock.isVisible() and QSettings().value(CHOICE_KEY) == "open"
    click_scene(w, *LESION_AT)
    click_scene(w, *EMPTY_AT)
    assert w.lesion_dock.isVisible()
    # the dock's own close button: closed, remembered
    w.lesion_dock.close()
    assert QSettings().value(CHOICE_KEY) == "closed"


def test_a_bad_stored_choice_means_follow_the_selection(open_visit, qtbot):
    QSettings().setValue(CHOICE_KEY, "sideways")
    w = open_visit(path=None)
    assert w.lesion_dock.choice == "auto"
    assert not w.lesion_dock.isVisible()


# ------------------------------------------------------------------ suspected type
def test_suspected_types_are_grouped_without_leading_spaces(open_visit, library):
    w = open_visit()
    click_scene(w, *LESION_AT)
    box = w.lesion_panel.suspected
    model = box.model()
    texts = [box.itemText(i) for i in range(box.count())]
    assert all(t == t.strip() for t in texts)
    headers = [i for i in range(box.count()) if box.itemData(i) is None]
    assert headers and all(not model.item(i).isEnabled() for i in headers)
    members = [i for i in range(box.count()) if model.item(i).data(INDENT_ROLE)]
    assert {box.itemData(i) for i in members} == {x.id for x in library.items("tumour_types")}
    # the example lesion is a tailgut cyst: the closed box shows its name as written
    assert box.currentData() == "tailgut_cyst"
    assert box.currentText() == library.item("tailgut_cyst").title
    # in the open list a member is drawn one step in, a heading is not
    delegate = box.itemDelegate()
    for row, step in ((members[0], INDENT_PX), (headers[0], 0)):
        option = QStyleOptionViewItem()
        option.rect = QRect(0, 0, 200, 20)
        delegate.initStyleOption(option, model.index(row, 0))
        assert option.rect.left() == step


# ------------------------------------------------------------------ explain a part
def test_a_new_drawing_takes_the_old_explanation_with_it(open_visit, atlas):
    w = open_visit(path=None)
    combo = w.structure_chooser.combo
    info = w.explain_area.info

    def choose(sid):
        combo.setCurrentIndex(combo.findData(sid))
        combo.activated.emit(combo.currentIndex())

    womb = atlas.structure("uterus").lay("en").capitalize()
    choose("uterus")
    assert womb in info.text()
    w.diagram_pane.variant_actions["male"].trigger()      # no womb on this drawing
    assert combo.currentText() == "—"
    assert womb not in info.text() and "Click a part" in info.text()
    # a part both drawings have stays chosen and explained
    sacrum = atlas.structure("sacrum").lay("en").capitalize()
    choose("sacrum")
    w.diagram_pane.variant_actions["female"].trigger()
    assert combo.currentData() == "sacrum" and sacrum in info.text()
    assert w.diagram_pane.selected == "sacrum"
    w.diagram_pane.view_actions["axial"].trigger()
    if combo.findData("sacrum") < 0:
        assert combo.currentText() == "—" and sacrum not in info.text()
    else:
        assert combo.currentData() == "sacrum" and sacrum in info.text()


# ------------------------------------------------------------------ the drawing toolbar
@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)], ids=["1280", "1366"])
def test_every_tool_name_shows(open_visit, qtbot, size):
    """601 px for the toolbar at 1,280 x 720 (642 at 1,366): the names need 560."""
    w = open_visit(*size, path=None)
    toolbar = w.annotations.toolbar
    assert toolbar.width() <= {1280: 602, 1366: 642}[size[0]]
    assert toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextUnderIcon
    buttons = [b for b in toolbar.findChildren(QToolButton)
               if b.isVisible() and b.objectName() != "qt_toolbar_ext_button"]
    assert len(buttons) == 11
    extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible()     # nothing pushed out of sight
    for button in buttons:
        assert button.text()
        assert button.fontMetrics().horizontalAdvance(button.text()) <= button.width()
        assert toolbar.rect().contains(button.geometry())
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus     # reachable by keyboard
        assert button.accessibleName() or button.text()
    # the shapes: one button, its menu the highlighter and the three shapes
    shapes = toolbar.shapes_button
    assert [a.objectName() for a in toolbar.shapes_menu.actions()] == [
        "tool_highlighter", "tool_ellipse", "tool_rect", "tool_area"]
    toolbar.tool_actions["rect"].trigger()                     # chosen from the menu
    assert w.annotations.tool.name == "rect" and shapes.isChecked()
    assert shapes.icon().cacheKey() == toolbar.tool_actions["rect"].icon().cacheKey()
    toolbar.tool_actions["select"].trigger()
    assert not shapes.isChecked()
    qtbot.mouseClick(shapes, LEFT, pos=shapes.rect().topLeft() + shapes.rect().center() / 2)
    assert w.annotations.tool.name == "rect"                   # its click: the shape shown
    # the stamps: one button, pressed while the stamp tool is in use
    toolbar.stamp_button.actions_by_kind[next(iter(toolbar.stamp_button.actions_by_kind))] \
        .trigger()
    assert w.annotations.tool.name == "stamp" and toolbar.stamp_button.isChecked()


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)], ids=["1280", "1366"])
def test_zoom_and_fit_stay_in_sight(open_visit, qtbot, size):
    """The drawing's own toolbar (views, variants, labels, zoom, Fit) needs 564 px with the
    narrower buttons; 601 are there at 1,280 (it needed 614: + and Fit went out of sight)."""
    w = open_visit(*size, path=None)
    toolbar = w.diagram_pane.toolbar
    assert toolbar.sizeHint().width() <= toolbar.width()
    extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible()
    for act in (w.diagram_pane.act_zoom_in, w.diagram_pane.act_fit):
        button = toolbar.widgetForAction(act)
        assert button.isVisible() and toolbar.rect().contains(button.geometry())
        assert button.fontMetrics().horizontalAdvance(button.text()) <= button.width()


def test_a_long_colour_name_never_pushes_tools_out_of_sight(open_visit, qtbot):
    """Every colour at 1,280 x 720 (the longest name, "Vermillion", needs 593 of 601 px); a
    two-word name is one word on the button, whole in its tooltip and accessible name."""
    w = open_visit(1280, 720, path=None)
    toolbar = w.annotations.toolbar
    extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    for name, colour in OKABE_ITO:
        toolbar.colour_actions[colour].trigger()
        QApplication.processEvents()
        assert toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextUnderIcon, name
        assert toolbar.colour_button.text() == {"Reddish purple": "Purple",
                                                "Bluish green": "Green"}.get(name, name)
        assert name in toolbar.colour_button.toolTip()
        assert toolbar.colour_button.accessibleName() == f"Color: {name}"
        assert extension is None or not extension.isVisible()
        for button in toolbar.findChildren(QToolButton):
            if button.isVisible():
                assert toolbar.rect().contains(button.geometry()), button.objectName()
                assert button.fontMetrics().horizontalAdvance(button.text()) <= button.width()
    # the toolbar still goes to icons only rather than push a tool out of sight: at the
    # width its names need and one px short of it
    toolbar.colour_actions[next(h for n, h in OKABE_ITO if n == "Blue")].trigger()
    QApplication.processEvents()
    wide, now = toolbar._wide_width(), toolbar.size()
    assert wide <= 601                      # the room at 1,280 x 720 (560 measured)
    QApplication.sendEvent(toolbar, QResizeEvent(QSize(wide, now.height()), now))
    assert toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextUnderIcon
    QApplication.sendEvent(toolbar, QResizeEvent(QSize(wide - 1, now.height()), now))
    assert toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
