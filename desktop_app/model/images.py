"""The patient's own key images: import (PNG, JPEG, DICOM) and window/level.

Pure Python, no Qt: PNG/JPEG sizes come from their headers and the original bytes are kept;
DICOM pixels (compressed or not, grey or colour, one frame of a multi-frame file) are decoded
by :mod:`desktop_app.model.dicom_decode`, which alone imports numpy.

Privacy: from a DICOM file only the pixels and a few display fields (rows, columns, bits,
sign, photometric interpretation, rescale, default window, modality, in-plane pixel spacing)
are read into the
:class:`~desktop_app.model.consultation.KeyImage`. Header identity fields (patient name and
ID, dates, institution, ...) are never copied, logged or shown. Text burned into the pixels
is the user's responsibility (the import dialog says so).

Every way an input can be bad raises :class:`ImageError` with one user-facing sentence that
names the file's base name, never its contents.
"""

from __future__ import annotations

import functools
import os
import struct
import sys
import threading
from array import array
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

from desktop_app.model.consultation import (MAX_IMAGE_SIDE, MAX_IMAGES, MAX_IMAGES_TOTAL_BYTES,
                                            Consultation, KeyImage, new_id, valid_spacing)
from desktop_app.model.files import read_bounded

MAX_FILE_BYTES = 30 * 1024 * 1024      # one imported file

# (name, centre, width) in modality units; T2 MRI has no absolute units: its preset is
# computed from the image's own value range.
PRESETS = ("T2 MRI", "CT soft tissue", "CT bone")
CT_PRESETS = {"CT soft tissue": (40.0, 400.0), "CT bone": (400.0, 1800.0)}

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class ImageError(Exception):
    """An image could not be imported. The message is one user-facing sentence."""


# ------------------------------------------------------------------------------- import
def import_image(path: str | os.PathLike[str], caption: str = "", frame: int = 0,
                 tile: tuple[int, int] | None = None) -> KeyImage:
    """Read a PNG, JPEG or DICOM file into a :class:`KeyImage` (``frame``: which image of a
    multi-frame DICOM file; ``tile``: (index, count) of a Siemens mosaic's slice)."""
    from desktop_app.model import dicom_decode

    path = Path(path)
    name = path.name
    key = _file_key(path)
    ds = _OPEN_FILES.get(key) if key is not None else None
    if ds is None:
        data = read_bounded(path, MAX_FILE_BYTES, ImageError, "an image file",
                            f"'{name}' is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
                            "export a single slice or a smaller screenshot.")
        if data.startswith((PNG_MAGIC, b"\xff\xd8\xff")) or not _looks_like_dicom(data):
            return import_bytes(data, name, caption, frame, tile)
        ds = dicom_decode.read_dataset(data, name, ImageError)
        if key is not None and (dicom_decode.frame_count(ds) > 1 or tile is not None):
            _keep_open(key, ds)
    with _DECODING:
        return _decode_dataset(ds, name, caption, frame, tile)


# Multi-frame files and mosaics stay parsed while their frames are stepped through (parsing a
# 500-frame file's per-frame groups costs more than decoding a frame). In memory only, at
# most OPEN_FILES of them, dropped when the file changes on disk.
OPEN_FILES = 2
_OPEN_FILES: dict[tuple[str, int, int], Any] = {}
_DECODING = threading.RLock()     # the series browser decodes in a worker thread and the UI


