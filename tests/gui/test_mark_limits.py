"""The diagram never makes a visit the app cannot open again: at the mark limit a new mark is
not added (limitReached says why), and a very long pen stroke is simplified to the point
limit as it is drawn (model/limits.py)."""

from __future__ import annotations

import math

import pytest

from desktop_app.model import limits, storage
from desktop_app.model.consultation import Arrow
from tests.gui.test_annotations import Canvas


@pytest.fixture
def canvas(qtbot, atlas, library):
    return Canvas(qtbot, atlas, library)


def test_no_mark_past_the_limit(canvas, tmp_path):
    canvas.c.arrows = [Arrow(x1=100, y1=100 + i, x2=200, y2=150 + i)
                       for i in range(limits.MAX_MARKS)]
    canvas.document.notify("annotations")
    said = []
    canvas.ctl.limitReached.connect(said.append)
    canvas.ctl.set_tool("arrow")
    canvas.drag((500, 100), (430, 180))
    assert len(canvas.c.arrows) == limits.MAX_MARKS
    assert said and "limit" in said[0]
    storage.save(canvas.c, tmp_path / "full.json")
    assert len(storage.load(tmp_path / "full.json").arrows) == limits.MAX_MARKS


def test_a_very_long_scribble_is_stored_within_the_stroke_limit(canvas, tmp_path):
    canvas.ctl.set_tool("pen")
    canvas.press(200, 200)
    n = limits.MAX_STROKE_POINTS * 3
    for k in range(1, n):  # a dense zig-zag: every point is a real corner
        canvas.move(200 + (k % 400) * 1.0, 200 + 60 * math.sin(k / 2.0) + (k // 400) * 3)
    canvas.release(200 + ((n - 1) % 400), 230)
    assert len(canvas.c.strokes) == 1
    assert 2 <= len(canvas.c.strokes[0].points) <= limits.MAX_STROKE_POINTS
    storage.save(canvas.c, tmp_path / "scribble.json")
    assert storage.load(tmp_path / "scribble.json") == canvas.c
