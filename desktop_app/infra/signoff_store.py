"""Where a clinic's clinical sign-off record lives, and reading / writing it safely.

The record belongs to the clinic, not to the app: it sits beside the clinic configuration so
that IT can deploy it together with ``config.yaml`` (and a shared folder can serve several
machines). Lookup: ``signoff_file:`` in the config (relative to the config file), else
``clinical-signoff.json`` next to the config file in use, else in the user's config folder.
It is never written into the shipped content folder.

Several clinicians may sign off at once, from several machines. So a write never puts back
a copy read earlier: :func:`update` takes the record's lock (an OS lock on a lock file
beside it), reads the file as it is now, lets the caller merge its decisions into it and
writes the result atomically, all under the lock. The write goes through a symbolic link
and keeps the file's permission bits and group (a shared 0664 record stays readable by the
other machines). Reads go through :func:`desktop_app.model.files.read_regular`: a pipe, a
device or a link to ``/dev/zero`` is one clear line, never a hang. The record holds
clinicians' names and roles, never patient data.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path
from typing import Callable

from desktop_app.infra.config import ClinicConfig, user_config_dir
from desktop_app.model.files import FileRefusedError, read_regular, replaced_mode
from desktop_app.model.storage import atomic_write_bytes, write_target

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:  # Windows
    import msvcrt
except ImportError:
    msvcrt = None  # type: ignore[assignment]

FILE_NAME = "clinical-signoff.json"
MAX_BYTES = 16 * 1024 * 1024
LOCK_WAIT_SECONDS = 15.0     # another writer holds the lock for milliseconds, not seconds
_LOCK_POLL = 0.02


class SignoffStoreError(Exception):
    """Reading or writing the sign-off file failed; ``str()`` is one line for the user."""


def signoff_path(config: ClinicConfig) -> Path:
    if config.signoff_file:
        return Path(config.signoff_file)
    if config.source:
        return Path(config.source).parent / FILE_NAME
    return user_config_dir() / FILE_NAME


def shown(path: Path) -> str:
    """``path`` on one line (a newline in a folder name must not split a message)."""
    return "".join(c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in str(path))


def read_text(path: Path) -> str | None:
    """The file's text, or None when there is no file yet (nothing signed off)."""
    path = Path(path)
    try:
        data = read_regular(path, MAX_BYTES, too_large="is larger than 16 MB")
    except FileRefusedError as exc:
        if exc.kind == "missing" and not os.path.lexists(path):
            return None
        raise SignoffStoreError(f"{shown(path)}: the sign-off file {exc.reason}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SignoffStoreError(f"{shown(path)}: the sign-off file is not UTF-8 text") from None


def lock_path(path: Path) -> Path:
    """The lock file of a record: beside the file a link points to (every machine locks the
    same file whichever link it goes through)."""
    target = write_target(path)
    return target.with_name(f".{target.name}.lock")


class _Lock:
    """An exclusive OS lock on the record's lock file, waited for at most
    ``LOCK_WAIT_SECONDS``. The OS drops it if the process dies: a crashed writer never
    leaves a stale lock behind."""

    def __init__(self, record: Path, wait: float):
        self.record, self.path, self.wait, self.fd = record, lock_path(record), wait, -1

    def __enter__(self) -> _Lock:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) \
            | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags, 0o600)
        except OSError as exc:
            raise _error(self.path, exc, "cannot be locked") from None
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            os.close(fd)
            raise SignoffStoreError(f"{shown(self.path)}: the sign-off lock is not a regular "
                                    "file; ask IT to remove it")
        if os.name == "posix" and st.st_uid == os.geteuid():
            try:  # as open to colleagues as the record itself: they must be able to lock it
                os.fchmod(fd, replaced_mode(self.record))
            except OSError:
                pass
        deadline = time.monotonic() + self.wait
        while True:
            try:
                _os_lock(fd)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK,
                                     errno.EDEADLK) or time.monotonic() > deadline:
                    os.close(fd)
                    raise SignoffStoreError(
                        f"{shown(self.path.parent)}: the sign-off file is being saved by "
                        "someone else; try again in a moment") from None
                time.sleep(_LOCK_POLL)
        self.fd = fd
        return self

    def __exit__(self, *_exc: object) -> None:
        try:
            _os_unlock(self.fd)
        except OSError:
            pass
        os.close(self.fd)


def _os_lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    elif msvcrt is not None:  # pragma: no cover - Windows
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)


def _os_unlock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    elif msvcrt is not None:  # pragma: no cover - Windows
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


def _error(path: Path, exc: OSError, what: str) -> SignoffStoreError:
    return SignoffStoreError(
        f"{shown(path)}: {what} ({exc.strerror or 'error'}); ask IT to make it writable "
        "or to set 'signoff_file' in the clinic configuration")


def update(path: Path, merge: Callable[[str | None], str], *,
           wait: float = LOCK_WAIT_SECONDS) -> str:
    """Under the record's lock: read the file as it is now, ``merge(text_or_None)`` -> the
    new text, write it atomically. Returns the text written. Nothing another writer saved
    in the meantime is lost: ``merge`` always sees it."""
    path = Path(path)
    try:
        write_target(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _error(path, exc, "cannot be saved") from None
    with _Lock(path, wait):
        text = merge(read_text(path))
        try:
            atomic_write_bytes(path, text.encode("utf-8"))
        except FileRefusedError as exc:
            raise SignoffStoreError(f"{shown(path)}: the sign-off file {exc.reason}") from None
        except OSError as exc:
            raise _error(path, exc, "cannot be saved") from None
    return text


def write_text(path: Path, text: str) -> None:
    """Replace the record with ``text`` (under the lock); :func:`update` is what merges."""
    update(path, lambda _old: text)