def _file_key(path: Path) -> tuple[str, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return str(path.absolute()), info.st_mtime_ns, info.st_size


def forget_open_files() -> None:
    """Drop the parsed files (the series browser closes: their headers leave memory too)."""
    with _DECODING:
        _OPEN_FILES.clear()


def _keep_open(key: tuple[str, int, int], ds: Any) -> None:
    with _DECODING:
        _OPEN_FILES.pop(key, None)
        _OPEN_FILES[key] = ds
        while len(_OPEN_FILES) > OPEN_FILES:
            _OPEN_FILES.pop(next(iter(_OPEN_FILES)))


def import_bytes(data: bytes, name: str = "the file", caption: str = "",
                 frame: int = 0, tile: tuple[int, int] | None = None) -> KeyImage:
    if data.startswith(PNG_MAGIC):
        width, height = _png_size(data, name)
        image = KeyImage(id=new_id(), caption=caption, kind="png", width=width, height=height,
                         data=bytes(data))
    elif data.startswith(b"\xff\xd8\xff"):
        width, height = _jpeg_size(data, name)
        image = KeyImage(id=new_id(), caption=caption, kind="jpeg", width=width, height=height,
                         data=bytes(data))
    elif _looks_like_dicom(data):
        image = _import_dicom(data, name, caption, frame, tile)
    else:
        raise ImageError(f"'{name}' is not a PNG, JPEG or DICOM image.")
    return image


def encoded_size(data: bytes, kind: str) -> tuple[int, int]:
    """(width, height) from a PNG or JPEG header; ImageError if it is not one or too large."""
    if kind == "png" and data.startswith(PNG_MAGIC):
        return _png_size(data, "the image")
    if kind == "jpeg" and data.startswith(b"\xff\xd8\xff"):
        return _jpeg_size(data, "the image")
    raise ImageError(f"not {kind} data")


def check_can_add(consultation: Consultation, image: KeyImage, name: str = "the image") -> None:
    """Raise ImageError if adding ``image`` would break the visit's image limits."""
    if len(consultation.images) >= MAX_IMAGES:
        raise ImageError(f"A visit can hold at most {MAX_IMAGES} images; remove one before "
                         f"adding '{name}'.")
    total = sum(len(x.data) for x in consultation.images) + len(image.data)
    if total > MAX_IMAGES_TOTAL_BYTES:
        raise ImageError(f"'{name}' does not fit: the images of one visit can hold at most "
                         f"{MAX_IMAGES_TOTAL_BYTES // (1024 * 1024)} MB together; remove an "
                         "image or import a smaller one.")


def _check_side(width: int, height: int, name: str) -> None:
    if width < 1 or height < 1:
        raise ImageError(f"'{name}' has no pixels (width or height is zero).")
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
        raise ImageError(f"'{name}' is {width} × {height} pixels; the largest image the app "
                         f"takes is {MAX_IMAGE_SIDE} × {MAX_IMAGE_SIDE}.")


def _png_size(data: bytes, name: str) -> tuple[int, int]:
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise ImageError(f"'{name}' is a damaged PNG file (no image header).")
    width, height = struct.unpack(">II", data[16:24])
    _check_side(width, height, name)
    if not data.rstrip(b"\0").endswith(b"IEND\xaeB`\x82"):
        raise ImageError(f"'{name}' is a damaged PNG file (it is cut short).")
    return width, height


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(data: bytes, name: str) -> tuple[int, int]:
    i, n = 2, len(data)
    while i + 4 <= n:
        if data[i] != 0xFF:
            break
        marker = data[i + 1]
        if marker == 0xFF:          # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2:i + 4])
        if marker in _SOF:
            if i + 9 > n:
                break
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            _check_side(width, height, name)
            return width, height
        if marker == 0xD9 or length < 2:
            break
        i += 2 + length
    raise ImageError(f"'{name}' is a damaged JPEG file (no image size found).")


# -------------------------------------------------------------------------------- DICOM
def _looks_like_dicom(data: bytes) -> bool:
    if len(data) >= 132 and data[128:132] == b"DICM":
        return True
    # old files without the preamble start with a group 0x0008 (or 0x0002) element,
    # little or big endian
    return len(data) >= 8 and data[:2] in (b"\x08\x00", b"\x02\x00", b"\x00\x08")


def _import_dicom(data: bytes, name: str, caption: str, frame: int = 0,
                  tile: tuple[int, int] | None = None) -> KeyImage:
    from desktop_app.model import dicom_decode

    ds = dicom_decode.read_dataset(data, name, ImageError)
    return _decode_dataset(ds, name, caption, frame, tile)


def _decode_dataset(ds: Any, name: str, caption: str, frame: int = 0,
                    tile: tuple[int, int] | None = None) -> KeyImage:
    from desktop_app.model import dicom_decode

    why = dicom_decode.refusal(ds, name)
    if why:
        raise ImageError(why)
    try:
        fields = _display_fields(ds, name, frame)
    except ImageError:
        raise
    except Exception:  # noqa: BLE001 - a malformed header element
        raise ImageError(f"'{name}' is a damaged or incomplete DICOM file.") from None
    return dicom_decode.decode(ds, name, caption, frame, ImageError, fields, tile)


def dicom_frames(data: bytes, name: str = "the file") -> int:
    """How many images a DICOM file holds (multi-frame files: the user picks one)."""
    from desktop_app.model import dicom_decode

    ds = dicom_decode.read_dataset(data, name, ImageError)
    return dicom_decode.frame_count(ds)


def _display_fields(ds: Any, name: str, frame: int = 0) -> dict[str, Any]:
    """Only the fields needed to show the pixels of ``frame``, from the top level or, in an
    enhanced multi-frame file, its functional groups. Nothing that identifies anyone."""
    from desktop_app.model.dicom_frames import frame_info

    rows, cols = int(ds.get("Rows", 0) or 0), int(ds.get("Columns", 0) or 0)
    _check_side(cols, rows, name)
    info = frame_info(ds, frame)
    modality = str(ds.get("Modality", "") or "").strip().upper()[:16]
    if not modality.isalnum():
        modality = ""
    width = info.width
    return {
        "rows": rows, "cols": cols,
        "slope": info.slope or 1.0,
        "intercept": info.intercept if info.intercept is not None else 0.0,
        "center": info.center, "width": width if width and width > 0 else None,
        "modality": modality,
        "spacing": info.spacing or pixel_spacing(ds),
        "aspect": _aspect(ds),
    }


def _aspect(ds: Any) -> float | None:
    """PixelAspectRatio (0028,0034) as row size / column size, when the spacing is missing."""
    try:
        value = ds.get("PixelAspectRatio")
        if value is None or len(value) != 2:
            return None
        ratio = float(value[0]) / float(value[1])
    except Exception:  # noqa: BLE001 - a malformed ratio: square pixels
        return None
    return ratio if 0.1 <= ratio <= 10.0 else None


SPACING_KEYWORDS = ("PixelSpacing", "ImagerPixelSpacing")   # (0028,0030), else (0018,1164)


def pixel_spacing(ds: Any) -> tuple[float, float] | None:
    """(row, column) spacing in mm from PixelSpacing, else ImagerPixelSpacing; None when
    neither holds two sane values. Never raises: a bad spacing only means no measurements."""
    for keyword in SPACING_KEYWORDS:
        try:
            value = ds.get(keyword)
            if value is None or isinstance(value, (str, bytes)) or len(value) != 2:
                continue
            row, col = valid_spacing(value[0]), valid_spacing(value[1])
        except Exception:  # noqa: BLE001 - a malformed element is skipped, never fatal
            continue
        if row is not None and col is not None:
            return row, col
    return None


# --------------------------------------------------------------------------- rendering
def stored_values(image: KeyImage) -> array[int]:
    values = array("h" if image.signed else "H")
    values.frombytes(image.data)
    if sys.byteorder == "big":
        values.byteswap()
    return values


def value_range(image: KeyImage) -> tuple[float, float]:
    """Lowest and highest modality value in the image."""
    lo, hi = _stored_range(image.data, image.signed, image.width, image.height)
    a = lo * image.rescale_slope + image.rescale_intercept
    b = hi * image.rescale_slope + image.rescale_intercept
    return min(a, b), max(a, b)


@functools.lru_cache(maxsize=6)   # bytes cache their hash: a repeat call is cheap
def _stored_range(data: bytes, signed: bool, width: int, height: int) -> tuple[int, int]:
    pil = _pil_image(data, signed, width, height)
    if pil is not None:
        return cast(tuple[int, int], pil.getextrema())
    values = array("h" if signed else "H")
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return (min(values), max(values)) if len(values) else (0, 0)


def _pil_image(data: bytes, signed: bool, width: int, height: int) -> PILImage | None:
    """The stored values as a Pillow 32-bit image (fast path), or None without Pillow."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow ships with the app
        return None
    if len(data) != width * height * 2:
        return None
    return Image.frombytes("I", (width, height), data, "raw", "I;16S" if signed else "I;16")


def preset(image: KeyImage, name: str) -> tuple[float, float]:
    """(centre, width) for a named preset. T2 MRI: the image's range with a little headroom."""
    if name in CT_PRESETS:
        return CT_PRESETS[name]
    if name == "T2 MRI":
        lo, hi = value_range(image)
        width = max(1.0, (hi - lo) * 0.9)
        return lo + width / 2.0, width
    raise KeyError(name)


def render_gray(image: KeyImage, center: float | None = None,
                width: float | None = None, *, fast: bool = True) -> bytes:
    """8-bit grey pixels (rows of ``width`` bytes) of a DICOM image at a window centre/width.

    DICOM linear VOI function (PS3.3 C.11.2.1.2): values at or below
    ``c - 0.5 - (w-1)/2`` are black, above ``c - 0.5 + (w-1)/2`` white, linear between;
    MONOCHROME1 images are inverted. With Pillow (shipped with the app) the same function
    runs in C (a 4096² image in about 0.2 s); without it, a 64 K lookup table (about 1.8 s).
    """
    if not image.is_dicom:
        raise ValueError("render_gray is for DICOM images")
    c = image.window_center if center is None else center
    w = image.window_width if width is None else width
    c = 0.0 if c is None else float(c)
    w = max(1.0, 1.0 if w is None else float(w))
    if fast and w >= 2:     # (a width-1 window is a threshold: the table below)
        pil = _pil_image(image.data, image.signed, image.width, image.height)
        if pil is not None:
            # the same linear function, clipped to 0..255 by the conversion to 8 bits
            span = max(w - 1, 1e-9)
            a = image.rescale_slope * 255.0 / span
            b = ((image.rescale_intercept - (c - 0.5)) / span + 0.5) * 255.0
            if image.invert:
                a, b = -a, 255.0 - b
            return pil.point(lambda v: v * a + (b + 0.5)).convert("L").tobytes()
    lut = window_lut(c, w, image.signed, image.rescale_slope, image.rescale_intercept,
                     image.invert)
    # a signed value -5 indexes lut[-5] == lut[65531], which window_lut fills for -5
    return bytes(map(lut.__getitem__, stored_values(image)))


def window_lut(c: float, w: float, signed: bool, slope: float, intercept: float,
               invert: bool) -> bytes:
    low = c - 0.5 - (w - 1) / 2.0
    high = c - 0.5 + (w - 1) / 2.0
    span = max(w - 1, 1e-9)
    lut = bytearray(65536)
    for i in range(65536):
        raw = i - 65536 if (signed and i >= 32768) else i
        v = raw * slope + intercept
        if v <= low:
            g = 0
        elif v > high:
            g = 255
        else:
            g = int(((v - (c - 0.5)) / span + 0.5) * 255.0 + 0.5)
            g = 0 if g < 0 else 255 if g > 255 else g
        lut[i] = 255 - g if invert else g
    return bytes(lut)
