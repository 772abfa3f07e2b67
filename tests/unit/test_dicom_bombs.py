"""Few bytes may not cost gigabytes: frames, inflation, codestreams and DICOMDIR records are
capped before any list or buffer is built, each at its limit and one past it. (Time and
memory of the real bombs are measured in benchmarks/dicom_bombs.py, not here.)"""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from desktop_app.model import dicom_guard, scans
from desktop_app.model.dicom_guard import (MAX_DICOMDIR_RECORDS, MAX_FRAMES, MAX_INFLATED,
                                           InflationError, codestream_fits, codestream_size)
from desktop_app.model.images import ImageError, import_image
from desktop_app.model.scans import MAX_SERIES_IMAGES, frames_in_file, scan_folder
from tests.modern_samples import (JPEG_2000, JPEG_LS, codestream_bomb, deflate_bomb,
                                  dicomdir_bomb, frames_bomb, plain)


def test_the_limits_are_the_numbers_written_here():
    assert (MAX_FRAMES, MAX_INFLATED, MAX_DICOMDIR_RECORDS) == (3000, 64 * 2 ** 20, 20_000)
    assert MAX_SERIES_IMAGES == 2000


# ------------------------------------------------------------------------------ frames
def test_two_billion_declared_frames_are_refused_at_listing_and_import(tmp_path):
    (tmp_path / "cd").mkdir()
    path = frames_bomb(tmp_path / "cd" / "bomb.dcm")
    assert path.stat().st_size < 1100
    result = scan_folder(tmp_path / "cd")
    assert (result.images, result.unreadable, result.cut_short, result.series) == (0, 1, 1, [])
    assert frames_in_file(path) == 3000
    with pytest.raises(ImageError, match=r"header says 2,147,483,647 images; it holds the "
                                         r"pixels of 1\)\.$"):
        import_image(path)


@pytest.mark.parametrize("frames, listed, left_out", [(3000, 2000, 1000), (3001, 2000, 1001)])
def test_frames_are_capped_at_3000_a_file(tmp_path, frames, listed, left_out):
    (tmp_path / "cd").mkdir()
    path = plain(tmp_path / "cd" / "cine.dcm", rows=1, cols=1, frames=frames)
    (series,) = scan_folder(tmp_path / "cd").series
    assert (series.count, series.left_out) == (listed, left_out)
    assert frames_in_file(path) == 3000
    assert import_image(path, frame=2999).width == 1            # the 3,000th frame
    if frames == 3001:
        with pytest.raises(ImageError, match=r"has 3,001 images; the app reads the first "
                                             r"3,000 of one file\.$"):
            import_image(path, frame=3000)


# --------------------------------------------------------------------------- inflation
def test_inflation_stops_one_byte_past_64_mb():
    at_limit = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    data = at_limit.compress(bytes(MAX_INFLATED)) + at_limit.flush()
    inflate = dicom_guard._BoundedZlib.decompress
    assert len(inflate(data, -zlib.MAX_WBITS)) == 67_108_864
    over = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    data = over.compress(bytes(MAX_INFLATED + 1)) + over.flush()
    with pytest.raises(InflationError):
        inflate(data, -zlib.MAX_WBITS)


def test_a_deflate_bomb_is_refused_even_for_a_header_read(tmp_path):
    (tmp_path / "cd").mkdir()
    path = deflate_bomb(tmp_path / "cd" / "deflated.dcm", inflated_mb=70)
    assert path.stat().st_size < 200_000
    with pytest.raises(ImageError, match=r"deflated DICOM file that unpacks to more than "
                                         r"64 MB"):
        import_image(path)
    result = scan_folder(tmp_path / "cd")
    assert (result.images, result.unreadable) == (0, 1)


# ------------------------------------------------------------------------- codestreams
@pytest.mark.parametrize("syntax", [JPEG_LS, JPEG_2000])
def test_a_codestream_larger_than_its_header_is_refused_before_decoding(tmp_path, syntax):
    path = codestream_bomb(tmp_path / "bomb.dcm", syntax, declared=(8, 8),
                           real=(16384, 16384))
    with pytest.raises(ImageError, match=r"compressed image is larger than the 8 × 8 pixels "
                                         r"its header says\)\.$"):
        import_image(path)


@pytest.mark.parametrize("syntax", [JPEG_LS, JPEG_2000])
def test_a_codestream_of_the_header_size_decodes(tmp_path, syntax):
    path = codestream_bomb(tmp_path / "ok.dcm", syntax, declared=(8, 8), real=(8, 8))
    image = import_image(path)
    assert (image.width, image.height) == (8, 8)


def test_codestream_size_limit_at_rows_by_columns_and_one_past():
    import imagecodecs

    stream = imagecodecs.jpegls_encode(np.zeros((8, 9), np.uint8))
    assert codestream_size(stream) == (8, 9)
    assert codestream_fits(stream, 8, 9)
    assert not codestream_fits(stream, 7, 9) and not codestream_fits(stream, 8, 8)
    j2k = imagecodecs.jpeg2k_encode(np.zeros((8, 9), np.uint8), codecformat="J2K")
    assert codestream_size(j2k) == (8, 9) and not codestream_fits(j2k, 8, 8)
    assert codestream_size(b"not a codestream") is None


# --------------------------------------------------------------------------- DICOMDIR
@pytest.mark.parametrize("records, too_big", [(20_000, False), (20_001, True)])
def test_dicomdir_records_counted_before_parsing(tmp_path, records, too_big):
    path = dicomdir_bomb(tmp_path, records)
    assert dicom_guard.dicomdir_too_big(path.read_bytes()) is too_big


def test_a_dicomdir_of_200000_records_is_not_parsed_the_folder_is_walked(tmp_path):
    dicomdir_bomb(tmp_path, 200_000)
    plain(tmp_path / "IM1")
    result = scan_folder(tmp_path)
    assert result.broken_dicomdir and not result.used_dicomdir
    assert result.images == 1 and result.series[0].count == 1


def test_a_small_dicomdir_naming_one_file_many_times_reads_it_once(tmp_path, monkeypatch):
    dicomdir_bomb(tmp_path, 500)
    plain(tmp_path / "IM1")
    reads = []
    real = scans._read_header
    monkeypatch.setattr(scans, "_read_header", lambda f, r: reads.append(f) or real(f, r))
    result = scan_folder(tmp_path)
    assert result.used_dicomdir and result.images == 1 and len(reads) == 1


def test_the_bound_is_in_place_before_the_first_header_read(tmp_path):
    """A fresh process whose first DICOM read is frames_in_file (a file dropped on the Images
    tab) reads a deflate bomb with the bounded inflater."""
    import subprocess
    import sys
    from pathlib import Path

    path = deflate_bomb(tmp_path / "deflated.dcm", inflated_mb=70)
    root = Path(__file__).resolve().parents[2]
    code = ("import sys; sys.path.insert(0, sys.argv[2]);"
            "from desktop_app.model.scans import frames_in_file;"
            "print(frames_in_file(sys.argv[1]));"
            "import pydicom.filereader as f; print(type(f.zlib).__name__)")
    out = subprocess.run([sys.executable, "-c", code, str(path), str(root)],
                         capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["1", "_BoundedZlib"]
