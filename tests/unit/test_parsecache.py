"""The parse cache (desktop_app/model/parsecache.py): a start with unchanged files parses no
YAML and no SVG, and anything changed, broken or odd is parsed again from the files."""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_app.model import anatomy, content, parsecache
from desktop_app.model.anatomy import AnatomyError, load_atlas
from desktop_app.model.content import ContentError, load_content
from tests.conftest import ROOT
from tests.unit.test_content_loader import GOOD_ITEM, REFS, _topic

ANATOMY = ROOT / "resources" / "anatomy"
VIEWS = [(v, s) for v in anatomy.VIEWS for s in anatomy.VARIANTS]


@pytest.fixture
def parses(monkeypatch):
    """Counts real parses: content libraries, atlas YAML and SVG drawings."""
    counts = {"content": 0, "atlas": 0, "svg": 0}

    def counting(name, func):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return func(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(content, "_load_content", counting("content", content._load_content))
    monkeypatch.setattr(anatomy, "_load_atlas", counting("atlas", anatomy._load_atlas))
    monkeypatch.setattr(anatomy, "parse_svg", counting("svg", anatomy.parse_svg))
    return counts


@pytest.fixture
def en(tmp_path):
    """A copy of the shipped content (so a test can edit it)."""
    base = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "en", base / "en")
    return base


def slots(folder, kind):
    return sorted(folder.glob(f"{kind}-*.json"))


# ------------------------------------------------------------------ round trips
@pytest.mark.parametrize("language", ["en", "es"])
def test_shipped_content_round_trips_equal(tmp_path, language, parses):
    fresh = load_content(ROOT / "content", language)
    codec = content._codec()
    assert codec.loads(codec.dumps(fresh)) == fresh
    cold = load_content(ROOT / "content", language, cache_dir=tmp_path)
    warm = load_content(ROOT / "content", language, cache_dir=tmp_path)
    assert parses["content"] == 2  # fresh + cold; warm came from the cache
    assert cold == fresh and warm == fresh and warm is not cold
    assert list(warm.topics) == list(fresh.topics)          # tab order
    assert [i.id for i in warm.all_items()] == [i.id for i in fresh.all_items()]
    assert warm.item("mri") == fresh.item("mri")            # the index is rebuilt
    assert warm.search("tailbone") == fresh.search("tailbone")
    assert isinstance(warm.topics["overview"].items, tuple)


def test_all_six_drawings_round_trip_equal(tmp_path, parses):
    fresh = load_atlas(ANATOMY)
    assert len(fresh.drawings) == 6
    codec = anatomy._codec()
    for drawing in fresh.drawings.values():
        assert codec.loads(codec.dumps(drawing)) == drawing
    cold = load_atlas(ANATOMY, cache_dir=tmp_path)
    svg_before = parses["svg"]
    warm = load_atlas(ANATOMY, cache_dir=tmp_path)
    assert parses["svg"] == svg_before and parses["atlas"] == 2  # fresh + cold
    assert cold == fresh and warm == fresh  # structures, all drawings, scale, directory
    assert list(warm.drawings) == list(fresh.drawings)
    lazy = load_atlas(ANATOMY, lazy=True, cache_dir=tmp_path)
    assert lazy.drawings == {} and len(lazy.pending) == 6
    for view, variant in VIEWS:
        assert lazy.drawing(view, variant) == fresh.drawing(view, variant)
    assert parses["svg"] == svg_before and lazy.pending == {}
    assert len(slots(tmp_path, "drawing")) == 6 and len(slots(tmp_path, "atlas")) == 1


def test_codec_takes_only_whitelisted_types():
    codec = content._codec()
    for value in (object(), {1, 2}, [1], b"bytes", _dt.datetime(2026, 1, 1, 12),
                  anatomy.ApproachSuggestion("a", "b", 1.0, 2.0)):
        with pytest.raises(TypeError):
            codec.dumps(value)
    data = {(1, "a"): (None, True, 1.5, -0.0, 10**30), "d": content.Reference("x", "y"),
            _dt.date(2026, 1, 2): Path("a/b"), "$c": "Reference", "$d": ()}
    assert codec.loads(codec.dumps(data)) == data
    for payload in (b'{"$c": "Popen", "args": "ls"}', b'{"a": 1}', b'{"$c": "Reference"}',
                    b'{"$c": "Reference", "id": "x", "citation": "y", "url": "", "note": "",'
                    b' "evil": 1}'):
        with pytest.raises((KeyError, ValueError, TypeError)):
            codec.loads(payload)


