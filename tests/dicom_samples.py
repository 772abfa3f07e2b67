"""Small synthetic DICOM / PNG / JPEG files for the key-image tests, written with pydicom.

The header carries identity fields (patient name, ID, birth date, institution, dates) that the
app must never copy, log, save or print: tests look for these strings everywhere.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

SECRET_NAME = "Zz^Secretname"
SECRET_ID = "PID-77331199"
SECRET_INSTITUTION = "Hospital Secretplace"
SECRET_STRINGS = (SECRET_NAME, "Secretname", SECRET_ID, SECRET_INSTITUTION, "Secretplace",
                  "19310203")

IMPLICIT_LE = "1.2.840.10008.1.2"
EXPLICIT_LE = "1.2.840.10008.1.2.1"
DEFLATED_LE = "1.2.840.10008.1.2.1.99"
EXPLICIT_BE = "1.2.840.10008.1.2.2"
JPEG_BASELINE = "1.2.840.10008.1.2.4.50"
JPEG_2000 = "1.2.840.10008.1.2.4.90"
RLE = "1.2.840.10008.1.2.5"


def ramp(rows: int, cols: int, lo: int, hi: int) -> list[int]:
    """Values rising left to right from lo to hi (same on every row)."""
    row = [lo + round((hi - lo) * c / max(1, cols - 1)) for c in range(cols)]
    return row * rows


def make_dicom(path: Path, *, rows: int = 64, cols: int = 80, values: list[int] | None = None,
               bits: int = 16, signed: bool = False, syntax: str = EXPLICIT_LE,
               photometric: str = "MONOCHROME2", slope: float | None = None,
               intercept: float | None = None, window: tuple[float, float] | None = None,
               modality: str = "MR", pixel_bytes: bytes | None = None,
               spacing=None, imager_spacing=None) -> Path:
    """``spacing`` / ``imager_spacing``: PixelSpacing (0028,0030) / ImagerPixelSpacing
    (0018,1164) as (row, column) numbers, or raw text written as it is (e.g. ``"abc\\1"``,
    ``"0"``) to test broken headers."""
    from pydicom.dataset import FileMetaDataset
    from pydicom.dataset import Dataset
    from pydicom.uid import generate_uid

    if values is None:
        values = ramp(rows, cols, 0, 1000 if bits == 16 else 255)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.4"  # MR image storage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = syntax
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientName = SECRET_NAME
    ds.PatientID = SECRET_ID
    ds.PatientBirthDate = "19310203"
    ds.InstitutionName = SECRET_INSTITUTION
    ds.StudyDate = "20260101"
    ds.ReferringPhysicianName = "Dr^Secretname"
    ds.Modality = modality
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated = bits
    ds.BitsStored = bits
    ds.HighBit = bits - 1
    ds.PixelRepresentation = 1 if signed else 0
    if slope is not None:
        ds.RescaleSlope = slope
    if intercept is not None:
        ds.RescaleIntercept = intercept
    if window is not None:
        ds.WindowCenter, ds.WindowWidth = window
    for tag, value in ((0x00280030, spacing), (0x00181164, imager_spacing)):
        if value is None:
            continue
        from pydicom.dataelem import RawDataElement

        text = value if isinstance(value, str) else "\\".join(str(v) for v in value)
        raw = text.encode("ascii")
        if len(raw) % 2:
            raw += b" "
        # a raw element: written byte for byte, so broken values reach the importer as is
        ds[tag] = RawDataElement(tag, "DS", len(raw), raw, 0, False, True)
    big = syntax == EXPLICIT_BE
    if pixel_bytes is None:
        code = {(8, False): "B", (8, True): "b", (16, False): "H", (16, True): "h"}[(bits, signed)]
        pixel_bytes = struct.pack((">" if big else "<") + code * len(values), *values)
    ds.PixelData = pixel_bytes
    if syntax in (JPEG_BASELINE, JPEG_2000, RLE):
        # encapsulated (compressed) pixel data: a fake fragment is enough to be refused
        from pydicom.encaps import encapsulate

        ds.PixelData = encapsulate([b"\xff\xd8\xff\xd9" + b"\0" * 12])
        ds["PixelData"].VR = "OB"
        ds["PixelData"].is_undefined_length = True
    else:
        ds["PixelData"].VR = "OW" if bits == 16 else "OB"
    ds.save_as(path, enforce_file_format=True)
    return Path(path)


def make_png(path: Path, width: int = 40, height: int = 30, grey: int = 128) -> Path:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    raw = b"".join(b"\0" + bytes([grey]) * width for _ in range(height))
    data = (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    Path(path).write_bytes(data)
    return Path(path)


def make_jpeg(path: Path, width: int = 40, height: int = 30) -> Path:
    from PIL import Image

    Image.new("L", (width, height), 100).save(path, "JPEG")
    return Path(path)


def make_mri_like(path: Path, rows: int = 256, cols: int = 320, spacing=None) -> Path:
    """A calm synthetic 'sagittal pelvis' slice (16-bit) for screenshots: body, a curved bright
    sacrum, a dark rectum and a round bright presacral mass. No real patient data.
    ``spacing``: PixelSpacing (row, column) in mm, as in :func:`make_dicom` (None: none)."""
    import math

    values = []
    for y in range(rows):
        for x in range(cols):
            v = 40
            if (((x - cols * 0.5) / (cols * 0.46)) ** 2
                    + ((y - rows * 0.5) / (rows * 0.47)) ** 2 < 1):
                v = 420 + int(60 * math.sin(x / 9.0) * math.cos(y / 11.0))
            # sacrum: a bright arc on the right (back of the body)
            r = math.hypot(x - cols * 0.42, y - rows * 0.45)
            if 0.30 * cols < r < 0.36 * cols and x > cols * 0.62:
                v = 900
            # rectum: darker tube in front of the sacrum
            ring = abs(math.hypot(x - cols * 0.42, y - rows * 0.45) - 0.22 * cols)
            if ring < 9 and x > cols * 0.55:
                v = 200
            # the mass between them
            if math.hypot(x - cols * 0.70, y - rows * 0.66) < 0.07 * cols:
                v = 1150
            values.append(v)
    return make_dicom(path, rows=rows, cols=cols, values=values, window=(560, 1100),
                      spacing=spacing)
