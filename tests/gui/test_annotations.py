"""Annotating the lesion, driven like a surgeon would: real mouse presses, moves and releases on
the diagram view's viewport at ``view.mapFromScene`` points, then asserting on the *model*
(diagram coordinates), on undo / redo, and on save → open.

Drags that hold the button send QMouseEvent(MouseMove, buttons=LeftButton) directly (as
orange-canvas-core's ``gui/test.py mouseMove`` does): QTest.mouseMove carries no buttons.
"""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from desktop_app.diagram.annotations import install_annotations
from desktop_app.diagram.items import ArrowItem, HandleItem, LesionItem
from desktop_app.diagram.pane import DiagramPane
from desktop_app.document import Document
from desktop_app.model import storage
from desktop_app.model.consultation import Consultation, Lesion
from desktop_app.ui.lesion_panel import LesionPanel

SCALE = 20.0          # diagram units per cm in the shipped drawings
LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier


class Canvas:
    """The real diagram pane with the annotations installed, and the lesion panel beside it."""

    def __init__(self, qtbot, atlas, library):
        self.document = Document(Consultation())
        self.widget = QWidget()
        layout = QHBoxLayout(self.widget)
        self.pane = DiagramPane(self.document, atlas)
        self.ctl = install_annotations(self.pane, self.document, atlas)
        self.toolbar = self.ctl.toolbar
        self.panel = LesionPanel(self.ctl, library)
        layout.addWidget(self.pane, 3)
        layout.addWidget(self.panel, 1)
        self.widget.resize(1300, 800)
        qtbot.addWidget(self.widget)
        self.widget.show()
        qtbot.waitExposed(self.widget)
        self.view = self.pane.view
        self.scene = self.pane.scene
        self.qtbot = qtbot

    @property
    def c(self) -> Consultation:
        return self.document.consultation

    @property
    def vp(self):
        return self.view.viewport()

    def at(self, x: float, y: float) -> QPoint:
        return self.view.mapFromScene(QPointF(x, y))

    def press(self, x, y, mods=NOMOD):
        QTest.mousePress(self.vp, LEFT, mods, self.at(x, y))

    def release(self, x, y, mods=NOMOD):
        QTest.mouseRelease(self.vp, LEFT, mods, self.at(x, y))

    def move(self, x, y, buttons=LEFT, mods=NOMOD):
        pos = self.at(x, y)
        ev = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(self.vp.mapToGlobal(pos)),
                         Qt.MouseButton.NoButton, buttons, mods)
        QApplication.sendEvent(self.vp, ev)

    def drag(self, a, b, steps=6, mods=NOMOD, release=True):
        self.press(*a, mods=mods)
        for i in range(1, steps + 1):
            t = i / steps
            self.move(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, mods=mods)
        if release:
            self.release(*b, mods=mods)

    def click(self, x, y):
        QTest.mouseClick(self.vp, LEFT, NOMOD, self.at(x, y))

    def key(self, key, mods=NOMOD):
        QTest.keyClick(self.view, key, mods)

    def undo(self):
        self.document.undo_stack.undo()

    def redo(self):
        self.document.undo_stack.redo()


# one scene pixel is 1 / zoom diagram units; mapFromScene rounds to whole pixels
TOL = 1.0


@pytest.fixture
def canvas(qtbot, atlas, library):
    return Canvas(qtbot, atlas, library)


