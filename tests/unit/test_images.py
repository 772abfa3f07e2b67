"""Key images: import (PNG, JPEG, DICOM in every uncompressed syntax), window/level, privacy,
limits and bad input, and the Consultation round trip."""

from __future__ import annotations

import json
import logging
import struct

import pytest

from desktop_app.model import images, storage
from desktop_app.model.consultation import (Consultation, ConsultationError, KeyImage, Lesion,
                                            Stroke)
from desktop_app.model.images import ImageError, import_image, render_gray
from tests.conftest import EXAMPLE
from tests.dicom_samples import (DEFLATED_LE, EXPLICIT_BE, EXPLICIT_LE, IMPLICIT_LE, JPEG_2000,
                                 JPEG_BASELINE, RLE, SECRET_STRINGS, make_dicom, make_jpeg,
                                 make_png, ramp)


def _no_secret(blob: bytes | str) -> None:
    if isinstance(blob, str):
        blob = blob.encode("utf-8", "replace")
    for secret in SECRET_STRINGS:
        assert secret.encode() not in blob, secret


@pytest.mark.parametrize("syntax", [IMPLICIT_LE, EXPLICIT_LE, DEFLATED_LE, EXPLICIT_BE])
@pytest.mark.parametrize("bits,signed,lo,hi", [(16, False, 0, 1000), (16, True, -500, 700),
                                               (8, False, 0, 255), (8, True, -100, 100)])
def test_uncompressed_dicom_decodes_exactly(tmp_path, syntax, bits, signed, lo, hi):
    values = ramp(8, 21, lo, hi)
    path = make_dicom(tmp_path / "a.dcm", rows=8, cols=21, values=values, bits=bits,
                      signed=signed, syntax=syntax)
    image = import_image(path, "Your MRI scan, side view")
    assert (image.kind, image.width, image.height) == ("dicom-gray16", 21, 8)
    assert list(images.stored_values(image)) == values
    assert image.signed is signed
    assert image.caption == "Your MRI scan, side view"
    # default window = full range: lowest value black, highest white
    grey = render_gray(image)
    assert len(grey) == 21 * 8
    assert grey[0] == 0 and grey[20] == 255
    assert list(grey[:21]) == sorted(grey[:21])


