"""The home folder is not the app's to trust: reportlab's per-user files are never run or
read (a Python file there would run inside the app; a pipe would hang the export), and a HOME
that is a regular file still lets the export and the self-test work. Real subprocesses."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.attacks import fifo, run_app
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX HOME, pipes")

PAYLOAD = "open({marker!r}, 'w').write('ran')\n"


def _env(home: Path) -> dict[str, str]:
    # the XDG folders empty: every per-user folder is derived from HOME, as on a real desktop
    return {"HOME": str(home), "XDG_CONFIG_HOME": "", "XDG_CACHE_HOME": "",
            "XDG_DATA_HOME": ""}


def _export(home: Path, tmp_path: Path, cwd: Path | None = None):
    case = tmp_path / "case.json"
    shutil.copy(EXAMPLE, case)
    out = tmp_path / "summary.pdf"
    result = run_app("export", case, "--out", out, env=_env(home), timeout=120,
                     **({"cwd": cwd} if cwd else {}))
    return result, out


@pytest.mark.parametrize("name", [".reportlab_mods", ".reportlab_settings"])
def test_reportlabs_per_user_files_are_never_run(tmp_path, name):
    home = tmp_path / "home"
    home.mkdir()
    marker = tmp_path / "code-ran"
    (home / name).write_text(PAYLOAD.format(marker=str(marker)), encoding="utf-8")
    result, out = _export(home, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert out.read_bytes().startswith(b"%PDF-")
    assert not marker.exists()


def test_reportlab_mods_on_the_import_path_is_never_run(tmp_path):
    """``python -m`` puts the working folder first on the import path."""
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    marker = tmp_path / "code-ran"
    for module in ("reportlab_mods.py", "reportlab_settings.py"):
        (work / module).write_text(PAYLOAD.format(marker=str(marker)), encoding="utf-8")
    result = run_app("export", EXAMPLE, "--out", tmp_path / "s.pdf", env={
        **_env(home), "PYTHONPATH": os.pathsep.join([str(work), os.environ.get(
            "PYTHONPATH", "") or str(Path(__file__).resolve().parents[2])])}, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert not marker.exists()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_pipe_or_folder_in_their_place_changes_nothing(tmp_path, kind):
    home = tmp_path / "home"
    home.mkdir()
    for name in (".reportlab_mods", ".reportlab_settings"):
        if kind == "fifo":
            fifo(home / name)          # reading it would block for ever
        else:
            (home / name).mkdir()
    result, out = _export(home, tmp_path)       # run_app's timeout turns a hang into a failure
    assert result.returncode == 0, result.stderr[-2000:]
    assert out.read_bytes().startswith(b"%PDF-")


def test_home_is_a_regular_file(tmp_path):
    home = tmp_path / "home"
    home.write_text("not a folder\n", encoding="utf-8")
    result, out = _export(home, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert out.read_bytes().startswith(b"%PDF-")
    selftest = run_app("--selftest", env=_env(home), timeout=120)
    # it works; no clinic configuration (so no team phone) is its only complaint
    assert selftest.returncode == 3, selftest.stderr[-2000:]
    assert selftest.stdout.startswith("selftest incomplete: config: none found")
    assert "Traceback" not in selftest.stderr
