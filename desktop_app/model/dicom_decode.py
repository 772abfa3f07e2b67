"""DICOM pixels → :class:`KeyImage`, for every transfer syntax a patient's CD commonly holds.

Decoding goes through pydicom's pixel handlers: pydicom's own (uncompressed, deflated, RLE),
Pillow's (8-bit JPEG, JPEG 2000) and, for JPEG Lossless, 12-bit JPEG and JPEG-LS, imagecodecs
(see :mod:`desktop_app.model.dicom_plugins` for why that one).

What is still refused, each with one sentence: colour models other than MONOCHROME1/2, RGB,
YBR and PALETTE COLOR, and files without an image.

Grey-scale images keep their stored values (16 bits; wider values are scaled into 16 bits
with the rescale adjusted so modality values stay right) so window/level works as before;
colour images become PNG, shown as they are. numpy is imported only when a DICOM file is
decoded, never at start-up.
"""

from __future__ import annotations

import io
import logging
import warnings
from typing import Any

from desktop_app.model.consultation import KeyImage, new_id

IMPLICIT_LE = "1.2.840.10008.1.2"
EXPLICIT_LE = "1.2.840.10008.1.2.1"
EXPLICIT_BE = "1.2.840.10008.1.2.2"
GREY = ("MONOCHROME1", "MONOCHROME2")
COLOUR = ("RGB", "YBR_FULL", "YBR_FULL_422", "YBR_RCT", "YBR_ICT", "YBR_PARTIAL_420",
          "PALETTE COLOR")


def quiet_pydicom() -> None:
    """pydicom logs and warns about odd elements; its messages can quote header values.
    Also bounds its inflation of deflated files (see dicom_guard) before any file is read."""
    from desktop_app.model import dicom_guard

    dicom_guard.install()
    logging.getLogger("pydicom").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", module=r"pydicom(\.|$)")


def read_dataset(data: bytes, name: str, error: type[Exception]) -> Any:
    """The whole dataset of a DICOM file's bytes; ``error`` (one sentence) if unreadable."""
    import pydicom

    quiet_pydicom()
    from desktop_app.model.dicom_guard import MAX_INFLATED, InflationError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = pydicom.dcmread(io.BytesIO(data), force=True)
    except InflationError:
        raise error(f"'{name}' is a deflated DICOM file that unpacks to more than "
                    f"{MAX_INFLATED // (1024 * 1024)} MB, more than a scan image "
                    "needs.") from None
    except Exception:  # noqa: BLE001 - pydicom raises many kinds on garbage
        raise error(f"'{name}' is a damaged or incomplete DICOM file.") from None
    _ensure_transfer_syntax(ds)
    return ds


def _ensure_transfer_syntax(ds: Any) -> None:
    """Files without a (complete) meta header: take the encoding pydicom read them with."""
    from pydicom.dataset import FileMetaDataset

    meta = getattr(ds, "file_meta", None)
    if meta is not None and meta.get("TransferSyntaxUID"):
        return
    if meta is None:
        ds.file_meta = meta = FileMetaDataset()
    implicit, little = getattr(ds, "original_encoding", (True, True))
    if implicit is None:
        implicit, little = True, True
    meta.TransferSyntaxUID = (IMPLICIT_LE if implicit else
                              EXPLICIT_LE if little else EXPLICIT_BE)


PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")
NATIVE = (IMPLICIT_LE, EXPLICIT_LE, EXPLICIT_BE, "1.2.840.10008.1.2.1.99")


def frame_count(ds: Any) -> int:
    """Number of frames (images) in the dataset; 0 when it holds no image."""
    if not any(keyword in ds for keyword in PIXEL_KEYWORDS):
        return 0
    try:
        return max(1, int(ds.get("NumberOfFrames", 1) or 1))
    except (TypeError, ValueError):
        return 1


def photometric(ds: Any) -> str:
    return str(ds.get("PhotometricInterpretation", "") or "MONOCHROME2").strip().upper()


