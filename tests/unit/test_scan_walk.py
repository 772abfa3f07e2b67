"""Reading a CD's folders never recurses: a folder nested 1,000 deep is walked (Python 3.11's
os.walk raised RecursionError), in the same order as before, and its cost grows linearly
with the folders."""

from __future__ import annotations

import os

from desktop_app.model.scans import _walk, scan_folder
from tests.attacks import nested_folders as _nested
from tests.attacks import remove_tree
from tests.scan_samples import write_slice
from tests.unit.test_costs import MAX_RATIO, ratio


def test_a_folder_nested_1000_deep_is_read(tmp_path):
    bottom = _nested(tmp_path / "cd", 1000)
    write_slice(bottom / "IM1", study_uid="1.2.3", series_uid="1.2.3.4", index=0, position=0.0)
    try:
        result = scan_folder(tmp_path / "cd")
    finally:
        remove_tree(tmp_path / "cd")
    assert result.images == 1 and len(result.series) == 1


def test_the_walk_keeps_os_walks_order_and_skips_links(tmp_path):
    root = tmp_path / "cd"
    for folder in ("b/y", "a/x", "a/z"):
        (root / folder).mkdir(parents=True)
    for f in ("a/x/2", "a/x/1", "a/f", "b/y/3", "top"):
        (root / f).write_bytes(b"x")
    (root / "link").symlink_to(root / "a")            # a loop back up: never entered
    expected = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs.sort()
        expected.append((folder, sorted(n for n in names)))
    got = list(_walk(root))
    assert got == expected


def test_walking_grows_linearly_with_the_folders(tmp_path):
    """10x the folders (100 -> 1,000, one file each): at most ~10-15x the work."""
    def make(n: int):
        root = tmp_path / f"w{n}"
        if not root.exists():
            for i in range(n):
                leaf = root / f"s{i % 10}" / f"e{i}"
                leaf.mkdir(parents=True)
                (leaf / "IM1").write_bytes(b"x")
        return lambda: list(_walk(root))

    assert ratio(make, 100) <= MAX_RATIO
