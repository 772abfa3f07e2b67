"""Builds the patient's summary: the sections in their order, then the reportlab document.

Page 1 is the visit at a glance (:mod:`.glance`): clinic header; "Your visit summary" (date,
clinician, patient name / date of birth if entered); "What we found" (the first marked drawing
with its key); "What happens next" (plan, approach, tests, the surgeon's notes); "Whom to call"
and the emergency box (always). The reference follows, each section only when it has
something: "More about what we found" (each area in words, the other drawings, the patient's
key images); "Your symptoms"; "Tests we plan"; "Treatment options we discussed" (with the
approach note if the surgeon kept it); "Notes from your surgeon" (when too long for page 1);
"Questions to ask"; "Words to know" (only terms that appear in this PDF); "When to call us";
"About this summary": the app's own disclaimer (always), the content's,
when the writers last checked the text against its sources, and whether a clinician at this
clinic signed off the text printed (by name and date). Every page has a "Page X of Y"
footer with the visit date. The PDF metadata never holds patient data (title, subject,
author = clinic, language).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Callable, Literal, cast

from reportlab import platypus as pl

from desktop_app.export import found, glance, pictures, scripts, sections, speedups
from desktop_app.export.fonts import REGULAR
from desktop_app.export.page import NumberedCanvas, numbered_canvas
from desktop_app.export.result import ExportError, ExportResult
from desktop_app.export.story import Story
from desktop_app.export.strings import format_date
from desktop_app.export.style import BODY_SIZE, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X


# A last page filled less than this is laid out again, more compactly, and that layout kept
# when it has a page fewer: no near-empty last page, and no page for a few paragraphs.
RETRY_BELOW = 0.75
# A summary longer than this is also tried compactly (a visit's summary fits in 8 A4 pages).
MOST_PAGES = 8


def build(b: Story) -> None:
    """Every section in order."""
    sections.header(b)
    sections.visit(b)
    glance.glance(b)                     # page 1: the visit at a glance
    # page 2: what to do about each warning sign, in full. Its cards never split (a sign
    # with what to do about it), so they go first, where no other section leaves a gap
    sections.call(b)
    glance.drawing_caption(b)            # the reference part
    found.found(b)
    pictures.diagram(b, b.later_views)
    pictures.images(b)
    sections.symptoms(b)
    sections.tests(b)
    sections.treatments(b)
    if not b.notes_on_glance:
        sections.notes(b)
    sections.questions(b)
    glossary_at, glossary_section_at = len(b.flowables), len(b.sections)
    about = sections.disclaimer(b)
    # inserted before "About this summary", but built last: it needs every other word
    sections.glossary(b, glossary_at, glossary_section_at)
    # the review state names what this summary printed, the glossary's words too
    sections.review_state(b, about)


class _Document(pl.BaseDocTemplate):
    """The page template, remembering where the text stands after each flowable (the last
    entry: where it ends, for how full the last page is). An end mark flowable after the
    text would itself need room: after a paragraph whose space below ran to the page foot,
    it went alone onto a blank last page."""

    def __init__(self, *args: Any, ends: list[tuple[int, float]], **kw: Any):
        super().__init__(*args, **kw)
        self.ends = ends

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - reportlab's hook name
        frame = self.frame
        if frame is not None:   # the frame's y after the flowable, never below its foot
            y, foot = frame.__dict__.get("_y"), frame.__dict__.get("_y1p")
            if y is not None and foot is not None:
                self.ends.append((self.page, max(y, foot)))


def render(b: Story) -> bytes:
    """Lay out the flowables on pages and return the PDF's bytes; sets ``b.pages``."""
    return lay_out(b)()


# (page, flowable, x, y, room beside it): where the layout put a flowable, drawn later
Placed = tuple[int, Any, float, float, float]


class _Placements(list[Placed]):
    """The layout's placements, shared, never copied: reportlab deep-copies the document's
    frame whenever a KeepTogether measures its content."""

    def __deepcopy__(self, memo: Any) -> _Placements:
        return self


