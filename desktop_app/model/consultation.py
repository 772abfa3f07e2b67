"""The Consultation: everything the surgeon enters during one visit.

Pure Python (no Qt) so it can be saved, loaded, validated and exported without a display.
Annotations are stored in *diagram coordinates* (the SVG user units of the anatomy drawing).

Validation errors name the field (``lesions[2].rx``) and what was expected, never the value:
values may be patient data and error messages can end up in logs.
"""

from __future__ import annotations

import datetime as _dt
import math
import uuid
from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA_VERSION = 1

VARIANTS = ("female", "male")
VIEWS = ("sagittal", "axial")
APPEARANCES = ("unknown", "cystic", "solid", "mixed")
APPROACH_KINDS = ("", "posterior", "anterior", "combined")
APPROACH_STATUSES = ("suggested", "confirmed", "overridden")
LANGUAGES = ("en", "es")

# Generous bounds that no real consultation reaches; they keep a hostile file from
# exhausting memory or the renderer.
MAX_TEXT = 100_000
MAX_SHORT_TEXT = 500
MAX_ITEMS = 500
MAX_POINTS = 20_000
MAX_COORD = 1_000_000.0


class ConsultationError(ValueError):
    """A consultation document is invalid. ``field`` is the dotted path of the bad field."""

    def __init__(self, field_path: str, problem: str):
        self.field = field_path
        self.problem = problem
        super().__init__(f"{field_path}: {problem}" if field_path else problem)


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def today_iso() -> str:
    return _dt.date.today().isoformat()


# --------------------------------------------------------------------------- validators
def _require_mapping(data: Any, path: str) -> dict:
    if not isinstance(data, dict):
        raise ConsultationError(path, "expected an object")
    return data


def _str(data: dict, key: str, path: str, default: str = "", *, limit: int = MAX_SHORT_TEXT,
         choices: tuple[str, ...] | None = None) -> str:
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
    return value


def _date(data: dict, key: str, path: str, *, required: bool = False) -> str:
    where = f"{path}.{key}" if path else key
    value = _str(data, key, path, limit=10)
    if not value:
        if required:
            raise ConsultationError(where, "a date (YYYY-MM-DD) is required")
        return ""
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        raise ConsultationError(where, "expected a date as YYYY-MM-DD") from None
    if len(value) != 10:
        raise ConsultationError(where, "expected a date as YYYY-MM-DD")
    return value


def _num(data: dict, key: str, path: str, default: float | None = None, *,
         optional: bool = False, positive: bool = False) -> float | None:
    where = f"{path}.{key}" if path else key
    value = data.get(key, default)
    if value is None:
        if optional:
            return None
        raise ConsultationError(where, "a number is required")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConsultationError(where, "expected a number")
    value = float(value)
    if not math.isfinite(value) or abs(value) > MAX_COORD:
        raise ConsultationError(where, "number out of range")
    if positive and value <= 0:
        raise ConsultationError(where, "expected a number greater than zero")
    return value


def _str_list(data: dict, key: str, path: str) -> list[str]:
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


def _list_of(data: dict, key: str, path: str, cls) -> list:
    where = f"{path}.{key}" if path else key
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConsultationError(where, "expected a list")
    if len(value) > MAX_ITEMS:
        raise ConsultationError(where, f"more than {MAX_ITEMS} entries")
    return [cls.from_dict(item, f"{where}[{i}]") for i, item in enumerate(value)]


def _color(data: dict, key: str, path: str, default: str) -> str:
    value = _str(data, key, path, default, limit=9)
    if not (value.startswith("#") and len(value) in (7, 9)
            and all(c in "0123456789abcdefABCDEF" for c in value[1:])):
        raise ConsultationError(f"{path}.{key}", "expected a colour like #0072B2")
    return value


def _id(data: dict, path: str) -> str:
    value = _str(data, "id", path, limit=64)
    return value or new_id()


