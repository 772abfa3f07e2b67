"""The summary's own small flowables: remembered paragraphs, headings, dots, lines to write
on, badges, unsplittable stacks and the end mark."""

from __future__ import annotations

from typing import Any

from reportlab import platypus as pl
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import ActionFlowable, NullActionFlowable

from desktop_app.export.fonts import BOLD
from desktop_app.export.style import ACCENT, BODY_SIZE

_LINES: dict[Any, Any] = {}          # (paragraph key, width) -> what wrap() worked out
_LINES_LIMIT = 5000


class Para(pl.Paragraph):
    """A Paragraph that remembers its line breaks for the last width it was given.

    Tables, KeepTogether and the frame ask a paragraph for its size several times at the
    same width; breaking the lines again each time was a third of the export time.

    A paragraph built from plain text and a shared style has a ``key`` (style, text, bullet):
    its line breaks at a width are kept for the process, so the next export reuses them for
    every paragraph whose words did not change (the content library's text: most of the
    summary). Line breaking only reads the words and the style; drawing only reads the lines.
    """

    key: Any = None
    blPara: Any             # reportlab's line-break result, set by wrap()
    _wrapWidths: Any

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        memo = self.__dict__.get("_memo")
        if memo is None or memo[0] != availWidth:
            memo = _LINES.get((self.key, availWidth)) if self.key is not None else None
            if memo is None:
                size = super().wrap(availWidth, availHeight)
                if "blPara" not in self.__dict__ or self.width != availWidth:
                    return size
                memo = (availWidth, self.width, self.height, self.blPara, self._wrapWidths)
                if self.key is not None and _LINES_LIMIT:
                    if len(_LINES) >= _LINES_LIMIT:
                        _LINES.clear()
                    _LINES[(self.key, availWidth)] = memo
            self._memo = memo
        _, self.width, self.height, self.blPara, self._wrapWidths = memo
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """Split at a page or column break on line breaks of its own, made afresh at the width
        the layout measured: breaking lines also prepares the paragraph's fragments, which
        decides how reportlab splits them (a paragraph whose lines came from the process cache
        would split differently), and reportlab marks up the lines while splitting and
        drawing the parts, which must never reach the cache."""
        memo = self.__dict__.pop("_memo", None)
        if self.key is not None or memo is not None:
            self.key = None
            for name in ("blPara", "_wrapWidths"):
                self.__dict__.pop(name, None)
            pl.Paragraph.wrap(self, memo[0] if memo is not None else availWidth, availHeight)
        parts: list[Any] = super().split(availWidth, availHeight)
        return parts


class Heading(Para):
    """A section heading with a short accent bar under it."""

    def draw(self) -> None:
        super().draw()
        self.canv.saveState()
        self.canv.setFillColor(colors.HexColor(ACCENT))
        self.canv.roundRect(0, -5, 42, 3, 1.5, stroke=0, fill=1)
        self.canv.restoreState()


class Dot(Flowable):
    """A round bullet in ``colour`` (the symptoms list)."""

    def __init__(self, colour: colors.Color):
        super().__init__()
        self.colour = colour

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 14, 16

    def draw(self) -> None:
        self.canv.setFillColor(self.colour)
        self.canv.circle(5, 8.5, 3.6, stroke=0, fill=1)


class WriteLine(Flowable):
    """A ruled line to write on."""

    def __init__(self, width: float, colour: colors.Color, height: float = 28):
        super().__init__()
        self.w, self.h = width, height
        self.colour = colour

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.w, self.h

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(0.8)
        self.canv.line(0, 1, self.w, 1)


