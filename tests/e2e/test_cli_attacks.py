"""The command line against an attacker's afternoon: real subprocesses, real pipes, links and
devices. Each attack ends in one short line on stderr and a non-zero exit, never a hang, a
traceback, or a file (or device node) destroyed."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.attacks import fifo, one_line, run_app, zero_link
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes, links, umask")


@pytest.fixture
def case(tmp_path) -> Path:
    path = tmp_path / "case.json"
    shutil.copy(EXAMPLE, path)
    return path


def _snapshot(path: Path) -> tuple:
    st = os.lstat(path)
    body = path.read_bytes() if stat.S_ISREG(st.st_mode) else None
    return st.st_mode, st.st_ino, body


# ------------------------------------------------------------------------------ data loss
def test_export_over_its_own_input_is_refused(case):
    before = _snapshot(case)
    result = run_app("export", case, "--out", case)
    assert result.returncode == 1
    line = one_line(result)
    assert "case.json" in line and "being read" in line
    assert "wrote" not in result.stdout
    assert _snapshot(case) == before


def test_export_over_its_input_through_a_link_is_refused(case, tmp_path):
    link = tmp_path / "summary.pdf"
    link.symlink_to(case)
    before = _snapshot(case)
    result = run_app("export", case, "--out", link)
    assert result.returncode == 1 and "being read" in one_line(result)
    assert _snapshot(case) == before and link.is_symlink()


def test_export_to_a_device_is_refused_and_the_node_kept(case, tmp_path):
    """A link to /dev/null stands in for /dev/full (as root, the old writer replaced the
    device node with a file); /dev/null itself is only checked, never written."""
    link = tmp_path / "out.pdf"
    link.symlink_to("/dev/null")
    null_before = os.stat("/dev/null")
    result = run_app("export", case, "--out", link)
    assert result.returncode == 1
    assert "device" in one_line(result)
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    null_after = os.stat("/dev/null")
    assert stat.S_ISCHR(null_after.st_mode) and null_after.st_ino == null_before.st_ino


def test_the_writer_refuses_a_real_device_node():
    """/dev/null itself is only looked at (stat), never written, even by old code: this test
    calls the check alone. Writing there is tested through a link above."""
    from desktop_app.model.files import FileRefusedError, check_target

    before = os.stat("/dev/null")
    with pytest.raises(FileRefusedError, match="is a device"):
        check_target("/dev/null", magic=b"%PDF-", kind="PDF")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino,
                                                                           before.st_rdev)


def test_export_to_a_pipe_is_refused_without_hanging(case, tmp_path):
    out = fifo(tmp_path / "out.pdf")
    result = run_app("export", case, "--out", out, timeout=60)
    assert result.returncode == 1 and "pipe" in one_line(result)
    assert stat.S_ISFIFO(os.lstat(out).st_mode)


def test_export_to_a_folder_is_refused(case, tmp_path):
    out = tmp_path / "folder.pdf"
    out.mkdir()
    result = run_app("export", case, "--out", out)
    assert result.returncode == 1 and "folder" in one_line(result)
    assert out.is_dir()


def test_export_over_an_existing_non_pdf_is_refused(case, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("the only copy of my notes\n", encoding="utf-8")
    before = _snapshot(notes)
    result = run_app("export", case, "--out", notes)
    assert result.returncode == 1
    assert "not a PDF" in one_line(result)
    assert _snapshot(notes) == before


def test_export_over_an_existing_pdf_replaces_it_and_keeps_its_mode(case, tmp_path):
    out = tmp_path / "summary.pdf"
    assert run_app("export", case, "--out", out).returncode == 0
    os.chmod(out, 0o644)
    first = out.read_bytes()
    out.write_bytes(first)  # same content, mode set by the clinic
    result = run_app("export", case, "--out", out, "--lang", "es")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:5] == b"%PDF-" and out.read_bytes() != first
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o644


def test_a_new_pdf_is_owner_only_even_under_umask_000(case, tmp_path):
    out = tmp_path / "new.pdf"
    result = run_app("export", case, "--out", out, umask=0)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_app_folders_and_log_are_private_under_umask_000(case, tmp_path):
    """The export logs a config warning (missing logo): that creates the log folder tree and
    the log file, here under a umask that would leave them writable by everyone."""
    home = tmp_path / "home"
    cfg = tmp_path / "config.yaml"
    cfg.write_text("logo: gone.png\n", encoding="utf-8")
    env = {"XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_CONFIG_HOME": str(home / "config")}
    result = run_app("export", case, "--out", tmp_path / "o.pdf", "--config", cfg, env=env,
                     umask=0)
    assert result.returncode == 0, result.stderr
    logs = list((home / "data").rglob("*.log"))
    assert logs, list(home.rglob("*"))
    for path in [p for p in (home / "data").rglob("*")]:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        assert mode & 0o077 == 0, f"{path.relative_to(home)}: {oct(mode)}"


# ---------------------------------------------------------------------------------- hangs
@pytest.mark.parametrize("attack", [fifo, zero_link], ids=["fifo", "dev_zero"])
def test_selftest_with_a_content_file_that_never_ends(tmp_path, attack):
    content = tmp_path / "c"
    content.mkdir()
    attack(content / "glossary.yaml")
    result = run_app("--content-dir", content, "--selftest", timeout=90, memory=3 << 30)
    assert result.returncode == 1
    line = one_line(result)
    assert "glossary.yaml" in line and ("pipe" in line or "device" in line)


@pytest.mark.parametrize("attack", [fifo, zero_link], ids=["fifo", "dev_zero"])
def test_export_of_a_consultation_that_never_ends(tmp_path, attack):
    src = attack(tmp_path / "case.json")
    result = run_app("export", src, "--out", tmp_path / "o.pdf", timeout=90, memory=3 << 30)
    assert result.returncode == 1
    assert "case.json" in one_line(result)
    assert not (tmp_path / "o.pdf").exists()


def test_open_missing_file_without_a_screen_does_not_wait_on_a_dialog(tmp_path):
    """Offscreen there is nobody to click a dialog: the line on stderr, exit 1, no hang."""
    try:
        result = run_app("open", tmp_path / "missing.json", timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the app waited on a dialog no one can see")
    assert result.returncode == 1
    assert "missing.json" in one_line(result)