# ----------------------------------------------------------------------------- lesion
def test_drawing_a_lesion_puts_it_in_the_model_at_the_diagram_coordinates(canvas):
    canvas.ctl.set_tool("lesion")
    canvas.drag((300, 300), (380, 340))
    assert len(canvas.c.lesions) == 1
    lesion = canvas.c.lesions[0]
    assert lesion.cx == pytest.approx(340, abs=TOL) and lesion.cy == pytest.approx(320, abs=TOL)
    assert lesion.rx == pytest.approx(40, abs=TOL) and lesion.ry == pytest.approx(20, abs=TOL)
    assert (lesion.number, lesion.view, lesion.rotation) == (1, "sagittal", 0.0)
    # below the S3 line: the aid suggests a posterior approach, and says why
    assert lesion.approach == "posterior" and lesion.approach_status == "suggested"
    assert "below the S3 level" in lesion.approach_reason
    assert canvas.document.undo_stack.undoText() == "Add lesion 1"
    # back to Select with the new lesion selected; the panel shows it
    assert canvas.ctl.tool.name == "select"
    assert canvas.ctl.selected_ids() == [lesion.id]
    assert canvas.panel.stack.currentIndex() == 1
    assert "Posterior" in canvas.panel.approach_kind.text()
    # the item on screen is where the model says
    item = canvas.ctl.layer.items[lesion.id]
    assert item.pos() == QPointF(lesion.cx, lesion.cy)


def test_click_places_a_lesion_of_default_size_and_numbers_increase(canvas):
    canvas.ctl.set_tool("lesion")
    canvas.click(400, 150)
    canvas.key(Qt.Key.Key_L)          # the shortcut, with the focus in the diagram
    assert canvas.ctl.tool.name == "lesion"
    canvas.click(500, 400)
    first, second = canvas.c.lesions
    assert (first.cx, first.cy) == pytest.approx((400, 150), abs=TOL)
    assert (first.rx * 2 / SCALE, first.ry * 2 / SCALE) == pytest.approx((3.0, 2.4))
    assert (first.number, second.number) == (1, 2)
    assert first.approach == "anterior" and second.approach == "posterior"


def test_lesion_drag_undo_removes_redo_restores(canvas):
    canvas.ctl.set_tool("lesion")
    canvas.drag((300, 100), (360, 140))
    saved = canvas.c.to_dict()
    canvas.undo()
    assert canvas.c.lesions == [] and canvas.ctl.layer.items == {}
    canvas.redo()
    assert canvas.c.to_dict() == saved
    assert set(canvas.ctl.layer.items) == {canvas.c.lesions[0].id}


def test_dragging_a_lesion_moves_it_and_undo_moves_it_back(canvas):
    canvas.ctl.set_tool("lesion")
    canvas.click(300, 150)
    lesion = canvas.c.lesions[0]
    canvas.drag((300, 150), (360, 330))
    assert (lesion.cx, lesion.cy) == pytest.approx((360, 330), abs=TOL)
    assert canvas.document.undo_stack.undoText() == "Move lesion 1"
    # moved from above S3 to below: the suggestion follows
    assert lesion.approach == "posterior"
    item = canvas.ctl.layer.items[lesion.id]
    assert item.pos() == QPointF(lesion.cx, lesion.cy)
    canvas.undo()
    assert (lesion.cx, lesion.cy) == pytest.approx((300, 150), abs=TOL)
    assert lesion.approach == "anterior"
    assert item.pos() == QPointF(lesion.cx, lesion.cy)
    assert canvas.ctl.layer.items[lesion.id] is item      # updated by id, not re-created


def test_escape_cancels_a_drag(canvas):
    canvas.ctl.set_tool("lesion")
    canvas.click(300, 150)
    lesion = canvas.c.lesions[0]
    count = canvas.document.undo_stack.count()
    canvas.drag((300, 150), (420, 200), release=False)
    item = canvas.ctl.layer.items[lesion.id]
    assert item.pos().x() == pytest.approx(420, abs=TOL)     # previewed on screen...
    assert lesion.cx == pytest.approx(300, abs=TOL)           # ...but not in the model
    canvas.key(Qt.Key.Key_Escape)
    assert item.pos() == QPointF(lesion.cx, lesion.cy)
    canvas.release(420, 200)
    assert lesion.cx == pytest.approx(300, abs=TOL)
    assert canvas.document.undo_stack.count() == count
    # Esc also cancels drawing a new lesion
    canvas.ctl.set_tool("lesion")
    canvas.drag((500, 400), (560, 440), release=False)
    canvas.key(Qt.Key.Key_Escape)
    canvas.release(560, 440)
    assert len(canvas.c.lesions) == 1
    assert not [i for i in canvas.scene.items() if isinstance(i, LesionItem)
                and i.mark_id == "preview"]


