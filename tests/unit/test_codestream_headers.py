"""The frame size a JPEG / JPEG-LS / JPEG 2000 codestream declares, read from hand-made
headers byte by byte: which markers hold the size (SOF0..SOF15 but not DHT C4, JPG C8, DAC CC;
JPEG-LS F7), which are stepped over (fill bytes, RST0..RST7, TEM, any segment by its length)
and which end the search (EOI, SOS, a bad length, a byte that is not a marker)."""

from __future__ import annotations

import struct

import pytest

from desktop_app.model.dicom_guard import codestream_fits, codestream_size

SOI = b"\xff\xd8"


def segment(marker: int, body: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body


def sof(marker: int, rows: int, cols: int) -> bytes:
    return segment(marker, struct.pack(">BHHB", 8, rows, cols, 1) + b"\x01\x11\x00")


FILLER = b"\x00" * 8        # enough bytes after a header for the 9-byte look-ahead


@pytest.mark.parametrize("marker", [0xC0, 0xC1, 0xC3, 0xC5, 0xC9, 0xCB, 0xCD, 0xCF, 0xF7])
def test_every_start_of_frame_marker_holds_the_size(marker):
    assert codestream_size(SOI + sof(marker, 300, 200) + FILLER) == (300, 200)


@pytest.mark.parametrize("marker", [0xBF, 0xC4, 0xC8, 0xCC, 0xE0, 0xDB, 0xFE])
def test_tables_and_other_segments_are_stepped_over(marker):
    """A DHT / JPG / DAC / APP0 / DQT / COM segment shaped like a frame header is not one."""
    stream = SOI + sof(marker, 9999, 9999) + sof(0xC0, 30, 40) + FILLER
    assert codestream_size(stream) == (30, 40)


def test_fill_bytes_restart_and_tem_markers_are_stepped_over():
    stream = SOI + b"\xff" + b"\xff\xd0" + b"\xff\xd7" + b"\xff\x01" + sof(0xC0, 7, 6) + FILLER
    assert codestream_size(stream) == (7, 6)


@pytest.mark.parametrize("ending", [b"\xff\xd9\x00\x02", b"\xff\xda\x00\x02",
                                    b"\xff\xe0\x00\x01", b"\xff\xe0\x00\x00",
                                    b"\x12\x34\x00\x02"])
def test_end_scan_a_bad_length_or_no_marker_ends_the_search(ending):
    """EOI and SOS end the header even when a length-like 2 follows them."""
    assert codestream_size(SOI + ending + sof(0xC0, 30, 40) + FILLER) is None


def test_an_empty_segment_of_length_2_is_stepped_over():
    assert codestream_size(SOI + b"\xff\xe0\x00\x02" + sof(0xC0, 30, 40) + FILLER) == (30, 40)


@pytest.mark.parametrize("padding, size", [(65_521, (30, 40)), (65_522, None)])
def test_the_size_is_looked_for_in_the_first_65536_bytes(padding, size):
    """A frame header ending at byte 65,536 is read; one byte later it is not looked for."""
    stream = SOI + segment(0xE0, b"\x00" * padding) + sof(0xC0, 30, 40) + FILLER
    header_end = 2 + 4 + padding + 9
    assert header_end == (65_536 if size else 65_537)
    assert codestream_size(stream) == size


def test_a_header_cut_before_its_size_is_not_read():
    whole = SOI + b"\xff\xc0\x00\x0b\x08" + struct.pack(">HH", 5, 6)    # 11 bytes: read
    assert codestream_size(whole) == (5, 6)
    assert codestream_size(whole[:10]) is None                          # 10 bytes: not read
    assert codestream_size(SOI + b"\xff\xc0\x00\x11\x08\x00") is None    # 8 bytes: no size
    assert codestream_size(b"\xff\xd9" + sof(0xC0, 1, 1) + FILLER) is None  # no SOI first


def test_a_jpeg_2000_size_less_its_image_offset():
    siz = b"\xff\x4f\xff\x51" + b"\x00\x29\x00\x00" + struct.pack(">IIII", 110, 60, 10, 20)
    assert codestream_size(siz) == (40, 100)
    assert codestream_size(b"\xff\x4f\xff\x51" + b"\x00\x29\x00\x00" + b"\x00" * 12) is None
    shifted = b"\xff\x4f\xff\x51" + b"\x00\x29\x00\x00" + struct.pack(">IIII", 5, 5, 10, 20)
    assert codestream_size(shifted) == (0, 0)          # an offset past the size: never negative


@pytest.mark.parametrize("rows, cols, fits", [(300, 200, True), (299, 200, False),
                                              (300, 199, False), (301, 201, True)])
def test_a_frame_fits_at_its_declared_rows_and_columns(rows, cols, fits):
    assert codestream_fits(SOI + sof(0xC0, 300, 200) + FILLER, rows, cols) is fits


def test_an_unreadable_header_is_left_to_the_decoder():
    assert codestream_fits(b"no header", 1, 1) is True


def test_the_bounded_inflater_stands_in_for_the_rest_of_zlib():
    import zlib

    from desktop_app.model.dicom_guard import _BoundedZlib

    bounded = _BoundedZlib()
    assert bounded.crc32 is zlib.crc32 and bounded.MAX_WBITS == zlib.MAX_WBITS
    data = zlib.compress(b"x" * 1000)
    assert bounded.decompress(data) == b"x" * 1000


def test_inflation_goes_in_pieces_of_4_mib(monkeypatch):
    """Each call may inflate at most 4,194,304 bytes, so a bomb is stopped at most one piece
    past the limit (zlib's own buffer would double past it)."""
    import zlib

    from desktop_app.model import dicom_guard

    asked: list[int] = []
    real = zlib.decompressobj

    class Recording:
        def __init__(self, wbits):
            self._inner = real(wbits)

        def decompress(self, data, max_length):
            asked.append(max_length)
            return self._inner.decompress(data, max_length)

        def __getattr__(self, name):
            return getattr(self._inner, name)

    monkeypatch.setattr(dicom_guard.zlib, "decompressobj", Recording)
    data = zlib.compress(bytes(9 * 1024 * 1024))
    assert len(dicom_guard._BoundedZlib.decompress(data)) == 9 * 1024 * 1024
    assert set(asked) == {4_194_304} and len(asked) == 3
