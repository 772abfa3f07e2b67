"""The drawing toolbar: tools with one-letter shortcuts, colour and pen width, delete.

Shortcuts (V, L, P, A, T, E) work while the focus is in the diagram pane, so typing in the
visit's text fields never switches tools. Colours are the Okabe–Ito palette, named in words.

The icons are drawn in the toolbar's own palette colours (the text colour that reads on its
background, light or dark theme), with a dimmed disabled look, and are drawn again when the
palette changes while the app runs. The colours that mean something stay: the lesion tool's
orange badge, the red delete cross (a lighter red on dark backgrounds), the colour swatches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import (QAction, QActionGroup, QColor, QFont, QGuiApplication, QIcon,
                           QKeySequence, QPainter, QPainterPath, QPalette, QPen,
                           QPixmap, QPolygonF)
from PySide6.QtWidgets import QMenu, QProxyStyle, QStyle, QToolBar, QToolButton, QWidget

from desktop_app.diagram.commands import RestyleMarks
from desktop_app.diagram.menu_icons import MenuIcons
from desktop_app.diagram.palette import (OKABE_ITO, PEN_WIDTHS, accent_on, colour_name,
                                         danger_on, mix, readable_ink)
from desktop_app.diagram.shape_tools import ALL_TOOL_CLASSES as TOOL_CLASSES
from desktop_app.diagram.stamp_toolbar import StampChooser, draw_new_tool, draw_stamp_glyph
from desktop_app.infra.qtnames import named
from desktop_app.model.lesions import colour_for

ICON = 32              # glyphs are drawn on a 32 × 32 grid ...
SIZES = (ICON, 2 * ICON)   # ... at 32 and 64 px, so they stay sharp on high-DPI screens
DISABLED_FADE = 0.6    # disabled ink: 60 % of the way from the ink to the background
LABELLED = Qt.ToolButtonStyle.ToolButtonTextUnderIcon
GROUPED = ("highlighter", "ellipse", "rect", "area")   # under one "shapes" button


TIGHTER = 5            # px off each named button's width (of the style's 2 spaces + 6 px)
# the colour button's name when the palette's name is two words (the menu, its tooltip and
# its accessible name keep the full name; no other purple or green is in the palette)
BUTTON_NAMES = {"Reddish purple": "Purple", "Bluish green": "Green"}


def app_owned(style: QProxyStyle) -> QProxyStyle:
    """``style`` parented to the application, so Qt deletes it after every widget."""
    app = QCoreApplication.instance()
    if app is not None:
        style.setParent(app)
    return style


class TightButtons(QProxyStyle):
    """The style's tool buttons, a few px narrower when they show a name: with them
    every name fits at 1,280 px (601 px for the toolbar; 615 needed with the style's own
    padding, 560 now; 593 with the longest colour name), the name still clear of the
    button's edges by most of a space."""

    def sizeFromContents(self, kind, option, size, widget=None):  # noqa: N802 - Qt API
        hint = super().sizeFromContents(kind, option, size, widget)
        if kind == QStyle.ContentsType.CT_ToolButton and isinstance(widget, QToolButton) \
                and widget.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonIconOnly \
                and widget.text():
            hint.setWidth(hint.width() - TIGHTER)
        return hint


@dataclass(frozen=True)
class IconInk:
    """The colours of the icons on one background ('#rrggbb' each)."""

    background: str
    ink: str        # glyphs: the palette's button or window text, whichever reads
    disabled: str   # disabled glyphs: the ink faded towards the background
    danger: str     # the delete cross
    lesion: str     # the lesion tool's badge

    @classmethod
    def from_palette(cls, palette: QPalette | None = None,
                     role: QPalette.ColorRole = QPalette.ColorRole.Window) -> IconInk:
        """Colours for icons shown on ``palette``'s ``role`` colour (the toolbar's background)."""
        pal = palette if palette is not None else QGuiApplication.palette()
        group = QPalette.ColorGroup.Active
        bg = pal.color(group, role).name()
        ink = readable_ink(bg, (pal.color(group, QPalette.ColorRole.ButtonText).name(),
                                pal.color(group, QPalette.ColorRole.WindowText).name()))
        return cls(background=bg, ink=ink, disabled=mix(ink, bg, DISABLED_FADE),
                   danger=danger_on(bg), lesion=accent_on(colour_for(1), bg, ink))


Tone = Callable[[str], QColor]   # a colour of the glyph → the colour to paint it in


def _icon(ink: IconInk, draw: Callable[[QPainter, Tone, bool], None]) -> QIcon:
    """:func:`_drawn_icon`, drawn now. (A Python QIconEngine that draws later made the
    process crash at exit now and then: Qt copies engines with ``clone`` and deletes them
    after Python has let go of the objects it returned.)"""
    return _drawn_icon(ink, draw)


