"""Names in every script: what the summary can print, and what it refuses - never boxes.

The PDF prints with the embedded DejaVu Sans (export/fonts.py): Latin (with Vietnamese),
Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic letters. Two more steps make Hebrew
and Arabic read correctly:

- right-to-left text is put in visual order (python-bidi, the Unicode bidi algorithm);
- Arabic letters are joined (arabic-reshaper picks each letter's initial, medial, final or
  isolated form from the font's presentation forms).

Other letters (Chinese, Japanese, Korean, Devanagari, Thai...) print in a font this computer
has (:mod:`.system_fonts`), merged into the summary's font for that export
(:func:`fonts_for`). Scripts whose letters change shape and order by the font's rules
(Devanagari and the other Indic scripts, Thai, Lao, Khmer, Myanmar, Tibetan...) are shaped by
reportlab with HarfBuzz (uharfbuzz). The summary refuses a text only when no font on the
computer has its letters (or, for a shaped script, when this build has no shaping engine),
with one sentence naming the field (never its text: it is patient data), the script and what
IT can install. :func:`report` is what ``--selftest`` prints.

Right-to-left text is reordered line by line as typed; a paragraph that reportlab would wrap
over several lines would come out with its lines in the wrong order, so right-to-left lines
longer than RTL_LINE_CHARS are refused too.
"""

from __future__ import annotations

import contextlib
import re
import sys
import unicodedata
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator

Tools = tuple[Callable[[str], str], Callable[[str], str]]

RTL_LINE_CHARS = 60
RTL_SCRIPTS = ("Arabic", "Hebrew")
# first word of the Unicode character name -> the script's name for people
_NAMES = {"CJK": "Chinese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese",
          "HALFWIDTH": "Japanese", "HANGUL": "Korean", "IDEOGRAPHIC": "Chinese"}
# scripts that need a shaping engine to be readable at all, even with a font
_SHAPED = {"Devanagari", "Bengali", "Gurmukhi", "Gujarati", "Oriya", "Tamil", "Telugu",
           "Kannada", "Malayalam", "Sinhala", "Thai", "Lao", "Tibetan", "Myanmar", "Khmer",
           "Syriac", "Thaana", "Nko", "Mongolian", "Javanese", "Balinese"}


class ScriptError(Exception):
    """One sentence: which field cannot be printed, and why."""


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    """The script of one character, by its Unicode name ("Latin", "Chinese", "Thai"...)."""
    try:
        word = unicodedata.name(ch).split()[0]
    except (ValueError, IndexError):
        return "Unknown"
    return _NAMES.get(word, word.title())


def _rtl_tools() -> Tools | None:
    try:
        import arabic_reshaper  # type: ignore[import-untyped]
        from bidi import get_display  # type: ignore[import-untyped]
    except ImportError:  # a build without them: right-to-left text is refused
        return None
    reshape: Callable[[str], str] = arabic_reshaper.reshape
    display: Callable[[str], str] = get_display
    return reshape, display


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def visual(text: str) -> str:
    """``text`` as the PDF must draw it: each line with right-to-left runs in visual order
    and Arabic letters joined. Text without right-to-left letters is returned unchanged."""
    if text.isascii() or not has_rtl(text):
        return text
    tools = _rtl_tools()
    if tools is None:
        return text
    reshape, display = tools
    return "\n".join(display(reshape(line)) if has_rtl(line) else line
                     for line in text.split("\n"))


def _cmap() -> dict[int, int]:
    from reportlab.pdfbase import pdfmetrics

    from desktop_app.export.fonts import REGULAR, register_fonts

    register_fonts()
    font: Any = pdfmetrics.getFont(REGULAR)  # a TTFont: its face maps code points to glyphs
    cmap: dict[int, int] = font.face.charToGlyph
    return cmap


