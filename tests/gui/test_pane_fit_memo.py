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


def test_a_hidden_pane_plans_when_shown(qtbot, atlas, planned):
    """A pane built before its window is shown has no final size yet: it plans once shown,
    and a drawing switched while it is hidden is fitted when it shows again."""
    p = DiagramPane(Document(Consultation(view="sagittal", variant="female")), atlas)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.refresh(force=True)
    assert planned == [] and p.plan is None
    p.show()
    qtbot.waitExposed(p)
    assert planned and p.plan is not None and p.view.fitted
    shown = [lab for lab in p.layer.labels.values() if lab.isVisible()]
    rects = [lab.text_rect() for lab in shown]
    assert rects and not any(a.intersects(b) for i, a in enumerate(rects)
                             for b in rects[i + 1:])       # laid out: none on another
    p.hide()
    p.set_view("axial")
    assert p.plan.rect[3] - p.plan.rect[1] > 0
    axial = p.layer.labels.keys()
    p.show()
    qtbot.waitExposed(p)
    assert p.drawing.view == "axial" and set(p.layer.labels) == set(axial)
    assert any(size == (p.view.viewport().width(), p.view.viewport().height())
               for size in planned[-1:])
    rect = p.view.mapToScene(p.view.viewport().rect()).boundingRect()
    x0, y0, x1, y1 = p.plan.rect
    assert rect.contains(x0 + 1, y0 + 1) and rect.contains(x1 - 1, y1 - 1)
