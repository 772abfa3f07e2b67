"""The summary's pages: a canvas that writes "Page X of Y" and the visit date in every footer."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as canvas_mod

from desktop_app.export import speedups
from desktop_app.export.scripts import needs_shaping
from desktop_app.export.fonts import REGULAR
from desktop_app.export.style import FOOTER_SIZE, FOOTER_Y, MARGIN_X


class NumberedCanvas(canvas_mod.Canvas):
    """Keeps every page until the total is known, then draws the footers (one layout pass).

    :func:`numbered_canvas` makes a subclass with the footer's words and colours.
    """

    footer_left = ""
    footer_right = ""
    colours: dict[str, colors.Color] = {}
    page_size: tuple[float, float] = (0.0, 0.0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_states: list[dict[str, Any]] = []

    def showPage(self) -> None:
        """Keep the finished page's state; its footer is drawn in :meth:`save`."""
        self._page_states.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's stubs omit it

    def page_count(self) -> int:
        """Pages laid out so far (all of them once the document is built)."""
        return len(self._page_states)

    def save(self) -> None:
        """Draw every kept page with its "Page X of Y" footer, then write the file."""
        total = len(self._page_states)
        for state in self._page_states:
            self.__dict__.update(state)
            self._footer(total)
            canvas_mod.Canvas.showPage(self)
        canvas_mod.Canvas.save(self)

    # Strings drawn directly (footer, the diagram's labels) in a script that needs shaping
    # (Devanagari, Thai...) go through reportlab's HarfBuzz shaping; all others as they are.
    def drawString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("shaping", needs_shaping(text))
        super().drawString(x, y, text, *args, **kwargs)

    def drawRightString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("shaping", needs_shaping(text))
        super().drawRightString(x, y, text, *args, **kwargs)

    def drawCentredString(self, x: float, y: float, text: str, *args: Any,
                          **kwargs: Any) -> None:
        kwargs.setdefault("shaping", needs_shaping(text))
        super().drawCentredString(x, y, text, *args, **kwargs)

    def _escape(self, s: str | bytes) -> str:
        """reportlab's escaping of a subset-encoded string, by table (same bytes out)."""
        table = speedups.PDF_ESCAPES
        if table is not None and isinstance(s, bytes):
            return "".join(map(table.__getitem__, s))
        escaped: str = super()._escape(s)  # type: ignore[misc]  # not in reportlab's stubs
        return escaped

    def _footer(self, total: int) -> None:
        width = self.page_size[0]
        self.saveState()
        self.setStrokeColor(self.colours["rule"])
        self.setLineWidth(0.8)
        self.line(MARGIN_X, FOOTER_Y + 14, width - MARGIN_X, FOOTER_Y + 14)
        self.setFillColor(self.colours["muted"])
        self.setFont(REGULAR, FOOTER_SIZE)
        right = self.footer_right.format(page=self.getPageNumber(), total=total)
        room = width - 2 * MARGIN_X - stringWidth(right, REGULAR, FOOTER_SIZE) - 20
        left = self.footer_left
        while len(left) > 1 and stringWidth(left, REGULAR, FOOTER_SIZE) > room:
            left = left[:-2] + "…"
        self.drawString(MARGIN_X, FOOTER_Y, left)
        self.drawRightString(width - MARGIN_X, FOOTER_Y, right)
        self.restoreState()


def numbered_canvas(footer_left: str, footer_right: str, col: dict[str, colors.Color],
                    pagesize: tuple[float, float]) -> type[NumberedCanvas]:
    """A canvas class for one summary: ``footer_right`` has ``{page}`` and ``{total}``."""
    class SummaryCanvas(NumberedCanvas):
        """The canvas of one summary (its footer words are class attributes)."""

    SummaryCanvas.footer_left, SummaryCanvas.footer_right = footer_left, footer_right
    SummaryCanvas.colours, SummaryCanvas.page_size = col, (pagesize[0], pagesize[1])
    return SummaryCanvas
