"""Synthetic patient CDs for the scan tests and benchmarks: series of small DICOM slices with
positions, written with pydicom (JPEG Lossless through imagecodecs). The headers carry the secret
identity strings of :mod:`tests.dicom_samples`, which the app must never store or log.
"""

from __future__ import annotations

from pathlib import Path

from tests.dicom_samples import SECRET_ID, SECRET_INSTITUTION, SECRET_NAME

EXPLICIT_LE = "1.2.840.10008.1.2.1"
JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70"
SAGITTAL = [0.0, 1.0, 0.0, 0.0, 0.0, -1.0]       # rows along y, columns along -z: normal x
AXIAL = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]


def slice_pixels(rows: int, cols: int, index: int):
    """A bright disc that moves with the slice index on a ramp background (uint16)."""
    import numpy as np

    y, x = np.mgrid[0:rows, 0:cols]
    image = (x * 400 // max(cols, 1) + 100).astype(np.uint16)
    cx, cy = cols * (0.3 + 0.02 * (index % 20)), rows * 0.5
    image[(x - cx) ** 2 + (y - cy) ** 2 < (min(rows, cols) * 0.15) ** 2] = 1500 + index
    return image


def write_slice(path: Path, *, study_uid: str, series_uid: str, index: int, position: float,
                rows: int = 16, cols: int = 16, modality: str = "MR",
                description: str = "T2 SAG", series_number: int = 1,
                orientation=SAGITTAL, syntax: str = EXPLICIT_LE, instance: int | None = None,
                name: str = SECRET_NAME, birth: str = "19310203",
                study_date: str = "20260101") -> Path:
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.4"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientName, ds.PatientID, ds.PatientBirthDate = name, SECRET_ID, birth
    ds.InstitutionName = SECRET_INSTITUTION
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, series_uid
    ds.StudyDate = ds.SeriesDate = study_date
    ds.StudyDescription = "PELVIS"
    ds.SeriesDescription = description
    ds.Modality = modality
    ds.SeriesNumber = series_number
    ds.InstanceNumber = index + 1 if instance is None else instance
    normal = _normal(orientation)
    ds.ImageOrientationPatient = list(orientation)
    ds.ImagePositionPatient = [n * position for n in normal]
    ds.PixelSpacing = [0.8, 0.8]
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.WindowCenter, ds.WindowWidth = 800, 1600
    ds.PixelData = slice_pixels(rows, cols, index).tobytes()
    ds["PixelData"].VR = "OW"
    ds.save_as(path, enforce_file_format=True)
    if syntax == JPEG_LOSSLESS_SV1:
        _jpeg_lossless(path)
    return Path(path)


def _normal(o):
    r, c = o[:3], o[3:]
    return [r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]]


def _jpeg_lossless(path: Path) -> None:
    """Rewrite a file as JPEG Lossless SV1 (libjpeg-turbo through imagecodecs), as scanners
    write it: one fragment a frame."""
    import imagecodecs
    import pydicom
    from pydicom.encaps import encapsulate
    from pydicom.uid import JPEGLosslessSV1

    ds = pydicom.dcmread(path)
    stream = imagecodecs.jpeg8_encode(ds.pixel_array, lossless=True, predictor=1,
                                      bitspersample=ds.BitsStored)
    ds.PixelData = encapsulate([stream])
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    ds.file_meta.TransferSyntaxUID = JPEGLosslessSV1
    ds.save_as(path, enforce_file_format=True)


def make_cd(folder: Path, *, slices: int = 12, rows: int = 16, cols: int = 16,
            syntax: str = EXPLICIT_LE, shuffled_names: bool = True,
            name: str = SECRET_NAME, birth: str = "19310203") -> Path:
    """One study with a sagittal MR series (``slices`` slices) and a 3-slice axial CT series.
    File names do not follow slice order (as on real CDs), so order must come from positions."""
    from pydicom.uid import generate_uid

    folder.mkdir(parents=True, exist_ok=True)
    study = generate_uid()
    mr, ct = generate_uid(), generate_uid()
    (folder / "SERIES1").mkdir(exist_ok=True)
    (folder / "SERIES2").mkdir(exist_ok=True)
    for i in range(slices):
        label = (i * 7919) % slices if shuffled_names else i
        write_slice(folder / "SERIES1" / f"IM{label:05d}", study_uid=study, series_uid=mr,
                    index=i, position=-40.0 + 4.0 * i, rows=rows, cols=cols, syntax=syntax,
                    instance=slices - i, name=name, birth=birth)
    for i in range(3):
        write_slice(folder / "SERIES2" / f"IM{i:05d}", study_uid=study, series_uid=ct,
                    index=i, position=10.0 * i, rows=rows, cols=cols, modality="CT",
                    description="AXIAL PELVIS", series_number=2, orientation=AXIAL,
                    name=name, birth=birth)
    return folder
