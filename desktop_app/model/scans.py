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

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.model.images import MAX_FILE_BYTES

# one image file's header: (study UID, series UID, dataset, path, number of frames)
Record = tuple[str, str, Any, str, int]

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
       "Rows": 0x00280010, "Columns": 0x00280011}
HEADER_TAGS = sorted(TAG.values())

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


@dataclass
class Series:
    uid: str
    modality: str = ""
    description: str = ""
    date: str = ""                 # YYYYMMDD as in the header, "" if unknown
    number: int | None = None
    orientation: str = ""          # "axial" / "sagittal" / "coronal" / ""
    slices: list[Slice] = field(default_factory=list)
    left_out: int = 0              # images beyond MAX_SERIES_IMAGES

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
    unreadable: int = 0             # missing, not a regular file, too large, damaged header
    no_image: int = 0               # DICOM files without an image (reports, plans, ...)
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
    """Image files listed in a DICOMDIR, or None (counted as broken) if it cannot be used."""
    import pydicom

    try:
        if os.stat(path).st_size > MAX_FILE_BYTES:
            raise ValueError
        ds = pydicom.dcmread(path)
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


def frames_in_file(path: str | os.PathLike[str]) -> int:
    """Frames in a DICOM file, from its header alone; 1 for anything else or on any error (the
    import then says what is wrong). Multi-frame files go to the series browser, where the
    user picks the frame."""
    import pydicom

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return 1
        ds = pydicom.dcmread(path, stop_before_pixels=True,
                             specific_tags=[TAG["NumberOfFrames"], TAG["Rows"]])
        return max(1, _number(ds, "NumberOfFrames") or 1)
    except Exception:  # noqa: BLE001 - not DICOM, damaged, vanished
        return 1


def _read_header(file: str, result: ScanResult) -> Record | None:
    import pydicom
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
        ds = pydicom.dcmread(file, stop_before_pixels=True, specific_tags=HEADER_TAGS)
    except InvalidDicomError:
        result.not_dicom += 1
        return None
    except Exception:  # noqa: BLE001 - damaged, permission denied, vanished...
        result.unreadable += 1
        return None
    try:
        if "Rows" not in ds:
            result.no_image += 1
            return None
        frames = max(1, _number(ds, "NumberOfFrames") or 1)
        result.images += 1
        return (_raw(ds, "StudyInstanceUID") or "?", _raw(ds, "SeriesInstanceUID") or file,
                ds, file, frames)
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


def _vector(ds: Any, keyword: str, size: int) -> list[float] | None:
    try:
        value = [float(v) for v in _raw(ds, keyword).split("\\")]
    except (TypeError, ValueError):
        return None
    return value if len(value) == size and all(v == v for v in value) else None


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
    for study_uid, series_uid, ds, file, frames in records:
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
        kind, normal = orientation(_vector(ds, "ImageOrientationPatient", 6))
        planes[key].add(kind)
        position = _vector(ds, "ImagePositionPatient", 3)
        along = (sum(p * n for p, n in zip(position, normal))
                 if position is not None and normal is not None else None)
        instance = _number(ds, "InstanceNumber")
        for frame in range(frames):
            one.slices.append(Slice(path=file, frame=frame, position=along, instance=instance))
    for key, one in series.items():
        if len(planes[key]) == 1:
            one.orientation = planes[key].pop()
        else:       # a localizer cut three ways: positions along one axis mean nothing
            for piece in one.slices:
                piece.position = None
        one.slices.sort(key=_slice_key)
        if len(one.slices) > MAX_SERIES_IMAGES:
            one.left_out = len(one.slices) - MAX_SERIES_IMAGES
            one.slices = one.slices[:MAX_SERIES_IMAGES]
    for study in studies.values():
        study.series.sort(key=lambda s: (s.number is None, s.number or 0, s.description))
    result.studies = sorted(studies.values(), key=lambda s: (s.date, s.uid))


def _slice_key(s: Slice) -> tuple[bool, float, bool, int, str, int]:
    """Position along the normal when every slice has one, else instance number, else name."""
    return (s.position is None, s.position if s.position is not None else 0.0,
            s.instance is None, s.instance or 0, s.path, s.frame)
