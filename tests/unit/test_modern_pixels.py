"""Images that were refused or shown wrong: HTJ2K, 1-bit segmentations, double-float maps,
big-endian palettes, files without the preamble, files cut short, non-square pixels; and each
refusal names its real reason. Decoded pixels are compared with pydicom's own result."""

from __future__ import annotations

import io

import numpy as np
import pydicom
import pytest
from PIL import Image
from pydicom.encaps import encapsulate
from pydicom.pixels import apply_color_lut, pixel_array

from desktop_app.model.images import ImageError, import_image, stored_values
from desktop_app.model.scans import scan_folder
from tests.modern_samples import (double_float, htj2k, palette, plain, segmentation)


def _grid(image) -> np.ndarray:
    return np.array(stored_values(image)).reshape(image.height, image.width)


def _rgb(image) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(image.data)).convert("RGB"))


def test_htj2k_decodes_to_its_source_pixels(tmp_path):
    path, pixels = htj2k(tmp_path / "ht.dcm")
    image = import_image(path)
    assert image.is_dicom and np.array_equal(_grid(image), pixels)


def test_one_bit_frames_that_do_not_start_on_a_byte(tmp_path):
    # 5 x 7 = 35 bits a frame: frame 2 starts at bit 70, in the middle of byte 8
    path = segmentation(tmp_path / "seg.dcm", frames=3, rows=5, cols=7)
    reference = pixel_array(pydicom.dcmread(path))         # all frames at once
    for frame in (0, 1, 2):
        assert np.array_equal(_grid(import_image(path, frame=frame)), reference[frame])


def test_one_bit_segmentation_frames_match_pydicom(tmp_path):
    (tmp_path / "cd").mkdir()
    path = segmentation(tmp_path / "cd" / "seg.dcm", frames=2)
    (series,) = scan_folder(tmp_path / "cd").series
    assert series.count == 2
    reference = pixel_array(pydicom.dcmread(path))
    for frame in (0, 1):
        image = import_image(path, frame=frame)
        assert np.array_equal(_grid(image), reference[frame])
        assert _grid(image).sum() == 9 and image.window_width >= 1


def test_double_float_image_keeps_its_values(tmp_path):
    path = double_float(tmp_path / "map.dcm")
    image = import_image(path)
    values = _grid(image) * image.rescale_slope + image.rescale_intercept
    reference = pixel_array(pydicom.dcmread(path))
    assert reference.dtype == np.float64
    assert np.allclose(values, reference, atol=5 / 65535)
    assert (values.min(), values.max()) == pytest.approx((-2.5, 2.5))


def test_big_endian_palette_has_the_colours_of_its_little_endian_twin(tmp_path):
    big = _rgb(import_image(palette(tmp_path / "be.dcm", big_endian=True)))
    little_path = palette(tmp_path / "le.dcm", big_endian=False)
    little = _rgb(import_image(little_path))
    assert np.array_equal(big, little)
    reference = apply_color_lut(pixel_array(pydicom.dcmread(little_path)),
                                pydicom.dcmread(little_path))
    assert np.array_equal(little, np.rint(reference * (255 / 65535)).astype(np.uint8))
    # 0xFF00 -> 254, 0x0200 -> 2, 0x0100 -> 1, 0x8000 -> 128 (byte-swapped: 0, 2, 1, 128)
    assert [tuple(c) for c in big[0]] == [(254, 1, 2), (1, 254, 1), (2, 2, 254),
                                          (128, 128, 128)]


def test_a_file_without_the_preamble_is_found_by_the_folder_scan(tmp_path):
    (tmp_path / "cd").mkdir()
    path = plain(tmp_path / "cd" / "OLD0001", preamble=False, value=9)
    assert path.read_bytes()[128:132] != b"DICM"
    result = scan_folder(tmp_path / "cd")
    assert (result.images, result.not_dicom, result.series[0].count) == (1, 0, 1)
    assert _grid(import_image(path)).max() == 9
    (tmp_path / "cd" / "notes.txt").write_text("not a scan")
    assert scan_folder(tmp_path / "cd").not_dicom == 1


def test_a_file_cut_short_is_refused_when_listed_not_after(tmp_path):
    (tmp_path / "cd").mkdir()
    whole = plain(tmp_path / "cd" / "whole.dcm", rows=16, cols=16).read_bytes()
    (tmp_path / "cd" / "cut.dcm").write_bytes(whole[:-100])
    path, _ = htj2k(tmp_path / "cd" / "ht.dcm")
    (tmp_path / "cd" / "htcut.dcm").write_bytes(path.read_bytes()[:-40])
    result = scan_folder(tmp_path / "cd")
    assert (result.images, result.unreadable, result.cut_short) == (2, 2, 2)
    assert sorted(s.slices[0].path.rsplit("/", 1)[1] for s in result.series) == \
        ["ht.dcm", "whole.dcm"]
    with pytest.raises(ImageError, match="damaged or incomplete"):
        import_image(tmp_path / "cd" / "cut.dcm")


def test_a_compression_the_app_cannot_read_is_named(tmp_path):
    path = plain(tmp_path / "mpeg.dcm")
    ds = pydicom.dcmread(path)
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.100"
    ds.PixelData = encapsulate([b"\0\0\1\xb3" + bytes(60)])
    ds["PixelData"].VR = "OB"
    ds.save_as(path)
    with pytest.raises(ImageError) as info:
        import_image(path)
    assert str(info.value) == ("'mpeg.dcm' uses a compression this version cannot read: "
                               "MPEG2 Main Profile / Main Level.")
    ds.file_meta.TransferSyntaxUID = "1.2.3.4.5"
    ds.save_as(path)
    with pytest.raises(ImageError, match=r"cannot read: an unknown one \(1\.2\.3\.4\.5\)\.$"):
        import_image(path)


@pytest.mark.parametrize("aspect, size", [((2, 1), (8, 16)), ((1, 2), (16, 8)),
                                          ((1, 1), (8, 8))])
def test_pixel_aspect_ratio_gives_the_right_shape(tmp_path, aspect, size):
    image = import_image(plain(tmp_path / "a.dcm", aspect=aspect, value=5))
    assert (image.width, image.height) == size
    assert set(_grid(image).ravel()) == {5}


def test_non_square_pixels_are_printed_at_the_right_shape(tmp_path):
    """Rows 0.7 mm and columns 0.35 mm apart: a 200 x 160 scan is 140 x 56 mm, so its picture
    in the PDF is 2.5 times as tall as wide (not 1.25, as its pixel counts are)."""
    pypdf = pytest.importorskip("pypdf")
    from desktop_app.export.pdf import build_summary
    from desktop_app.model.consultation import Consultation
    from tests.dicom_samples import make_dicom

    scan = import_image(make_dicom(tmp_path / "s.dcm", rows=200, cols=160, spacing=(0.7, 0.35)),
                        "Your MRI scan")
    assert (scan.width, scan.height) == (160, 400)
    data, _ = build_summary(Consultation(visit_date="2026-11-26", images=[scan]))
    (tmp_path / "s.pdf").write_bytes(data)
    reader = pypdf.PdfReader(str(tmp_path / "s.pdf"))
    (picture,) = [img.image for page in reader.pages for img in page.images]
    assert picture.size[1] / picture.size[0] == pytest.approx(2.5, abs=0.02)