# ------------------------------------------------------- a fresh process, warm
WARM_CHECK = textwrap.dedent("""
    import sys
    from desktop_app.model import anatomy, svgshapes

    def no_parsing(*args, **kwargs):
        raise AssertionError("parse_svg was called")

    anatomy.parse_svg = svgshapes.parse_svg = no_parsing
    from desktop_app.model.content import load_content

    cache, root = sys.argv[1], sys.argv[2]
    library = load_content(root + "/content", "en", cache_dir=cache)
    spanish = load_content(root + "/content", "es", cache_dir=cache)
    atlas = anatomy.load_atlas(root + "/resources/anatomy", lazy=True, cache_dir=cache)
    drawings = [atlas.drawing(v, s) for v in anatomy.VIEWS for s in anatomy.VARIANTS]
    assert "yaml" not in sys.modules, "yaml was imported"
    assert "xml.etree.ElementTree" not in sys.modules
    print(len(list(library.all_items())), len(list(spanish.all_items())),
          sum(len(d.shapes) for d in drawings))
""")


def test_warm_cache_in_a_fresh_process_imports_no_yaml_and_parses_no_svg(tmp_path):
    library = load_content(ROOT / "content", "en", cache_dir=tmp_path)
    spanish = load_content(ROOT / "content", "es", cache_dir=tmp_path)
    atlas = load_atlas(ROOT / "resources" / "anatomy", cache_dir=tmp_path)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", WARM_CHECK, str(tmp_path), str(ROOT)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    expected = (len(list(library.all_items())), len(list(spanish.all_items())),
                sum(len(d.shapes) for d in atlas.drawings.values()))
    assert tuple(int(n) for n in result.stdout.split()) == expected


# ------------------------------------------------------------- invalidation
def test_one_changed_byte_in_a_content_file_rebuilds(tmp_path, en, parses):
    load_content(en, "en", cache_dir=tmp_path / "c")
    load_content(en, "en", cache_dir=tmp_path / "c")
    assert parses["content"] == 1
    path = en / "en" / "symptoms.yaml"
    text = path.read_bytes()
    title = load_content(en, "en").topics["symptoms"].title
    assert title.encode() in text
    changed = title[:-1] + ("x" if title[-1] != "x" else "y")
    path.write_bytes(text.replace(title.encode(), changed.encode(), 1))
    parses["content"] = 0
    library = load_content(en, "en", cache_dir=tmp_path / "c")
    assert parses["content"] == 1 and library.topics["symptoms"].title == changed
    assert load_content(en, "en", cache_dir=tmp_path / "c") == library
    assert parses["content"] == 1
    assert len(slots(tmp_path / "c", "content")) == 1  # the slot was replaced, not added to


def test_an_added_or_removed_clinic_file_rebuilds(tmp_path, parses):
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    (clinic / "references.yaml").write_text(REFS.replace("src1", "clinic_leaflet"),
                                            encoding="utf-8")
    cache = tmp_path / "cache"
    base = load_content(ROOT / "content", "en", [clinic], cache_dir=cache)
    assert load_content(ROOT / "content", "en", [clinic], cache_dir=cache) == base
    assert parses["content"] == 1
    item = GOOD_ITEM.replace("id: pain", "id: clinic_parking").replace("[src1]",
                                                                        "[clinic_leaflet]")
    extra = clinic / "overview.yaml"
    extra.write_text("extend: true\n" + _topic(item, "Overview"), encoding="utf-8")
    added = load_content(ROOT / "content", "en", [clinic], cache_dir=cache)
    assert parses["content"] == 2 and added.item("clinic_parking") is not None
    extra.unlink()
    removed = load_content(ROOT / "content", "en", [clinic], cache_dir=cache)
    assert parses["content"] == 3 and removed.item("clinic_parking") is None
    assert removed == base
    # the clinic folders are part of the key: without the clinic, another slot
    plain = load_content(ROOT / "content", "en", cache_dir=cache)
    assert parses["content"] == 4 and plain.folders != removed.folders


def test_another_code_version_rebuilds(tmp_path, monkeypatch, parses):
    load_content(ROOT / "content", "en", cache_dir=tmp_path)
    load_atlas(ANATOMY, cache_dir=tmp_path)
    assert parses == {"content": 1, "atlas": 1, "svg": 6}
    monkeypatch.setattr(parsecache, "_fingerprint", "source another-hash")
    load_content(ROOT / "content", "en", cache_dir=tmp_path)
    load_atlas(ANATOMY, cache_dir=tmp_path)
    assert parses == {"content": 2, "atlas": 2, "svg": 12}
    monkeypatch.setattr(parsecache, "__version__", "99.0")
    load_content(ROOT / "content", "en", cache_dir=tmp_path)
    assert parses["content"] == 3


