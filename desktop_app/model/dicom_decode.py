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
    """pydicom logs and warns about odd elements; its messages can quote header values."""
    logging.getLogger("pydicom").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", module=r"pydicom(\.|$)")


def read_dataset(data: bytes, name: str, error: type[Exception]) -> Any:
    """The whole dataset of a DICOM file's bytes; ``error`` (one sentence) if unreadable."""
    import pydicom

    quiet_pydicom()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = pydicom.dcmread(io.BytesIO(data), force=True)
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


def frame_count(ds: Any) -> int:
    """Number of frames (images) in the dataset; 0 when it holds no image."""
    if "PixelData" not in ds and "FloatPixelData" not in ds:
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
    return None


def decode(ds: Any, name: str, caption: str, frame: int, error: type[Exception],
           fields: dict[str, Any]) -> KeyImage:
    """The ``frame``-th image of ``ds`` as a KeyImage. ``fields``: display fields already
    read from the header (rescale, window, modality, spacing), see images._display_fields."""
    from pydicom.pixels import apply_color_lut, pixel_array

    from desktop_app.model import dicom_plugins

    dicom_plugins.install()
    why = refusal(ds, name)
    if why:
        raise error(why)
    frames = frame_count(ds)
    if not 0 <= frame < frames:
        raise error(f"'{name}' has {frames} images; image {frame + 1} does not exist.")
    pi = photometric(ds)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = pixel_array(ds, index=frame if frames > 1 else None)
            if pi == "PALETTE COLOR":
                arr = apply_color_lut(arr, ds)
    except Exception:  # noqa: BLE001 - every decoder raises its own kinds on bad data
        raise error(f"'{name}' is a damaged or incomplete DICOM file (its image could not "
                    "be decoded).") from None
    spacing = fields["spacing"]
    common = dict(id=new_id(), caption=caption, width=int(arr.shape[1]),
                  height=int(arr.shape[0]), modality=fields["modality"],
                  row_spacing_mm=spacing[0] if spacing else None,
                  column_spacing_mm=spacing[1] if spacing else None)
    if arr.ndim == 3:
        return KeyImage(kind="png", data=_png(_to_rgb8(arr, ds, pi)), **common)
    if arr.ndim != 2:
        raise error(f"'{name}' is a damaged or incomplete DICOM file (its image could not "
                    "be decoded).")
    stored, signed, slope, intercept = _to_16bit(arr, fields["slope"], fields["intercept"])
    center, width = fields["center"], fields["width"]
    if center is None or width is None:      # default window: the full value range
        lo, hi = int(stored.min()), int(stored.max())
        a, b = lo * slope + intercept, hi * slope + intercept
        lo_v, hi_v = min(a, b), max(a, b)
        center, width = (lo_v + hi_v) / 2.0, max(1.0, hi_v - lo_v)
    return KeyImage(kind="dicom-gray16", data=stored.astype("<i2" if signed else "<u2")
                    .tobytes(), window_center=float(center), window_width=float(width),
                    signed=signed, rescale_slope=slope, rescale_intercept=intercept,
                    invert=(pi == "MONOCHROME1"), **common)


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
