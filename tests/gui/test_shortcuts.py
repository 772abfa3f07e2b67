"""Keyboard shortcuts: the platform's standard keys work, and no key is claimed twice.

Qt does nothing at all ("Ambiguous shortcut overload") when two shortcuts that can be active
at the same moment share a key, so a duplicate silently disables both.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from desktop_app.services import content_loader
from desktop_app.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, library, atlas):
    w = MainWindow(library, atlas=atlas, content_for=content_loader([]))
    qtbot.addWidget(w)
    w.maybe_save = lambda: True
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def _menu_owner(widget: QWidget) -> QWidget | None:
    """The widget that owns a menu (bar): a menu's actions are reachable from that window.
    None for widgets that are not menus."""
    if not isinstance(widget, (QMenu, QMenuBar)):
        return None
    while isinstance(widget, (QMenu, QMenuBar)) and widget.parentWidget() is not None:
        widget = widget.parentWidget()
    return widget


def _regions(obj) -> list[tuple[QWidget | None, Qt.ShortcutContext]]:
    """Where a shortcut can fire: (widget whose subtree it covers, context); None = anywhere."""
    if isinstance(obj, QShortcut):
        owners = [obj.parent()]
    else:
        owners = [o for o in obj.associatedObjects() if isinstance(o, QWidget)]
    out = []
    for owner in owners:
        context = obj.shortcutContext() if isinstance(obj, QAction) else obj.context()
        if context == Qt.ShortcutContext.ApplicationShortcut:
            out.append((None, context))
            continue
        menu_owner = _menu_owner(owner)
        if menu_owner is not None:
            # Qt matches a menu's action by the menu bar's window for a window shortcut; a
            # widget-scoped action listed in a menu fires only through its own widget
            if context != Qt.ShortcutContext.WindowShortcut:
                continue
            owner = menu_owner
        out.append((owner.window() if context == Qt.ShortcutContext.WindowShortcut else owner,
                    context))
    return out


def _overlap(a: QWidget | None, b: QWidget | None) -> bool:
    if a is None or b is None:
        return True
    return a is b or a.isAncestorOf(b) or b.isAncestorOf(a)


def shortcut_clashes(root: QWidget) -> list[str]:
    """Every key claimed by two actions / shortcuts that can be active at the same time.

    The same key in two disjoint parts of the window is allowed on purpose: Ctrl +/-/0 zoom
    the drawing while it has the focus and scale the explanations' text elsewhere."""
    entries = []
    objects = root.findChildren(QAction) + root.findChildren(QShortcut) + root.actions()
    for obj in dict.fromkeys(objects):
        keys = obj.shortcuts() if isinstance(obj, QAction) else obj.keys()
        for key in keys:
            if key.isEmpty():
                continue
            for region, _context in _regions(obj):
                entries.append((key.toString(QKeySequence.SequenceFormat.PortableText), region,
                                obj))
    clashes = []
    for i, (key, region, obj) in enumerate(entries):
        for key2, region2, obj2 in entries[i + 1:]:
            if key == key2 and obj is not obj2 and _overlap(region, region2):
                clashes.append(f"{key}: {obj.objectName() or obj.text()!r} and "
                               f"{obj2.objectName() or getattr(obj2, 'text', lambda: '')()!r}")
    return sorted(set(clashes))


def test_no_key_is_claimed_twice(window, qtbot):
    assert window.image_pane is not None   # the Images tab's own tools and paste key
    window.lesion_dock.show()
    window.toggle_presentation()           # the patient's window and its keys
    qtbot.waitUntil(window.presentation.isVisible)
    assert shortcut_clashes(window) == []
    window.presentation.close()


def test_the_clash_finder_finds_a_clash(window):
    """The walk above would see a duplicate (so its empty answer means something)."""
    extra = QAction("Also redo", window)
    extra.setShortcut(QKeySequence("Ctrl+Shift+Z"))
    window.addAction(extra)
    assert any("Ctrl+Shift+Z" in c for c in shortcut_clashes(window))


def _add_lesion_by_key(qtbot, window) -> None:
    window.diagram_pane.view.setFocus()
    qtbot.keyClick(window.diagram_pane.view, Qt.Key.Key_L, CTRL | SHIFT)
    assert len(window.document.consultation.lesions) == 1


def test_redo_with_ctrl_shift_z(window, qtbot):
    _add_lesion_by_key(qtbot, window)
    view = window.diagram_pane.view
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert window.document.consultation.lesions == []
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(window.document.consultation.lesions) == 1


def test_redo_keys_are_the_platforms(window, qtbot):
    """Whatever the platform lists for Redo (Ctrl+Y on Windows) works, and nothing else is
    added by hand."""
    assert window.act_redo.shortcuts() == QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    if QKeySequence("Ctrl+Y") in window.act_redo.shortcuts():
        _add_lesion_by_key(qtbot, window)
        view = window.diagram_pane.view
        qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
        assert window.document.consultation.lesions == []
        qtbot.keyClick(view, Qt.Key.Key_Y, CTRL)
        assert len(window.document.consultation.lesions) == 1
