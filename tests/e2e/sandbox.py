"""Run the real app in a subprocess with its own home, data, config, cache and temp folders.

Everything the app writes lands under one root folder, so a test can list every file the
app wrote. GUI sessions are driven by a test-only script (``PRESACRAL_CONSULT_TEST_DRIVER``,
see desktop_app/ui/application.py) that runs inside the app after the window is shown.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import ROOT

APP_FOLDER = Path("PresacralConsult") / "presacral-consult"


class Sandbox:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.home = self.root / "home"
        self.data = self.root / "xdg-data"
        self.config = self.root / "xdg-config"
        self.cache = self.root / "xdg-cache"
        self.state = self.root / "xdg-state"
        self.runtime = self.root / "xdg-runtime"
        self.tmp = self.root / "tmp"
        self.user = self.root / "user-files"  # what the surgeon picks in file dialogs
        self.test = self.root / "test-files"  # driver scripts and their reports
        for folder in (self.home, self.data, self.config, self.cache, self.state, self.tmp,
                       self.user, self.test):
            folder.mkdir(parents=True, exist_ok=True)
        self.runtime.mkdir(mode=0o700, exist_ok=True)

    @property
    def recovery_dir(self) -> Path:
        return self.data / APP_FOLDER / "recovery"

    @property
    def log_dir(self) -> Path:
        return self.data / APP_FOLDER / "logs"

    def env(self, driver: Path | None = None, **extra: str) -> dict:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("XDG_", "PRESACRAL_CONSULT_", "PYTEST_"))}
        env.update(HOME=str(self.home), XDG_DATA_HOME=str(self.data),
                   XDG_CONFIG_HOME=str(self.config), XDG_CACHE_HOME=str(self.cache),
                   XDG_STATE_HOME=str(self.state), XDG_RUNTIME_DIR=str(self.runtime),
                   XDG_CONFIG_DIRS=str(self.root / "etc-xdg"), TMPDIR=str(self.tmp),
                   TMP=str(self.tmp), TEMP=str(self.tmp), QT_QPA_PLATFORM="offscreen",
                   PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(ROOT))
        if driver is not None:
            env["PRESACRAL_CONSULT_TEST_DRIVER"] = str(driver)
        env.update(extra)
        return env

    def driver(self, name: str, code: str) -> Path:
        path = self.test / name
        path.write_text(textwrap.dedent(code), encoding="utf-8")
        return path

    def command(self, *args: str, python_prefix: str | None = None) -> list[str]:
        if python_prefix is None:
            return [sys.executable, "-m", "desktop_app", *args]
        return [sys.executable, "-c", python_prefix, *args]

    def start(self, *args: str, driver: Path | None = None, python_prefix: str | None = None,
              **extra: str) -> subprocess.Popen:
        return subprocess.Popen(self.command(*args, python_prefix=python_prefix), cwd=ROOT,
                                env=self.env(driver, **extra), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def run(self, *args: str, driver: Path | None = None, timeout: float = 120,
            python_prefix: str | None = None, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(*args, python_prefix=python_prefix), cwd=ROOT,
                              env=self.env(driver, **extra), capture_output=True, text=True,
                              timeout=timeout)

    def app_written_files(self) -> list[Path]:
        """Every file under the sandbox except the user's own choices and the test's files."""
        out = []
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and self.user not in path.parents and self.test not in path.parents:
                out.append(path)
        return out
