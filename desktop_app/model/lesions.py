"""Every rule about a lesion marker, in one place (pure Python: no Qt).

The diagram, the image pane, the lesion panel and the PDF all ask this module, so a lesion is
numbered, coloured, sized and described the same way wherever it is drawn or read:

* **numbering**: on the drawing a new lesion takes the next number after the highest one; on a
  key image it takes the lowest number still free *on that image*, so the first tumour marked
  on a scan is "1" like the first one on the drawing. Numbers are unique within a view; the
  same number on another view means the same lesion (the PDF then describes it once);
* **colour**: the default colour follows the number (colour-blind-safe, cycling); a lesion on
  an image takes the colour (and label) of the lesion with its number on the drawing;
* **the approach aid's state** (suggested / confirmed / overridden), and what confirming,
  overriding or going back to the aid records;
* **sizes**: cm <-> drawing units (the drawing's px-per-cm scale, or a scan's pixel spacing)
  and the few ways a size in cm is written for people; whether the size typed for a lesion
  and its outline on a measured scan disagree (more than 20 %: the surgeon is told, and the
  summary prints one size and says which it is).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Protocol, Sequence, TypedDict

from desktop_app.model.consultation import IMAGE_VIEW_PREFIX, KeyImage, Lesion

# ------------------------------------------------------------------------------- colour
# Lesion markers cycle through the strongest Okabe & Ito colours by lesion number.
COLOURS = ("#D55E00", "#0072B2", "#CC79A7", "#009E73", "#E69F00", "#56B4E9")


def colour_for(number: int) -> str:
    """The default colour of lesion ``number`` (1 is vermillion, 2 blue, ...)."""
    return COLOURS[(max(1, number) - 1) % len(COLOURS)]


# How strongly a marker's ellipse is filled, on screen and in the PDF alike: on the patient's
# own scan the mass itself must show through.
FILL_OPACITY = 0.30
SCAN_FILL_OPACITY = 0.12


def fill_opacity(lesion: Lesion) -> float:
    return SCAN_FILL_OPACITY if on_image(lesion) else FILL_OPACITY


def has_default_colour(lesion: Lesion) -> bool:
    """True unless the surgeon picked another colour for this lesion."""
    return lesion.color.upper() == colour_for(lesion.number).upper()


# ---------------------------------------------------------------------------- numbering
def on_image(lesion: Lesion) -> bool:
    """True for a lesion marked on one of the patient's key images (not on the drawing)."""
    return lesion.view.startswith(IMAGE_VIEW_PREFIX)


def next_number(lesions: Iterable[Lesion]) -> int:
    """The number of a new lesion on the drawing: one more than the highest in the visit."""
    return max((x.number for x in lesions), default=0) + 1


def first_free_number(lesions: Iterable[Lesion], view: str) -> int:
    """The number of a new lesion on a key image: the lowest one not used on that image."""
    taken = {x.number for x in lesions if x.view == view}
    return next(n for n in range(1, len(taken) + 2) if n not in taken)


def number_taken(lesions: Iterable[Lesion], lesion: Lesion, number: int) -> bool:
    """Would ``number`` clash with another lesion on ``lesion``'s view?"""
    return any(x.number == number for x in lesions
               if x.id != lesion.id and x.view == lesion.view)


def twin_on_drawing(lesions: Iterable[Lesion], number: int) -> Lesion | None:
    """The lesion with ``number`` on the drawing (the one a mark on a scan stands for)."""
    return next((x for x in lesions if x.number == number and not on_image(x)), None)


def renumbered(lesion: Lesion, number: int) -> dict[str, Any]:
    """Fields for renumbering a lesion on the drawing: a default colour follows the number."""
    fields: dict[str, Any] = {"number": number}
    if has_default_colour(lesion):
        fields["color"] = colour_for(number)
    return fields


def renumbered_on_image(lesions: Iterable[Lesion], number: int) -> dict[str, Any]:
    """Fields for giving a lesion on an image ``number``: it takes the colour of the lesion
    with that number on the drawing, so both read as the same lesion."""
    twin = twin_on_drawing(lesions, number)
    return {"number": number, "color": twin.color if twin else colour_for(number)}


