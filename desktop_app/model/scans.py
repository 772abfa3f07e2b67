"""A patient's CD or folder of scans → studies and series, each with its slices in order.

Pure Python, no Qt: :func:`scan_folder` reads the DICOMDIR when there is one (and it is
readable), else walks the folder; either way it reads only the *headers* of the image files
(pydicom's ``stop_before_pixels`` with the few tags it needs), never the pixels. Nothing is
written anywhere: not next to the scans (a CD is read-only, a USB stick is the patient's), not
into a cache.

Files are read by the app's file rules: regular files only (no devices, pipes or sockets), at
most :data:`~desktop_app.model.images.MAX_FILE_BYTES` each. Non-DICOM files, unreadable files,
DICOM files without an image and a broken DICOMDIR are skipped and counted, never fatal.

Identity: the patient's name and birth date and the study dates are read so the browser can
show them for checking the CD belongs to this patient. They live in the returned objects only:
never logged, stored, cached or put in messages.
"""

from __future__ import annotations

import io
import os
import stat
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop_app.model import dicom_guard, dicom_mosaic, dicom_stacks
from desktop_app.model.dicom_frames import FrameInfo, frame_info, per_frame_items, shared_item
from desktop_app.model.files import read_bounded
from desktop_app.model.images import MAX_FILE_BYTES

# one image file's header: (study UID, series UID, dataset, path, frames listed, frames left)
Record = tuple[str, str, Any, str, int, int]

MAX_SERIES_IMAGES = 2000      # images shown per series; the rest are counted, not listed
MAX_FILES = 100_000           # files looked at in one folder tree (a whole disk stops here)

# Only the tags needed to group and order slices, to caption a key image and to check the
# patient. (Reading just these is what keeps a 2,000-file CD at a few seconds.)
# As tag numbers, and read back as raw bytes (pydicom's value conversion costs more than the
# reading itself); text that needs the character set is converted once per series.
TAG = {"SpecificCharacterSet": 0x00080005, "StudyDate": 0x00080020, "SeriesDate": 0x00080021,
       "Modality": 0x00080060, "StudyDescription": 0x00081030,
       "SeriesDescription": 0x0008103E, "PatientName": 0x00100010,
       "PatientBirthDate": 0x00100030, "StudyInstanceUID": 0x0020000D,
       "SeriesInstanceUID": 0x0020000E, "SeriesNumber": 0x00200011,
       "InstanceNumber": 0x00200013, "ImagePositionPatient": 0x00200032,
       "ImageOrientationPatient": 0x00200037, "NumberOfFrames": 0x00280008,
       "Rows": 0x00280010, "Columns": 0x00280011,
       # stacks: image type, echo, time point, diffusion (standard and Siemens private)
       "ImageType": 0x00080008, "EchoNumbers": 0x00180086,
       "TemporalPositionIdentifier": 0x00200100, "DiffusionBValue": 0x00189087,
       "DiffusionGradientOrientation": 0x00189089, "SiemensCreator": 0x00190010,
       "SiemensBValue": 0x0019100C, "SiemensDirection": 0x0019100E,
       # mosaics: the CSA image header and the acquisition matrix
       "AcquisitionMatrix": 0x00181310, "CSACreator": 0x00290010,
       "CSACreator2": 0x00290011, "CSAImage": 0x00291010, "CSAImage2": 0x00291110,
       # enhanced multi-frame: the functional groups
       "Shared": 0x52009229, "PerFrame": 0x52009230,
       # the size of the pixel data, to see a file cut short when it is listed
       "SamplesPerPixel": 0x00280002, "BitsAllocated": 0x00280100}
HEADER_TAGS = sorted(TAG.values())
DEFLATED = "1.2.840.10008.1.2.1.99"
PIXEL_TAGS = frozenset((0x7FE00008, 0x7FE00009, 0x7FE00010))   # float, double, integer pixels
LONG_VRS = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT", "SV", "UV"}

