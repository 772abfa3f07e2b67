"""The start-up benchmark's same-screen baseline (benchmarks/same_screen.py) stays fair: recorded
from a real start of the app, the plain PySide6 program shows the same widgets, the same painted
items of the drawing and the same actions, and imports nothing of the app."""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "same_screen.py"


def run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_STATE_HOME=str(tmp_path / "state"))
    env.pop("PRESACRAL_CONSULT_CONFIG", None)
    done = subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def views(spec):
    """The recorded graphics views, wherever they sit in the blueprint."""
    if isinstance(spec, dict):
        if spec.get("kind") == "view":
            yield spec
        for value in spec.values():
            yield from views(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from views(value)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("same-screen")
    blueprint = tmp / "screen.json"
    run(["--record", str(blueprint)], tmp)
    recorded = json.loads(blueprint.read_text(encoding="utf-8"))
    rebuilt = json.loads(run([str(blueprint), "--census"], tmp).stdout.splitlines()[-1])
    return recorded, rebuilt


def test_the_plain_program_imports_nothing_of_the_app(both):
    _recorded, rebuilt = both
    assert rebuilt["app_modules"] == []


def test_it_shows_the_widgets_the_app_shows(both):
    recorded, rebuilt = both
    app, plain = recorded["census"]["widgets"], rebuilt["census"]["widgets"]
    assert plain == app
    # the screen the surgeon sees first: the drawing, its two toolbars, the visit's fields
    assert app["QGraphicsView"] == 1 and app["QToolBar"] == 2 and app["QLineEdit"] >= 5


def test_it_paints_the_drawing_the_app_paints(both):
    recorded, rebuilt = both
    app, plain = recorded["census"]["items"], rebuilt["census"]["items"]
    assert plain == app
    # the anatomy's shapes and the labels' texts, leaders and dots
    assert app["QGraphicsPathItem"] >= 50 and app["QGraphicsSimpleTextItem"] >= 20
    (drawing,) = views(recorded)
    texts = [it["text"] for it in drawing["scene"]["items"] if it["kind"] == "text"]
    assert "S3 level" in texts and "tailbone" in texts and "bladder" in texts


def test_it_has_the_app_s_actions(both):
    recorded, rebuilt = both
    app = collections.Counter(recorded["census"]["actions"])
    plain = collections.Counter(rebuilt["census"]["actions"])
    assert sum(app.values()) >= 60
    # A toolbar button that shows a menu action the app shares with its menu counts once in
    # the app and twice here, and a stamp chooser's own action has no twin: at most two apart.
    assert sum((app - plain).values()) <= 2 and sum((plain - app).values()) <= 2
    for menu_text in ("&Present to patient", "Diagram", "Drawing tools"):
        assert menu_text in plain
