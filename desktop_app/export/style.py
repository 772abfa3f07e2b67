"""The PDF's look: colours, type sizes, margins and the shared paragraph styles.

Typography follows the content guide: DejaVu Sans embedded, body 12 pt, headings 16–18 pt,
margins >= 2 cm; colours keep a contrast on white (or their tint) above 6:1.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from reportlab import platypus as pl
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from desktop_app.export.fonts import BOLD, REGULAR

ACCENT = "#1B5E7A"        # deep teal-blue: headings, bars (contrast on white > 7:1)
ACCENT_TINT = "#EAF3F6"   # card backgrounds
RULE = "#C9DDE5"
INK = "#1E1E1E"
MUTED = "#4A4A4A"         # contrast on white about 8.9:1
WARM = "#9A4A00"          # "when to call us" bar (contrast on its tint > 6:1)
WARM_TINT = "#FDF3E6"
CM = 72 / 2.54
MARGIN_X = 2.0 * CM
MARGIN_TOP = 2.0 * CM
MARGIN_BOTTOM = 2.75 * CM    # the footer sits inside, at 2 cm from the edge
FOOTER_Y = 2.0 * CM
BODY_SIZE = 12
BODY_LEADING = 15.0
H1_SIZE = 18
H2_SIZE = 16
ITEM_SIZE = 13.5
FOOTER_SIZE = 10
LOGO_MAX_H = 1.9 * CM
LOGO_MAX_W = 5.0 * CM
DIAGRAM_MAX_H = {"sagittal": 11.5 * CM, "axial": 6.5 * CM}
DIAGRAM_MIN_H = 7.0 * CM
GLANCE_MIN_H = 5.2 * CM   # page 1's drawing shrinks to fit the page, never below this
DIAGRAM_PAD = 10          # between the diagram and its frame
IMAGE_MAX_H = 11.0 * CM


class Design(NamedTuple):
    """What every export shares: colours by role, paragraph styles by name, and parsed
    paragraph templates (filled by the builder, keyed by style name)."""

    colours: dict[str, colors.Color]
    styles: dict[str, ParagraphStyle]
    templates: dict[Any, Any]


_DESIGNS: dict[bool, Design] = {}


def design(compact: bool = False) -> Design:
    """Colours, paragraph styles and parsed text templates: the same for every export, made
    once per process (and shared, so a paragraph's line breaks can be reused by the next
    export: :class:`desktop_app.export.flowables.Para`). Styles added later (bullets) are
    added to the shared dict.

    ``compact``: the same type with less space between lines and blocks, for a summary whose
    last page would otherwise hold only a few lines (:func:`.builder.build_summary`)."""
    if compact not in _DESIGNS:
        leading = BODY_LEADING - (1.4 if compact else 0.0)
        gap = 4 if compact else 6         # after a paragraph
        head = (9, 6) if compact else (12, 8)   # before and after a section heading
        hex_ = colors.HexColor
        col = {"accent": hex_(ACCENT), "tint": hex_(ACCENT_TINT), "rule": hex_(RULE),
               "ink": hex_(INK), "muted": hex_(MUTED), "warm": hex_(WARM),
               "warm_tint": hex_(WARM_TINT), "white": colors.white}
        base = ParagraphStyle("body", fontName=REGULAR, fontSize=BODY_SIZE,
                              leading=leading, textColor=col["ink"], alignment=TA_LEFT,
                              spaceAfter=gap, splitLongWords=1)
        st = {
            "body": base,
            "tight": ParagraphStyle("tight", parent=base, spaceAfter=0),
            "muted": ParagraphStyle("muted", parent=base, textColor=col["muted"]),
            "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=H1_SIZE, leading=23,
                                 textColor=col["accent"], spaceBefore=4, spaceAfter=6,
                                 keepWithNext=1),
            "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=H2_SIZE, leading=21,
                                 textColor=col["accent"], spaceBefore=head[0],
                                 spaceAfter=head[1], keepWithNext=1),
            # page 1's headings: the same type, less air (the page holds the whole visit)
            "h2_glance": ParagraphStyle("h2_glance", parent=base, fontName=BOLD,
                                        fontSize=H2_SIZE, leading=20, textColor=col["accent"],
                                        spaceBefore=6, spaceAfter=6, keepWithNext=1),
            "item": ParagraphStyle("item", parent=base, fontName=BOLD, fontSize=ITEM_SIZE,
                                   leading=18, textColor=col["ink"], spaceAfter=3,
                                   keepWithNext=1),
            "label": ParagraphStyle("label", parent=base, fontName=BOLD, spaceAfter=0,
                                    textColor=col["accent"], keepWithNext=1),
            "clinic": ParagraphStyle("clinic", parent=base, fontName=BOLD, fontSize=ITEM_SIZE,
                                     leading=17, textColor=col["accent"], spaceAfter=1),
            "clinic_line": ParagraphStyle("clinic_line", parent=base, textColor=col["muted"],
                                          spaceAfter=0, leading=15.5),
            "caption": ParagraphStyle("caption", parent=base, textColor=col["muted"],
                                      spaceAfter=4),
            "note": ParagraphStyle("note", parent=base, spaceAfter=8),
            "intro": ParagraphStyle("intro", parent=base, keepWithNext=1),
            # a glossary entry: one term and its meaning, close to the next
            "entry": ParagraphStyle("entry", parent=base, spaceAfter=2),
        }
        _DESIGNS[compact] = Design(col, st, {})
    return _DESIGNS[compact]


def table_style(commands: list[Any]) -> pl.TableStyle:
    """Table styles start from the embedded font (reportlab's default would be Helvetica)."""
    return pl.TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, BODY_SIZE)] + list(commands))
