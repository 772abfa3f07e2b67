"""The lesion panel is made when first needed, and then behaves as if it had always been
there: a lesion selected or double-clicked, the dock opened from the View menu, a lesion
selected on a scan, or a stored "keep it open"."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from desktop_app.ui.lesion_dock import CHOICE_KEY, OPEN


def test_the_first_screen_has_no_lesion_panel(window):
    assert not window.lesion_dock.is_made()
    assert not window.lesion_dock.isVisible()
    assert window.lesion_dock.widget() is None


def test_a_lesion_selected_makes_the_panel_and_shows_it(window, qtbot):
    ctl = window.annotations
    lesion_id = ctl.add_lesion(300, 300)           # added and selected, as the tool does
    assert window.lesion_dock.is_made()
    qtbot.waitUntil(window.lesion_dock.isVisible)
    panel = window.lesion_panel
    assert panel.lesion_id == lesion_id           # it took the selection that made it
    assert panel.chooser.currentData() == lesion_id
    ctl.select([])
    qtbot.waitUntil(lambda: not window.lesion_dock.isVisible())   # follows the selection


def test_a_double_click_makes_the_panel_and_brings_it_forward(window, qtbot):
    ctl = window.annotations
    lesion_id = ctl.add_lesion(300, 300)
    ctl.select([])
    window.lesion_dock.hide()
    # a fresh window whose panel was never made: the double-click alone makes it
    other = type(window)(window.library, atlas=window.atlas)
    qtbot.addWidget(other)
    other.maybe_save = lambda: True
    other.show()
    qtbot.waitExposed(other)
    other.document.consultation.lesions.append(
        next(m for m in window.document.consultation.lesions if m.id == lesion_id))
    assert not other.lesion_dock.is_made()
    other.annotations.lesionActivated.emit(lesion_id)
    qtbot.waitUntil(other.lesion_dock.isVisible)
    assert other.lesion_panel.lesion_id == lesion_id
    # and the next double-click goes as it always did: panel first, then the dock
    other.lesion_dock.hide()
    other.annotations.lesionActivated.emit(lesion_id)
    qtbot.waitUntil(other.lesion_dock.isVisible)


def test_the_view_menu_opens_a_made_panel(window, qtbot):
    window.lesion_dock.toggleViewAction().trigger()
    qtbot.waitUntil(window.lesion_dock.isVisible)
    assert window.lesion_dock.widget() is window.lesion_panel
    assert window.lesion_panel.isVisible()
    assert QSettings().value(CHOICE_KEY) == OPEN


def test_keep_it_open_makes_it_at_start(make_window, qtbot):
    QSettings().setValue(CHOICE_KEY, OPEN)
    w = make_window()
    assert w.lesion_dock.is_made() and w.lesion_dock.isVisible()


def test_a_scan_opened_before_the_panel_is_followed(window, qtbot):
    pane = window.image_pane                       # the Images tab made, panel not
    assert not window.lesion_dock.is_made()
    assert pane.ctl in window.lesion_dock._followed
    window.lesion_panel                            # noqa: B018 - made now
    assert pane.ctl in window.lesion_panel.controllers