def test_resize_and_rotate_with_handles(canvas):
    canvas.ctl.set_tool("lesion")
    canvas.drag((300, 300), (380, 340))             # cx 340, rx 40, ry 20
    lesion = canvas.c.lesions[0]
    handles = {h.name: h for h in canvas.scene.items() if isinstance(h, HandleItem)}
    assert set(handles) >= {"e", "n", "rotate"}
    # drag the east handle 20 units right: the west edge stays, the marker widens
    e = handles["e"].scenePos()
    canvas.drag((e.x(), e.y()), (e.x() + 20, e.y()))
    assert lesion.rx == pytest.approx(50, abs=TOL) and lesion.cx == pytest.approx(350, abs=TOL)
    assert canvas.document.undo_stack.undoText() == "Resize lesion 1"
    # the rotate knob sits above the top edge; drag it round to the right (90°)
    rot = {h.name: h for h in canvas.scene.items() if isinstance(h, HandleItem)}["rotate"]
    knob = canvas.view.mapToScene(canvas.view.mapFromScene(rot.scenePos())
                                  + rot.knob_centre().toPoint())
    canvas.drag((knob.x(), knob.y()), (lesion.cx + 80, lesion.cy), mods=NOMOD)
    assert lesion.rotation == pytest.approx(90, abs=1.0)
    assert canvas.document.undo_stack.undoText() == "Rotate lesion 1"
    canvas.undo()
    canvas.undo()
    assert (lesion.rx, lesion.rotation) == pytest.approx((40, 0), abs=TOL)


def test_typing_a_size_resizes_the_marker_to_size_times_scale(canvas):
    canvas.ctl.set_tool("lesion")
    canvas.drag((300, 300), (380, 340))
    lesion = canvas.c.lesions[0]
    panel = canvas.panel
    panel.length_box.setFocus()
    panel.length_box.lineEdit().selectAll()
    QTest.keyClicks(panel.length_box, "5.5")
    QTest.keyClick(panel.length_box, Qt.Key.Key_Enter)
    panel.width_box.setFocus()
    panel.width_box.lineEdit().selectAll()
    QTest.keyClicks(panel.width_box, "3")
    QTest.keyClick(panel.width_box, Qt.Key.Key_Enter)
    assert (lesion.length_cm, lesion.width_cm) == (5.5, 3.0)
    assert lesion.rx == pytest.approx(5.5 * SCALE / 2) and lesion.ry == pytest.approx(3 * SCALE / 2)
    item = canvas.ctl.layer.items[lesion.id]
    assert item.rx == lesion.rx
    assert "5.5 × 3.0 cm" in panel.drawn.text().replace("\u00a0", " ")
    canvas.undo()
    assert lesion.width_cm is None and lesion.ry == pytest.approx(20, abs=TOL)
    assert lesion.rx == pytest.approx(55)
    canvas.undo()
    assert lesion.rx == pytest.approx(40, abs=TOL) and lesion.length_cm is None


