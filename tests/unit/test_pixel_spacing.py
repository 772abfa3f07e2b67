"""Pixel spacing of a scan: read from DICOM (PixelSpacing, else ImagerPixelSpacing), validated,
kept in the image record (optional, round-trips exactly), and used to measure a lesion in cm."""

from __future__ import annotations

import json
import logging
import math

import pytest

from desktop_app.model import storage
from desktop_app.model.consultation import (Consultation, KeyImage, Lesion,
                                            valid_spacing)
from desktop_app.model.images import import_image
from desktop_app.model.lesions import scan_size_cm as lesion_size_cm, size_words
from tests.conftest import EXAMPLE
from tests.dicom_samples import (EXPLICIT_BE, IMPLICIT_LE, SECRET_STRINGS, make_dicom,
                                 make_png)


def _spacing(image: KeyImage):
    return image.row_spacing_mm, image.column_spacing_mm


# ------------------------------------------------------------------------------ reading
@pytest.mark.parametrize("syntax", [IMPLICIT_LE, EXPLICIT_BE])
def test_pixel_spacing_is_read_as_row_then_column_mm(tmp_path, syntax):
    # rows 0.7 mm apart (vertical), columns 0.6 mm apart (horizontal): the pixels are not
    # square, so the 64 rows are resampled to 64 x 0.7 / 0.6 = 74.7 -> 75 rows of 0.6 mm
    image = import_image(make_dicom(tmp_path / "a.dcm", spacing=(0.7, 0.6), syntax=syntax))
    assert _spacing(image) == (0.6, 0.6) and image.has_spacing
    assert (image.width, image.height) == (80, 75)
    square = import_image(make_dicom(tmp_path / "b.dcm", spacing=(0.7, 0.7), syntax=syntax))
    assert _spacing(square) == (0.7, 0.7) and (square.width, square.height) == (80, 64)


def test_imager_pixel_spacing_is_the_fallback(tmp_path):
    image = import_image(make_dicom(tmp_path / "a.dcm", imager_spacing=(0.25, 0.3)))
    assert _spacing(image) == (0.25, 0.25)       # 80 columns of 0.3 mm -> 96 of 0.25 mm
    assert (image.width, image.height) == (96, 64)
    both = import_image(make_dicom(tmp_path / "b.dcm", spacing=(0.5, 0.5),
                                   imager_spacing=(0.2, 0.2)))
    assert _spacing(both) == (0.5, 0.5)          # PixelSpacing wins
    broken = import_image(make_dicom(tmp_path / "c.dcm", spacing="abc\\0.5",
                                     imager_spacing=(0.2, 0.2)))
    assert _spacing(broken) == (0.2, 0.2)        # a broken PixelSpacing is skipped


@pytest.mark.parametrize("raw", ["0\\0", "-0.5\\0.5", "0.5\\0", "nan\\0.5", "inf\\inf",
                                 "0.001\\0.5", "11\\11", "1e9\\1", "abc\\def", "0.5",
                                 "0.5\\0.5\\0.5", "", "0.5\\", "\\"])
def test_bad_spacing_is_ignored_and_the_image_still_imports(tmp_path, raw, caplog):
    caplog.set_level(logging.DEBUG)
    image = import_image(make_dicom(tmp_path / "a.dcm", rows=6, cols=5, spacing=raw))
    assert (image.width, image.height) == (5, 6)
    assert _spacing(image) == (None, None) and not image.has_spacing
    assert "row_spacing_mm" not in json.dumps(image.to_dict())
    for secret in SECRET_STRINGS:
        assert secret not in caplog.text


