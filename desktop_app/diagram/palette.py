"""Colour-blind-safe colours for the marks (Okabe & Ito, 2008), with names for the UI.

Colour is never the only cue: lesions carry their number (and label), and the tools' colour
choosers name each colour in words.
"""

from __future__ import annotations

# (name shown to the user, hex) — the order of the pen colour chooser
OKABE_ITO: tuple[tuple[str, str], ...] = (
    ("Blue", "#0072B2"),
    ("Vermillion", "#D55E00"),
    ("Reddish purple", "#CC79A7"),
    ("Bluish green", "#009E73"),
    ("Orange", "#E69F00"),
    ("Sky blue", "#56B4E9"),
    ("Black", "#000000"),
    ("Yellow", "#F0E442"),
)
NAMES = {hex_.upper(): name for name, hex_ in OKABE_ITO}

# Lesion markers cycle through the strongest colours by lesion number.
LESION_COLOURS = ("#D55E00", "#0072B2", "#CC79A7", "#009E73", "#E69F00", "#56B4E9")

DEFAULT_PEN = "#0072B2"
DEFAULT_TEXT = "#000000"

# Pen and arrow widths in diagram units, named for the chooser.
PEN_WIDTHS: tuple[tuple[str, float], ...] = (("Thin", 2.0), ("Medium", 3.5), ("Thick", 6.0))
DEFAULT_WIDTH = 3.5

SELECTION = "#1F1F1F"


def lesion_colour(number: int) -> str:
    return LESION_COLOURS[(max(1, number) - 1) % len(LESION_COLOURS)]


def colour_name(hex_colour: str) -> str:
    return NAMES.get(hex_colour.upper()[:7], hex_colour.upper())


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")[:6]
    rgb = [int(h[i:i + 2], 16) / 255.0 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def text_on(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (for numbers in badges)."""
    lum = _luminance(fill)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"
