"""The patient's PDF summary of the visit (reportlab platypus).

Built only from the Consultation + content library + anatomy atlas + clinic config (never from
widgets), so the CLI and the tests export without a window::

    export_summary(consultation, "summary.pdf", config=config, content=library, atlas=atlas,
                   language="en")

Sections, in this order, each only when it has something: clinic header; "Your visit summary"
(date, clinician, patient name / date of birth if entered); the diagram with the patient's marks
(vector graphics, numbered, legend, lay caption); "What we found"; "Your symptoms"; "Tests we
plan"; "Treatment options we discussed" (with the approach note if the surgeon kept it); "Notes
from your surgeon"; "Questions to ask"; "Words to know" (only terms that appear in this PDF);
"When to call us"; the disclaimer. Every page has a "Page X of Y" footer with the visit date.

Typography follows the content guide: DejaVu Sans embedded (covers accented, Greek and
Vietnamese names), body 12 pt, headings 16–18 pt, margins >= 2 cm, A4 or Letter from config.
The PDF metadata never holds patient data (title, subject, author = clinic, language).

Patient-facing words written here (headings, captions, connecting sentences) live in
:data:`STRINGS`, keyed by language; a missing language or key falls back to English.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import io
import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from xml.sax.saxutils import escape

from reportlab import platypus as pl
from reportlab.lib import colors, pagesizes
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as canvas_mod
from reportlab.platypus import Flowable

from desktop_app.export import diagram_drawing as dd
from desktop_app.export.fonts import BOLD, REGULAR, FontError, printable, register_fonts
from desktop_app.export.strings_es import STRINGS_ES

# ------------------------------------------------------------------------------ strings
# Plain English, US grade 8 or below (checked by tests/unit/test_pdf_strings.py).
# Placeholders in {braces} are filled in by the code. Add "es": {...} with the same keys.
STRINGS: dict[str, dict[str, Any]] = {
    "en": {
        "months": ["January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December"],
        "date": "{day} {month} {year}",
        "decimal": ".",
        "doc_title": "Your visit summary",
        "doc_subject": "A summary of your visit about a growth in the space behind the "
                       "back passage",
        "default_clinic": "Your surgical team",
        "phone": "Phone: {phone}",
        "title": "Your visit summary",
        "intro": "This is a short record of what we talked about today. Keep it, read it "
                 "again at home, and share it with your family or your own doctor if you wish.",
        "visit_date": "Visit date",
        "clinician": "Seen by",
        "patient_name": "Name",
        "date_of_birth": "Date of birth",
        # diagram
        "h_diagram": "The drawing we used",
        "caption_sagittal": "This drawing shows the lower body from the side, as if cut down "
                            "the middle. The front of the body is on the {front}.",
        "caption_axial": "This drawing shows a slice across the lower body, at the level of "
                         "the lower spine. We see it as if looking up from the feet.",
        "caption_marks": "The numbered shapes show what your surgeon marked.",
        "caption_s3": "The dashed line shows the middle of the lower spine (the S3 level).",
        "left": "left",
        "right": "right",
        "s3_label": "S3 level",
        "legend_title": "Key to the marks",
        # the patient's own key images (issue 10)
        "h_images": "Pictures from your scans",
        "images_intro": "These are pictures from your own scans. The marks show what your "
                        "surgeon pointed out.",
        "where_image": "Your surgeon marked it on a picture from your scan.",
        "also_image": "It is also marked on a picture from your scan.",
        "size_scan": "On this picture, area {n} is about {length} × {width} cm.",
        # what we found
        "h_found": "What we found",
        "found_intro": "Here is what we saw, in plain words. Your scans will give more detail.",
        "area": "Area {n}",
        "where_low": "It is low down, near the tailbone.",
        "where_high": "It is higher up, near the middle of the lower spine.",
        "where_spans": "It reaches from the middle of the lower spine down toward the "
                       "tailbone.",
        "where_axial": "It is shown on the slice drawing, at the level of the lower spine.",
        "where_in": "On the drawing, it sits in the {place}.",
        "size_both": "It is about {length} cm long and {width} cm wide.",
        "size_one": "It is about {size} cm across.",
        "size_drawn": "As drawn, it is about {length} by {width} cm. Your scans will give the "
                      "exact size.",
        "look_cystic": "On the scan it looks like a sac filled with fluid (a cyst).",
        "look_solid": "On the scan it looks solid, made of tissue rather than fluid.",
        "look_mixed": "On the scan it looks partly solid and partly filled with fluid.",
        "type_listed": "Your surgeon thinks it may be a {type}. Tests will tell us more.",
        "type_free": "Your surgeon's first thought: {text}. Tests will tell us more.",
        "legend_cystic": "filled with fluid",
        "legend_solid": "solid",
        "legend_mixed": "partly solid, partly fluid",
        "legend_unknown": "the area we marked",
        "legend_size": "{length} × {width} cm",
        "legend_size_one": "{size} cm",
        # checklists
        "h_symptoms": "Your symptoms",
        "symptoms_intro": "You told us about these symptoms:",
        "h_tests": "Tests we plan",
        "tests_intro": "We would like you to have these tests. Each one helps us plan your "
                       "care.",
        "why": "Why we do it",
        "expect": "What to expect",
        "prepare": "How to get ready",
        "h_treatments": "Treatment options we discussed",
        "treatments_intro": "These are the choices we talked about. We will decide the next "
                            "steps together.",
        "planned": "This is the plan we agreed on.",
        "recovery": "Getting better afterwards",
        "side_effects": "Possible side effects",
        "approach_title": "How your surgeon plans to reach area {n}",
        "approach_posterior": "Your surgeon plans to reach it from behind, through a cut "
                              "near the tailbone.",
        "approach_anterior": "Your surgeon plans to reach it from the front, through the "
                             "belly.",
        "approach_combined": "Your surgeon plans to reach it both from the front, through "
                             "the belly, and from behind.",
        "approach_why_posterior": "This is usual when the growth sits low, below the middle "
                                  "of the lower spine.",
        "approach_why_anterior": "This is usual when the growth sits higher up.",
        "approach_why_combined": "This is usual when the growth is large or reaches both "
                                 "high and low.",
        "approach_note": "Your surgeon's note: {text}",
        "h_notes": "Notes from your surgeon",
        "h_questions": "Questions to ask",
        "questions_intro": "You may want to ask us some of these. Tick the ones that matter "
                           "to you and bring this page next time.",
        "own_questions": "Your own questions:",
        "h_glossary": "Words to know",
        "glossary_intro": "Some words in this summary that doctors often use:",
        "h_call": "When to call us",
        "call_intro": "Call us if you notice any of these:",
        "call_phone": "Call us on {phone}.",
        "h_disclaimer": "About this summary",
        "footer_left": "{clinic} · Visit summary, {date}",
        "footer_right": "Page {page} of {total}",
    },
}
STRINGS["es"] = STRINGS_ES

FALLBACK_LANGUAGE = "en"


def strings_for(language: str | None) -> dict[str, Any]:
    """The strings of ``language``, every missing key filled from English."""
    merged = dict(STRINGS[FALLBACK_LANGUAGE])
    merged.update(STRINGS.get(language or FALLBACK_LANGUAGE, {}))
    return merged


# ------------------------------------------------------------------------------- errors
class ExportError(Exception):
    """The summary could not be written. ``str()`` is one user-facing line."""


@dataclass
class DiagramPlacement:
    """Where a diagram view landed: page (1-based) and its bottom-left corner in points."""

    view: str
    page: int
    x: float
    y: float
    placement: Any  # diagram_drawing.Placement


@dataclass
class ExportResult:
    path: Path
    pages: int
    page_size: tuple[float, float]
    sections: list[str] = field(default_factory=list)      # section keys, in order
    glossary_terms: list[str] = field(default_factory=list)
    diagrams: list[DiagramPlacement] = field(default_factory=list)


# ------------------------------------------------------------------------------- design
ACCENT = "#1B5E7A"        # deep teal-blue: headings, bars (contrast on white > 7:1)
ACCENT_TINT = "#EAF3F6"   # card backgrounds
RULE = "#C9DDE5"
INK = "#1E1E1E"
MUTED = "#4A4A4A"         # contrast on white about 8.9:1
WARM = "#9A4A00"          # "when to call us" bar (contrast on its tint > 6:1)
WARM_TINT = "#FDF3E6"
CM = 72 / 2.54
MARGIN_X = 2.2 * CM
MARGIN_TOP = 2.0 * CM
MARGIN_BOTTOM = 3.0 * CM     # the footer sits inside, at 2 cm from the edge
FOOTER_Y = 2.0 * CM
BODY_SIZE = 12
BODY_LEADING = 16.5
H1_SIZE = 18
H2_SIZE = 16
ITEM_SIZE = 13.5
FOOTER_SIZE = 10
LOGO_MAX_H = 1.9 * CM
LOGO_MAX_W = 5.0 * CM
LOGO_MAX_BYTES = 10 * 1024 * 1024
DIAGRAM_MAX_H = {"sagittal": 11.5 * CM, "axial": 8.5 * CM}
DIAGRAM_MIN_H = 7.0 * CM
DIAGRAM_PAD = 10          # between the diagram and its frame


# -------------------------------------------------------------------------------- helpers
def format_date(iso: str, s: dict) -> str:
    try:
        d = _dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    return s["date"].format(day=d.day, month=s["months"][d.month - 1], year=d.year)


def format_cm(value: float, s: dict) -> str:
    value = round(float(value) * 2) / 2  # to the half centimetre: what a scan report gives
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", s.get("decimal", "."))


def _one_line(text: str) -> str:
    return " ".join(printable(text).split())


def _esc(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _paragraphs(text: str) -> list[str]:
    """Split on blank lines; single newlines inside a paragraph stay as line breaks."""
    out = []
    for block in re.split(r"\n\s*\n", printable(text or "")):
        lines = [ln.strip() for ln in block.strip().splitlines()]
        if any(lines):
            out.append("\n".join(ln for ln in lines if ln))
    return out


_BULLET_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


_WORD = re.compile(r"\w+")


class _WordIndex:
    """Whole-word, case-insensitive lookup of terms in a text (a plural -s / -es counts).

    Same matching as the regex ``(?<!\\w)term(?:e?s)?(?!\\w)`` but one pass over the text
    for all terms, instead of one regex search of the whole text per term.
    """

    def __init__(self, text: str):
        self.tokens = _WORD.findall(text.casefold())
        self.where: dict[str, list[int]] = {}
        for i, tok in enumerate(self.tokens):
            self.where.setdefault(tok, []).append(i)

    def _last_ok(self, token: str, expected: str) -> bool:
        return token in (expected, expected + "s", expected + "es")

    def contains(self, term: str) -> bool:
        words = list(_term_words(term))
        if not words:
            return False
        if len(words) == 1:
            w = words[0]
            return any(v in self.where for v in (w, w + "s", w + "es"))
        tokens = self.tokens
        n = len(words)
        for i in self.where.get(words[0], ()):
            if i + n <= len(tokens) and tokens[i + 1:i + n - 1] == words[1:-1] \
                    and self._last_ok(tokens[i + n - 1], words[-1]):
                return True
        return False


@functools.lru_cache(maxsize=4096)
def _term_words(term: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(term.casefold()))


def glossary_terms_for(item: Any) -> list[str]:
    return list(_glossary_terms(item.title, tuple(getattr(item, "aliases", ()))))


@functools.lru_cache(maxsize=4096)
def _glossary_terms(title: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    """The content library's glossary is the same for every export: its terms once."""
    terms = [title, *aliases]
    # "Magnetic resonance imaging (MRI)": the words before and inside the brackets count too
    for t in list(terms):
        m = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", t)
        if m:
            terms += [m.group(1), m.group(2)]
    return tuple(t.strip() for t in terms if t and len(t.strip()) >= 2)