def new_on_drawing(lesions: Sequence[Lesion], view: str, cx: float, cy: float, rx: float,
                   ry: float) -> Lesion:
    """A new lesion on the drawing, numbered and coloured (its approach not yet set)."""
    number = next_number(lesions)
    return Lesion(view=view, number=number, color=colour_for(number), cx=cx, cy=cy,
                  rx=rx, ry=ry)


def new_on_image(lesions: Sequence[Lesion], view: str, cx: float, cy: float, rx: float,
                 ry: float) -> Lesion:
    """A new lesion on a key image: numbered by the image's own marks, with the colour and
    label of the lesion of that number on the drawing."""
    number = first_free_number(lesions, view)
    twin = twin_on_drawing(lesions, number)
    return Lesion(view=view, number=number, cx=cx, cy=cy, rx=rx, ry=ry,
                  color=twin.color if twin else colour_for(number),
                  label=twin.label if twin else "")


def described_once(lesions: Iterable[Lesion]) -> list[Lesion]:
    """The lesions to describe, by number: a lesion marked on a scan with the number of one on
    the drawing (or of one on another scan) is the same lesion, described once."""
    ordered = sorted(lesions, key=lambda m: (m.number, m.view))
    seen = {m.number for m in ordered if not on_image(m)}
    kept = []
    for m in ordered:
        if on_image(m):
            if m.number in seen:
                continue
            seen.add(m.number)
        kept.append(m)
    return kept


def also_on_image(lesions: Iterable[Lesion], lesion: Lesion) -> bool:
    """Is this lesion of the drawing marked on a key image too (by its number)?"""
    return not on_image(lesion) and any(m.number == lesion.number and on_image(m)
                                        for m in lesions)


# -------------------------------------------------------------------------------- label
def name(lesion: Lesion) -> str:
    """What the history and the size line call it: "lesion 2"."""
    return f"lesion {lesion.number}"


def title(lesion: Lesion) -> str:
    """"Lesion 2 — cyst behind the rectum" (the label only when there is one)."""
    return f"Lesion {lesion.number}" + (f" — {lesion.label}" if lesion.label else "")


# ------------------------------------------------------------------------ approach aid
SUGGESTED, CONFIRMED, OVERRIDDEN = "suggested", "confirmed", "overridden"


class Suggestion(Protocol):
    """What the S3 aid says (``model.anatomy.ApproachSuggestion``)."""

    kind: str
    reason: str


Suggest = Callable[[Lesion], Any]   # lesion -> Suggestion | None (None: no aid on this view)
# (the aid itself is model.anatomy.approach_for / approach_in)


def approach_update(lesion: Lesion, suggest: Suggest | None) -> dict[str, str]:
    """Approach fields for ``lesion`` (with its new geometry) from the S3 aid.

    * suggested: follows the aid.
    * confirmed: stays confirmed while the aid says the same; when the lesion is moved so that
      the aid says something else, it is a new suggestion the surgeon has to confirm again.
    * overridden: the surgeon's choice stays; the reason records what the aid now says.
    """
    if suggest is None:
        return {}
    s = suggest(lesion)
    if s is None:
        return {}
    status = lesion.approach_status
    if status == OVERRIDDEN:
        return {"approach_reason": s.reason}
    if status == CONFIRMED and s.kind == lesion.approach:
        return {"approach_reason": s.reason}
    return {"approach": s.kind, "approach_reason": s.reason, "approach_status": SUGGESTED}


class ApproachFields(TypedDict):
    """A lesion's approach decision, as the fields an edit of the lesion sets."""

    approach: str
    approach_reason: str
    approach_status: str


def confirmed(live: Suggestion) -> ApproachFields:
    """The surgeon agrees with what the aid says now."""
    return {"approach": live.kind, "approach_reason": live.reason, "approach_status": CONFIRMED}


def overridden(lesion: Lesion, kind: str, live: Suggestion | None) -> ApproachFields:
    """The surgeon records ``kind``; choosing what the aid says is a confirmation."""
    if live is not None and live.kind == kind:
        return confirmed(live)
    return {"approach": kind, "approach_reason": live.reason if live else lesion.approach_reason,
            "approach_status": OVERRIDDEN}


