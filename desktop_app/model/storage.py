"""Saving and opening consultation files (versioned JSON), atomically.

A save writes a temporary file in the target folder, fsyncs it and ``os.replace``s it over
the old file, so a failed save (disk full, killed process) never damages the previous file.
Loading reports every way a file can be bad with one clear sentence; messages name the file's
base name and the field, never its contents (they may be health information).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from desktop_app.model.consultation import Consultation, ConsultationError
from desktop_app.model.files import (FileRefusedError, check_target, read_bounded, replaced_mode,
                                     shown_name)

# 20 MB for the visit itself plus the key images (model.consultation.MAX_IMAGES_TOTAL_BYTES,
# 40 MB of pixel data, stored as base64: ×4/3) so a saved visit with images reopens anywhere.
MAX_FILE_BYTES = 80 * 1024 * 1024
FILE_SUFFIX = ".json"
# Everything but the images' base64: the largest visit the limits allow (model/limits.py) is
# ~3 MB of JSON. Checked before parsing: 80 MB of tiny arrays is millions of Python objects.
MAX_VISIT_BYTES = 8 * 1024 * 1024
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _without_image_data(data: bytes) -> int:
    """The size of ``data`` less the images' base64 strings ("data": "..."), found with
    bytes.find (a regular expression over 60 MB cost ~0.5 s)."""
    size, i = len(data), 0
    while True:
        key = data.find(b'"data"', i)
        if key < 0:
            return size
        start = data.find(b'"', key + 6)
        end = data.find(b'"', start + 1) if start >= 0 else -1
        if end < 0:
            return size
        if data[key + 6:start].strip() == b":":
            size -= end - start
        i = end + 1


class StorageError(Exception):
    """A consultation file could not be read or written. The message is user-facing."""


def _name(path: Path) -> str:
    return shown_name(path)


def _temp_prefix(name: str) -> str:
    """``.NAME.`` cut so that the temporary name (prefix + 8 random characters + ``.tmp``)
    fits the 255 bytes a file name may have: a 250-byte name can still be saved."""
    raw = name.encode("utf-8", "surrogateescape")[:_TEMP_NAME_BYTES]
    return "." + raw.decode("utf-8", "ignore") + "."


_TEMP_NAME_BYTES = 200


def write_target(path: str | os.PathLike[str]) -> Path:
    """Where a save of ``path`` really goes: through a symbolic link to the file it names
    (as editors do: a shared file behind a link is updated, never replaced by a local copy)."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def atomic_write_bytes(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` via temp file + fsync + os.replace (same folder).

    Refuses (FileRefusedError) a target that is a folder, device, pipe or socket: os.replace would
    swap a device node for a file. A symbolic link is written through (its target is
    replaced, the link stays). ``mode`` None: a replaced file keeps its permission bits and,
    where the system allows, its owner and group; a new file is owner-only (0600, whatever
    the umask)."""
    check_target(path)              # (follows a link; names the file the user chose)
    path = write_target(path)
    folder = path.parent
    if mode is None:
        mode = replaced_mode(path)
    try:
        old = os.stat(path)
    except OSError:
        old = None
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path.name), suffix=".tmp", dir=folder)
    try:
        if os.name == "posix":
            os.fchmod(fd, mode)
            if old is not None:
                _keep_owner(fd, old)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def _keep_owner(fd: int, old: os.stat_result) -> None:
    """The replaced file's owner and group on the new one, as far as we may set them (only
    root changes the owner; a member of the group keeps the group)."""
    if (old.st_uid, old.st_gid) == (os.geteuid(), os.getegid()):
        return
    for uid, gid in ((old.st_uid, old.st_gid), (-1, old.st_gid)):
        try:
            os.fchown(fd, uid, gid)
            return
        except OSError:
            continue


def dumps(consultation: Consultation) -> bytes:
    return (json.dumps(consultation.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def save(consultation: Consultation, path: str | os.PathLike[str], *,
         mode: int | None = None) -> None:
    path = Path(path)
    data = dumps(consultation)
    try:
        atomic_write_bytes(path, data, mode=mode)
    except FileRefusedError as exc:
        raise StorageError(f"Could not save: {exc.sentence()}") from None
    except FileNotFoundError:
        raise StorageError(
            f"Could not save '{_name(path)}': the folder no longer exists.") from None
    except PermissionError:
        raise StorageError(
            f"Could not save '{_name(path)}': you do not have permission to write in that "
            "folder.") from None
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else "the system refused the write"
        raise StorageError(f"Could not save '{_name(path)}': {reason}.") from None


def loads(data: bytes, name: str = "the file") -> Consultation:
    if len(data) > MAX_FILE_BYTES:
        raise StorageError(f"'{name}' is too large to be a consultation file.")
    if len(data) > MAX_VISIT_BYTES and _without_image_data(data) > MAX_VISIT_BYTES:
        raise StorageError(f"'{name}' is too large to be a consultation file (its marks and "
                           f"text alone are over {MAX_VISIT_BYTES // (1024 * 1024)} MB).")
    if not data or data.isspace():  # (isspace stops at the first other byte; strip copies)
        raise StorageError(f"'{name}' is empty.")
    try:  # a byte-order mark (Notepad writes one) is not part of the JSON
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StorageError(f"'{name}' is not a text file (not UTF-8).") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string"):
            raise StorageError(
                f"'{name}' is incomplete (it ends too early; it may have been cut off).") from None
        raise StorageError(
            f"'{name}' is not a valid consultation file (bad JSON at line {exc.lineno}, "
            f"column {exc.colno}).") from None
    except RecursionError:
        raise StorageError(
            f"'{name}' is not a valid consultation file (nested too deeply).") from None
    except ValueError:  # e.g. a number with more digits than Python converts
        raise StorageError(f"'{name}' is not a valid consultation file (a value is out of "
                           "range).") from None
    try:
        consultation = Consultation.from_dict(raw)
    except ConsultationError as exc:
        if exc.field:
            raise StorageError(f"'{name}' has a problem in field '{exc.field}': "
                               f"{exc.problem}.") from None
        raise StorageError(f"'{name}' is not a consultation file ({exc.problem} at its top "
                           "level).") from None
    except RecursionError:
        raise StorageError(
            f"'{name}' is not a valid consultation file (nested too deeply).") from None
    # "\ud800" escapes decode to text that can never be saved again: refuse it now (only
    # when the file has such an escape: serialising a visit with its images costs ~1 s)
    if _SURROGATE_ESCAPE.search(text):
        try:
            dumps(consultation)
        except UnicodeEncodeError:
            raise StorageError(f"'{name}' contains characters that are not valid text.") \
                from None
    return consultation


def load(path: str | os.PathLike[str]) -> Consultation:
    path = Path(path)
    data = read_bounded(path, MAX_FILE_BYTES, StorageError, "a consultation file",
                        f"'{_name(path)}' is too large to be a consultation file.")
    return loads(data, _name(path))
