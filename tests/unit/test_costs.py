"""Costs nobody bounded: an input grown 10x may cost at most ~10-15x (linear), never 100x.

Each test measures the same work at n and 10n in one run and compares the two (CPU time of
this process, the median of a few runs: a ratio, never an absolute time), so a slow or busy
machine does not fail it while a quadratic part does (it would be ~100x)."""

from __future__ import annotations

import gc
import statistics
import time
from typing import Callable

from desktop_app.model.consultation import Consultation

MAX_RATIO = 15.0


def cpu_time(fn: Callable[[], object], runs: int = 3) -> float:
    """Median CPU time of ``runs`` calls, the garbage of earlier tests collected first and
    the collector paused while measuring (its pauses depend on what ran before)."""
    times = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            fn()
            times.append(time.process_time() - start)
        finally:
            gc.enable()
    return statistics.median(times)


def ratio(make: Callable[[int], Callable[[], object]], n: int, runs: int = 3) -> float:
    small, large = make(n), make(10 * n)
    small()                                        # warm: imports, fonts, caches
    return cpu_time(large, runs) / max(cpu_time(small, runs), 1e-3)


def _notes_layout(lines: int) -> Callable[[], object]:
    """Lay out the "Notes from your surgeon" section alone, with ``lines`` short lines."""
    from desktop_app.export import sections
    from desktop_app.export.builder import render
    from desktop_app.export.story import Story

    notes = "\n".join(f"{i}" for i in range(lines))

    def run() -> bytes:
        story = Story(Consultation(notes=notes), config=None, content=None, atlas=None,
                      language="en")
        sections.notes(story)
        return render(story)
    return run


def test_notes_of_many_short_lines_lay_out_in_linear_time():
    """1,600 -> 16,000 lines (the largest fits the 100,000-character limit of the notes)."""
    from desktop_app.model.consultation import MAX_TEXT

    assert len("\n".join(f"{i}" for i in range(16_000))) <= MAX_TEXT
    assert ratio(_notes_layout, 1_600, runs=1) <= MAX_RATIO


def test_the_long_notes_are_all_printed_in_order(tmp_path):
    import pypdfium2 as pdfium

    data = _notes_layout(3_000)()
    doc = pdfium.PdfDocument(data)
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in doc)
        pages = len(doc)
    finally:
        doc.close()
    found = [int(line.strip()) for line in text.splitlines() if line.strip().isdigit()]
    assert found == list(range(3_000)) and pages > 10
