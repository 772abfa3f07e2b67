"""The drawing and the window through Qt's accessibility API, as a screen reader walks them:
the diagram view's children are its parts (plain name, explanation) and its marks (number,
label, size); Page Down / Page Up reach them from the keyboard; every field has a name."""

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QComboBox, QLabel, QLineEdit,
                               QPlainTextEdit, QTextEdit, QWidget)

from shiboken6 import getCppPointer

from desktop_app.diagram.commands import AddMark
from desktop_app.model.consultation import Lesion
from tests.conftest import EXAMPLE

NAME, DESCRIPTION = QAccessible.Text.Name, QAccessible.Text.Description


def children(iface):
    return [iface.child(i) for i in range(iface.childCount())]


def names(iface):
    return [c.text(NAME) for c in children(iface)]


def opened(make_window):
    w = make_window()
    w.resize(1366, 768)
    assert w.open_path(EXAMPLE)
    return w


def test_parts_and_marks_are_children_of_the_view(make_window, atlas):
    w = opened(make_window)
    view = w.diagram_pane.view
    iface = QAccessible.queryAccessibleInterface(view)
    assert iface.text(NAME) == "Anatomy diagram"
    kids = children(iface)
    drawing = w.diagram_pane.drawing
    assert len(kids) >= len(drawing.structure_ids) + 1
    # each part: its plain name (and the medical one), its explanation, its place on screen
    sacrum = atlas.structure("sacrum")
    part = next(k for k in kids if k.text(NAME).startswith(sacrum.lay("en").capitalize()))
    assert sacrum.medical in part.text(NAME)
    assert part.text(DESCRIPTION) == sacrum.description("en")
    assert part.role() == QAccessible.Role.Graphic
    assert part.parent().object() is view
    assert iface.indexOfChild(part) == kids.index(part)
    screen = view.viewport().rect().translated(view.viewport().mapToGlobal(
        view.viewport().rect().topLeft()))
    assert screen.intersects(part.rect()) and part.rect().width() > 10
    for sid in drawing.structure_ids:
        s = atlas.structure(sid)
        assert any(n.startswith(s.lay("en").capitalize()) for n in names(iface)), sid
    # the lesion: by number, label and size
    lesion = w.document.consultation.lesions[0]
    mark = next(k for k in kids if k.text(NAME).startswith("Lesion 1"))
    assert mark.text(NAME) == f"Lesion 1 — {lesion.label}"
    assert "Size 3.0 × 2.2 cm" in mark.text(DESCRIPTION)
    assert "suspected tailgut cyst" in mark.text(DESCRIPTION)
    # the example's other marks: a note and an arrow at least
    note = w.document.consultation.texts[0].text          # "Seen on your MRI"
    assert f"Note: {note}" in names(iface)
    assert any(n.startswith("Arrow") for n in names(iface))
    # a mark drawn now appears; undone, it goes
    doc = w.document
    new = Lesion(view="sagittal", number=2, cx=420, cy=360, rx=20, ry=20, label="second")
    doc.push(AddMark(doc, new))
    assert "Lesion 2 — second" in names(iface)
    desc = next(k for k in children(iface) if k.text(NAME) == "Lesion 2 — second")
    assert desc.text(DESCRIPTION) == "Drawn about 2.0 × 2.0 cm"    # 40 units at 20 per cm
    doc.undo_stack.undo()
    assert "Lesion 2 — second" not in names(iface)
    # childAt: the lesion, not the part under it
    centre = view.viewport().mapToGlobal(view.mapFromScene(QPointF(lesion.cx, lesion.cy)))
    assert iface.childAt(centre.x(), centre.y()).text(NAME).startswith("Lesion 1")


def test_another_drawing_and_language_follow(make_window, atlas):
    w = opened(make_window)
    iface = QAccessible.queryAccessibleInterface(w.diagram_pane.view)
    womb = atlas.structure("uterus").lay("en").capitalize()
    assert any(n.startswith(womb) for n in names(iface))
    w.diagram_pane.variant_actions["male"].trigger()
    assert not any(n.startswith(womb) for n in names(iface))
    prostate = atlas.structure("prostate").lay("en").capitalize()
    assert any(n.startswith(prostate) for n in names(iface))
    w.document.set_field("language", "es", "Change patient language")
    sacrum = atlas.structure("sacrum")
    part = next(c for c in children(iface) if sacrum.medical in c.text(NAME))
    assert part.text(DESCRIPTION) == sacrum.description("es")


