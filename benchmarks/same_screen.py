"""The app's first main-window screen, rebuilt by a plain PySide6 program: a fair start-up baseline.

    python benchmarks/same_screen.py --record OUT.json   # run the app once, write what it shows
    python benchmarks/same_screen.py OUT.json            # build that screen with bare PySide6

The bare skeleton of ``benchmarks/startup.py`` (a main window, a graphics view, a tab widget)
paints an empty scene and never touches Qt's ``Qt`` namespace, an action, a menu, a font, a
path or a style sheet; any window with our screen's content pays for those in PySide6 itself
(building the Python enum classes of every Qt class it uses, creating ~90 actions, painting
~100 paths and ~30 texts, polishing widgets under a style sheet). This program builds the same
*visible* screen the plain way, from a blueprint recorded from the running app:

* the widgets that are shown, with their texts, in the same layouts (list items, combo items,
  the current tab's page; other tab pages empty, as the app makes them only when opened);
* the menu bar's menus and actions (texts, shortcuts, check state), without menu icons (the app
  draws those when a menu first opens);
* the toolbars' actions with their icons (loaded from PNG bytes, as a program loads icon files);
* the drawing: every path the app paints, its texts and lines, at the app's view transform;
* the window's style sheet, title and size.

What it leaves out is the app's own work: content and drawing files parsed, the label layout
computed, the model, undo stack, accessibility and settings, the start screen, and the
widgets the app makes but does not show (docks, dialogs' parts). Where a choice was open the
baseline does *less* than a plain program would (no menu icons, no hidden widgets), so the
ratio against it does not flatter the app. ``tests/e2e/test_same_screen.py`` checks that the
rebuilt screen shows the same widgets, actions and scene items as the app's, and that this
program imports nothing of the app.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QDate, QIODevice, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (QAction, QBrush, QColor, QFont, QIcon, QKeySequence, QPainter,
                           QPainterPath, QPen, QPixmap, QTransform)
from PySide6.QtWidgets import (QApplication, QComboBox, QDateEdit, QFormLayout, QFrame,
                               QGraphicsEllipseItem, QGraphicsLineItem, QGraphicsPathItem,
                               QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView,
                               QGridLayout, QHBoxLayout, QLabel, QLayout, QLineEdit,
                               QListWidget, QMainWindow, QMenu, QPlainTextEdit, QScrollArea,
                               QSplitter, QStatusBar, QTabWidget, QToolBar, QToolButton,
                               QVBoxLayout, QWidget)

Blueprint = dict[str, Any]

# Widgets Qt makes inside another widget (viewports, tab bars, splitter handles, a spin box's
# line edit): the rebuilt parent makes its own.
INTERNAL = "qt_"
QWIDGETSIZE_MAX = (1 << 24) - 1


# ---------------------------------------------------------------------------- recording
def _rgba(color: QColor) -> list[int]:
    return [color.red(), color.green(), color.blue(), color.alpha()]


def _pen(pen: QPen) -> dict:
    return {"rgba": _rgba(pen.color()), "width": pen.widthF(), "style": pen.style().value,
            "cap": pen.capStyle().value, "join": pen.joinStyle().value,
            "cosmetic": pen.isCosmetic()}


def _brush(brush: QBrush) -> list[int] | None:
    return None if brush.style() == Qt.BrushStyle.NoBrush else _rgba(brush.color())


def _path(path: QPainterPath) -> list[list[float]]:
    return [[e.type.value, e.x, e.y] for e in (path.elementAt(i)
                                                 for i in range(path.elementCount()))]


def _png(icon: QIcon, size) -> str:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    icon.pixmap(size).save(buf, "PNG")
    return base64.b64encode(bytes(buf.data().data())).decode("ascii")


def _action(act: QAction, icon_size=None) -> dict:
    if act.isSeparator():
        return {"separator": True}
    out: dict[str, Any] = {"text": act.text(), "shortcut": act.shortcut().toString(),
                           "checkable": act.isCheckable(), "checked": act.isChecked(),
                           "visible": act.isVisible()}
    if act.menu() is not None:
        out["menu"] = [_action(a) for a in act.menu().actions()]
    if icon_size is not None and not act.icon().isNull():
        out["icon"] = _png(act.icon(), icon_size)
    return out


def _toolbar(bar: QToolBar) -> dict:
    items = []
    for act in bar.actions():
        widget = bar.widgetForAction(act)
        if isinstance(widget, QToolButton) and widget.objectName():   # added as a widget
            items.append({"button": _widget(widget)})
        else:
            items.append(_action(act, bar.iconSize()))
    size = bar.iconSize()
    return {"kind": "toolbar", "name": bar.objectName(), "title": bar.windowTitle(),
            "icon": [size.width(), size.height()], "style": bar.toolButtonStyle().value,
            "items": items}


def _layout_kind(layout) -> str:
    return ("form" if isinstance(layout, QFormLayout) else
            "grid" if isinstance(layout, QGridLayout) else
            "row" if isinstance(layout, QHBoxLayout) else "column")


def _laid_out(layout) -> list[dict]:
    """A layout's visible widgets in order, nested layouts as ``{"layout": kind, ...}``."""
    out: list[dict] = []
    if isinstance(layout, QFormLayout):          # label and field side by side, row by row
        for row in range(layout.rowCount()):
            cells = [layout.itemAt(row, role) for role in (QFormLayout.ItemRole.LabelRole,
                                                            QFormLayout.ItemRole.FieldRole,
                                                            QFormLayout.ItemRole.SpanningRole)]
            shown = [c.widget() if c is not None and c.widget() is not None
                     and c.widget().isVisible() else None for c in cells]
            if any(shown):
                out.append({"row": [_widget(x) if x is not None else None for x in shown]})
        return out
    for i in range(layout.count()):
        item = layout.itemAt(i)
        child, inner = item.widget(), item.layout()
        if child is not None:
            if child.isVisible() and not child.objectName().startswith(INTERNAL):
                out.append(_widget(child))
        elif inner is not None:
            out.append({"layout": _layout_kind(inner), "items": _laid_out(inner)})
    return out


