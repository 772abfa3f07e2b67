"""The PDF's embedded TrueType font: DejaVu Sans (regular + bold), shipped in resources/fonts.

DejaVu Sans covers Latin (with Vietnamese), Greek and Cyrillic, so any patient name a clinic is
likely to type renders; reportlab embeds a subset of the TrueType font in every PDF.
Registration happens once per process (parsing the font files is the slow part).
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from desktop_app.infra.paths import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FAMILY = "DejaVuSans"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
LICENSE_FILE = "LICENSE-DejaVu.txt"

_lock = threading.Lock()
_registered = False


class FontError(Exception):
    """The shipped font is missing or unreadable (a broken installation)."""


def font_dir() -> Path:
    return resource_path("fonts")


def font_files() -> dict[str, Path]:
    folder = font_dir()
    return {name: folder / file for name, file in FILES.items()}


def register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans with reportlab (idempotent). Returns (regular, bold) font names."""
    global _registered
    if _registered:
        return REGULAR, BOLD
    with _lock:
        if _registered:
            return REGULAR, BOLD
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        for name, path in font_files().items():
            if name in pdfmetrics.getRegisteredFontNames():
                continue
            if not path.is_file():
                raise FontError(f"the font file {path.name} is missing from this installation "
                                f"({path.parent})")
            try:
                font = TTFont(name, str(path))
            except (TTFError, OSError) as exc:
                raise FontError(f"the font file {path.name} cannot be read "
                                f"({type(exc).__name__})") from None
            _memoise_widths(font)
            _fast_split(font)
            pdfmetrics.registerFont(font)
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                      boldItalic=BOLD)
        # <i> inside a paragraph falls back to the upright face rather than Helvetica
        addMapping(FAMILY, 0, 1, REGULAR)
        addMapping(FAMILY, 1, 1, BOLD)
        _registered = True
    return REGULAR, BOLD


def _memoise_widths(font, limit: int = 50_000) -> None:
    """Remember word widths on this font object (line breaking measures the same words again
    and again; reportlab's pure-Python width sum was a large part of the export time).

    Only our own registered DejaVu objects get this; reportlab itself is not patched.
    """
    measure = font.stringWidth
    cache: dict[str, float] = {}

    def string_width(text, size, encoding=None):
        units = cache.get(text)
        if units is None:
            if len(cache) >= limit:
                cache.clear()
            units = cache[text] = measure(text, 1000.0)
        return units * size * 0.001

    font.stringWidth = string_width


def _fast_split(font) -> None:
    """Give this font object a ``splitString`` that maps text whose characters all have
    their code in the first subset already (nearly every line after the first few) with one
    ``str.translate`` instead of reportlab's loop over the characters.

    Anything else (a character seen for the first time, one without a glyph, one in a later
    subset, bytes) goes to reportlab's own method, which assigns the codes: the PDF is the
    same byte for byte. Only our registered DejaVu objects get this, like the widths.
    """
    split = font.splitString

    def split_string(text, doc, encoding="utf-8"):
        state = font.state.get(doc) if isinstance(text, str) and text else None
        if state is not None:
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
        return split(text, doc, encoding)

    font.splitString = split_string


_CONTROL = dict.fromkeys(c for c in range(0x20) if c not in (0x09, 0x0A))
_CONTROL.update(dict.fromkeys(range(0x7F, 0xA0)))
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def printable(text: str) -> str:
    """Text safe to print: control characters removed, characters beyond the Basic
    Multilingual Plane (emoji) shown as U+FFFD (reportlab cannot map them in a subset)."""
    text = str(text).translate(_CONTROL)
    if not text.isascii():
        text = _ASTRAL.sub("\ufffd", text)
    return text


def covers(text: str, font_name: str = REGULAR) -> bool:
    """True if every character of ``text`` has a glyph in the registered font."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    face = pdfmetrics.getFont(font_name).face
    cmap = face.charToGlyph
    return all(ord(ch) in cmap or ch in "\n\r\t" for ch in text)
