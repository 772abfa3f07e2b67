"""How much one consultation may hold: limits a real visit never reaches, chosen so that the
largest file they allow still opens, repaints and exports quickly
(``benchmarks/worst_file.py`` builds that file and measures it).

A real visit has a handful of marks and a few pen strokes of at most a few hundred points
each (the pen smooths and simplifies every stroke as it is drawn). Before these limits a
file of 499 strokes × 20,000 points was allowed: 58 s and 6.6 GB to open.

Pure Python: used when a file is loaded (:class:`~desktop_app.model.consultation.Consultation`)
and before the diagram adds a mark, so the app never makes a file it cannot open again.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

MAX_STROKE_POINTS = 2_000     # one pen stroke
MAX_VIEW_POINTS = 10_000      # all strokes on one view (diagram or key image)
MAX_VISIT_POINTS = 20_000     # all strokes of the visit
MAX_MARKS = 100               # lesions, strokes, arrows and text notes of the visit together

GROUPS = ("lesions", "shapes", "strokes", "arrows", "stamps", "texts")
POINT_GROUPS = ("strokes", "shapes")  # marks drawn through a list of points (pen, freeform)


def problem(consultation: Any, extra: Any = None) -> tuple[str, str] | None:
    """(field, problem) for the first limit ``consultation`` (plus the mark ``extra``, about
    to be added) goes over, or None."""
    marks = sum(len(getattr(consultation, g, ())) for g in GROUPS) + (extra is not None)
    if marks > MAX_MARKS:
        return "annotations", f"more than {MAX_MARKS} marks in one visit"
    drawn = [(g, i, m) for g in POINT_GROUPS for i, m in enumerate(getattr(consultation, g, ()))]
    if extra is not None and getattr(extra, "points", None):
        drawn.append(("new mark", 0, extra))
    per_view: Counter[str] = Counter()
    for group, i, mark in drawn:
        n = len(mark.points or ())
        if n > MAX_STROKE_POINTS:
            return f"{group}[{i}].points", f"more than {MAX_STROKE_POINTS} points in one mark"
        per_view[mark.view] += n
    if sum(per_view.values()) > MAX_VISIT_POINTS:
        return "strokes", f"more than {MAX_VISIT_POINTS} pen points in one visit"
    for n in per_view.values():
        if n > MAX_VIEW_POINTS:
            return "strokes", f"more than {MAX_VIEW_POINTS} pen points on one view"
    return None


def room_for(consultation: Any, mark: Any) -> str | None:
    """A sentence for the user when ``mark`` cannot be added, else None."""
    found = problem(consultation, mark)
    if found is None:
        return None
    return (f"This visit has reached the app's limit ({found[1]}); remove some marks before "
            "adding more.")
