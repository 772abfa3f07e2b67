"""What a drawing's labels must never do, read back from the real items of a diagram pane
(scene units): for the tests and for looking at a screen size by hand.

- no two leaders cross (anatomy labels and lesions' call-outs alike);
- no leader runs through a lesion's outline (a call-out's own leader starts on it and stays
  outside it);
- no leader runs over another label's dot;
- a lesion's call-out: its leader starts on that lesion's outline, its box covers no other
  label's box or dot, and its text is at least as large as the anatomy labels' (beside its
  marker too, where the margins had no room for it).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPainterPathStroker

from desktop_app.diagram.items import LesionItem
from desktop_app.model.anatomy import structure_at
from desktop_app.model.label_layout import DOT_CLEAR, distance_to_segment, segments_cross

Point = tuple[float, float]

# a dot is this close to another leader (em): the leader seems to start there too
DOT_LIMIT = DOT_CLEAR
# the call-out's leader starts on its lesion's outline: within this many scene units of it
ON_OUTLINE = 1.5


def _pt(p: QPointF) -> Point:
    return (p.x(), p.y())


def leaders(pane) -> list[tuple[str, Point, Point]]:
    """(name, start, end) of every visible leader: anatomy labels and lesions' call-outs."""
    out = []
    for sid, lab in pane.layer.labels.items():
        if lab.isVisible():
            out.append((sid, _pt(lab.anchor), _pt(lab.at)))
    for it in lesions(pane):
        line = it.callout_leader()
        if line is not None:
            out.append((f"lesion {it.number}", _pt(line.p1()), _pt(line.p2())))
    guide = pane.layer.guide
    if guide is not None and guide.isVisible() and guide.label_box is not None:
        line = guide.leader.line()
        out.append(("S3 level", _pt(line.p1()), _pt(line.p2())))
    return out


def lesions(pane) -> list[LesionItem]:
    return [it for it in pane.scene.items() if isinstance(it, LesionItem) and it.isVisible()]


def _stroke(a: Point, b: Point, width: float = 0.5) -> QPainterPath:
    line = QPainterPath(QPointF(*a))
    line.lineTo(QPointF(*b))
    stroker = QPainterPathStroker()
    stroker.setWidth(width)
    return stroker.createStroke(line)


def _inside_ellipse(it: LesionItem, p: Point, shrink: float) -> bool:
    """True when ``p`` lies inside the lesion's outline pulled in by ``shrink`` units."""
    c = it.scenePos()
    a = math.radians(it.angle)
    dx, dy = p[0] - c.x(), p[1] - c.y()
    x = dx * math.cos(a) + dy * math.sin(a)
    y = -dx * math.sin(a) + dy * math.cos(a)
    rx, ry = it.rx - shrink, it.ry - shrink
    return rx > 0 and ry > 0 and (x / rx) ** 2 + (y / ry) ** 2 < 1.0


def _on_outline(it: LesionItem, p: Point) -> bool:
    return not _inside_ellipse(it, p, ON_OUTLINE) and _inside_ellipse(it, p, -ON_OUTLINE)


def problems(pane, beside_ok: bool = False) -> list[str]:
    """Every broken rule, one line each (empty: the layout is clean). ``beside_ok``: a
    lesion's label may sit beside its marker (no room in the margins for all of them)."""
    out: list[str] = []
    em = pane.plan.em if pane.plan is not None else 14.0
    near = DOT_LIMIT * em
    lines = leaders(pane)
    for i, (a, a0, a1) in enumerate(lines):
        for b, b0, b1 in lines[i + 1:]:
            if segments_cross((a0, a1), (b0, b1)):
                out.append(f"leaders cross: {a} / {b}")
        for b, b0, _b1 in lines:
            if b != a and distance_to_segment(b0, (a0, a1)) < near:
                out.append(f"leader of {a} runs over the dot of {b}")
    guide = pane.layer.guide
    if guide is not None and guide.isVisible() and pane.drawing is not None:
        # the S3 line's name and key: in the margins, never over the drawing's outlines
        for name, box in (("S3 name", guide.label_box), ("S3 key", guide.key_box)):
            if box is None:
                continue
            for px, py in ((box.left(), box.top()), (box.right(), box.top()),
                           (box.left(), box.bottom()), (box.right(), box.bottom()),
                           (box.center().x(), box.center().y())):
                hit = structure_at(pane.drawing, px, py)
                if hit is not None:
                    out.append(f"the {name} is on the {hit}")
                    break
            for sid, lab in pane.layer.labels.items():
                if lab.isVisible() and box.intersects(lab.box()):
                    out.append(f"the {name} covers the label {sid}")
    marks = lesions(pane)
    for it in marks:
        ellipse = it.ellipse_scene_path()
        own = it.callout_leader()
        for name, s0, s1 in lines:
            if own is not None and (s0, s1) == (_pt(own.p1()), _pt(own.p2())):
                continue
            if ellipse.intersects(_stroke(s0, s1)):
                out.append(f"leader of {name} crosses lesion {it.number}")
        if own is None:
            if it.label_text() and not beside_ok:
                out.append(f"lesion {it.number}'s label has no leader")
            if it.label_text() and it.label_text_px() < em - 1e-6:
                out.append(f"lesion {it.number}'s text {it.label_text_px():.2f} < the "
                           f"labels' {em:.2f}")
            continue
        start, end = _pt(own.p1()), _pt(own.p2())
        if not _on_outline(it, start):
            out.append(f"lesion {it.number}'s leader does not start on its outline")
        steps = 40
        for k in range(1, steps + 1):
            t = k / steps
            p = (start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t)
            if _inside_ellipse(it, p, ON_OUTLINE):
                out.append(f"lesion {it.number}'s leader cuts across its marker")
                break
        box = it.label_scene_rect()
        for sid, lab in pane.layer.labels.items():
            if not lab.isVisible():
                continue
            if box.intersects(lab.box()):
                out.append(f"lesion {it.number}'s label covers the label {sid}")
            if box.adjusted(-2, -2, 2, 2).contains(lab.anchor):
                out.append(f"lesion {it.number}'s label covers the dot of {sid}")
        for other in marks:
            if other is not it and box.intersects(other.label_scene_rect()):
                out.append(f"lesion {it.number}'s label covers lesion {other.number}'s")
        px = it.callout_text_px()
        if px < em - 1e-6:
            out.append(f"lesion {it.number}'s text {px:.2f} < the labels' {em:.2f}")
    return out


def box_of(r: QRectF) -> tuple[float, float, float, float]:
    return (r.left(), r.top(), r.right(), r.bottom())
