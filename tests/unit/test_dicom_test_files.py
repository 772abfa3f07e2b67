"""Every real file pydicom ships in ``pydicom/data/test_files``: imported and shown correctly, or
refused with one sentence. The table below is the outcome per file; a file pydicom adds in a
later release fails ``test_table_covers_every_file`` until it is given its row.

"Shown correctly" is checked by twins: the same picture stored with another transfer syntax
decodes to identical pixels when the compression is lossless, and close ones when it is lossy.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pydicom.data
import pytest
from PIL import Image

from desktop_app.model.images import ImageError, import_image, stored_values

DATA = Path(os.path.dirname(pydicom.data.__file__))
FILES = DATA / "test_files"

GREY, COLOUR = "grey", "colour"
NO_IMAGE = "without an image in it"
NOT_AN_IMAGE = "is not a PNG, JPEG or DICOM image"
DAMAGED = "damaged or incomplete DICOM file"

# file → (GREY|COLOUR, width, height, frames) when imported, or the refusal's key words
TABLE: dict[str, tuple | str] = {
    "693_J2KI.dcm": (GREY, 512, 512, 1),                      # JPEG 2000 lossy, 14-bit
    "CT_small.dcm": (GREY, 128, 128, 1),
    "ExplVR_BigEnd.dcm": (COLOUR, 80, 60, 1),                 # big endian RGB
    "ExplVR_BigEndNoMeta.dcm": NO_IMAGE,
    "ExplVR_LitEndNoMeta.dcm": NO_IMAGE,
    "GDCMJ2K_TextGBR.dcm": (COLOUR, 400, 400, 1),             # JPEG 2000, YBR_RCT
    "J2K_pixelrep_mismatch.dcm": (GREY, 512, 512, 1),
    "JPEG-lossy.dcm": (GREY, 256, 1024, 1),                   # JPEG extended, 12-bit
    "JPEG2000-embedded-sequence-delimiter.dcm": DAMAGED,      # a delimiter inside the stream
    "JPEG2000.dcm": (GREY, 256, 1024, 1),
    "JPEGLSNearLossless_08.dcm": (GREY, 10, 45, 1),
    "JPEGLSNearLossless_16.dcm": (GREY, 10, 50, 1),
    "JPGExtended.dcm": (GREY, 256, 1024, 1),
    "MR_small.dcm": (GREY, 64, 64, 1),
    "MR_small_RLE.dcm": (GREY, 64, 64, 1),
    "MR_small_bigendian.dcm": (GREY, 64, 64, 1),
    "MR_small_expb.dcm": (GREY, 64, 64, 1),
    "MR_small_implicit.dcm": (GREY, 64, 64, 1),
    "MR_small_jp2klossless.dcm": (GREY, 64, 64, 1),
    "MR_small_jpeg_ls_lossless.dcm": (GREY, 64, 64, 1),
    "MR_small_padded.dcm": (GREY, 64, 64, 1),
    "MR_truncated.dcm": DAMAGED,
    "README.txt": NOT_AN_IMAGE,
    "SC_jpeg_no_color_transform.dcm": (COLOUR, 256, 256, 1),
    "SC_jpeg_no_color_transform_2.dcm": (COLOUR, 256, 256, 1),
    "SC_rgb_dcmtk_+eb+cr.dcm": (COLOUR, 100, 100, 1),
    "SC_rgb_dcmtk_+eb+cy+n1.dcm": (COLOUR, 100, 100, 1),
    "SC_rgb_dcmtk_+eb+cy+n2.dcm": (COLOUR, 100, 100, 1),
    "SC_rgb_dcmtk_+eb+cy+np.dcm": (COLOUR, 100, 100, 1),
    "SC_rgb_dcmtk_+eb+cy+s2.dcm": (COLOUR, 100, 100, 1),
    "SC_rgb_dcmtk_+eb+cy+s4.dcm": (COLOUR, 100, 100, 1),
    "SC_rgb_gdcm_KY.dcm": (COLOUR, 100, 100, 1),
    "SC_rgb_jls_lossy_line.dcm": (COLOUR, 100, 100, 1),
    "SC_rgb_jls_lossy_sample.dcm": (COLOUR, 100, 100, 1),
    "SC_rgb_jpeg.dcm": (COLOUR, 256, 256, 1),
    "SC_rgb_jpeg_app14_dcmd.dcm": (COLOUR, 256, 256, 1),
    "SC_rgb_jpeg_dcmd.dcm": (COLOUR, 256, 256, 1),
    "SC_rgb_jpeg_dcmtk.dcm": (COLOUR, 100, 100, 1),
    "SC_rgb_jpeg_gdcm.dcm": (COLOUR, 100, 100, 1),            # JPEG lossless SV1
    "SC_rgb_jpeg_lossy_gdcm.dcm": (COLOUR, 100, 100, 1),
    "SC_rgb_rle.dcm": (COLOUR, 100, 100, 1),
    "SC_rgb_rle_16bit.dcm": (COLOUR, 100, 100, 1),
    "SC_rgb_rle_16bit_2frame.dcm": (COLOUR, 100, 100, 2),
    "SC_rgb_rle_2frame.dcm": (COLOUR, 100, 100, 2),
    "SC_rgb_rle_32bit.dcm": (COLOUR, 100, 100, 1),
    "SC_rgb_rle_32bit_2frame.dcm": (COLOUR, 100, 100, 2),
    "SC_rgb_small_odd.dcm": (COLOUR, 3, 3, 1),
    "SC_rgb_small_odd_big_endian.dcm": (COLOUR, 3, 3, 1),
    "SC_rgb_small_odd_jpeg.dcm": (COLOUR, 3, 3, 1),
    "SC_ybr_full_422_uncompressed.dcm": (COLOUR, 100, 100, 1),
    "UN_sequence.dcm": NO_IMAGE,
    "badVR.dcm": DAMAGED,                                     # "1A" in a number field
    "crayons.icc": NOT_AN_IMAGE,
    "empty_charset_LEI.dcm": NO_IMAGE,
    "examples_jpeg2k.dcm": (COLOUR, 640, 480, 1),
    "examples_overlay.dcm": (GREY, 484, 300, 1),
    "examples_palette.dcm": (COLOUR, 800, 350, 1),            # PALETTE COLOR
    "examples_rgb_color.dcm": (COLOUR, 320, 240, 1),
    "examples_ybr_color.dcm": (COLOUR, 320, 240, 30),         # JPEG baseline YBR_FULL_422
    "image_dfl.dcm": (GREY, 512, 512, 1),                     # deflated
    "liver_1frame.dcm": (GREY, 512, 512, 1),                  # 1-bit
    "liver_expb_1frame.dcm": (GREY, 512, 512, 1),
    "meta_missing_tsyntax.dcm": "size of its image is missing",
    "nested_priv_SQ.dcm": "size of its image is missing",
    "no_meta.dcm": NOT_AN_IMAGE,
    "no_meta_group_length.dcm": NO_IMAGE,
    "priv_SQ.dcm": NO_IMAGE,
    "reportsi.dcm": NO_IMAGE,
    "reportsi_with_empty_number_tags.dcm": NO_IMAGE,
    "rtdose.dcm": (GREY, 10, 10, 15),                         # 32-bit, multi-frame
    "rtdose_1frame.dcm": (GREY, 10, 10, 1),
    "rtdose_expb.dcm": (GREY, 10, 10, 15),
    "rtdose_expb_1frame.dcm": (GREY, 10, 10, 1),
    "rtdose_rle.dcm": (GREY, 10, 10, 15),
    "rtdose_rle_1frame.dcm": (GREY, 10, 10, 1),
    "rtplan.dcm": NO_IMAGE,
    "rtplan.dump": NOT_AN_IMAGE,
    "rtplan_truncated.dcm": NO_IMAGE,
    "rtstruct.dcm": NO_IMAGE,
    "rtstruct.dump": NOT_AN_IMAGE,
    "test-SR.dcm": NO_IMAGE,
    "test1.json": NOT_AN_IMAGE,
    "test_PN.json": NOT_AN_IMAGE,
    "waveform_ecg.dcm": NO_IMAGE,
    "zipMR.gz": NOT_AN_IMAGE,
    "dicomdirtests/README.txt": NOT_AN_IMAGE,
    "dicomdirtests/TINY_ALPHA/README": NOT_AN_IMAGE,
}
for _name in ("DICOMDIR", "DICOMDIR-bigEnd", "DICOMDIR-empty.dcm", "DICOMDIR-implicit",
              "DICOMDIR-nooffset", "DICOMDIR-nopatient", "DICOMDIR-reordered",
              "TINY_ALPHA/DICOMDIR"):
    TABLE[f"dicomdirtests/{_name}"] = NO_IMAGE
# the DICOMDIR test studies: 16 x 16 MR/CT slices, and CR in MONOCHROME1
for _path in (FILES / "dicomdirtests").glob("9889200*/*/*"):
    TABLE[_path.relative_to(FILES).as_posix()] = (GREY, 16, 16, 1)
for _path in (FILES / "dicomdirtests").glob("77654033/*/*"):
    TABLE[_path.relative_to(FILES).as_posix()] = (GREY, 16, 16, 1)
# TINY_ALPHA holds header-only files (no pixel data) for DICOMDIR tests
for _path in (FILES / "dicomdirtests/TINY_ALPHA").glob("PT*/*/*/*"):
    TABLE[_path.relative_to(FILES).as_posix()] = NO_IMAGE


def _all_files() -> list[str]:
    return sorted(p.relative_to(FILES).as_posix() for p in FILES.rglob("*") if p.is_file()
                  and "__pycache__" not in p.parts and p.suffix != ".py")


def test_table_covers_every_file():
    assert sorted(TABLE) == _all_files()


def pixels(image) -> np.ndarray:
    if image.kind == "png":
        return np.asarray(Image.open(io.BytesIO(image.data)).convert("RGB")).astype(int)
    return np.array(stored_values(image)).reshape(image.height, image.width).astype(int)


def load(name: str, frame: int = 0) -> np.ndarray:
    return pixels(import_image(FILES / name, frame=frame))


@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_file_imported_or_refused_in_one_sentence(name):
    expected = TABLE[name]
    if isinstance(expected, str):
        with pytest.raises(ImageError) as info:
            import_image(FILES / name)
        message = str(info.value)
        assert expected in message, message
        assert "\n" not in message and message.count(". ") == 0 and message.endswith(".")
        assert message.startswith(f"'{Path(name).name}'")
        return
    kind, width, height, frames = expected
    for frame in sorted({0, frames - 1}):
        image = import_image(FILES / name, frame=frame)
        assert (image.width, image.height) == (width, height)
        assert image.kind == ("dicom-gray16" if kind == GREY else "png")
        assert pixels(image).shape[:2] == (height, width)
    with pytest.raises(ImageError, match=f"has {frames} images; image {frames + 1} does not"):
        import_image(FILES / name, frame=frames)


@pytest.mark.parametrize("twin", ["MR_small_RLE.dcm", "MR_small_bigendian.dcm",
                                  "MR_small_expb.dcm", "MR_small_implicit.dcm",
                                  "MR_small_jp2klossless.dcm", "MR_small_jpeg_ls_lossless.dcm",
                                  "MR_small_padded.dcm"])
def test_lossless_grey_twins_identical(twin):
    reference = load("MR_small.dcm")
    assert reference.std() > 50             # a real picture, not a flat field
    assert np.array_equal(load(twin), reference)


@pytest.mark.parametrize("twin", ["SC_rgb_jpeg_gdcm.dcm", "SC_rgb_gdcm_KY.dcm",
                                  "SC_rgb_rle_16bit.dcm", "SC_rgb_rle_32bit.dcm"])
def test_lossless_colour_twins_identical(twin):
    # JPEG lossless, JPEG 2000, and RLE at 16 and 32 bits scaled to 8 bits
    assert np.array_equal(load(twin), load("SC_rgb_rle.dcm"))


@pytest.mark.parametrize("twin", ["SC_rgb_jls_lossy_line.dcm", "SC_rgb_jls_lossy_sample.dcm",
                                  "SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_jpeg_lossy_gdcm.dcm",
                                  "SC_ybr_full_422_uncompressed.dcm",
                                  "SC_rgb_dcmtk_+eb+cr.dcm", "SC_rgb_dcmtk_+eb+cy+n1.dcm",
                                  "SC_rgb_dcmtk_+eb+cy+n2.dcm", "SC_rgb_dcmtk_+eb+cy+np.dcm",
                                  "SC_rgb_dcmtk_+eb+cy+s2.dcm", "SC_rgb_dcmtk_+eb+cy+s4.dcm"])
def test_lossy_colour_twins_close(twin):
    # lossy JPEG / JPEG-LS with and without chroma subsampling: colours stay within a few
    # levels on average (the largest differences sit on the sharp colour bar edges)
    difference = np.abs(load(twin) - load("SC_rgb_rle.dcm"))
    assert difference.mean() < 4


@pytest.mark.parametrize("twin", ["JPGExtended.dcm", "JPEG-lossy.dcm"])
def test_lossy_grey_twins_close(twin):
    # the same bone scan as 12-bit lossy JPEG and as JPEG 2000: within a few levels on average
    # (values up to ~250)
    reference = load("JPEG2000.dcm")
    assert reference.std() > 10
    assert np.abs(load(twin) - reference).mean() < 6


def test_colour_bars_are_the_right_colours():
    # SC_rgb: bars of red, pink, green, pale green, blue, pale blue, then greys; a YBR
    # image shown as RGB (or the reverse) fails this
    bars = [(5, [255, 0, 0]), (15, [255, 128, 128]), (25, [0, 255, 0]),
            (35, [128, 255, 128]), (45, [0, 0, 255]), (55, [128, 128, 255]),
            (65, [0, 0, 0]), (75, [64, 64, 64]), (85, [192, 192, 192]), (95, [255] * 3)]
    for name in ("SC_rgb_rle.dcm", "SC_rgb_jpeg_dcmtk.dcm", "SC_ybr_full_422_uncompressed.dcm",
                 "SC_rgb_dcmtk_+eb+cy+n1.dcm", "SC_rgb_jls_lossy_line.dcm"):
        picture = load(name)
        for row, colour in bars:
            assert np.abs(picture[row, 50] - colour).max() <= 8, (name, row, picture[row, 50])


def test_multi_frame_the_chosen_frame():
    # the second frame of SC_rgb_rle_2frame is the first one inverted
    first = load("SC_rgb_rle_2frame.dcm", 0)
    assert np.array_equal(first, load("SC_rgb_rle.dcm"))
    assert np.array_equal(load("SC_rgb_rle_2frame.dcm", 1), 255 - first)
    for frame in (0, 7, 14):
        dose = import_image(FILES / "rtdose.dcm", frame=frame)
        for twin in ("rtdose_rle.dcm", "rtdose_expb.dcm"):
            other = import_image(FILES / twin, frame=frame)
            assert np.array_equal(pixels(other), pixels(dose))
    assert not np.array_equal(load("examples_ybr_color.dcm", 0),
                              load("examples_ybr_color.dcm", 29))


def test_wide_values_keep_their_modality_values():
    # 32-bit dose values are scaled into 16 bits; the rescale keeps the real values
    import pydicom

    ds = pydicom.dcmread(FILES / "rtdose_1frame.dcm")
    real = ds.pixel_array.astype(float) * float(ds.DoseGridScaling or 1)
    image = import_image(FILES / "rtdose_1frame.dcm")
    shown = pixels(image) * image.rescale_slope + image.rescale_intercept
    assert np.allclose(shown, ds.pixel_array, atol=ds.pixel_array.max() / 65535 + 1e-9)
    assert real.max() > 0


def test_monochrome1_and_palette():
    cr = import_image(FILES / "dicomdirtests/77654033/CR1/6154")
    assert cr.invert and cr.is_dicom
    palette = load("examples_palette.dcm")
    colours = np.unique(palette.reshape(-1, 3), axis=0)
    assert len(colours) > 100                      # a colour map, not grey indices
    assert (np.ptp(colours, axis=1) > 30).any()    # at least some truly coloured pixels


def test_one_bit_and_deflated():
    liver = load("liver_1frame.dcm")
    assert set(np.unique(liver)) == {0, 1}
    assert np.array_equal(liver, load("liver_expb_1frame.dcm"))
    assert load("image_dfl.dcm").std() > 10


def test_jpeg_lossless_16_bit_slice_identical_to_its_uncompressed_twin(tmp_path):
    # the commonest compressed CD format (JPEG Lossless SV1, 16-bit MR), made here
    from pydicom.uid import generate_uid

    from tests.scan_samples import JPEG_LOSSLESS_SV1, write_slice

    common = dict(study_uid=generate_uid(), series_uid=generate_uid(), index=3, position=0.0,
                  rows=128, cols=96)
    plain = write_slice(tmp_path / "plain.dcm", **common)
    packed = write_slice(tmp_path / "packed.dcm", syntax=JPEG_LOSSLESS_SV1, **common)
    assert packed.stat().st_size < plain.stat().st_size
    assert np.array_equal(pixels(import_image(packed)), pixels(import_image(plain)))


def test_only_the_chosen_decoders_are_used():
    """pydicom picks up any decoder installed next to it: the app's choice (licence, no
    bundled OpenSSL) must not depend on what else is on the machine."""
    from pydicom.pixels import decoders

    from desktop_app.model import dicom_plugins

    dicom_plugins.install()
    assert "imagecodecs" in decoders.JPEGLosslessSV1Decoder.available_plugins
    assert "imagecodecs" in decoders.JPEGExtended12BitDecoder.available_plugins
    for name in dir(decoders):
        decoder = getattr(decoders, name)
        plugins = set(getattr(decoder, "_available", {})) | set(getattr(decoder, "_unavailable",
                                                                       {}))
        assert not plugins & set(dicom_plugins.NOT_USED), (name, plugins)
