"""The PDF's embedded TrueType font: DejaVu Sans (regular + bold), shipped in resources/fonts.

DejaVu Sans covers Latin (with Vietnamese), Greek, Cyrillic, Hebrew and Arabic; reportlab
embeds a subset of the TrueType font in every PDF. Registration happens once per process
(parsing the font files is the slow part). For a summary with other letters (Chinese, Thai...)
the same two names stand, during that export only, for DejaVu Sans with glyphs of the
computer's own fonts merged in (:func:`substituted`, built by :mod:`.system_fonts`).
"""

from __future__ import annotations

import contextlib
import io
import re
import threading
from pathlib import Path
from typing import Any, Iterator, cast

from desktop_app.export.speedups import speed_up_font
from desktop_app.infra.paths import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FAMILY = "DejaVuSans"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
LICENSE_FILE = "LICENSE-DejaVu.txt"

_lock = threading.Lock()
_registered = False
# Held while a summary is laid out: the font names may stand for merged fonts meanwhile.
export_lock = threading.RLock()


class FontError(Exception):
    """The shipped font is missing or unreadable (a broken installation)."""


def font_dir() -> Path:
    """The shipped fonts' folder (resources/fonts, also inside a bundle)."""
    return resource_path("fonts")


def font_files() -> dict[str, Path]:
    """Each registered font name -> its TrueType file."""
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
            speed_up_font(font)   # memoised widths, table-driven subset codes
            pdfmetrics.registerFont(font)
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                      boldItalic=BOLD)
        # <i> inside a paragraph falls back to the upright face rather than Helvetica
        addMapping(FAMILY, 0, 1, REGULAR)
        addMapping(FAMILY, 1, 1, BOLD)
        _registered = True
    return REGULAR, BOLD


@contextlib.contextmanager
def substituted(regular: bytes, bold: bytes) -> Iterator[None]:
    """While the caller lays out one summary (holding :data:`export_lock`), REGULAR and BOLD
    name these TrueType fonts; the shipped ones are put back afterwards."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    register_fonts()
    registry: dict[str, Any] = pdfmetrics._fonts  # type: ignore[attr-defined]  # (private)
    with export_lock:
        saved = {name: registry[name] for name in (REGULAR, BOLD)}
        try:
            for name, data in ((REGULAR, regular), (BOLD, bold)):
                registry[name] = TTFont(name, io.BytesIO(data))
            yield
        finally:
            registry.update(saved)


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
    from reportlab.pdfbase.ttfonts import TTFont

    register_fonts()
    font = cast(TTFont, pdfmetrics.getFont(font_name))   # ours: registered as TrueType
    cmap = font.face.charToGlyph
    return all(ord(ch) in cmap or ch in "\n\r\t" for ch in text)