def _height(flowables: Iterable[Any], width: float) -> float:
    """Estimated height of flowables laid out one after another in a frame of ``width``."""
    total = 0.0
    for f in flowables:
        _w, h = f.wrap(width, 10_000)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _structure_at(drawing, x: float, y: float) -> str | None:
    """``anatomy.structure_at`` with a bounding-box test first (most shapes are far away)."""
    from desktop_app.model.anatomy import point_in_shape

    for shape, (x0, y0, x1, y1) in zip(reversed(drawing.shapes),
                                        reversed(dd.shape_bounds(drawing))):
        pad = shape.stroke_width / 2 if shape.stroke else 0.0
        if x0 - pad <= x <= x1 + pad and y0 - pad <= y <= y1 + pad \
                and point_in_shape(shape, x, y):
            return shape.structure_id
    return None


def _table_style(commands: list) -> pl.TableStyle:
    """Table styles start from the embedded font (reportlab's default would be Helvetica)."""
    return pl.TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, BODY_SIZE)] + list(commands))


def find_glossary_items(items: Iterable[Any], text: str) -> list[Any]:
    """Glossary items whose title or an alias appears in ``text`` as whole words."""
    index = _WordIndex(text)
    return [item for item in items if any(index.contains(t) for t in glossary_terms_for(item))]


_DESIGN: tuple | None = None


