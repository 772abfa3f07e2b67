"""What modern scanners write, built with pydicom at test time (small, no files shipped):
enhanced multi-frame CT / MR with functional groups, multi-volume diffusion series (b-values in
the standard tag or Siemens' private one), Siemens mosaics with a CSA header, big-endian
palettes, 1-bit segmentations, double-float images, HTJ2K, files cut short or without the
preamble, and the "bombs" (few bytes declaring huge costs).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from tests.dicom_samples import SECRET_ID, SECRET_NAME

EXPLICIT_LE = "1.2.840.10008.1.2.1"
EXPLICIT_BE = "1.2.840.10008.1.2.2"
DEFLATED = "1.2.840.10008.1.2.1.99"
JPEG_LS = "1.2.840.10008.1.2.4.80"
JPEG_2000 = "1.2.840.10008.1.2.4.90"
HTJ2K = "1.2.840.10008.1.2.4.201"
AXIAL = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
SAGITTAL = [0.0, 1.0, 0.0, 0.0, 0.0, -1.0]
ENHANCED_CT = "1.2.840.10008.5.1.4.1.1.2.1"
ENHANCED_MR = "1.2.840.10008.5.1.4.1.1.4.1"


def base(sop_class: str = "1.2.840.10008.5.1.4.1.1.4", syntax: str = EXPLICIT_LE,
         modality: str = "MR", study: str | None = None, series: str | None = None):
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import generate_uid

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = syntax
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, meta.MediaStorageSOPInstanceUID
    ds.PatientName, ds.PatientID, ds.PatientBirthDate = SECRET_NAME, SECRET_ID, "19310203"
    ds.StudyInstanceUID = study or generate_uid()
    ds.SeriesInstanceUID = series or generate_uid()
    ds.StudyDate = ds.SeriesDate = "20260101"
    ds.Modality, ds.SeriesNumber, ds.SeriesDescription = modality, 1, "TEST"
    return ds


def grey(ds, rows: int, cols: int, bits: int = 16, signed: bool = False) -> None:
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = bits, bits, bits - 1
    ds.PixelRepresentation = 1 if signed else 0


def _item(**values):
    from pydicom.dataset import Dataset

    item = Dataset()
    for key, value in values.items():
        setattr(item, key, value)
    return item


def _seq(**values):
    from pydicom.sequence import Sequence

    return Sequence([_item(**values)])


def _normal(o):
    r, c = o[:3], o[3:]
    return [r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]]


def ct_body(rows: int, cols: int, index: int):
    """Stored CT values (HU + 1024): air around a soft-tissue body (20..60 HU) with a fat
    ring (-100 HU) and a disc that moves with the slice. Nothing above 240 HU."""
    import numpy as np

    y, x = np.mgrid[0:rows, 0:cols]
    hu = np.full((rows, cols), -1000, np.int32)
    r = np.hypot((x - cols / 2) / (cols * 0.33), (y - rows / 2) / (rows * 0.33))
    hu[r < 1.0] = -100
    hu[r < 0.85] = 20 + (x[r < 0.85] * 40) // cols
    hu[np.hypot(x - cols * (0.3 + 0.05 * index), y - rows / 2) < rows * 0.08] = 60
    return (hu + 1024).astype(np.uint16)


def enhanced_ct(path: Path, *, frames: int = 6, rows: int = 32, cols: int = 32,
                intercept: float = -1024.0, order: list[int] | None = None,
                spacing=(0.7, 0.7), window=(40.0, 400.0)) -> Path:
    """An Enhanced CT: rescale, window, spacing and orientation in the Shared Functional
    Groups; position and stack place per frame. ``order``: which slice each frame holds
    (default: the slices reversed, so file order is not position order)."""
    import numpy as np
    from pydicom.sequence import Sequence

    ds = base(ENHANCED_CT, modality="CT")
    grey(ds, rows, cols)
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.NumberOfFrames = frames
    order = list(range(frames))[::-1] if order is None else order
    ds.SharedFunctionalGroupsSequence = Sequence([_item(
        PixelMeasuresSequence=_seq(PixelSpacing=list(spacing), SliceThickness=2.0),
        PlaneOrientationSequence=_seq(ImageOrientationPatient=AXIAL),
        PixelValueTransformationSequence=_seq(RescaleIntercept=intercept, RescaleSlope=1.0,
                                              RescaleType="HU"),
        FrameVOILUTSequence=_seq(WindowCenter=window[0], WindowWidth=window[1]),
        CTImageFrameTypeSequence=_seq(FrameType=["ORIGINAL", "PRIMARY", "AXIAL", "NONE"]),
    )])
    ds.PerFrameFunctionalGroupsSequence = Sequence([_item(
        PlanePositionSequence=_seq(ImagePositionPatient=[0.0, 0.0, 2.0 * z]),
        FrameContentSequence=_seq(StackID="1", InStackPositionNumber=z + 1,
                                  DimensionIndexValues=[1, z + 1]),
    ) for z in order])
    ds.PixelData = np.stack([ct_body(rows, cols, z) for z in order]).tobytes()
    ds["PixelData"].VR = "OW"
    ds.save_as(path, enforce_file_format=True)
    return Path(path)


def field_map(path: Path, *, slices: int = 4, rows: int = 16, cols: int = 16) -> Path:
    """A Philips-style enhanced MR field map: all magnitude frames, then all phase frames,
    each type with its own per-frame rescale (magnitude x2, phase x0.5 - 100)."""
    import numpy as np
    from pydicom.sequence import Sequence

    ds = base(ENHANCED_MR)
    grey(ds, rows, cols)
    ds.ImageType = ["ORIGINAL", "PRIMARY", "M_FFE", "M", "FFE"]
    ds.NumberOfFrames = 2 * slices
    ds.SharedFunctionalGroupsSequence = Sequence([_item(
        PixelMeasuresSequence=_seq(PixelSpacing=[1.0, 1.0], SliceThickness=3.0),
        PlaneOrientationSequence=_seq(ImageOrientationPatient=SAGITTAL))])
    items, pixels = [], []
    for kind, (slope, intercept, word) in enumerate(((2.0, 0.0, "M"), (0.5, -100.0, "P"))):
        for z in range(slices)[::-1]:
            items.append(_item(
                PlanePositionSequence=_seq(ImagePositionPatient=[3.0 * z, 0.0, 0.0]),
                PixelValueTransformationSequence=_seq(RescaleSlope=slope,
                                                      RescaleIntercept=intercept),
                MRImageFrameTypeSequence=_seq(FrameType=["ORIGINAL", "PRIMARY", word,
                                                         "NONE"]),
                FrameContentSequence=_seq(StackID="1", InStackPositionNumber=z + 1)))
            pixels.append(np.full((rows, cols), 100 * (kind + 1) + z, np.uint16))
    ds.PerFrameFunctionalGroupsSequence = Sequence(items)
    ds.PixelData = np.stack(pixels).tobytes()
    ds["PixelData"].VR = "OW"
    ds.save_as(path, enforce_file_format=True)
    return Path(path)


def dwi_series(folder: Path, *, positions: int = 4, b_values=(0, 1000), directions: int = 3,
               siemens: bool = False, tags: bool = True, rows: int = 8, cols: int = 8,
               write: bool = True, implicit: bool = False) -> list[Path]:
    """A classic sagittal DWI series: b = 0 once, then each other b-value in ``directions``
    directions, every volume at the same ``positions``; instance numbers run volume by volume
    (as scanners write them). b-value and direction in the standard tags, or in Siemens'
    private (0019,100C) / (0019,100E) with its creator (``siemens``), or nowhere (``tags``
    False: only the repeated positions tell the volumes apart). ``implicit``: implicit VR
    files, where a private element has no VR of its own."""
    import math

    import numpy as np
    from pydicom.uid import generate_uid

    folder.mkdir(parents=True, exist_ok=True)
    study, series = generate_uid(), generate_uid()
    volumes = [(b_values[0], None)] + [(b, d) for b in b_values[1:] for d in range(directions)]
    paths = []
    instance = 0
    for v, (b, d) in enumerate(volumes):
        # directions spread over half a circle (each its own volume); b = 0 has none
        angle = math.pi * (d or 0) / max(directions, 1)
        direction = [0.0, 0.0, 0.0] if d is None else \
            [round(math.cos(angle), 6), round(math.sin(angle), 6), 0.0]
        for z in range(positions):
            instance += 1
            ds = base(study=study, series=series,
                      syntax="1.2.840.10008.1.2" if implicit else EXPLICIT_LE)
            ds.SeriesDescription = "ep2d_diff SAG"
            ds.ImageType = ["ORIGINAL", "PRIMARY", "DIFFUSION", "NONE"]
            grey(ds, rows, cols)
            ds.InstanceNumber = instance
            ds.ImageOrientationPatient = SAGITTAL
            ds.ImagePositionPatient = [4.0 * z - 8.0, 0.0, 0.0]
            ds.PixelSpacing = [2.0, 2.0]
            if tags and not siemens:
                ds.DiffusionBValue = float(b)
                ds.DiffusionGradientOrientation = direction
            elif tags:
                ds.add_new(0x00190010, "LO", "SIEMENS MR HEADER")
                ds.add_new(0x0019100C, "IS", str(int(b)))
                ds.add_new(0x0019100E, "FD", direction)
            ds.PixelData = np.full((rows, cols), 10 * v + z, np.uint16).tobytes()
            ds["PixelData"].VR = "OW"
            path = folder / f"IM{instance:05d}"
            if write:
                ds.save_as(path, enforce_file_format=True)
            paths.append(path)
    return paths


def csa_header(entries: dict[str, str]) -> bytes:
    """A CSA image header (SV10 format) holding ``entries`` as one-item text values."""
    out = bytearray(b"SV10\x04\x03\x02\x01" + struct.pack("<II", len(entries), 77))
    for name, text in entries.items():
        value = text.encode("latin-1") + b"\0"
        out += name.encode("latin-1").ljust(64, b"\0")
        out += struct.pack("<i4siii", 1, b"IS\0\0", 6, 1, 77)
        out += struct.pack("<4i", len(value), len(value), 77, len(value))
        out += value + b"\0" * ((4 - len(value) % 4) % 4)
    return bytes(out)


def mosaic(path: Path, *, tiles: int = 7, tile: int = 8, csa: bool = True,
           instance: int = 1, series: str | None = None, study: str | None = None) -> Path:
    """A Siemens mosaic: ``tiles`` slices of ``tile``² pixels on a ceil(sqrt(tiles)) grid;
    tile k is filled with the value 100 + k (blank tiles past ``tiles`` are 0)."""
    import math

    import numpy as np

    grid = math.ceil(math.sqrt(tiles))
    ds = base(study=study, series=series)
    grey(ds, grid * tile, grid * tile)
    ds.ImageType = ["ORIGINAL", "PRIMARY", "M", "ND", "MOSAIC"]
    ds.InstanceNumber = instance
    ds.SeriesDescription = "ep2d_bold"
    ds.ImageOrientationPatient = AXIAL
    ds.ImagePositionPatient = [-100.0, -100.0, 0.0]
    ds.PixelSpacing = [3.0, 3.0]
    ds.AcquisitionMatrix = [tile, 0, 0, tile]
    if csa:
        ds.add_new(0x00290010, "LO", "SIEMENS CSA HEADER")
        ds.add_new(0x00291010, "OB", csa_header({"NumberOfImagesInMosaic": str(tiles),
                                                 "SliceThickness": "3"}))
    pixels = np.zeros((grid * tile, grid * tile), np.uint16)
    for k in range(tiles):
        r, c = divmod(k, grid)
        pixels[r * tile:(r + 1) * tile, c * tile:(c + 1) * tile] = 100 + k + instance * 1000
    ds.PixelData = pixels.tobytes()
    ds["PixelData"].VR = "OW"
    ds.save_as(path, enforce_file_format=True)
    return Path(path)


def palette(path: Path, *, big_endian: bool) -> Path:
    """An 8-bit palette image (4 x 4, indices 0..3) with 16-bit LUT entries: red, green,
    blue, grey (no entry reads the same byte-swapped)."""
    import numpy as np

    ds = base(syntax=EXPLICIT_BE if big_endian else EXPLICIT_LE, modality="OT")
    ds.Rows, ds.Columns, ds.SamplesPerPixel = 4, 4, 1
    ds.PhotometricInterpretation = "PALETTE COLOR"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    lut = {"Red": [0xFF00, 0x0100, 0x0200, 0x8000], "Green": [0x0100, 0xFF00, 0x0200, 0x8000],
           "Blue": [0x0200, 0x0100, 0xFF00, 0x8000]}
    order = ">" if big_endian else "<"
    for colour, entries in lut.items():
        setattr(ds, f"{colour}PaletteColorLookupTableDescriptor", [4, 0, 16])
        ds[f"{colour}PaletteColorLookupTableDescriptor"].VR = "US"
        setattr(ds, f"{colour}PaletteColorLookupTableData",
                struct.pack(f"{order}4H", *entries))
        ds[f"{colour}PaletteColorLookupTableData"].VR = "OW"
    ds.PixelData = bytes(np.arange(16, dtype=np.uint8) % 4)
    ds["PixelData"].VR = "OB"
    ds.save_as(path, enforce_file_format=True, little_endian=not big_endian,
               implicit_vr=False)
    return Path(path)


def segmentation(path: Path, *, frames: int = 2, rows: int = 8, cols: int = 8) -> Path:
    """A 1-bit binary segmentation: frame f has a square of ones at an offset of f."""
    import numpy as np
    from pydicom.pixels import pack_bits

    ds = base("1.2.840.10008.5.1.4.1.1.66.4", modality="SEG")
    grey(ds, rows, cols, bits=1)
    ds.NumberOfFrames = frames
    ds.SegmentationType = "BINARY"
    masks = np.zeros((frames, rows, cols), np.uint8)
    for f in range(frames):
        masks[f, 2 + f:5 + f, 2:5] = 1
    ds.PixelData = pack_bits(masks)
    ds["PixelData"].VR = "OB"
    ds.save_as(path, enforce_file_format=True)
    return Path(path)


def double_float(path: Path, *, rows: int = 6, cols: int = 8) -> Path:
    """A parametric map stored as DoubleFloatPixelData: values -2.5 .. +2.5 by column."""
    import numpy as np

    ds = base("1.2.840.10008.5.1.4.1.1.30", modality="MR")
    ds.Rows, ds.Columns, ds.SamplesPerPixel = rows, cols, 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 64
    values = np.tile(np.linspace(-2.5, 2.5, cols), (rows, 1)).astype("<f8")
    ds.DoubleFloatPixelData = values.tobytes()
    ds.save_as(path, enforce_file_format=True)
    return Path(path)


def htj2k(path: Path, *, rows: int = 16, cols: int = 24) -> tuple[Path, object]:
    """An HTJ2K lossless file (encoded with imagecodecs' OpenJPH) and its pixels."""
    import imagecodecs
    import numpy as np
    from pydicom.encaps import encapsulate

    pixels = ((np.arange(rows * cols).reshape(rows, cols) * 37) % 4000).astype(np.uint16)
    ds = base(syntax=HTJ2K)
    grey(ds, rows, cols)
    ds.BitsStored, ds.HighBit = 12, 11
    ds.PixelData = encapsulate([imagecodecs.htj2k_encode(pixels, level=0)])
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    ds.save_as(path, enforce_file_format=True)
    return Path(path), pixels


def plain(path: Path, *, rows: int = 8, cols: int = 8, frames: int = 1, value: int = 7,
          preamble: bool = True, aspect=None) -> Path:
    """A small classic MR image; ``preamble`` False writes it without the 128-byte preamble
    and "DICM" (as old CD writers did)."""
    import numpy as np

    ds = base()
    grey(ds, rows, cols)
    if frames > 1:
        ds.NumberOfFrames = frames
    if aspect is not None:
        ds.PixelAspectRatio = list(aspect)
    ds.ImageOrientationPatient = AXIAL
    ds.ImagePositionPatient = [0.0, 0.0, 0.0]
    ds.PixelData = np.full((frames, rows, cols), value, np.uint16).tobytes()
    ds["PixelData"].VR = "OW"
    if preamble:
        ds.save_as(path, enforce_file_format=True)
    else:
        del ds.file_meta
        ds.save_as(path, implicit_vr=True, little_endian=True)
    return Path(path)


# ------------------------------------------------------------------------------- bombs
def frames_bomb(path: Path, frames: int = 2 ** 31 - 1) -> Path:
    """A few hundred bytes declaring ``frames`` frames of 8 x 8 (one frame's pixels)."""
    return plain(path, frames=1, value=1) if frames == 1 else _declare_frames(
        plain(path, frames=1, value=1), frames)


def _declare_frames(path: Path, frames: int) -> Path:
    import pydicom

    ds = pydicom.dcmread(path)
    ds.NumberOfFrames = frames
    ds.save_as(path, enforce_file_format=True)
    return path


def deflate_bomb(path: Path, inflated_mb: int = 1500) -> Path:
    """A deflated file whose dataset inflates to ``inflated_mb`` MB (a private element of
    zeros before the pixels): about 1.5 MB on disk for 1.5 GB inflated."""
    ds = base(syntax=DEFLATED)
    grey(ds, 4, 4)
    ds.PixelData = bytes(32)
    ds["PixelData"].VR = "OW"
    ds.save_as(path, enforce_file_format=True)    # the meta header and a small dataset
    data = Path(path).read_bytes()
    meta, dataset = data[:_meta_end(data)], zlib.decompress(data[_meta_end(data):],
                                                            -zlib.MAX_WBITS)
    size = inflated_mb * 1024 * 1024
    # (0009,0010) private creator and (0009,1000) OB of zeros, then the small dataset
    head = (struct.pack("<HH2sH", 0x0009, 0x0010, b"LO", 4) + b"BOMB"
            + struct.pack("<HH2sHI", 0x0009, 0x1000, b"OB", 0, size))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    out = bytearray(compressor.compress(head))
    chunk = bytes(1024 * 1024)
    for _ in range(inflated_mb):
        out += compressor.compress(chunk)
    out += compressor.compress(dataset) + compressor.flush()
    Path(path).write_bytes(meta + bytes(out))
    return Path(path)


def _meta_end(data: bytes) -> int:
    (length,) = struct.unpack_from("<I", data, 132 + 8)     # (0002,0000) group length
    return 132 + 12 + length


def codestream_bomb(path: Path, syntax: str = JPEG_LS, declared=(8, 8),
                    real=(16384, 16384)) -> Path:
    """A small compressed file whose header says ``declared`` (rows, cols) but whose
    codestream says ``real``: a decoder would allocate at the codestream's size."""
    import imagecodecs
    import numpy as np
    from pydicom.encaps import encapsulate

    small = np.zeros((8, 8), np.uint8)
    if syntax == JPEG_LS:
        stream = bytearray(imagecodecs.jpegls_encode(small))
        at = stream.index(b"\xff\xf7")
        struct.pack_into(">HH", stream, at + 5, *real)
    else:
        stream = bytearray(imagecodecs.jpeg2k_encode(small, level=0, codecformat="J2K"))
        at = stream.index(b"\xff\x51")
        struct.pack_into(">II", stream, at + 6, real[1], real[0])
    ds = base(syntax=syntax)
    grey(ds, *declared, bits=8)
    ds.PixelData = encapsulate([bytes(stream)])
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    ds.save_as(path, enforce_file_format=True)
    return Path(path)


def dicomdir_bomb(folder: Path, records: int) -> Path:
    """A DICOMDIR with ``records`` IMAGE records (written as raw bytes: fast to build)."""
    from pydicom.dataset import Dataset, FileMetaDataset

    folder.mkdir(parents=True, exist_ok=True)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.1.3.10"
    meta.MediaStorageSOPInstanceUID = "1.2.3.4"
    meta.TransferSyntaxUID = EXPLICIT_LE
    ds = Dataset()
    ds.file_meta = meta
    ds.FileSetID = "BOMB"
    path = folder / "DICOMDIR"
    ds.save_as(path, enforce_file_format=True)

    def element(group: int, elem: int, vr: bytes, value: bytes) -> bytes:
        return struct.pack("<HH2sH", group, elem, vr, len(value)) + value

    record = (element(0x0004, 0x1430, b"CS", b"IMAGE ")
              + element(0x0004, 0x1500, b"CS", b"IM1 "))
    item = struct.pack("<HHI", 0xFFFE, 0xE000, len(record)) + record
    body = item * records
    sequence = struct.pack("<HH2sHI", 0x0004, 0x1220, b"SQ", 0, len(body)) + body
    with open(path, "ab") as out:
        out.write(sequence)
    return path
