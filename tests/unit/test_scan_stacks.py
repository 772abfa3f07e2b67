"""Series holding several volumes are split into stacks (each scroll step moves one position),
with distinct labels; Siemens mosaics are split into their tiles."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from pydicom.pixels import pixel_array

from desktop_app.model import dicom_mosaic
from desktop_app.model.images import import_image, stored_values
from desktop_app.model.scans import frames_in_file, scan_folder
from tests.modern_samples import csa_header, dwi_series, mosaic


def _grid(image) -> np.ndarray:
    return np.array(stored_values(image)).reshape(image.height, image.width)


@pytest.mark.parametrize("siemens, implicit", [(False, False), (True, False), (True, True)])
def test_dwi_split_by_b_value_and_direction(tmp_path, siemens, implicit):
    dwi_series(tmp_path / "cd", positions=4, b_values=(0, 1000), directions=3,
               siemens=siemens, implicit=implicit)
    series = scan_folder(tmp_path / "cd").series
    assert [s.label for s in series] == ["DWI b = 0", "DWI b = 1000, direction 1",
                                         "DWI b = 1000, direction 2",
                                         "DWI b = 1000, direction 3"]
    for stack in series:
        # every step moves one position: 4 distinct positions in order, none repeated
        positions = [s.position for s in stack.slices]
        assert positions == sorted(set(positions)) and len(positions) == 4
    assert len({(s.caption(), s.label) for s in series}) == 4


def test_dwi_with_b_values_only(tmp_path):
    dwi_series(tmp_path / "cd", positions=3, b_values=(0, 500, 1000), directions=1)
    series = scan_folder(tmp_path / "cd").series
    assert [s.label for s in series] == ["DWI b = 0", "DWI b = 500, direction 1",
                                         "DWI b = 1000, direction 1"]


def test_volumes_without_tags_split_by_repeated_positions(tmp_path):
    dwi_series(tmp_path / "cd", positions=5, b_values=(0, 1000), directions=2, tags=False)
    series = scan_folder(tmp_path / "cd").series
    assert [s.label for s in series] == ["volume 1", "volume 2", "volume 3"]
    for number, stack in enumerate(series):
        assert [s.position for s in stack.slices] == [-8.0, -4.0, 0.0, 4.0, 8.0]
        # volume n holds instances 5n+1 .. 5n+5 (the scanner's order), one a position
        assert sorted(s.instance for s in stack.slices) == list(range(5 * number + 1,
                                                                      5 * number + 6))
        picture = import_image(stack.slices[2].path)
        assert _grid(picture).max() == 10 * number + 2


def test_a_plain_series_is_not_split(tmp_path):
    from tests.scan_samples import make_cd

    make_cd(tmp_path / "cd", slices=6)
    assert [s.label for s in scan_folder(tmp_path / "cd").series] == ["", ""]


def test_echoes_and_time_points_have_their_own_labels(tmp_path):
    paths = dwi_series(tmp_path / "cd", positions=2, b_values=(0,), directions=0, tags=False)
    echo2 = dwi_series(tmp_path / "e2", positions=2, b_values=(0,), directions=0, tags=False)
    for path in paths:
        ds = pydicom.dcmread(path)
        ds.EchoNumbers = 1
        ds.save_as(path)
    for n, path in enumerate(echo2):
        ds = pydicom.dcmread(path)
        ds.SeriesInstanceUID = pydicom.dcmread(paths[0]).SeriesInstanceUID
        ds.StudyInstanceUID = pydicom.dcmread(paths[0]).StudyInstanceUID
        ds.EchoNumbers = 2
        ds.InstanceNumber = 10 + n
        ds.save_as(tmp_path / "cd" / f"E2{n}")
    assert [s.label for s in scan_folder(tmp_path / "cd").series] == ["echo 1", "echo 2"]
    for path in (tmp_path / "cd").iterdir():
        ds = pydicom.dcmread(path)
        ds.TemporalPositionIdentifier = ds.EchoNumbers
        del ds.EchoNumbers
        ds.save_as(path)
    assert [s.label for s in scan_folder(tmp_path / "cd").series] == ["time 1", "time 2"]


# ------------------------------------------------------------------------------ mosaics
def test_csa_header_number_of_images_in_mosaic():
    data = csa_header({"SliceThickness": "3", "NumberOfImagesInMosaic": "30"})
    assert dicom_mosaic.csa_value(data, "NumberOfImagesInMosaic") == "30"
    assert dicom_mosaic.csa_value(data, "Missing") is None
    assert dicom_mosaic.csa_value(data[:40], "NumberOfImagesInMosaic") is None  # cut short
    assert dicom_mosaic.csa_value(b"SV10\4\3\2\1" + b"\xff" * 8, "x") is None  # absurd count


@pytest.mark.parametrize("csa, tiles", [(True, 7), (False, 9)])
def test_a_mosaic_is_split_into_its_slices(tmp_path, csa, tiles):
    # 7 slices on a 3 x 3 grid; without the CSA header the acquisition matrix gives the
    # tile size and every tile of the grid counts (the two blank ones too)
    (tmp_path / "cd").mkdir()
    path = mosaic(tmp_path / "cd" / "mosaic.dcm", tiles=7, tile=8, csa=csa)
    (series,) = scan_folder(tmp_path / "cd").series
    assert series.count == tiles
    assert frames_in_file(path) == tiles      # imported alone, it opens the series browser
    assert [s.tile for s in series.slices] == [(k, tiles) for k in range(tiles)]
    whole = pixel_array(pydicom.dcmread(path))
    for k in (0, 4, 6):
        image = import_image(path, tile=(k, tiles))
        assert (image.width, image.height) == (8, 8)
        r, c = divmod(k, 3)
        assert np.array_equal(_grid(image), whole[8 * r:8 * r + 8, 8 * c:8 * c + 8])
        assert _grid(image).max() == 1100 + k
        assert (image.row_spacing_mm, image.column_spacing_mm) == (3.0, 3.0)


def test_mosaics_of_an_fmri_run_are_one_stack_a_time_point(tmp_path):
    from pydicom.uid import generate_uid

    (tmp_path / "cd").mkdir()
    study, series_uid = generate_uid(), generate_uid()
    for t in (1, 2):
        mosaic(tmp_path / "cd" / f"t{t}.dcm", tiles=4, tile=8, instance=t, study=study,
               series=series_uid)
    first, second = scan_folder(tmp_path / "cd").series
    assert (first.label, second.label) == ("time 1", "time 2")
    assert [s.tile[0] for s in first.slices] == [0, 1, 2, 3]
    assert {s.path for s in second.slices} == {str(tmp_path / "cd" / "t2.dcm")}