def refusal(ds: Any, name: str) -> str | None:
    """One sentence saying why this dataset's image is not shown, or None if it can be."""
    if frame_count(ds) == 0:
        return (f"'{name}' is a DICOM file without an image in it (for example a report "
                "or a treatment plan).")
    if "Rows" not in ds or "Columns" not in ds or "BitsAllocated" not in ds:
        return f"'{name}' is a damaged DICOM file (the size of its image is missing)."
    pi = photometric(ds)
    if pi not in GREY + COLOUR:
        return f"'{name}' uses the {pi[:20]} color model, which the app cannot show."
    return compression_refusal(ds, name)


def compression_refusal(ds: Any, name: str) -> str | None:
    """Why the pixels' encoding cannot be read (named as the standard names it), or None."""
    from pydicom.pixels import get_decoder
    from pydicom.uid import UID

    from desktop_app.model import dicom_plugins

    dicom_plugins.install()
    syntax = UID(str(ds.file_meta.get("TransferSyntaxUID", IMPLICIT_LE)))
    if syntax in NATIVE:
        return None
    try:
        available = get_decoder(syntax).is_available
    except (NotImplementedError, ValueError):
        available = False
    if available:
        return None
    what = syntax.name if syntax.is_transfer_syntax else f"an unknown one ({str(syntax)[:64]})"
    return f"'{name}' uses a compression this version cannot read: {what}."


def decode(ds: Any, name: str, caption: str, frame: int, error: type[Exception],
           fields: dict[str, Any], tile: tuple[int, int] | None = None) -> KeyImage:
    """The ``frame``-th image of ``ds`` (``tile``: one slice of a mosaic) as a KeyImage.
    ``fields``: display fields already read from the header (rescale, window, modality,
    spacing), see images._display_fields."""
    from pydicom.pixels import apply_color_lut, pixel_array

    from desktop_app.model import dicom_guard, dicom_mosaic, dicom_plugins

    dicom_plugins.install()
    why = refusal(ds, name)
    if why:
        raise error(why)
    frames = frame_count(ds)
    if not 0 <= frame < frames:
        raise error(f"'{name}' has {frames} images; image {frame + 1} does not exist.")
    if frame >= dicom_guard.MAX_FRAMES:
        raise error(f"'{name}' has {frames:,} images; the app reads the first "
                    f"{dicom_guard.MAX_FRAMES:,} of one file.")
    _check_native_size(ds, name, frames, error)
    _check_codestream(ds, name, frame, frames, error)
    pi = photometric(ds)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if _one_bit_native(ds) and frames > 1:
                arr = _one_bit_frame(ds, frame)
            else:
                arr = pixel_array(ds, index=frame if frames > 1 else None)
            if pi == "PALETTE COLOR":
                arr = apply_color_lut(arr, _palette_source(ds))
    except Exception:  # noqa: BLE001 - every decoder raises its own kinds on bad data
        raise error(f"'{name}' is a damaged or incomplete DICOM file (its image could not "
                    "be decoded).") from None
    if tile is not None and 0 <= tile[0] < tile[1]:
        arr = dicom_mosaic.crop_tile(arr, *tile)
    if arr.dtype == bool:
        arr = arr.astype("uint8")
    if arr.ndim not in (2, 3):
        raise error(f"'{name}' is a damaged or incomplete DICOM file (its image could not "
                    "be decoded).")

    def common(pixels: Any) -> tuple[Any, dict[str, Any]]:
        pixels, spacing = _square_pixels(pixels, fields["spacing"], fields.get("aspect"))
        return pixels, dict(id=new_id(), caption=caption, width=int(pixels.shape[1]),
                            height=int(pixels.shape[0]), modality=fields["modality"],
                            row_spacing_mm=spacing[0] if spacing else None,
                            column_spacing_mm=spacing[1] if spacing else None)

    if arr.ndim == 3:
        rgb, shared = common(_to_rgb8(arr, ds, pi))
        return KeyImage(kind="png", data=_png(rgb), **shared)
    stored, signed, slope, intercept = _to_16bit(arr, fields["slope"], fields["intercept"])
    stored, shared = common(stored)
    center, width = fields["center"], fields["width"]
    if center is None or width is None:      # default window: the full value range
        lo, hi = int(stored.min()), int(stored.max())
        a, b = lo * slope + intercept, hi * slope + intercept
        lo_v, hi_v = min(a, b), max(a, b)
        center, width = (lo_v + hi_v) / 2.0, max(1.0, hi_v - lo_v)
    return KeyImage(kind="dicom-gray16", data=stored.astype("<i2" if signed else "<u2")
                    .tobytes(), window_center=float(center), window_width=float(width),
                    signed=signed, rescale_slope=slope, rescale_intercept=intercept,
                    invert=(pi == "MONOCHROME1"), **shared)


