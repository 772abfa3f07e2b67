"""Faster paths through reportlab's pure-Python inner loops, writing exactly the same bytes.

Why: without reportlab's optional C accelerator, measuring words, mapping text to font-subset
codes, escaping strings and formatting numbers took most of an export's time. Each fast path
here gives the same output as reportlab's own code (``tests/unit/test_pdf_speed_paths.py``
compares them, and whole summaries with the fast paths off).

Where they apply, each explicitly and in one place:

* :func:`speed_up_font` — once per DejaVu font object, when :mod:`.fonts` registers it (only
  our own font objects; reportlab itself is not patched);
* :data:`PDF_ESCAPES` — read by the summary's own canvas class (:mod:`.page`);
* :func:`during_export` — around laying out and saving one summary: binary streams and
  memoised number formatting, both put back afterwards so other reportlab users in the
  process see reportlab as it was.

The paragraphs' line-break cache lives with its flowable (:class:`.flowables.Para`).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading
from typing import Any, Callable, Iterator

# ------------------------------------------------------------------------- font objects


def speed_up_font(font: Any) -> None:
    """Memoised word widths and table-driven subset mapping on this TrueType font object."""
    _memoise_widths(font)
    _fast_split(font)


def _memoise_widths(font: Any, limit: int = 50_000) -> None:
    """Remember word widths on this font object (line breaking measures the same words again
    and again; reportlab's pure-Python width sum was a large part of the export time)."""
    measure = font.stringWidth
    cache: dict[str, float] = {}

    def string_width(text: str, size: float, encoding: str | None = None) -> float:
        units = cache.get(text)
        if units is None:
            if len(cache) >= limit:
                cache.clear()
            units = cache[text] = measure(text, 1000.0)
        return units * size * 0.001

    font.stringWidth = string_width


def _fast_split(font: Any) -> None:
    """Give this font object a ``splitString`` that maps text whose characters all have
    their code in the first subset already (nearly every line after the first few) with one
    ``str.translate`` instead of reportlab's loop over the characters.

    Anything else (a character seen for the first time, one without a glyph, one in a later
    subset, bytes) goes to reportlab's own method, which assigns the codes: the PDF is the
    same byte for byte.
    """
    split = font.splitString

    def split_string(text: str | bytes, doc: Any,
                     encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        state = font.state.get(doc) if isinstance(text, str) and text else None
        if state is not None and isinstance(text, str):
            assigned = state.assignments
            fast = getattr(state, "_fast_split", None)
            if fast is None or fast[0] != len(assigned):  # codes are only ever added
                table = {u: chr(n) for u, n in assigned.items() if n < 256}
                if 32 in table:
                    table[0xA0] = table[32]  # reportlab prints a no-break space as a space
                fast = state._fast_split = (len(assigned), table,
                                            frozenset(map(chr, table)))
            if fast[2].issuperset(text):
                return [(0, text.translate(fast[1]).encode("latin-1"))]
        result: list[tuple[int, bytes]] = split(text, doc, encoding)
        return result

    font.splitString = split_string


# ------------------------------------------------------------------------ string escaping
PDF_ESCAPES: tuple[str, ...] | None = tuple(
    f"\\{c:03o}" if c < 32 or c >= 127 else ("\\" + chr(c) if chr(c) in "\\()" else chr(c))
    for c in range(256))
"""How reportlab writes each byte of a text string in a content stream ("\\(", "\\351", "a");
None: the canvas uses reportlab's own escaping."""


# ------------------------------------------------------------------- number formatting
# reportlab modules that write numbers into the PDF with ``fp_str``
_FP_STR_MODULES = ("reportlab.pdfgen.canvas", "reportlab.pdfgen.textobject",
                   "reportlab.pdfgen.pathobject", "reportlab.pdfbase.pdfdoc",
                   "reportlab.pdfbase.ttfonts", "reportlab.platypus.tables",
                   "reportlab.platypus.flowables", "reportlab.lib.colors")
_fp_lock = threading.Lock()
_fp_depth = 0
_fp_saved: dict[str, Any] = {}
_FAST_FP_STR: Callable[..., str] | None = None


def memo_fp_str(fp_str: Callable[..., str], limit: int = 20_000) -> Callable[..., str]:
    """``fp_str`` remembering what it wrote for each number.

    reportlab's pure-Python ``fp_str`` (used when its C accelerator is not installed) formats
    every coordinate, colour and font size of every page, about 2000 calls of a few
    microseconds per summary, mostly the same few hundred values. Same strings out: a
    sequence is the numbers' own strings joined by spaces, as ``fp_str`` does.
    """
    memo: dict[Any, str] = {}

    def one(x: Any) -> str:
        s = memo.get(x)
        if s is None:
            if len(memo) >= limit:
                memo.clear()
            s = memo[x] = fp_str(x)
        return s

    def fast_fp_str(*a: Any) -> str:
        if len(a) == 1:
            value = a[0]
            if not isinstance(value, (tuple, list)):
                return one(value)
            a = tuple(value)
        return " ".join(map(one, a))

    return fast_fp_str


@contextlib.contextmanager
def memoised_numbers() -> Iterator[None]:
    """While a summary is laid out and saved, reportlab's number formatting is memoised.

    Only when reportlab runs its pure-Python ``fp_str``; the C accelerator is left alone.
    The modules' own function is put back afterwards (the last of overlapping exports
    restores it), so other reportlab users in the process are not affected.
    """
    global _fp_depth, _FAST_FP_STR
    from reportlab.lib import rl_accel

    original = getattr(rl_accel, "_py_funcs", {}).get("fp_str")
    if original is None or rl_accel.fp_str is not original:
        yield
        return
    with _fp_lock:
        if _fp_depth == 0:
            if _FAST_FP_STR is None:
                _FAST_FP_STR = memo_fp_str(original)
            for name in _FP_STR_MODULES:
                module = sys.modules.get(name) or importlib.import_module(name)
                if getattr(module, "fp_str", None) is original:
                    _fp_saved[name] = module
                    setattr(module, "fp_str", _FAST_FP_STR)
        _fp_depth += 1
    try:
        yield
    finally:
        with _fp_lock:
            _fp_depth -= 1
            if _fp_depth == 0:
                for module in _fp_saved.values():
                    setattr(module, "fp_str", original)
                _fp_saved.clear()


# ------------------------------------------------------------------------ binary streams
@contextlib.contextmanager
def binary_streams() -> Iterator[None]:
    """Write streams as binary (Flate only), not ASCII85-wrapped: 20% smaller, much faster.

    reportlab reads this switch from its global config while it saves; it is restored after.
    """
    from reportlab import rl_config

    old = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = old


@contextlib.contextmanager
def during_export() -> Iterator[None]:
    """The process-wide switches for laying out and saving one summary, undone afterwards."""
    with binary_streams(), memoised_numbers():
        yield
