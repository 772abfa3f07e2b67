"""Keyboard-only walk-through of the main flows, as a surgeon who does not touch the mouse."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox

from desktop_app.services import content_loader


@pytest.fixture
def window(make_window, qtbot):
    """The shared window, with the content loader the app uses, and the keyboard focus."""
    w = make_window(content_for=content_loader([]))
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def focus(qtbot, widget):
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def key(qtbot, k, mod=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), k, mod)


def test_keyboard_only_consultation(window, qtbot):
    c = window.document.consultation
    # 1. find a topic with Ctrl+F, open it with Enter
    focus(qtbot, window.tabs.currentWidget())
    key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search
    qtbot.keyClicks(window.search, "MRI scan")
    key(qtbot, Qt.Key.Key_Return)
    card = window.pages["workup"].cards["mri"]
    assert window.tabs.currentWidget() is window.pages["workup"] and card.detail.isVisible()
    # 2. tick "Ordered" with Space on the focused check box
    focus(qtbot, card.checks["tests"])
    key(qtbot, Qt.Key.Key_Space)
    assert c.tests == ["mri"]
    # 3. place a lesion without the mouse, move it with the arrow keys, undo the move
    key(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.ShiftModifier)
    assert len(c.lesions) == 1
    lesion = c.lesions[0]
    x0 = lesion.cx
    assert QApplication.focusWidget() is window.diagram_pane.view
    key(qtbot, Qt.Key.Key_Right)
    assert c.lesions[0].cx > x0
    key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert c.lesions[0].cx == pytest.approx(x0)
    # 4. explain a part of the drawing from the keyboard
    combo = window.structure_chooser.combo
    focus(qtbot, combo)
    index = combo.findData("coccyx")
    assert index > 0
    assert combo.itemText(index) == "Tailbone (Coccyx)"
    spot = combo.findData("presacral_space")   # its medical name has brackets of its own
    assert combo.itemText(spot) == "Space in front of the sacrum — Presacral (retrorectal) space"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # what Enter on the open list does
    assert "Coccyx" in window.info.text()
    assert window.diagram_pane.selected == "coccyx"
    # 5. presentation mode with F5, leave with Esc
    key(qtbot, Qt.Key.Key_F5)
    p = window.presentation
    assert p is not None and p.isVisible()
    p.activateWindow()
    qtbot.waitUntil(p.isActiveWindow)
    qtbot.keyClick(p, Qt.Key.Key_Escape)
    assert not p.isVisible()


def test_every_menu_action_has_a_name_and_key_reachable_menus(window):
    for menu_action in window.menuBar().actions():
        assert "&" in menu_action.text(), f"menu {menu_action.text()} has no Alt key"
        for act in menu_action.menu().actions():
            if act.isSeparator():
                continue
            assert act.text().strip(), "an unnamed menu entry"


def test_check_boxes_have_accessible_names(window):
    for page in window.pages.values():
        assert page.cards  # pages build their cards when first shown or used
    boxes = window.findChildren(QCheckBox)
    assert boxes
    for box in boxes:
        assert box.accessibleName(), box.objectName()
    assert window.diagram_pane.view.accessibleName()
    assert window.structure_chooser.combo.accessibleName()
