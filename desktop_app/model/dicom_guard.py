"""Bounded cost for hostile or broken DICOM files: a few bytes may not cost gigabytes.

* Frames: a file's NumberOfFrames is capped at :data:`MAX_FRAMES` before any list is built
  (a 686-byte file may declare 2,147,483,647 frames).
* Inflation: a deflated file (transfer syntax 1.2.840.10008.1.2.1.99) is inflated by pydicom
  in one call, even for a header read; :func:`install` gives pydicom's reader an inflater
  that stops at :data:`MAX_INFLATED` bytes and raises :class:`InflationError`.
* Codestreams: a JPEG, JPEG-LS or JPEG 2000 frame is decoded at the size its own header
  says; :func:`codestream_fits` reads that header and refuses a frame larger than Rows ×
  Columns before any decoder runs.
* DICOMDIR: records are counted in the raw bytes (each starts with an item tag) before
  pydicom parses them; more than :data:`MAX_DICOMDIR_RECORDS` and the index is not used.
"""

from __future__ import annotations

import struct
import threading
import zlib
from typing import Any

MAX_FRAMES = 3000                    # frames listed or decoded from one file
MAX_INFLATED = 64 * 1024 * 1024      # a deflated dataset, inflated (two 4096² 16-bit frames)
INFLATE_PIECE = 4 * 1024 * 1024
MAX_DICOMDIR_RECORDS = 20_000        # a 2,700-file CD has about 2,800 (20,000 parse in ~1.6 s)
ITEM_TAG = b"\xfe\xff\x00\xe0"       # (FFFE,E000), little endian

_installed = False
_lock = threading.Lock()


class InflationError(ValueError):
    """A deflated dataset inflates to more than MAX_INFLATED bytes."""


class _BoundedZlib:
    """The part of :mod:`zlib` pydicom's file reader uses, with inflation bounded."""
    MAX_WBITS = zlib.MAX_WBITS
    error = zlib.error

    @staticmethod
    def decompress(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = 0) -> bytes:
        """Inflated in 4 MB pieces, so a bomb stops at the limit without zlib's own buffer
        doubling past it."""
        inflater = zlib.decompressobj(wbits)
        pieces, total, rest = [], 0, data
        while True:
            piece = inflater.decompress(rest, INFLATE_PIECE)
            total += len(piece)
            if total > MAX_INFLATED:
                raise InflationError("deflated data larger than the limit")
            pieces.append(piece)
            rest = inflater.unconsumed_tail
            if not rest and len(piece) < INFLATE_PIECE:
                break
        last = inflater.flush()
        if total + len(last) > MAX_INFLATED:
            raise InflationError("deflated data larger than the limit")
        pieces.append(last)
        return b"".join(pieces)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def install() -> None:
    """Bound pydicom's inflation of deflated files (once, before any file is read)."""
    global _installed
    with _lock:
        if _installed:
            return
        from pydicom import filereader

        filereader.zlib = _BoundedZlib()   # type: ignore[assignment]
        _installed = True


def dicomdir_too_big(data: bytes) -> bool:
    """True when ``data`` may hold more than MAX_DICOMDIR_RECORDS records (an upper bound:
    every record starts with an item tag)."""
    return data.count(ITEM_TAG) > MAX_DICOMDIR_RECORDS


# ---------------------------------------------------------------------------- codestreams
def codestream_size(data: bytes) -> tuple[int, int] | None:
    """(rows, columns) a JPEG / JPEG-LS / JPEG 2000 (or HTJ2K) codestream declares, or None
    when its header cannot be found in the first bytes."""
    head = bytes(data[:65536])
    start = head.find(b"\xff\x4f\xff\x51")           # J2K: SOC then SIZ
    if start >= 0:
        try:
            xsiz, ysiz, xo, yo = struct.unpack_from(">IIII", head, start + 8)
        except struct.error:
            return None
        return max(0, ysiz - yo), max(0, xsiz - xo)
    if head[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 9 <= len(head):
        if head[i] != 0xFF:
            return None
        marker = head[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            i += 2
            continue
        (length,) = struct.unpack_from(">H", head, i + 2)
        # SOF0..SOF15 (not DHT C4, JPG C8, DAC CC) and JPEG-LS SOF55 (F7)
        if (0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC)) or marker == 0xF7:
            rows, cols = struct.unpack_from(">HH", head, i + 5)
            return rows, cols
        if marker in (0xD9, 0xDA) or length < 2:
            return None
        i += 2 + length
    return None


def codestream_fits(data: bytes, rows: int, columns: int) -> bool:
    """False when the codestream says it is larger than Rows x Columns (a header the decoder
    would trust and allocate for). A codestream whose size cannot be read is left to the
    decoder, which then fails on its own."""
    size = codestream_size(data)
    if size is None:
        return True
    return size[0] <= rows and size[1] <= columns
