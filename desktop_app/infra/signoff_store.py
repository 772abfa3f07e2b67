"""Where a clinic's clinical sign-off record lives, and reading / writing it safely.

The record belongs to the clinic, not to the app: it sits beside the clinic configuration so
that IT can deploy it together with ``config.yaml`` (and a shared folder can serve several
machines). Lookup: ``signoff_file:`` in the config (relative to the config file), else
``clinical-signoff.json`` next to the config file in use, else in the user's config folder.
It is never written into the shipped content folder. Writes are atomic (temporary file, then
rename), so a crash never leaves half a file; the record holds clinicians' names and roles,
never patient data.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from desktop_app.infra.config import ClinicConfig, user_config_dir

FILE_NAME = "clinical-signoff.json"
MAX_BYTES = 16 * 1024 * 1024


class SignoffStoreError(Exception):
    """Reading or writing the sign-off file failed; ``str()`` is one line for the user."""


def signoff_path(config: ClinicConfig) -> Path:
    if config.signoff_file:
        return Path(config.signoff_file)
    if config.source:
        return Path(config.source).parent / FILE_NAME
    return user_config_dir() / FILE_NAME


def read_text(path: Path) -> str | None:
    """The file's text, or None when there is no file yet (nothing signed off)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SignoffStoreError(f"{path}: the sign-off file is too large")
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise SignoffStoreError(f"{path}: the sign-off file is not UTF-8 text") from None
    except OSError as exc:
        raise SignoffStoreError(f"{path}: cannot be read ({exc.strerror or 'error'})") from None


def write_text(path: Path, text: str) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".signoff-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise SignoffStoreError(
            f"{path}: cannot be saved ({exc.strerror or 'error'}); ask IT to make it writable "
            "or to set 'signoff_file' in the clinic configuration") from None
