"""Siemens mosaics: one file holding a whole volume as a grid of slices ("tiles").

A mosaic's ImageType holds "MOSAIC"; how many slices the grid holds is NumberOfImagesInMosaic
in the Siemens CSA image header (0029,1010), a small binary table ("SV10" format, read here
with every length checked). The grid is ceil(sqrt(n)) tiles a side, filled row by row; tiles
past ``n`` are blank. Without a CSA value the tile size is the acquisition matrix (0018,1310),
and every tile of the grid counts (the rule dcm2niix documents for mosaics without it).

Pure Python; the crop itself (:func:`crop_tile`) works on any 2-D array.
"""

from __future__ import annotations

import math
import struct
from typing import Any

CSA_CREATORS = range(0x00290010, 0x00290013)     # private creator slots of group 0029
MAX_TAGS = 512            # entries a real CSA header holds: about 100
MAX_ITEMS = 512
MAX_TILES = 256           # 16 x 16: larger grids are not mosaics a scanner writes


def is_mosaic(image_type: str) -> bool:
    return "MOSAIC" in image_type.upper().split("\\")


def csa_image_header(ds: Any) -> bytes | None:
    """The CSA image header bytes, found through the "SIEMENS CSA HEADER" private creator."""
    for creator in CSA_CREATORS:
        try:
            element = ds.get(creator)
            name = element.value if element is not None else None
            if isinstance(name, bytes):
                name = name.decode("latin-1")
            if name is None or "SIEMENS CSA HEADER" not in str(name).upper():
                continue
            block = creator & 0xFF
            value = ds.get(0x00290000 | (block << 8) | 0x10)
            data = value.value if value is not None else None
            return bytes(data) if isinstance(data, (bytes, bytearray)) else None
        except Exception:  # noqa: BLE001 - a malformed private element reads as missing
            continue
    return None


def csa_value(data: bytes, wanted: str) -> str | None:
    """The first item of the CSA entry named ``wanted`` as text, or None."""
    offset = 8 if data[:4] == b"SV10" else 0
    try:
        (count,) = struct.unpack_from("<I", data, offset)
        if count > MAX_TAGS:
            return None
        offset += 8
        for _ in range(count):
            name = data[offset:offset + 64].split(b"\0", 1)[0].decode("latin-1")
            (items,) = struct.unpack_from("<i", data, offset + 76)
            offset += 84
            if not 0 <= items <= MAX_ITEMS:
                return None
            first: str | None = None
            for index in range(items):
                (length,) = struct.unpack_from("<i", data, offset + 4)
                if not 0 <= length <= len(data):
                    return None
                offset += 16
                if index == 0 and length:
                    first = data[offset:offset + length].split(b"\0", 1)[0] \
                        .decode("latin-1").strip()
                offset += (length + 3) // 4 * 4
                if offset > len(data):
                    return None
            if name == wanted:
                return first
    except (struct.error, UnicodeDecodeError):
        return None
    return None


def tile_count(ds: Any, rows: int, columns: int) -> int:
    """Slices in a mosaic file; 0 when it is not a usable mosaic."""
    data = csa_image_header(ds)
    text = csa_value(data, "NumberOfImagesInMosaic") if data else None
    try:
        count = int(float(text)) if text else 0
    except ValueError:
        count = 0
    if count <= 0:
        count = _from_matrix(ds, rows, columns)
    grid = math.ceil(math.sqrt(count)) if count > 0 else 0
    if count < 2 or count > MAX_TILES or rows % grid or columns % grid:
        return 0
    return count


def _from_matrix(ds: Any, rows: int, columns: int) -> int:
    try:
        raw = ds.get(0x00181310)
        value = raw.value if raw is not None else None
        if isinstance(value, bytes):
            value = struct.unpack(f"<{len(value) // 2}H", value)
        side = max(int(v) for v in value) if value else 0
    except Exception:  # noqa: BLE001 - a malformed matrix: not a usable mosaic
        return 0
    if side <= 0 or columns % side or rows % side or columns // side != rows // side:
        return 0
    return (columns // side) ** 2


def crop_tile(array: Any, index: int, count: int) -> Any:
    """Tile ``index`` (0-based, row by row) of a mosaic of ``count`` tiles."""
    grid = math.ceil(math.sqrt(count))
    height, width = array.shape[0] // grid, array.shape[1] // grid
    row, col = divmod(index, grid)
    return array[row * height:(row + 1) * height, col * width:(col + 1) * width]