def back_to_aid(live: Suggestion | None) -> ApproachFields:
    """Drop the surgeon's decision: the aid's suggestion again (none without the aid)."""
    return {"approach": live.kind if live else "", "approach_reason": live.reason if live else "",
            "approach_status": SUGGESTED}


def shown_approach(lesion: Lesion, live: Suggestion | None) -> str:
    """The approach to show for a lesion: the surgeon's decision if recorded, else the aid's
    ("" when there is neither)."""
    if live is None:
        return lesion.approach if lesion.approach_status == OVERRIDDEN else ""
    if lesion.approach_status != SUGGESTED and lesion.approach:
        return lesion.approach
    return live.kind


def can_confirm(lesion: Lesion, live: Suggestion | None) -> bool:
    """Is there something to confirm (an aid, and not already confirmed as it says)?"""
    return live is not None and not (lesion.approach_status == CONFIRMED
                                     and lesion.approach == live.kind)


# -------------------------------------------------------------------------------- sizes
DEFAULT_SIZE_CM = (3.0, 2.4)   # a clicked lesion marker: length × width


def cm_to_units(cm: float, px_per_cm: float) -> float:
    """A length in cm in drawing units (or image pixels, with the scan's pixels per cm)."""
    return cm * px_per_cm


def units_to_cm(units: float, px_per_cm: float) -> float:
    return units / px_per_cm


def default_radii(px_per_cm: float) -> tuple[float, float]:
    """Radii (rx, ry) of a clicked lesion marker: the typical size at this scale."""
    return (cm_to_units(DEFAULT_SIZE_CM[0], px_per_cm) / 2,
            cm_to_units(DEFAULT_SIZE_CM[1], px_per_cm) / 2)


def size_to_radii(length_cm: float | None, width_cm: float | None, rx: float, ry: float,
                  px_per_cm: float) -> tuple[float, float]:
    """Radii for a lesion measured ``length_cm`` × ``width_cm`` (from the scan report).

    The marker keeps its orientation: the longer measurement goes along the axis that is
    currently the longer one (rx on a tie). A missing measurement leaves its axis as it is.
    """
    long_is_x = rx >= ry
    dims = [d for d in (length_cm, width_cm) if d]
    if not dims:
        return rx, ry
    if len(dims) == 1:
        r = cm_to_units(dims[0], px_per_cm) / 2.0
        return (r, ry) if long_is_x else (rx, r)
    big = cm_to_units(max(dims), px_per_cm) / 2.0
    small = cm_to_units(min(dims), px_per_cm) / 2.0
    return (big, small) if long_is_x else (small, big)


def drawn_size_cm(lesion: Lesion, px_per_cm: float) -> tuple[float, float]:
    """(longer, shorter) diameter in cm of the marker as drawn, at ``px_per_cm``."""
    a = units_to_cm(2 * lesion.rx, px_per_cm)
    b = units_to_cm(2 * lesion.ry, px_per_cm)
    return (a, b) if a >= b else (b, a)


def scan_px_per_cm(image: KeyImage) -> float | None:
    """Pixels per cm of a scan across (its column spacing); None when it is not known."""
    col = image.column_spacing_mm
    return 10.0 / col if image.has_spacing and col is not None else None


def scan_size_cm(lesion: Lesion, image: KeyImage) -> tuple[float, float] | None:
    """(width, height) in cm of a lesion's ellipse on an image whose pixel size is known,
    else None. Width is along the ellipse's own x axis (``rx``), height along its y axis,
    each measured with the column (horizontal) and row (vertical) spacing. Exact for
    square pixels (the usual MRI/CT case) and for unrotated ellipses."""
    col, row = image.column_spacing_mm, image.row_spacing_mm
    if not image.has_spacing or col is None or row is None:
        return None
    t = math.radians(lesion.rotation)
    cos, sin = math.cos(t), math.sin(t)
    width = 2 * lesion.rx * math.hypot(cos * col, sin * row) / 10.0
    height = 2 * lesion.ry * math.hypot(sin * col, cos * row) / 10.0
    return width, height


