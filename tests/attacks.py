"""Things an attacker (or an unlucky clinic) puts where the app expects a file, and a guard
that turns a hang into a test failure instead of a stuck test run."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

posix = sys.platform != "win32"


def fifo(path: Path) -> Path:
    """A named pipe nobody writes to: reading it blocks forever."""
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    return path


def zero_link(path: Path) -> Path:
    """A symbolic link to /dev/zero: an endless file whose st_size is 0."""
    path.unlink(missing_ok=True)
    path.symlink_to("/dev/zero")
    return path


def sparse(path: Path, size: int = 1 << 30) -> Path:
    """A file of ``size`` bytes that takes no disk space (all zeros)."""
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


class HungError(Exception):
    pass


@contextlib.contextmanager
def no_hang(seconds: int = 20):
    """Fail (raise HungError) instead of blocking forever, e.g. in open() of a FIFO."""
    def alarm(*_):
        raise HungError(f"still blocked after {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _limit_memory(limit: int):
    def apply():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def run_app(*args, env=None, timeout=60, memory=4 << 30, umask=None, cwd=ROOT):
    """``python -m desktop_app ARGS`` offscreen, with a timeout and an address-space limit so a
    read of /dev/zero fails fast instead of eating the machine's memory."""
    full_env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    full_env.update(env or {})

    def pre():
        if memory:
            _limit_memory(memory)()
        if umask is not None:
            os.umask(umask)
    return subprocess.run([sys.executable, "-m", "desktop_app", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, env=full_env,
                          preexec_fn=pre if posix else None)


def one_line(result) -> str:
    """The single stderr line of a failed command (asserting there is exactly one)."""
    lines = [ln for ln in result.stderr.splitlines() if "propagateSizeHints" not in ln]
    assert len(lines) == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert len(lines[0]) < 400, lines[0][:500]
    return lines[0]


def nested_folders(root: Path, depth: int) -> Path:
    """``depth`` folders one inside the other, made level by level (short relative paths)."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)
    return root.joinpath(*["d"] * depth)


def remove_tree(root: Path) -> None:
    """Delete ``root`` and everything in it without recursion (shutil.rmtree, and pytest's
    clean-up of tmp_path, recurse in Python 3.11: a folder 1,000 deep would fail them)."""
    found, stack = [], [str(root)]
    while stack:
        folder = stack.pop()
        found.append(folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    os.unlink(entry.path)
    for folder in reversed(found):
        os.rmdir(folder)
