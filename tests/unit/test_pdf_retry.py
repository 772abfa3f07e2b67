"""The compact retry: a summary whose last page is nearly empty is laid out again with less
space, the layout with fewer pages is kept, and only the kept layout is written (its footers,
font subsets and compressed pages): the other is thrown away unwritten."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from desktop_app.export import builder
from desktop_app.export.page import NumberedCanvas
from desktop_app.infra.config import ClinicConfig
from desktop_app.model import storage
from desktop_app.model.content import load_content
from desktop_app.services import load_atlas_or_none

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "data" / "example_consultation.json"


@pytest.fixture(scope="module")
def atlas():
    return load_atlas_or_none()


def export(monkeypatch, consultation, atlas, language="en"):
    """Build the summary; returns (its bytes, its pages, [(compact, pages, fill)] of every
    layout tried, how many canvases were written)."""
    tried, written = [], []
    lay_out, save = builder.lay_out, NumberedCanvas.save

    def spy_lay_out(b):
        write = lay_out(b)
        tried.append((b.compact, b.pages, b.last_page_fill))
        return write

    def spy_save(canvas):
        written.append(canvas.page_count())
        save(canvas)

    monkeypatch.setattr(builder, "lay_out", spy_lay_out)
    monkeypatch.setattr(NumberedCanvas, "save", spy_save)
    data, result = builder.build_summary(
        consultation, config=ClinicConfig(clinic_name="Riverside", phone="+1 555 0100"),
        content=load_content(ROOT / "content", language), atlas=atlas, language=language)
    return data, result.pages, tried, written


def pdf_pages(data: bytes) -> int:
    doc = pdfium.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def test_the_example_keeps_the_compact_layout_and_writes_only_it(monkeypatch, atlas):
    data, pages, tried, written = export(monkeypatch, storage.load(EXAMPLE), atlas)
    (first, first_pages, fill), (second, second_pages, _fill) = tried
    assert (first, second) == (False, True)
    assert fill < builder.RETRY_BELOW                # why it was tried again
    assert second_pages == first_pages - 1 == pages
    assert written == [pages] == [pdf_pages(data)]   # one canvas written: the kept one


@pytest.mark.parametrize("language", ["en", "es"])
def test_whichever_layout_is_kept_it_is_the_only_one_written(monkeypatch, atlas, language):
    from desktop_app.model.consultation import Consultation

    data, pages, tried, written = export(monkeypatch, Consultation(language=language), atlas,
                                         language)
    compact, first_pages, fill = tried[0]
    retry = first_pages > builder.MOST_PAGES or (first_pages > 2 and fill < builder.RETRY_BELOW)
    assert [t[0] for t in tried] == ([False, True] if retry else [False])
    assert pages == min(t[1] for t in tried)
    assert written == [pages] == [pdf_pages(data)]
