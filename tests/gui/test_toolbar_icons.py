"""The drawing-tool icons follow the palette: readable (WCAG non-text contrast, 3:1) on the
toolbar's background in light, dark and high-contrast themes, drawn again when the palette
changes while the app runs, and dimmed (not hidden) when disabled.

The background is the colour the toolbar really shows, taken from a grab of it; each icon is
rendered with ``QIcon.pixmap`` at the toolbar's icon size and its opaque pixels ("ink"),
composed over that background, are measured against it.
"""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.diagram.annotations import install_annotations
from desktop_app.diagram.pane import DiagramPane
from desktop_app.document import Document
from desktop_app.model.consultation import Consultation
from tests.gui.test_theme import PALETTES, contrast

TOOLS = ("select", "lesion", "pen", "arrow", "text", "eraser")
OPAQUE = 0.8          # pixels at least this opaque are the icon's ink (edges are half-covered)


def full_palette(window: str, text: str, button: str, base: str) -> QPalette:
    """A whole theme, as the system gives it (window, buttons and fields)."""
    p = QPalette(QGuiApplication.palette())
    for role, colour in ((QPalette.ColorRole.Window, window),
                         (QPalette.ColorRole.WindowText, text),
                         (QPalette.ColorRole.Button, button),
                         (QPalette.ColorRole.ButtonText, text),
                         (QPalette.ColorRole.Base, base),
                         (QPalette.ColorRole.Text, text)):
        p.setColor(role, QColor(colour))
    return p


LIGHT = ("#f0f0f0", "#000000", "#e8e8e8", "#ffffff")
DARK = ("#2b2b2b", "#e6e6e6", "#3a3a3a", "#1e1e1e")


@pytest.fixture
def restore_palette(qapp):
    old = QGuiApplication.palette()
    yield
    QApplication.setPalette(old)


@pytest.fixture(params=sorted(PALETTES))
def partial_palette(request, restore_palette):
    """The palettes of test_theme: only window and window text set (button text left as it
    was), so the icons must pick the text colour that reads on what the toolbar shows."""
    window, text = PALETTES[request.param]
    p = QPalette(QGuiApplication.palette())
    p.setColor(QPalette.ColorRole.Window, QColor(window))
    p.setColor(QPalette.ColorRole.WindowText, QColor(text))
    QApplication.setPalette(p)
    return request.param


def make_pane(qtbot, atlas):
    document = Document(Consultation())
    pane = DiagramPane(document, atlas)
    ctl = install_annotations(pane, document, atlas)
    pane.resize(1200, 600)
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitExposed(pane)
    return pane, ctl.toolbar


def toolbar_background(toolbar) -> QColor:
    """The colour the toolbar shows behind its buttons: the commonest pixel of a grab."""
    img = toolbar.grab().toImage()
    counts = Counter(img.pixel(x, y) for x in range(0, img.width(), 3)
                     for y in range(img.height()))
    return QColor.fromRgba(counts.most_common(1)[0][0])


def ink(icon: QIcon, size: int, background: QColor,
        mode: QIcon.Mode = QIcon.Mode.Normal) -> list[QColor]:
    """The icon's opaque pixels, composed over ``background``."""
    img = icon.pixmap(size, size, mode).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    out = []
    for y in range(img.height()):
        for x in range(img.width()):
            c = img.pixelColor(x, y)
            a = c.alphaF()
            if a >= OPAQUE:
                out.append(QColor(round(c.red() * a + background.red() * (1 - a)),
                                  round(c.green() * a + background.green() * (1 - a)),
                                  round(c.blue() * a + background.blue() * (1 - a))))
    return out


