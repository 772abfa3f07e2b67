"""Decoding details the mutation run found untested: a malformed frame count is one image,
non-square pixels are made square at the finer spacing unless that passes 4096 pixels a side,
and colour samples without BitsStored are scaled from their full range."""

from __future__ import annotations

import numpy as np
import pytest
from pydicom.dataset import Dataset

from desktop_app.model import dicom_decode


def test_frame_count():
    """A header as pydicom hands it over (a mapping; a malformed IS value stays text)."""
    assert dicom_decode.frame_count({}) == 0                          # no pixels: no image
    assert dicom_decode.frame_count({"PixelData": b""}) == 1
    assert dicom_decode.frame_count({"PixelData": b"", "NumberOfFrames": 3}) == 3
    assert dicom_decode.frame_count({"PixelData": b"", "NumberOfFrames": 0}) == 1
    assert dicom_decode.frame_count({"PixelData": b"", "NumberOfFrames": "three"}) == 1


@pytest.mark.parametrize("rows, size, spacing", [
    (2048, (100, 4096), (1.0, 1.0)),       # 2,048 rows of 2 mm -> 4,096 rows of 1 mm: fits
    (2049, (50, 2049), (2.0, 2.0)),        # 4,098 would pass 4,096: kept at the coarser 2 mm
])
def test_non_square_pixels_at_the_finer_spacing_up_to_4096_a_side(rows, size, spacing):
    arr = np.zeros((rows, 100), np.uint16)
    out, new_spacing = dicom_decode._square_pixels(arr, (2.0, 1.0), None)
    assert (out.shape[1], out.shape[0]) == size and new_spacing == spacing


def test_colour_without_bits_stored_is_scaled_from_its_full_range():
    arr = np.full((1, 2, 3), 65535, np.uint16)
    arr[0, 1] = 32768
    out = dicom_decode._to_rgb8(arr, Dataset(), "RGB")
    assert out.tolist() == [[[255, 255, 255], [128, 128, 128]]]
    empty = Dataset()
    empty.BitsStored = 0                                              # given but empty
    assert dicom_decode._to_rgb8(arr, empty, "RGB").tolist() == out.tolist()
    twelve = Dataset()
    twelve.BitsStored = 12
    assert dicom_decode._to_rgb8(np.full((1, 1, 3), 4095, np.uint16), twelve,
                                 "RGB").tolist() == [[[255, 255, 255]]]
