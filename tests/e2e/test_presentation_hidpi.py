"""The patient's screen on a 3,840 × 2,160 screen at device pixel ratio 2 (a 4K television
or monitor): drawn at full resolution and filled like 1,920 × 1,080. The app runs in its own
process, since the ratio is fixed when Qt starts (QT_SCALE_FACTOR=2)."""

import os
import subprocess
import sys

from PySide6.QtGui import QImage

from tests.conftest import ROOT
from tests.gui.test_presentation_screen import LOWER_INK_LEAST, ink_share


def test_presentation_fills_a_4k_screen_at_ratio_2(tmp_path, qapp):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "QT_SCALE_FACTOR": "2"}
    result = subprocess.run([sys.executable, "-m", "tests.screenshots", "--only", "room",
                             "--size", "1920x1080", "--out", str(tmp_path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    shots = sorted(p.name for p in (tmp_path / "room").glob("*.png"))
    assert shots == sorted(f"present_{what}_3840x2160_{theme}.png"
                           for what in ("topic", "section", "scan")
                           for theme in ("light", "dark"))
    for name in shots:
        image = QImage(str(tmp_path / "room" / name))
        assert (image.width(), image.height()) == (3840, 2160), name
        assert ink_share(image, 1080, 2160) > LOWER_INK_LEAST, name
    # the drawing's lines are drawn at the full resolution, not doubled pixels: some pixel
    # pairs across the 2 × 2 blocks differ (a doubled 1,920 × 1,080 picture has none)
    image = QImage(str(tmp_path / "room" / "present_topic_3840x2160_light.png"))
    differ = sum(image.pixelColor(x, y) != image.pixelColor(x + 1, y)
                 for y in range(400, 1600, 7) for x in range(100, 2200, 2))
    assert differ > 500