def _design() -> tuple[dict, dict, dict]:
    """Colours, paragraph styles and parsed text templates: the same for every export, made
    once per process (and shared, so a paragraph's line breaks can be reused by the next
    export: :class:`_P`). Styles added later (bullets) are added to the shared dict."""
    global _DESIGN
    if _DESIGN is None:
        hex_ = colors.HexColor
        col = {"accent": hex_(ACCENT), "tint": hex_(ACCENT_TINT), "rule": hex_(RULE),
               "ink": hex_(INK), "muted": hex_(MUTED), "warm": hex_(WARM),
               "warm_tint": hex_(WARM_TINT), "white": colors.white}
        base = ParagraphStyle("body", fontName=REGULAR, fontSize=BODY_SIZE,
                              leading=BODY_LEADING, textColor=col["ink"], alignment=TA_LEFT,
                              spaceAfter=6, splitLongWords=1)
        st = {
            "body": base,
            "tight": ParagraphStyle("tight", parent=base, spaceAfter=0),
            "muted": ParagraphStyle("muted", parent=base, textColor=col["muted"]),
            "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=H1_SIZE, leading=23,
                                 textColor=col["accent"], spaceBefore=4, spaceAfter=6,
                                 keepWithNext=1),
            "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=H2_SIZE, leading=21,
                                 textColor=col["accent"], spaceBefore=20, spaceAfter=10,
                                 keepWithNext=1),
            "item": ParagraphStyle("item", parent=base, fontName=BOLD, fontSize=ITEM_SIZE,
                                   leading=18, textColor=col["ink"], spaceAfter=3,
                                   keepWithNext=1),
            "label": ParagraphStyle("label", parent=base, fontName=BOLD, spaceAfter=0,
                                    textColor=col["accent"], keepWithNext=1),
            "clinic": ParagraphStyle("clinic", parent=base, fontName=BOLD, fontSize=H2_SIZE,
                                     leading=20, textColor=col["accent"], spaceAfter=1),
            "clinic_line": ParagraphStyle("clinic_line", parent=base, textColor=col["muted"],
                                          spaceAfter=0, leading=15.5),
            "caption": ParagraphStyle("caption", parent=base, textColor=col["muted"],
                                      spaceAfter=4),
            "note": ParagraphStyle("note", parent=base, spaceAfter=8),
            "intro": ParagraphStyle("intro", parent=base, keepWithNext=1),
        }
        _DESIGN = (col, st, {})
    return _DESIGN


