"""The drawing toolbar's icons are drawn when first asked for, and then look exactly as icons
drawn at once: every mode, size and device pixel ratio."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop_app.diagram import annotation_toolbar as tb
from desktop_app.diagram.annotations import install_annotations
from desktop_app.diagram.pane import DiagramPane
from desktop_app.document import Document
from desktop_app.model.consultation import Consultation


@pytest.fixture
def drawn(monkeypatch):
    """Which icons were really drawn (by the glyph function each was made with)."""
    calls = []
    real = tb._drawn_icon

    def drawn_icon(ink, draw):
        calls.append(draw)
        return real(ink, draw)

    monkeypatch.setattr(tb, "_drawn_icon", drawn_icon)
    return calls


MODES = (QIcon.Mode.Normal, QIcon.Mode.Disabled, QIcon.Mode.Active, QIcon.Mode.Selected)


def test_an_icon_is_drawn_when_first_asked_for_and_looks_the_same(qapp, drawn):
    ink = tb.IconInk.from_palette()
    lazy = tb.tool_icon("lesion", ink)
    assert drawn == [] and not lazy.isNull()
    assert lazy.availableSizes() == [QSize(32, 32), QSize(64, 64)]
    assert len(drawn) == 1                 # drawn once, for the first question
    eager = tb._drawn_icon(ink, drawn[0])
    for mode in MODES:
        for size in (16, 22, 32, 48, 64):
            for dpr in (1.0, 2.0):
                a = lazy.pixmap(QSize(size, size), dpr, mode).toImage()
                b = eager.pixmap(QSize(size, size), dpr, mode).toImage()
                assert a == b, (mode, size, dpr)
    assert len(drawn) == 2                 # (the eager one) and never again for the lazy one
    copy = QIcon(lazy)
    assert copy.pixmap(22).toImage() == eager.pixmap(22).toImage()
    assert len(drawn) == 2


def test_menu_icons_wait_for_their_menu(qtbot, atlas, drawn):
    pane = DiagramPane(Document(Consultation()), atlas)
    annotations = install_annotations(pane, pane.document, atlas)
    qtbot.addWidget(pane)
    pane.resize(1000, 700)
    pane.show()
    qtbot.waitExposed(pane)
    toolbar = annotations.toolbar
    QApplication.processEvents()           # painted: the buttons' own icons are drawn
    at_show = len(drawn)
    menus = len(toolbar.colour_actions) + len(toolbar.width_actions)
    assert 0 < at_show <= len(toolbar.tool_actions) + 4
    # the colour and width menus' icons wait until their menu shows them
    for act in [*toolbar.colour_actions.values(), *toolbar.width_actions.values()]:
        act.icon().pixmap(22)
    assert len(drawn) >= at_show + menus - 2       # (the two buttons' own: drawn already)
    before = len(drawn)
    toolbar.update()
    QApplication.processEvents()           # painting again draws nothing new
    assert len(drawn) == before
