"""One reading rule for every file the app reads: a pipe, a link to /dev/zero or a huge sparse
file never hangs the app or fills its memory; each is refused with one sentence.

Each reader is attacked through its public loader: consultation, key image, content (with and
without the parse cache), atlas and drawings, clinic config, logo, recovery file, parse-cache
slot. /dev/zero runs in a subprocess with an address-space limit, so a regression fails the
test instead of eating the machine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest

from tests.attacks import fifo, no_hang, sparse, zero_link
from tests.conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero")

ANATOMY = ROOT / "resources" / "anatomy"


def _content_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    folder.mkdir(exist_ok=True)
    return folder


def _atlas_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "anatomy"
    shutil.copytree(ANATOMY, folder)
    return folder


def _first_svg(folder: Path) -> Path:
    return sorted(folder.glob("*.svg"))[0]


# Each reader: (make the attacked path in tmp_path, the call that reads it, the error class).
# The call gets tmp_path and returns nothing; it must raise the loader's own error.
def _consultation(tmp):
    return tmp / "case.json", "from desktop_app.model import storage as m; " \
        "m.load(P)", "StorageError"


def _image(tmp):
    return tmp / "scan.png", "from desktop_app.model import images as m; " \
        "m.import_image(P)", "ImageError"


def _content(tmp):
    d = _content_dir(tmp)
    return d / "glossary.yaml", (f"from desktop_app.model import content as m; "
                                 f"m.load_content({str(ROOT / 'content')!r}, 'en', [P.parent])"), \
        "ContentError"


def _content_cached(tmp):
    d = _content_dir(tmp)
    return d / "glossary.yaml", (
        f"from desktop_app.model import content as m; "
        f"m.load_content({str(ROOT / 'content')!r}, 'en', [P.parent], "
        f"cache_dir={str(tmp / 'cache')!r})"), "ContentError"


def _atlas_yaml(tmp):
    d = _atlas_copy(tmp)
    return d / "anatomy.yaml", "from desktop_app.model import anatomy as m; " \
        "m.load_atlas(P.parent)", "AnatomyError"


def _atlas_yaml_cached(tmp):
    d = _atlas_copy(tmp)
    return d / "anatomy.yaml", ("from desktop_app.model import anatomy as m; "
                                f"m.load_atlas(P.parent, cache_dir={str(tmp / 'cache')!r})"), \
        "AnatomyError"


def _drawing(tmp):
    d = _atlas_copy(tmp)
    return _first_svg(d), "from desktop_app.model import anatomy as m; " \
        "m.load_atlas(P.parent)", "AnatomyError"


def _drawing_cached(tmp):
    d = _atlas_copy(tmp)
    return _first_svg(d), ("from desktop_app.model import anatomy as m; "
                           f"a = m.load_atlas(P.parent, lazy=True, cache_dir={str(tmp / 'c')!r}); "
                           "[a.drawing(*k) for k in list(a.pending)]"), "AnatomyError"


def _config(tmp):
    return tmp / "config.yaml", "from desktop_app.infra import config as m; " \
        "m.load_config(str(P))", "ConfigError"


def _recovery(tmp):
    return tmp / "autosave.json", "from desktop_app.infra import recovery as m; " \
        "m.read_entry(P)", "RecoveryError"


READERS = {"consultation": _consultation, "image": _image, "content": _content,
           "content+cache": _content_cached, "atlas": _atlas_yaml,
           "atlas+cache": _atlas_yaml_cached, "drawing": _drawing,
           "drawing+cache": _drawing_cached, "config": _config, "recovery": _recovery}


def _run_reader(tmp: Path, code: str, path: Path) -> subprocess.CompletedProcess:
    """Run ``code`` with P = path in a fresh interpreter with 1.5 GB of address space and a
    timeout: a reader that blocks or reads without end fails here, not the machine."""
    script = textwrap.dedent(f"""\
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (3 << 29, 3 << 29))
        from pathlib import Path
        P = Path({str(path)!r})
        try:
            {code}
        except Exception as exc:
            print(type(exc).__name__ + ': ' + str(exc))
            sys.exit(3)
        print('loaded')
        """)
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin"})


@pytest.mark.parametrize("attack", ["fifo", "dev_zero"])
@pytest.mark.parametrize("reader", sorted(READERS))
def test_reader_refuses_special_file(tmp_path, reader, attack):
    path, code, error = READERS[reader](tmp_path)
    (fifo if attack == "fifo" else zero_link)(path)
    try:
        result = _run_reader(tmp_path, code, path)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{reader}: reading a {attack} hung")
    out = result.stdout.strip()
    assert result.returncode == 3, (out, result.stderr[-1500:])
    assert out.startswith(error + ":"), out
    assert "MemoryError" not in out and "Traceback" not in result.stderr
    assert ("pipe" if attack == "fifo" else "device") in out, out
    assert "\n" not in out


def test_logo_that_is_a_pipe_does_not_hang_the_export(tmp_path):
    from desktop_app.export.pdf import export_summary
    from desktop_app.infra.config import parse_config
    from desktop_app.model import storage

    logo = fifo(tmp_path / "logo.png")
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"clinic_name: North Clinic\nlogo: {logo}\n", encoding="utf-8")
    with no_hang():
        config = parse_config(cfg)
        assert any("logo" in w and "pipe" in w for w in config.warnings), config.warnings
        export_summary(storage.load(EXAMPLE), tmp_path / "out.pdf", config=config)
    assert (tmp_path / "out.pdf").read_bytes()[:5] == b"%PDF-"


def test_parse_cache_slot_that_is_a_pipe_is_a_miss(tmp_path):
    from desktop_app.model import parsecache

    cache = parsecache.ParseCache(tmp_path)
    slot = fifo(tmp_path / "content-x.json")
    with no_hang():
        assert cache.load(slot, "key", parsecache.Codec({})) is parsecache.MISS


def test_content_digest_checks_size_before_reading(tmp_path):
    """A 1 GB sparse content file is refused by its size: the cache's folder digest must not
    read it into memory first."""
    from desktop_app.model.content import ContentError, load_content

    folder = _content_dir(tmp_path)
    sparse(folder / "glossary.yaml")
    tracemalloc.start()
    try:
        with pytest.raises(ContentError, match="too large"):
            load_content(ROOT / "content", "en", [folder], cache_dir=tmp_path / "cache")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


@pytest.mark.parametrize("reader", ["consultation", "image", "config", "recovery"])
def test_sparse_file_refused_without_reading_it(tmp_path, reader):
    path, code, error = READERS[reader](tmp_path)
    sparse(path)
    result = _run_reader(tmp_path, code, path)
    assert result.returncode == 3, (result.stdout, result.stderr[-1500:])
    assert result.stdout.startswith(error + ":") and "large" in result.stdout, result.stdout


def test_open_rule_reads_at_most_limit_plus_one(tmp_path):
    from desktop_app.model.files import FileRefusedError, read_regular

    path = tmp_path / "f"
    path.write_bytes(b"x" * 10)
    assert read_regular(path, 10) == b"x" * 10
    with pytest.raises(FileRefusedError, match="too large"):
        read_regular(path, 9)
    with pytest.raises(FileRefusedError, match="is a folder"):
        read_regular(tmp_path, 9)