def test_code_fingerprint_covers_the_model_sources(monkeypatch):
    monkeypatch.setattr(parsecache, "_fingerprint", None)
    source = parsecache.code_fingerprint()
    assert source.startswith("source ") and len(source) == len("source ") + 64
    monkeypatch.setattr(parsecache, "_fingerprint", None)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert parsecache.code_fingerprint() == "frozen " + parsecache.__version__


def test_a_changed_drawing_rebuilds_only_that_drawing(tmp_path, parses):
    anat = tmp_path / "anatomy"
    shutil.copytree(ANATOMY, anat)
    cache = tmp_path / "cache"
    load_atlas(anat, cache_dir=cache)
    svg = anat / "axial_male.svg"
    svg.write_bytes(svg.read_bytes().replace(b"</svg>", b"<!-- x --></svg>"))
    parses["svg"] = parses["atlas"] = 0
    atlas = load_atlas(anat, cache_dir=cache)
    assert parses == {"content": 0, "atlas": 1, "svg": 1}  # yaml parsed once for the builder
    assert atlas == load_atlas(anat)
    # anatomy.yaml changed: the atlas and every drawing (labels, landmarks) are rebuilt
    yfile = anat / "anatomy.yaml"
    yfile.write_bytes(yfile.read_bytes() + b"\n# a comment\n")
    parses["svg"] = parses["atlas"] = 0
    load_atlas(anat, cache_dir=cache)
    assert parses["atlas"] == 1 and parses["svg"] == 6