# ----------------------------------------------------------- typed size against the scan
SIZE_MISMATCH = 0.20   # a scan outline more than this share off the typed size is flagged


def sizes_differ(typed_cm: tuple[float | None, float | None],
                 measured_cm: tuple[float, float], limit: float = SIZE_MISMATCH) -> bool:
    """Do a typed size (length, width; either may be missing) and a size measured on a scan
    (two diameters) differ by more than ``limit`` of the typed size? The longer typed size is
    compared with the longer measured one and the shorter with the shorter; a single typed
    size with the longer measured one. No typed size: nothing to compare (False)."""
    typed = sorted((t for t in typed_cm if t), reverse=True)
    measured = sorted(measured_cm, reverse=True)
    return any(abs(m - t) > limit * t for t, m in zip(typed, measured))


@dataclass(frozen=True)
class SizeMismatch:
    """A lesion whose outline on a measured scan is not the size typed for it."""

    number: int
    typed: tuple[float | None, float | None]    # (length, width) as typed, in cm
    measured: tuple[float, float]                # (longer, shorter) on the scan, in cm
    image: KeyImage                              # the scan it was measured on


def typed_size(lesions: Iterable[Lesion], number: int) -> tuple[float | None, float | None]:
    """The size typed for lesion ``number``: the drawing's marker first (the one the summary
    describes), else a scan's; (None, None) when none was typed."""
    candidates = sorted((m for m in lesions if m.number == number),
                        key=lambda m: on_image(m))
    for m in candidates:
        if m.length_cm or m.width_cm:
            return m.length_cm, m.width_cm
    return None, None


def size_mismatch(lesions: Sequence[Lesion], images: Iterable[KeyImage],
                  number: int) -> SizeMismatch | None:
    """The first scan on which lesion ``number`` is outlined at a size more than
    :data:`SIZE_MISMATCH` off the size typed for it (scans without a pixel size are not
    measured), or None."""
    typed = typed_size(lesions, number)
    if typed == (None, None):
        return None
    by_view = {image.view_name: image for image in images}
    for m in lesions:
        image = by_view.get(m.view)
        if m.number != number or image is None:
            continue
        size = scan_size_cm(m, image)
        if size is not None and sizes_differ(typed, size):
            return SizeMismatch(number, typed, (max(size), min(size)), image)
    return None


# --------------------------------------------------------------------- sizes in words
def cm_words(value_cm: float, decimal: str = ".", least: float = 0.1) -> str:
    """A measured length for people: "4.2" (one decimal; never less than ``least``)."""
    return f"{max(value_cm, least):.1f}".replace(".", decimal)


def size_words(size_cm: tuple[float, float], decimal: str = ".", least: float = 0.1) -> str:
    """"4.2 × 3.1" for a measured (width, height) in cm."""
    return " × ".join(cm_words(v, decimal, least) for v in size_cm)


def typed_words(typed_cm: Iterable[float | None], decimal: str = ".") -> str:
    """A typed size for people, one decimal like the panel's boxes: "3.0 × 2.2", "3.0" (one
    measurement), "" (none). Every place that prints a typed size uses this, so the panel, the
    patient's screen and the summary give the same number in the same form."""
    return " × ".join(cm_words(v, decimal) for v in typed_cm if v)


TYPED, SCAN = "typed", "scan"


def size_on_scan(lesions: Iterable[Lesion], lesion: Lesion,
                 image: KeyImage) -> tuple[str, tuple[float, ...]] | None:
    """The size to say for ``lesion`` on a scan picture: the size typed for its number
    (``TYPED``, the values typed) when there is one, else its outline measured with the scan's
    pixel size (``SCAN``, two diameters), else None. A hand-drawn outline never competes with
    a typed size: the patient hears one number for an area."""
    typed = tuple(v for v in typed_size(lesions, lesion.number) if v)
    if typed:
        return TYPED, typed
    size = scan_size_cm(lesion, image)
    return (SCAN, size) if size is not None else None


def distance_words(value_cm: float) -> str:
    """How far an edge lies from a landmark: "1.2 cm", "0 cm" when it touches (sign dropped)."""
    value = abs(value_cm)
    if value < 0.05:
        return "0 cm"
    return f"{value:.1f} cm"