def test_panel_properties_and_approach_confirm_override(canvas, library):
    canvas.ctl.set_tool("lesion")
    canvas.drag((300, 230), (360, 290))               # spans the S3 line
    lesion = canvas.c.lesions[0]
    panel = canvas.panel
    assert lesion.approach == "combined"
    panel.label.setFocus()
    QTest.keyClicks(panel.label, "Cyst")
    assert lesion.label == "Cyst"
    assert canvas.document.undo_stack.undoText() == "Label lesion 1"
    before = canvas.document.undo_stack.count()
    QTest.keyClicks(panel.label, " 1")
    assert canvas.document.undo_stack.count() == before      # typing merges
    panel.appearance.setCurrentIndex(panel.appearance.findData("cystic"))
    panel.appearance.activated.emit(panel.appearance.currentIndex())
    assert lesion.appearance == "cystic"
    i = panel.suspected.findData("tailgut_cyst")
    assert i > 0
    panel.suspected.setCurrentIndex(i)
    panel.suspected.activated.emit(i)
    assert lesion.suspected_type == "tailgut_cyst"
    panel.confirm.click()
    assert (lesion.approach, lesion.approach_status) == ("combined", "confirmed")
    assert "Confirmed" in panel.approach_status.text()
    panel.override_actions["posterior"].trigger()
    assert (lesion.approach, lesion.approach_status) == ("posterior", "overridden")
    assert "crosses the S3 level" in lesion.approach_reason   # what the aid said, kept
    assert canvas.document.undo_stack.undoText() == \
        "Override approach for lesion 1: posterior"
    canvas.undo()
    assert (lesion.approach, lesion.approach_status) == ("combined", "confirmed")
    # the label is also drawn next to the number on the marker
    assert canvas.ctl.layer.items[lesion.id].label == "Cyst 1"


def test_each_view_keeps_its_own_marks(canvas):
    canvas.ctl.set_tool("lesion")
    canvas.click(300, 150)
    canvas.ctl.set_view("axial")
    assert canvas.ctl.layer.items == {}
    canvas.ctl.set_tool("lesion")
    canvas.click(420, 300)
    axial = canvas.c.lesions[1]
    assert axial.view == "axial" and axial.number == 2
    assert axial.approach == ""                       # the aid needs the sagittal view
    canvas.ctl.set_view("sagittal")
    assert set(canvas.ctl.layer.items) == {canvas.c.lesions[0].id}


# ------------------------------------------------------------------- pen and arrow
def test_pen_stroke_is_smoothed_and_undoable(canvas):
    canvas.ctl.set_tool("pen")
    canvas.ctl.set_style(colour="#CC79A7", width=6.0)
    pts = [(200 + i * 4, 400 + 25 * math.sin(i / 6) + (0.6 if i % 2 else -0.6))
           for i in range(60)]
    canvas.press(*pts[0])
    for p in pts[1:]:
        canvas.move(*p)
    canvas.release(*pts[-1])
    assert len(canvas.c.strokes) == 1
    stroke = canvas.c.strokes[0]
    assert (stroke.color, stroke.width, stroke.view) == ("#CC79A7", 6.0, "sagittal")
    assert stroke.points[0] == pytest.approx(pts[0], abs=TOL)
    assert stroke.points[-1] == pytest.approx(pts[-1], abs=TOL)
    assert len(stroke.points) < len(pts)             # the jitter is gone
    # every stored point stays close to the hand's path
    for x, y in stroke.points:
        assert min(math.hypot(x - a, y - b) for a, b in pts) < 4
    assert canvas.document.undo_stack.undoText() == "Add pen stroke"
    assert canvas.ctl.tool.name == "pen"             # the pen stays in the hand
    canvas.undo()
    assert canvas.c.strokes == []
    canvas.redo()
    assert canvas.c.strokes == [stroke]


def test_arrow_drag_and_too_short_is_ignored(canvas):
    canvas.ctl.set_tool("arrow")
    canvas.drag((500, 100), (430, 180))
    arrow = canvas.c.arrows[0]
    assert (arrow.x1, arrow.y1, arrow.x2, arrow.y2) == pytest.approx((500, 100, 430, 180),
                                                                     abs=TOL)
    canvas.click(600, 100)
    assert len(canvas.c.arrows) == 1
    canvas.undo()
    assert canvas.c.arrows == []
    canvas.redo()
    assert canvas.c.arrows == [arrow]