def _widget(w: QWidget) -> dict:
    """What a visible widget shows, by the Qt class it is (the app's subclasses as Qt's)."""
    out: dict[str, Any] = {"name": w.objectName(), "sheet": w.styleSheet(),
                           "min": [w.minimumWidth(), w.minimumHeight()],
                           "max": [w.maximumWidth(), w.maximumHeight()]}
    if isinstance(w, QGraphicsView):
        out.update(kind="view", scene=_scene(w),
                   bars=[w.horizontalScrollBarPolicy().value, w.verticalScrollBarPolicy().value],
                   frame=w.frameShape().value)
    elif isinstance(w, QToolBar):
        out.update(_toolbar(w))
    elif isinstance(w, QSplitter):
        out.update(kind="splitter", vertical=w.orientation() == Qt.Orientation.Vertical,
                   sizes=w.sizes(), children=[_widget(w.widget(i)) for i in range(w.count())
                                              if w.widget(i).isVisible()])
    elif isinstance(w, QTabWidget):
        out.update(kind="tabs", titles=[w.tabText(i) for i in range(w.count())],
                   current=w.currentIndex(), page=_widget(w.currentWidget()),
                   bar=w.tabBar().isVisible())
    elif isinstance(w, QScrollArea):
        inner = w.widget()
        out.update(kind="scroll", page=_widget(inner) if inner is not None else None)
    elif isinstance(w, QListWidget):
        out.update(kind="list", items=[w.item(i).text() for i in range(w.count())],
                   current=w.currentRow())
    elif isinstance(w, QComboBox):
        out.update(kind="combo", items=[w.itemText(i) for i in range(w.count())],
                   current=w.currentIndex(), adjust=w.sizeAdjustPolicy().value,
                   length=w.minimumContentsLength())
    elif isinstance(w, QDateEdit):
        out.update(kind="date", format=w.displayFormat(), iso=w.date().toString(
            Qt.DateFormat.ISODate))
    elif isinstance(w, QLineEdit):
        out.update(kind="line", text=w.text(), placeholder=w.placeholderText())
    elif isinstance(w, QPlainTextEdit):
        out.update(kind="plain", text=w.toPlainText(), placeholder=w.placeholderText())
    elif isinstance(w, QLabel):
        out.update(kind="label", text=w.text(), rich=w.textFormat() == Qt.TextFormat.RichText,
                   wrap=w.wordWrap())
    elif isinstance(w, QToolButton):
        out.update(kind="button", action=_action(w.defaultAction(), w.iconSize())
                   if w.defaultAction() is not None else None, text=w.text(),
                   menu=[_action(a) for a in w.menu().actions()] if w.menu() else None,
                   style=w.toolButtonStyle().value,
                   icon=_png(w.icon(), w.iconSize()) if not w.icon().isNull() else None,
                   icon_size=[w.iconSize().width(), w.iconSize().height()])
    else:
        layout = w.layout()
        out.update(kind=_layout_kind(layout),
                   children=_laid_out(layout) if layout is not None else [])
    return out


