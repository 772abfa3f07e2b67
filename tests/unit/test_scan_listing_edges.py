"""Listing a CD's files, at the edges the mutation run found untested: a colour file whose
pixels cannot hold two samples a pixel is cut short, a listed file gone before its header is
read counts once, a series description is kept to 64 characters, and a mosaic's tiles keep
the file's geometry."""

from __future__ import annotations

import os

from desktop_app.model import scans
from tests.modern_samples import base, mosaic
from tests.scan_samples import make_cd, write_slice


def _colour(path, pixel_bytes: int):
    ds = base()
    ds.Rows, ds.Columns = 16, 16
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 3, "RGB"
    ds.PlanarConfiguration = 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.PixelData = bytes(pixel_bytes)
    ds["PixelData"].VR = "OB"
    ds.save_as(path, enforce_file_format=True)
    return path


def test_a_colour_file_is_cut_short_below_two_samples_a_pixel(tmp_path):
    """16 x 16 colour needs at least 512 bytes (two samples a pixel, YBR_FULL_422): 512 are
    listed, 510 are cut short (one sample a pixel, 256, would wrongly pass)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _colour(tmp_path / "a" / "ok.dcm", 512)
    _colour(tmp_path / "b" / "short.dcm", 510)
    ok = scans.scan_folder(tmp_path / "a")
    assert (ok.images, ok.cut_short, ok.unreadable) == (1, 0, 0)
    short = scans.scan_folder(tmp_path / "b")
    assert (short.images, short.cut_short, short.unreadable) == (0, 1, 1)


def test_a_file_gone_before_its_header_is_read_counts_once(tmp_path, monkeypatch):
    """Listed, then gone (a CD ejected, a stick pulled) when its header is read: 1
    unreadable, the other 5 images listed."""
    cd = make_cd(tmp_path / "cd", slices=3)
    gone = str(sorted((cd / "SERIES1").iterdir())[0])
    reading = []
    real_stat, real_header = os.stat, scans._read_header

    def read_header(file, result):
        reading.append(file)
        return real_header(file, result)

    def stat(path, *args, **kwargs):
        if reading and str(path) == gone:
            raise FileNotFoundError(2, "No such file or directory")
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(scans, "_read_header", read_header)
    monkeypatch.setattr(scans.os, "stat", stat)
    result = scans.scan_folder(cd)
    assert gone in reading
    assert (result.unreadable, result.images) == (1, 5)


def test_a_series_description_is_kept_to_64_characters(tmp_path):
    from pydicom.uid import generate_uid

    study = generate_uid()
    for n, length in ((1, 64), (2, 65)):
        folder = tmp_path / f"s{n}"
        folder.mkdir()
        write_slice(folder / "IM1", study_uid=study, series_uid=generate_uid(), index=0,
                    position=0.0, description="D" * length, series_number=n)
    described = [s.description for st in scans.scan_folder(tmp_path).studies for s in st.series]
    assert sorted(described) == ["D" * 64, "D" * 64]


def test_a_mosaics_tiles_keep_the_files_geometry(tmp_path):
    path = mosaic(tmp_path / "m.dcm", tiles=7, tile=8, instance=3)
    series = scans.scan_folder(tmp_path).studies[0].series[0]
    assert series.count == 7
    for k, piece in enumerate(series.slices):
        assert piece.tile == (k, 7) and piece.info is not None
        assert piece.info.temporal == 3
        assert tuple(piece.info.orientation) == (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
    assert scans.frames_in_file(path) == 7


def test_a_mosaic_whose_tiles_cannot_be_counted_is_one_image(tmp_path):
    path = mosaic(tmp_path / "m.dcm", tiles=7, tile=8, csa=False)
    import pydicom

    ds = pydicom.dcmread(path)
    del ds.AcquisitionMatrix
    ds.save_as(path)
    assert scans.frames_in_file(path) == 1