def test_escape_cancels_a_pen_stroke_and_an_arrow(canvas):
    for tool in ("pen", "arrow"):
        canvas.ctl.set_tool(tool)
        canvas.drag((200, 200), (300, 260), release=False)
        canvas.key(Qt.Key.Key_Escape)
        canvas.release(300, 260)
    assert canvas.c.strokes == [] and canvas.c.arrows == []
    assert canvas.document.undo_stack.count() == 0
    # no preview left behind
    assert canvas.ctl.tools["pen"].pieces == []
    assert not [i for i in canvas.scene.items() if isinstance(i, ArrowItem)]


# ------------------------------------------------------------------- text, select, delete
def test_text_note_typed_inline_then_edited(canvas, qtbot):
    canvas.ctl.set_tool("text")
    canvas.click(150, 80)
    editor = canvas.ctl.tools["text"].editor
    assert editor is not None and editor.isVisible()
    QTest.keyClicks(editor, "Tailbone")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    note = canvas.c.texts[0]
    assert note.x == pytest.approx(150, abs=TOL) and note.y == pytest.approx(80, abs=TOL)
    assert note.text == "Tailbone"
    assert canvas.ctl.tool.name == "select"
    # double-click to edit
    QTest.mouseDClick(canvas.vp, LEFT, NOMOD, canvas.at(note.x + 10, note.y + 8))
    editor = canvas.ctl.tools["text"].editor
    assert editor is not None and editor.text() == "Tailbone"
    editor.selectAll()
    QTest.keyClicks(editor, "Coccyx")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert note.text == "Coccyx" and canvas.document.undo_stack.undoText() == "Edit text"
    canvas.undo()
    assert note.text == "Tailbone"


