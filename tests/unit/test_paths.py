"""The resource locator: the same answer from source and from a PyInstaller bundle."""

import sys
from pathlib import Path

import pytest

from desktop_app.infra import paths
from tests.conftest import ROOT


@pytest.fixture
def not_frozen(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)


def test_source_root_is_the_repository(not_frozen):
    assert paths.is_frozen() is False
    assert paths.app_root() == ROOT
    assert paths.content_dir() == ROOT / "content"
    assert paths.resource_path("icons", "x.png") == ROOT / "resources" / "icons" / "x.png"


def test_source_locations_exist(not_frozen):
    assert paths.content_dir().is_dir()
    assert paths.resource_path().is_dir()
    assert paths.resource_path("icons", "presacral-consult.svg").is_file()


def test_frozen_root_is_meipass(monkeypatch, tmp_path):
    bundle = tmp_path / "_internal"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert paths.is_frozen()
    assert paths.app_root() == bundle
    assert paths.content_dir() == bundle / "content"
    assert paths.resource_path("anatomy", "anatomy.yaml") == bundle / "resources" / "anatomy" \
        / "anatomy.yaml"


def test_meipass_without_frozen_is_ignored(monkeypatch, tmp_path):
    """A stray _MEIPASS (e.g. left by a test harness) must not redirect a source run."""
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.app_root() == ROOT


def test_frozen_without_meipass_uses_executable_folder(monkeypatch, tmp_path):
    exe = tmp_path / "app" / "presacral-consult"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.app_root() == Path(exe).resolve().parent

