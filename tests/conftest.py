"""Test set-up shared by all tests.

QT_QPA_PLATFORM must be set before any QApplication exists, or pytest aborts on a machine
without a display. QStandardPaths test mode keeps settings, logs and recovery files of the
tests away from the user's real folders.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("PRESACRAL_CONSULT_CONFIG", None)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402 - after QT_QPA_PLATFORM is set, before Qt loads
from hypothesis import settings as _hypothesis  # noqa: E402 - after QT_QPA_PLATFORM is set, before Qt loads

# CI and `make test` replay the same generated examples every run ("ci": derandomized), so a
# red run is about the change, not the dice. To hunt for new bugs, run the property and fuzz
# tests with HYPOTHESIS_PROFILE=explore (fresh random examples each time); add what they find
# as @example cases.
_hypothesis.register_profile("ci", derandomize=True)
_hypothesis.register_profile("explore", derandomize=False)
_hypothesis.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

DATA = ROOT / "tests" / "data"
EXAMPLE = DATA / "example_consultation.json"


@pytest.fixture(scope="session", autouse=True)
def _qt_test_mode(tmp_path_factory):
    """Isolate QSettings/QStandardPaths and XDG folders from the real user's.

    HOME too: Qt's test mode keeps settings and app data under ``~/.qttest``, which parallel
    runs of the suite would otherwise share (and clear under each other)."""
    home = tmp_path_factory.mktemp("home")
    os.environ["HOME"] = str(home)
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")  # the app's parse cache, in subprocesses
    os.environ["XDG_CONFIG_DIRS"] = str(home / "etc-xdg")
    try:
        from PySide6.QtCore import QStandardPaths
    except ImportError:  # model tests also run without Qt
        yield
        return
    QStandardPaths.setTestModeEnabled(True)
    yield


@pytest.fixture(scope="session")
def library():
    from desktop_app.model.content import load_content

    return load_content(ROOT / "content", "en")


@pytest.fixture(scope="session")
def atlas():
    """The shipped drawings. They are part of the app: a test never skips for want of them."""
    from desktop_app.services import load_atlas_or_none

    found = load_atlas_or_none()
    assert found is not None, "resources/anatomy is missing"
    return found


@pytest.fixture
def example_path():
    return EXAMPLE