def median_contrast(pixels: list[QColor], background: QColor) -> float:
    values = sorted(contrast(c, background) for c in pixels)
    return values[len(values) // 2]


def assert_readable(icon: QIcon, size: int, background: QColor, what: str) -> None:
    """At least 90 % of the glyph, and a visible amount of it (15 px), makes 3:1 on the
    background."""
    pixels = ink(icon, size, background)
    good = [c for c in pixels if contrast(c, background) >= 3.0]
    assert len(good) >= 15, f"{what}: only {len(good)} readable pixels on {background.name()}"
    share = len(good) / len(pixels)
    worst = min(contrast(c, background) for c in pixels)
    assert share >= 0.9, (f"{what}: {share:.0%} of the glyph makes 3:1 on "
                          f"{background.name()} (worst {worst:.2f})")


def border_ring(icon: QIcon, size: int, background: QColor) -> list[QColor]:
    """The outermost opaque pixel of each row and column of a swatch: its border."""
    img = icon.pixmap(size, size).toImage().convertToFormat(QImage.Format.Format_ARGB32)

    def composed(x, y):
        c = img.pixelColor(x, y)
        a = c.alphaF()
        return QColor(round(c.red() * a + background.red() * (1 - a)),
                      round(c.green() * a + background.green() * (1 - a)),
                      round(c.blue() * a + background.blue() * (1 - a)))

    ring = []
    w, h = img.width(), img.height()
    for y in range(h):
        xs = [x for x in range(w) if img.pixelColor(x, y).alphaF() >= OPAQUE]
        if xs:
            ring += [composed(xs[0], y), composed(xs[-1], y)]
    for x in range(w):
        ys = [y for y in range(h) if img.pixelColor(x, y).alphaF() >= OPAQUE]
        if ys:
            ring += [composed(x, ys[0]), composed(x, ys[-1])]
    return ring


def toolbar_menus(toolbar) -> list:
    return [toolbar.colour_button.menu(), toolbar.width_button.menu(), toolbar.shapes_menu,
            toolbar.stamp_button.menu()]


def open_menus(toolbar) -> None:
    """Open and close each of the toolbar's menus, as the surgeon's click does (a menu's
    icons are drawn when it opens)."""
    for menu in toolbar_menus(toolbar):
        menu.popup(toolbar.mapToGlobal(toolbar.rect().bottomLeft()))
        QApplication.processEvents()
        assert menu.isVisible()
        menu.hide()


def assert_all_icons_readable(toolbar, background: QColor, label: str) -> None:
    open_menus(toolbar)
    size = toolbar.iconSize().width()
    for name in TOOLS:
        assert_readable(toolbar.tool_actions[name].icon(), size, background, f"{label} {name}")
    assert_readable(toolbar.delete_action.icon(), size, background, f"{label} delete")
    assert_readable(toolbar.width_button.icon(), size, background, f"{label} width button")
    for w, act in toolbar.width_actions.items():
        assert_readable(act.icon(), size, background, f"{label} width {w}")
    swatches = [("colour button", toolbar.colour_button.icon())]
    swatches += [(hex_, act.icon()) for hex_, act in toolbar.colour_actions.items()]
    for what, icon in swatches:
        ring = border_ring(icon, 32, background)
        good = [c for c in ring if contrast(c, background) >= 3.0]
        assert ring and len(good) / len(ring) >= 0.9, (
            f"{label} swatch {what}: border {len(good)}/{len(ring)} at 3:1 on {background.name()}")


def test_tool_icons_make_3_to_1_on_the_toolbar(partial_palette, qtbot, atlas):
    """Built under each palette: every icon's ink reads on the toolbar (light, dark, HC)."""
    window, _ = PALETTES[partial_palette]
    pane, toolbar = make_pane(qtbot, atlas)
    background = toolbar_background(toolbar)
    assert background.name() == window   # the toolbar shows the window colour
    assert_all_icons_readable(toolbar, background, partial_palette)


def test_lesion_badge_keeps_its_orange(partial_palette, qtbot, atlas):
    """The lesion tool's badge stays the lesion orange (it means "lesion 1"), on every theme."""
    pane, toolbar = make_pane(qtbot, atlas)
    pixels = ink(toolbar.tool_actions["lesion"].icon(), 32, toolbar_background(toolbar))
    orange = [c for c in pixels if c.hslHue() in range(15, 35) and c.hslSaturation() > 150]
    assert len(orange) >= 40, partial_palette


def switch_to(palette: QPalette) -> None:
    QApplication.setPalette(palette)
    QApplication.processEvents()


def icon_area_pixels(toolbar, action, background: QColor) -> int:
    """Pixels making 3:1 on the background in the icon part of the action's button, as drawn."""
    button = toolbar.widgetForAction(action)
    g = button.geometry()
    img = toolbar.grab(g).toImage()
    edge = toolbar.iconSize().width() + 8      # the icon sits left of the name
    return sum(1 for y in range(img.height()) for x in range(min(edge, img.width()))
               if contrast(img.pixelColor(x, y), background) >= 3.0)


def test_icons_are_redrawn_when_the_palette_changes_at_run_time(restore_palette, qtbot, atlas):
    switch_to(full_palette(*LIGHT))
    pane, toolbar = make_pane(qtbot, atlas)
    light_bg = toolbar_background(toolbar)
    assert light_bg.name() == LIGHT[0]
    assert_all_icons_readable(toolbar, light_bg, "light")

    switch_to(full_palette(*DARK))
    dark_bg = toolbar_background(toolbar)
    assert dark_bg.name() == DARK[0]
    assert_all_icons_readable(toolbar, dark_bg, "light → dark")
    # and on screen: the buttons as the style draws them show the light glyphs
    for name in TOOLS:
        assert icon_area_pixels(toolbar, toolbar.tool_actions[name], dark_bg) >= 25, name

    switch_to(full_palette(*LIGHT))
    assert_all_icons_readable(toolbar, toolbar_background(toolbar), "dark → light")


def test_disabled_icons_are_dimmed_but_visible(partial_palette, qtbot, atlas):
    """Disabled: every part in the faded text colour (no red, no orange), weaker than the
    enabled icon but still there (delete is disabled while nothing is selected)."""
    pane, toolbar = make_pane(qtbot, atlas)
    background = toolbar_background(toolbar)
    size = toolbar.iconSize().width()
    assert not toolbar.delete_action.isEnabled()
    for what, icon in [(n, toolbar.tool_actions[n].icon()) for n in TOOLS] + [
            ("delete", toolbar.delete_action.icon())]:
        normal = ink(icon, size, background)
        dimmed = ink(icon, size, background, QIcon.Mode.Disabled)
        assert dimmed, what
        dim, full = median_contrast(dimmed, background), median_contrast(normal, background)
        assert 1.5 <= dim < full, (what, dim, full)
        assert all(c.hslSaturation() < 40 for c in dimmed), f"{what} keeps its colour"


def test_image_pane_toolbar_follows_the_palette(restore_palette, qtbot):
    """The image pane reuses the toolbar: its icons change with the palette as well, and
    while no image is shown (toolbar disabled) they are dimmed, not black on dark."""
    from desktop_app.ui.image_pane import ImagePane

    switch_to(full_palette(*LIGHT))
    pane = ImagePane(Document(Consultation()))
    pane.resize(1100, 500)
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitExposed(pane)
    switch_to(full_palette(*DARK))
    toolbar = pane.toolbar
    background = toolbar_background(toolbar)
    assert background.name() == DARK[0]
    assert_all_icons_readable(toolbar, background, "image pane")
    assert not toolbar.isEnabled()    # no image yet
    for name in TOOLS:
        dimmed = ink(toolbar.tool_actions[name].icon(), 22, background, QIcon.Mode.Disabled)
        assert max(contrast(c, background) for c in dimmed) >= 1.5, name


def test_menu_icons_are_drawn_when_a_menu_first_opens_and_again_after_a_palette_change(
        restore_palette, qtbot, atlas):
    """The window shows 11 of the toolbar's icons; the 24 in its four menus are drawn when
    the menu opens, in the palette of that moment."""
    switch_to(full_palette(*LIGHT))
    pane, toolbar = make_pane(qtbot, atlas)
    menus = toolbar_menus(toolbar)
    in_menus = [a for m in menus for a in m.actions() if not a.isSeparator()]
    shown = toolbar.shapes_menu.actions().index(toolbar._shape)   # the Shapes button's icon
    assert len(in_menus) == 24
    assert sum(a.icon().isNull() for a in in_menus) == 24 - 1, shown
    open_menus(toolbar)
    assert not any(a.icon().isNull() for a in in_menus)
    light = {a.objectName(): a.icon().pixmap(32, 32).toImage() for a in in_menus}

    switch_to(full_palette(*DARK))           # closed menus keep their light icons until...
    kept = [a for a in in_menus if a.icon().pixmap(32, 32).toImage() == light[a.objectName()]]
    assert len(kept) == 24 - 1 and toolbar._shape not in kept   # (the Shapes button's: now)
    open_menus(toolbar)                      # ...they open: drawn again for the dark toolbar
    redrawn = [a.objectName() for a in in_menus
               if a.icon().pixmap(32, 32).toImage() != light[a.objectName()]]
    # the swatches keep their colours; their border follows the ink, so all 24 change
    assert len(redrawn) == 24, sorted(set(light) - set(redrawn))
