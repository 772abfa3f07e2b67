"""The Consultation: everything the surgeon enters during one visit.

Pure Python (no Qt) so it can be saved, loaded, validated and exported without a display.
Annotations are stored in *diagram coordinates* (the SVG user units of the anatomy drawing).

Validation errors name the field (``lesions[2].rx``) and what was expected, never the value:
values may be patient data and error messages can end up in logs.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import math
import os
import re
from dataclasses import dataclass, field, fields
from typing import Any, Literal, overload

from desktop_app.model import limits
from desktop_app.model.limits import MAX_STROKE_POINTS
from desktop_app.model.plaintext import strip_bidi
from desktop_app.model.stamps import (MAX_SIZE, MIN_SIZE, SACRAL_LEVELS, SHAPE_KINDS,
                                      STAMP_KINDS)

SCHEMA_VERSION = 1

VARIANTS = ("female", "male")
VIEWS = ("sagittal", "axial", "posterior")
IMAGE_VIEW_PREFIX = "image:"   # marks on a key image: view = "image:<image id>"
IMAGE_KINDS = ("png", "jpeg", "dicom-gray16")
APPEARANCES = ("unknown", "cystic", "solid", "mixed")
APPROACH_KINDS = ("", "posterior", "anterior", "combined")
APPROACH_STATUSES = ("suggested", "confirmed", "overridden")
LANGUAGES = ("en", "es")

# Generous bounds that no real consultation reaches; they keep a hostile file from
# exhausting memory or the renderer.
MAX_TEXT = 100_000
MAX_SHORT_TEXT = 500
MAX_ITEMS = 500
MAX_POINTS = MAX_STROKE_POINTS   # points of one pen stroke (see model/limits.py)
MAX_COORD = 1_000_000.0
# key images (see model/images.py): limits shared by import and by loading a saved file
MAX_IMAGES = 5
MAX_IMAGE_SIDE = 4096
MAX_IMAGES_TOTAL_BYTES = 40 * 1024 * 1024   # pixel data of all images of one visit together
# in-plane pixel spacing of a scan (mm per pixel): anything outside is a broken header
MIN_SPACING_MM = 0.01
MAX_SPACING_MM = 10.0
_IMAGE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# the consultation's lists of marks, in drawing order (shapes under pen strokes, stamps on top)
MARK_LISTS = ("lesions", "shapes", "strokes", "arrows", "stamps", "texts")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ConsultationError(ValueError):
    """A consultation document is invalid. ``field`` is the dotted path of the bad field."""

    def __init__(self, field_path: str, problem: str):
        self.field = field_path
        self.problem = problem
        super().__init__(f"{field_path}: {problem}" if field_path else problem)


def new_id() -> str:
    return os.urandom(6).hex()   # 12 random hex digits (uuid costs its platform import)


def today_iso() -> str:
    return _dt.date.today().isoformat()


# --------------------------------------------------------------------------- validators
def _require_mapping(data: Any, path: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ConsultationError(path, "expected an object")
    return data


def _str(data: dict[str, Any], key: str, path: str, default: str = "", *,
         limit: int = MAX_SHORT_TEXT, choices: tuple[str, ...] | None = None) -> str:
    where = f"{path}.{key}" if path else key
    value = data.get(key, default)
    if value is None:
        value = default
    if not isinstance(value, str):
        raise ConsultationError(where, "expected text")
    if len(value) > limit:
        raise ConsultationError(where, f"text longer than {limit} characters")
    if choices is not None and value not in choices:
        raise ConsultationError(where, "expected one of " + ", ".join(repr(c) for c in choices))
    return strip_bidi(value)


def _date(data: dict[str, Any], key: str, path: str, *, required: bool = False) -> str:
    where = f"{path}.{key}" if path else key
    value = _str(data, key, path, limit=10)
    if not value:
        if required:
            raise ConsultationError(where, "a date (YYYY-MM-DD) is required")
        return ""
    if not _DATE.fullmatch(value):  # fromisoformat also takes 2026-W01-1 and 20260101
        raise ConsultationError(where, "expected a date as YYYY-MM-DD")
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        raise ConsultationError(where, "expected a date as YYYY-MM-DD") from None
    return value


@overload
def _num(data: dict[str, Any], key: str, path: str, default: float | None = None, *,
         optional: Literal[False] = False, positive: bool = False) -> float: ...
@overload
def _num(data: dict[str, Any], key: str, path: str, default: float | None = None, *,
         optional: Literal[True], positive: bool = False) -> float | None: ...
def _num(data: dict[str, Any], key: str, path: str, default: float | None = None, *,
         optional: bool = False, positive: bool = False) -> float | None:
    where = f"{path}.{key}" if path else key
    value = data.get(key, default)
    if value is None:
        if optional:
            return None
        raise ConsultationError(where, "a number is required")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConsultationError(where, "expected a number")
    if isinstance(value, int) and abs(value) > MAX_COORD:  # before float(): 1e309 overflows
        raise ConsultationError(where, "number out of range")
    value = float(value)
    if not math.isfinite(value) or abs(value) > MAX_COORD:
        raise ConsultationError(where, "number out of range")
    if positive and value <= 0:
        raise ConsultationError(where, "expected a number greater than zero")
    return value


def _str_list(data: dict[str, Any], key: str, path: str) -> list[str]:
    where = f"{path}.{key}" if path else key
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConsultationError(where, "expected a list of ids")
    if len(value) > MAX_ITEMS:
        raise ConsultationError(where, f"more than {MAX_ITEMS} entries")
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item or len(item) > 100:
            raise ConsultationError(f"{where}[{i}]", "expected a non-empty id")
        if item not in out:
            out.append(item)
    return out


def _list_of(data: dict[str, Any], key: str, path: str, cls: Any) -> list[Any]:
    where = f"{path}.{key}" if path else key
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConsultationError(where, "expected a list")
    if len(value) > MAX_ITEMS:
        raise ConsultationError(where, f"more than {MAX_ITEMS} entries")
    return [cls.from_dict(item, f"{where}[{i}]") for i, item in enumerate(value)]


def _color(data: dict[str, Any], key: str, path: str, default: str) -> str:
    value = _str(data, key, path, default, limit=9)
    if not (value.startswith("#") and len(value) in (7, 9)
            and all(c in "0123456789abcdefABCDEF" for c in value[1:])):
        raise ConsultationError(f"{path}.{key}", "expected a color like #0072B2")
    return value


def _view(data: dict[str, Any], path: str) -> str:
    """A drawing's view ('sagittal', 'axial', 'posterior') or 'image:<id>' (the image must
    exist: checked by Consultation)."""
    value = _str(data, "view", path, "sagittal", limit=100)
    if value in VIEWS:
        return value
    if value.startswith(IMAGE_VIEW_PREFIX) and _IMAGE_ID.fullmatch(value[len(IMAGE_VIEW_PREFIX):]):
        return value
    raise ConsultationError(f"{path}.view",
                            "expected one of 'sagittal', 'axial', 'posterior' or "
                            "'image:<image id>'")


def _points(data: dict[str, Any], path: str) -> list[tuple[float, float]]:
    raw = data.get("points", [])
    if not isinstance(raw, list):
        raise ConsultationError(f"{path}.points", "expected a list of [x, y] points")
    if len(raw) > MAX_POINTS:
        raise ConsultationError(f"{path}.points", f"more than {MAX_POINTS} points in one "
                                "stroke or shape")
    points: list[tuple[float, float]] = []
    for i, p in enumerate(raw):
        if not isinstance(p, list) or len(p) != 2:
            raise ConsultationError(f"{path}.points[{i}]", "expected [x, y]")
        pd = {"x": p[0], "y": p[1]}
        points.append((_num(pd, "x", f"{path}.points[{i}]"),
                       _num(pd, "y", f"{path}.points[{i}]")))
    return points


def _bool(data: dict[str, Any], key: str, path: str, default: bool = False) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ConsultationError(f"{path}.{key}", "expected true or false")
    return value


def _id(data: dict[str, Any], path: str) -> str:
    value = _str(data, "id", path, limit=64)
    return value or new_id()


# ------------------------------------------------------------------------------ parts
@dataclass
class Patient:
    """All optional: a de-identified consultation is allowed."""

    name: str = ""
    date_of_birth: str = ""  # ISO date or ""
    record_number: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "date_of_birth": self.date_of_birth,
                "record_number": self.record_number}

    @classmethod
    def from_dict(cls, data: Any, path: str = "patient") -> Patient:
        data = _require_mapping(data, path)
        return cls(name=_str(data, "name", path),
                   date_of_birth=_date(data, "date_of_birth", path),
                   record_number=_str(data, "record_number", path, limit=100))

    def is_empty(self) -> bool:
        return not (self.name or self.date_of_birth or self.record_number)


@dataclass
class Lesion:
    """A lesion marker: an ellipse in diagram units, rotated clockwise by ``rotation`` degrees."""

    id: str = field(default_factory=new_id)
    view: str = "sagittal"
    number: int = 1
    cx: float = 0.0
    cy: float = 0.0
    rx: float = 20.0
    ry: float = 15.0
    rotation: float = 0.0
    label: str = ""
    appearance: str = "unknown"
    length_cm: float | None = None
    width_cm: float | None = None
    suspected_type: str = ""       # a content item id (tumour_types) or ""
    suspected_type_text: str = ""  # free text when no listed type fits
    approach: str = ""             # "", posterior, anterior, combined
    approach_reason: str = ""
    approach_status: str = "suggested"
    color: str = "#D55E00"

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Any, path: str = "lesion") -> Lesion:
        data = _require_mapping(data, path)
        number = data.get("number", 1)
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 999:
            raise ConsultationError(f"{path}.number", "expected a whole number from 1 to 999")
        return cls(
            id=_id(data, path), view=_view(data, path),
            number=number,
            cx=_num(data, "cx", path), cy=_num(data, "cy", path),
            rx=_num(data, "rx", path, positive=True), ry=_num(data, "ry", path, positive=True),
            rotation=_num(data, "rotation", path, 0.0),
            label=_str(data, "label", path),
            appearance=_str(data, "appearance", path, "unknown", choices=APPEARANCES),
            length_cm=_num(data, "length_cm", path, optional=True, positive=True),
            width_cm=_num(data, "width_cm", path, optional=True, positive=True),
            suspected_type=_str(data, "suspected_type", path, limit=100),
            suspected_type_text=_str(data, "suspected_type_text", path),
            approach=_str(data, "approach", path, "", choices=APPROACH_KINDS),
            approach_reason=_str(data, "approach_reason", path, limit=2000),
            approach_status=_str(data, "approach_status", path, "suggested",
                                 choices=APPROACH_STATUSES),
            color=_color(data, "color", path, "#D55E00"),
        )


@dataclass
class Stroke:
    """A freehand pen stroke: a polyline in diagram units. ``highlight``: drawn with the
    highlighter (wide, translucent ink); written only when true, so pen strokes keep their
    old form."""

    id: str = field(default_factory=new_id)
    view: str = "sagittal"
    points: list[tuple[float, float]] = field(default_factory=list)
    color: str = "#0072B2"
    width: float = 3.0
    highlight: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "view": self.view,
                               "points": [list(p) for p in self.points],
                               "color": self.color, "width": self.width}
        if self.highlight:
            out["highlight"] = True
        return out

    @classmethod
    def from_dict(cls, data: Any, path: str = "stroke") -> Stroke:
        data = _require_mapping(data, path)
        return cls(id=_id(data, path), view=_view(data, path),
                   points=_points(data, path), color=_color(data, "color", path, "#0072B2"),
                   width=_num(data, "width", path, 3.0, positive=True),
                   highlight=_bool(data, "highlight", path))


@dataclass
class Arrow:
    id: str = field(default_factory=new_id)
    view: str = "sagittal"
    x1: float = 0.0
    y1: float = 0.0
    x2: float = 0.0
    y2: float = 0.0
    color: str = "#0072B2"
    width: float = 3.0

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Any, path: str = "arrow") -> Arrow:
        data = _require_mapping(data, path)
        return cls(id=_id(data, path), view=_view(data, path),
                   x1=_num(data, "x1", path), y1=_num(data, "y1", path),
                   x2=_num(data, "x2", path), y2=_num(data, "y2", path),
                   color=_color(data, "color", path, "#0072B2"),
                   width=_num(data, "width", path, 3.0, positive=True))


@dataclass
class TextNote:
    id: str = field(default_factory=new_id)
    view: str = "sagittal"
    x: float = 0.0
    y: float = 0.0
    text: str = ""
    color: str = "#000000"

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Any, path: str = "text") -> TextNote:
        data = _require_mapping(data, path)
        return cls(id=_id(data, path), view=_view(data, path),
                   x=_num(data, "x", path), y=_num(data, "y", path),
                   text=_str(data, "text", path, limit=2000),
                   color=_color(data, "color", path, "#000000"))


@dataclass
class Shape:
    """A drawn shape: an ellipse or rectangle (centre, half-sizes, clockwise rotation in
    degrees, like a lesion marker) or a freeform closed area (``points``, closed back to the
    first). ``fill``: the inside is tinted in the colour."""

    id: str = field(default_factory=new_id)
    view: str = "sagittal"
    kind: str = "ellipse"
    cx: float = 0.0
    cy: float = 0.0
    rx: float = 20.0
    ry: float = 20.0
    rotation: float = 0.0
    points: list[tuple[float, float]] = field(default_factory=list)
    color: str = "#0072B2"
    width: float = 3.0
    fill: bool = True

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "view": self.view, "kind": self.kind,
                               "color": self.color, "width": self.width, "fill": self.fill}
        if self.kind == "area":
            out["points"] = [list(p) for p in self.points]
        else:
            out.update(cx=self.cx, cy=self.cy, rx=self.rx, ry=self.ry, rotation=self.rotation)
        return out

    @classmethod
    def from_dict(cls, data: Any, path: str = "shape") -> Shape:
        data = _require_mapping(data, path)
        kind = _str(data, "kind", path, "ellipse", choices=SHAPE_KINDS)
        shape = cls(id=_id(data, path), view=_view(data, path), kind=kind,
                    color=_color(data, "color", path, "#0072B2"),
                    width=_num(data, "width", path, 3.0, positive=True),
                    fill=_bool(data, "fill", path, True))
        if kind == "area":
            shape.points = _points(data, path)
            if len(shape.points) < 3:
                raise ConsultationError(f"{path}.points", "an area needs at least 3 points")
            return shape
        shape.cx, shape.cy = _num(data, "cx", path), _num(data, "cy", path)
        shape.rx = _num(data, "rx", path, positive=True)
        shape.ry = _num(data, "ry", path, positive=True)
        shape.rotation = _num(data, "rotation", path, 0.0)
        return shape


@dataclass
class Stamp:
    """A surgical stamp (an incision, a drain, a stoma, ...; ``model.stamps`` draws and names
    each kind) at (x, y), turned clockwise by ``rotation`` degrees and scaled by ``size``.
    ``level``: the sacral segment of a "level of sacral removal" stamp ("S1".."S5")."""

    id: str = field(default_factory=new_id)
    view: str = "sagittal"
    kind: str = "posterior_incision"
    x: float = 0.0
    y: float = 0.0
    rotation: float = 0.0
    size: float = 1.0
    color: str = "#000000"
    level: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        if not self.level:
            del out["level"]
        return out

    @classmethod
    def from_dict(cls, data: Any, path: str = "stamp") -> Stamp:
        data = _require_mapping(data, path)
        size = _num(data, "size", path, 1.0, positive=True)
        if not MIN_SIZE <= size <= MAX_SIZE:
            raise ConsultationError(f"{path}.size", f"expected a number from {MIN_SIZE:g} to "
                                    f"{MAX_SIZE:g}")
        return cls(id=_id(data, path), view=_view(data, path),
                   kind=_str(data, "kind", path, "", choices=STAMP_KINDS),
                   x=_num(data, "x", path), y=_num(data, "y", path),
                   rotation=_num(data, "rotation", path, 0.0), size=size,
                   color=_color(data, "color", path, "#000000"),
                   level=_str(data, "level", path, "", choices=("",) + SACRAL_LEVELS))


@dataclass
class KeyImage:
    """One of the patient's own key images (an MRI/CT slice or a viewer screenshot).

    Only pixels and display fields are kept — never DICOM header identity fields.
    ``png`` / ``jpeg``: ``data`` is the original file. ``dicom-gray16``: ``data`` is
    ``width*height`` little-endian 16-bit stored values (``signed`` says how to read them);
    modality value = stored * ``rescale_slope`` + ``rescale_intercept``; ``invert`` for
    MONOCHROME1. Mark coordinates on the image are image pixel coordinates.

    ``row_spacing_mm`` / ``column_spacing_mm``: the scan's in-plane pixel spacing (DICOM
    PixelSpacing: the distance between rows, i.e. vertical, then between columns, i.e.
    horizontal), both or neither; None for a screenshot, whose pixels have no known size.
    """

    id: str = field(default_factory=new_id)
    caption: str = ""
    kind: str = "png"
    width: int = 1
    height: int = 1
    data: bytes = b""
    window_center: float | None = None
    window_width: float | None = None
    modality: str = ""
    signed: bool = False
    rescale_slope: float = 1.0
    rescale_intercept: float = 0.0
    invert: bool = False
    row_spacing_mm: float | None = None
    column_spacing_mm: float | None = None

    @property
    def view_name(self) -> str:
        return IMAGE_VIEW_PREFIX + self.id

    @property
    def has_spacing(self) -> bool:
        """True when the size of a pixel is known, so marks on the image can be measured."""
        return valid_spacing(self.row_spacing_mm) is not None \
            and valid_spacing(self.column_spacing_mm) is not None

    @property
    def is_dicom(self) -> bool:
        return self.kind == "dicom-gray16"

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "caption": self.caption, "kind": self.kind,
                "width": self.width, "height": self.height,
                "window_center": self.window_center, "window_width": self.window_width,
                "modality": self.modality, "signed": self.signed,
                "rescale_slope": self.rescale_slope,
                "rescale_intercept": self.rescale_intercept, "invert": self.invert,
                "data": base64.b64encode(self.data).decode("ascii")}
        if self.row_spacing_mm is not None or self.column_spacing_mm is not None:
            # written only when known: files of screenshots stay as before
            out["row_spacing_mm"] = self.row_spacing_mm
            out["column_spacing_mm"] = self.column_spacing_mm
        return out

    @classmethod
    def from_dict(cls, data: Any, path: str = "image") -> KeyImage:
        data = _require_mapping(data, path)
        image_id = _str(data, "id", path, limit=64)
        if not _IMAGE_ID.fullmatch(image_id):
            raise ConsultationError(f"{path}.id", "expected letters, digits, '-' or '_'")
        kind = _str(data, "kind", path, "", choices=IMAGE_KINDS)
        size = {}
        for key in ("width", "height"):
            value = data.get(key)
            if isinstance(value, bool) or not isinstance(value, int) \
                    or not 1 <= value <= MAX_IMAGE_SIDE:
                raise ConsultationError(f"{path}.{key}",
                                        f"expected a whole number from 1 to {MAX_IMAGE_SIDE}")
            size[key] = value
        encoded = data.get("data")
        if not isinstance(encoded, str) or len(encoded) > MAX_IMAGES_TOTAL_BYTES * 4 // 3 + 8:
            raise ConsultationError(f"{path}.data", "expected base64 image data")
        try:
            raw = base64.b64decode(encoded.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise ConsultationError(f"{path}.data", "expected base64 image data") from None
        if kind == "dicom-gray16" and len(raw) != size["width"] * size["height"] * 2:
            raise ConsultationError(f"{path}.data", "pixel data does not match width × height")
        if kind == "png" and not raw.startswith(b"\x89PNG\r\n\x1a\n"):
            raise ConsultationError(f"{path}.data", "expected PNG data")
        if kind == "jpeg" and not raw.startswith(b"\xff\xd8"):
            raise ConsultationError(f"{path}.data", "expected JPEG data")
        flags = {}
        for key in ("signed", "invert"):
            value = data.get(key, False)
            if not isinstance(value, bool):
                raise ConsultationError(f"{path}.{key}", "expected true or false")
            flags[key] = value
        spacing = {}
        for key in ("row_spacing_mm", "column_spacing_mm"):
            value = _num(data, key, path, optional=True)
            if value is not None and valid_spacing(value) is None:
                raise ConsultationError(f"{path}.{key}", f"expected a number of millimeters "
                                        f"from {MIN_SPACING_MM:g} to {MAX_SPACING_MM:g}")
            spacing[key] = value
        if (spacing["row_spacing_mm"] is None) != (spacing["column_spacing_mm"] is None):
            missing = "row_spacing_mm" if spacing["row_spacing_mm"] is None \
                else "column_spacing_mm"
            raise ConsultationError(f"{path}.{missing}", "both pixel spacings are needed, or "
                                    "neither")
        return cls(id=image_id, caption=_str(data, "caption", path, limit=200), kind=kind,
                   width=size["width"], height=size["height"], data=raw,
                   window_center=_num(data, "window_center", path, optional=True),
                   window_width=_num(data, "window_width", path, optional=True, positive=True),
                   modality=_str(data, "modality", path, limit=16),
                   signed=flags["signed"],
                   rescale_slope=_num(data, "rescale_slope", path, 1.0),
                   rescale_intercept=_num(data, "rescale_intercept", path, 0.0),
                   invert=flags["invert"], **spacing)


def valid_spacing(value: Any) -> float | None:
    """A pixel spacing in millimetres as a float, or None if it is missing or not sane
    (not a number, not finite, or outside MIN_SPACING_MM..MAX_SPACING_MM)."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(number) or not MIN_SPACING_MM <= number <= MAX_SPACING_MM:
        return None
    return number