class Badge(Flowable):
    """A short bold text on a rounded pill ("This is the plan we agreed on.")."""

    def __init__(self, text: str, bg: colors.Color, fg: colors.Color):
        super().__init__()
        self.text, self.bg, self.fg = text, bg, fg
        self.w = stringWidth(text, BOLD, BODY_SIZE) + 20

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return min(self.w, aw), 22

    def draw(self) -> None:
        self.canv.setFillColor(self.bg)
        self.canv.roundRect(0, 0, self.w, 22, 11, stroke=0, fill=1)
        self.canv.setFillColor(self.fg)
        self.canv.setFont(BOLD, BODY_SIZE)
        self.canv.drawString(10, 6.8, self.text)


class EndMark(Flowable):
    """Takes no room; remembers where the text ended (page, y in points) in ``sink``, once.

    Drawn as the layout places it (the layout is judged by where it lands: see
    ``builder._PlacingFrame``) and again when the kept layout is drawn."""

    draw_while_placing = True

    def __init__(self, sink: list[tuple[int, float]]):
        super().__init__()
        self.sink = sink

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        _x, y = self.canv.absolutePosition(0, 0)
        at = (self.canv.getPageNumber(), y)
        if at not in self.sink:
            self.sink.append(at)


EDGE_STEP = 6.0   # points: how much less room a card table tries when a split left no words


# The piece of a card carried over to the next page is at least this tall (points: about
# four lines), so the top of a page never starts with a card's last line or its last item.
TAIL_LEAST = 60


class CardTable(pl.Table):
    """A table of a card (:meth:`.story.Story.card`) that never splits into a piece without
    words: when its words fit at a page foot but its bottom padding does not, reportlab cuts
    the last row into the words and an empty rest, printed at the top of the next page as a
    bare box edge. Then it is split a little higher up, so the next page's piece has words."""

    # a card whose title row repeats (``repeatRows=1``): the title a piece after the first
    # starts with instead ("After your operation (continued)"), so the next page never
    # reads as the same heading printed twice
    continued: Any = None

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        room = availHeight
        while True:
            parts: list[Any] = self._continued(super().split(availWidth, room))
            if len(parts) < 2 or not (any(_blank(p) for p in parts)
                                      or parts[1].wrap(availWidth, 10**6)[1] < TAIL_LEAST):
                return parts
            room -= EDGE_STEP
            if room <= 0:
                return []   # no split with words on both sides: the card moves whole

    def _continued(self, parts: list[Any]) -> list[Any]:
        """The pieces after the first start with the "continued" title (a row of their own:
        reportlab shares the row's list with the first piece)."""
        title = self.continued
        if title is not None:
            for part in parts[1:]:
                part._cellvalues[0] = [title]
                part.continued = title
        return parts


# A card at most this share of a page never breaks across pages: it moves whole to the next
# page (its last lines or its last item are never left alone at the top of a page); a longer
# card breaks, and fills the page.
WHOLE_SHARE = 0.2


class KeepShort(pl.KeepTogether):
    """A card kept on one page when it takes at most ``share`` of a page (a frame); taller,
    it flows and may break like any other. ``first`` (a section's heading and the card's
    first row) always stays together."""

    def __init__(self, first: list[Any], rest: list[Any], share: float = WHOLE_SHARE):
        self.first, self.rest, self.share = list(first), list(rest), share
        super().__init__([*self._kept(), *self.rest])

    def _kept(self) -> list[Any]:
        """``first`` kept together (nothing when the card's first row is its own table's
        repeated title: that table keeps it with a row under it)."""
        return [pl.KeepTogether(self.first)] if self.first else []

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        """As a kept group, with the real height of what it holds (the kept group inside it
        reports a huge height to be split: its own flowables are measured instead)."""
        size: tuple[float, float] = super().wrap(aW, aH)
        self._H0 = _stacked(self.first, aW)
        self._H = self._H0 + sum(_stacked([f], aW) + f.getSpaceBefore() for f in self.rest)
        return size

    def split(self, aW: float, aH: float) -> list[Any]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        frame = getattr(self, "_frame", None)
        page = getattr(frame, "_height", aH)
        parts = [*self._kept(), *self.rest] if self._H > self.share * page \
            else list(super().split(aW, aH))
        # the pieces go back on the story one by one (a kept group first cannot be placed
        # by a frame as it is: it always asks to be split)
        if not parts or not isinstance(parts[0], ActionFlowable):
            parts.insert(0, NullActionFlowable())
        return parts


