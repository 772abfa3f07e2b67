"""Property-based fuzzing of the clinic config loader and of every reader against things that
are not regular files. Replayable: the 'ci' profile (tests/conftest.py) derandomizes.

- Config: generated and mutated config files (deep nesting, huge values, long lines, bytes
  that are not UTF-8, byte-order marks, YAML tags and anchors) either load or raise
  ConfigError with one short line; no other exception, never a hang.
- Non-regular files: every reader, given a pipe, a folder, a link to a device, a dangling or
  looping link, an empty file or a sparse file over its limit, raises its own error with one
  sentence, without blocking and without reading the file into memory.
"""

from __future__ import annotations

import os
import shutil
import sys

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from desktop_app.infra.config import ConfigError, parse_config
from tests.attacks import fifo, no_hang, sparse
from tests.conftest import ROOT

FUZZ = settings(max_examples=400, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))

KEYS = ["clinic_name", "department", "address", "phone", "logo", "language", "paper",
        "autosave_seconds", "content_dir", "x"]
PIECES = ["[", "]", "{", "}", ": ", "- ", "|", ">", "&a ", "*a", "!!python/object ", "'", '"',
          "\\", "#", "\t", "\r\n", "\n  ", "\ufeff", "\x00", "\x85", "…", "9" * 400,
          "1e999", "~", "? ", "---\n", "%YAML 1.1\n"]


@st.composite
def config_text(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.sampled_from(KEYS))
        kind = draw(st.sampled_from(["plain", "deep", "long", "pieces", "block"]))
        if kind == "plain":
            value = draw(st.text(max_size=30))
        elif kind == "deep":
            depth = draw(st.integers(1, 5000))
            value = draw(st.sampled_from(["[", "{a: ", "- "])) * depth
        elif kind == "long":
            value = "W" * draw(st.integers(100, 3000))
        elif kind == "pieces":
            value = "".join(draw(st.lists(st.sampled_from(PIECES), max_size=12)))
        else:
            value = "|\n" + "".join(f"  line {i}\n" for i in range(draw(st.integers(1, 50))))
        lines.append(f"{key}: {value}")
    return "\n".join(lines)


def _check(path):
    try:
        config = parse_config(path)
    except ConfigError as exc:
        message = str(exc)
        assert message and "\n" not in message
        assert len(message) < 300 + len(str(path)), message[:400]
        return None
    return config


@FUZZ
@given(text=config_text(), bom=st.booleans())
@example(text="address: " + "[" * 40_000, bom=False)
@example(text="clinic_name: &a x\nphone: *a", bom=True)
@example(text="paper: !!python/object:os.system x", bom=False)
def test_config_loads_or_is_one_short_line(tmp_path_factory, text, bom):
    path = tmp_path_factory.mktemp("cfg") / "config.yaml"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass"))
    with no_hang(30):
        _check(path)


@FUZZ
@given(data=st.binary(max_size=400))
def test_config_of_random_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("cfg") / "config.yaml"
    path.write_bytes(data)
    with no_hang(30):
        _check(path)


# --------------------------------------------------------------------- non-regular files
def _reader(name: str, tmp):
    """(path the reader reads, call, error class) for one of the app's readers."""
    from desktop_app.infra import recovery
    from desktop_app.model import anatomy, content, images, storage

    if name == "consultation":
        return tmp / "case.json", storage.load, storage.StorageError
    if name == "image":
        return tmp / "scan.png", images.import_image, images.ImageError
    if name == "config":
        return tmp / "config.yaml", parse_config, ConfigError
    if name == "recovery":
        return tmp / "autosave.json", recovery.read_entry, recovery.RecoveryError
    if name == "content":
        folder = tmp / "clinic"
        folder.mkdir()
        return (folder / "glossary.yaml",
                lambda p: content.load_content(ROOT / "content", "en", [p.parent],
                                               cache_dir=tmp / "cache"), content.ContentError)
    folder = tmp / "anatomy"
    shutil.copytree(ROOT / "resources" / "anatomy", folder)
    return (folder / "anatomy.yaml",
            lambda p: anatomy.load_atlas(p.parent, cache_dir=tmp / "cache"),
            anatomy.AnatomyError)


def _make(kind: str, path, limit_hint: int):
    path.unlink(missing_ok=True)
    if kind == "fifo":
        fifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "dev_null":
        path.symlink_to("/dev/null")
    elif kind == "dangling":
        path.symlink_to(path.parent / "nowhere")
    elif kind == "loop":
        path.symlink_to(path)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "sparse":
        sparse(path, limit_hint)


READERS = ["consultation", "image", "config", "recovery", "content", "atlas"]
# (a link to /dev/zero is tested in a memory-limited subprocess: tests/unit/test_file_reading.py)
KINDS = ["fifo", "folder", "dev_null", "dangling", "loop", "empty", "sparse"]


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices, symbolic links")
@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(reader=st.sampled_from(READERS), kind=st.sampled_from(KINDS),
       size=st.sampled_from([1 << 27, 1 << 30, 1 << 40]))
def test_every_reader_refuses_what_is_not_a_regular_file(tmp_path_factory, reader, kind, size):
    import tracemalloc

    assume(not (reader == "config" and kind == "empty"))  # an empty config is the defaults
    tmp = tmp_path_factory.mktemp("r")
    path, call, error = _reader(reader, tmp)
    _make(kind, path, size)
    tracemalloc.start()
    try:
        with no_hang(30):
            with pytest.raises(error) as info:
                call(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(info.value)
    assert message and "\n" not in message and len(message) < 400
    assert peak < 64 * 1024 * 1024, f"{reader}/{kind}: {peak / 1e6:.0f} MB"
    if os.path.lexists(path) and kind in ("fifo", "dev_null"):
        assert os.path.islink(path) or not os.path.isfile(path)  # nothing replaced it