# ------------------------------------------------------------------------ consultation
@dataclass
class Consultation:
    patient: Patient = field(default_factory=Patient)
    visit_date: str = field(default_factory=today_iso)
    clinician: str = ""
    language: str = "en"
    variant: str = "female"
    view: str = "sagittal"
    symptoms: list[str] = field(default_factory=list)
    tests: list[str] = field(default_factory=list)
    treatments_discussed: list[str] = field(default_factory=list)
    treatments_planned: list[str] = field(default_factory=list)
    notes: str = ""
    lesions: list[Lesion] = field(default_factory=list)
    strokes: list[Stroke] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)
    texts: list[TextNote] = field(default_factory=list)
    images: list[KeyImage] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    stamps: list[Stamp] = field(default_factory=list)

    # ticked lists, keyed by the name the UI and the PDF use
    CHECKLISTS = ("symptoms", "tests", "treatments_discussed", "treatments_planned")

    def to_dict(self) -> dict[str, Any]:
        data = {
            "schema_version": SCHEMA_VERSION,
            "patient": self.patient.to_dict(),
            "visit_date": self.visit_date,
            "clinician": self.clinician,
            "language": self.language,
            "variant": self.variant,
            "view": self.view,
            "symptoms": list(self.symptoms),
            "tests": list(self.tests),
            "treatments_discussed": list(self.treatments_discussed),
            "treatments_planned": list(self.treatments_planned),
            "notes": self.notes,
            "lesions": [x.to_dict() for x in self.lesions],
            "strokes": [x.to_dict() for x in self.strokes],
            "arrows": [x.to_dict() for x in self.arrows],
            "texts": [x.to_dict() for x in self.texts],
        }
        if self.images:  # absent when there are none: files without images stay as before
            data["images"] = [x.to_dict() for x in self.images]
        for group in ("shapes", "stamps"):   # the same: optional, absent when empty
            if getattr(self, group):
                data[group] = [x.to_dict() for x in getattr(self, group)]
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Consultation:
        data = _require_mapping(data, "")
        version = data.get("schema_version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise ConsultationError("schema_version", "missing or not a whole number")
        if version > SCHEMA_VERSION:
            shown = version if version < 10_000 else "unknown"  # one short line
            raise ConsultationError(
                "schema_version",
                f"this file was written by a newer version of the app (format {shown}; "
                f"this version reads up to {SCHEMA_VERSION}). Please update the app.")
        if version < 1:
            raise ConsultationError("schema_version", "unknown format version")
        _check_counts(data)
        consultation = cls(
            patient=Patient.from_dict(data.get("patient", {}) or {}),
            visit_date=_date(data, "visit_date", "", required=True),
            clinician=_str(data, "clinician", ""),
            language=_str(data, "language", "", "en", choices=LANGUAGES),
            variant=_str(data, "variant", "", "female", choices=VARIANTS),
            view=_str(data, "view", "", "sagittal", choices=VIEWS),
            symptoms=_str_list(data, "symptoms", ""),
            tests=_str_list(data, "tests", ""),
            treatments_discussed=_str_list(data, "treatments_discussed", ""),
            treatments_planned=_str_list(data, "treatments_planned", ""),
            notes=_str(data, "notes", "", limit=MAX_TEXT),
            lesions=_list_of(data, "lesions", "", Lesion),
            strokes=_list_of(data, "strokes", "", Stroke),
            arrows=_list_of(data, "arrows", "", Arrow),
            texts=_list_of(data, "texts", "", TextNote),
            images=_list_of(data, "images", "", KeyImage),
            shapes=_list_of(data, "shapes", "", Shape),
            stamps=_list_of(data, "stamps", "", Stamp),
        )
        ids = [a.id for group in MARK_LISTS for a in getattr(consultation, group)]
        if len(ids) != len(set(ids)):
            raise ConsultationError("annotations", "two marks share the same id")
        _check_images(consultation)
        found = limits.problem(consultation)
        if found is not None:
            raise ConsultationError(*found)
        return consultation

    # ------------------------------------------------------------------ helpers
    def image(self, image_id: str) -> KeyImage | None:
        for image in self.images:
            if image.id == image_id:
                return image
        return None

    def marks_in(self, view: str) -> dict[str, list[Any]]:
        """The annotations drawn on one view (each view keeps its own marks)."""
        return {group: [x for x in getattr(self, group) if x.view == view]
                for group in MARK_LISTS}

    def sensitive_strings(self) -> list[str]:
        """Values that must never reach a log line or an error message."""
        values = [self.patient.name, self.patient.date_of_birth, self.patient.record_number,
                  self.notes]
        values += [t.text for t in self.texts] + [x.label for x in self.lesions]
        values += [x.caption for x in self.images]
        return [v for v in values if v and len(v) >= 3]


def _check_counts(data: dict[str, Any]) -> None:
    """The mark and point limits (model/limits.py) on the raw lists, before a single mark is
    built: a file far over them is refused at once instead of after building it."""
    groups = [data.get(g) for g in limits.GROUPS]
    if sum(len(g) for g in groups if isinstance(g, list)) > limits.MAX_MARKS:
        raise ConsultationError("annotations", f"more than {limits.MAX_MARKS} marks in one visit")
    drawn = [m for g in limits.POINT_GROUPS if isinstance(data.get(g), list) for m in data[g]]
    if drawn:
        points = sum(len(m["points"]) for m in drawn
                     if isinstance(m, dict) and isinstance(m.get("points"), list))
        if points > limits.MAX_VISIT_POINTS:
            raise ConsultationError("strokes", f"more than {limits.MAX_VISIT_POINTS} pen points "
                                    "in one visit")


def _check_images(consultation: Consultation) -> None:
    """Image count, total size, unique ids, and every image mark on an existing image."""
    images = consultation.images
    if len(images) > MAX_IMAGES:
        raise ConsultationError("images", f"more than {MAX_IMAGES} images")
    if sum(len(x.data) for x in images) > MAX_IMAGES_TOTAL_BYTES:
        raise ConsultationError("images", "the images are larger than the app allows together")
    ids = [x.id for x in images]
    if len(ids) != len(set(ids)):
        raise ConsultationError("images", "two images share the same id")
    known = {x.view_name for x in images}
    for group in MARK_LISTS:
        for i, mark in enumerate(getattr(consultation, group)):
            if mark.view.startswith(IMAGE_VIEW_PREFIX) and mark.view not in known:
                raise ConsultationError(f"{group}[{i}].view", "refers to an image that is not "
                                        "in this file")