# ------------------------------------------------------------------------------- builder
class _SummaryBuilder:
    def __init__(self, consultation, *, config, content, atlas, language):
        try:
            register_fonts()
        except FontError as exc:
            raise ExportError(str(exc)) from None
        self.c = consultation
        self.config = config
        self.content = content
        self.atlas = atlas
        self.lang_code = language or FALLBACK_LANGUAGE  # for the atlas' lay names
        # the PDF's /Lang: the language most of the words are in (the content's)
        self.pdf_lang = getattr(content, "language", None) or \
            (self.lang_code if self.lang_code in STRINGS else FALLBACK_LANGUAGE)
        self.s = strings_for(language)
        self.story: list = []
        self.glossary_terms: list[str] = []
        self.pages = 0
        self.sections: list[str] = []
        self.text: list[str] = []          # all words printed (for the glossary)
        self.recorders: list = []
        self.col, self.st, self._templates = _design()
        pagesize_name = getattr(config, "paper", "A4") if config is not None else "A4"
        self.pagesize = pagesizes.LETTER if pagesize_name == "Letter" else pagesizes.A4
        self.frame_width = self.pagesize[0] - 2 * MARGIN_X

    # -------------------------------------------------------------- small pieces
    def para(self, text: str, style: str = "body"):
        """A paragraph of plain text (never markup: patient and surgeon text is escaped).

        Every printed word is also kept in ``self.text`` for the glossary.
        """
        text = printable(text)
        self.text.append(text)
        if "\n" not in text and text.strip():
            return self._plain(text, style)
        return _P(_esc(text).replace("\n", "<br/>"), self.st[style])

    def _plain(self, text: str, style, cls=None, bullet: str | None = None):
        """Plain text without reportlab's markup parser: one text fragment cloned from a
        parsed template of the style (same result, a fraction of the time)."""
        st = self.st[style] if isinstance(style, str) else style
        template = self._templates.get(st.name)
        if template is None:
            template = self._templates[st.name] = _P("x", st).frags[0]
        clean = " ".join(text.split())
        p = (cls or _P)(clean, st, bulletText=bullet, frags=[template.clone(text=clean)])
        p.key = (id(st), clean, bullet)
        return p

    def bold_lead(self, lead: str, rest: str, style, bullet: str | None = None):
        """A paragraph starting with a bold phrase ("Fever. Call us if ..."), built from
        parsed template fragments like :meth:`_plain`."""
        st = self.st[style] if isinstance(style, str) else style
        key = ("bold_lead", st.name)
        frags = self._templates.get(key)
        if frags is None:
            frags = self._templates[key] = _P("<b>x</b>y", st).frags
        lead, rest = " ".join(printable(lead).split()), " " + " ".join(printable(rest).split())
        p = _P(lead + rest, st, bulletText=bullet,
               frags=[frags[0].clone(text=lead), frags[1].clone(text=rest)])
        p.key = (id(st), lead, rest, bullet)
        return p

    def heading(self, key: str, text: str):
        self.sections.append(key)
        self.text.append(text)
        return self._plain(text, "h2", _Heading)

    def item_blocks(self, text: str, style: str = "body") -> list:
        """Content text: paragraphs, and lines starting with '-' as bullets."""
        out = []
        for block in _paragraphs(text):
            lines = block.split("\n")
            if all(_BULLET_RE.match(ln) for ln in lines):
                for ln in lines:
                    body = _BULLET_RE.sub("", ln)
                    self.text.append(body)
                    out.append(self._plain(body, self._bullet_style(style), bullet="•"))
            else:
                out.append(self.para(" ".join(lines), style))
        return out

    def _bullet_style(self, style: str):
        key = style + "_bullet"
        if key not in self.st:
            self.st[key] = ParagraphStyle(key, parent=self.st[style], leftIndent=16,
                                          bulletIndent=3, spaceAfter=3,
                                          bulletFontName=REGULAR, bulletFontSize=BODY_SIZE)
        return self.st[key]

    def card(self, groups: list, *, bar=None, tint=None, pad: float = 10) -> list:
        """A tinted card with a coloured bar on the left, as flowables for the story.

        ``groups`` are rows (a flowable or a list kept together, such as a label and its
        text); the card may break between rows. The first row is its own table so a section
        heading can keep with it without dragging the whole card to the next page.
        """
        parts = [groups[:1], groups[1:]] if len(groups) > 1 else [groups]
        out = []
        for k, part in enumerate(parts):
            table = pl.Table([[g] for g in part], colWidths=[self.frame_width], hAlign="LEFT",
                             splitInRow=1)
            n = len(part)
            style = [
                ("BACKGROUND", (0, 0), (-1, -1), tint or self.col["tint"]),
                ("LINEBEFORE", (0, 0), (0, -1), 4, bar or self.col["accent"]),
                ("LEFTPADDING", (0, 0), (-1, -1), pad + 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
            if k == 0:
                style.append(("TOPPADDING", (0, 0), (-1, 0), pad - 2))
            if k == len(parts) - 1:
                style.append(("BOTTOMPADDING", (0, n - 1), (-1, n - 1), pad - 2))
            table.setStyle(_table_style(style))
            out.append(table)
        return out

    def list_table(self, rows: list, col0: float, cmds: list, head: int = 2) -> list:
        """A two-column list as two tables: the first ``head`` rows (kept with the section
        heading) and the rest (free to break across pages)."""
        out = []
        for part in (rows[:head], rows[head:]):
            if not part:
                continue
            table = pl.Table(part, colWidths=[col0, self.frame_width - col0], hAlign="LEFT")
            table.setStyle(_table_style(cmds))
            out.append(table)
        return out

    def labelled(self, label: str, text: str) -> list:
        """Card rows for a labelled field: the label and the first paragraph stay together."""
        blocks = self.item_blocks(text, "tight")
        if not blocks:
            return []
        return [[pl.Spacer(1, 5), self.para(label, "label"), blocks[0]], *blocks[1:]]

    def items(self, ids: Iterable[str]) -> list:
        if self.content is None:
            return []
        out = []
        for item_id in ids:
            item = self.content.item(item_id)
            if item is not None:
                out.append(item)
        return out

    # ------------------------------------------------------------------ sections
    def build_header(self):
        s, cfg = self.s, self.config
        name = (getattr(cfg, "clinic_name", "") or s["default_clinic"]) if cfg else \
            s["default_clinic"]
        self.clinic = _one_line(name)
        lines = [self._plain(self.clinic, "clinic")]
        for value in (getattr(cfg, "department", ""), getattr(cfg, "address", "")):
            if value:
                for ln in str(value).splitlines():
                    if ln.strip():
                        lines.append(self._plain(ln, "clinic_line"))
        phone = getattr(cfg, "phone", "") if cfg else ""
        if phone:
            lines.append(self._plain(s["phone"].format(phone=_one_line(phone)), "clinic_line"))
        logo = self._logo()
        if logo is not None:
            gap = 0.6 * CM
            table = pl.Table([[logo, lines]],
                             colWidths=[logo.drawWidth + gap, self.frame_width - logo.drawWidth
                                        - gap], hAlign="LEFT")
        else:
            table = pl.Table([[lines]], colWidths=[self.frame_width], hAlign="LEFT")
        table.setStyle(_table_style([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ("LINEBELOW", (0, 0), (-1, -1), 2, self.col["accent"]),
        ]))
        self.story += [table, pl.Spacer(1, 16)]
        self.sections.append("header")

    def _logo(self):
        if self.config is None:
            return None
        try:
            path = self.config.logo_path()
        except Exception:  # a broken config value must never stop the summary
            return None
        if path is None:
            return None
        try:
            if path.stat().st_size > LOGO_MAX_BYTES:
                return None
            data = path.read_bytes()
            reader = ImageReader(io.BytesIO(data))
            w, h = reader.getSize()
            if w <= 0 or h <= 0:
                return None
            reader.getRGBData()  # decode now: a broken file must not fail the layout later
            scale = min(LOGO_MAX_H / h, LOGO_MAX_W / w)
            return pl.Image(io.BytesIO(data), width=w * scale, height=h * scale)
        except Exception:  # unreadable / unsupported image: the summary goes without a logo
            return None

    def build_visit(self):
        s, c = self.s, self.c
        self.sections.append("visit")
        self.story.append(self.para(s["title"], "h1"))
        pairs = []
        if c.patient.name.strip():
            pairs.append((s["patient_name"], _one_line(c.patient.name)))
        if c.patient.date_of_birth:
            pairs.append((s["date_of_birth"], format_date(c.patient.date_of_birth, s)))
        pairs.append((s["visit_date"], format_date(c.visit_date, s)))
        if c.clinician.strip():
            pairs.append((s["clinician"], _one_line(c.clinician)))
        if len(pairs) == 3:  # keep name and date of birth / visit and clinician side by side
            pairs.insert(1 if not c.patient.date_of_birth else 2, ("", ""))
        data = []
        for k in range(0, len(pairs), 2):
            row = [[self._plain(label, "label"), self._plain(value, "tight")] if label else ""
                   for label, value in pairs[k:k + 2]]
            data.append(row + [""] * (2 - len(row)))
        half = self.frame_width / 2
        table = pl.Table(data, colWidths=[half, half], hAlign="LEFT")
        table.setStyle(_table_style([
            ("BACKGROUND", (0, 0), (-1, -1), self.col["tint"]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 14), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, 0), 10), ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
            ("LINEBEFORE", (0, 0), (0, -1), 4, self.col["accent"]),
        ]))
        for text in [v for _, v in pairs if v] + [k for k, _ in pairs if k]:
            self.text.append(text)
        self.story += [table, pl.Spacer(1, 10), self.para(s["intro"], "muted")]

    # diagram ---------------------------------------------------------------
    def _atlas_drawing(self, view: str):
        if self.atlas is None:
            return None
        try:
            return self.atlas.drawing(view, self.c.variant)
        except (KeyError, AttributeError):
            return None

    def _lay(self, structure_id: str) -> str:
        try:
            return self.atlas.structure(structure_id).lay(self.lang_code)
        except (KeyError, AttributeError):
            return ""

    def build_diagram(self):
        s, c = self.s, self.c
        views = [v for v in ("sagittal", "axial")
                 if any(c.marks_in(v).values()) and self._atlas_drawing(v) is not None]
        if not views:
            return
        blocks: list = [self.heading("diagram", s["h_diagram"])]
        for n, view in enumerate(views):
            drawing = self._atlas_drawing(view)
            marks = c.marks_in(view)
            caption = []
            if view == "sagittal":
                caption.append(s["caption_sagittal"].format(front=s[self._front_side(drawing)]))
            else:
                caption.append(s["caption_axial"])
            caption.append(s["caption_marks"])
            if view == "sagittal" and getattr(drawing, "s3_line", None):
                caption.append(s["caption_s3"])
            after = [pl.Spacer(1, 6), self.para(" ".join(caption), "caption")]
            max_h = DIAGRAM_MAX_H.get(view, 10 * CM)
            if n == 0:
                # Fit the first view on page 1 when it can stay a good size there (the legend
                # may follow on the next page; "What we found" repeats it in words).
                room = self._room_left_on_first_page() - _height(blocks + after,
                                                                  self.frame_width) \
                    - 2 * DIAGRAM_PAD - 12
                if room >= DIAGRAM_MIN_H:
                    max_h = min(max_h, room)
            vd = dd.build_view(drawing, marks, width=self.frame_width - 2 * DIAGRAM_PAD,
                               max_height=max_h, label_for=self._lay, s3_text=s["s3_label"])
            self.text += vd.words
            group = [_Recorder(vd, self.recorders, self.frame_width, self.col["rule"])] + after
            if n == 0:
                group = blocks + group
            self.story.append(pl.KeepTogether(group))
            legend = self._legend(marks.get("lesions", []))
            if legend is not None:
                self.story += [pl.Spacer(1, 2), legend]
            self.story.append(pl.Spacer(1, 8))

    # the patient's own key images ----------------------------------------------
    def build_images(self):
        """Each key image with its marks drawn as vector graphics on top, and its caption."""
        s, c = self.s, self.c
        blocks: list = []
        for image in c.images:
            picture = _picture_for(image)
            if picture is None:
                continue
            marks = c.marks_in(image.view_name)
            frame = _ImageFrame(image)
            vd = dd.build_view(frame, marks, width=self.frame_width - 2 * DIAGRAM_PAD,
                               max_height=IMAGE_MAX_H, lesion_fill=dd.SCAN_LESION_FILL_OPACITY)
            self.text += vd.words
            group = [_KeyImage(picture, vd, self.frame_width, self.col["rule"],
                               (image.width, image.height))]
            caption = " ".join(printable(image.caption).split())
            if caption:
                group += [pl.Spacer(1, 4), self.para(caption, "caption")]
            sizes = self._scan_sizes(image, marks.get("lesions", []))
            if sizes:
                group += [pl.Spacer(1, 2 if caption else 4), self.para(sizes, "caption")]
            if not blocks:
                blocks = [self.heading("images", s["h_images"]),
                          self.para(s["images_intro"], "intro")]
                group = blocks + group
            self.story.append(pl.KeepTogether(group))
            legend = self._legend(marks.get("lesions", []))
            if legend is not None:
                self.story += [pl.Spacer(1, 2), legend]
            self.story.append(pl.Spacer(1, 8))

    def _scan_sizes(self, image, lesions) -> str:
        """"On this picture, area 1 is about 4.2 × 3.1 cm." for each lesion on a scan whose
        pixel size is known (the same words as the Images tab); "" otherwise."""
        from desktop_app.model.images import cm_words, lesion_size_cm

        out, decimal = [], self.s.get("decimal", ".")
        for lesion in sorted(lesions, key=lambda m: m.number):
            size = lesion_size_cm(lesion, image)
            if size is not None:
                out.append(self.s["size_scan"].format(n=lesion.number,
                                                      length=cm_words(size[0], decimal),
                                                      width=cm_words(size[1], decimal)))
        return " ".join(out)

    def _room_left_on_first_page(self) -> float:
        page_h = self.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM
        return page_h - _height(self.story, self.frame_width)

    def _front_side(self, drawing) -> str:
        """Which side the front of the body is on, from where the bladder / pubis sit."""
        bounds = dd.shape_bounds(drawing)

        def centre(sid):
            xs = [b for sh, bb in zip(drawing.shapes, bounds) if sh.structure_id == sid
                  for b in (bb[0], bb[2])]
            if not xs:
                return None
            return (min(xs) + max(xs)) / 2

        back = centre("sacrum")
        for sid in ("pubic_symphysis", "bladder"):
            front = centre(sid)
            if front is not None and back is not None:
                return "left" if front < back else "right"
        return "left"

    def lesion_legend_text(self, lesion) -> str:
        s = self.s
        look = s.get(f"legend_{lesion.appearance}", s["legend_unknown"])
        label = _one_line(lesion.label)
        text = f"{lesion.number} — " + (f"{label} ({look})" if label and
                                         lesion.appearance != "unknown" else (label or look))
        size = self._size_words_short(lesion)
        if size:
            text += f", {size}"
        return text

    def _size_words_short(self, lesion) -> str:
        s = self.s
        if lesion.length_cm and lesion.width_cm:
            return s["legend_size"].format(length=format_cm(lesion.length_cm, s),
                                           width=format_cm(lesion.width_cm, s))
        one = lesion.length_cm or lesion.width_cm
        if one:
            return s["legend_size_one"].format(size=format_cm(one, s))
        return ""

    def _legend(self, lesions):
        if not lesions:
            return None
        rows = []
        for lesion in sorted(lesions, key=lambda m: m.number):
            rows.append([dd.swatch(lesion.color, lesion.number),
                         self.para(self.lesion_legend_text(lesion), "tight")])
        table = pl.Table(rows, colWidths=[1.1 * CM, self.frame_width - 1.1 * CM],
                         hAlign="LEFT")
        table.setStyle(_table_style([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return table

    # what we found -------------------------------------------------------------
    def lesion_sentences(self, lesion) -> list[str]:
        s = self.s
        out: list[str] = []
        drawing = self._atlas_drawing(lesion.view)
        if lesion.view == "sagittal" and drawing is not None:
            try:
                from desktop_app.model.anatomy import approach_for

                suggestion = approach_for(drawing, lesion)
            except Exception:  # geometry problems must not stop the summary
                suggestion = None
            if suggestion is not None:
                out.append({"posterior": s["where_low"], "anterior": s["where_high"],
                            "combined": s["where_spans"]}[suggestion.kind])
        elif lesion.view == "axial":
            out.append(s["where_axial"])
        elif lesion.view.startswith("image:"):
            out.append(s["where_image"])
        if not lesion.view.startswith("image:") and any(
                m.number == lesion.number and m.view.startswith("image:") for m in self.c.lesions):
            out.append(s["also_image"])
        if drawing is not None:
            place = self._place(drawing, lesion)
            if place:
                out.append(place)
        if lesion.length_cm and lesion.width_cm:
            out.append(s["size_both"].format(length=format_cm(lesion.length_cm, s),
                                             width=format_cm(lesion.width_cm, s)))
        elif lesion.length_cm or lesion.width_cm:
            out.append(s["size_one"].format(size=format_cm(lesion.length_cm or lesion.width_cm,
                                                           s)))
        elif self.atlas is not None and getattr(self.atlas, "scale_px_per_cm", 0) > 0 \
                and not lesion.view.startswith("image:"):  # image pixels are not drawing cm
            scale = self.atlas.scale_px_per_cm
            a, b = sorted((2 * lesion.rx / scale, 2 * lesion.ry / scale), reverse=True)
            out.append(s["size_drawn"].format(length=format_cm(max(a, 0.5), s),
                                              width=format_cm(max(b, 0.5), s)))
        if lesion.appearance in ("cystic", "solid", "mixed"):
            out.append(s[f"look_{lesion.appearance}"])
        type_item = self.content.item(lesion.suspected_type) \
            if (self.content is not None and lesion.suspected_type) else None
        if type_item is not None:
            out.append(s["type_listed"].format(type=type_item.title[:1].lower()
                                               + type_item.title[1:]
                                               if not type_item.title[:2].isupper()
                                               else type_item.title))
        elif lesion.suspected_type_text.strip():
            out.append(s["type_free"].format(text=_one_line(lesion.suspected_type_text)
                                             .rstrip(".")))
        return out

    def _place(self, drawing, lesion) -> str:
        try:
            sid = _structure_at(drawing, lesion.cx, lesion.cy)
        except Exception:
            return ""
        if not sid:
            return ""
        lay = self._lay(sid)
        if not lay:
            return ""
        if sid != "presacral_space":  # a mark near other organs is too rough to name them
            return ""
        return self.s["where_in"].format(place=lay[:1].lower() + lay[1:])

    def build_found(self):
        s = self.s
        lesions = sorted(self.c.lesions, key=lambda m: (m.number, m.view))
        # a lesion marked on a scan with the number of a lesion on the drawing (or of one on
        # another scan) is the same lesion: described once
        seen: set[int] = {m.number for m in lesions if not m.view.startswith("image:")}
        kept = []
        for m in lesions:
            if m.view.startswith("image:"):
                if m.number in seen:
                    continue
                seen.add(m.number)
            kept.append(m)
        lesions = kept
        if not lesions:
            return
        self.story.append(self.heading("found", s["h_found"]))
        self.story.append(self.para(s["found_intro"], "intro"))
        for lesion in lesions:
            title = s["area"].format(n=lesion.number)
            if lesion.label.strip():
                title += " — " + _one_line(lesion.label)
            cell = [self.para(title, "item")]
            cell += [self.para(t, "tight") for t in [" ".join(self.lesion_sentences(lesion))]
                     if t]
            table = pl.Table([[dd.swatch(lesion.color, lesion.number, 24), cell]],
                             colWidths=[1.3 * CM, self.frame_width - 1.3 * CM], hAlign="LEFT")
            table.setStyle(_table_style([
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]))
            self.story.append(table)

    # checklists -----------------------------------------------------------------
    def build_symptoms(self):
        s = self.s
        items = self.items(self.c.symptoms)
        if not items:
            return
        self.story.append(self.heading("symptoms", s["h_symptoms"]))
        self.story.append(self.para(s["symptoms_intro"], "intro"))
        rows = []
        for item in items:
            rows.append([_Dot(self.col["accent"]),
                         [self.para(item.title, "item"), self.para(item.summary, "tight")]])
        self.story += self.list_table(rows, 0.8 * CM, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ], head=1)

    def build_tests(self):
        s = self.s
        items = self.items(self.c.tests)
        if not items:
            return
        self.story.append(self.heading("tests", s["h_tests"]))
        self.story.append(self.para(s["tests_intro"], "intro"))
        for item in items:
            rows: list = [[self.para(item.title, "item"), self.para(item.summary, "tight")]]
            extra = [(name, item.field_text(name)) for name in ("why", "expect", "prepare")]
            if not any(t for _, t in extra) and item.body:
                rows += self.item_blocks(item.body, "tight")
            for name, text in extra:
                if text:
                    rows += self.labelled(s[name], text)
            self.story += self.card(rows) + [pl.Spacer(1, 10)]

    def build_treatments(self):
        s, c = self.s, self.c
        ids = list(dict.fromkeys(list(c.treatments_discussed) + list(c.treatments_planned)))
        items = self.items(ids)
        approach = [m for m in sorted(c.lesions, key=lambda m: m.number)
                    if m.approach and m.approach_status in ("confirmed", "overridden")]
        if not items and not approach:
            return
        self.story.append(self.heading("treatments", s["h_treatments"]))
        self.story.append(self.para(s["treatments_intro"], "intro"))
        planned = set(c.treatments_planned)
        for item in items:
            first: list = [self.para(item.title, "item")]
            if item.id in planned:
                first += [_Badge(s["planned"], self.col["accent"], self.col["white"]),
                          pl.Spacer(1, 5)]
                self.text.append(s["planned"])
            first.append(self.para(item.summary, "tight"))
            rows: list = [first]
            for block in self.item_blocks(item.body, "tight"):
                rows.append([pl.Spacer(1, 5), block])
            for name in ("recovery", "side_effects"):
                text = item.field_text(name)
                if text:
                    rows += self.labelled(s[name], text)
            self.story += self.card(rows) + [pl.Spacer(1, 10)]
        for lesion in approach:
            rows = [[self.para(s["approach_title"].format(n=lesion.number), "item"),
                     self.para(s[f"approach_{lesion.approach}"] + " "
                               + s[f"approach_why_{lesion.approach}"], "tight")]]
            if lesion.approach_status == "overridden" and lesion.approach_reason.strip():
                rows.append([pl.Spacer(1, 5), self.para(s["approach_note"].format(
                    text=_one_line(lesion.approach_reason)), "tight")])
            # a short card: never leave its title alone at the foot of a page
            self.story += [pl.KeepTogether(self.card(rows)), pl.Spacer(1, 10)]

    def build_notes(self):
        s = self.s
        paras = _paragraphs(self.c.notes)
        if not paras:
            return
        self.story.append(self.heading("notes", s["h_notes"]))
        for p in paras:
            self.story.append(self.para(p, "note"))

    def build_questions(self):
        s = self.s
        items = self.items(i.id for i in (self.content.items("questions")
                                          if self.content is not None else ()))
        if not items:
            return
        self.story.append(self.heading("questions", s["h_questions"]))
        self.story.append(self.para(s["questions_intro"], "intro"))
        rows = [[_CheckBox(self.col["accent"]), self.para(item.title, "tight")] for item in items]
        self.story += self.list_table(rows, 0.9 * CM, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, self.col["rule"]),
        ], head=2)
        self.story.append(pl.Spacer(1, 12))
        own = [self.para(s["own_questions"], "label")]
        own += [_WriteLine(self.frame_width, self.col["rule"]) for _ in range(3)]
        self.story.append(pl.KeepTogether(own))

    def build_glossary(self, insert_at: int, section_at: int):
        """Inserted before "When to call us", but built last: it needs every other word."""
        s = self.s
        if self.content is None:
            return
        text = "\n".join(self.text)
        found = find_glossary_items(self.content.items("glossary"), text)
        self.glossary_terms = [i.title for i in found]
        if not found:
            return
        found.sort(key=lambda i: i.title.casefold())
        blocks = [self._plain(s["h_glossary"], "h2", _Heading),
                  self._plain(s["glossary_intro"], "intro")]
        for item in found:
            blocks.append(self.bold_lead(item.title, "— " + item.summary, "body"))
        self.story[insert_at:insert_at] = blocks
        self.sections.insert(section_at, "glossary")

    def build_call(self):
        s = self.s
        items = self.content.items("when_to_call") if self.content is not None else ()
        phone = _one_line(getattr(self.config, "phone", "") or "") if self.config else ""
        if not items and not phone:
            return
        self.story.append(self.heading("when_to_call", s["h_call"]))
        rows = []
        if items:
            rows.append(self.para(s["call_intro"], "tight"))
            rows.append(pl.Spacer(1, 4))
            for item in items:
                self.text += [item.title, item.summary]
                rows.append(self.bold_lead(item.title + ".", item.summary,
                                           self._bullet_style("tight"), bullet="•"))
        if phone:
            rows.append(pl.Spacer(1, 6))
            rows.append(self.para(s["call_phone"].format(phone=phone), "label"))
        self.story += self.card(rows, bar=self.col["warm"], tint=self.col["warm_tint"])

    def build_disclaimer(self):
        s = self.s
        items = self.content.items("disclaimer") if self.content is not None else ()
        if not items:
            return
        self.sections.append("disclaimer")
        blocks = [pl.Spacer(1, 18), _WriteLine(self.frame_width, self.col["rule"], 2),
                  pl.Spacer(1, 8), self.para(s["h_disclaimer"], "label")]
        for item in items:
            blocks.append(self.para(item.summary, "muted"))
            blocks += self.item_blocks(item.body, "muted")
        self.story.append(pl.KeepTogether(blocks))

    # ---------------------------------------------------------------------- build
    def build(self) -> bytes:
        self.build_header()
        self.build_visit()
        self.build_diagram()
        self.build_images()
        self.build_found()
        self.build_symptoms()
        self.build_tests()
        self.build_treatments()
        self.build_notes()
        self.build_questions()
        glossary_at, glossary_section_at = len(self.story), len(self.sections)
        self.build_call()
        self.build_disclaimer()
        self.build_glossary(glossary_at, glossary_section_at)
        return self.render()

    def render(self) -> bytes:
        s = self.s
        buf = io.BytesIO()
        doc = pl.BaseDocTemplate(
            buf, pagesize=self.pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
            title=s["doc_title"], subject=s["doc_subject"], author=self.clinic,
            creator="Presacral Consult", keywords=[], lang=self.pdf_lang,
            displayDocTitle=True, initialFontName=REGULAR, initialFontSize=BODY_SIZE)
        frame = pl.Frame(MARGIN_X, MARGIN_BOTTOM, self.frame_width,
                         self.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([pl.PageTemplate(id="page", frames=[frame])])
        footer_left = s["footer_left"].format(clinic=self.clinic,
                                              date=format_date(self.c.visit_date, s))
        maker = _numbered_canvas(footer_left, s["footer_right"], self.col, self.pagesize)
        with _binary_streams(), _memoised_numbers():
            doc.build(self.story, canvasmaker=maker)
        self.pages = maker.pages_seen
        return buf.getvalue()


# --------------------------------------------------------------------- small flowables
_LINES: dict = {}          # (paragraph key, width) -> what wrap() worked out
_LINES_LIMIT = 5000


class _P(pl.Paragraph):
    """A Paragraph that remembers its line breaks for the last width it was given.

    Tables, KeepTogether and the frame ask a paragraph for its size several times at the
    same width; breaking the lines again each time was a third of the export time.

    A paragraph built from plain text and a shared style has a ``key`` (style, text, bullet):
    its line breaks at a width are kept for the process, so the next export reuses them for
    every paragraph whose words did not change (the content library's text: most of the
    summary). Line breaking only reads the words and the style; drawing only reads the lines.
    """

    key = None

    def wrap(self, availWidth, availHeight):
        memo = self.__dict__.get("_memo")
        if memo is None or memo[0] != availWidth:
            memo = _LINES.get((self.key, availWidth)) if self.key is not None else None
            if memo is None:
                size = super().wrap(availWidth, availHeight)
                if "blPara" not in self.__dict__ or self.width != availWidth:
                    return size
                memo = (availWidth, self.width, self.height, self.blPara, self._wrapWidths)
                if self.key is not None and _LINES_LIMIT:
                    if len(_LINES) >= _LINES_LIMIT:
                        _LINES.clear()
                    _LINES[(self.key, availWidth)] = memo
            self._memo = memo
        _, self.width, self.height, self.blPara, self._wrapWidths = memo
        return self.width, self.height


class _Heading(_P):
    """A section heading with a short accent bar under it."""

    def draw(self):
        super().draw()
        self.canv.saveState()
        self.canv.setFillColor(colors.HexColor(ACCENT))
        self.canv.roundRect(0, -5, 42, 3, 1.5, stroke=0, fill=1)
        self.canv.restoreState()


class _Framed(Flowable):
    """A drawing (diagram or key image with its marks) centred in a thin rounded frame."""

    def __init__(self, view_diagram, width, frame_colour):
        super().__init__()
        self.vd = view_diagram
        self.frame_colour = frame_colour
        self.width = width
        self.height = view_diagram.placement.height + 2 * DIAGRAM_PAD

    def wrap(self, aw, ah):
        return self.width, self.height

    def draw_frame(self) -> float:
        """Draw the frame; return the x offset at which the content is centred."""
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.frame_colour)
        canv.setLineWidth(0.8)
        canv.roundRect(0, 0, self.width, self.height, 4, stroke=1, fill=0)
        canv.restoreState()
        return (self.width - self.vd.placement.width) / 2


