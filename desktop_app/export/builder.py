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
from typing import Any, Callable, cast

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


def lay_out(b: Story) -> Callable[[], bytes]:
    """Lay out the flowables on pages (sets ``b.pages`` and ``b.last_page_fill``); returns
    the function that writes the PDF's bytes. A layout tried and not kept (the compact
    retry's loser) is never written: its footers, font subsets and compressed page streams
    were ~15 % of an export."""
    s = b.s
    buf = io.BytesIO()
    end: list[tuple[int, float]] = []
    doc = _Document(
        buf, pagesize=b.pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        title=s["doc_title"], subject=s["doc_subject"], author=b.clinic,
        creator="Presacral Consult", keywords=[], lang=b.pdf_lang,
        displayDocTitle=True, initialFontName=REGULAR, initialFontSize=BODY_SIZE, ends=end)
    frame = pl.Frame(MARGIN_X, MARGIN_BOTTOM, b.frame_width,
                     b.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([pl.PageTemplate(id="page", frames=[frame])])
    footer_left = s["footer_left"].format(clinic=b.clinic, date=format_date(b.c.visit_date, s))
    maker = numbered_canvas(footer_left, s["footer_right"], b.col, b.pagesize)
    # reportlab's own switch (not in its stubs): the canvas is saved by ``write``, if at all
    doc._doSave = 0  # type: ignore[attr-defined]
    with speedups.during_export():
        doc.build(b.flowables, canvasmaker=maker)
    canvas = cast(NumberedCanvas, doc.canv)
    b.pages = canvas.page_count()
    if end:   # how full the last page is, from the top of its text frame
        frame_h = b.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM
        b.last_page_fill = (b.pagesize[1] - MARGIN_TOP - end[-1][1]) / frame_h

    def write() -> bytes:
        with speedups.during_export():
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
