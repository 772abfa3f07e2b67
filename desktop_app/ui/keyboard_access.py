"""Keyboard routes to what is otherwise done with the mouse on the diagram.

- "Explain a part" (Alt+X): a list of the structures in the drawing on screen; choosing one
  highlights it and explains it, exactly like clicking it.
- "Add lesion" (Ctrl+Shift+L): places the next numbered lesion in the presacral space of the
  view on screen and gives the diagram focus, so the arrow keys move it and the lesion panel
  takes its size.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop_app.diagram.pane import DiagramPane
from desktop_app.document import Change, Document
from desktop_app.model.anatomy import Atlas
from desktop_app.ui.explain_area import ExplainArea

LESION_HOME = "presacral_space"  # where a keyboard-placed lesion starts


class ChooserHost(Protocol):
    """What the chooser uses of the window around it (the main window, which imports this
    module)."""

    @property
    def document(self) -> Document: ...

    @property
    def explain_area(self) -> ExplainArea: ...

    def show_structure(self, structure_id: str) -> None: ...


class StructureChooser(QWidget):
    """A combo box of the drawing's structures, lay names first."""

    def __init__(self, host: ChooserHost, pane: DiagramPane, atlas: Atlas,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.host, self.pane, self.atlas = host, pane, atlas
        self.setObjectName("structure_chooser")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 0)
        self.combo = QComboBox()
        self.combo.setObjectName("structure_combo")
        # as narrow as the column needs (the longest name would widen the whole drawing column)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(14)
        self.combo.setAccessibleName("Explain a part of the drawing")
        self.combo.setAccessibleDescription("Choose a part to highlight it in the drawing and "
                                            "explain it")
        label = QLabel("E&xplain a part:")
        label.setBuddy(self.combo)
        row.addWidget(label)
        row.addWidget(self.combo, 1)
        self.combo.activated.connect(self._chosen)
        pane.drawingChanged.connect(self.refill)
        host.document.changed.connect(self._on_document_changed)
        self.refill()

    def _on_document_changed(self, kind: Change) -> None:
        if kind in (Change.FIELDS, Change.ALL):
            self.refill()

    def refill(self) -> None:
        """The parts of the drawing on screen. The part explained stays chosen when this
        drawing has it too; else its explanation goes with it (no old text under a new
        drawing)."""
        pane = self.pane
        drawing = pane.drawing
        explained = self.combo.currentData() or ""
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("—", "")
        if drawing is not None:
            lang = pane.language
            entries = []
            for sid in drawing.structure_ids:
                s = self.atlas.structure(sid)
                name = s.tooltip(lang)
                entries.append((name[:1].upper() + name[1:], sid))
            for text, sid in sorted(entries, key=lambda e: e[0].casefold()):
                self.combo.addItem(text, sid)
        kept = self.combo.findData(explained) if explained else -1
        self.combo.setCurrentIndex(max(0, kept))
        self.combo.blockSignals(False)
        if explained and kept < 0:
            self.host.explain_area.clear()
        elif kept > 0 and drawing is not None and pane.selected != explained:
            pane.select_structure(explained)      # the same part, outlined on this drawing

    def show_structure(self, structure_id: str) -> None:
        """Follow a part clicked on the drawing (the list names what is explained below)."""
        index = self.combo.findData(structure_id)
        if index >= 0 and index != self.combo.currentIndex():
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(index)
            self.combo.blockSignals(False)

    def _chosen(self, index: int) -> None:
        sid = self.combo.itemData(index)
        if sid:
            self.pane.select_structure(sid)
            self.host.show_structure(sid)


def add_lesion_from_keyboard(window) -> str | None:
    """Place the next lesion in the presacral space of the drawing on screen."""
    ctl = getattr(window, "annotations", None)
    pane = window.diagram_pane
    drawing = getattr(pane, "drawing", None)
    if ctl is None or drawing is None:
        return None
    label = drawing.labels.get(LESION_HOME)
    if label is not None:
        cx, cy = label.anchor
    else:
        x, y, w, h = drawing.viewbox
        cx, cy = x + w / 2, y + h / 2
    lesion_id = ctl.add_lesion(cx, cy)
    pane.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
    return lesion_id


def install_keyboard_access(window) -> None:
    pane = window.diagram_pane
    if window.atlas is None or not isinstance(pane, DiagramPane):
        return
    window.structure_chooser = StructureChooser(window, pane, window.atlas)
    window.explain_area.add_to_top(window.structure_chooser)

    act = QAction("Add &lesion in the presacral space", window)
    act.setObjectName("act_add_lesion")
    act.setShortcut(QKeySequence("Ctrl+Shift+L"))
    act.setToolTip("Place the next lesion marker; move it with the arrow keys and type its "
                   "size in the lesion panel (Ctrl+Shift+L)")
    act.triggered.connect(lambda: add_lesion_from_keyboard(window))
    window.addAction(act)
    edit_menu = next((a.menu() for a in window.menuBar().actions()
                      if a.menu() and a.text().replace("&", "") == "Edit"), None)
    if edit_menu is not None:
        edit_menu.addSeparator()
        edit_menu.addAction(act)
    window.act_add_lesion = act
