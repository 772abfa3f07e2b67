"""The clinic's logo: checked when the config is loaded, decoded and scaled once per process.

The logo is printed at most 5 × 1.9 cm. A 9,000 × 9,000 pixel logo cost 3 s and 900 MB on
every export and was embedded at full size; now the header is checked at config load (a PNG
or JPEG, at most MAX_PIXELS) and the first export decodes it once, scales it to 300 dpi of
the printed size and keeps that small PNG for every later export.
"""

from __future__ import annotations

import functools
import io
import os
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 25_000_000          # e.g. 5000 × 5000: far more than a letterhead logo needs
PRINT_DPI = 300


class LogoError(Exception):
    """The logo cannot be used; the message completes "'logo': ..." (no path in it)."""


@dataclass(frozen=True)
class Logo:
    data: bytes            # the file itself when small enough, else the scaled image as PNG
    width_pt: float        # its printed size: fits the box it was prepared for
    height_pt: float


def _read(path: Path) -> bytes:
    from desktop_app.model.files import FileRefusedError, read_regular

    try:
        return read_regular(path, MAX_BYTES, too_large=f"is larger than "
                            f"{MAX_BYTES // (1024 * 1024)} MB")
    except FileRefusedError as exc:
        raise LogoError(f"{path.name} {exc.reason}") from None


def _open(data: bytes, name: str):
    from PIL import Image, UnidentifiedImageError

    try:
        picture = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError):
        raise LogoError(f"{name} is not a PNG or JPEG image") from None
    if picture.format not in ("PNG", "JPEG"):
        raise LogoError(f"{name} is not a PNG or JPEG image")
    w, h = picture.size
    if w < 1 or h < 1 or w * h > MAX_PIXELS:
        raise LogoError(f"{name} is {w} × {h} pixels; a logo may have at most "
                        f"{MAX_PIXELS // 1_000_000} million pixels")
    return picture


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG frame headers carry the size: SOF0-SOF15 but for DHT (C4), JPG (C8) and DAC (CC)
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}   # markers without a length (TEM, RST0-7)


def header_size(data: bytes) -> tuple[str, int, int] | None:
    """("PNG" | "JPEG", width, height) from the file's header, or None for anything else.

    Read by hand rather than with Pillow: its import (with its plugins) cost ~25 ms of the
    start screen of every clinic that has a logo; Pillow still decodes it at export."""
    if data.startswith(PNG_SIGNATURE):
        if len(data) >= 24 and data[12:16] == b"IHDR":
            return "PNG", int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        return None
    if not data.startswith(b"\xff\xd8"):
        return None
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:                  # fill byte before a marker
            i += 1
            continue
        if marker in _STANDALONE:
            i += 2
            continue
        if marker in (0xD9, 0xDA):          # end of image, start of scan: no frame seen
            return None
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if length < 2:
            return None
        if marker in _SOF:
            if i + 9 > len(data):
                return None
            height = int.from_bytes(data[i + 5:i + 7], "big")
            width = int.from_bytes(data[i + 7:i + 9], "big")
            return "JPEG", width, height
        i += 2 + length
    return None


def check(path: Path) -> None:
    """Raise LogoError unless ``path`` is a readable PNG/JPEG within the limits (its header
    only: quick enough for config load, before the start screen)."""
    path = Path(path)
    found = header_size(_read(path))
    if found is None:
        raise LogoError(f"{path.name} is not a PNG or JPEG image")
    _kind, w, h = found
    if w < 1 or h < 1 or w * h > MAX_PIXELS:
        raise LogoError(f"{path.name} is {w} × {h} pixels; a logo may have at most "
                        f"{MAX_PIXELS // 1_000_000} million pixels")


def prepared(path: Path, box_w_pt: float, box_h_pt: float) -> Logo:
    """The logo decoded and scaled to fit a box of ``box_w_pt`` × ``box_h_pt`` points at
    PRINT_DPI (cached while the file is unchanged)."""
    path = Path(path)
    try:
        st = os.stat(path)
    except OSError:
        st = None
    key = (str(path), st.st_mtime_ns if st else 0, st.st_size if st else -1)
    return _prepared(key, box_w_pt, box_h_pt)


@functools.lru_cache(maxsize=4)
def _prepared(key: tuple, box_w_pt: float, box_h_pt: float) -> Logo:
    from PIL import Image

    path = Path(key[0])
    data = _read(path)
    picture = _open(data, path.name)
    try:
        picture.load()  # a file cut short fails here
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise LogoError(f"{path.name} is damaged (it cannot be decoded; it may be cut "
                        "short)") from None
    w, h = picture.size
    scale = min(box_h_pt / h, box_w_pt / w)  # (the order the PDF always used)
    width_pt, height_pt = w * scale, h * scale
    px = (max(1, round(width_pt / 72 * PRINT_DPI)), max(1, round(height_pt / 72 * PRINT_DPI)))
    if px[0] >= w:  # no bigger than print needs: embedded as it is (the PDF does not change)
        return Logo(data, width_pt, height_pt)
    if picture.mode not in ("RGB", "RGBA", "L", "LA"):
        picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
    out = io.BytesIO()
    picture.resize(px, Image.Resampling.LANCZOS).save(out, "PNG")
    return Logo(out.getvalue(), width_pt, height_pt)