class _Recorder(_Framed):
    """Draws a diagram in a thin frame and remembers where it landed (page, position).

    The position is reported in :class:`ExportResult` (tests find a lesion on the rendered
    page with it).
    """

    def __init__(self, view_diagram, sink, width, frame_colour):
        super().__init__(view_diagram, width, frame_colour)
        self.sink = sink

    def draw(self):
        canv = self.canv
        x0 = self.draw_frame()
        x, y = canv.absolutePosition(x0, DIAGRAM_PAD)
        self.sink.append(DiagramPlacement(view=self.vd.view, page=canv.getPageNumber(),
                                          x=x, y=y, placement=self.vd.placement))
        self.vd.draw_on(canv, x0, DIAGRAM_PAD)


IMAGE_MAX_H = 11.0 * CM
IMAGE_MAX_PIXELS = 1600      # longest side printed: about 300 dpi at the printed size


@dataclass
class _ImageFrame:
    """Stands in for an atlas drawing so ``diagram_drawing.build_view`` draws an image's marks:
    no shapes, the view box is the image (pixel coordinates)."""

    image: Any
    shapes: tuple = ()
    labels: dict = field(default_factory=dict)
    s3_line: Any = None

    @property
    def viewbox(self):
        return (0.0, 0.0, float(self.image.width), float(self.image.height))

    @property
    def view(self) -> str:
        return self.image.view_name


