"""A desktop user who starts the app and it cannot open is told why in a dialog, not only on a
console they do not have."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app import app


@pytest.fixture
def dialogs(monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text, *a, **k: shown.append(
                            (title, text)) or QMessageBox.StandardButton.Ok))
    monkeypatch.delenv("PRESACRAL_CONSULT_EXIT_AFTER_SHOW", raising=False)
    monkeypatch.setattr(app, "has_real_screen", lambda: True)  # as on a desktop
    monkeypatch.setattr(app, "log_dir", lambda: tmp_path / "logs")
    root = logging.getLogger()
    before = list(root.handlers)
    yield shown
    for handler in list(root.handlers):  # main() set up the app's log file: take it away again
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def test_opening_a_missing_file_from_the_desktop_shows_the_reason(qapp, dialogs, tmp_path,
                                                                   capsys):
    code = app.main(["open", str(tmp_path / "gone.json")])
    assert code == 1
    assert len(dialogs) == 1
    title, text = dialogs[0]
    assert title == "Presacral Consult"
    assert "cannot start" in text and "gone.json" in text and "does not exist" in text
    assert "gone.json" in capsys.readouterr().err  # the one line is still printed


def test_a_broken_clinic_config_is_shown_too(qapp, dialogs, tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text("paper: A5\n", encoding="utf-8")
    assert app.main(["--config", str(cfg)]) == 1
    assert len(dialogs) == 1 and "paper" in dialogs[0][1] and "config.yaml" in dialogs[0][1]


def test_command_line_only_commands_never_open_a_dialog(qapp, dialogs, tmp_path):
    assert app.main(["export", str(tmp_path / "gone.json"), "--out", str(tmp_path / "x.pdf")]) == 1
    assert dialogs == []


def test_smoke_mode_never_opens_a_dialog(qapp, dialogs, tmp_path, monkeypatch):
    monkeypatch.setenv("PRESACRAL_CONSULT_EXIT_AFTER_SHOW", "1")
    assert app.main(["open", str(tmp_path / "gone.json")]) == 1
    assert dialogs == []
