"""scan_folder: studies → series → slices in order, from a DICOMDIR or by walking the folder."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pydicom.data
import pytest

from desktop_app.model import scans
from desktop_app.model.scans import scan_folder
from tests.dicom_samples import SECRET_STRINGS
from tests.scan_samples import make_cd

DICOMDIR_TESTS = Path(os.path.dirname(pydicom.data.__file__)) / "test_files" / "dicomdirtests"


def _snapshot(folder: Path) -> dict:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))} | {"#": len(list(folder.rglob("*")))}


def test_pydicom_dicomdir_studies_and_series():
    before = _snapshot(DICOMDIR_TESTS)
    result = scan_folder(DICOMDIR_TESTS)
    assert result.used_dicomdir and not result.broken_dicomdir
    assert result.images == 31 and result.skipped == 0
    assert len(result.studies) == 6
    brain = [s for s in result.series if s.description == "Routine Brain"][0]
    assert (brain.modality, brain.date, brain.count, brain.orientation) == \
        ("CT", "19950903", 4, "axial")
    assert brain.caption() == "CT, cross-section" and brain.caption("es") == "TC, corte transversal"
    # axial slices in order of their position along the normal
    positions = [s.position for s in brain.slices]
    assert positions == sorted(positions) and len(set(positions)) == 4
    assert sum(s.count for s in result.series) == 31
    # a three-plane localizer has no single orientation and is ordered by instance number
    pilot = [s for s in result.series if "PILOT" in s.description]
    assert pilot and all(s.orientation == "" for s in pilot)
    assert {i.name for i in result.identities} == {"Doe Archibald", "Doe Peter"}
    assert _snapshot(DICOMDIR_TESTS) == before        # nothing written next to the scans


def test_dicomdir_file_itself_and_header_only_entries():
    assert scan_folder(DICOMDIR_TESTS / "DICOMDIR").images == 31
    tiny = scan_folder(DICOMDIR_TESTS / "TINY_ALPHA")   # DICOMDIR of files without pixels
    assert tiny.used_dicomdir and tiny.images == 0 and tiny.no_image == 50


def test_walk_orders_slices_by_position_not_name(tmp_path):
    make_cd(tmp_path / "cd", slices=12)
    result = scan_folder(tmp_path / "cd")
    assert not result.used_dicomdir and result.images == 15 and result.skipped == 0
    (study,) = result.studies
    mr, ct = study.series
    assert (mr.modality, mr.description, mr.count, mr.orientation) == \
        ("MR", "T2 SAG", 12, "sagittal")
    assert mr.caption() == "MRI, side view" and mr.caption("es") == "RM, vista lateral"
    assert [s.position for s in mr.slices] == [-40.0 + 4.0 * i for i in range(12)]
    assert [s.instance for s in mr.slices] == list(range(12, 0, -1))
    names = [Path(s.path).name for s in mr.slices]
    assert names != sorted(names)                    # so the order really came from positions
    assert mr.middle is mr.slices[6]
    assert (ct.count, ct.orientation, ct.caption()) == (3, "axial", "CT, cross-section")


def test_bad_files_are_skipped_and_counted(tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    cd = make_cd(tmp_path / "cd", slices=4)
    (cd / "AUTORUN.INF").write_text("[autorun]\nopen=viewer.exe\n")
    (cd / "viewer.exe").write_bytes(b"MZ" + b"\0" * 300)
    good = next((cd / "SERIES1").iterdir())
    (cd / "broken.dcm").write_bytes(good.read_bytes()[:200])          # header cut short
    os.mkfifo(cd / "pipe")                                              # not a regular file
    (cd / "big.dcm").write_bytes(good.read_bytes() + b"\0" * 5000)
    from pydicom.dataset import Dataset
    report = Dataset()
    report.PatientName, report.Modality = "Zz^Secretname", "SR"
    report.SOPClassUID = "1.2.840.10008.5.1.4.1.1.88.11"
    report.SOPInstanceUID = "1.2.3.4"
    report.StudyInstanceUID = report.SeriesInstanceUID = "1.2.3"
    from pydicom.dataset import FileMetaDataset
    report.file_meta = FileMetaDataset()
    report.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    report.file_meta.MediaStorageSOPClassUID = report.SOPClassUID
    report.file_meta.MediaStorageSOPInstanceUID = report.SOPInstanceUID
    report.save_as(cd / "report.dcm", enforce_file_format=True)
    monkeypatch.setattr(scans, "MAX_FILE_BYTES", len(good.read_bytes()) + 100)
    result = scan_folder(cd)
    assert result.images == 7
    # the pipe and the over-size file are unreadable; a header cut before the image size
    # and the report hold no image
    assert (result.not_dicom, result.unreadable, result.no_image) == (2, 2, 2)
    for secret in SECRET_STRINGS:
        assert secret not in caplog.text


def test_broken_dicomdir_falls_back_to_walking(tmp_path):
    cd = make_cd(tmp_path / "cd", slices=3)
    (cd / "DICOMDIR").write_bytes(b"\0" * 128 + b"DICM" + b"\x02\x00garbage" * 10)
    result = scan_folder(cd)
    assert result.broken_dicomdir and not result.used_dicomdir
    assert result.images == 6 and [s.count for s in result.series] == [3, 3]


def test_dicomdir_never_leads_outside_the_folder(tmp_path):
    import shutil

    cd = tmp_path / "cd"
    shutil.copytree(DICOMDIR_TESTS / "77654033", cd / "77654033")
    import pydicom

    import warnings

    ds = pydicom.dcmread(DICOMDIR_TESTS / "DICOMDIR")
    with warnings.catch_warnings():      # pydicom warns: '..' is no valid file ID part
        warnings.simplefilter("ignore")
        for record in ds.DirectoryRecordSequence:
            if record.DirectoryRecordType == "IMAGE":
                record.ReferencedFileID = ["..", "..", "etc", "passwd"]
    ds.save_as(cd / "DICOMDIR")
    result = scan_folder(cd)
    assert result.broken_dicomdir            # nothing usable listed: the folder is walked
    assert result.images == 7


def test_series_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(scans, "MAX_SERIES_IMAGES", 5)
    result = scan_folder(make_cd(tmp_path / "cd", slices=8))
    mr = result.series[0]
    assert (mr.count, mr.left_out) == (5, 3)
    assert [s.position for s in mr.slices] == [-40.0 + 4.0 * i for i in range(5)]


def test_multi_frame_file_is_a_series_of_frames():
    files = DICOMDIR_TESTS.parent
    result = scan_folder(files / "examples_ybr_color.dcm")
    (series,) = result.series
    assert series.count == 30 and [s.frame for s in series.slices] == list(range(30))


def test_progress_and_cancel(tmp_path):
    cd = make_cd(tmp_path / "cd", slices=40)
    calls = []
    result = scan_folder(cd, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (43, 43) and all(a <= b for a, b in calls)
    stop = iter([False] * 5 + [True] * 1000)
    result = scan_folder(cd, cancelled=lambda: next(stop))
    assert result.cancelled and result.studies == []


@pytest.mark.parametrize("path", ["does-not-exist", ""])
def test_missing_folder(tmp_path, path):
    result = scan_folder(tmp_path / path / "nothing")
    assert result.studies == [] and result.unreadable == 1