def _picture_for(image):
    """A Pillow image of a key image (DICOM through its window), or None if unreadable."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow is a dependency
        return None
    try:
        if image.is_dicom:
            from desktop_app.model.images import render_gray

            picture = Image.frombytes("L", (image.width, image.height), render_gray(image))
        else:
            picture = Image.open(io.BytesIO(image.data))
            if picture.size != (image.width, image.height):   # header first: no bombs
                return None
            picture.load()
            if picture.mode not in ("L", "RGB"):
                picture = picture.convert("RGB")
    except Exception:  # a damaged picture must not stop the summary
        return None
    if max(picture.size) > IMAGE_MAX_PIXELS:
        picture.thumbnail((IMAGE_MAX_PIXELS, IMAGE_MAX_PIXELS))
    return picture


class _KeyImage(_Framed):
    """A key image in a thin frame with the marks painted over it (vector graphics)."""

    def __init__(self, picture, view_diagram, width, frame_colour, image_size):
        super().__init__(view_diagram, width, frame_colour)
        self.picture = picture
        self.image_size = image_size        # (width, height) in image pixels

    def draw(self):
        canv = self.canv
        x0 = self.draw_frame()
        place = self.vd.placement
        # image pixel (0, 0) is the top-left corner; the placement flips y like the marks
        left, top = place.point(0.0, 0.0)
        right, bottom = place.point(*self.image_size)
        canv.drawImage(ImageReader(self.picture), x0 + left, DIAGRAM_PAD + bottom,
                       right - left, top - bottom)
        self.vd.draw_on(canv, x0, DIAGRAM_PAD)


class _Dot(Flowable):
    def __init__(self, colour):
        super().__init__()
        self.colour = colour

    def wrap(self, aw, ah):
        return 14, 16

    def draw(self):
        self.canv.setFillColor(self.colour)
        self.canv.circle(5, 8.5, 3.6, stroke=0, fill=1)


class _CheckBox(Flowable):
    def __init__(self, colour):
        super().__init__()
        self.colour = colour

    def wrap(self, aw, ah):
        return 16, 16

    def draw(self):
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(1.3)
        self.canv.roundRect(1, 1.5, 12.5, 12.5, 2, stroke=1, fill=0)


class _WriteLine(Flowable):
    """A ruled line to write on."""

    def __init__(self, width, colour, height=28):
        super().__init__()
        self.w, self.h = width, height
        self.colour = colour

    def wrap(self, aw, ah):
        return self.w, self.h

    def draw(self):
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(0.8)
        self.canv.line(0, 1, self.w, 1)


class _Badge(Flowable):
    def __init__(self, text, bg, fg):
        super().__init__()
        self.text, self.bg, self.fg = text, bg, fg
        self.w = stringWidth(text, BOLD, BODY_SIZE) + 20

    def wrap(self, aw, ah):
        return min(self.w, aw), 22

    def draw(self):
        self.canv.setFillColor(self.bg)
        self.canv.roundRect(0, 0, self.w, 22, 11, stroke=0, fill=1)
        self.canv.setFillColor(self.fg)
        self.canv.setFont(BOLD, BODY_SIZE)
        self.canv.drawString(10, 6.8, self.text)


def _numbered_canvas(footer_left: str, footer_right: str, col: dict, pagesize):
    """A canvas class that draws "Page X of Y" once the total is known (one layout pass)."""

    class NumberedCanvas(canvas_mod.Canvas):
        pages_seen = 0

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._page_states: list[dict] = []

        def showPage(self):
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._page_states)
            type(self).pages_seen = total
            for state in self._page_states:
                self.__dict__.update(state)
                self._footer(total)
                canvas_mod.Canvas.showPage(self)
            canvas_mod.Canvas.save(self)

        def _escape(self, s):
            """reportlab's escaping of a subset-encoded string, by table (same bytes out)."""
            table = _PDF_ESCAPES
            if table is not None and isinstance(s, bytes):
                return "".join(map(table.__getitem__, s))
            return super()._escape(s)

        def _footer(self, total):
            width = pagesize[0]
            self.saveState()
            self.setStrokeColor(col["rule"])
            self.setLineWidth(0.8)
            self.line(MARGIN_X, FOOTER_Y + 14, width - MARGIN_X, FOOTER_Y + 14)
            self.setFillColor(col["muted"])
            self.setFont(REGULAR, FOOTER_SIZE)
            right = footer_right.format(page=self._pageNumber, total=total)
            room = width - 2 * MARGIN_X - stringWidth(right, REGULAR, FOOTER_SIZE) - 20
            left = footer_left
            while len(left) > 1 and stringWidth(left, REGULAR, FOOTER_SIZE) > room:
                left = left[:-2] + "…"
            self.drawString(MARGIN_X, FOOTER_Y, left)
            self.drawRightString(width - MARGIN_X, FOOTER_Y, right)
            self.restoreState()

    return NumberedCanvas


