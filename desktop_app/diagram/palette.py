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

# (a lesion's own colour follows its number: model/lesions.py)

DEFAULT_PEN = "#0072B2"

# Pen and arrow widths in diagram units, named for the chooser.
PEN_WIDTHS: tuple[tuple[str, float], ...] = (("Thin", 2.0), ("Medium", 3.5), ("Thick", 6.0))
DEFAULT_WIDTH = 3.5

SELECTION = "#1F1F1F"


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


# -- colours of the drawing-tool icons, worked out from the toolbar's background (pure: hex in,
# hex out, so the rules are testable without Qt; the toolbar reads them from its QPalette).

DANGER_ON_LIGHT = "#B00020"   # the delete cross on light backgrounds ...
DANGER_ON_DARK = "#FF8A80"    # ... and on dark ones (the same pair as the app's error text)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two '#rrggbb' colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: str, b: str, t: float) -> str:
    """``a`` moved a fraction ``t`` of the way to ``b`` ('#rrggbb')."""
    ha, hb = a.lstrip("#")[:6], b.lstrip("#")[:6]
    ca = [int(ha[i:i + 2], 16) for i in (0, 2, 4)]
    cb = [int(hb[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(ca, cb))


def readable_ink(background: str, candidates: tuple[str, ...]) -> str:
    """The first of the palette's text colours that reads on ``background`` (4.5:1), else the
    best of them if it still makes 3:1 (WCAG non-text), else black or white."""
    for c in candidates:
        if contrast(c, background) >= 4.5:
            return c
    best = max(candidates, key=lambda c: contrast(c, background), default=None)
    if best is not None and contrast(best, background) >= 3.0:
        return best
    return text_on(background)


def danger_on(background: str) -> str:
    """Red of the delete cross that contrasts more with ``background``."""
    return max((DANGER_ON_LIGHT, DANGER_ON_DARK), key=lambda c: contrast(c, background))


def accent_on(colour: str, background: str, ink: str, target: float = 4.5) -> str:
    """A colour that means something (e.g. the lesion orange) as it is where it reads well on
    ``background`` (``target``, with room for the soft edges of a thin outline), else shaded
    towards the ink step by step until it does: darker on light themes, lighter on dark ones,
    the same hue. The ink itself if nothing in between reads."""
    for step in range(11):
        c = mix(colour, ink, step / 20) if step else colour.upper()
        if contrast(c, background) >= target:
            return c
    return ink