def _scene(view: QGraphicsView) -> dict:
    """Everything the drawing paints, in scene coordinates: the anatomy's shapes (painted by
    one picture item in the app, each its own path item here), texts, lines and dots."""
    items = []
    for it in reversed(view.scene().items()):          # back to front
        if not it.isVisible():
            continue
        t = it.sceneTransform()
        z = it.zValue()
        if isinstance(it, QGraphicsPathItem):
            if it.pen().style() == Qt.PenStyle.NoPen and it.brush().style() == \
                    Qt.BrushStyle.NoBrush:
                continue
            items.append({"kind": "path", "d": _path(t.map(it.path())), "pen": _pen(it.pen()),
                          "brush": _brush(it.brush()), "z": z})
        elif isinstance(it, QGraphicsSimpleTextItem):
            items.append({"kind": "text", "text": it.text(), "font": it.font().toString(),
                          "brush": _brush(it.brush()), "z": z,
                          "m": [t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy()]})
        elif isinstance(it, QGraphicsLineItem):
            line = t.map(it.line())
            items.append({"kind": "line", "xy": [line.x1(), line.y1(), line.x2(), line.y2()],
                          "pen": _pen(it.pen()), "z": z})
        elif isinstance(it, QGraphicsEllipseItem):
            r = t.mapRect(it.rect())
            items.append({"kind": "dot", "rect": [r.x(), r.y(), r.width(), r.height()],
                          "pen": _pen(it.pen()), "brush": _brush(it.brush()), "z": z})
    m = view.transform()
    rect = view.sceneRect()
    centre = view.mapToScene(view.viewport().rect().center())
    return {"items": items, "scale": [m.m11(), m.m22()], "center": [centre.x(), centre.y()],
            "rect": [rect.x(), rect.y(), rect.width(), rect.height()],
            "background": _brush(view.backgroundBrush()) or _brush(view.scene().backgroundBrush())}


def qt_class(obj) -> str:
    """The Qt class an object is (the app's subclasses count as the Qt class they extend)."""
    return next(c.__name__ for c in type(obj).__mro__ if c.__module__.startswith("PySide6"))


def census(window: QMainWindow) -> dict:
    """What a shown window is made of: its visible widgets and the drawing's painted items by
    Qt class, and the texts of its actions (menus', toolbars', the window's own)."""
    widgets: dict[str, int] = {}
    parts = [window.centralWidget(), window.menuBar(), *window.findChildren(QToolBar)]
    if window.findChild(QStatusBar) is not None:
        parts.append(window.statusBar())
    for w in [p for part in parts if part.parentWidget() is window
              for p in (part, *part.findChildren(QWidget))]:
        if w.isVisible():
            widgets[qt_class(w)] = widgets.get(qt_class(w), 0) + 1
    items: dict[str, int] = {}
    for view in window.findChildren(QGraphicsView):
        for it in view.scene().items():
            painted = not isinstance(it, QGraphicsPathItem) or \
                it.pen().style() != Qt.PenStyle.NoPen or \
                it.brush().style() != Qt.BrushStyle.NoBrush
            if it.isVisible() and painted and isinstance(it, (
                    QGraphicsPathItem, QGraphicsSimpleTextItem, QGraphicsLineItem,
                    QGraphicsEllipseItem)):
                items[qt_class(it)] = items.get(qt_class(it), 0) + 1
    actions = sorted(a.text() for a in window.findChildren(QAction) if not a.isSeparator())
    return {"widgets": widgets, "items": items, "actions": actions}


