"""What a start does before the main window is up, checked in a real start of the app: the
log file is written without ``logging.handlers``, no settings are written, the drawing
toolbar's menus have not drawn their icons yet, and labels are plain text by the style."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DRIVER = """
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
tb = window.annotations.toolbar
menus = [tb.colour_button.menu(), tb.width_button.menu(), tb.shapes_menu,
         tb.stamp_button.menu()]
print("handlers imported:", "logging.handlers" in sys.modules)
print("settings:", sorted(QSettings().allKeys()))
print("menu icons drawn:", sum(not a.icon().isNull() for m in menus for a in m.actions()))
print("style:", type(QApplication.style()).__name__)
print("pillow imported:", "PIL" in sys.modules)
"""


def start(tmp_path: Path, config: Path | None = None) -> list[str]:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_STATE_HOME=str(tmp_path / "state"),
               PRESACRAL_CONSULT_TEST_DRIVER=str(driver))
    env.pop("PRESACRAL_CONSULT_CONFIG", None)
    if config is not None:
        env["PRESACRAL_CONSULT_CONFIG"] = str(config)
    run = subprocess.run([sys.executable, "-m", "desktop_app"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.splitlines()


def test_a_start_logs_without_logging_handlers_and_writes_no_settings(tmp_path):
    lines = start(tmp_path)
    assert "handlers imported: False" in lines
    # the window's place is written when it closes, never while it starts
    settings = next(line for line in lines if line.startswith("settings:"))
    assert not any(k in settings for k in ("diagram/", "room/", "lesion"))
    logs = list(tmp_path.rglob("presacral-consult.log"))
    assert len(logs) == 1 and "app started" in logs[0].read_text(encoding="utf-8")
    if os.name == "posix":
        assert logs[0].stat().st_mode & 0o777 == 0o600


def test_the_toolbar_menus_draw_their_icons_only_when_opened(tmp_path):
    lines = start(tmp_path)
    # the Shapes button shows one shape's icon (of the 24 in the four menus)
    assert "menu icons drawn: 1" in lines
    assert "style: _PlainLabels" in lines


def test_a_clinic_logo_is_checked_without_pillow(tmp_path):
    """The logo's header is read by hand at config load; Pillow (~25 ms with its plugins)
    waits for the first export."""
    import shutil

    shutil.copy(ROOT / "resources" / "icons" / "presacral-consult-256.png", tmp_path / "logo.png")
    config = tmp_path / "config.yaml"
    config.write_text("clinic_name: St Elsewhere\nphone: '+1 555 0100'\nlogo: logo.png\n",
                      encoding="utf-8")
    lines = start(tmp_path, config)
    assert "pillow imported: False" in lines