def _one_bit_native(ds: Any) -> bool:
    return int(ds.get("BitsAllocated", 0) or 0) == 1 and \
        str(ds.file_meta.get("TransferSyntaxUID", IMPLICIT_LE)) in NATIVE


def _one_bit_frame(ds: Any, frame: int) -> Any:
    """One frame of packed 1-bit pixels (a binary segmentation). Frames need not start on a
    byte (5 x 7 pixels is 35 bits), which pydicom's frame index does not allow for; only
    the frame's own bytes are unpacked."""
    from pydicom.pixels import unpack_bits

    rows, cols = int(ds.Rows), int(ds.Columns)
    first = frame * rows * cols
    data = ds.PixelData[first // 8:(first + rows * cols + 7) // 8 + 1]
    bits: Any = unpack_bits(data, as_array=True)[first % 8:first % 8 + rows * cols]
    if bits.size != rows * cols:
        raise ValueError("pixel data too short")
    return bits.reshape(rows, cols)


def _check_native_size(ds: Any, name: str, frames: int, error: type[Exception]) -> None:
    """Refuse native pixel data shorter than its header's frames need (a file cut short, or
    a few bytes declaring two billion frames) with the numbers, before any decoding."""
    if str(ds.file_meta.get("TransferSyntaxUID", IMPLICIT_LE)) not in NATIVE:
        return
    keyword = next(k for k in PIXEL_KEYWORDS if k in ds)
    try:
        held = len(ds[keyword].value)
        samples = int(ds.get("SamplesPerPixel", 1) or 1)
        if photometric(ds) == "YBR_FULL_422":
            samples = 2                     # chroma halved: two samples a pixel
        frame_bits = int(ds.Rows) * int(ds.Columns) * samples * int(ds.BitsAllocated)
    except Exception:  # noqa: BLE001 - a malformed size: the decoder says it is damaged
        return
    whole = held * 8 // frame_bits if frame_bits else 0
    if whole < frames:
        raise error(f"'{name}' is a damaged or incomplete DICOM file (its header says "
                    f"{frames:,} images; it holds the pixels of {whole:,}).")


def _check_codestream(ds: Any, name: str, frame: int, frames: int,
                      error: type[Exception]) -> None:
    """Refuse a compressed frame whose own header is larger than Rows x Columns before a
    decoder allocates for it."""
    from pydicom.encaps import get_frame

    from desktop_app.model import dicom_guard

    if str(ds.file_meta.get("TransferSyntaxUID", IMPLICIT_LE)) in NATIVE:
        return
    try:
        data = get_frame(ds.PixelData, frame, number_of_frames=frames)
    except Exception:  # noqa: BLE001 - no such frame: the decoder says it is damaged
        return
    if not dicom_guard.codestream_fits(data, int(ds.Rows), int(ds.Columns)):
        raise error(f"'{name}' is a damaged or incomplete DICOM file (its compressed image is "
                    f"larger than the {int(ds.Rows)} × {int(ds.Columns)} pixels its header "
                    "says).")


def _palette_source(ds: Any) -> Any:
    """pydicom reads a palette's 16-bit entries as little endian; a big-endian file's tables
    are byte-swapped into a copy first (the file's own dataset is left as read)."""
    if getattr(ds, "original_encoding", (None, True))[1] is not False:
        return ds
    import copy

    from pydicom.dataset import Dataset

    tables = Dataset()
    for element in ds:
        if element.tag.group == 0x0028 and 0x1101 <= element.tag.element <= 0x1223:
            tables.add(copy.deepcopy(element))
    for colour in ("Red", "Green", "Blue"):
        key = f"{colour}PaletteColorLookupTableData"
        raw = tables.get(key)
        if isinstance(raw, bytes) and len(raw) % 2 == 0:
            swapped = bytearray(raw)
            swapped[0::2], swapped[1::2] = raw[1::2], raw[0::2]
            setattr(tables, key, bytes(swapped))
    return tables


def _square_pixels(arr: Any, spacing: tuple[float, float] | None,
                   aspect: float | None) -> tuple[Any, tuple[float, float] | None]:
    """Non-square pixels resampled to square ones, so the picture is shown and printed at
    its real shape; the spacing then is the finer of the two (no detail is thrown away,
    unless that would pass the largest image side)."""
    from desktop_app.model.consultation import MAX_IMAGE_SIDE

    if spacing is not None:
        row, col = spacing
    elif aspect is not None:
        row, col = aspect, 1.0
    else:
        return arr, spacing
    if abs(row - col) <= 0.01 * max(row, col):
        return arr, spacing
    height, width = arr.shape[0], arr.shape[1]
    step = min(row, col)
    if max(height * row, width * col) / step > MAX_IMAGE_SIDE:
        step = max(row, col)
    size = (max(1, round(width * col / step)), max(1, round(height * row / step)))
    return _resize(arr, size), ((step, step) if spacing is not None else None)


def _resize(arr: Any, size: tuple[int, int]) -> Any:
    import numpy as np
    from PIL import Image

    if arr.ndim == 3:
        return np.asarray(Image.fromarray(arr).resize(size, Image.Resampling.BILINEAR))
    picture = Image.fromarray(arr.astype(np.int32), "I")
    out = np.asarray(picture.resize(size, Image.Resampling.BILINEAR))
    return np.rint(out).astype(arr.dtype) if out.dtype.kind == "f" else out.astype(arr.dtype)


def _to_16bit(arr: Any, slope: float, intercept: float) -> tuple[Any, bool, float, float]:
    """(values, signed, slope, intercept) with values fitting 16 bits. Integer images up to
    16 bits are kept as they are; wider or float images are mapped linearly onto 0..65535
    and the rescale is changed to match, so modality values (HU, dose) are unchanged."""
    import numpy as np

    if arr.dtype.kind in "iu" and arr.dtype.itemsize <= 2:
        signed = arr.dtype.kind == "i"
        return arr.astype(np.int16 if signed else np.uint16), signed, slope, intercept
    values = arr.astype(np.float64)
    lo, hi = float(values.min()), float(values.max())
    step = (hi - lo) / 65535.0 if hi > lo else 1.0
    stored = np.rint((values - lo) / step).astype(np.uint16)
    return stored, False, slope * step, intercept + slope * lo


def _to_rgb8(arr: Any, ds: Any, pi: str) -> Any:
    """8-bit RGB. pydicom already turned YBR into RGB; palette entries and 16-bit samples
    are scaled down from their full range."""
    import numpy as np

    if arr.dtype == np.uint8:
        return arr
    if pi == "PALETTE COLOR":
        bits = 8 * arr.dtype.itemsize
    else:
        bits = int(ds.get("BitsStored", 8 * arr.dtype.itemsize) or 8 * arr.dtype.itemsize)
    top = float((1 << bits) - 1)
    return np.clip(np.rint(arr.astype(np.float64) * (255.0 / top)), 0, 255).astype(np.uint8)


def _png(rgb: Any) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.fromarray(rgb, "RGB").save(out, "PNG", compress_level=6)
    return out.getvalue()
