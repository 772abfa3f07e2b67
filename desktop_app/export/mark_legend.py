"""The PDF legend's lines for the stamps, shapes and highlights of one drawing.

Each line is a small picture of the mark (the same outline as on the drawing, in the mark's
colour) and plain words from ``model.stamps`` ("the cut for the operation from behind, over
the tailbone"). A kind of mark used several times on one drawing is listed once; the combined
operation's two cuts share one line; sacral-removal stamps at different levels each get their
own line (the level is in the words).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from reportlab.platypus import Flowable

from desktop_app.export.diagram_drawing import (S3_COLOUR, Op, PathOp, Placement, _rgb,
                                                line_path, mark_sizes, paint, shape_ops,
                                                stamp_ops)
from desktop_app.model.stamps import (HIGHLIGHT_ALPHA, KINDS, LEGEND_GROUP, frame, legend_text,
                                      shape_legend_text)


@dataclass(frozen=True)
class LegendLine:
    kind: str           # "stamp", "highlight", "shape" or "area"
    text: str
    mark: Any           # the first mark of its kind: its colour and outline draw the picture


def legend_lines(marks: dict[str, list[Any]], language: str) -> list[LegendLine]:
    """The legend lines for the stamps, shapes and highlights in ``marks`` (one view's marks,
    ``Consultation.marks_in``), in the order a reader meets them: stamps, then areas, then
    highlights."""
    lines: list[LegendLine] = []
    seen: set[object] = set()
    for stamp in marks.get("stamps", []):
        if stamp.kind not in KINDS:
            continue
        group = LEGEND_GROUP.get(stamp.kind, stamp.kind)
        key = (group, stamp.level if KINDS[stamp.kind].tag else "")
        if key in seen:
            continue
        seen.add(key)
        lines.append(LegendLine("stamp", legend_text(stamp.kind, language, stamp.level), stamp))
    for shape in marks.get("shapes", []):
        word = "area" if shape.kind == "area" else "shape"
        if word not in seen:
            seen.add(word)
            lines.append(LegendLine(word, shape_legend_text(word, language), shape))
    for stroke in marks.get("strokes", []):
        if stroke.highlight and "highlight" not in seen:
            seen.add("highlight")
            lines.append(LegendLine("highlight", shape_legend_text("highlight", language),
                                    stroke))
    return lines


class MarkSwatch(Flowable):
    """A legend's picture of one stamp, shape or highlight, fitted in a small square."""

    def __init__(self, line: LegendLine, size: float = 22.0):
        super().__init__()
        self.line, self.size = line, size
        self.width, self.height = size * 1.3, size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def _ops(self) -> list[Op]:
        s = self.size
        mark = self.line.mark
        if self.line.kind == "stamp":
            x0, y0, x1, y1 = frame(mark.kind)
            # a long thin stamp (a cut, a drain) lies along the line, so it can be drawn larger
            tall = (y1 - y0) > 1.5 * (x1 - x0)
            stamp = replace(mark, x=0.0, y=0.0, rotation=90.0 if tall else 0.0, size=1.0)
            if tall:
                x0, y0, x1, y1 = -y1, x0, -y0, x1
            scale = min((s * 1.3 - 2) / (x1 - x0), (s - 2) / (y1 - y0))
            # centred in the swatch: the frame's middle at the swatch's middle
            vw, vh = s * 1.3 / scale, s / scale
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            pl = Placement(viewbox=(cx - vw / 2, cy - vh / 2, vw, vh), scale=scale,
                           width=s * 1.3, height=s)
            ops, _box, _tag = stamp_ops(stamp, pl, mark_sizes(0.6))
            # the level's tag is in the words; the picture shows the cut alone
            return ops[:len(KINDS[mark.kind].parts)]
        rgb = _rgb(mark.color)
        if self.line.kind == "highlight":
            return [PathOp(line_path([(s * 0.15, s * 0.3), (s * 1.15, s * 0.7)]), stroke=rgb,
                           stroke_alpha=HIGHLIGHT_ALPHA, width=s * 0.4, cap=1)]
        pl = Placement(viewbox=(-s * 0.65, -s / 2, s * 1.3, s), scale=1.0, width=s * 1.3,
                       height=s)
        if self.line.kind == "area":
            proxy = replace(mark, points=[(-s * 0.5, -s * 0.1), (-s * 0.1, -s * 0.42),
                                          (s * 0.48, -s * 0.3), (s * 0.4, s * 0.3),
                                          (-s * 0.2, s * 0.4)])
        else:
            proxy = replace(mark, cx=0.0, cy=0.0, rx=s * 0.5, ry=s * 0.34, rotation=0.0)
        return list(shape_ops(replace(proxy, width=2.0), pl))

    def draw(self) -> None:
        paint(self.canv, self._ops())


class GuideSwatch(Flowable):
    """The key's picture of the S3 guide: a short dashed line, as on the drawing."""

    def __init__(self, size: float = 22.0):
        super().__init__()
        self.size = size
        self.width, self.height = size * 1.3, size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        s = self.size
        paint(self.canv, [PathOp(line_path([(s * 0.1, s / 2), (s * 1.2, s / 2)]),
                                 stroke=_rgb(S3_COLOUR), width=1.2, cap=1, dash=(5.0, 3.5))])
