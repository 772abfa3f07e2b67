"""What IT sees before the window opens: no display, and --selftest against the clinic config.

Real subprocesses of ``python -m desktop_app`` (the frozen executable runs the same checks in
tests/packaging/test_bundle.py).
"""

import os
import shutil
import subprocess
import sys

import pytest

from desktop_app.infra.display import NO_DISPLAY, display_found, x_display_reachable
from tests.conftest import ROOT

LOGO = ROOT / "resources" / "icons" / "presacral-consult-256.png"


def run(*args, env, timeout=120):
    return subprocess.run([sys.executable, "-m", "desktop_app", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, env=env)


def no_display_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM",
                        "PRESACRAL_CONSULT_EXIT_AFTER_SHOW", "PRESACRAL_CONSULT_CONFIG")}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_RUNTIME_DIR=str(tmp_path / "run"),
               XDG_CONFIG_DIRS=str(tmp_path / "etc"), **extra)
    return env


# ------------------------------------------------------------------------ no display
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 / Wayland (Linux)")
@pytest.mark.parametrize("platform", [None, "xcb"])
@pytest.mark.parametrize("command", [(), ("open", "CASE")])
def test_no_display_is_one_line_and_names_the_command_line_tools(tmp_path, platform, command):
    case = tmp_path / "case.json"
    case.write_text("{}", encoding="utf-8")
    env = no_display_env(tmp_path, **({"QT_QPA_PLATFORM": platform} if platform else {}))
    args = [case if a == "CASE" else a for a in command]
    result = run(*args, env=env)
    assert result.returncode == 1, result.stderr          # not Qt's abort (134 / -6)
    assert result.stderr.splitlines() == [f"presacral-consult: error: {NO_DISPLAY}"]
    assert "export CASE.json --out summary.pdf" in result.stderr
    assert "xcb-cursor0" not in result.stderr and "Aborted" not in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 / Wayland (Linux)")
def test_no_display_still_lets_the_command_line_tools_run(tmp_path):
    from tests.conftest import EXAMPLE

    out = tmp_path / "summary.pdf"
    result = run("export", EXAMPLE, "--out", out, env=no_display_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:5] == b"%PDF-"


def test_display_detection(tmp_path):
    linux = "linux"
    assert not display_found({}, linux)
    assert not display_found({"QT_QPA_PLATFORM": "xcb"}, linux)
    assert not display_found({"DISPLAY": ":98765"}, linux)            # no such X server
    assert not display_found({"DISPLAY": "unix:98765.0"}, linux)
    assert display_found({"DISPLAY": "clinic-host:10.0"}, linux)       # ssh -X: on trust
    assert display_found({"QT_QPA_PLATFORM": "offscreen"}, linux)
    assert display_found({"QT_QPA_PLATFORM": "minimal"}, linux)
    assert display_found({}, "win32") and display_found({}, "darwin")
    # Wayland: the compositor's socket in XDG_RUNTIME_DIR
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    wl = {"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": str(run_dir)}
    assert not display_found(wl, linux)
    (run_dir / "wayland-0").write_text("", encoding="utf-8")
    assert display_found(wl, linux)
    assert not display_found(dict(wl, QT_QPA_PLATFORM="xcb"), linux)  # xcb asked for: X only
    assert not x_display_reachable("")


@pytest.mark.skipif(not shutil.which("Xvfb"), reason="needs Xvfb")
def test_a_running_x_server_is_found():
    read_fd, write_fd = os.pipe()
    # -displayfd: Xvfb picks a free display and writes its number once it accepts clients
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp"],
                              pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as fh:
            number = fh.readline().strip()
        assert number.isdigit()
        assert display_found({"DISPLAY": f":{number}"}, "linux")
        assert display_found({"DISPLAY": f":{number}.0", "QT_QPA_PLATFORM": "xcb"}, "linux")
    finally:
        server.terminate()
        server.wait(timeout=10)


# ------------------------------------------------------------------------ --selftest and files
def write_config(path, **values):
    values = {"clinic_name": "Test Clinic", "phone": "01234 567890",
              "out_of_hours_phone": "01234 000000", "country": "US", **values}
    path.write_text("".join(f"{k}: {v}\n" for k, v in values.items()), encoding="utf-8")
    return path


@pytest.fixture
def env(tmp_path):
    return no_display_env(tmp_path, QT_QPA_PLATFORM="offscreen")


def test_selftest_prints_through_a_real_printer(env):
    result = run("--selftest", env=env)
    assert result.returncode == 3, result.stderr     # no clinic configuration: no phone
    assert "pdf: ok" in result.stdout
    assert "print: ok (" in result.stdout and "pages through the printer)" in result.stdout


@pytest.mark.parametrize("key", ["logo", "signoff_file"])
def test_selftest_fails_when_the_config_names_a_missing_file(tmp_path, env, key):
    missing = tmp_path / "not-there" / ("logo.png" if key == "logo" else "signoff.json")
    config = write_config(tmp_path / "config.yaml", **{key: missing})
    result = run("--config", config, "--selftest", env=env)
    assert result.returncode == 1, result.stdout
    assert result.stderr.splitlines() == [
        f"presacral-consult: error: {config}: the clinic configuration names a file that is "
        f"not there: '{key}' ({missing})"]
    assert "selftest failed" in result.stdout and "selftest ok" not in result.stdout


def test_selftest_names_every_missing_file(tmp_path, env):
    config = write_config(tmp_path / "config.yaml", logo="gone.png", signoff_file="gone.json")
    result = run("--config", config, "--selftest", env=env)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"presacral-consult: error: {config}: the clinic configuration names files that are "
        f"not there: 'logo' ({tmp_path / 'gone.png'}), 'signoff_file' ({tmp_path / 'gone.json'})"]


def test_selftest_passes_with_the_files_there_and_warns_for_the_rest(tmp_path, env):
    signoff = tmp_path / "signoff.json"
    signoff.write_text("this is not JSON", encoding="utf-8")
    config = write_config(tmp_path / "config.yaml", logo=LOGO, signoff_file=signoff)
    result = run("--config", config, "--selftest", env=env)
    assert result.returncode == 0, result.stderr
    assert "selftest ok" in result.stdout
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("presacral-consult: warning: "), warnings
    assert "signoff.json" in warnings[0]

    not_an_image = tmp_path / "logo.png"
    not_an_image.write_text("text", encoding="utf-8")
    config = write_config(tmp_path / "config2.yaml", logo=not_an_image)
    result = run("--config", config, "--selftest", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("warning:") == 1 and "'logo'" in result.stderr


# ------------------------------------------------------------------------ start-up
def test_the_quick_pyside_module_check_answers_as_pyside_does():
    import importlib

    import PySide6.QtCore  # noqa: F401 - installs PySide6's import hook and its check

    from desktop_app import app

    feature = sys.modules["shibokensupport.feature"]
    original = feature._mod_uses_pyside
    names = ("desktop_app.app", "desktop_app.ui.start_screen", "desktop_app.model.consultation",
             "desktop_app.export.scripts", "json", "os", "sys", "PySide6.QtCore")
    modules = [importlib.import_module(n) for n in names]
    try:
        app.quick_pyside_module_check()
        quick = feature._mod_uses_pyside
        assert quick is not original
        assert [quick(m) for m in modules] == [original(m) for m in modules]
        assert [quick(m) for m in modules][:4] == [True, True, False, False]
        app.quick_pyside_module_check()           # installed once
        assert feature._mod_uses_pyside is quick
    finally:
        feature._mod_uses_pyside = original