class _PlacingFrame(pl.Frame):
    """A frame that only places: reportlab's own fitting, splitting and spacing, but each
    flowable it would draw is written down (page, position) instead, drawn by
    :class:`_Placed` once the layout is kept. Drawing was about half of a layout, and the
    compact retry's loser is never drawn.

    A flowable with ``draw_while_placing`` (:class:`.flowables.EndMark`, which records where
    "When to call us" starts: the layout is judged by it) is also drawn as it is placed."""

    placed: _Placements | None = None

    def add(self, flowable: Any, canv: Any, trySplit: int = 0) -> Literal[0, 1]:  # noqa: N803 - reportlab's parameter names
        placed = self.placed
        if placed is None or getattr(flowable, "frameAction", None):
            return pl.Frame.add(self, flowable, canv, trySplit)
        draw_now = getattr(flowable, "draw_while_placing", False)

        def place(c: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803 - reportlab's parameter names
            placed.append((c.getPageNumber(), flowable, x, y, _sW))
            if draw_now:
                type(flowable).drawOn(flowable, c, x, y, _sW=_sW)

        flowable.drawOn = place
        try:
            return pl.Frame.add(self, flowable, canv, trySplit)
        finally:
            del flowable.drawOn


class _Placed(pl.Flowable):
    """One laid-out page's flowables, drawn where the layout put them (no room taken)."""

    _ZEROSIZE = True

    def __init__(self, items: list[Placed]):
        super().__init__()
        self.items = items

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803 - reportlab's method and parameter names
        frame = self.__dict__.get("_frame")
        for _page, flowable, fx, fy, room in self.items:
            flowable._frame, flowable.canv = frame, canv   # as the frame gives them
            try:
                flowable.drawOn(canv, fx, fy, _sW=room)
            finally:
                for name in ("canv", "_frame"):
                    flowable.__dict__.pop(name, None)


def _document(b: Story, buf: io.BytesIO, ends: list[tuple[int, float]],
              placed: _Placements | None) -> _Document:
    s = b.s
    doc = _Document(
        buf, pagesize=b.pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        title=s["doc_title"], subject=s["doc_subject"], author=b.clinic,
        creator="Presacral Consult", keywords=[], lang=b.pdf_lang,
        displayDocTitle=True, initialFontName=REGULAR, initialFontSize=BODY_SIZE, ends=ends)
    frame = _PlacingFrame(MARGIN_X, MARGIN_BOTTOM, b.frame_width,
                          b.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    frame.placed = placed
    doc.addPageTemplates([pl.PageTemplate(id="page", frames=[frame])])
    # reportlab's own switch (not in its stubs): the canvas is saved by ``write``, if at all
    doc._doSave = 0  # type: ignore[attr-defined]
    return doc


def lay_out(b: Story) -> Callable[[], bytes]:
    """Lay out the flowables on pages (sets ``b.pages`` and ``b.last_page_fill``); returns
    the function that draws and writes the PDF's bytes. A layout tried and not kept (the
    compact retry's loser) is never drawn nor written.

    The layout places the flowables without drawing them; ``write`` draws each page's
    flowables where they were placed, through a second reportlab document whose pages hold
    exactly those (so the canvas sees the same calls, in the same order, as a document that
    draws while it lays out: the same bytes)."""
    s = b.s
    end: list[tuple[int, float]] = []
    placed = _Placements()
    doc = _document(b, io.BytesIO(), end, placed)
    footer_left = s["footer_left"].format(clinic=b.clinic, date=format_date(b.c.visit_date, s))
    maker = numbered_canvas(footer_left, s["footer_right"], b.col, b.pagesize)
    with speedups.during_export():
        doc.build(b.flowables, canvasmaker=maker)
    b.pages = cast(NumberedCanvas, doc.canv).page_count()
    if end:   # how full the last page is, from the top of its text frame
        frame_h = b.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM
        b.last_page_fill = (b.pagesize[1] - MARGIN_TOP - end[-1][1]) / frame_h
    pages = b.pages

    def write() -> bytes:
        by_page: list[list[Placed]] = [[] for _ in range(pages)]
        for item in placed:
            by_page[item[0] - 1].append(item)
        story: list[Any] = []
        for n, items in enumerate(by_page):
            if n:
                story.append(pl.PageBreak())
            story.append(_Placed(items))
        buf = io.BytesIO()
        drawn = _document(b, buf, [], None)
        with speedups.during_export():
            drawn.build(story, canvasmaker=maker)
            canvas = cast(NumberedCanvas, drawn.canv)
            canvas.save()
        return buf.getvalue()
    return write


def build_summary(consultation: Any, *, config: Any = None, content: Any = None,
                  atlas: Any = None, language: str | None = None,
                  signoff: Any = None) -> tuple[bytes, ExportResult]:
    """Lay out the summary in memory. Returns (pdf bytes, result without a path).

    A summary whose last page would be less than half full is laid out once more with less
    space between lines and blocks, and that layout kept if it has a page fewer.
    ``language`` defaults to the consultation's; raises :class:`ExportError` (one line, no
    patient data) if the fonts are missing or the layout fails."""
    def laid_out(compact: bool, call_page: int = 2) -> tuple[Story, Callable[[], bytes]]:
        b = Story(consultation, config=config, content=content, atlas=atlas,
                  language=language or getattr(consultation, "language", None),
                  signoff=signoff, compact=compact)
        b.call_page = call_page
        b.views = views   # the same visit, language and paper: its drawings are shared
        try:
            build(b)
            write = lay_out(b)
            # a card points to "When to call us" by its page: laid out again in the rare
            # summary where it does not start on page 2 (nothing on page 1 to fill it)
            at = b.call_seen_at[0][0] if b.call_seen_at else call_page
            if b.pointers and at != call_page:
                return laid_out(compact, at)
            return b, write
        except ExportError:
            raise
        except Exception as exc:  # a layout failure: one line, no patient data in it
            raise ExportError(f"the summary could not be laid out ({type(exc).__name__})") \
                from exc

    views: dict[tuple[str, float, float], Any] = {}
    typed = [text for _what, text in scripts.fields(consultation, config)]
    try:
        with scripts.fonts_for(typed):  # letters DejaVu Sans lacks: this computer's fonts
            b, write = laid_out(False)
            if b.pages > MOST_PAGES or (b.pages > 2 and b.last_page_fill < RETRY_BELOW):
                tighter, tighter_write = laid_out(True)
                if tighter.pages < b.pages:
                    b, write = tighter, tighter_write
            data = write()
    except ExportError:
        raise
    except Exception as exc:  # fonts of this computer that cannot be merged: one line
        raise ExportError(f"the summary could not be laid out ({type(exc).__name__})") from exc
    result = ExportResult(path=Path(), pages=b.pages,
                          page_size=(b.pagesize[0], b.pagesize[1]),
                          sections=list(b.sections), glossary_terms=list(b.glossary_terms),
                          diagrams=list(b.recorders))
    return data, result