MODALITY_WORDS = {   # (English, Spanish) for a key image's caption
    "MR": ("MRI", "RM"), "CT": ("CT", "TC"), "PT": ("PET", "PET"),
    "CR": ("X-ray", "Radiografía"), "DX": ("X-ray", "Radiografía"),
    "US": ("Ultrasound", "Ecografía"), "NM": ("Nuclear scan", "Gammagrafía"),
}
VIEW_WORDS = {
    "sagittal": ("side view", "vista lateral"),
    "axial": ("cross-section", "corte transversal"),
    "coronal": ("front view", "vista frontal"),
}


@dataclass
class Slice:
    """One image of a series: a file, and which frame of it (0 for single-frame files)."""
    path: str
    frame: int = 0
    position: float | None = None       # along the slice normal, mm
    instance: int | None = None
    tile: tuple[int, int] | None = None  # (index, count) of a Siemens mosaic's slice
    in_stack: int | None = None          # enhanced files: the frame's place in its stack
    info: FrameInfo | None = field(default=None, repr=False, compare=False)


@dataclass
class Series:
    uid: str
    modality: str = ""
    description: str = ""
    date: str = ""                 # YYYYMMDD as in the header, "" if unknown
    number: int | None = None
    orientation: str = ""          # "axial" / "sagittal" / "coronal" / ""
    label: str = ""                # which stack of a multi-volume series ("DWI b = 1000")
    slices: list[Slice] = field(default_factory=list)
    left_out: int = 0              # images beyond MAX_SERIES_IMAGES (or a file's MAX_FRAMES)

    @property
    def count(self) -> int:
        return len(self.slices)

    @property
    def middle(self) -> Slice | None:
        return self.slices[len(self.slices) // 2] if self.slices else None

    def caption(self, language: str = "en") -> str:
        """"MRI, side view" / "RM, vista lateral" (what, and which way it is cut)."""
        index = 1 if language == "es" else 0
        words = MODALITY_WORDS.get(self.modality)
        what = words[index] if words else (self.modality or ("Scan" if index == 0 else
                                                             "Imagen"))
        view = VIEW_WORDS.get(self.orientation)
        return f"{what}, {view[index]}" if view else what


@dataclass
class Study:
    uid: str
    date: str = ""
    description: str = ""
    series: list[Series] = field(default_factory=list)


@dataclass
class Identity:
    """Who the CD says it belongs to. Shown in the browser only; never stored or logged."""
    name: str = ""
    birth_date: str = ""


@dataclass
class ScanResult:
    studies: list[Study] = field(default_factory=list)
    identities: list[Identity] = field(default_factory=list)
    images: int = 0                 # image files read
    not_dicom: int = 0
    unreadable: int = 0             # missing, not a regular file, too large, damaged header,
    #                                 cut short, or too costly to read (see dicom_guard)
    no_image: int = 0               # DICOM files without an image (reports, plans, ...)
    cut_short: int = 0              # of the unreadable: pixels missing (cut short, or fewer
    #                                 than the header's frames need)
    broken_dicomdir: bool = False
    used_dicomdir: bool = False
    cancelled: bool = False

    @property
    def series(self) -> list[Series]:
        return [s for study in self.studies for s in study.series]

    @property
    def skipped(self) -> int:
        return self.not_dicom + self.unreadable + self.no_image


class _CancelledError(Exception):
    """Raised inside the scan when the caller's ``cancelled()`` says stop."""


# ------------------------------------------------------------------------------ scanning
def scan_folder(path: str | os.PathLike[str],
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> ScanResult:
    """Studies and series found under ``path`` (a folder, a DICOMDIR file or one DICOM file).

    ``progress(done, total)`` is called as files are read; ``cancelled()`` returning True stops
    the scan (the result then has ``cancelled`` set and what was found so far).
    """
    from desktop_app.model.dicom_decode import quiet_pydicom

    quiet_pydicom()
    result = ScanResult()
    root = Path(path)
    try:
        candidates = _candidates(root, result, cancelled)
        records: list[Record] = []
        total = len(candidates)
        for done, file in enumerate(candidates, 1):
            if cancelled is not None and cancelled():
                raise _CancelledError
            record = _read_header(file, result)
            if record is not None:
                records.append(record)
            if progress is not None and (done % 16 == 0 or done == total):
                progress(done, total)
    except _CancelledError:
        result.cancelled = True
        return result
    _group(records, result)
    return result


def _candidates(root: Path, result: ScanResult,
                cancelled: Callable[[], bool] | None) -> list[str]:
    """The files to read: those a DICOMDIR names, else every regular file in the tree."""
    try:
        mode = os.stat(root).st_mode
    except OSError:
        result.unreadable += 1
        return []
    if stat.S_ISREG(mode):
        if root.name.upper() == "DICOMDIR":
            listed = _from_dicomdir(root, result)
            if listed is not None:
                return listed
            root = root.parent
        else:
            return [str(root)]
    for name in ("DICOMDIR", "dicomdir"):
        dicomdir = root / name
        if dicomdir.is_file():
            listed = _from_dicomdir(dicomdir, result)
            if listed is not None:
                return listed
            break
    files: list[str] = []
    for folder, names in _walk(root):
        if cancelled is not None and cancelled():
            raise _CancelledError
        for name in names:
            if name.upper() == "DICOMDIR":
                continue
            files.append(os.path.join(folder, name))
            if len(files) >= MAX_FILES:
                return files
    return files


def _walk(root: Path) -> Iterator[tuple[str, list[str]]]:
    """(folder, its file names, sorted) for ``root`` and every folder below it, top-down in
    name order, without following links and without recursion: Python 3.11's os.walk
    recurses, and a folder nested 1,000 deep raised RecursionError. A folder that cannot
    be read is skipped, as os.walk does."""
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        dirs, names = [], []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir()
                        linked = is_dir and entry.is_symlink()
                    except OSError:
                        is_dir = linked = False
                    if not is_dir:
                        names.append(entry.name)
                    elif not linked:          # a link to a folder is neither read nor entered
                        dirs.append(entry.name)
        except OSError:
            continue
        yield folder, sorted(names)
        stack.extend(os.path.join(folder, d) for d in sorted(dirs, reverse=True))


def _from_dicomdir(path: Path, result: ScanResult) -> list[str] | None:
    """Image files listed in a DICOMDIR, or None (counted as broken) if it cannot be used.
    An index with more records than a CD holds is not parsed at all (the folder is walked)."""
    import pydicom

    try:
        if os.stat(path).st_size > MAX_FILE_BYTES:
            raise ValueError
        data = read_bounded(path, MAX_FILE_BYTES, ValueError, "a DICOMDIR", "too large")
        if dicom_guard.dicomdir_too_big(data):
            raise ValueError
        ds = pydicom.dcmread(io.BytesIO(data))
        records = ds.DirectoryRecordSequence
        base = path.parent
        files = []
        for record in records:
            if str(record.get("DirectoryRecordType", "")).strip() != "IMAGE":
                continue
            parts = record.get("ReferencedFileID")
            if parts is None:
                continue
            parts = [parts] if isinstance(parts, str) else list(parts)
            if not parts or any(p in ("", ".", "..") or "/" in p or "\\" in p for p in parts):
                continue            # a path that would leave the CD is never followed
            files.append(_existing_case(base, parts))
        files = list(dict.fromkeys(files))[:MAX_FILES]     # each file read once
    except Exception:  # noqa: BLE001 - any damage means: walk the folder instead
        result.broken_dicomdir = True
        return None
    if not files:
        result.broken_dicomdir = True
        return None
    result.used_dicomdir = True
    return files


def _existing_case(base: Path, parts: list[str]) -> str:
    """DICOMDIR names are upper case; a CD copied to disk may have them in lower case."""
    path = base.joinpath(*parts)
    if path.exists():
        return str(path)
    lower = base.joinpath(*(p.lower() for p in parts))
    return str(lower) if lower.exists() else str(path)


MOSAIC_TAGS = sorted(TAG[k] for k in ("NumberOfFrames", "Rows", "Columns", "ImageType",
                                       "AcquisitionMatrix", "CSACreator", "CSACreator2",
                                       "CSAImage", "CSAImage2"))


def frames_in_file(path: str | os.PathLike[str]) -> int:
    """Images in a DICOM file, from its header alone: its frames (at most
    dicom_guard.MAX_FRAMES), or a Siemens mosaic's slices; 1 for anything else or on any
    error (the import then says what is wrong). Files of several images go to the series
    browser, where the user picks one."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return 1
        ds, _, _ = _read_file(str(path), MOSAIC_TAGS)
        frames = min(dicom_guard.MAX_FRAMES, max(1, _number(ds, "NumberOfFrames") or 1))
        if frames == 1 and dicom_mosaic.is_mosaic(_raw(ds, "ImageType")):
            return dicom_mosaic.tile_count(ds, _unsigned(ds, "Rows", 0),
                                           _unsigned(ds, "Columns", 0)) or 1
        return frames
    except Exception:  # noqa: BLE001 - not DICOM, damaged, vanished
        return 1


def _read_file(file: str, tags: list[int]) -> tuple[Any, int | None, int | None]:
    """(header dataset, where its pixel data ends by its own length (-1: cut short), the
    length of native pixel data; None when not known). Files without the 128-byte preamble
    are read too when they start like a dataset."""
    from pydicom.errors import InvalidDicomError
    from pydicom.filereader import read_partial

    dicom_guard.install()         # before any read: a deflated file inflates boundedly
    found: list[tuple[int, str | None, int]] = []

    def at_pixels(tag: int, vr: str | None, length: int) -> bool:
        if tag in PIXEL_TAGS:
            found.append((tag, vr, length))
            return True
        return False

    with open(file, "rb") as fp:
        try:
            ds = read_partial(fp, stop_when=at_pixels, specific_tags=tags)
        except InvalidDicomError:
            fp.seek(0)
            if not looks_like_dicom(fp.read(8)):
                raise
            fp.seek(0)
            ds = read_partial(fp, stop_when=at_pixels, specific_tags=tags, force=True)
        if not found or _raw_meta(ds) == DEFLATED:
            return ds, None, None
        tag, vr, length = found[0]
        if length == 0xFFFFFFFF:       # encapsulated: complete when its delimiter is there
            return ds, None if _has_delimiter(fp) else -1, None
        implicit = getattr(ds, "original_encoding", (None, None))[0]
        header = 8 if implicit or vr not in LONG_VRS else 12
        return ds, fp.tell() + header + length, length


def _frame_bytes(ds: Any) -> int:
    """Bytes one native frame needs at least (BitsAllocated 1: packed bits, rounded down so
    a file is never refused for the padding of its last byte; colour as YBR_FULL_422, whose
    chroma is halved: two samples a pixel)."""
    samples = 2 if _unsigned(ds, "SamplesPerPixel", 1) > 1 else 1
    pixels = _unsigned(ds, "Rows", 0) * _unsigned(ds, "Columns", 0) * samples
    return pixels * _unsigned(ds, "BitsAllocated", 16) // 8


def _unsigned(ds: Any, keyword: str, default: int) -> int:
    """A US (binary) value such as Rows; ``default`` if missing or malformed. Unpacked here
    from the raw bytes: pydicom's conversion costs about 50 µs a value."""
    try:
        element = ds.get_item(TAG[keyword])
        value = None if element is None else element.value
        if isinstance(value, bytes):
            little = getattr(ds, "original_encoding", (None, True))[1] is not False
            return int(struct.unpack("<H" if little else ">H", value[:2])[0])
        return int(value) if value is not None else default
    except (TypeError, ValueError, struct.error):
        return default


def _raw_meta(ds: Any) -> str:
    meta = getattr(ds, "file_meta", None)
    try:
        return str(meta.get("TransferSyntaxUID", "")) if meta is not None else ""
    except Exception:  # noqa: BLE001 - a malformed meta header: no transfer syntax
        return ""


def _has_delimiter(fp: Any) -> bool:
    """An encapsulated pixel data element ends with a sequence delimiter (FFFE,E0DD); a file
    cut short has lost it (only trailing padding may follow it)."""
    size = os.fstat(fp.fileno()).st_size
    fp.seek(max(0, size - 65536))
    return b"\xfe\xff\xdd\xe0" in fp.read(65536)


def looks_like_dicom(head: bytes) -> bool:
    """A file without the 128-byte preamble that starts with a group 0002 or 0008 element
    (little or big endian): old files and some CD writers' output."""
    return len(head) >= 8 and head[:2] in (b"\x08\x00", b"\x02\x00", b"\x00\x08")


def _read_header(file: str, result: ScanResult) -> Record | None:
    from pydicom.errors import InvalidDicomError

    try:
        info = os.stat(file)
    except OSError:
        result.unreadable += 1
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        result.unreadable += 1
        return None
    try:
        ds, pixel_end, pixel_bytes = _read_file(file, HEADER_TAGS)
    except InvalidDicomError:
        result.not_dicom += 1
        return None
    except Exception:  # noqa: BLE001 - damaged, permission denied, vanished, inflation bomb
        result.unreadable += 1
        return None
    try:
        if "Rows" not in ds:
            result.no_image += 1
            return None
        declared = max(1, _number(ds, "NumberOfFrames") or 1)
        if (pixel_end is not None and (pixel_end < 0 or pixel_end > info.st_size)) or \
                (pixel_bytes is not None and declared * _frame_bytes(ds) > pixel_bytes):
            # cut short, or declaring more frames than its pixels hold: counted as damaged
            # here, never listed as images that then fail to open
            result.unreadable += 1
            result.cut_short += 1
            return None
        frames = min(declared, dicom_guard.MAX_FRAMES)
        result.images += 1
        return (_raw(ds, "StudyInstanceUID") or "?", _raw(ds, "SeriesInstanceUID") or file,
                ds, file, frames, declared - frames)
    except Exception:  # noqa: BLE001 - a malformed value in a header element
        result.unreadable += 1
        return None


def _raw(ds: Any, keyword: str) -> str:
    """An element's value as plain text, without pydicom's conversion (ASCII fields only:
    UIDs, dates, numbers, code strings)."""
    try:
        element = ds.get_item(TAG[keyword])
    except Exception:  # noqa: BLE001 - a malformed element reads as missing
        return ""
    if element is None:
        return ""
    value = element.value
    if isinstance(value, bytes):
        return value.decode("latin-1").strip(" \0")
    return "" if value is None else str(value).strip()


def _text(ds: Any, keyword: str) -> str:
    """A converted text value (character set applied): for names and descriptions."""
    try:
        value = ds.get(keyword)
    except Exception:  # noqa: BLE001 - a value pydicom cannot convert reads as missing
        return ""
    return "" if value is None else str(value).strip()


def _number(ds: Any, keyword: str) -> int | None:
    try:
        return int(float(_raw(ds, keyword)))
    except (TypeError, ValueError, OverflowError):
        return None


def orientation(cosines: list[float] | None) -> tuple[str, list[float] | None]:
    """("axial" | "sagittal" | "coronal" | "", slice normal) from ImageOrientationPatient."""
    if cosines is None:
        return "", None
    r, c = cosines[:3], cosines[3:]
    normal = [r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]]
    axis = max(range(3), key=lambda i: abs(normal[i]))
    if abs(normal[axis]) < 0.5:
        return "", normal
    return ("sagittal", "coronal", "axial")[axis], normal


def _group(records: list[Record], result: ScanResult) -> None:
    studies: dict[str, Study] = {}
    series: dict[tuple[str, str], Series] = {}
    planes: dict[tuple[str, str], set[str]] = {}
    seen: set[tuple[str, str]] = set()
    for study_uid, series_uid, ds, file, frames, left in records:
        raw_who = (_raw(ds, "PatientName"), _raw(ds, "PatientBirthDate"))
        if raw_who not in seen:
            seen.add(raw_who)
            who = Identity(_text(ds, "PatientName").replace("^", " ").strip(), raw_who[1])
            if (who.name or who.birth_date) and who not in result.identities:
                result.identities.append(who)
        study = studies.get(study_uid)
        if study is None:
            study = studies[study_uid] = Study(uid=study_uid, date=_raw(ds, "StudyDate"),
                                               description=_text(ds, "StudyDescription"))
        key = (study_uid, series_uid)
        one = series.get(key)
        if one is None:
            one = series[key] = Series(
                uid=series_uid, modality=_raw(ds, "Modality").upper()[:16],
                description=_text(ds, "SeriesDescription")[:64],
                date=_raw(ds, "SeriesDate") or study.date,
                number=_number(ds, "SeriesNumber"))
            planes[key] = set()
            study.series.append(one)
        one.left_out += left
        one.slices.extend(_file_slices(ds, file, frames, planes[key]))
    for key, one in series.items():
        if len(planes[key]) == 1:
            one.orientation = planes[key].pop()
        else:       # a localizer cut three ways: positions along one axis mean nothing
            for piece in one.slices:
                piece.position = None
    for study in studies.values():
        study.series.sort(key=lambda s: (s.number is None, s.number or 0, s.description))
        study.series = [stack for one in study.series for stack in _stacks(one)]
    result.studies = sorted(studies.values(), key=lambda s: (s.date, s.uid))


def _file_slices(ds: Any, file: str, frames: int, planes: set[str]) -> list[Slice]:
    """The slices of one file: one a frame, or one a tile of a Siemens mosaic."""
    instance = _number(ds, "InstanceNumber")
    shared = shared_item(ds)
    items = per_frame_items(ds, frames) if frames > 1 or shared is not None else []
    slices = []
    for frame in range(frames):
        info = frame_info(ds, frame, shared, items[frame] if frame < len(items) else None)
        kind, normal = orientation(list(info.orientation) if info.orientation else None)
        planes.add(kind)
        position = info.position
        along = (sum(p * n for p, n in zip(position, normal))
                 if position is not None and normal is not None else None)
        slices.append(Slice(path=file, frame=frame, position=along, instance=instance,
                            in_stack=info.in_stack, info=info))
    if frames == 1 and dicom_mosaic.is_mosaic(slices[0].info.image_type if slices[0].info
                                               else ""):
        tiles = dicom_mosaic.tile_count(ds, _unsigned(ds, "Rows", 0),
                                        _unsigned(ds, "Columns", 0))
        if tiles:
            # each mosaic file is one volume; its tiles are its slices, in tile order
            volume = replace(slices[0].info or FrameInfo(), temporal=instance)
            return [Slice(path=file, frame=0, position=None, instance=instance,
                          tile=(k, tiles), in_stack=k, info=volume) for k in range(tiles)]
    return slices


def _stacks(one: Series) -> list[Series]:
    """The series split into its volumes, each in slice order and capped."""
    parts = dicom_stacks.split(one.slices, info=lambda s: s.info or FrameInfo(),
                               position=lambda s: s.position, instance=lambda s: s.instance)
    out = []
    for number, (label, slices) in enumerate(parts):
        # frames a file held beyond MAX_FRAMES are counted once, with the first stack
        stack = replace(one, label=label, slices=sorted(slices, key=_slice_key),
                        left_out=one.left_out if number == 0 else 0)
        if len(stack.slices) > MAX_SERIES_IMAGES:
            stack.left_out += len(stack.slices) - MAX_SERIES_IMAGES
            stack.slices = stack.slices[:MAX_SERIES_IMAGES]
        out.append(stack)
    return out


def _slice_key(s: Slice) -> tuple[bool, float, bool, int, bool, int, str, int]:
    """Position along the normal when every slice has one, else the frame's place in its
    stack, else instance number, else name."""
    return (s.position is None, s.position if s.position is not None else 0.0,
            s.in_stack is None, s.in_stack or 0,
            s.instance is None, s.instance or 0, s.path, s.frame)
