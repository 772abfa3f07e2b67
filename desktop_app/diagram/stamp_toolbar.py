"""Toolbar parts of the new drawing tools: their icons and the stamp chooser.

The icons are drawn in code on the toolbar's 32-unit grid, in the colour the toolbar gives
(see ``annotation_toolbar``). A stamp's icon is the stamp's own outline (``model.stamps``)
fitted into the square, so the menu shows what will be placed.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QMenu, QToolButton

from desktop_app.diagram.scene import qpath
from desktop_app.diagram.menu_icons import MenuIcons
from desktop_app.model.stamps import KINDS, MENU_KINDS, frame, stroke_width, transform


def draw_new_tool(p: QPainter, name: str, c: QColor) -> bool:
    """Paint the glyph of one of the new tools; False if ``name`` is not one of them."""
    if name == "highlighter":
        wide = QColor(c)
        wide.setAlphaF(0.45)
        p.setPen(QPen(wide, 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(6, 22), QPointF(26, 10))
        p.setPen(QPen(c, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(5, 28), QPointF(27, 28))
    elif name in ("ellipse", "rect", "area"):
        fill = QColor(c)
        fill.setAlphaF(0.25)
        p.setBrush(fill)
        if name == "ellipse":
            p.drawEllipse(QRectF(4, 8, 24, 17))
        elif name == "rect":
            p.drawRect(QRectF(5, 8, 22, 16))
        else:
            path = QPainterPath(QPointF(6, 18))
            path.cubicTo(QPointF(4, 6), QPointF(20, 2), QPointF(26, 10))
            path.cubicTo(QPointF(31, 18), QPointF(22, 29), QPointF(14, 26))
            path.cubicTo(QPointF(9, 25), QPointF(7, 22), QPointF(6, 18))
            p.drawPath(path)
    elif name == "stamp":
        draw_stamp_glyph(p, "posterior_incision", c, QRectF(2, 2, 28, 28))
    else:
        return False
    return True


def draw_stamp_glyph(p: QPainter, kind: str, c: QColor, box: QRectF) -> None:
    """A stamp's outline fitted into ``box`` (its proportions kept)."""
    x0, y0, x1, y1 = frame(kind)
    scale = min(box.width() / (x1 - x0), box.height() / (y1 - y0))
    p.save()
    p.translate(box.center())
    p.scale(scale, scale)
    p.translate(-(x0 + x1) / 2, -(y0 + y1) / 2)
    for part in KINDS[kind].parts:
        ink = QColor("#FFFFFF") if part.white else QColor(c)
        path = qpath(transform(part.segments, 0.0, 0.0, 0.0, 1.0))
        if part.fill:
            fill = QColor(ink)
            fill.setAlphaF(part.fill)
            p.setBrush(fill)
        else:
            p.setBrush(Qt.BrushStyle.NoBrush)
        if part.width:
            # at least 1.6 icon pixels, whatever the stamp's size
            p.setPen(QPen(ink, max(stroke_width(part, 1.0), 1.6 / scale),
                          Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                          Qt.PenJoinStyle.RoundJoin))
        else:
            p.setPen(Qt.PenStyle.NoPen)
        p.drawPath(path)
    p.restore()


class StampChooser(QToolButton):
    """"Stamp: <name>" with a menu of every stamp; choosing one also takes the stamp tool.
    With the stamp tool current, its shortcut (S) picks the next stamp."""

    def __init__(self, toolbar, ctl, stamp_icon: Callable[[str], QIcon]):
        super().__init__(toolbar)
        self.setObjectName("stamp_button")
        self.ctl = ctl
        self.tool = ctl.tools["stamp"]
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setAccessibleName("Choose the stamp")
        self.setCheckable(True)          # shown pressed while the stamp tool is in use
        self.stamp_icon = stamp_icon
        menu = QMenu(self)
        menu.setObjectName("stamp_menu")
        self.actions_by_kind = {}
        for kind in MENU_KINDS:
            act = menu.addAction(KINDS[kind].title)     # its icon: when the menu opens
            act.setObjectName(f"stamp_{kind}")
            act.setData(kind)
            act.setToolTip(KINDS[kind].tip)
            act.setStatusTip(KINDS[kind].tip)
            act.triggered.connect(lambda _=False, k=kind: self.choose(k))
            self.actions_by_kind[kind] = act
        self.setMenu(menu)
        self.menu_icons = MenuIcons(menu, lambda act: self.stamp_icon(act.data()))
        self._switched = False
        ctl.toolChanged.connect(self._on_tool)
        ctl.styleChanged.connect(self.refresh)
        tool_action = toolbar.tool_actions.get("stamp")
        if tool_action is not None:
            tool_action.triggered.connect(self._on_stamp_action)
        self.refresh()

    def choose(self, kind: str) -> None:
        self.tool.set_kind(kind)
        self.ctl.set_tool("stamp")

    def _on_tool(self, name: str) -> None:
        self._switched = name == "stamp"

    def _on_stamp_action(self) -> None:
        # runs after the toolbar's own slot: if that slot did not switch to the stamp tool, it
        # was already current, and the shortcut means "the next stamp"
        switched, self._switched = self._switched, False
        if not switched and self.ctl.tool is self.tool:
            self.tool.next_kind()

    def refresh_icons(self, stamp_icon: Callable[[str], QIcon]) -> None:
        self.stamp_icon = stamp_icon
        self.menu_icons.redraw_later()   # drawn in the new colours at the next opening
        self.refresh()

    def refresh(self) -> None:
        kind = self.tool.kind
        self.setIcon(self.stamp_icon(kind))
        # one name whatever the stamp (its icon shows which): the toolbar keeps its width
        self.setText("Stamp")
        tip = f"Stamp to place: {KINDS[kind].title}. {self.tool.hint}"
        self.setToolTip(tip)
        self.setAccessibleDescription(tip)
        self.setStatusTip(tip)