def _stacked(flowables: list[Any], width: float) -> float:
    """The height of flowables one under the other, with the space between them."""
    total = 0.0
    for i, f in enumerate(flowables):
        total += f.wrap(width, 10**6)[1] + (f.getSpaceBefore() if i else 0.0)
        total += f.getSpaceAfter() if i < len(flowables) - 1 else 0.0
    return total


def _blank(table: Any) -> bool:
    """A table piece with nothing to read: every cell empty or only spacers."""
    def empty(value: Any) -> bool:
        if isinstance(value, (list, tuple)):
            return all(empty(v) for v in value)
        return value is None or value == "" or isinstance(value, pl.Spacer)
    return all(empty(cell) for row in table._cellvalues for cell in row)


class Stack(Flowable):
    """Flowables one under the other that never split (a label and the first line under it,
    in a card that may break across pages: the label never stays alone at a page foot)."""

    def __init__(self, parts: list[Any]):
        super().__init__()
        self.parts = parts
        self._sizes: list[tuple[float, float, float]] = []

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self._sizes = []
        total = 0.0
        for i, f in enumerate(self.parts):
            _w, h = f.wrap(aw, ah)
            before = f.getSpaceBefore() if i else 0.0
            after = f.getSpaceAfter() if i < len(self.parts) - 1 else 0.0
            self._sizes.append((before, h, after))
            total += before + h + after
        self.width, self.height = aw, total
        return aw, total

    def split(self, aw: float, ah: float) -> list[Any]:
        return []

    def draw(self) -> None:
        y = self.height
        for f, (before, h, after) in zip(self.parts, self._sizes):
            y -= before + h
            f.drawOn(self.canv, 0, y)
            y -= after

class TextLines(Flowable):
    """Many plain lines in one paragraph style (a surgeon's long notes): each line broken to
    the width once, drawn as text, split at a page foot between two lines.

    A reportlab Paragraph re-breaks the whole rest of itself at every page it is split over,
    and draws through its rich-text machinery: 16,000 short lines cost minutes. Here the
    cost is a fixed amount per line.
    """

    def __init__(self, lines: list[str], style: Any, broken_at: float | None = None):
        super().__init__()
        self.lines = lines
        self.style = style
        self._broken_at = broken_at        # the width ``lines`` are already broken for
        self.space_before: float | None = None   # None: the style's (a split piece: 0)
        self.space_after: float | None = None

    def _break(self, width: float) -> None:
        if self._broken_at == width:
            return
        from reportlab.lib.utils import simpleSplit

        st = self.style
        out_: list[str] = []
        for line in self.lines:
            out_.extend(simpleSplit(line, st.fontName, st.fontSize, width) or [""])
        self.lines, self._broken_at = out_, width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._break(availWidth)
        self.width, self.height = availWidth, len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._break(availWidth)
        fit = int(availHeight // self.style.leading)
        if fit <= 0 or fit >= len(self.lines):
            return []
        first = TextLines(self.lines[:fit], self.style, availWidth)
        rest = TextLines(self.lines[fit:], self.style, availWidth)
        first.space_after, rest.space_before = 0.0, 0.0
        return [first, rest]

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab API
        return float(self.style.spaceBefore if self.space_before is None else self.space_before)

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab API
        return float(self.style.spaceAfter if self.space_after is None else self.space_after)

    def draw(self) -> None:
        st = self.style
        text = self.canv.beginText(0, self.height - st.fontSize)
        text.setFont(st.fontName, st.fontSize, st.leading)
        text.setFillColor(st.textColor)
        for line in self.lines:
            text.textLine(line)
        self.canv.drawText(text)
