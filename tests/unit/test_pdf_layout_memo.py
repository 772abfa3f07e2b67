"""The PDF's drawing plans and label layouts are remembered per process: a remembered one is
the one a fresh layout gives, and anything the layout reads (marks, frame, font) asks anew."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.export import diagram_drawing as dd
from desktop_app.export import fonts
from desktop_app.model import storage

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "example_consultation.json"


@pytest.fixture
def counted(monkeypatch):
    """How many times the real layout and plan ran (each cache starts empty)."""
    calls = {"layout": 0, "plan": 0}
    real_layout, real_plan = dd.layout_labels, dd.plan_fit

    def layout(*a, **k):
        calls["layout"] += 1
        return real_layout(*a, **k)

    def plan(*a, **k):
        calls["plan"] += 1
        return real_plan(*a, **k)

    monkeypatch.setattr(dd, "layout_labels", layout)
    monkeypatch.setattr(dd, "plan_fit", plan)
    monkeypatch.setattr(dd, "_LAYOUTS", {})
    monkeypatch.setattr(dd, "_PLANS", {})
    return calls


def _view(atlas, marks, height=326.0):
    return dd.build_view(atlas.drawing("sagittal", "female"), marks, width=495,
                         max_height=height,
                         label_for=lambda sid: atlas.structure(sid).lay("en"),
                         s3_text="S3 level")


def _same(a, b):
    assert a.ops == b.ops
    assert a.label_boxes == b.label_boxes and a.label_leaders == b.label_leaders
    assert a.words == b.words


def test_a_remembered_layout_is_the_fresh_one(atlas, counted):
    fonts.register_fonts()
    marks = storage.load(EXAMPLE).marks_in("sagittal")
    first = _view(atlas, marks)
    assert counted == {"layout": 1, "plan": 1}
    again = _view(atlas, marks)
    assert counted == {"layout": 1, "plan": 1}      # both remembered
    _same(first, again)
    dd._LAYOUTS.clear()
    dd._PLANS.clear()
    _same(first, _view(atlas, marks))               # and equal to a fresh one
    assert counted == {"layout": 2, "plan": 2}


def test_moved_marks_another_frame_or_another_font_lay_out_again(atlas, counted):
    fonts.register_fonts()
    c = storage.load(EXAMPLE)
    _view(atlas, c.marks_in("sagittal"))
    assert counted == {"layout": 1, "plan": 1}
    c.lesions[0].cx += 40.0                          # a mark moved: its words move too
    moved = _view(atlas, c.marks_in("sagittal"))
    assert counted["layout"] == 2
    plans = counted["plan"]        # 1 or 2: the plan reads the marks' extent only
    _view(atlas, c.marks_in("sagittal"), height=241.0)   # another frame: another plan
    assert counted == {"layout": 3, "plan": plans + 1}
    # a name in another script: the export measures with a merged font under the same name
    data = {name: path.read_bytes() for name, path in fonts.font_files().items()}
    with fonts.substituted(data[fonts.REGULAR], data[fonts.BOLD]):
        swapped = _view(atlas, c.marks_in("sagittal"))
    assert counted == {"layout": 4, "plan": plans + 2}
    _same(moved, swapped)                            # the same font's glyphs: the same layout
    _view(atlas, c.marks_in("sagittal"))             # the shipped font again: remembered
    assert counted == {"layout": 4, "plan": plans + 2}


def test_only_so_many_layouts_are_kept(atlas, counted, monkeypatch):
    fonts.register_fonts()
    monkeypatch.setattr(dd, "LAYOUTS_KEPT", 2)
    marks = storage.load(EXAMPLE).marks_in("sagittal")
    for h in (326.0, 300.0, 280.0):                  # one past the limit of 2
        _view(atlas, marks, height=h)
    assert len(dd._LAYOUTS) == 2 and len(dd._PLANS) == 2
    _view(atlas, marks, height=280.0)                # the newest is kept
    assert counted["layout"] == 3
    _view(atlas, marks, height=326.0)                # the oldest went first
    assert counted["layout"] == 4


def test_the_memo_holds_no_patient_words(atlas, counted):
    """Only geometry and the anatomy's own labels are kept (the lesion's label is the
    patient's: it must not sit in a per-process cache)."""
    fonts.register_fonts()
    c = storage.load(EXAMPLE)
    label = c.lesions[0].label
    assert label
    _view(atlas, c.marks_in("sagittal"))
    kept = json.dumps([repr(k) + repr(v[2]) for k, v in dd._LAYOUTS.items()])
    assert label not in kept


def test_the_packing_grid_is_blocked_exactly_as_testing_every_position():
    """``label_layout._free`` tests only the grid positions near each blocked interval: the
    same answer as testing all of them, also for intervals ending exactly on a grid point,
    empty, reversed, outside the grid or unbounded."""
    import math
    import random

    from desktop_app.model.label_layout import _free

    rng = random.Random(7)
    for _ in range(200):
        lo, step = rng.uniform(-50, 50), rng.choice([0.001, 0.37, 1.0, 2.5])
        grid = [lo + p * step for p in range(rng.randint(1, 400))]
        blocked = []
        for _k in range(rng.randint(0, 6)):
            a = rng.choice([rng.uniform(lo - 20, lo + 420 * step), rng.choice(grid),
                            -math.inf])
            z = rng.choice([a + rng.uniform(-5, 60 * step), rng.choice(grid), math.inf])
            blocked.append((a, z))
        brute = [not any(a < y < z for a, z in blocked) for y in grid]
        assert _free(grid, blocked, lo, step) == brute


def _crosses_reference(seg, r):
    """Liang–Barsky as first written (a loop over the four edges with min/max)."""
    (x1, y1), (x2, y2) = seg
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x1 - r[0]), (dx, r[2] - x1), (-dy, y1 - r[1]), (dy, r[3] - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def test_segment_crossing_answers_as_the_loop_it_replaced():
    """Segments through, beside, touching, along an edge, vertical, horizontal, a point."""
    import random

    from desktop_app.model.label_layout import segment_crosses

    rng = random.Random(11)
    r = (10.0, 20.0, 30.0, 40.0)
    coords = [0.0, 10.0, 20.0, 25.0, 30.0, 40.0, 50.0]
    def c() -> float:
        return rng.choice(coords + [rng.uniform(0, 50)])

    for _ in range(20000):
        seg = ((c(), c()), (c(), c()))
        assert segment_crosses(seg, r) == _crosses_reference(seg, r), seg
