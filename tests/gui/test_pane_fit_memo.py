"""The diagram pane remembers its last fit plan and each label text's width: the same
viewport, drawing, words and label size give the same plan without planning again; any of
them changed plans anew, and every width is the font's own."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetricsF

from desktop_app.diagram import pane as pane_module
from desktop_app.diagram.pane import DiagramPane
from desktop_app.document import Document
from desktop_app.model.consultation import Consultation


@pytest.fixture
def planned(monkeypatch):
    calls = []
    real = pane_module.plan_fit

    def plan_fit(*a, **k):
        calls.append(a[1:3])
        return real(*a, **k)

    monkeypatch.setattr(pane_module, "plan_fit", plan_fit)
    return calls


@pytest.fixture
def pane(qtbot, atlas):
    p = DiagramPane(Document(Consultation(view="sagittal", variant="female")), atlas)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    qtbot.waitExposed(p)
    return p


def test_the_same_viewport_is_planned_once(pane, planned):
    pane.view.fit()
    plan = pane.plan
    pane.view.fit()
    assert planned == []                 # as the last plan: remembered
    assert pane.plan is plan
    pane.resize(900, 650)                # another viewport: planned again
    pane.view.fit()
    assert len(planned) >= 1 and pane.plan is not plan


def test_other_words_a_label_size_or_labels_off_plan_again(pane, planned):
    pane.view.fit()
    before = pane.plan
    pane.document.set_value(lambda c: c, "language", "es", "Spanish")
    pane.refresh()
    pane.view.fit()
    assert len(planned) == 1             # Spanish labels: other words, another plan
    pane.set_label_size(30.0)
    assert len(planned) == 2 and pane.plan.em != before.em
    pane.set_labels_visible(False)
    assert len(planned) == 3
    pane.set_label_size(None)
    pane.set_labels_visible(True)
    pane.document.set_value(lambda c: c, "language", "en", "English")
    pane.refresh()
    pane.view.fit()
    assert pane.plan == before           # back where it started: the same plan


def test_widths_are_the_fonts_own(pane):
    measure, line = pane._measure()
    font = pane._font()
    fm = QFontMetricsF(font)
    px = float(font.pixelSize())
    for text in ("bladder", "space in front of the sacrum", "útero", ""):
        assert measure(text) == fm.horizontalAdvance(text) / px
        assert measure(text) == fm.horizontalAdvance(text) / px   # remembered: the same
    assert line == fm.lineSpacing() / px
    big = pane_module.label_font(40)
    pane.set_label_size(40)
    measure40, _ = pane._measure()
    assert measure40("bladder") == QFontMetricsF(big).horizontalAdvance("bladder") / 40.0
