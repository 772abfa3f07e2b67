"""Command line and application start-up.

    presacral-consult                         the app
    presacral-consult open CASE.json          the app with a saved consultation
    presacral-consult export CASE.json --out summary.pdf [--lang es]
    presacral-consult --selftest              load content, atlas, fonts; export a test PDF
    presacral-consult --version

Errors are one clear line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app import APP_NAME, __version__


def _log():
    """The app's logger. (``logging`` and the log set-up, ~20 ms, come after the start screen.)"""
    import logging

    return logging.getLogger("presacral")

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not usage + traceback-ish noise
        raise SystemExit(_fail(f"{self.prog}: {message} (see --help)", EXIT_USAGE))


def _fail(message: str, code: int = EXIT_ERROR, *, gui: bool = False) -> int:
    print(f"presacral-consult: error: {message}", file=sys.stderr)
    if gui:
        tell_desktop_user(message[:1].upper() + message[1:])
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="presacral-consult",
                     description=f"{APP_NAME}: consultation aid for presacral tumours.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--selftest", action="store_true",
                        help="check content, anatomy, fonts and PDF export; exit 0 if all is well")
    parser.add_argument("--config", metavar="PATH", help="clinic configuration file (YAML)")
    parser.add_argument("--content-dir", metavar="DIR",
                        help="a clinic content folder that replaces or extends the shipped text")
    # The same two options also after the command ("export CASE.json --config PATH"); SUPPRESS
    # keeps a value given before the command when they are not repeated after it.
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS,
                        help="clinic configuration file (YAML)")
    shared.add_argument("--content-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="a clinic content folder that replaces or extends the shipped text")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    p_open = sub.add_parser("open", parents=[shared], help="open a saved consultation in the app")
    p_open.add_argument("file")
    p_export = sub.add_parser("export", parents=[shared],
                              help="write the patient PDF summary without a window")
    p_export.add_argument("file")
    p_export.add_argument("--out", required=True, metavar="PDF")
    p_export.add_argument("--lang", choices=("en", "es"), default=None,
                          help="patient language (default: the consultation's)")
    return parser


# ------------------------------------------------------------------------- services
def load_settings(args, *, check_content: bool = True, log_warnings: bool = True):
    """Config + content folders for the given CLI args. Raises CliError with one clear line.

    ``check_content=False`` (the app) leaves reading the content to :func:`load_english`, after
    the start screen is up."""
    from desktop_app.config import ConfigError, load_config

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        raise CliError(f"clinic configuration: {exc}") from None
    if log_warnings:
        for warning in config.warnings:
            _log().warning("%s", warning)
    extra = [d for d in (config.content_dir, args.content_dir) if d]
    if check_content:
        load_english(extra)
    return config, extra


def load_english(extra_dirs, cache_dir=None):
    """The English content (shipped plus clinic folders), or CliError naming the problem."""
    from desktop_app.model.content import ContentError

    try:
        return content_loader(extra_dirs, cache_dir)("en")
    except ContentError as exc:
        raise CliError(f"content: {exc}") from None


_LOADERS: dict = {}


def content_loader(extra_dirs, cache_dir=None):
    """A cached ``language -> ContentLibrary`` function (English is the fallback).

    One loader per set of clinic folders for the whole process, so the start-up check in
    :func:`load_settings` and the window share the parsed content instead of parsing twice.
    ``cache_dir``: the parse cache folder (the app: :func:`parse_cache_dir`), so a start with
    unchanged files parses nothing; None (``--selftest``, export, tests) parses every file.
    """
    from desktop_app.model.content import load_content
    from desktop_app.paths import content_dir

    key = (tuple(str(d) for d in extra_dirs), None if cache_dir is None else str(cache_dir))
    if key in _LOADERS:
        return _LOADERS[key]
    cache = {}

    def get(language: str):
        if language not in cache:
            base = content_dir()
            lang = language if (base / language).is_dir() else "en"
            cache[language] = load_content(base, lang, extra_dirs, cache_dir=cache_dir)
        return cache[language]

    _LOADERS[key] = get
    return get


def load_atlas_or_none(lazy: bool = False, cache_dir=None):
    """The anatomy atlas, or None while the drawings are not installed.

    ``lazy`` (the app's start-up) reads each drawing when first shown; ``--selftest`` reads
    and cross-checks all of them. ``cache_dir``: as for :func:`content_loader`."""
    from desktop_app.paths import resource_path

    if not (resource_path("anatomy") / "anatomy.yaml").is_file():
        return None
    from desktop_app.model.anatomy import load_atlas

    return load_atlas(resource_path("anatomy"), lazy=lazy, cache_dir=cache_dir)


def parse_cache_dir() -> Path | None:
    """The app's parse cache folder (parsed content and drawings, see
    :mod:`desktop_app.model.parsecache`) in the per-user cache folder, or None if Qt knows
    none. Nothing in it is patient data; deleting it only makes the next start slower."""
    from desktop_app.paths import user_location

    base = user_location("CacheLocation")
    return Path(base) / "parsed" if base else None


def export_pdf(consultation, out: Path, *, config, content, atlas, language=None) -> None:
    try:
        from desktop_app.export.pdf import ExportError, export_summary
    except ImportError:
        raise CliError("PDF export is not available in this build") from None
    try:
        export_summary(consultation, out, config=config, content=content, atlas=atlas,
                       language=language)
    except ExportError as exc:
        raise CliError(str(exc)) from None


# ------------------------------------------------------------------------- commands
def cmd_export(args) -> int:
    from desktop_app.model import storage

    config, extra = load_settings(args)
    try:
        consultation = storage.load(args.file)
    except storage.StorageError as exc:
        raise CliError(str(exc)) from None
    language = args.lang or consultation.language or config.language
    content = content_loader(extra)(language)
    export_pdf(consultation, Path(args.out), config=config, content=content,
               atlas=load_atlas_or_none(), language=language)
    print(f"wrote {args.out}")
    return EXIT_OK


def cmd_selftest(args) -> int:
    from desktop_app.model.consultation import Consultation, Lesion

    config, extra = load_settings(args)
    checks = ["config: " + (config.source or "none found, defaults")]
    for warning in config.warnings:  # IT runs --selftest after deploying the config
        print(f"presacral-consult: warning: {warning}", file=sys.stderr)
    load = content_loader(extra)
    for language in ("en", "es"):
        library = load(language)
        checks.append(f"content {library.language}: {sum(1 for _ in library.all_items())} items")
    try:
        atlas = load_atlas_or_none()
    except Exception as exc:  # the atlas raises its own error type; report it in one line
        raise CliError(f"anatomy: {exc}") from None
    checks.append("anatomy: " + ("ok" if atlas else "not installed"))
    try:
        from desktop_app.export import pdf  # noqa: F401
        has_pdf = True
    except ImportError:
        has_pdf = False
    if has_pdf:
        sample = Consultation(symptoms=["low_back_pain"], tests=["mri"],
                              treatments_discussed=["surgery_posterior"],
                              lesions=[Lesion(cx=300, cy=300, rx=30, ry=20)])
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "selftest.pdf"
            export_pdf(sample, out, config=config, content=load("en"), atlas=atlas)
            if not out.is_file() or out.read_bytes()[:5] != b"%PDF-":
                raise CliError("the test PDF was not written")
        checks.append("pdf: ok")
    print("selftest ok: " + "; ".join(checks))
    return EXIT_OK


def run_gui(args, path: str | None = None) -> int:
    """Config, then the start screen at once, then the log file and the rest of the app."""
    import os

    from desktop_app.ui.start_screen import make_application, show_start_screen

    config, extra = load_settings(args, check_content=False, log_warnings=False)
    if path is not None and not Path(path).is_file():
        raise CliError(f"'{path}' does not exist")
    make_application()
    splash = show_start_screen(config)
    if os.environ.get("PRESACRAL_CONSULT_EXIT_AFTER_SHOW"):
        print("start screen shown", flush=True)
    setup_logging()
    for warning in config.warnings:
        _log().warning("%s", warning)
    from desktop_app.ui.application import run_app

    return run_app(config=config, content_dirs=extra, open_path=path, splash=splash)


# What a double-click passes (no arguments): the parser's defaults, without building it
# (argparse with its sub-commands costs ~7 ms before the start screen; a test keeps the two equal)
NO_ARGUMENTS = {"selftest": False, "config": None, "content_dir": None, "command": None}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        args = argparse.Namespace(**NO_ARGUMENTS)
    else:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:
            return int(exc.code or 0)
    gui = not args.selftest and args.command in (None, "open")
    if not gui:
        setup_logging()  # the app sets it up once its start screen is shown
    try:
        if args.selftest:
            return cmd_selftest(args)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "open":
            return run_gui(args, args.file)
        return run_gui(args)
    except CliError as exc:
        return _fail(str(exc), gui=gui)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as exc:  # last resort: never a traceback at the user
        setup_logging()  # (the app's may not be set up yet: then logging would print it)
        _log().exception("unexpected error")
        return _fail(f"unexpected {type(exc).__name__}; details are in the log file "
                     f"({log_dir()})", gui=gui)


def tell_desktop_user(message: str) -> None:
    """The same line in a dialog: started from a desktop icon there is no console to read
    (the Windows executable has none at all), and an app that silently does not open looks
    broken. Skipped in the non-interactive smoke mode (PRESACRAL_CONSULT_EXIT_AFTER_SHOW)."""
    import os

    if os.environ.get("PRESACRAL_CONSULT_EXIT_AFTER_SHOW"):
        return
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
        app.setApplicationDisplayName(APP_NAME)
        QMessageBox.critical(None, APP_NAME, f"{APP_NAME} cannot start.\n\n{message}")
    except Exception:  # noqa: BLE001 - no display either: the line on stderr is all we have
        setup_logging()
        _log().warning("could not show the start-up error in a dialog")


# ------------------------------------------------------------------------- logging
def log_dir() -> Path:
    from desktop_app.paths import user_location

    return Path(user_location("AppLocalDataLocation")) / "logs"


def setup_logging() -> None:
    """Rotating log file in the per-user log folder; every record passes the redaction filter."""
    import logging

    from desktop_app.logfile import DeferredFileHandler
    from desktop_app.logsafe import RedactingFilter

    root = logging.getLogger()
    if any(getattr(h, "_presacral", False) for h in root.handlers):
        return
    root.setLevel(logging.INFO)
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler: logging.Handler = DeferredFileHandler(folder / "presacral-consult.log")
    except OSError:
        handler = logging.NullHandler()
    handler._presacral = True  # type: ignore[attr-defined]
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


if __name__ == "__main__":
    sys.exit(main())
