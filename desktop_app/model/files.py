"""The one rule for every file the app reads or replaces.

Reading (consultations, images, content, atlas and drawings, clinic config, logo, recovery
and parse-cache files): regular files only, never more than the caller's limit + 1 byte,
refused with one sentence. The file is opened with O_NONBLOCK and checked with ``fstat``
*after* opening, so a FIFO cannot block the open and a link to ``/dev/zero`` or a device is
refused before a byte is read; ``st_size`` is checked first (a 1 GB sparse file costs
nothing) and the read itself is bounded as well (the file may grow while we read it).

Writing over an existing path (saves and the PDF export): :func:`check_target` refuses a
target that is one of the inputs, anything that is not a regular file, and - unless the user
confirmed it - an existing file that is not of the kind being written. A replaced file keeps
its permission bits (:func:`replaced_mode`); a new one is owner-only.

Messages name the file's base name only: the folders above it may carry a patient's name.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
               | getattr(os, "O_CLOEXEC", 0))
_CHUNK = 1 << 20
NEW_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def shown_name(path: str | os.PathLike[str]) -> str:
    """A file's base name for a one-line message: a newline, tab or other control character
    in a name (all allowed by the file system) shows as U+FFFD instead of splitting the
    line."""
    name = Path(path).name or str(path)
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in name)


class FileRefusedError(Exception):
    """A file the app will not read or write. ``reason`` completes "'name' ..." ("is a
    folder"); :meth:`sentence` is the whole user-facing sentence."""

    def __init__(self, name: str, reason: str, kind: str):
        self.name = name
        self.reason = reason
        self.kind = kind  # missing, folder, special, too_large, permission, io, input, not_kind
        super().__init__(self.sentence())

    def sentence(self) -> str:
        return f"'{self.name}' {self.reason}."


def _special_reason(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        what = "a pipe"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    else:
        what = "a special file"
    return f"is {what}, not a regular file"


def _os_reason(exc: OSError) -> tuple[str, str]:
    if isinstance(exc, FileNotFoundError):
        return "does not exist", "missing"
    if isinstance(exc, IsADirectoryError):
        return "is a folder", "folder"
    if isinstance(exc, PermissionError):
        return "cannot be read (permission denied)", "permission"
    if isinstance(exc, NotADirectoryError):
        return "does not exist (a folder in its path is a file)", "missing"
    reason = os.strerror(exc.errno) if exc.errno else "read error"
    return f"cannot be read: {reason}", "io"


def read_regular(path: str | os.PathLike[str], limit: int, *,
                 too_large: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises :class:`FileRefusedError` for a missing file, a folder, a pipe, device or socket (also
    behind a symbolic link), a file over ``limit`` bytes (``too_large`` completes "'name'
    ...", default "is too large"), or a read error."""
    name = shown_name(path)
    big = too_large or f"is too large (over {_size_words(limit)})"
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise FileRefusedError(name, *_os_reason(exc)) from None
    try:
        try:
            st = os.fstat(fd)
        except OSError as exc:
            raise FileRefusedError(name, *_os_reason(exc)) from None
        if stat.S_ISDIR(st.st_mode):
            raise FileRefusedError(name, "is a folder", "folder")
        if not stat.S_ISREG(st.st_mode):
            raise FileRefusedError(name, _special_reason(st.st_mode), "special")
        if st.st_size > limit:
            raise FileRefusedError(name, big, "too_large")
        if hasattr(os, "set_blocking") and hasattr(os, "O_NONBLOCK"):
            os.set_blocking(fd, True)  # a regular file: ordinary reads from here on
        parts: list[bytes] = []
        left = limit + 1
        chunk = max(_CHUNK, st.st_size + 1)  # usually the whole file in one read, no copy
        try:
            while left > 0:
                block = os.read(fd, min(left, chunk))
                if not block:
                    break
                parts.append(block)
                left -= len(block)
        except OSError as exc:
            raise FileRefusedError(name, *_os_reason(exc)) from None
    finally:
        os.close(fd)
    data = b"".join(parts)
    if len(data) > limit:  # it grew while we read it
        raise FileRefusedError(name, big, "too_large")
    return data


def _size_words(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    if limit >= 1024:
        return f"{limit / 1024:g} KB"
    return f"{limit} bytes"


def read_bounded(path: Path, limit: int, error: type[Exception], noun: str,
                 too_large: str) -> bytes:
    """The bytes of ``path`` (at most ``limit``), or ``error`` with a user-facing message.

    ``noun`` completes "is a folder, not a/an ..."; ``too_large`` is the whole message for a
    file over the limit.
    """
    try:
        return read_regular(path, limit)
    except FileRefusedError as exc:
        if exc.kind == "too_large":
            raise error(too_large) from None
        if exc.kind in ("folder", "special"):
            raise error(f"{exc.sentence()[:-1]}, not {noun}.") from None
        raise error(exc.sentence()) from None


# ------------------------------------------------------------------------------ writing
def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_target(target: str | os.PathLike[str], *,
                 inputs: tuple[str | os.PathLike[str], ...] = (),
                 magic: bytes | None = None, kind: str = "file",
                 confirmed: bool = False) -> None:
    """Refuse to write ``target`` when that would destroy something: raises FileRefusedError.

    - it is one of ``inputs`` (the file being exported: same file, also through a link);
    - it is a folder, a device, a pipe or a socket (also behind a symbolic link): replacing
      it would swap a device node for a file, or write into a pipe nobody reads;
    - it exists and does not start with ``magic`` (not a ``kind``), unless ``confirmed``
      (the user said "replace" in the save dialog).
    A missing target is fine (a new file)."""
    name = shown_name(target)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise FileRefusedError(name, *_os_reason(exc)) from None
    for source in inputs:
        try:
            if _same_file(st, os.stat(source)):
                raise FileRefusedError(name, "is the file being read; choose another name for the "
                                  f"{kind}", "input")
        except OSError:
            continue
    if stat.S_ISDIR(st.st_mode):
        raise FileRefusedError(name, f"is a folder; give a file name for the {kind}", "folder")
    if not stat.S_ISREG(st.st_mode):
        raise FileRefusedError(name, _special_reason(st.st_mode)
                          + f"; it will not be replaced by the {kind}", "special")
    if magic is not None and not confirmed and st.st_size > 0:
        try:
            head = _head(target, len(magic))
        except OSError:
            head = b""
        if head != magic:
            raise FileRefusedError(name, f"already exists and is not a {kind}; it was not "
                              "replaced (choose another name)", "not_kind")


def _head(path: str | os.PathLike[str], n: int) -> bytes:
    """The first ``n`` bytes of a regular file (no full read)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.read(fd, n)
    finally:
        os.close(fd)


def replaced_mode(target: str | os.PathLike[str], default: int = NEW_FILE_MODE) -> int:
    """The permission bits a file written to ``target`` should get: those of the file it
    replaces (a shared folder's 0664 stays 0664), else ``default`` (owner-only)."""
    try:
        st = os.stat(target)
    except OSError:
        return default
    return stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else default


def private_dir(folder: str | os.PathLike[str], mode: int = PRIVATE_DIR_MODE) -> Path:
    """Create ``folder`` and the parents it needs with ``mode`` whatever the umask (a umask
    of 000 must not leave the app's folders writable by everyone). Folders that already
    existed above the first one created are left alone: they are not the app's."""
    folder = Path(folder)
    missing = []
    p = folder
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    folder.mkdir(parents=True, exist_ok=True, mode=mode)
    if os.name == "posix":
        for made in missing + ([] if folder in missing else [folder]):
            try:
                os.chmod(made, mode)
            except OSError:
                pass
    return folder
