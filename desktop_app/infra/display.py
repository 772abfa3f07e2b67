"""Is there a screen to open a window on? Asked before Qt is, because without one Qt aborts
the whole process (exit 134) with a seven-line message that blames the xcb libraries."""

from __future__ import annotations

import os
import re
import sys
from typing import Mapping

NO_DISPLAY = ("no display found (DISPLAY and WAYLAND_DISPLAY are not set, or not reachable); "
              "without a window, use the command-line tools: presacral-consult export CASE.json "
              "--out summary.pdf, or --selftest (see --help)")


def display_found(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """False when Qt would find no screen on Linux/BSD: no X server or Wayland compositor to
    connect to. Qt itself then aborts with a seven-line message that blames the xcb libraries.
    Other Qt platforms (offscreen, minimal, ...), Windows and macOS are not checked."""
    environ = os.environ if environ is None else environ
    platform = platform or sys.platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return True
    qpa = environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    if qpa and qpa not in ("xcb", "wayland", "wayland-egl"):
        return True
    wayland = environ.get("WAYLAND_DISPLAY", "")
    if wayland and qpa != "xcb":
        runtime = environ.get("XDG_RUNTIME_DIR", "")
        if os.path.isabs(wayland) or not runtime or os.path.exists(os.path.join(runtime,
                                                                                 wayland)):
            return True
    return x_display_reachable(environ.get("DISPLAY", ""))


def x_display_reachable(display: str) -> bool:
    """An X display name whose local socket exists (":0", "unix:1.0"; a socket file, or the
    abstract socket X servers also listen on, which a container may see without the file);
    a remote one ("host:10.0", ssh -X) is taken on trust."""
    if not display:
        return False
    match = re.fullmatch(r"(unix)?:(\d+)(\.\d+)?", display)
    if not match:
        return True
    socket = f"/tmp/.X11-unix/X{match.group(2)}"
    if os.path.exists(socket):
        return True
    try:
        with open("/proc/net/unix", encoding="ascii", errors="replace") as fh:
            return any(line.rstrip().endswith(" @" + socket) for line in fh)
    except OSError:
        return False
