"""One frame's display and geometry fields, from the top level or the functional groups.

Enhanced multi-frame objects (Enhanced MR / CT, Siemens XA, Philips, Canon) keep pixel spacing,
rescale, window, plane, position and frame type in the Shared Functional Groups (one item for
every frame) and the Per-Frame Functional Groups (one item a frame), not at the top level
(PS3.3 C.7.6.16). :func:`frame_info` merges the three in the standard's order — a per-frame
value wins over a shared one, which wins over the top level — for the scan listing (order,
stacks) and for decoding (rescale, window, spacing) alike.

Pure Python, no numpy: works on a whole dataset or on a header read with ``specific_tags``.
Every value is checked; a malformed one reads as missing, never raises.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from typing import Any

from desktop_app.model.consultation import valid_spacing

SHARED = 0x52009229          # SharedFunctionalGroupsSequence
PER_FRAME = 0x52009230       # PerFrameFunctionalGroupsSequence

# (functional group macro, attribute inside it) for each field, by keyword
GROUPS = {
    "spacing": ("PixelMeasuresSequence", "PixelSpacing"),
    "slope": ("PixelValueTransformationSequence", "RescaleSlope"),
    "intercept": ("PixelValueTransformationSequence", "RescaleIntercept"),
    "center": ("FrameVOILUTSequence", "WindowCenter"),
    "width": ("FrameVOILUTSequence", "WindowWidth"),
    "position": ("PlanePositionSequence", "ImagePositionPatient"),
    "orientation": ("PlaneOrientationSequence", "ImageOrientationPatient"),
    "stack": ("FrameContentSequence", "StackID"),
    "in_stack": ("FrameContentSequence", "InStackPositionNumber"),
    "temporal": ("FrameContentSequence", "TemporalPositionIndex"),
    "echo_time": ("MREchoSequence", "EffectiveEchoTime"),
    "b_value": ("MRDiffusionSequence", "DiffusionBValue"),
}
FRAME_TYPE_GROUPS = ("MRImageFrameTypeSequence", "CTImageFrameTypeSequence",
                     "XAXRFFrameCharacteristicsSequence")
# Siemens keeps diffusion in its private "SIEMENS MR HEADER" block of group 0019
SIEMENS_CREATOR = 0x00190010
SIEMENS_B_VALUE = 0x0019100C
SIEMENS_DIRECTION = 0x0019100E


@dataclass(frozen=True)
class FrameInfo:
    """What one frame needs for its place in a stack and for its display."""
    spacing: tuple[float, float] | None = None       # (row, column) mm
    slope: float | None = None
    intercept: float | None = None
    center: float | None = None
    width: float | None = None
    position: tuple[float, float, float] | None = None
    orientation: tuple[float, ...] | None = None     # six direction cosines
    stack: str = ""
    in_stack: int | None = None
    temporal: int | None = None
    echo: float | None = None       # echo number (classic) or effective echo time (enhanced)
    b_value: float | None = None
    direction: tuple[float, float, float] | None = None
    image_type: str = ""            # "ORIGINAL\\PRIMARY\\M\\..." as in the header


def per_frame_items(ds: Any, frames: int) -> list[Any]:
    """The per-frame items (at most ``frames`` of them; [] when there are none)."""
    items = _get(ds, PER_FRAME)
    if items is None:
        return []
    try:
        return list(items[:frames]) if hasattr(items, "__getitem__") else []
    except Exception:  # noqa: BLE001 - a malformed sequence reads as missing
        return []


def shared_item(ds: Any) -> Any:
    items = _get(ds, SHARED)
    try:
        return items[0] if items is not None and len(items) else None
    except Exception:  # noqa: BLE001 - a malformed item or value reads as missing
        return None


_UNSET: Any = object()


def frame_info(ds: Any, frame: int = 0, shared: Any = _UNSET,
               per_frame: Any = _UNSET) -> FrameInfo:
    """Fields for ``frame`` of ``ds``. ``shared`` / ``per_frame``: the functional group
    items (or None) when the caller already has them (the listing walks all frames once)."""
    if shared is _UNSET:
        shared = shared_item(ds)
    if per_frame is _UNSET:
        items = per_frame_items(ds, frame + 1)
        per_frame = items[frame] if frame < len(items) else None
    sources = [s for s in (per_frame, shared) if s is not None]

    def value(name: str) -> Any:
        macro, keyword = GROUPS[name]
        for source in sources:
            group = _get(source, macro)
            try:
                if group is not None and len(group):
                    found = _get(group[0], keyword)
                    if found is not None and found != "":
                        return found
            except Exception:  # noqa: BLE001 - a malformed group reads as missing
                continue
        return _get(ds, keyword)

    return FrameInfo(
        spacing=_pair(value("spacing")),
        slope=_number(value("slope")), intercept=_number(value("intercept")),
        center=_number(value("center")), width=_number(value("width")),
        position=_vector(value("position"), 3),       # type: ignore[arg-type]
        orientation=_vector(value("orientation"), 6),
        stack=_short(value("stack")), in_stack=_integer(value("in_stack")),
        temporal=_first_of(_integer(value("temporal")),
                           _integer(_get(ds, "TemporalPositionIdentifier"))),
        echo=_number(value("echo_time")) if _has_group(sources, "MREchoSequence")
        else _number(_get(ds, "EchoNumbers")),
        b_value=_b_value(ds, sources),
        direction=_direction(ds, sources),
        image_type=_frame_type(ds, sources),
    )


# ------------------------------------------------------------------------------ values
def _first_of(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


# text-valued (DS, IS, CS, SH) attributes read as their raw bytes when pydicom has not
# converted them yet: the helpers below parse "a\\b\\c" themselves, and pydicom's DS
# conversion costs more than reading a header (2,000-file CDs are listed in a second)
TEXT_TAGS = {"ImagePositionPatient": 0x00200032, "ImageOrientationPatient": 0x00200037,
             "ImageType": 0x00080008, "EchoNumbers": 0x00180086,
             "TemporalPositionIdentifier": 0x00200100, "PixelSpacing": 0x00280030,
             "RescaleSlope": 0x00281053, "RescaleIntercept": 0x00281052,
             "WindowCenter": 0x00281050, "WindowWidth": 0x00281051, "FrameType": 0x00089007,
             "StackID": 0x00209056}


def _get(ds: Any, key: Any) -> Any:
    tag = TEXT_TAGS.get(key) if isinstance(key, str) else None
    try:
        if tag is not None:
            element = ds.get_item(tag)
            value = None if element is None else element.value
            return None if value in (b"", "") else value
        element = ds.get(key) if isinstance(key, str) else ds.get_item(key)
    except Exception:  # noqa: BLE001 - a value pydicom cannot convert reads as missing
        return None
    if element is None or isinstance(key, str):
        return element
    try:
        return ds[key].value
    except Exception:  # noqa: BLE001 - a malformed item or value reads as missing
        return None


def _first(value: Any) -> Any:
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        return value[0] if len(value) else None
    return value


def _number(value: Any) -> float | None:
    value = _first(value)
    if isinstance(value, bytes):
        value = value.decode("latin-1").split("\\")[0].strip(" \0")
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and abs(number) < 1e9 else None


def _integer(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def _short(value: Any) -> str:
    value = _first(value)
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return "" if value is None else str(value).strip(" \0")[:16]


def _values(value: Any) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1").strip(" \0").split("\\")
    elif isinstance(value, str):
        value = value.split("\\")
    try:
        return list(value)
    except TypeError:
        return [value]


def _vector(value: Any, size: int) -> tuple[float, ...] | None:
    items = _values(value)
    if items is None or len(items) != size:
        return None
    try:
        numbers = tuple(float(v) for v in items)
    except (TypeError, ValueError):
        return None
    return numbers if all(math.isfinite(n) and abs(n) < 1e7 for n in numbers) else None


def _pair(value: Any) -> tuple[float, float] | None:
    numbers = _vector(value, 2)
    if numbers is None:
        return None
    row, col = valid_spacing(numbers[0]), valid_spacing(numbers[1])
    return (row, col) if row is not None and col is not None else None


def _has_group(sources: list[Any], macro: str) -> bool:
    return any(_get(s, macro) is not None for s in sources)


def _b_value(ds: Any, sources: list[Any]) -> float | None:
    for source in sources:
        group = _get(source, "MRDiffusionSequence")
        try:
            if group is not None and len(group):
                return _number(_get(group[0], "DiffusionBValue"))
        except Exception:  # noqa: BLE001 - a malformed item or value reads as missing
            continue
    standard = _number(_get(ds, 0x00189087))
    if standard is not None:
        return standard
    if _siemens(ds):
        return _number(_get(ds, SIEMENS_B_VALUE))
    return None


def _direction(ds: Any, sources: list[Any]) -> tuple[float, float, float] | None:
    for source in sources:
        group = _get(source, "MRDiffusionSequence")
        try:
            if group is not None and len(group):
                inner = _get(group[0], "DiffusionGradientDirectionSequence")
                if inner is not None and len(inner):
                    return _vector(_get(inner[0], "DiffusionGradientOrientation"),
                                   3)  # type: ignore[return-value]
        except Exception:  # noqa: BLE001 - a malformed item or value reads as missing
            continue
    standard = _doubles(_get(ds, 0x00189089))
    if standard is None and _siemens(ds):
        standard = _doubles(_get(ds, SIEMENS_DIRECTION))
    return standard


def _doubles(value: Any) -> tuple[float, float, float] | None:
    """Three FD values: converted by pydicom, or raw little-endian bytes (private tags of an
    implicit-VR file have no VR to convert by)."""
    if isinstance(value, (bytes, bytearray)):
        if len(value) != 24:
            return None
        value = struct.unpack("<3d", value)
    vector = _vector(value, 3)
    return vector if vector is None or any(vector) else None   # type: ignore[return-value]


def _siemens(ds: Any) -> bool:
    return "SIEMENS" in _short(_get(ds, SIEMENS_CREATOR)).upper()


def _frame_type(ds: Any, sources: list[Any]) -> str:
    for source in sources:
        for macro in FRAME_TYPE_GROUPS:
            group = _get(source, macro)
            try:
                if group is not None and len(group):
                    found = _values(_get(group[0], "FrameType"))
                    if found:
                        return "\\".join(str(v).strip() for v in found)[:64]
            except Exception:  # noqa: BLE001 - a malformed item or value reads as missing
                continue
    found = _values(_get(ds, 0x00080008))
    return "\\".join(str(v).strip() for v in found)[:64] if found else ""