def test_no_spacing_for_screenshots_and_spacing_keeps_the_header_out(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    png = import_image(make_png(tmp_path / "a.png"))
    assert _spacing(png) == (None, None) and not png.has_spacing
    dicom = import_image(make_dicom(tmp_path / "a.dcm", spacing=(0.5, 0.5)))
    blob = (storage.dumps(Consultation(images=[dicom])) + repr(dicom).encode()
            + caplog.text.encode())
    for secret in SECRET_STRINGS:
        assert secret.encode() not in blob


def test_valid_spacing_range():
    assert valid_spacing(0.5) == 0.5 and valid_spacing("0.5") == 0.5
    assert valid_spacing(0.01) == 0.01 and valid_spacing(10) == 10.0
    for bad in (None, True, 0, -1, 0.0099, 10.01, math.nan, math.inf, "x", [0.5], 1e400):
        assert valid_spacing(bad) is None, bad


# ------------------------------------------------------------------------------- JSON
def test_spacing_round_trips_exactly(tmp_path):
    image = import_image(make_dicom(tmp_path / "a.dcm", spacing=(0.6640625, 0.6640625)),
                         "Your MRI scan")
    c = Consultation(images=[image])
    c.lesions.append(Lesion(view=image.view_name, cx=30.0, cy=20.0, rx=10.0, ry=6.0))
    path = tmp_path / "visit.json"
    storage.save(c, path)
    saved = json.loads(path.read_text(encoding="utf-8"))["images"][0]
    assert (saved["row_spacing_mm"], saved["column_spacing_mm"]) == (0.6640625, 0.6640625)
    back = storage.load(path)
    assert _spacing(back.images[0]) == (0.6640625, 0.6640625)
    assert back.to_dict() == c.to_dict()
    assert storage.dumps(back) == storage.dumps(c)


def test_files_without_spacing_load_and_stay_as_they_were(tmp_path):
    image = import_image(make_dicom(tmp_path / "a.dcm"))     # no spacing in the header
    data = Consultation(images=[image]).to_dict()
    assert "row_spacing_mm" not in data["images"][0]
    back = Consultation.from_dict(json.loads(json.dumps(data)))
    assert _spacing(back.images[0]) == (None, None)
    assert back.to_dict() == data
    # explicit nulls read as "not known" too
    data["images"][0].update(row_spacing_mm=None, column_spacing_mm=None)
    assert not Consultation.from_dict(data).images[0].has_spacing
    # and the example file (no images) is untouched
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert Consultation.from_dict(example).to_dict() == example


@pytest.mark.parametrize("change,field", [
    ({"row_spacing_mm": 0, "column_spacing_mm": 0.5}, "images[0].row_spacing_mm"),
    ({"row_spacing_mm": 0.5, "column_spacing_mm": 12.3456}, "images[0].column_spacing_mm"),
    ({"row_spacing_mm": -0.5, "column_spacing_mm": 0.5}, "images[0].row_spacing_mm"),
    ({"row_spacing_mm": "0.5", "column_spacing_mm": 0.5}, "images[0].row_spacing_mm"),
    ({"row_spacing_mm": True, "column_spacing_mm": 0.5}, "images[0].row_spacing_mm"),
    ({"row_spacing_mm": 0.5, "column_spacing_mm": math.nan}, "images[0].column_spacing_mm"),
    ({"row_spacing_mm": 0.5}, "images[0].column_spacing_mm"),          # one without the other
    ({"column_spacing_mm": 0.5}, "images[0].row_spacing_mm"),
])
def test_bad_spacing_in_a_file_names_the_field_never_the_value(tmp_path, change, field):
    from tests.unit.test_images import bad_image_error

    error = bad_image_error(tmp_path, change)
    assert error.field == field
    assert "12.3456" not in str(error) and "-0.5" not in str(error)


# --------------------------------------------------------------------------- measuring
def _image(row=0.5, col=0.5) -> KeyImage:
    return KeyImage(id="scan", kind="dicom-gray16", width=4, height=4, data=bytes(32),
                    row_spacing_mm=row, column_spacing_mm=col)


def test_lesion_size_in_cm_from_the_spacing():
    lesion = Lesion(view="image:scan", cx=50, cy=50, rx=42, ry=31)
    # 84 × 62 pixels of 0.5 mm = 42 × 31 mm
    assert lesion_size_cm(lesion, _image()) == pytest.approx((4.2, 3.1))
    assert size_words(lesion_size_cm(lesion, _image())) == "4.2 × 3.1"
    # rectangular pixels: width uses the column spacing, height the row spacing...
    assert lesion_size_cm(lesion, _image(row=1.0, col=0.5)) == pytest.approx((4.2, 6.2))
    # ...and a quarter turn swaps them
    lesion.rotation = 90
    assert lesion_size_cm(lesion, _image(row=1.0, col=0.5)) == pytest.approx((8.4, 3.1))
    assert lesion_size_cm(lesion, _image(row=None, col=None)) is None
    assert size_words((0.01, 12.345), decimal=",") == "0,1 × 12,3"


def test_spacing_of_a_real_import_measures_a_lesion(tmp_path):
    image = import_image(make_dicom(tmp_path / "a.dcm", spacing=(0.5, 0.5)))
    lesion = Lesion(view=image.view_name, cx=40, cy=30, rx=20, ry=10)
    assert lesion_size_cm(lesion, image) == pytest.approx((2.0, 1.0))