def test_select_move_several_marks_nudge_and_delete(canvas):
    canvas.ctl.set_tool("lesion")
    canvas.click(300, 150)
    canvas.ctl.set_tool("arrow")
    canvas.drag((500, 100), (450, 150))
    canvas.ctl.set_tool("select")
    lesion, arrow = canvas.c.lesions[0], canvas.c.arrows[0]
    canvas.click(300, 150)
    QTest.mouseClick(canvas.vp, LEFT, Qt.KeyboardModifier.ShiftModifier, canvas.at(475, 125))
    assert set(canvas.ctl.selected_ids()) == {lesion.id, arrow.id}
    canvas.drag((300, 150), (310, 170))
    assert (lesion.cx, lesion.cy) == pytest.approx((310, 170), abs=TOL)
    assert (arrow.x1, arrow.y1) == pytest.approx((510, 120), abs=TOL)
    assert canvas.document.undo_stack.undoText() == "Move 2 marks"
    count = canvas.document.undo_stack.count()
    for _ in range(3):
        canvas.key(Qt.Key.Key_Right)
    canvas.key(Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert canvas.document.undo_stack.count() == count + 1          # nudges merge
    assert lesion.cx == pytest.approx(313, abs=TOL) and lesion.cy == pytest.approx(180, abs=TOL)
    canvas.key(Qt.Key.Key_Delete)
    assert canvas.c.lesions == [] and canvas.c.arrows == []
    assert canvas.document.undo_stack.undoText() == "Delete 2 marks"
    canvas.undo()
    assert [x.id for x in canvas.c.lesions] == [lesion.id]
    assert set(canvas.ctl.layer.items) == {lesion.id, arrow.id}


def test_eraser_removes_what_it_touches_in_one_step(canvas):
    canvas.ctl.set_tool("pen")
    canvas.drag((100, 400), (300, 400), steps=20)
    canvas.drag((100, 450), (300, 450), steps=20)
    canvas.ctl.set_tool("arrow")
    canvas.drag((600, 100), (650, 150))
    canvas.ctl.set_tool("eraser")
    canvas.drag((200, 380), (200, 470), steps=20)
    assert canvas.c.strokes == [] and len(canvas.c.arrows) == 1
    assert canvas.document.undo_stack.undoText() == "Erase 2 marks"
    canvas.undo()
    assert len(canvas.c.strokes) == 2


def sacrum_point(canvas) -> tuple[float, float]:
    for y in range(150, 300, 5):
        for x in range(420, 620, 5):
            if canvas.pane.structure_at(x, y) == "sacrum":
                return x, y
    raise AssertionError("no sacrum on the drawing")


def test_select_mode_lets_a_click_explain_a_structure_and_drawing_tools_do_not(canvas):
    got = []
    canvas.pane.structureActivated.connect(got.append)
    x, y = sacrum_point(canvas)
    canvas.ctl.set_tool("select")
    canvas.click(x, y)
    assert got == ["sacrum"]
    canvas.ctl.set_tool("pen")
    canvas.click(x, y)
    canvas.ctl.set_tool("lesion")
    canvas.click(x, y)                 # places a lesion, and explains nothing
    assert got == ["sacrum"] and len(canvas.c.lesions) == 1
    # a click on a mark selects it; it does not open the structure under it
    canvas.click(x, y)
    assert got == ["sacrum"] and canvas.ctl.selected_ids() == [canvas.c.lesions[0].id]


def test_view_switch_on_the_pane_shows_that_views_marks(canvas):
    canvas.ctl.set_tool("lesion")
    canvas.click(430, 330)
    sagittal_id = canvas.c.lesions[0].id
    canvas.pane.set_view("axial")
    assert canvas.ctl.view_name == "axial" and canvas.ctl.layer.items == {}
    canvas.ctl.set_tool("lesion")
    canvas.click(520, 200)
    assert canvas.c.lesions[1].view == "axial"
    canvas.undo()                      # the lesion on the axial view
    canvas.undo()                      # the view switch itself
    assert canvas.c.view == "sagittal" and set(canvas.ctl.layer.items) == {sagittal_id}


def test_save_then_open_reproduces_every_mark(canvas, tmp_path):
    canvas.ctl.set_tool("lesion")
    canvas.drag((300, 230), (380, 290))
    canvas.panel.set_size(4.2, 2.7)
    canvas.ctl.set_tool("pen")
    canvas.drag((100, 400), (220, 420), steps=15)
    canvas.ctl.set_tool("arrow")
    canvas.drag((520, 120), (420, 220))
    canvas.ctl.set_tool("text")
    canvas.click(120, 60)
    QTest.keyClicks(canvas.ctl.tools["text"].editor, "Sacrum")
    QTest.keyClick(canvas.ctl.tools["text"].editor, Qt.Key.Key_Return)
    canvas.ctl.set_view("axial")
    canvas.ctl.set_tool("lesion")
    canvas.click(400, 300)
    path = tmp_path / "visit.json"
    storage.save(canvas.c, path)
    reopened = storage.load(path)
    assert reopened.to_dict() == canvas.c.to_dict()
    assert (len(reopened.lesions), len(reopened.strokes), len(reopened.arrows),
            len(reopened.texts)) == (2, 1, 1, 1)
    # and the reopened consultation shows the same items
    canvas.document.replace(reopened, path)
    canvas.ctl.set_view("sagittal")
    assert set(canvas.ctl.layer.items) == {m.id for group in reopened.marks_in("sagittal")
                                           .values() for m in group}


def test_toolbar_shortcuts_and_colour(canvas):
    canvas.view.setFocus()
    for key, name in ((Qt.Key.Key_P, "pen"), (Qt.Key.Key_A, "arrow"), (Qt.Key.Key_T, "text"),
                      (Qt.Key.Key_E, "eraser"), (Qt.Key.Key_L, "lesion"),
                      (Qt.Key.Key_V, "select")):
        canvas.key(key)
        assert canvas.ctl.tool.name == name
        assert canvas.toolbar.tool_actions[name].isChecked()
    # typing in the panel does not switch tools
    canvas.ctl.set_tool("lesion")
    canvas.click(300, 150)
    canvas.panel.label.setFocus()
    QTest.keyClicks(canvas.panel.label, "pale")
    assert canvas.ctl.tool.name == "select" and canvas.c.lesions[0].label == "pale"
    # colour chooser: names the colour, recolours the selection in one undo step
    canvas.ctl.select([canvas.c.lesions[0].id])
    canvas.toolbar.colour_actions["#0072B2"].trigger()
    assert canvas.c.lesions[0].color == "#0072B2"
    assert canvas.toolbar.colour_button.text() == "Blue"


def test_lesion_item_is_drawn_from_an_existing_consultation(canvas):
    c = Consultation()
    c.lesions.append(Lesion(number=3, cx=100, cy=120, rx=30, ry=12, rotation=30, label="L"))
    canvas.document.replace(c)
    item = canvas.ctl.layer.items[c.lesions[0].id]
    assert (item.pos().x(), item.pos().y(), item.angle, item.number) == (100, 120, 30, 3)


# ------------------------------------------------------------------- in the main window
def hand_on(window) -> Canvas:
    """Reuse the Canvas gestures on the main window's diagram."""
    hand = Canvas.__new__(Canvas)
    hand.document, hand.ctl, hand.view = window.document, window.annotations, \
        window.diagram_pane.view
    hand.panel, hand.scene, hand.pane = window.lesion_panel, window.diagram_pane.scene, \
        window.diagram_pane
    return hand


def test_main_window_draw_undo_from_the_edit_menu_save_and_open(window, qtbot, tmp_path):
    from desktop_app.ui.main_window import MainWindow

    hand = hand_on(window)
    assert window.findChild(QWidget, "annotation_toolbar") is not None
    assert not window.lesion_dock.isVisible()        # no lesion yet: room for explanations
    hand.ctl.set_tool("lesion")
    hand.drag((420, 300), (470, 350))
    assert window.lesion_dock.isVisible()
    lesion = window.document.consultation.lesions[0]
    assert window.lesion_panel.stack.currentIndex() == 1
    assert window.isWindowModified()
    assert "Add lesion 1" in window.act_undo.text()
    window.act_undo.trigger()
    assert window.document.consultation.lesions == []
    window.act_redo.trigger()
    assert window.document.consultation.lesions == [lesion]
    hand.ctl.set_tool("pen")
    hand.drag((300, 450), (380, 470), steps=12)
    hand.ctl.set_tool("arrow")
    hand.drag((600, 120), (520, 200))
    history = window.history_dock.widget()
    assert history.stack() is window.document.undo_stack
    path = tmp_path / "visit.json"
    assert window.save_to(path)
    other = MainWindow(window.library, atlas=window.atlas)
    qtbot.addWidget(other)
    other.maybe_save = lambda: True
    assert other.open_path(path)
    assert other.document.consultation.to_dict() == window.document.consultation.to_dict()
    assert set(other.annotations.layer.items) == set(window.annotations.layer.items)


def test_numbers_are_unique_per_view_and_may_repeat_across_views(canvas):
    canvas.ctl.set_tool("lesion")
    canvas.click(430, 330)
    canvas.ctl.set_tool("lesion")
    canvas.click(430, 170)
    canvas.pane.set_view("axial")
    canvas.ctl.set_tool("lesion")
    canvas.click(520, 200)
    axial = canvas.c.lesions[2]
    assert axial.number == 3
    canvas.panel.number.setValue(1)        # "the same lesion as 1 on the side view"
    assert axial.number == 1
    assert axial.color == canvas.c.lesions[0].color      # and it looks the same
    assert canvas.document.undo_stack.undoText() == "Renumber lesion 3 as 1"
    canvas.pane.set_view("sagittal")
    canvas.ctl.select([canvas.c.lesions[1].id])
    canvas.panel.number.setValue(1)        # taken on this view: refused
    assert canvas.c.lesions[1].number == 2 and canvas.panel.number.value() == 2


# ------------------------------------------------- a mark's words and the anatomy labels
def _shown_labels(canvas):
    return {sid: lab for sid, lab in canvas.pane.layer.labels.items() if lab.isVisible()}


def _assert_words_apart(canvas, lesion_item):
    """The lesion's label is drawn and no anatomy label's text (with its backing) touches it."""
    words = lesion_item.label_scene_rect()
    assert not words.isEmpty()
    for sid, lab in _shown_labels(canvas).items():
        assert not words.intersects(lab.box()), (sid, words, lab.box())
    rects = [lab.box() for lab in _shown_labels(canvas).values()]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.intersects(b)


def test_a_lesion_label_next_to_an_anatomy_label_does_not_cover_it(canvas):
    # tests/data/example_consultation.json: lesion 1 beside "space in front of the sacrum"
    c = Consultation(view="sagittal", variant="female")
    c.lesions.append(Lesion(id="les1", number=1, cx=462, cy=300, rx=30, ry=22, rotation=-60,
                            label="Cyst behind the lower rectum", color="#D55E00"))
    canvas.document.replace(c)
    item = canvas.ctl.layer.items["les1"]
    _assert_words_apart(canvas, item)
    # nothing had to give way here: every anatomy label is still shown, where it belongs
    shown = _shown_labels(canvas)
    assert set(shown) == set(canvas.pane.layer.labels)
    assert shown["presacral_space"].text_rect() == shown["presacral_space"].default_rect
    # moving the lesion (an undoable nudge) lays the words out again
    canvas.ctl.select(["les1"])
    for _ in range(3):
        assert canvas.ctl.nudge(20, 0)
        _assert_words_apart(canvas, canvas.ctl.layer.items["les1"])
    canvas.undo()
    _assert_words_apart(canvas, canvas.ctl.layer.items["les1"])


def test_an_anatomy_label_under_a_lesion_label_moves_or_gives_way(canvas):
    # a lesion in the right margin, its label squarely where the anatomy labels are: wherever
    # its label goes, an anatomy label it would cover moves along the margin or is left out
    lab = canvas.pane.layer.labels["presacral_space"]
    target = lab.box().center()
    c = Consultation(view="sagittal", variant="female")
    c.lesions.append(Lesion(id="les2", number=1, cx=target.x() + 40, cy=target.y(), rx=14,
                            ry=12, label="A long label for this lesion here", color="#0072B2"))
    canvas.document.replace(c)
    _assert_words_apart(canvas, canvas.ctl.layer.items["les2"])
    # deleting the lesion gives every anatomy label its place back
    canvas.ctl.select(["les2"])
    assert canvas.ctl.delete_selected()
    assert set(_shown_labels(canvas)) == set(canvas.pane.layer.labels)
    for label in canvas.pane.layer.labels.values():
        assert label.text_rect() == label.default_rect


def test_a_text_note_on_an_anatomy_label_stays_readable_when_zoomed(canvas):
    from desktop_app.model.consultation import TextNote

    lab = canvas.pane.layer.labels["coccyx"]
    c = Consultation(view="sagittal", variant="female")
    c.texts.append(TextNote(id="n1", x=lab.box().left() + 10, y=lab.box().top(),
                            text="Look here"))
    c.lesions.append(Lesion(id="les3", number=1, cx=462, cy=300, rx=30, ry=22,
                            label="Cyst behind the lower rectum"))
    canvas.document.replace(c)
    note = canvas.ctl.layer.items["n1"].text_scene_rect()
    for zoom in (1.0, 2.0):
        if zoom > 1:
            canvas.view.set_zoom(zoom)
            canvas.view.centerOn(QPointF(480, 320))
        for sid, label in _shown_labels(canvas).items():
            assert not note.intersects(label.box()), (zoom, sid)
        _assert_words_apart(canvas, canvas.ctl.layer.items["les3"])
