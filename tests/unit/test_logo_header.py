"""The logo's header is read by hand at config load (no Pillow before the start screen): it
finds the same format and size as Pillow for PNG and JPEG files of every common kind, and
answers None (never an error) for anything else, cut short or made up."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from desktop_app.infra.logo import MAX_PIXELS, LogoError, check, header_size

KINDS = [
    ("PNG", "RGB", {}), ("PNG", "RGBA", {}), ("PNG", "L", {}), ("PNG", "P", {}),
    ("PNG", "I;16", {}), ("PNG", "RGB", {"optimize": True}),
    ("JPEG", "RGB", {}), ("JPEG", "L", {}), ("JPEG", "CMYK", {}),
    ("JPEG", "RGB", {"progressive": True}),                  # SOF2
    ("JPEG", "RGB", {"exif": b"Exif\x00\x00" + b"\x00" * 4000}),   # APP1 before the frame
    ("JPEG", "RGB", {"icc_profile": b"\x00" * 3000}),         # APP2
    ("JPEG", "RGB", {"quality": 10, "subsampling": 0}),
]


def encoded(fmt: str, mode: str, size: tuple[int, int], options: dict) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, fmt, **options)
    return out.getvalue()


@pytest.mark.parametrize("fmt, mode, options", KINDS)
@pytest.mark.parametrize("size", [(1, 1), (640, 480), (4999, 3), (3, 5000)])
def test_the_header_says_what_pillow_says(fmt, mode, options, size):
    data = encoded(fmt, mode, size, options)
    pillow = Image.open(io.BytesIO(data))
    assert header_size(data) == (pillow.format, *pillow.size)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.binary(max_size=200))
def test_anything_else_is_none_or_a_size_never_an_error(data):
    found = header_size(data)
    assert found is None or (found[0] in ("PNG", "JPEG") and min(found[1:]) >= 0)


@pytest.mark.parametrize("cut", [0, 8, 20, 23])
def test_a_png_cut_short_is_not_a_png(cut):
    assert header_size(encoded("PNG", "RGB", (10, 10), {})[:cut]) is None


def test_a_jpeg_cut_before_its_frame_is_not_a_jpeg():
    data = encoded("JPEG", "RGB", (10, 10), {"exif": b"Exif\x00\x00" + b"\x00" * 500})
    frame = data.index(b"\xff\xc0")
    assert header_size(data[:frame + 8]) is None           # the size's last byte missing
    assert header_size(data[:frame + 9]) == ("JPEG", 10, 10)


def test_the_pixel_limit_at_the_limit_and_one_past(tmp_path):
    # 5000 × 5000 = MAX_PIXELS exactly; 5001 × 5000 is one row of 5000 past it (headers
    # only: the files are small)
    at, past = tmp_path / "at.png", tmp_path / "past.png"
    at.write_bytes(encoded("PNG", "L", (5000, 5000), {}))
    past.write_bytes(encoded("PNG", "L", (5001, 5000), {}))
    assert 5000 * 5000 == MAX_PIXELS
    check(at)
    with pytest.raises(LogoError, match="5001 × 5000 pixels"):
        check(past)


def test_a_gif_or_text_is_refused_in_one_sentence(tmp_path):
    gif = tmp_path / "logo.gif"
    out = io.BytesIO()
    Image.new("P", (5, 5)).save(out, "GIF")
    gif.write_bytes(out.getvalue())
    text = tmp_path / "logo.png"
    text.write_text("<svg/>")
    for path in (gif, text):
        with pytest.raises(LogoError, match=rf"^{path.name} is not a PNG or JPEG image$"):
            check(path)


def test_real_images_of_other_projects_read_as_pillow_reads_them():
    """Every PNG and JPEG that PySide6 ships (icons and images made by other people's tools,
    several hundred files), read by hand and by Pillow: the same format and size."""
    import PySide6

    files = [p for p in Path(PySide6.__file__).parent.rglob("*")
             if p.suffix.lower() in (".png", ".jpg", ".jpeg")]
    assert len(files) >= 100
    kinds = set()
    for path in files:
        data = path.read_bytes()
        picture = Image.open(io.BytesIO(data))
        want = (picture.format, *picture.size) if picture.format in ("PNG", "JPEG") else None
        assert header_size(data) == want, path.name
        kinds.add(picture.format)
    assert {"PNG", "JPEG"} <= kinds