def _drawn_icon(ink: IconInk, draw: Callable[[QPainter, Tone, bool], None]) -> QIcon:
    """An icon with a normal and a disabled look: ``draw(painter, tone, disabled)`` paints on
    the 32-unit grid and asks ``tone`` for every colour; disabled, every colour becomes the
    faded ink (no hue left, as the style's own disabled text)."""
    icon = QIcon()
    for mode, disabled in ((QIcon.Mode.Normal, False), (QIcon.Mode.Disabled, True)):
        tone: Tone = (lambda _c: QColor(ink.disabled)) if disabled else QColor
        for size in SIZES:
            pm = QPixmap(size, size)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            p.scale(size / ICON, size / ICON)
            draw(p, tone, disabled)
            p.end()
            icon.addPixmap(pm, mode)
    return icon


def _glyph_pen(colour: QColor) -> QPen:
    return QPen(colour, 2.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin)


def _draw_tool(p: QPainter, name: str, ink: IconInk, tone: Tone,
               colour: str | None) -> None:
    c = tone(colour or ink.ink)
    p.setPen(_glyph_pen(c))
    if name == "select":
        p.setBrush(c)
        p.drawPolygon(QPolygonF([QPointF(9, 5), QPointF(9, 25), QPointF(14, 20),
                                 QPointF(18, 28), QPointF(21, 27), QPointF(17, 19),
                                 QPointF(24, 19)]))
    elif name == "lesion":
        badge = tone(ink.lesion)
        fill = QColor(badge)
        fill.setAlphaF(0.3)
        p.setPen(QPen(badge, 2.4))
        p.setBrush(fill)
        p.drawEllipse(QRectF(3, 8, 26, 17))
        p.setPen(tone(ink.ink))   # the number in the text colour: reads on the light tint
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
        p.setBrush(c)
        p.drawPolygon(QPolygonF([QPointF(27, 5), QPointF(16, 9), QPointF(23, 16)]))
    elif name == "text":
        f = QFont()
        f.setPixelSize(24)
        f.setBold(True)
        p.setFont(f)
        p.drawText(QRectF(0, 0, ICON, ICON), Qt.AlignmentFlag.AlignCenter, "T")
    elif name == "eraser":
        # outlined body, rubber end filled with the ink: no fixed pastel that vanishes on light
        p.translate(16, 16)
        p.rotate(-40)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(QRectF(-12, -6, 24, 12), 2, 2)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(c)
        p.drawRoundedRect(QRectF(-12, -6, 9, 12), 2, 2)
    elif name == "delete":
        p.drawLine(QPointF(8, 8), QPointF(24, 24))
        p.drawLine(QPointF(24, 8), QPointF(8, 24))
    else:
        draw_new_tool(p, name, c)


def stamp_icon(kind: str, ink: IconInk) -> QIcon:
    """The stamp's own outline as its icon, in the toolbar's ink."""
    return _icon(ink, lambda p, tone, _d: draw_stamp_glyph(p, kind, tone(ink.ink),
                                                           QRectF(2, 2, 28, 28)))


def tool_icon(name: str, ink: IconInk | None = None, colour: str | None = None) -> QIcon:
    """Simple glyphs drawn in code (no icon files to ship or licence), in ``ink``'s colours
    (default: the application palette); ``colour`` replaces the ink of the glyph."""
    ink = ink or IconInk.from_palette()
    return _icon(ink, lambda p, tone, _disabled: _draw_tool(p, name, ink, tone, colour))


def swatch_icon(colour: str, ink: IconInk | None = None) -> QIcon:
    """A rounded square of ``colour`` with a border in the ink, so black shows on a dark
    toolbar and yellow on a light one."""
    ink = ink or IconInk.from_palette()

    def draw(p: QPainter, tone: Tone, disabled: bool) -> None:
        p.setPen(QPen(tone(ink.ink), 2))
        p.setBrush(QColor(mix(colour, ink.background, DISABLED_FADE) if disabled else colour))
        p.drawRoundedRect(QRectF(5, 5, 22, 22), 4, 4)

    return _icon(ink, draw)


