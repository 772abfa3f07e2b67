"""The export's fast paths write exactly what reportlab's own code would.

The PDF export replaces a few of reportlab's pure-Python inner loops for its own objects
(``desktop_app.export.speedups``, and the paragraphs of ``flowables``): text split into
font-subset codes by table, string escaping by table, number formatting memoised while a
summary is built, line breaks and glossary terms kept for the process. None of them may
change a byte of the PDF: these tests compare each with reportlab's own function, and whole
summaries with the fast paths off.
No timing here (the benchmark is benchmarks/export.py).
"""

from __future__ import annotations

import contextlib
import functools

import pytest
from reportlab import rl_config
from reportlab.lib import rl_accel
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop_app.export import flowables, fonts, glossary, pdf, speedups
from tests import pdf_cases
from tests.unit.test_pdf_support import full_consultation, make_library


class _Doc:
    """Stands in for a PDF document: fonts keep their subset codes per document object."""


TEXTS = ["Hello world", "", "Zoë Nguyễn — Ελένη", "no\u00a0break", "tab\tand (brackets) \\",
         "Hello again", "Юлия " * 3, "missing glyph \u4e00 here", "Zoë again",
         "".join(chr(c) for c in range(0x100, 0x1c0)),   # more than one subset
         "after the second subset: ĀāĂ", b"bytes in utf-8 \xc3\xa9".decode("utf-8")]


@pytest.mark.parametrize("name", [fonts.REGULAR, fonts.BOLD])
def test_split_string_matches_reportlab(name):
    fonts.register_fonts()
    ours = pdfmetrics.getFont(name)
    plain = TTFont(name + "-plain", str(fonts.font_files()[name]))
    a, b = _Doc(), _Doc()
    for text in TEXTS * 2:
        assert ours.splitString(text, a) == plain.splitString(text, b), text
    assert ours.state[a].assignments == plain.state[b].assignments
    assert ours.state[a].subsets == plain.state[b].subsets


def test_escape_table_matches_reportlab():
    every_byte = bytes(range(256))
    assert "".join(speedups.PDF_ESCAPES[c] for c in every_byte) == \
        rl_accel._py_funcs.get("escapePDF", rl_accel.escapePDF)(every_byte)


def test_memoised_fp_str_matches_reportlab():
    original = rl_accel._py_funcs.get("fp_str") or rl_accel.fp_str
    fast = speedups.memo_fp_str(original, limit=8)
    values = [0, 1, -1, 0.5, -0.5, 1e-9, -1e-9, 12, 12.0, 16.5, 0.117647058, 595.2756,
              841.8898, 1234567.891, 0.000123, True, 2.5e-7, -62.3622, 3, 3.0]
    for v in values * 2:   # twice: from the memo the second time (and past its limit)
        assert fast(v) == original(v), v
    assert fast(*values) == original(*values)
    assert fast(values) == original(values)
    assert fast(tuple(values)) == original(tuple(values))
    assert fast() == original()


def test_number_formatting_is_only_memoised_during_an_export(tmp_path):
    from reportlab.pdfgen import canvas, textobject

    before = canvas.fp_str, textobject.fp_str
    with speedups.memoised_numbers():
        with speedups.memoised_numbers():   # nested (two exports at once): restored by the last
            inside = canvas.fp_str
        assert canvas.fp_str is inside
    assert (canvas.fp_str, textobject.fp_str) == before
    pdf.export_summary(full_consultation(), tmp_path / "s.pdf", content=make_library())
    assert (canvas.fp_str, textobject.fp_str) == before


def test_multi_word_glossary_terms_match():
    lib = make_library()
    items = lib.items("glossary")
    text = " ".join(t for i in items for t in glossary.glossary_terms_for(i))
    assert glossary.find_glossary_items(items, text) == list(items)
    assert glossary.WordIndex("the magnetic resonance scans").contains("resonance scan")
    assert not glossary.WordIndex("the magnetic resonance").contains("resonance scan")


@contextlib.contextmanager
def _reportlab_only(monkeypatch):
    """The export with every fast path off: reportlab's own functions throughout."""
    with monkeypatch.context() as m:
        m.setattr(speedups, "memoised_numbers", contextlib.nullcontext)
        m.setattr(speedups, "PDF_ESCAPES", None)          # the canvas falls back to reportlab
        m.setattr(flowables, "_LINES", {})
        m.setattr(flowables, "_LINES_LIMIT", 0)             # nothing kept between paragraphs
        for name in (fonts.REGULAR, fonts.BOLD):
            font = pdfmetrics.getFont(name)
            m.setattr(font, "splitString", functools.partial(TTFont.splitString, font))
        yield


@pytest.mark.parametrize("name", pdf_cases.CASE_NAMES)
def test_summaries_are_byte_identical_with_the_fast_paths_off(name, tmp_path, monkeypatch):
    fonts.register_fonts()
    monkeypatch.setattr(rl_config, "invariant", 1)   # no dates or random ids in the file
    kw = pdf_cases.build(name, tmp_path)
    c = kw.pop("consultation")
    with _reportlab_only(monkeypatch):
        slow, _ = pdf.build_summary(c, **kw)
    fast, _ = pdf.build_summary(c, **kw)
    again, _ = pdf.build_summary(c, **kw)    # line breaks from the process cache
    assert fast == slow
    assert again == slow
