"""QApplication start-up, the global exception hook and the main window."""

from __future__ import annotations

import logging
import os
import sys

from desktop_app import APP_NAME, ORG_NAME, __version__

log = logging.getLogger("presacral")


def make_application(argv=None):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName("presacral-consult")
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app


def install_exception_hook(window_getter) -> None:
    """Log unexpected errors (redacted), tell the user calmly, keep running."""
    from PySide6.QtWidgets import QMessageBox

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        window = window_getter()
        if window is not None and hasattr(window, "on_unexpected_error"):
            window.on_unexpected_error()
        QMessageBox.warning(window, APP_NAME,
                            "Something went wrong, but your work is safe in this window.\n"
                            "The problem was written to the log file for your IT team.")

    sys.excepthook = hook


def run_app(*, config, content_dirs=(), open_path=None) -> int:
    from desktop_app.app import content_loader, load_atlas_or_none
    from desktop_app.ui.main_window import MainWindow

    app = make_application()
    load = content_loader(list(content_dirs))
    window = MainWindow(load("en"), config=config, atlas=load_atlas_or_none(), content_for=load)
    install_exception_hook(lambda: window)
    if open_path:
        window.open_path(open_path)
    window.show()
    log.info("app started")
    if os.environ.get("PRESACRAL_CONSULT_EXIT_AFTER_SHOW"):
        # for start-up benchmarks and smoke tests of the frozen app: quit once shown
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: (print("window shown", flush=True), app.quit()))
    return app.exec()