# how reportlab writes each byte of a text string in a content stream ("\\(", "\\351", "a")
_PDF_ESCAPES = tuple(f"\\{c:03o}" if c < 32 or c >= 127 else
                     ("\\" + chr(c) if chr(c) in "\\()" else chr(c)) for c in range(256))

# reportlab modules that write numbers into the PDF with ``fp_str``
_FP_STR_MODULES = ("reportlab.pdfgen.canvas", "reportlab.pdfgen.textobject",
                   "reportlab.pdfgen.pathobject", "reportlab.pdfbase.pdfdoc",
                   "reportlab.pdfbase.ttfonts", "reportlab.platypus.tables",
                   "reportlab.platypus.flowables", "reportlab.lib.colors")
_fp_lock = threading.Lock()
_fp_depth = 0
_fp_saved: dict = {}


def _memo_fp_str(fp_str, limit: int = 20_000):
    """``fp_str`` remembering what it wrote for each number.

    reportlab's pure-Python ``fp_str`` (used when its C accelerator is not installed) formats
    every coordinate, colour and font size of every page, about 2000 calls of a few
    microseconds per summary, mostly the same few hundred values. Same strings out: a
    sequence is the numbers' own strings joined by spaces, as ``fp_str`` does.
    """
    memo: dict = {}

    def one(x):
        s = memo.get(x)
        if s is None:
            if len(memo) >= limit:
                memo.clear()
            s = memo[x] = fp_str(x)
        return s

    def memo_fp_str(*a):
        if len(a) == 1:
            a = a[0]
            if not isinstance(a, (tuple, list)):
                return one(a)
        return " ".join(map(one, a))

    return memo_fp_str