def _reachable(window: QMainWindow) -> set[QAction]:
    """The actions of the window's menus (and their submenus) and toolbars."""
    seen: set[QAction] = set()
    todo = [a for a in window.menuBar().actions()]
    for bar in window.findChildren(QToolBar):
        todo += bar.actions()
    while todo:
        act = todo.pop()
        if act not in seen:
            seen.add(act)
            if act.menu() is not None:
                todo += act.menu().actions()
    return seen


def record(window: QMainWindow) -> Blueprint:
    """The blueprint of a shown main window."""
    bars = [b for b in window.findChildren(QToolBar)
            if b.isVisible() and b.parentWidget() is window]
    status = window.statusBar() if window.findChild(QStatusBar) is not None else None
    return {
        "title": window.windowTitle(), "size": [window.width(), window.height()],
        "sheet": window.styleSheet(),
        "menus": [{"title": a.text(), "actions": [_action(x) for x in a.menu().actions()]}
                  for a in window.menuBar().actions() if a.menu() is not None],
        "toolbars": [_toolbar(b) for b in bars],
        "actions": [_action(a) for a in window.actions() if a not in _reachable(window)],
        "central": _widget(window.centralWidget()),
        "status": status is not None and status.isVisible(),
        "census": census(window),
    }


# ---------------------------------------------------------------------------- building
def _add_actions(target, actions: list[dict], owner: QWidget) -> None:
    for spec in actions:
        if spec.get("separator"):
            target.addSeparator()
            continue
        act = QAction(spec["text"], owner)
        if spec["shortcut"]:
            act.setShortcut(QKeySequence(spec["shortcut"]))
        act.setCheckable(spec["checkable"])
        act.setChecked(spec["checked"])
        act.setVisible(spec["visible"])
        if "icon" in spec:
            act.setIcon(_qicon(spec["icon"]))
        if "menu" in spec:
            menu = QMenu(spec["text"], owner)
            _add_actions(menu, spec["menu"], owner)
            act.setMenu(menu)
        target.addAction(act)


def _qicon(png: str) -> QIcon:
    pix = QPixmap()
    pix.loadFromData(base64.b64decode(png), "PNG")
    return QIcon(pix)


def _qpen(spec: dict) -> QPen:
    pen = QPen(QColor(*spec["rgba"]), spec["width"], Qt.PenStyle(spec["style"]),
               Qt.PenCapStyle(spec["cap"]), Qt.PenJoinStyle(spec["join"]))
    pen.setCosmetic(spec["cosmetic"])
    return pen


def _qbrush(rgba: list[int] | None) -> QBrush:
    return QBrush(QColor(*rgba)) if rgba else QBrush()


def _qpath(elements: list[list[float]]) -> QPainterPath:
    path = QPainterPath()
    pending: list[QPointF] = []
    for kind, x, y in elements:
        if kind == 0:
            path.moveTo(x, y)
        elif kind == 1:
            path.lineTo(x, y)
        else:                       # a curve's first control point, then its data points
            pending.append(QPointF(x, y))
            if len(pending) == 3:
                path.cubicTo(*pending)
                pending = []
    return path


