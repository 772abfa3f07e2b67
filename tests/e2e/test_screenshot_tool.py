"""The screenshot tool (python -m tests.screenshots) keeps working: it is not a test itself,
so nothing else would notice it breaking."""

import os
import struct
import subprocess
import sys

from tests.conftest import ROOT


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


def run(*args, timeout=180):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "tests.screenshots", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def test_one_set_at_a_clinic_screen_size(tmp_path):
    result = run("--only", "images", "--size", "1366x768", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    shots = sorted((tmp_path / "images").glob("*.png"))
    assert [p.name for p in shots] == ["image_pane.png", "image_pane_no_scale.png",
                                       "image_pane_size.png"]
    assert {png_size(p) for p in shots} == {(1366, 768)}
    assert "images: 3 PNGs" in result.stdout


def test_lists_its_sets_and_refuses_a_bad_size(tmp_path):
    listed = run("--list")
    assert listed.returncode == 0
    assert [line.split()[0] for line in listed.stdout.splitlines()] == [
        "window", "diagram", "drawings", "annotations", "stamps", "images", "presentation",
        "scans", "pdf", "room"]
    bad = run("--size", "big", "--out", str(tmp_path))
    assert bad.returncode == 2
    assert "expected WIDTHxHEIGHT" in bad.stderr and "Traceback" not in bad.stderr
    assert not any(tmp_path.iterdir())


def test_the_room_set_at_one_clinic_size(tmp_path):
    result = run("--only", "room", "--size", "1366x768", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    shots = {p.name: png_size(p) for p in (tmp_path / "room").glob("*.png")}
    assert shots == {"main_1366x768_light.png": (1366, 768), "main_1366x768_dark.png": (1366, 768),
                     "images_1366x768_light.png": (1366, 768),
                     "images_1366x768_dark.png": (1366, 768),
                     **{f"present_{what}_1366x768_{theme}.png": (1366, 768)
                        for what in ("topic", "section", "scan") for theme in ("light", "dark")}}
