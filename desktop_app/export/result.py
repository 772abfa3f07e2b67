"""What an export gives back: where the file went and what is in it, or one clear error."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ExportError(Exception):
    """The summary could not be written. ``str()`` is one user-facing line."""


@dataclass
class DiagramPlacement:
    """Where a diagram view landed: page (1-based) and its bottom-left corner in points, and
    the frame of its figure (drawing and key)."""

    view: str
    page: int
    x: float
    y: float
    placement: Any  # diagram_drawing.Placement
    # the figure's thin frame (x0, y0, x1, y1) in points, and whether its key is beside it
    box: tuple[float, float, float, float] | None = None
    key_beside: bool = False


@dataclass
class ExportResult:
    """The written summary: its path, page count and size, and what it holds (section keys
    in order, glossary titles, where each diagram landed: tests find marks with it)."""

    path: Path
    pages: int
    page_size: tuple[float, float]
    sections: list[str] = field(default_factory=list)      # section keys, in order
    glossary_terms: list[str] = field(default_factory=list)
    diagrams: list[DiagramPlacement] = field(default_factory=list)
