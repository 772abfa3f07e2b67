"""Enhanced multi-frame files: rescale, window, spacing, plane and position per frame from the
Shared / Per-Frame Functional Groups, checked against pydicom's own decoding of the frame."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset
from pydicom.pixels import apply_modality_lut, pixel_array

from desktop_app.model import images
from desktop_app.model.dicom_frames import frame_info
from desktop_app.model.images import import_image, render_gray, stored_values
from desktop_app.model.scans import scan_folder
from tests.modern_samples import enhanced_ct, field_map


def _grid(image) -> np.ndarray:
    return np.array(stored_values(image)).reshape(image.height, image.width)


def _pydicom_modality(path, frame: int, slope: float, intercept: float) -> np.ndarray:
    """pydicom's decoding of the frame, rescaled by pydicom with the frame's own values."""
    raw = pixel_array(pydicom.dcmread(path), index=frame)
    rescale = Dataset()
    rescale.RescaleSlope, rescale.RescaleIntercept = slope, intercept
    return apply_modality_lut(raw, rescale)


def test_enhanced_ct_keeps_its_intercept_window_and_spacing(tmp_path):
    path = enhanced_ct(tmp_path / "ct.dcm", frames=6)
    for frame in (0, 5):
        image = import_image(path, frame=frame)
        assert (image.rescale_slope, image.rescale_intercept) == (1.0, -1024.0)
        assert (image.window_center, image.window_width) == (40.0, 400.0)
        assert (image.row_spacing_mm, image.column_spacing_mm) == (0.7, 0.7)
        hu = _grid(image) * image.rescale_slope + image.rescale_intercept
        assert np.array_equal(hu, _pydicom_modality(path, frame, 1.0, -1024.0))
        assert hu.min() == -1000 and hu.max() <= 240          # air and soft tissue only
        # soft-tissue preset (40 / 400): nothing white, the air (about 65 %) black
        grey = np.frombuffer(render_gray(image, *images.preset(image, "CT soft tissue")),
                             np.uint8)
        assert (grey == 255).mean() == 0.0
        assert (grey == 0).mean() == pytest.approx((hu <= 40 - 0.5 - 399 / 2).mean())
        assert 0.55 < (grey == 0).mean() < 0.75
        # the same pixels with the intercept dropped (the old reading) were a third white
        image.rescale_intercept = 0.0
        dropped = np.frombuffer(render_gray(image, 40.0, 400.0), np.uint8)
        assert (dropped == 255).mean() > 0.3


def test_enhanced_ct_listed_in_position_order_with_its_plane(tmp_path):
    (tmp_path / "cd").mkdir()
    path = enhanced_ct(tmp_path / "cd" / "ct.dcm", frames=6)     # frames stored top to bottom
    result = scan_folder(tmp_path / "cd")
    (series,) = result.series
    assert (series.modality, series.orientation, series.count, series.label) == \
        ("CT", "axial", 6, "")
    assert series.caption() == "CT, cross-section"
    assert [s.position for s in series.slices] == [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    assert [s.frame for s in series.slices] == [5, 4, 3, 2, 1, 0]
    # the first listed slice is the lowest position: frame 5 of the file, slice 0
    first = import_image(path, frame=series.slices[0].frame)
    assert np.array_equal(_grid(first), pixel_array(pydicom.dcmread(path), index=5))


def test_per_frame_values_win_over_shared_and_top_level(tmp_path):
    ds = pydicom.dcmread(field_map(tmp_path / "fm.dcm", slices=4))
    ds.RescaleSlope, ds.RescaleIntercept = 9.0, 9.0    # a top-level value loses to the groups
    magnitude, phase = frame_info(ds, 0), frame_info(ds, 4)
    assert (magnitude.slope, magnitude.intercept, phase.slope, phase.intercept) == \
        (2.0, 0.0, 0.5, -100.0)
    assert magnitude.spacing == phase.spacing == (1.0, 1.0)        # shared
    assert magnitude.orientation == (0.0, 1.0, 0.0, 0.0, 0.0, -1.0)
    assert magnitude.position == (9.0, 0.0, 0.0) and phase.position == (9.0, 0.0, 0.0)
    assert magnitude.image_type.split("\\")[2] == "M" and phase.image_type.split("\\")[2] == "P"


def test_field_map_splits_into_magnitude_and_phase_with_their_own_rescale(tmp_path):
    (tmp_path / "cd").mkdir()
    path = field_map(tmp_path / "cd" / "fm.dcm", slices=4)
    result = scan_folder(tmp_path / "cd")
    magnitude, phase = result.series
    assert (magnitude.label, phase.label) == ("magnitude", "phase")
    for stack in (magnitude, phase):
        assert stack.count == 4 and stack.orientation == "sagittal"
        # along the sagittal normal (-x): x = 9, 6, 3, 0 mm
        assert [s.position for s in stack.slices] == [-9.0, -6.0, -3.0, 0.0]
    assert [s.frame for s in magnitude.slices] == [0, 1, 2, 3]
    assert [s.frame for s in phase.slices] == [4, 5, 6, 7]
    for stack, slope, intercept in ((magnitude, 2.0, 0.0), (phase, 0.5, -100.0)):
        frame = stack.slices[1].frame
        image = import_image(path, frame=frame)
        values = _grid(image) * image.rescale_slope + image.rescale_intercept
        assert np.array_equal(values, _pydicom_modality(path, frame, slope, intercept))


def test_a_frame_without_groups_uses_the_top_level(tmp_path):
    path = enhanced_ct(tmp_path / "ct.dcm", frames=2)
    ds = pydicom.dcmread(path)
    del ds.SharedFunctionalGroupsSequence
    ds.RescaleIntercept, ds.RescaleSlope = -1000, 2
    ds.PixelSpacing = [0.5, 0.5]
    info = frame_info(ds, 1)
    assert (info.slope, info.intercept, info.spacing) == (2.0, -1000.0, (0.5, 0.5))
    assert info.position == (0.0, 0.0, 0.0)              # still per frame


def test_a_multi_frame_file_stays_parsed_until_it_changes(tmp_path, monkeypatch):
    from desktop_app.model import dicom_decode

    path = enhanced_ct(tmp_path / "ct.dcm", frames=4)
    reads = []
    real = dicom_decode.read_dataset
    monkeypatch.setattr(dicom_decode, "read_dataset",
                        lambda *a: reads.append(1) or real(*a))
    for frame in (0, 1, 2, 3, 1):
        import_image(path, frame=frame)
    assert len(reads) == 1                       # parsed once for five frames
    enhanced_ct(path, frames=4, intercept=-1000.0)  # rewritten: read again, new values
    import os

    os.utime(path, ns=(1, 1))
    assert import_image(path, frame=0).rescale_intercept == -1000.0 and len(reads) == 2
    for n in range(images.OPEN_FILES + 1):         # at most OPEN_FILES files stay parsed
        import_image(enhanced_ct(tmp_path / f"other{n}.dcm", frames=2), frame=1)
    assert len(images._OPEN_FILES) == 2


def test_enhanced_stacks_split_by_stack_id(tmp_path):
    (tmp_path / "cd").mkdir()
    path = enhanced_ct(tmp_path / "cd" / "ct.dcm", frames=6, order=[0, 1, 2, 0, 1, 2])
    ds = pydicom.dcmread(path)
    for frame in (3, 4, 5):       # a second stack over the same three positions
        ds.PerFrameFunctionalGroupsSequence[frame].FrameContentSequence[0].StackID = "2"
    ds.save_as(path)
    first, second = scan_folder(tmp_path / "cd").series
    assert (first.label, second.label) == ("stack 1", "stack 2")
    assert [s.frame for s in first.slices] == [0, 1, 2]
    assert [s.frame for s in second.slices] == [3, 4, 5]
    assert [s.position for s in second.slices] == [0.0, 2.0, 4.0]


def test_enhanced_diffusion_and_echoes_split_from_the_per_frame_groups(tmp_path):
    from pydicom.sequence import Sequence

    (tmp_path / "cd").mkdir()
    path = enhanced_ct(tmp_path / "cd" / "mr.dcm", frames=8, order=[0, 1, 0, 1, 0, 1, 0, 1])
    ds = pydicom.dcmread(path)
    for frame, item in enumerate(ds.PerFrameFunctionalGroupsSequence):
        b_value, echo_time = (0.0, 1000.0)[(frame // 2) % 2], (12.0, 80.0)[frame // 4]
        diffusion = Dataset()
        diffusion.DiffusionBValue = b_value
        echo = Dataset()
        echo.EffectiveEchoTime = echo_time
        item.MRDiffusionSequence = Sequence([diffusion])
        item.MREchoSequence = Sequence([echo])
    ds.save_as(path)
    stacks = scan_folder(tmp_path / "cd").series
    assert [s.label for s in stacks] == ["DWI b = 0, echo 1", "DWI b = 0, echo 2",
                                         "DWI b = 1000, echo 1", "DWI b = 1000, echo 2"]
    assert [[s.frame for s in stack.slices] for stack in stacks] == [[0, 1], [4, 5], [2, 3],
                                                                     [6, 7]]
