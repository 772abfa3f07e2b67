"""Small scans enlarged for print: a 64 × 64 MRI printed 16 cm wide would otherwise be left to
each PDF viewer's scaling (blocks in some, a blur in others). Resampled smoothly here, as the
screen shows it, it prints the same everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

ENLARGE_BELOW = 512      # pictures whose longer side is shorter are enlarged...
ENLARGE_TO = 768         # ...to about this many pixels on the longer side


def enlarge_small(picture: Image) -> Image:
    """A Pillow picture, enlarged (bicubic, by a whole factor) when it is small."""
    longest = max(picture.size)
    if longest >= ENLARGE_BELOW or longest < 1:
        return picture
    from PIL import Image as PILImage

    factor = max(2, round(ENLARGE_TO / longest))
    return picture.resize((picture.width * factor, picture.height * factor),
                          PILImage.Resampling.BICUBIC)