# ---------------------------------------------------------------- robustness
def _corruptions(data: bytes):
    head, _, payload = data.partition(b"\n")
    magic, fmt, key, digest = head.split(b" ")
    bad = json.dumps({"$c": "Popen", "args": ["rm", "-rf", "/"]}).encode()
    yield "empty", b""
    yield "truncated", data[:len(data) // 2]
    yield "no payload", head
    yield "garbage", os.urandom(4096)
    yield "flipped byte", head + b"\n" + payload[:100] + bytes([payload[100] ^ 1]) + payload[101:]
    yield "other format", b" ".join((magic, b"0", key, digest)) + b"\n" + payload
    yield "other key", b" ".join((magic, fmt, b"0" * 64, digest)) + b"\n" + payload
    yield "not whitelisted", b" ".join((magic, fmt, key,
                                         parsecache.sha256(bad).encode())) + b"\n" + bad
    yield "not a library", (b" ".join((magic, fmt, key, parsecache.sha256(b"[1, 2]").encode()))
                            + b"\n[1, 2]")


def test_corrupt_truncated_or_foreign_cache_files_are_ignored_and_replaced(tmp_path, parses):
    fresh = load_content(ROOT / "content", "en", cache_dir=tmp_path)
    (slot,) = slots(tmp_path, "content")
    good = slot.read_bytes()
    for name, data in _corruptions(good):
        slot.write_bytes(data)
        before = parses["content"]
        assert load_content(ROOT / "content", "en", cache_dir=tmp_path) == fresh, name
        assert parses["content"] == before + 1, name
        assert slot.read_bytes() == good, name  # written again
        assert load_content(ROOT / "content", "en", cache_dir=tmp_path) == fresh, name
        assert parses["content"] == before + 1, name  # ... and used


def test_corrupt_drawing_and_atlas_files_are_ignored(tmp_path, parses):
    fresh = load_atlas(ANATOMY, cache_dir=tmp_path)
    files = slots(tmp_path, "atlas") + slots(tmp_path, "drawing")
    for path in files:
        path.write_bytes(path.read_bytes()[:-7])
    assert load_atlas(ANATOMY, cache_dir=tmp_path) == fresh
    parses["svg"] = 0
    assert load_atlas(ANATOMY, cache_dir=tmp_path) == fresh
    assert parses["svg"] == 0


def test_an_unwritable_cache_folder_still_loads(tmp_path, parses):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = blocker / "cache"  # mkdir fails: NotADirectoryError
    assert load_content(ROOT / "content", "en", cache_dir=cache) == load_content(
        ROOT / "content", "en")
    assert load_atlas(ANATOMY, lazy=True, cache_dir=cache).drawing("sagittal", "male") == \
        load_atlas(ANATOMY).drawing("sagittal", "male")
    assert blocker.read_text() == "not a folder"


def test_an_unreadable_slot_is_a_miss_and_does_not_break_loading(tmp_path, parses):
    load_content(ROOT / "content", "en", cache_dir=tmp_path)
    (slot,) = slots(tmp_path, "content")
    slot.unlink()
    slot.mkdir()  # reading it fails, and so does replacing it
    fresh = load_content(ROOT / "content", "en")
    assert load_content(ROOT / "content", "en", cache_dir=tmp_path) == fresh
    assert slot.is_dir() and not list(tmp_path.glob(".*.tmp"))  # no temporary file left


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_cache_files_are_private(tmp_path):
    cache = tmp_path / "a" / "parsed"
    load_content(ROOT / "content", "en", cache_dir=cache)
    load_atlas(ANATOMY, lazy=True, cache_dir=cache).drawing("axial", "female")
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    files = list(cache.iterdir())
    assert len(files) == 3
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    cache.chmod(0o755)  # a folder made too open is made private again on the next write
    for f in files:
        f.unlink()
    load_content(ROOT / "content", "en", cache_dir=cache)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_a_broken_content_file_reports_file_and_line_with_a_warm_cache(tmp_path, en, parses):
    cache = tmp_path / "cache"
    good = load_content(en, "en", cache_dir=cache)
    path = en / "en" / "symptoms.yaml"
    original = path.read_bytes()
    path.write_bytes(original.replace(b"title:", b"title: [unclosed", 1))
    with pytest.raises(ContentError) as plain:
        load_content(en, "en")
    with pytest.raises(ContentError) as cached:
        load_content(en, "en", cache_dir=cache)
    assert str(cached.value) == str(plain.value)
    assert cached.value.file.endswith("symptoms.yaml") and cached.value.line
    assert f"line {cached.value.line}" in str(cached.value)
    # a failed parse is never stored: the good entry is still there and served
    path.write_bytes(original)
    before = parses["content"]
    assert load_content(en, "en", cache_dir=cache) == good
    assert parses["content"] == before


def test_a_missing_content_folder_reports_as_without_a_cache(tmp_path):
    with pytest.raises(ContentError, match="content folder not found"):
        load_content(tmp_path / "nowhere", "en", cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_a_broken_drawing_reports_as_without_a_cache(tmp_path):
    anat = tmp_path / "anatomy"
    shutil.copytree(ANATOMY, anat)
    cache = tmp_path / "cache"
    load_atlas(anat, cache_dir=cache)
    svg = anat / "sagittal_female.svg"
    svg.write_bytes(svg.read_bytes().replace(b"<g ", b"<g transform='scale(2)' ", 1))
    with pytest.raises(AnatomyError) as plain:
        load_atlas(anat)
    with pytest.raises(AnatomyError) as cached:
        load_atlas(anat, lazy=True, cache_dir=cache).drawing("sagittal", "female")
    assert str(cached.value) == str(plain.value) and "transform" in str(cached.value)


def test_write_failures_are_logged_without_content_or_paths(tmp_path, caplog):
    blocker = tmp_path / "secret-name"
    blocker.write_text("x")
    with caplog.at_level("WARNING", logger="presacral"):
        load_content(ROOT / "content", "en", cache_dir=blocker / "cache")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["cannot write the parse cache (NotADirectoryError)"]


# ---------------------------------------------------------------------- the app
def _app_env(tmp_path, **extra):
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
                XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
                XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_STATE_HOME=str(tmp_path / "state"),
                **extra)


def test_the_app_fills_the_cache_and_its_second_start_parses_nothing(tmp_path):
    driver = tmp_path / "driver.py"
    driver.write_text("import sys\nprint('yaml imported:', 'yaml' in sys.modules)\n")
    env = _app_env(tmp_path, PRESACRAL_CONSULT_TEST_DRIVER=str(driver))
    runs = [subprocess.run([sys.executable, "-m", "desktop_app"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120) for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr
    assert "yaml imported: True" in runs[0].stdout
    assert "yaml imported: False" in runs[1].stdout
    parsed = list((tmp_path / "cache").rglob("parsed"))
    assert len(parsed) == 1 and len(slots(parsed[0], "content")) == 1


def test_selftest_does_not_use_the_cache(tmp_path):
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--selftest"], cwd=ROOT,
                            env=_app_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode == 3, result.stderr     # it works; no clinic config, no phone
    assert not list((tmp_path / "cache").rglob("parsed"))
