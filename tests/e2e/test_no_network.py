"""The app opens no network connections: no update checks, no telemetry, nothing.

Two proofs: no module of the package imports a networking library, and the whole selftest
plus a GUI session (edit, autosave, save, export, About dialogs, an error through the
exception hook) run in a process where creating a socket raises — and records the attempt,
in case some code swallowed the exception.
"""

from __future__ import annotations

import ast
import json

from tests.conftest import ROOT
from tests.e2e.sandbox import Sandbox

FORBIDDEN = {"socket", "ssl", "http", "urllib.request", "urllib3", "requests", "httpx",
             "aiohttp", "asyncio", "ftplib", "smtplib", "poplib", "imaplib", "telnetlib",
             "xmlrpc", "socketserver", "websocket", "websockets", "webbrowser",
             "PySide6.QtNetwork", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets",
             "PySide6.QtWebSockets", "PySide6.QtHttpServer"}


def _forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


def test_no_module_imports_a_network_library():
    offenders = []
    for path in sorted((ROOT / "desktop_app").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                    "__import__", "import_module") and node.args and \
                    isinstance(node.args[0], ast.Constant):
                names = [str(node.args[0].value)]
            for name in names:
                if _forbidden(name):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert offenders == [], "network imports:\n" + "\n".join(offenders)


# Runs before the app: every way to create a socket raises and is recorded.
NO_SOCKETS = r"""
import json, os, socket, sys
attempts = []
REPORT = os.environ["SOCKET_REPORT"]

def _record(what):
    attempts.append(what)
    with open(REPORT, "w") as fh:
        json.dump(attempts, fh)

class NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        _record("socket.socket")
        raise OSError("network access is forbidden in this test")

def _refuse(name):
    def refuse(*args, **kwargs):
        _record(name)
        raise OSError("network access is forbidden in this test")
    return refuse

socket.socket = NoSocket
socket.SocketType = NoSocket
for name in ("create_connection", "create_server", "socketpair", "fromfd", "getaddrinfo",
             "gethostbyname", "gethostbyname_ex"):
    setattr(socket, name, _refuse("socket." + name))
import _socket
_socket.socket = NoSocket
_record("installed")  # the report exists even when nothing else happens
sys.argv = ["presacral-consult"] + sys.argv[1:]
from desktop_app.app import main
sys.exit(main())
"""

SESSION = r"""
import os
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop_app.model.consultation import Lesion

doc = window.document
doc.set_patient_field("name", "Network Test", "Edit name")
doc.set_value(lambda c: c, "lesions", [Lesion(cx=300, cy=300)], "Add lesion", "annotations")
window.autosaver.save_now()
assert window.save_to(os.environ["SAVE_TO"])
assert window.export_to(os.environ["EXPORT_TO"])
for name in ("act_about_content", "act_about"):
    act = next(a for a in window.findChildren(type(window.act_save)) if a.objectName() == name)
    QTimer.singleShot(300, lambda: QApplication.activeModalWidget()
                      and QApplication.activeModalWidget().close())
    act.trigger()
doc.set_field("clinician", "Dr. Net", "Edit clinician")
QTimer.singleShot(0, lambda: 1 / 0)
box = wait_until(lambda: next((w for w in QApplication.topLevelWidgets()
                               if w.objectName() == "error_dialog" and w.isVisible()), None), 10)
box.accept()
window.save()
window.close()
"""


def _attempts(report) -> list[str]:
    return json.loads(report.read_text()) if report.exists() else ["<no report>"]


def test_selftest_with_sockets_forbidden(tmp_path):
    box = Sandbox(tmp_path)
    report = box.test / "sockets.json"
    result = box.run("--selftest", python_prefix=NO_SOCKETS, timeout=180,
                     SOCKET_REPORT=str(report))
    assert result.returncode == 3, result.stderr     # no clinic configuration: no phone
    assert "selftest incomplete" in result.stdout and "pdf: ok" in result.stdout
    assert _attempts(report) == ["installed"]


def test_gui_session_with_sockets_forbidden(tmp_path):
    box = Sandbox(tmp_path)
    report = box.test / "sockets.json"
    driver = box.driver("session.py", SESSION)
    result = box.run(driver=driver, python_prefix=NO_SOCKETS, timeout=180,
                     SOCKET_REPORT=str(report), SAVE_TO=str(box.user / "case.json"),
                     EXPORT_TO=str(box.user / "summary.pdf"))
    assert result.returncode == 0, result.stderr
    assert (box.user / "case.json").is_file()
    assert _attempts(report) == ["installed"]
