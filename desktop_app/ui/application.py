"""QApplication start-up, the global exception hook, the recovery offer and the main window.

Test-only driver
----------------
If ``PRESACRAL_CONSULT_TEST_DRIVER`` names a Python file, :func:`run_app` runs it inside the
real app once the window is shown (end-to-end tests: kill/recovery, privacy, no-network).
The script gets ``app``, ``window``, ``windows`` (all main windows), ``wait(seconds)`` and
``wait_until(predicate, timeout)`` as globals; when it returns the app exits with code 0,
an exception in it exits with code 70 and prints the traceback. Nothing else reads the
variable; without it the normal start-up path is unchanged.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time

from desktop_app import APP_NAME
from desktop_app.ui.start_screen import make_application

log = logging.getLogger("presacral")

TEST_DRIVER_ENV = "PRESACRAL_CONSULT_TEST_DRIVER"
ERROR_DIALOG_NAME = "error_dialog"
_MIN_SECONDS_BETWEEN_DIALOGS = 5.0


# ---------------------------------------------------------------------- exception hook
def main_windows() -> list:
    """Every open window that holds a consultation (has ``on_unexpected_error``)."""
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if hasattr(w, "on_unexpected_error")]


class ExceptionHandler:
    """Log the error (the redacting filter removes patient data), autosave every open
    consultation at once, tell the user calmly, and let the event loop carry on.

    One dialog at a time, and not more often than every few seconds: an error that repeats
    in a paint event must not bury the screen in message boxes.
    """

    def __init__(self, windows=main_windows):
        self.windows = windows
        self.dialog = None
        self._last_dialog = 0.0
        self._busy = False
        self.quitting = False  # after aboutToQuit: windows are being torn down; log only
        self.count = 0

    def __call__(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.count += 1
        try:
            log.error("unexpected error", exc_info=(exc_type, exc, tb))
        except Exception:  # noqa: BLE001 - logging must not break the hook
            pass
        if self._busy or self.quitting:  # inside the handler itself, or at shutdown: log only
            return
        self._busy = True
        try:
            saved = self._autosave_all()
            self._show_dialog(saved)
        except Exception:
            log.exception("the error handler failed")
        finally:
            self._busy = False

    def _autosave_all(self) -> bool:
        ok = True
        for window in self.windows():
            try:
                ok = window.on_unexpected_error() is not False and ok
            except Exception:  # save the others anyway (logged)
                ok = False
                log.exception("autosave after an error failed")
        return ok

    def _show_dialog(self, saved: bool) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            return
        if self.dialog is not None and self.dialog.isVisible():
            return
        now = time.monotonic()
        if now - self._last_dialog < _MIN_SECONDS_BETWEEN_DIALOGS:
            return
        self._last_dialog = now
        windows = self.windows()
        parent = QApplication.activeWindow() or (windows[0] if windows else None)
        text = ("Something went wrong in the app, but your consultation is safe"
                + (": a safety copy was saved just now." if saved else "."))
        box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, text,
                          QMessageBox.StandardButton.Ok, parent)
        box.setObjectName(ERROR_DIALOG_NAME)
        box.setInformativeText("You can carry on working. If something looks wrong, save the "
                               "consultation and restart the app. The details were written to "
                               "the log file for your IT team (without patient details).")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._dialog_closed)
        self.dialog = box
        box.open()

    def _dialog_closed(self, _result=0) -> None:
        self.dialog = None


_handler: ExceptionHandler | None = None


def install_exception_hook(windows=main_windows) -> ExceptionHandler:
    """Route uncaught exceptions (also from Qt slots and threads) to one handler."""
    global _handler
    _handler = ExceptionHandler(windows)
    sys.excepthook = _handler

    def thread_hook(args):  # a worker thread: log only; widgets belong to the main thread
        if args.exc_type is not SystemExit:
            log.error("unexpected error in a background thread",
                      exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    threading.excepthook = thread_hook
    return _handler


# ------------------------------------------------------------------------------ start
def run_app(*, config, content_dirs=(), open_path=None, splash=None) -> int:
    """Content, drawing and main window behind the start screen; then the event loop.

    ``splash``: the start screen already shown (the command line's ``run_gui``), else one is
    shown here. Raises ``ServiceError`` (after closing the start screen) if the content cannot be
    read."""
    from desktop_app.ui.start_screen import show_start_screen

    app = make_application()
    exit_after_show = bool(os.environ.get("PRESACRAL_CONSULT_EXIT_AFTER_SHOW"))
    if splash is None:
        splash = show_start_screen(config)

    from PySide6.QtCore import QTimer

    from desktop_app.services import (content_loader, load_atlas_or_none, load_english,
                                      parse_cache_dir)
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.recovery_dialog import offer_recovery

    # unchanged content and drawings come from the parse cache (no YAML or SVG parsing)
    cache_dir = parse_cache_dir()
    try:
        load_english(list(content_dirs), cache_dir)
    except Exception:
        splash.close()
        raise
    load = content_loader(list(content_dirs), cache_dir)
    atlas = load_atlas_or_none(lazy=True, cache_dir=cache_dir)  # other drawings: when shown
    windows: list = []

    def new_window():
        w = MainWindow(load("en"), config=config, atlas=atlas, content_for=load)
        windows.append(w)
        if windows[0] is not w:  # further windows cascade from the first one
            w.move(windows[0].pos().x() + 40 * (len(windows) - 1),
                   windows[0].pos().y() + 40 * (len(windows) - 1))
            w.show()
        return w

    window = new_window()
    handler = install_exception_hook()
    app.aboutToQuit.connect(lambda: setattr(handler, "quitting", True))
    if open_path:
        window.open_path(open_path)
    splash.finish(window)  # shows the window in the start screen's place
    log.info("app started")
    offers = []
    QTimer.singleShot(0, lambda: offers.append(offer_recovery(window, new_window)))
    driver = os.environ.get(TEST_DRIVER_ENV)
    if driver:
        _schedule_test_driver(app, windows, driver)
    if exit_after_show:
        # for start-up benchmarks and smoke tests of the frozen app: quit once shown
        QTimer.singleShot(0, lambda: (print("window shown", flush=True), app.quit()))
    try:
        return app.exec()
    finally:
        # windows still open here were not closed by the user (app.exit, session end):
        # keep their unsaved work as recovery files for the next start
        from desktop_app.infra import recovery

        recovery.close_all(keep_if_dirty=True)


# -------------------------------------------------------------------- test-only driver
def _wait(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(max(0, int(seconds * 1000)), loop.quit)
    loop.exec()


def _wait_until(predicate, timeout: float = 10.0, step: float = 0.02):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        _wait(step)


def _schedule_test_driver(app, windows, path: str) -> None:
    """Run the test driver script inside the app once the event loop is running."""
    import runpy
    import traceback

    from PySide6.QtCore import QTimer

    def run():
        code = 0
        try:
            runpy.run_path(path, init_globals={"app": app, "window": windows[0],
                                               "windows": windows, "wait": _wait,
                                               "wait_until": _wait_until},
                           run_name="__driver__")
        except SystemExit as exc:
            code = int(exc.code or 0)
        except BaseException:  # noqa: BLE001 - report and fail the test run
            traceback.print_exc()
            code = 70
        sys.stdout.flush()
        app.exit(code)

    QTimer.singleShot(0, run)
