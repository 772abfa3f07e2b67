"""Reading a user-chosen file with a size limit and one clear sentence per failure.

Shared by consultation files and key images; messages name the file's base name only.
"""

from __future__ import annotations

import os
from pathlib import Path


def read_bounded(path: Path, limit: int, error: type[Exception], noun: str,
                 too_large: str) -> bytes:
    """The bytes of ``path`` (at most ``limit``), or ``error`` with a user-facing message.

    ``noun`` completes "is a folder, not a/an ..."; ``too_large`` is the whole message for a
    file over the limit.
    """
    name = Path(path).name
    try:
        if Path(path).stat().st_size > limit:
            raise error(too_large)
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise error(f"'{name}' does not exist (it could not be found).") from None
    except IsADirectoryError:
        raise error(f"'{name}' is a folder, not {noun}.") from None
    except PermissionError:
        raise error(f"'{name}' cannot be read (permission denied).") from None
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else "read error"
        raise error(f"'{name}' cannot be read: {reason}.") from None
    if len(data) > limit:  # grew while we read it
        raise error(too_large)
    return data