# What IT can install for a script no font on the computer has (Debian / Ubuntu packages;
# Windows has a "Supplemental Fonts" optional feature per language; macOS has them all).
DEBIAN_FONTS = {"Chinese": "fonts-droid-fallback or fonts-noto-cjk",
                "Japanese": "fonts-droid-fallback or fonts-noto-cjk",
                "Korean": "fonts-wqy-microhei or fonts-noto-cjk",
                "Devanagari": "fonts-lohit-deva or fonts-noto-core",
                "Thai": "fonts-tlwg-garuda-otf or fonts-noto-core"}
WINDOWS_FEATURE = {"Chinese": "Chinese (Simplified) Supplemental Fonts",
                   "Japanese": "Japanese Supplemental Fonts",
                   "Korean": "Korean Supplemental Fonts",
                   "Devanagari": "Devanagari Supplemental Fonts",
                   "Thai": "Thai Supplemental Fonts"}


def install_hint(script: str, platform: str | None = None) -> str:
    """What IT can install so that ``script`` prints, for this kind of computer."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        feature = WINDOWS_FEATURE.get(script, f"{script} Supplemental Fonts")
        return f"the Windows optional feature '{feature}'"
    if platform == "darwin":
        return f"a font for {script} letters (Font Book)"
    return f"a font for {script} letters, e.g. the package " \
        f"{DEBIAN_FONTS.get(script, 'fonts-noto-core')}"


def _missing(text: str) -> set[str]:
    """Letters of ``text`` (as the PDF draws it) the shipped font has no glyph for."""
    cmap = _cmap()
    return {ch for ch in visual(text) if ord(ch) not in cmap and not ch.isspace()
            and ch not in "\n\t"}


def problem(text: str) -> str | None:
    """Why ``text`` cannot be printed ("is in Korean characters, ..."), or None."""
    from desktop_app.export import system_fonts
    from desktop_app.export.fonts import printable

    if not text or text.isascii():
        return None
    text = printable(text)
    scripts = {script_of(ch) for ch in text if not ch.isascii() and not ch.isspace()}
    shaped = sorted(scripts & _SHAPED)
    if shaped and not system_fonts.shaping_available():
        return (f"is in {shaped[0]} script, which this build cannot print correctly "
                "(its letters need a shaping engine, uharfbuzz)")
    if has_rtl(text):
        if _rtl_tools() is None:
            return "is in right-to-left script, which this build cannot print"
        if any(len(line) > RTL_LINE_CHARS for line in text.split("\n") if has_rtl(line)):
            return (f"has right-to-left lines longer than {RTL_LINE_CHARS} characters, which "
                    "the summary cannot wrap yet (break them into shorter lines)")
    missing = _missing(text)
    if missing:
        try:
            system_fonts.plan(missing, script_of, _SHAPED)
        except system_fonts.NoFontError as exc:
            return (f"is in {exc.script} characters, and no font on this computer has them "
                    f"(IT can install {install_hint(exc.script)})")
    return None


# The Unicode blocks of the _SHAPED scripts (one regular expression: every paragraph and
# string of the summary is checked)
_SHAPED_RE = re.compile("[\u0700-\u074f\u0780-\u07ff\u0860-\u086f\u0900-\u0fff"
                        "\u1000-\u109f\u1780-\u18af\u19e0-\u19ff\u1b00-\u1b7f"
                        "\ua8e0-\ua8ff\ua980-\ua9ff\uaa60-\uaa7f]")


def needs_shaping(text: str) -> bool:
    """True if ``text`` has letters of a script the shaping engine must arrange."""
    return not text.isascii() and _SHAPED_RE.search(text) is not None


@contextlib.contextmanager
def fonts_for(texts: Iterable[str]) -> Iterator[None]:
    """Around laying out one summary whose typed ``texts`` (as drawn) are these: when some
    letters are not in the shipped font, its names stand for the shipped font with the glyphs
    of this computer's fonts merged in. Exports take turns while the names are swapped."""
    from desktop_app.export import fonts, system_fonts

    missing: set[str] = set()
    for text in texts:
        if text and not text.isascii():
            missing |= _missing(fonts.printable(text))
    with fonts.export_lock:
        if not missing:
            yield
            return
        from desktop_app.export.result import ExportError

        try:
            parts = system_fonts.plan(missing, script_of, _SHAPED)
        except system_fonts.NoFontError as exc:  # (services.export_pdf checks this first)
            raise ExportError(f"a text is in {exc.script} characters, and no font on this "
                              f"computer has them (IT can install "
                              f"{install_hint(exc.script)})") from None
        files = fonts.font_files()
        try:
            regular = system_fonts.merged_font(files[fonts.REGULAR], parts)
            bold = system_fonts.merged_font(
                files[fonts.BOLD], system_fonts.plan(missing, script_of, _SHAPED, bold=True))
        except Exception as exc:  # noqa: BLE001 - a font file fontTools cannot use: one line
            names = ", ".join(sorted({script_of(ch) for ch in missing}))
            raise ExportError(f"the fonts of this computer for {names} letters could not be "
                              f"used ({type(exc).__name__})") from None
        with fonts.substituted(regular, bold):
            yield


