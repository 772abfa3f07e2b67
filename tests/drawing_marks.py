"""The same marks on every drawing for the label-layout tests (screen and PDF): lesions on the
sacrum, the rectum and the presacral space (or what a view has), an arrow pointing at the first
across the labels' leaders, and a stamp. Pure model: no Qt."""

from __future__ import annotations

from desktop_app.model.anatomy import structure_at, structure_box
from desktop_app.model.consultation import Arrow, Consultation, Lesion, Stamp


def spot(drawing, sid: str) -> tuple[float, float]:
    """A point well inside a structure (its label's anchor when that is inside)."""
    label = drawing.labels.get(sid)
    if label is not None and structure_at(drawing, *label.anchor) == sid:
        return label.anchor
    x0, y0, x1, y1 = structure_box(drawing, sid)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    best = None
    for i in range(41):
        for j in range(41):
            x, y = x0 + (x1 - x0) * i / 40, y0 + (y1 - y0) * j / 40
            if structure_at(drawing, x, y) == sid:
                d = (x - cx) ** 2 + (y - cy) ** 2
                if best is None or d < best[0]:
                    best = (d, (x, y))
    assert best is not None, sid
    return best[1]


def marked(atlas, view: str, variant: str) -> Consultation:
    """Lesions on the sacrum, the rectum and the presacral space (or what the view has), an
    arrow pointing at the first lesion across the labels' leaders, and a stamp."""
    drawing = atlas.drawing(view, variant)
    wanted = [s for s in ("sacrum", "rectum", "presacral_space", "coccyx", "natal_cleft")
              if s in drawing.structure_ids][:3]
    c = Consultation(view=view, variant=variant)
    for n, sid in enumerate(wanted, 1):
        x, y = spot(drawing, sid)
        c.lesions.append(Lesion(id=f"l{n}", view=view, number=n, cx=x, cy=y, rx=16, ry=12,
                                label=f"Area {n}", color="#D55E00"))
    x, y = spot(drawing, wanted[0])
    c.arrows.append(Arrow(id="a", view=view, x1=x + 90, y1=y + 70, x2=x + 20, y2=y + 14,
                          color="#009E73", width=3.0))
    # a sacral level across the sacrum (side view), a drain beside it coming out through the
    # buttock (cross-section), the cut from behind over the sacrum and tailbone
    kind = {"sagittal": "sacral_level", "axial": "drain", "posterior": "posterior_incision"}
    sx, sy = spot(drawing, "sacrum")
    dx = 70 if view == "axial" else 0
    c.stamps.append(Stamp(id="s", view=view, kind=kind[view], x=sx + dx, y=sy + 10,
                          level="S4" if view == "sagittal" else ""))
    return c