# ------------------------------------------------------------------------------ parts
@dataclass
class Patient:
    """All optional: a de-identified consultation is allowed."""

    name: str = ""
    date_of_birth: str = ""  # ISO date or ""
    record_number: str = ""

    def to_dict(self) -> dict:
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

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Any, path: str = "lesion") -> Lesion:
        data = _require_mapping(data, path)
        number = data.get("number", 1)
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 999:
            raise ConsultationError(f"{path}.number", "expected a whole number from 1 to 999")
        return cls(
            id=_id(data, path), view=_str(data, "view", path, "sagittal", choices=VIEWS),
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
    """A freehand pen stroke: a polyline in diagram units."""

    id: str = field(default_factory=new_id)
    view: str = "sagittal"
    points: list[tuple[float, float]] = field(default_factory=list)
    color: str = "#0072B2"
    width: float = 3.0

    def to_dict(self) -> dict:
        return {"id": self.id, "view": self.view, "points": [list(p) for p in self.points],
                "color": self.color, "width": self.width}

    @classmethod
    def from_dict(cls, data: Any, path: str = "stroke") -> Stroke:
        data = _require_mapping(data, path)
        raw = data.get("points", [])
        if not isinstance(raw, list) or len(raw) > MAX_POINTS:
            raise ConsultationError(f"{path}.points", "expected a list of [x, y] points")
        points = []
        for i, p in enumerate(raw):
            if not isinstance(p, list) or len(p) != 2:
                raise ConsultationError(f"{path}.points[{i}]", "expected [x, y]")
            pd = {"x": p[0], "y": p[1]}
            points.append((_num(pd, "x", f"{path}.points[{i}]"),
                           _num(pd, "y", f"{path}.points[{i}]")))
        return cls(id=_id(data, path), view=_str(data, "view", path, "sagittal", choices=VIEWS),
                   points=points, color=_color(data, "color", path, "#0072B2"),
                   width=_num(data, "width", path, 3.0, positive=True))


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

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Any, path: str = "arrow") -> Arrow:
        data = _require_mapping(data, path)
        return cls(id=_id(data, path), view=_str(data, "view", path, "sagittal", choices=VIEWS),
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

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Any, path: str = "text") -> TextNote:
        data = _require_mapping(data, path)
        return cls(id=_id(data, path), view=_str(data, "view", path, "sagittal", choices=VIEWS),
                   x=_num(data, "x", path), y=_num(data, "y", path),
                   text=_str(data, "text", path, limit=2000),
                   color=_color(data, "color", path, "#000000"))


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

    # ticked lists, keyed by the name the UI and the PDF use
    CHECKLISTS = ("symptoms", "tests", "treatments_discussed", "treatments_planned")

    def to_dict(self) -> dict:
        return {
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

    @classmethod
    def from_dict(cls, data: Any) -> Consultation:
        data = _require_mapping(data, "")
        version = data.get("schema_version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise ConsultationError("schema_version", "missing or not a whole number")
        if version > SCHEMA_VERSION:
            raise ConsultationError(
                "schema_version",
                f"this file was written by a newer version of the app (format {version}; "
                f"this version reads up to {SCHEMA_VERSION}). Please update the app.")
        if version < 1:
            raise ConsultationError("schema_version", "unknown format version")
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
        )
        ids = [a.id for group in (consultation.lesions, consultation.strokes,
                                  consultation.arrows, consultation.texts) for a in group]
        if len(ids) != len(set(ids)):
            raise ConsultationError("annotations", "two marks share the same id")
        return consultation

    # ------------------------------------------------------------------ helpers
    def marks_in(self, view: str) -> dict[str, list]:
        """The annotations drawn on one view (each view keeps its own marks)."""
        return {
            "lesions": [x for x in self.lesions if x.view == view],
            "strokes": [x for x in self.strokes if x.view == view],
            "arrows": [x for x in self.arrows if x.view == view],
            "texts": [x for x in self.texts if x.view == view],
        }

    def next_lesion_number(self) -> int:
        return max((lesion.number for lesion in self.lesions), default=0) + 1

    def sensitive_strings(self) -> list[str]:
        """Values that must never reach a log line or an error message."""
        values = [self.patient.name, self.patient.date_of_birth, self.patient.record_number,
                  self.notes]
        values += [t.text for t in self.texts] + [x.label for x in self.lesions]
        return [v for v in values if v and len(v) >= 3]