def test_dicom_header_identity_is_never_kept(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    path = make_dicom(tmp_path / "scan.dcm")
    assert b"Secretname" in path.read_bytes()          # the file does carry it
    image = import_image(path)
    c = Consultation(images=[image])
    _no_secret(repr(image))
    _no_secret(storage.dumps(c))
    _no_secret(caplog.text)
    assert set(vars(image)) == {"id", "caption", "kind", "width", "height", "data",
                                "window_center", "window_width", "modality", "signed",
                                "rescale_slope", "rescale_intercept", "invert",
                                "row_spacing_mm", "column_spacing_mm"}


def test_window_level_changes_pixels_as_expected(tmp_path):
    # CT: stored 0..2000 with intercept -1024 → -1024..976 HU
    values = [0, 1024 - 160, 1024 + 40 - 100, 1024 + 40, 1024 + 40 + 100, 1024 + 240, 2000]
    path = make_dicom(tmp_path / "ct.dcm", rows=1, cols=7, values=values, modality="CT",
                      slope=1.0, intercept=-1024.0, window=(40, 400))
    image = import_image(path)
    assert image.modality == "CT"
    assert (image.window_center, image.window_width) == (40.0, 400.0)
    soft = list(render_gray(image, *images.preset(image, "CT soft tissue")))
    # HU: -1024, -160, -60, 40, 140, 240, 976 through 40/400 (−160 … 240)
    assert soft[0] == 0 and soft[1] == 0 and soft[6] == 255 and soft[5] == 255
    assert 125 <= soft[3] <= 130                     # the centre is mid-grey
    assert 60 <= soft[2] <= 67 and 189 <= soft[4] <= 195
    bone = list(render_gray(image, *images.preset(image, "CT bone")))
    assert bone[0] == 0 and 0 < bone[3] < soft[3] and bone[6] < 255
    # narrowing the window raises contrast around the centre
    narrow = list(render_gray(image, 40, 100))
    assert narrow[2] == 0 and narrow[4] == 255 and 125 <= narrow[3] <= 131


def test_monochrome1_is_inverted_and_rescale_applied(tmp_path):
    path = make_dicom(tmp_path / "m1.dcm", rows=1, cols=3, values=[0, 50, 100],
                      photometric="MONOCHROME1", slope=2.0, intercept=10.0)
    image = import_image(path)
    assert image.invert and image.rescale_slope == 2.0 and image.rescale_intercept == 10.0
    assert images.value_range(image) == (10.0, 210.0)
    grey = list(render_gray(image))
    assert grey[0] == 255 and grey[2] == 0 and 120 <= grey[1] <= 135


def test_t2_preset_spans_the_image(tmp_path):
    image = import_image(make_dicom(tmp_path / "t2.dcm"))
    c, w = images.preset(image, "T2 MRI")
    lo, hi = images.value_range(image)
    assert lo < c < hi and 0 < w <= hi - lo


def test_png_and_jpeg_keep_original_bytes(tmp_path):
    png = make_png(tmp_path / "a.png", 40, 30)
    image = import_image(png)
    assert (image.kind, image.width, image.height) == ("png", 40, 30)
    assert image.data == png.read_bytes()
    jpg = make_jpeg(tmp_path / "b.jpg", 33, 21)
    image = import_image(jpg)
    assert (image.kind, image.width, image.height) == ("jpeg", 33, 21)
    assert image.data == jpg.read_bytes()


def _bad_cases(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("just some text, not an image\n")
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n")
    full = make_dicom(tmp_path / "full.dcm").read_bytes()
    truncated = tmp_path / "truncated.dcm"
    truncated.write_bytes(full[:len(full) // 2])
    header_only = tmp_path / "header.dcm"
    header_only.write_bytes(full[:200])
    png = make_png(tmp_path / "p.png").read_bytes()
    cut_png = tmp_path / "cut.png"
    cut_png.write_bytes(png[:-20])
    huge_png = tmp_path / "huge.png"
    huge_png.write_bytes(png[:16] + struct.pack(">II", 5000, 300) + png[24:])
    huge_dcm = make_dicom(tmp_path / "huge.dcm", rows=1, cols=5000, values=[0] * 5000)
    jpeg_jpg = tmp_path / "cut.jpg"
    jpeg_jpg.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 4)
    return [
        (text, "is not a PNG, JPEG or DICOM image"),
        (pdf, "is not a PNG, JPEG or DICOM image"),
        (truncated, "damaged or incomplete DICOM"),
        (header_only, "DICOM file without an image"),
        (cut_png, "damaged PNG"),
        (jpeg_jpg, "damaged JPEG"),
        (huge_png, "5000 × 300 pixels"),
        (huge_dcm, "5000 × 1 pixels"),
        # plain pixels under a compressed transfer syntax: the decoder cannot read them
        (make_dicom(tmp_path / "jpeg.dcm", syntax=JPEG_BASELINE), "could not be decoded"),
        (make_dicom(tmp_path / "j2k.dcm", syntax=JPEG_2000), "could not be decoded"),
        (make_dicom(tmp_path / "rle.dcm", syntax=RLE), "could not be decoded"),
        (tmp_path / "missing.dcm", "does not exist"),
        (tmp_path, "is a folder"),
    ]


def test_each_bad_input_has_one_clear_message(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    for path, expected in _bad_cases(tmp_path):
        with pytest.raises(ImageError) as info:
            import_image(path)
        message = str(info.value)
        assert expected in message, (path.name, message)
        assert "\n" not in message and "Traceback" not in message
        _no_secret(message)
    assert "Secretname" not in caplog.text


def test_file_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MAX_FILE_BYTES", 1000)
    path = make_png(tmp_path / "big.png", 200, 200)
    path.write_bytes(path.read_bytes() + b"\0" * 1000)
    with pytest.raises(ImageError, match="larger than"):
        import_image(path)


def test_visit_limits(tmp_path, monkeypatch):
    c = Consultation()
    image = import_image(make_png(tmp_path / "a.png"))
    for _ in range(5):
        images.check_can_add(c, image)
        c.images.append(KeyImage(**{**vars(image), "id": f"i{len(c.images)}"}))
    with pytest.raises(ImageError, match="at most 5 images"):
        images.check_can_add(c, image)
    monkeypatch.setattr(images, "MAX_IMAGES_TOTAL_BYTES", 10)
    with pytest.raises(ImageError, match="MB together"):
        images.check_can_add(Consultation(), image)


def test_consultation_round_trip_with_marks_on_images(tmp_path):
    image = import_image(make_dicom(tmp_path / "s.dcm"), "Your MRI scan, side view")
    png = import_image(make_png(tmp_path / "a.png"), "Your CT scan")
    c = Consultation(images=[image, png])
    c.lesions.append(Lesion(view=image.view_name, cx=30, cy=20, rx=10, ry=6))
    c.strokes.append(Stroke(view=png.view_name, points=[(1.0, 2.0), (5.0, 6.0)]))
    path = tmp_path / "visit.json"
    storage.save(c, path)
    back = storage.load(path)
    assert back.to_dict() == c.to_dict()
    assert back.images[0].data == image.data and back.images[1].data == png.data
    assert back.marks_in(image.view_name)["lesions"][0].cx == 30
    assert back.marks_in("sagittal")["lesions"] == []
    assert back.image(png.id).caption == "Your CT scan"


def test_old_files_still_load_and_views_are_checked(tmp_path):
    data = json.loads(EXAMPLE.read_text())
    data.pop("images", None)
    assert Consultation.from_dict(data).images == []
    data["lesions"] = [{"view": "image:nope", "cx": 1, "cy": 1, "rx": 2, "ry": 2}]
    with pytest.raises(ConsultationError, match=r"lesions\[0\]\.view: refers to an image"):
        Consultation.from_dict(data)
    data["lesions"][0]["view"] = "coronal"
    with pytest.raises(ConsultationError, match=r"lesions\[0\]\.view"):
        Consultation.from_dict(data)
    data["lesions"][0]["view"] = "image:bad id!"
    with pytest.raises(ConsultationError, match=r"lesions\[0\]\.view"):
        Consultation.from_dict(data)


def test_a_picture_larger_than_stated_is_not_decoded(tmp_path):
    """A hostile file may state a small size for a huge PNG: the renderers check the header
    against the stated size before decoding (the pane shows nothing, the PDF leaves it out)."""
    from desktop_app.export.figures import picture_for as _picture_for

    image = import_image(make_png(tmp_path / "a.png", 40, 30))
    assert images.encoded_size(image.data, "png") == (40, 30)
    width, height = _picture_for(image).size      # small pictures are enlarged for print
    assert width % 40 == 0 and (width // 40, height) == (width // 40, 30 * width // 40)
    liar = KeyImage(**{**vars(image), "width": 4, "height": 3})
    assert _picture_for(liar) is None
    with pytest.raises(ImageError):
        images.encoded_size(b"\x89PNG\r\n\x1a\n" + bytes(40), "png")


@pytest.mark.parametrize("change,field", [
    ({"kind": "gif"}, "images[0].kind"),
    ({"width": 0}, "images[0].width"),
    ({"height": 5000}, "images[0].height"),
    ({"data": "not base64!"}, "images[0].data"),
    ({"data": "AAAA"}, "images[0].data"),              # size does not match
    ({"id": "../x"}, "images[0].id"),
    ({"signed": "yes"}, "images[0].signed"),
    ({"window_width": -3}, "images[0].window_width"),
])
def test_bad_image_fields_are_named(tmp_path, change, field):
    assert bad_image_error(tmp_path, change).field == field


def bad_image_error(tmp_path, change: dict) -> ConsultationError:
    """The error of loading a consultation whose one imported image has ``change`` applied."""
    image = import_image(make_dicom(tmp_path / "s.dcm", rows=4, cols=4, values=list(range(16))))
    data = Consultation(images=[image]).to_dict()
    data["images"][0].update(change)
    with pytest.raises(ConsultationError) as info:
        Consultation.from_dict(data)
    return info.value


def test_storage_limit_holds_a_full_visit():
    from desktop_app.model.consultation import MAX_IMAGES_TOTAL_BYTES

    assert storage.MAX_FILE_BYTES >= MAX_IMAGES_TOTAL_BYTES * 4 // 3 + 20 * 1024 * 1024


@pytest.mark.parametrize("signed", [False, True])
@pytest.mark.parametrize("invert", [False, True])
def test_fast_window_matches_the_reference_table(signed, invert):
    """The Pillow path and the pure-Python lookup table give the same pixels."""
    import random

    rng = random.Random(7)
    lo, hi = (-32768, 32767) if signed else (0, 65535)
    values = [rng.randint(lo, hi) for _ in range(200 * 100)]
    data = struct.pack(f"<{len(values)}{'h' if signed else 'H'}", *values)
    image = KeyImage(kind="dicom-gray16", width=200, height=100, data=data, signed=signed,
                     invert=invert, rescale_slope=0.7, rescale_intercept=-1024.0)
    for center, width in ((40, 400), (400, 1800), (0, 1), (1000, 37.5), (-20000, 90000)):
        assert render_gray(image, center, width) == render_gray(image, center, width,
                                                                 fast=False), (center, width)
    assert images.value_range(image) == (min(values) * 0.7 - 1024.0, max(values) * 0.7 - 1024.0)


def test_bits_stored_below_bits_allocated(tmp_path):
    """12-bit values in 16-bit words: the unused high bits are ignored (signed: sign-extended)."""
    path = make_dicom(tmp_path / "u12.dcm", rows=1, cols=3, values=[0xF000 | 5, 0x0FFF, 7])
    import pydicom

    ds = pydicom.dcmread(path)
    ds.BitsStored, ds.HighBit = 12, 11
    ds.save_as(path)
    assert list(images.stored_values(import_image(path))) == [5, 4095, 7]
    path = make_dicom(tmp_path / "s12.dcm", rows=1, cols=3, signed=True,
                      values=[0x0FFF, 0x0800, 3])
    ds = pydicom.dcmread(path)
    ds.BitsStored, ds.HighBit = 12, 11
    ds.save_as(path)
    assert list(images.stored_values(import_image(path))) == [-1, -2048, 3]


def test_more_refusals_each_one_sentence(tmp_path):
    import pydicom

    full = make_dicom(tmp_path / "full.dcm").read_bytes()
    cut = tmp_path / "cut.dcm"
    cut.write_bytes(full[:-10])                      # the pixel data ends early
    multi = make_dicom(tmp_path / "multi.dcm", rows=4, cols=4, values=list(range(32)),
                       pixel_bytes=struct.pack("<32H", *range(32)))
    ds = pydicom.dcmread(multi)
    ds.NumberOfFrames = 2
    ds.save_as(multi)
    colour = make_dicom(tmp_path / "rgb.dcm", rows=2, cols=2, bits=8,
                        pixel_bytes=bytes(12))
    ds = pydicom.dcmread(colour)
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, "RGB", 0
    ds.save_as(colour)
    bits32 = make_dicom(tmp_path / "b32.dcm", rows=2, cols=2, pixel_bytes=bytes(16))
    ds = pydicom.dcmread(bits32)
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = 32, 32, 31
    ds.save_as(bits32)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    # multi-frame, colour and 32-bit files are now read; the user picks the frame
    assert list(images.stored_values(import_image(multi, frame=1))) == list(range(16, 32))
    assert import_image(colour).kind == "png"
    assert import_image(bits32).is_dicom
    for path, expected, frame in ((cut, "damaged or incomplete DICOM", 0),
                                  (multi, "image 3 does not exist", 2),
                                  (empty, "is not a PNG, JPEG or DICOM", 0)):
        with pytest.raises(ImageError) as info:
            import_image(path, frame=frame)
        assert expected in str(info.value), (path.name, str(info.value))
        assert "\n" not in str(info.value)
        _no_secret(str(info.value))
