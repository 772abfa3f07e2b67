"""A small on-disk cache of parsed content and drawings: a start with unchanged files skips
the YAML and SVG parsing (and importing PyYAML) altogether.

Pure Python (no Qt). The caller passes the folder (the app: its per-user cache folder); with
no folder nothing here is used and the loaders parse as they always did.

Key
    Every cached value is stored with the sha256 of everything it was built from: the bytes of
    each source file and the set of files in each content folder (an added or removed clinic
    file changes it), the folder paths as given (they appear in the parsed objects), the app
    version and :func:`code_fingerprint` (the source of the model modules, the PyYAML version
    and the Python version when running from source; the version alone in a frozen build). A
    value is only served when the whole key matches, so an edit to a content file, a clinic
    folder or the parsing code is never answered with stale (unchecked) content.

Only successful parses are stored; a broken file is parsed again on every start and reports
the same error as without a cache.

Format (safe)
    One file per slot (e.g. "English content from these folders"), replaced when its key
    changes: a header line ``presacral-parse-cache <format> <key> <sha256 of the payload>``,
    then the payload as JSON of plain data. No pickle, no code: :class:`Codec` writes only
    str / int / float / bool / None, tuples (JSON arrays; the parsed objects hold no lists),
    dicts (as key-value pairs, so keys may be any of these), ``datetime.date``, ``Path`` and
    the dataclasses it is given (anything else is a TypeError: not stored), and
    rebuilds dataclasses through their constructors (so indexes made in ``__post_init__`` are
    made again). Any other JSON object is rejected.

Robust
    A missing, truncated, corrupt, foreign-version or unreadable file is a miss: the files are
    parsed and the slot is written again. Writes go to a temporary file (mode 0600) in the
    cache folder (mode 0700) and replace the slot atomically; a write that fails is logged (the
    error type only, never content or paths) and start-up carries on.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any, Callable, Iterable

from desktop_app import __version__

FORMAT = "1"
MAGIC = b"presacral-parse-cache"
MAX_CACHE_BYTES = 64 * 1024 * 1024   # a slot bigger than this is not ours: ignore it
MISS = object()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest(value: Any) -> str:
    """sha256 of a JSON-able value (canonical form)."""
    return sha256(json.dumps(value, separators=(",", ":"), ensure_ascii=True).encode("ascii"))


def text_of(raw: bytes) -> str:
    """The text ``Path.read_text(encoding="utf-8")`` gives for these bytes (universal newlines).
    Raises UnicodeDecodeError like it."""
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


_fingerprint: str | None = None


def code_fingerprint() -> str:
    """What the parsed result depends on besides the files: the parsing code.

    From source: the app version, the bytes of every model module, PyYAML's ``__init__.py``
    (it holds its version) and the Python version. Frozen (``sys.frozen``): the version alone,
    as the code cannot change without a new build."""
    global _fingerprint
    if _fingerprint is None:
        if getattr(sys, "frozen", False):
            _fingerprint = "frozen " + __version__
        else:
            h = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
            for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
                h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
            try:
                import importlib.util

                spec = importlib.util.find_spec("yaml")
                if spec is not None and spec.origin:
                    h.update(Path(spec.origin).read_bytes())
            except (ImportError, ValueError, OSError):
                h.update(b"no yaml")
            _fingerprint = "source " + h.hexdigest()
    return _fingerprint


def folder_digests(folder: Path, pattern: str, max_bytes: int) -> list[list[str]]:
    """[[name, sha256], ...] of the files matching ``pattern`` in ``folder``, sorted by name.

    Raises OSError (folder missing, a file unreadable) or ValueError (a file too big): the
    caller then parses without the cache and the parser reports the problem."""
    if not folder.is_dir():
        raise FileNotFoundError(str(folder))
    from desktop_app.model.files import FileRefusedError, read_regular

    out = []
    for path in sorted(folder.glob(pattern)):
        try:  # size checked before a byte is read; pipes and devices refused
            data = read_regular(path, max_bytes)
        except FileRefusedError as exc:
            raise ValueError(exc.kind) from None
        out.append([path.name, sha256(data)])
    return out


# ------------------------------------------------------------------------------ codec
class Codec:
    """JSON of plain data and a whitelist of dataclasses (see the module docstring).

    ``classes`` maps each dataclass to the names of fields it derives itself (not stored;
    fields with ``init=False`` are never stored either)."""

    def __init__(self, classes: dict[type, Iterable[str]]):
        self._fields: dict[type, tuple[str, ...]] = {}
        self._by_name: dict[str, tuple[type, frozenset[str]]] = {}
        for cls, derived in classes.items():
            names = tuple(f.name for f in fields(cls) if f.init and f.name not in set(derived))
            self._fields[cls] = names
            self._by_name[cls.__name__] = (cls, frozenset(names))

    # encode
    def dumps(self, value: Any) -> bytes:
        return json.dumps(self._enc(value), ensure_ascii=False, separators=(",", ":"),
                          check_circular=False).encode("utf-8")

    def _enc(self, v: Any) -> Any:
        t = type(v)
        if t is str or t is float or t is int or t is bool or v is None:
            return v
        if t is tuple:
            return [x if type(x) is float or type(x) is str else self._enc(x) for x in v]
        if t is dict:
            return {"$d": [[self._enc(k), self._enc(x)] for k, x in v.items()]}
        if t is _dt.date:
            return {"$date": v.isoformat()}
        if isinstance(v, Path):
            return {"$path": str(v)}
        names = self._fields.get(t)
        if names is None:
            raise TypeError(f"the parse cache does not store {t.__name__}")
        out: dict[str, Any] = {"$c": t.__name__}
        for name in names:
            out[name] = self._enc(getattr(v, name))
        return out

    # decode
    def loads(self, payload: bytes) -> Any:
        return _tuples(json.loads(payload, object_hook=self._hook))

    def _hook(self, d: dict[str, Any]) -> Any:
        if "$c" in d:
            cls, names = self._by_name[d.pop("$c")]   # KeyError: not on the whitelist
            if d.keys() != names:
                raise ValueError("fields do not match")
            return cls(**{k: _tuples(v) for k, v in d.items()})
        if len(d) == 1:
            if "$d" in d:
                return {_tuples(k): _tuples(v) for k, v in d["$d"]}
            if "$date" in d:
                return _dt.date.fromisoformat(d["$date"])
            if "$path" in d:
                return Path(d["$path"])
        raise ValueError("unknown object in the parse cache")


def _tuples(v: Any) -> Any:
    """JSON arrays are tuples (the parsed objects hold no lists)."""
    if type(v) is not list:
        return v
    return tuple([_tuples(x) if type(x) is list else x for x in v])


# ------------------------------------------------------------------------------ store
class ParseCache:
    """Slots of parsed values in ``folder`` (created, mode 0700, when first written)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def key(self, kind: str, sources: Any) -> str:
        return digest([FORMAT, kind, __version__, code_fingerprint(), sources])

    def slot(self, kind: str, identity: Any) -> Path:
        """The file for one thing (e.g. the English content from these folders)."""
        return self.folder / f"{kind}-{digest(identity)[:24]}.json"

    def load(self, slot: Path, key: str, codec: Codec,
             expect: type | tuple[type, ...] = object) -> Any:
        """The value stored under ``key``, or MISS."""
        from desktop_app.model.files import FileRefusedError, read_regular

        try:
            data = read_regular(slot, MAX_CACHE_BYTES)
        except FileRefusedError as exc:
            if exc.kind != "missing":  # (missing: not written yet)
                _warn("cannot read a parse cache file", exc)
            return MISS
        head, newline, payload = data.partition(b"\n")
        parts = head.split(b" ")
        if (not newline or len(data) > MAX_CACHE_BYTES or len(parts) != 4
                or parts[0] != MAGIC or parts[1] != FORMAT.encode()
                or parts[2] != key.encode() or parts[3] != sha256(payload).encode()):
            return MISS
        try:
            value = codec.loads(payload)
        except Exception as exc:  # noqa: BLE001 - anything wrong in the file is a miss
            _warn("ignored a parse cache file", exc)
            return MISS
        return value if isinstance(value, expect) else MISS

    def store(self, slot: Path, key: str, value: Any, codec: Codec) -> bool:
        """Write ``value`` under ``key`` (atomically). False, logged, if that fails."""
        tmp = None
        try:
            payload = codec.dumps(value)
            head = b" ".join((MAGIC, FORMAT.encode(), key.encode(), sha256(payload).encode()))
            self._make_folder()
            tmp = slot.with_name(f".{slot.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(head + b"\n" + payload)
            os.replace(tmp, slot)
            return True
        except (OSError, TypeError, ValueError, RecursionError) as exc:
            _warn("cannot write the parse cache", exc)
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
            return False

    def _make_folder(self) -> None:
        from desktop_app.model.files import private_dir

        private_dir(self.folder)  # 0700, also the parents it creates, whatever the umask

    def cached(self, kind: str, identity: Any, sources: Callable[[], Any],
               build: Callable[[], Any], codec: Codec,
               expect: type | tuple[type, ...] = object) -> Any:
        """``build()``, or the value stored for the same ``sources()``.

        ``sources`` describes every input (file digests, ...); when it raises OSError or
        ValueError (a folder or file missing, a file unreadable or too big) the cache is not
        used and ``build`` reports the problem. The sources are described again after
        building and the value is stored only if they did not change meanwhile."""
        try:
            key = self.key(kind, sources())
        except (OSError, ValueError):
            return build()
        slot = self.slot(kind, identity)
        value = self.load(slot, key, codec, expect)
        if value is not MISS:
            return value
        value = build()  # errors propagate: only successful parses are stored
        try:
            unchanged = self.key(kind, sources()) == key
        except (OSError, ValueError):
            unchanged = False
        if unchanged:
            self.store(slot, key, value, codec)
        return value


def _warn(what: str, exc: BaseException) -> None:
    """Log the error type only: no paths, no content."""
    import logging

    logging.getLogger("presacral").warning("%s (%s)", what, type(exc).__name__)