def _view(spec: dict) -> QGraphicsView:
    scene = QGraphicsScene()
    for it in spec["items"]:
        if it["kind"] == "path":
            item = QGraphicsPathItem(_qpath(it["d"]))
            item.setPen(_qpen(it["pen"]))
            item.setBrush(_qbrush(it["brush"]))
        elif it["kind"] == "text":
            item = QGraphicsSimpleTextItem(it["text"])
            font = QFont()
            font.fromString(it["font"])
            item.setFont(font)
            item.setBrush(_qbrush(it["brush"]))
            item.setTransform(QTransform(*it["m"][:4], *it["m"][4:]))
        elif it["kind"] == "line":
            item = QGraphicsLineItem(*it["xy"])
            item.setPen(_qpen(it["pen"]))
        else:
            item = QGraphicsEllipseItem(*it["rect"])
            item.setPen(_qpen(it["pen"]))
            item.setBrush(_qbrush(it["brush"]))
        item.setZValue(it["z"])
        scene.addItem(item)
    view = QGraphicsView(scene)
    scene.setParent(view)                 # kept alive by the view, as a window keeps its own
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    if spec["background"]:
        view.setBackgroundBrush(_qbrush(spec["background"]))
    view.setSceneRect(QRectF(*spec["rect"]))
    view.setTransform(QTransform.fromScale(*spec["scale"]))
    view.centerOn(QPointF(*spec["center"]))
    return view


def _make(spec: dict, owner: QWidget) -> QWidget:
    kind = spec["kind"]
    w: QWidget
    if kind == "view":
        w = _view(spec["scene"])
        w.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy(spec["bars"][0]))
        w.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy(spec["bars"][1]))
        w.setFrameShape(QFrame.Shape(spec["frame"]))
    elif kind == "toolbar":
        w = _make_toolbar(spec, owner)
    elif kind == "splitter":
        w = QSplitter(Qt.Orientation.Vertical if spec["vertical"] else Qt.Orientation.Horizontal)
        for child in spec["children"]:
            w.addWidget(_make(child, owner))
        w.setSizes(spec["sizes"])
    elif kind == "tabs":
        w = QTabWidget()
        for i, title in enumerate(spec["titles"]):
            w.addTab(_make(spec["page"], owner) if i == spec["current"] else QWidget(), title)
        w.setCurrentIndex(spec["current"])
        w.tabBar().setVisible(spec["bar"])
    elif kind == "scroll":
        w = QScrollArea()
        w.setWidgetResizable(True)
        if spec["page"] is not None:
            w.setWidget(_make(spec["page"], owner))
    elif kind == "list":
        w = QListWidget()
        w.addItems(spec["items"])
        w.setCurrentRow(spec["current"])
    elif kind == "combo":
        w = QComboBox()
        w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy(spec["adjust"]))
        w.setMinimumContentsLength(spec["length"])
        w.addItems(spec["items"])
        w.setCurrentIndex(spec["current"])
    elif kind == "date":
        w = QDateEdit(QDate.fromString(spec["iso"], Qt.DateFormat.ISODate))
        w.setDisplayFormat(spec["format"])
    elif kind == "line":
        w = QLineEdit(spec["text"])
        w.setPlaceholderText(spec["placeholder"])
    elif kind == "plain":
        w = QPlainTextEdit(spec["text"])
        w.setPlaceholderText(spec["placeholder"])
    elif kind == "label":
        w = QLabel(spec["text"])
        w.setTextFormat(Qt.TextFormat.RichText if spec["rich"] else Qt.TextFormat.PlainText)
        w.setWordWrap(spec["wrap"])
    elif kind == "button":
        w = QToolButton()
        w.setToolButtonStyle(Qt.ToolButtonStyle(spec["style"]))
        if spec["action"] is not None:
            holder = QWidget()
            _add_actions(holder, [spec["action"]], owner)
            w.setDefaultAction(holder.actions()[0])
        else:
            w.setText(spec["text"])
        if spec["icon"] is not None:
            w.setIconSize(QPixmap(*spec["icon_size"]).size())
            w.setIcon(_qicon(spec["icon"]))
        if spec["menu"] is not None:
            menu = QMenu(w)
            _add_actions(menu, spec["menu"], owner)
            w.setMenu(menu)
            w.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    else:
        w = QWidget()
        _fill(_new_layout(kind, w), spec["children"], owner)
    w.setObjectName(spec["name"])
    if spec["min"] != [0, 0]:
        w.setMinimumSize(*spec["min"])
    if spec["max"] != [QWIDGETSIZE_MAX, QWIDGETSIZE_MAX]:
        w.setMaximumSize(*spec["max"])
    if spec["sheet"]:
        w.setStyleSheet(spec["sheet"])
    return w


