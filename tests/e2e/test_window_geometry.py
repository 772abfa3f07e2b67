"""The real app on a 1,366 × 768 clinic screen: the first window fits the screen; the next
start opens where the window was closed."""

import json
from pathlib import Path

from tests.e2e.sandbox import Sandbox

SCREEN = {"synchronousWindowSystemEvents": False, "windowFrameMargins": False,
          "screens": [{"name": "clinic", "x": 0, "y": 0, "width": 1366, "height": 768,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}

DRIVER = """
import json, os
from pathlib import Path
g = window.geometry()
report = {"geometry": [g.x(), g.y(), g.width(), g.height()]}
move = os.environ.get("MOVE_TO")
if move:
    window.setGeometry(*json.loads(move))
    wait_until(lambda: [window.x(), window.y(), window.width(), window.height()]
               == json.loads(move), 5)
window.close()
Path(os.environ["REPORT"]).write_text(json.dumps(report))
"""


def _start(box: Sandbox, screen: Path, report: Path, move=None) -> list[int]:
    extra = {"QT_QPA_PLATFORM": f"offscreen:configfile={screen}", "REPORT": str(report)}
    if move:
        extra["MOVE_TO"] = json.dumps(move)
    result = box.run(driver=box.driver("geometry.py", DRIVER), **extra)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    return json.loads(report.read_text())["geometry"]


def test_first_start_fits_the_clinic_screen_then_the_window_stays_put(tmp_path):
    box = Sandbox(tmp_path)
    screen = box.test / "screen.json"
    screen.write_text(json.dumps(SCREEN))
    x, y, w, h = _start(box, screen, box.test / "first.json", move=[40, 30, 1300, 700])
    assert x >= 0 and y >= 0 and x + w <= 1366 and y + h <= 768
    assert w >= 1280 and h >= 700         # and uses the screen
    assert _start(box, screen, box.test / "second.json") == [40, 30, 1300, 700]