def test_page_down_reaches_each_part_and_mark(make_window, atlas, qtbot):
    w = opened(make_window)
    view = w.diagram_pane.view
    iface = QAccessible.queryAccessibleInterface(view)
    view.setFocus()        # (the keys go to the view itself: no window manager needed)
    total = iface.childCount()
    seen = []
    for _ in range(total):
        QTest.keyClick(view, Qt.Key.Key_PageDown)
        focus = iface.focusChild()
        assert focus is not None and focus.state().focused
        seen.append(focus.text(NAME))
    assert seen == names(iface)                   # every child, in order, once
    QTest.keyClick(view, Qt.Key.Key_PageDown)    # the last: stays
    assert iface.focusChild().text(NAME) == seen[-1]
    # a mark reached from the keyboard is selected (the lesion panel then shows it)
    lesion = w.document.consultation.lesions[0]
    while not iface.focusChild().text(NAME).startswith("Lesion 1"):
        QTest.keyClick(view, Qt.Key.Key_PageUp)
    assert w.annotations.selected_ids() == [lesion.id]
    # a part reached from the keyboard is outlined and explained, as a click would
    first = seen[0]
    for _ in range(total):
        QTest.keyClick(view, Qt.Key.Key_PageUp)
    assert iface.focusChild().text(NAME) == first
    sid = w.diagram_pane.drawing.structure_ids[0]
    assert w.diagram_pane.selected == sid
    assert atlas.structure(sid).lay("en").capitalize() in w.explain_area.info.text()


def key(widget) -> int:
    """The widget's C++ address: stable, unlike the id of a Python wrapper."""
    return getCppPointer(widget)[0]


def check_names(widgets, labelled, unnamed) -> int:
    checked = 0
    for widget in widgets:
        if widget.objectName().startswith("qt_"):        # a spin box's own line edit
            continue
        checked += 1
        iface = QAccessible.queryAccessibleInterface(widget)
        own = widget.accessibleName() or key(widget) in labelled or (
            isinstance(widget, QAbstractButton) and widget.text().strip("&"))
        if not own or not iface.text(NAME).strip():
            unnamed.append(f"{type(widget).__name__} {widget.objectName()} {widget.text()}"
                           if isinstance(widget, QAbstractButton) else
                           f"{type(widget).__name__} {widget.objectName()}")
    return checked


def test_every_field_and_tool_has_a_name(make_window, qtbot):
    w = opened(make_window)
    w.lesion_dock.show()
    w.annotations.select([w.document.consultation.lesions[0].id])
    fields = (QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit,
              QAbstractButton)
    # a name of its own, or a label for it (Qt on Linux names a field by its label through a
    # relation; a combo box's "name" there is its value)
    labelled = {key(lab.buddy()) for lab in w.findChildren(QLabel) if lab.buddy() is not None}
    unnamed, checked = [], 0
    seen = set()
    for index in range(w.tabs.count()):         # every section shown once
        w.tabs.setCurrentIndex(index)
        labelled |= {key(lab.buddy()) for lab in w.findChildren(QLabel)
                     if lab.buddy() is not None}
        widgets = [x for x in w.findChildren(QWidget)
                   if isinstance(x, fields) and x.isVisibleTo(w) and key(x) not in seen]
        seen |= {key(x) for x in widgets}
        checked += check_names(widgets, labelled, unnamed)
    assert checked >= 60 and unnamed == []
    own_words = w.lesion_panel.suspected_text
    assert QAccessible.queryAccessibleInterface(own_words).text(NAME) == \
        "Suspected type, in your own words"
    # the drawing tools: each a focusable, named button
    toolbar = w.annotations.toolbar
    for act in toolbar.actions():
        button = toolbar.widgetForAction(act)
        if not isinstance(button, QAbstractButton) or not button.isVisible():
            continue           # (a separator)
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert QAccessible.queryAccessibleInterface(button).text(NAME)