def _new_layout(kind: str, parent: QWidget | None = None) -> QLayout:
    return (QFormLayout(parent) if kind == "form" else QGridLayout(parent) if kind == "grid"
            else QHBoxLayout(parent) if kind == "row" else QVBoxLayout(parent))


def _fill(layout: QLayout, children: list[dict], owner: QWidget) -> None:
    for child in children:
        if "row" in child and isinstance(layout, QFormLayout):
            label, field, span = (_make(c, owner) if c is not None else None
                                  for c in child["row"])
            if span is not None:
                layout.addRow(span)
            elif label is not None and field is not None:
                layout.addRow(label, field)
            else:
                layout.addRow(label or field)
        elif "layout" in child:
            inner = _new_layout(child["layout"])
            _fill(inner, child["items"], owner)
            if isinstance(layout, (QHBoxLayout, QVBoxLayout)):
                layout.addLayout(inner)
            elif isinstance(layout, QFormLayout):
                layout.addRow(inner)
            else:
                layout.addLayout(inner, layout.rowCount(), 0)   # type: ignore[call-arg]
        else:
            layout.addWidget(_make(child, owner))


def _make_toolbar(spec: dict, owner: QWidget) -> QToolBar:
    bar = QToolBar(spec["title"])
    bar.setObjectName(spec["name"])
    bar.setIconSize(QPixmap(*spec["icon"]).size())
    bar.setToolButtonStyle(Qt.ToolButtonStyle(spec["style"]))
    for item in spec["items"]:
        if "button" in item:
            bar.addWidget(_make(item["button"], owner))
        else:
            _add_actions(bar, [item], owner)
    return bar


def build(bp: Blueprint) -> QMainWindow:
    window = QMainWindow()
    window.setWindowTitle(bp["title"])
    for menu_spec in bp["menus"]:
        menu = window.menuBar().addMenu(menu_spec["title"])
        _add_actions(menu, menu_spec["actions"], window)
    for bar in bp["toolbars"]:
        window.addToolBar(_make_toolbar(bar, window))
    _add_actions(window, bp["actions"], window)
    window.setCentralWidget(_make(bp["central"], window))
    if bp["status"]:
        window.statusBar()
    if bp["sheet"]:
        window.setStyleSheet(bp["sheet"])
    window.resize(*bp["size"])
    sizes = bp["central"].get("sizes")
    if isinstance(window.centralWidget(), QSplitter) and sizes:
        window.centralWidget().setSizes(sizes)       # as the app sets them once sized
    return window


# ---------------------------------------------------------------------------- commands
def _record_app(out: Path) -> int:
    """Run the app as a double-click does (offscreen, leaving once its window is shown) and
    write the blueprint of its main window when it is shown."""
    import builtins
    import os
    import runpy

    os.environ["PRESACRAL_CONSULT_EXIT_AFTER_SHOW"] = "1"
    shown = builtins.print

    def on_print(*args, **kwargs):
        if args and args[0] == "window shown":
            windows = [w for w in QApplication.topLevelWidgets()
                       if isinstance(w, QMainWindow) and w.isVisible()]
            out.write_text(json.dumps(record(windows[0])), encoding="utf-8")
        shown(*args, **kwargs)

    builtins.print = on_print
    sys.argv = ["desktop_app"]
    try:
        runpy.run_module("desktop_app", run_name="__main__")
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        builtins.print = shown
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--record":
        return _record_app(Path(argv[1]))
    counted = argv[1:] == ["--census"]
    if len(argv) != 1 and not counted:
        print(__doc__.splitlines()[3].strip(), file=sys.stderr)
        return 2
    bp = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    app = QApplication(sys.argv[:1])
    window = build(bp)
    window.show()

    def shown():
        print("window shown", flush=True)
        if counted:
            print(json.dumps({"census": census(window),
                              "app_modules": sorted(m for m in sys.modules
                                                    if m.split(".")[0] == "desktop_app")}))
        app.quit()

    QTimer.singleShot(0, shown)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