def width_icon(width: float, ink: IconInk | None = None) -> QIcon:
    ink = ink or IconInk.from_palette()

    def draw(p: QPainter, tone: Tone, _disabled: bool) -> None:
        p.setPen(QPen(tone(ink.ink), max(1.0, width * 1.4), Qt.PenStyle.SolidLine,
                      Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(6, 16), QPointF(26, 16))

    return _icon(ink, draw)


class AnnotationToolbar(QToolBar):
    """Tools, colour, width and delete for an :class:`AnnotationController`.

    ``shortcut_scope``: the widget whose focus enables the one-letter shortcuts (the pane).
    """

    def __init__(self, controller, shortcut_scope: QWidget | None = None,
                 parent: QWidget | None = None):
        super().__init__("Drawing tools", parent)
        self.setObjectName("annotation_toolbar")
        self.ctl = controller
        # names under the icons: the whole toolbar fits beside the explanations and the lesion
        # panel at 1,366 px with every name shown (beside the icons it needed 720 px)
        self.setToolButtonStyle(LABELLED)
        self.setIconSize(self.iconSize().scaled(22, 22, Qt.AspectRatioMode.KeepAspectRatio))
        scope = shortcut_scope or self
        self._ink = self.icon_ink()
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.tool_actions: dict[str, QAction] = {}
        shape_actions: list[QAction] = []
        for cls in TOOL_CLASSES:
            # a shape's icon is drawn when its menu opens or its button shows it
            act = QAction(cls.title, self) if cls.name in GROUPED \
                else QAction(tool_icon(cls.name, self._ink), cls.title, self)
            act.setObjectName(f"tool_{cls.name}")
            act.setCheckable(True)
            act.setShortcut(QKeySequence(cls.shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.setToolTip(f"{cls.tip} ({cls.shortcut})")
            act.setStatusTip(cls.tip)
            act.triggered.connect(lambda _=False, n=cls.name: self.ctl.set_tool(n))
            self.group.addAction(act)
            if scope is not self:
                scope.addAction(act)
            self.tool_actions[cls.name] = act
            if cls.name in GROUPED:            # in the Shapes button's menu
                shape_actions.append(act)
            elif cls.name == "stamp":          # the stamp chooser is its button
                self._add_shapes_button(shape_actions)
                self.stamp_button = StampChooser(self, controller,
                                                 lambda kind: stamp_icon(kind, self._ink))
                self.stamp_button.setToolButtonStyle(LABELLED)     # like the other buttons
                self.addWidget(self.stamp_button)
            else:
                self.addAction(act)
        self.tool_actions["select"].setChecked(True)
        self.addSeparator()

        # colour
        self.colour_button = named(QToolButton(self), "colour_button")
        self.colour_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.colour_button.setToolButtonStyle(LABELLED)
        menu = QMenu(self.colour_button)
        self.colour_actions: dict[str, QAction] = {}
        for name, hex_ in OKABE_ITO:
            act = menu.addAction(name)
            act.setObjectName(f"colour_{hex_[1:]}")
            act.setData(hex_)
            act.triggered.connect(lambda _=False, h=hex_: self.choose_colour(h))
            self.colour_actions[hex_] = act
        self.colour_button.setMenu(menu)
        self.colour_icons = MenuIcons(menu, lambda a: swatch_icon(a.data(), self._ink))
        self.addWidget(self.colour_button)

        # width
        self.width_button = named(QToolButton(self), "width_button")
        self.width_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.width_button.setToolButtonStyle(LABELLED)
        wmenu = QMenu(self.width_button)
        self.width_actions: dict[float, QAction] = {}
        for name, w in PEN_WIDTHS:
            act = wmenu.addAction(name)
            act.setObjectName(f"width_{name.lower()}")
            act.setData(w)
            act.triggered.connect(lambda _=False, v=w: self.choose_width(v))
            self.width_actions[w] = act
        self.width_button.setMenu(wmenu)
        self.width_icons = MenuIcons(wmenu, lambda a: width_icon(a.data(), self._ink))
        self.addWidget(self.width_button)
        self.addSeparator()

        self.delete_action = QAction(tool_icon("delete", self._ink, self._ink.danger), "Delete",
                                     self)
        self.delete_action.setObjectName("delete_marks")
        self.delete_action.setToolTip("Delete the selected marks (Delete key)")
        self.delete_action.triggered.connect(self.ctl.delete_selected)
        self.addAction(self.delete_action)

        self.ctl.toolChanged.connect(self._on_tool)
        self.ctl.styleChanged.connect(self._on_style)
        self.ctl.selectionChanged.connect(self._on_selection)
        self._on_style()
        self._on_selection(self.ctl.selected_ids())
        # every button reachable with Tab (a toolbar's buttons take no focus by default)
        # owned by the application, which outlives every button drawn with it (a style
        # deleted with its Python owner before the buttons crashed the process at exit)
        self._tight = app_owned(TightButtons())
        for button in self.findChildren(QToolButton):
            if button.objectName() != "qt_toolbar_ext_button":
                button.setStyle(self._tight)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            if not button.accessibleName() and button.defaultAction() is not None:
                button.setAccessibleName(button.defaultAction().text())

    def _add_shapes_button(self, actions: list[QAction]) -> None:
        """One "Shapes" button for the highlighter and the shapes: its icon is the one last
        chosen (a click takes it again), its arrow opens the others. Grouped, and with a name
        that does not change, every name fits under its icon at 1,366 px."""
        button = named(QToolButton(self), "shapes_button")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        button.setToolButtonStyle(LABELLED)
        button.setCheckable(True)
        button.setText("Shapes")
        button.setAccessibleName("Shapes and highlighter")
        menu = QMenu(button)
        menu.setObjectName("shapes_menu")
        for act in actions:
            menu.addAction(act)
        button.setMenu(menu)
        self.shape_icons = MenuIcons(
            menu, lambda a: tool_icon(a.objectName().removeprefix("tool_"), self._ink))
        # the button's own click: the shape it shows (toggling it off is not a thing)
        button.clicked.connect(lambda _=False: self._shape.trigger())
        self.shapes_menu = menu
        self.shapes_button = button
        self._show_shape(next((a for a in actions if a.objectName() == "tool_ellipse"),
                              actions[0]))
        self.addWidget(button)

    def _show_shape(self, act: QAction) -> None:
        self._shape = act
        if act.icon().isNull():      # its menu has not been opened yet
            act.setIcon(tool_icon(act.objectName().removeprefix("tool_"), self._ink))
        self.shapes_button.setIcon(act.icon())
        tip = f"{act.toolTip()}. The arrow shows the other shapes."
        self.shapes_button.setToolTip(tip)
        self.shapes_button.setAccessibleDescription(tip)
        self.shapes_button.setChecked(act.isChecked())

    # -- icons in the toolbar's palette, drawn again when the palette (or the theme) changes
    def icon_ink(self) -> IconInk:
        """The icon colours for this toolbar's palette. The toolbar paints no background of its
        own (its background role is Button, but it does not fill it), so the icons sit on the
        window colour showing through from the pane."""
        return IconInk.from_palette(self.palette(), QPalette.ColorRole.Window)

    def refresh_icons(self) -> None:
        """Draw every icon again if the palette's colours for them changed."""
        ink = self.icon_ink()
        if ink == self._ink:
            return
        self._ink = ink
        for name, act in self.tool_actions.items():
            if name not in GROUPED:
                act.setIcon(tool_icon(name, ink))
        self._shape.setIcon(tool_icon(self._shape.objectName().removeprefix("tool_"), ink))
        self.shapes_button.setIcon(self._shape.icon())
        self.delete_action.setIcon(tool_icon("delete", ink, ink.danger))
        for icons in (self.shape_icons, self.colour_icons, self.width_icons):
            icons.redraw_later()
        self.stamp_button.refresh_icons(lambda kind: stamp_icon(kind, ink))
        self._on_style()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if (event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                             QEvent.Type.StyleChange)
                and hasattr(self, "delete_action")):   # not while __init__ builds the toolbar
            self.refresh_icons()

    # -- fit: names under the icons when there is room, icons only (names in tooltips) if not
    _wide: int | None = None    # the width with every name shown (None: to be measured)

    def _wide_width(self) -> int:
        if self._wide is None:
            compact = self.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
            if compact:
                self._set_compact(False)
            self._wide = wide = self.sizeHint().width()
            if compact:
                self._set_compact(True)
            return wide
        return self._wide

    def _set_compact(self, compact: bool) -> None:
        style = Qt.ToolButtonStyle.ToolButtonIconOnly if compact else LABELLED
        if self.toolButtonStyle() == style:
            return
        self.setToolButtonStyle(style)
        for button in (self.colour_button, self.width_button, self.stamp_button,
                       self.shapes_button):
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
        if name in GROUPED and act is not None:
            self._show_shape(act)
        self.shapes_button.setChecked(name in GROUPED)
        self.stamp_button.setChecked(name == "stamp")

    def _on_style(self) -> None:
        self.colour_button.setIcon(swatch_icon(self.ctl.colour, self._ink))
        colour = colour_name(self.ctl.colour)
        self.colour_button.setText(BUTTON_NAMES.get(colour, colour))
        self.colour_button.setToolTip(f"Color of new marks: {colour}")
        self.colour_button.setAccessibleName(f"Color: {colour}")
        name = next((n for n, w in PEN_WIDTHS if abs(w - self.ctl.width) < 1e-6),
                    f"{self.ctl.width:g}")
        self.width_button.setIcon(width_icon(self.ctl.width, self._ink))
        self.width_button.setText(name)
        self.width_button.setToolTip(f"Line width of pen and arrows: {name}")
        # a longer colour name ("Reddish purple") needs more room: measured again, so the
        # toolbar shows icons only rather than pushing its last buttons out of sight
        if self._wide is not None:
            self._wide = None
            if self.width() > 0:
                self._set_compact(self.width() < self._wide_width())

    def _on_selection(self, ids: list) -> None:
        self.delete_action.setEnabled(bool(ids))
