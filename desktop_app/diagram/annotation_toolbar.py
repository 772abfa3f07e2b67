"""The drawing toolbar: tools with one-letter shortcuts, colour and pen width, delete.

Shortcuts (V, L, P, A, T, E) work while the focus is in the diagram pane, so typing in the
visit's text fields never switches tools. Colours are the Okabe–Ito palette, named in words.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (QAction, QActionGroup, QColor, QFont, QGuiApplication, QIcon,
                           QKeySequence, QPainter, QPainterPath, QPalette, QPen, QPixmap,
                           QPolygonF)
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton, QWidget

from desktop_app.diagram.commands import RestyleMarks
from desktop_app.diagram.palette import OKABE_ITO, PEN_WIDTHS, colour_name
from desktop_app.diagram.tools import TOOL_CLASSES

ICON = 32


def _canvas() -> tuple[QPixmap, QPainter]:
    pm = QPixmap(ICON, ICON)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    return pm, p


def _ink() -> QColor:
    """Glyph colour from the system palette, so the icons show on dark themes too."""
    return QGuiApplication.palette().color(QPalette.ColorRole.ButtonText)


def tool_icon(name: str, colour: str | None = None) -> QIcon:
    """Simple glyphs drawn in code (no icon files to ship or licence)."""
    pm, p = _canvas()
    ink = QColor(colour) if colour else _ink()
    pen = QPen(ink, 2.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    if name == "select":
        p.setBrush(ink)
        p.drawPolygon(QPolygonF([QPointF(9, 5), QPointF(9, 25), QPointF(14, 20),
                                 QPointF(18, 28), QPointF(21, 27), QPointF(17, 19),
                                 QPointF(24, 19)]))
    elif name == "lesion":
        fill = QColor("#D55E00")
        fill.setAlphaF(0.3)
        p.setPen(QPen(QColor("#D55E00"), 2.4))
        p.setBrush(fill)
        p.drawEllipse(QRectF(3, 8, 26, 17))
        p.setPen(QColor("#1F1F1F"))
        f = QFont()
        f.setPixelSize(12)
        f.setBold(True)
        p.setFont(f)
        p.drawText(QRectF(3, 8, 26, 17), Qt.AlignmentFlag.AlignCenter, "1")
    elif name == "pen":
        path = QPainterPath(QPointF(4, 22))
        path.cubicTo(QPointF(10, 6), QPointF(16, 30), QPointF(22, 12))
        path.quadTo(QPointF(25, 6), QPointF(28, 9))
        p.drawPath(path)
    elif name == "arrow":
        p.drawLine(QPointF(5, 27), QPointF(24, 8))
        p.setBrush(ink)
        p.drawPolygon(QPolygonF([QPointF(27, 5), QPointF(16, 9), QPointF(23, 16)]))
    elif name == "text":
        f = QFont()
        f.setPixelSize(24)
        f.setBold(True)
        p.setFont(f)
        p.drawText(QRectF(0, 0, ICON, ICON), Qt.AlignmentFlag.AlignCenter, "T")
    elif name == "eraser":
        p.translate(16, 16)
        p.rotate(-40)
        p.setBrush(QColor("#F3C6D2"))
        p.drawRoundedRect(QRectF(-12, -6, 24, 12), 2, 2)
        p.drawLine(QPointF(-3, -6), QPointF(-3, 6))
    elif name == "delete":
        p.drawLine(QPointF(8, 8), QPointF(24, 24))
        p.drawLine(QPointF(24, 8), QPointF(8, 24))
    p.end()
    return QIcon(pm)


def swatch_icon(colour: str) -> QIcon:
    pm, p = _canvas()
    p.setPen(QPen(QColor("#555555"), 1))
    p.setBrush(QColor(colour))
    p.drawRoundedRect(QRectF(5, 5, 22, 22), 4, 4)
    p.end()
    return QIcon(pm)


def width_icon(width: float) -> QIcon:
    pm, p = _canvas()
    p.setPen(QPen(_ink(), max(1.0, width * 1.4), Qt.PenStyle.SolidLine,
                  Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(6, 16), QPointF(26, 16))
    p.end()
    return QIcon(pm)


class AnnotationToolbar(QToolBar):
    """Tools, colour, width and delete for an :class:`AnnotationController`.

    ``shortcut_scope``: the widget whose focus enables the one-letter shortcuts (the pane).
    """

    def __init__(self, controller, shortcut_scope: QWidget | None = None,
                 parent: QWidget | None = None):
        super().__init__("Drawing tools", parent)
        self.setObjectName("annotation_toolbar")
        self.ctl = controller
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(self.iconSize().scaled(22, 22, Qt.AspectRatioMode.KeepAspectRatio))
        scope = shortcut_scope or self
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.tool_actions: dict[str, QAction] = {}
        for cls in TOOL_CLASSES:
            act = QAction(tool_icon(cls.name), cls.title, self)
            act.setObjectName(f"tool_{cls.name}")
            act.setCheckable(True)
            act.setShortcut(QKeySequence(cls.shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.setToolTip(f"{cls.tip} ({cls.shortcut})")
            act.setStatusTip(cls.tip)
            act.triggered.connect(lambda _=False, n=cls.name: self.ctl.set_tool(n))
            self.group.addAction(act)
            self.addAction(act)
            if scope is not self:
                scope.addAction(act)
            self.tool_actions[cls.name] = act
        self.tool_actions["select"].setChecked(True)
        self.addSeparator()

        # colour
        self.colour_button = QToolButton(self, objectName="colour_button")
        self.colour_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.colour_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        menu = QMenu(self.colour_button)
        self.colour_actions: dict[str, QAction] = {}
        for name, hex_ in OKABE_ITO:
            act = menu.addAction(swatch_icon(hex_), name)
            act.setObjectName(f"colour_{hex_[1:]}")
            act.triggered.connect(lambda _=False, h=hex_: self.choose_colour(h))
            self.colour_actions[hex_] = act
        self.colour_button.setMenu(menu)
        self.addWidget(self.colour_button)

        # width
        self.width_button = QToolButton(self, objectName="width_button")
        self.width_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.width_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        wmenu = QMenu(self.width_button)
        self.width_actions: dict[float, QAction] = {}
        for name, w in PEN_WIDTHS:
            act = wmenu.addAction(width_icon(w), name)
            act.setObjectName(f"width_{name.lower()}")
            act.triggered.connect(lambda _=False, v=w: self.choose_width(v))
            self.width_actions[w] = act
        self.width_button.setMenu(wmenu)
        self.addWidget(self.width_button)
        self.addSeparator()

        self.delete_action = QAction(tool_icon("delete", "#B00020"), "Delete", self)
        self.delete_action.setObjectName("delete_marks")
        self.delete_action.setToolTip("Delete the selected marks (Delete key)")
        self.delete_action.triggered.connect(self.ctl.delete_selected)
        self.addAction(self.delete_action)

        self.ctl.toolChanged.connect(self._on_tool)
        self.ctl.styleChanged.connect(self._on_style)
        self.ctl.selectionChanged.connect(self._on_selection)
        self._on_style()
        self._on_selection(self.ctl.selected_ids())

    # -- fit: names beside the icons when there is room, icons only (names in tooltips) if not
    def _wide_width(self) -> int:
        if getattr(self, "_wide", None) is None:
            compact = self.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
            if compact:
                self._set_compact(False)
            self._wide = self.sizeHint().width()
            if compact:
                self._set_compact(True)
        return self._wide

    def _set_compact(self, compact: bool) -> None:
        style = (Qt.ToolButtonStyle.ToolButtonIconOnly if compact
                 else Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        if self.toolButtonStyle() == style:
            return
        self.setToolButtonStyle(style)
        for button in (self.colour_button, self.width_button):
            button.setToolButtonStyle(style)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._set_compact(event.size().width() < self._wide_width())
        super().resizeEvent(event)

    def choose_colour(self, colour: str) -> None:
        """New marks get this colour; selected marks are recoloured (one undo entry)."""
        self.ctl.set_style(colour=colour)
        ids = self.ctl.selected_ids()
        if ids:
            self.ctl.push(RestyleMarks(self.ctl.document, ids, color=colour))

    def choose_width(self, width: float) -> None:
        self.ctl.set_style(width=width)
        ids = self.ctl.selected_ids()
        if ids:
            self.ctl.push(RestyleMarks(self.ctl.document, ids, width=width))

    def _on_tool(self, name: str) -> None:
        act = self.tool_actions.get(name)
        if act is not None and not act.isChecked():
            act.setChecked(True)

    def _on_style(self) -> None:
        self.colour_button.setIcon(swatch_icon(self.ctl.colour))
        self.colour_button.setText(colour_name(self.ctl.colour))
        self.colour_button.setToolTip(f"Colour of new marks: {colour_name(self.ctl.colour)}")
        name = next((n for n, w in PEN_WIDTHS if abs(w - self.ctl.width) < 1e-6),
                    f"{self.ctl.width:g}")
        self.width_button.setIcon(width_icon(self.ctl.width))
        self.width_button.setText(name)
        self.width_button.setToolTip(f"Line width of pen and arrows: {name}")

    def _on_selection(self, ids: list) -> None:
        self.delete_action.setEnabled(bool(ids))