_FAST_FP_STR = None


@contextlib.contextmanager
def _memoised_numbers():
    """While a summary is laid out and saved, reportlab's number formatting is memoised.

    Only when reportlab runs its pure-Python ``fp_str``; the C accelerator is left alone.
    The modules' own function is put back afterwards (the last of overlapping exports
    restores it), so other reportlab users in the process are not affected.
    """
    global _fp_depth, _FAST_FP_STR
    import importlib
    import sys

    from reportlab.lib import rl_accel

    original = getattr(rl_accel, "_py_funcs", {}).get("fp_str")
    if original is None or rl_accel.fp_str is not original:
        yield
        return
    with _fp_lock:
        if _fp_depth == 0:
            if _FAST_FP_STR is None:
                _FAST_FP_STR = _memo_fp_str(original)
            for name in _FP_STR_MODULES:
                module = sys.modules.get(name) or importlib.import_module(name)
                if getattr(module, "fp_str", None) is original:
                    _fp_saved[name] = module
                    module.fp_str = _FAST_FP_STR
        _fp_depth += 1
    try:
        yield
    finally:
        with _fp_lock:
            _fp_depth -= 1
            if _fp_depth == 0:
                for module in _fp_saved.values():
                    module.fp_str = original
                _fp_saved.clear()


@contextlib.contextmanager
def _binary_streams():
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


# ------------------------------------------------------------------------------ writing
def _write_atomically(data: bytes, out_path: Path) -> None:
    target = Path(out_path)
    shown = _one_line(str(target))
    if target.is_dir():
        raise ExportError(f"cannot write the PDF to '{shown}': it is a folder")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write the PDF to '{shown}': the folder does not exist")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".summary-", suffix=".pdf.tmp", dir=parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ExportError(f"cannot write the PDF to '{shown}': {reason}") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def build_summary(consultation, *, config=None, content=None, atlas=None,
                  language: str | None = None) -> tuple[bytes, ExportResult]:
    """Lay out the summary in memory. Returns (pdf bytes, result without a path)."""
    builder = _SummaryBuilder(consultation, config=config, content=content, atlas=atlas,
                              language=language or getattr(consultation, "language", None))
    try:
        data = builder.build()
    except ExportError:
        raise
    except Exception as exc:  # a layout failure: one line, no patient data in it
        raise ExportError(f"the summary could not be laid out ({type(exc).__name__})") from exc
    result = ExportResult(path=Path(), pages=builder.pages, page_size=tuple(builder.pagesize),
                          sections=list(builder.sections),
                          glossary_terms=list(builder.glossary_terms),
                          diagrams=list(builder.recorders))
    return data, result


def export_summary(consultation, out_path: str | Path, *, config=None, content=None,
                   atlas=None, language: str | None = None) -> ExportResult:
    """Write the patient's PDF summary to ``out_path`` (atomically). Raises :class:`ExportError`."""
    data, result = build_summary(consultation, config=config, content=content, atlas=atlas,
                                 language=language)
    _write_atomically(data, Path(out_path))
    result.path = Path(out_path)
    return result