def fields(consultation: Any, config: Any = None) -> list[tuple[str, str]]:
    """(what the user calls it, text) of every text a person typed that the PDF prints."""
    c = consultation
    out = [("the patient's name", c.patient.name), ("the record number", c.patient.record_number),
           ("the clinician's name", c.clinician), ("the notes", c.notes)]
    for i, lesion in enumerate(c.lesions, 1):
        out += [(f"the label of lesion {i}", lesion.label),
                (f"the type of lesion {i}", lesion.suspected_type_text),
                (f"the approach reason of lesion {i}", lesion.approach_reason)]
    out += [(f"text note {i}", t.text) for i, t in enumerate(c.texts, 1)]
    out += [(f"the caption of image {i}", x.caption) for i, x in enumerate(c.images, 1)]
    if config is not None:
        out += [("the clinic's name", config.clinic_name), ("the department", config.department),
                ("the clinic's address", config.address), ("the clinic's phone", config.phone)]
    return out


def check(consultation: Any, config: Any = None) -> None:
    """Raise ScriptError for the first field the summary cannot print."""
    for what, text in fields(consultation, config):
        found = problem(text or "")
        if found:
            raise ScriptError(f"{what[:1].upper() + what[1:]} {found}.")


SAMPLES = {  # one common name per script, for --selftest
    "Latin": "Zoë Ångström", "Vietnamese": "Nguyễn Thị Hương", "Greek": "Παπαδοπούλου",
    "Cyrillic": "Иванова", "Hebrew": "שרה כהן", "Arabic": "فاطمة الزهراء",
    "Chinese": "王秀英", "Japanese": "さくら", "Korean": "김민지", "Devanagari": "सुनीता",
    "Thai": "สมชาย",
}


def report() -> tuple[list[str], list[str]]:
    """(scripts the summary prints, scripts it refuses) on this computer, with its fonts."""
    ok: list[str] = []
    refused: list[str] = []
    for script, sample in SAMPLES.items():
        (refused if problem(sample) else ok).append(script)
    return ok, refused


def for_print(consultation: Any, config: Any = None) -> tuple[Any, Any]:
    """Copies of ``consultation`` and ``config`` whose typed texts are in the order the PDF
    draws them (:func:`visual`), applied once, here, so no text is reordered twice. The
    originals are not changed; without right-to-left text they are returned as they are."""
    from dataclasses import replace

    if not any(has_rtl(text or "") for _, text in fields(consultation, config)):
        return consultation, config
    def v(text: str) -> str:
        return visual(text) if text else text

    c = consultation
    copy = replace(
        c, patient=replace(c.patient, name=v(c.patient.name),
                           record_number=v(c.patient.record_number)),
        clinician=v(c.clinician), notes=v(c.notes),
        lesions=[replace(x, label=v(x.label), suspected_type_text=v(x.suspected_type_text),
                         approach_reason=v(x.approach_reason)) for x in c.lesions],
        texts=[replace(x, text=v(x.text)) for x in c.texts],
        images=[replace(x, caption=v(x.caption)) for x in c.images])
    if config is not None:
        config = replace(config, clinic_name=v(config.clinic_name),
                         department=v(config.department), address=v(config.address),
                         phone=v(config.phone))
    return copy, config
