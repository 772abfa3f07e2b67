"""The layout places flowables without drawing them, and only the kept layout is drawn.

``builder.lay_out`` lets reportlab fit, split and space every flowable but writes down where
each one goes; ``write`` draws them there. The reference here is reportlab drawing while it
lays out (the frame as reportlab has it): the two must write the same bytes, in both
languages, on A4 and Letter, with paragraphs and cards split over pages, drawings and scans.
"""

from __future__ import annotations

import copy
import io
from typing import Any, cast

import pytest
from reportlab import platypus as pl
from reportlab import rl_config

from desktop_app.export import builder, speedups
from desktop_app.export.flowables import EndMark
from desktop_app.export.page import NumberedCanvas, numbered_canvas
from desktop_app.export.strings import format_date
from desktop_app.export.style import MARGIN_BOTTOM, MARGIN_TOP
from tests import pdf_cases


def drawing_while_laying_out(b: Any) -> Any:
    """reportlab's own way: the frame draws each flowable as it places it."""
    s = b.s
    buf = io.BytesIO()
    ends: list[tuple[int, float]] = []
    doc = builder._document(b, buf, ends, None)
    footer_left = s["footer_left"].format(clinic=b.clinic, date=format_date(b.c.visit_date, s))
    maker = numbered_canvas(footer_left, s["footer_right"], b.col, b.pagesize)
    with speedups.during_export():
        doc.build(b.flowables, canvasmaker=maker)
    canvas = cast(NumberedCanvas, doc.canv)
    b.pages = canvas.page_count()
    frame_h = b.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM
    b.last_page_fill = (b.pagesize[1] - MARGIN_TOP - ends[-1][1]) / frame_h

    def write() -> bytes:
        with speedups.during_export():
            canvas.save()
        return buf.getvalue()
    return write


# "example-en-no-marks": "When to call us" lands on page 1, so the summary is laid out again
# for the cards' page pointers (what the end mark drawn while placing tells)
CASES = ["example-en", "example-es", "example-es-clinic-logo-letter", "example-en-images",
         "example-en-no-marks", "full-letter-logo", "full-names-notes", "full-es",
         "chordoma-en", "empty-visit"]


@pytest.mark.parametrize("name", CASES)
def test_placing_then_drawing_writes_what_drawing_while_laying_out_writes(
        name, tmp_path, monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)   # fixed creation date and document id
    kw = pdf_cases.build(name, tmp_path / name)
    placed, placed_result = builder.build_summary(**kw)
    with monkeypatch.context() as m:
        m.setattr(builder, "lay_out", drawing_while_laying_out)
        drawn, drawn_result = builder.build_summary(**kw)
    assert placed_result.pages == drawn_result.pages
    assert placed_result.diagrams == drawn_result.diagrams   # where each drawing landed
    assert pdf_cases.content_digest(placed) == pdf_cases.content_digest(drawn)
    assert placed == drawn


def test_where_when_to_call_us_lands_is_known_before_drawing(tmp_path, monkeypatch):
    """Without marks it starts on page 1: each layout is made again with the pointers
    naming page 1 (4 layouts), as when reportlab drew while laying out."""
    tried: list[tuple[bool, int]] = []
    lay_out = builder.lay_out

    def spy(b):
        write = lay_out(b)
        tried.append((b.compact, b.call_page))
        return write

    monkeypatch.setattr(builder, "lay_out", spy)
    monkeypatch.setattr(builder, "RETRY_BELOW", 1.01)   # the compact retry in any case
    builder.build_summary(**pdf_cases.build("example-en-no-marks", tmp_path))
    assert tried == [(False, 2), (False, 1), (True, 2), (True, 1)]


def story(name: str, folder: Any, compact: bool = False) -> Any:
    from desktop_app.export.story import Story

    kw = pdf_cases.build(name, folder)
    c = kw.pop("consultation")
    b = Story(c, compact=compact, signoff=None, **kw)
    builder.build(b)
    return b


def test_a_layout_draws_nothing_until_it_is_written(tmp_path, monkeypatch):
    drawn: list[Any] = []
    draw_on = pl.Flowable.drawOn

    def spy(self, canv, x, y, _sW=0):  # noqa: N803 - reportlab's parameter names
        drawn.append(self)
        return draw_on(self, canv, x, y, _sW=_sW)

    monkeypatch.setattr(pl.Flowable, "drawOn", spy)
    b = story("example-en", tmp_path)
    write = builder.lay_out(b)
    # only the end mark of "When to call us" is drawn as it is placed: the page it lands on
    # decides whether the summary is laid out again
    assert drawn and all(isinstance(f, EndMark) for f in drawn)
    assert b.call_seen_at and b.call_seen_at[0][0] == 2
    drawn.clear()
    data = write()
    assert any(isinstance(f, pl.Paragraph) for f in drawn)
    assert b.call_seen_at[0][0] == 2 and len(b.call_seen_at) == 1   # once, not twice
    assert data.startswith(b"%PDF-") and b.pages == 9


def test_the_retry_loser_is_never_drawn(tmp_path, monkeypatch):
    """The example is laid out twice (its first layout leaves a nearly empty 9th page): the
    first layout's flowables are never drawn, the compact one's are."""
    drawn: set[int] = set()
    draw_on = pl.Flowable.drawOn
    stories: list[tuple[bool, set[int]]] = []
    lay_out = builder.lay_out
    # every flowable seen stays alive to the end: a freed one's id() could be given to a
    # flowable of the other layout
    alive: list[object] = []

    def spy_draw(self, canv, x, y, _sW=0):  # noqa: N803 - reportlab's parameter names
        drawn.add(id(self))
        alive.append(self)
        return draw_on(self, canv, x, y, _sW=_sW)

    def spy_lay_out(b):
        alive.extend(b.flowables)
        stories.append((b.compact, {id(f) for f in b.flowables}))
        return lay_out(b)

    monkeypatch.setattr(pl.Flowable, "drawOn", spy_draw)
    monkeypatch.setattr(builder, "lay_out", spy_lay_out)
    kw = pdf_cases.build("example-en", tmp_path)
    _data, result = builder.build_summary(**kw)
    (first, loser), (second, kept) = stories
    assert (first, second) == (False, True) and result.pages == 8
    assert not loser & drawn                                      # nothing of the first
    assert kept & drawn                                           # the kept one is drawn


def test_the_placements_are_not_copied_with_the_frame():
    """reportlab deep-copies the document's frame whenever a KeepTogether measures its
    content: a copy of the placements would be thrown away (and cost a copy of every
    flowable placed so far)."""
    placements = builder._Placements([(1, object(), 0.0, 0.0, 0.0)])
    frame = builder._PlacingFrame(0, 0, 100, 100)
    frame.placed = placements
    clone = copy.deepcopy(frame)
    assert clone.placed is placements
