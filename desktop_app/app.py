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
from desktop_app.infra.display import NO_DISPLAY, display_found
from desktop_app.services import (ServiceError, content_loader, export_pdf, load_atlas_or_none,
                                  load_settings)


def _log():
    """The app's logger. (``logging`` and the log set-up, ~20 ms, come after the start screen.)"""
    import logging

    return logging.getLogger("presacral")


def setup_logging() -> None:
    from desktop_app.infra.logfile import setup_logging as setup

    setup()


def log_dir() -> Path:
    from desktop_app.infra.logfile import log_dir as folder

    return folder()

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
# --selftest: the app works, but the clinic configuration gives patients no number to call
EXIT_INCOMPLETE = 3


class CliError(ServiceError):
    """A user-facing failure of a command: printed as one line, exit code 1."""


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
                     description=f"{APP_NAME}: consultation aid for presacral tumors.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--selftest", action="store_true",
                        help="check content, anatomy, fonts, PDF export and printing; exit 0 if "
                             "all is well, 1 if something is broken, 3 if the clinic "
                             "configuration gives no team phone")
    parser.add_argument("--config", metavar="PATH", help="clinic configuration file (YAML)")
    parser.add_argument("--content-dir", metavar="DIR",
                        help="a clinic content folder that replaces or extends the shipped text")
    # The same two options also after the command ("export CASE.json --config PATH"); SUPPRESS
    # keeps a value given before the command when they are not repeated after it.
    shared = _Parser(add_help=False)
    shared.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS,
                        help="clinic configuration file (YAML)")
    shared.add_argument("--content-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="a clinic content folder that replaces or extends the shipped text")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    p_open = sub.add_parser("open", parents=[shared], help="open a saved consultation in the app")
    p_open.add_argument("file", help="a consultation file saved by the app (.json)")
    p_export = sub.add_parser("export", parents=[shared],
                              help="write the patient PDF summary without a window")
    p_export.add_argument("file", help="a consultation file saved by the app (.json)")
    p_export.add_argument("--out", required=True, metavar="PDF",
                          help="the PDF file to write (never one of the files it reads)")
    p_export.add_argument("--lang", choices=("en", "es"), default=None,
                          help="patient language (default: the consultation's)")
    return parser


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
               atlas=load_atlas_or_none(), language=language,
               inputs=(args.file, config.source))
    print(f"wrote {args.out}")
    for warning in export_warnings(consultation, content, config, language):
        print(f"presacral-consult: warning: {warning}", file=sys.stderr)
    return EXIT_OK


CHECKLIST_WORDS = {"symptoms": ("symptom", "symptoms"), "tests": ("test", "tests"),
                   "treatments_discussed": ("treatment discussed", "treatments discussed"),
                   "treatments_planned": ("planned treatment", "planned treatments")}


def export_warnings(consultation, content, config, language: str = "en") -> list[str]:
    """What the window would have asked before this export, and what the summary just written
    lacks: a biopsy beside a possible meningocele, the surgeon's typed words in a summary
    that is not in English, ticked items this app's text does not have (a file from a newer
    version or another clinic's text: kept in the file, left out of the summary), the
    team's phone and the night number."""
    from desktop_app.infra.config import NO_NIGHT_PHONE, NO_PHONE
    from desktop_app.model.biopsy_check import biopsy_with_meningocele
    from desktop_app.model.typed_text import LANGUAGE_NAMES, typed_kinds

    out = []
    areas = biopsy_with_meningocele(consultation)
    if areas:
        out.append(f"a biopsy is ticked while area{'s' if len(areas) > 1 else ''} "
                   f"{', '.join(str(n) for n in areas)} may be a meningocele (never tested "
                   "with a needle): check the plan before handing the summary over")
    kinds = typed_kinds(consultation) if language != "en" else []
    if kinds:
        out.append(f"the summary is in {LANGUAGE_NAMES.get(language, language)}, but what the "
                   f"surgeon typed prints as typed (not translated): {', '.join(kinds)}")
    for name in consultation.CHECKLISTS:
        unknown = [i for i in getattr(consultation, name) if content.item(i) is None]
        if unknown:
            one, many = CHECKLIST_WORDS[name]
            out.append(f"{len(unknown)} ticked {one if len(unknown) == 1 else many} "
                       f"{'is' if len(unknown) == 1 else 'are'} not in this app's text, so "
                       f"left out of the summary (kept in the file): {', '.join(unknown)}")
    if not config.phone:
        out.append(f"{config.source}: 'phone' is not set: {NO_PHONE}" if config.source else
                   f"no clinic configuration found: {NO_PHONE}")
    elif not config.out_of_hours_phone:
        out.append(f"{config.source or 'clinic configuration'}: 'out_of_hours_phone' is not "
                   f"set: {NO_NIGHT_PHONE}")
    return out


# Clinic configuration keys that name a file IT deploys: --selftest fails when one is not there.
FILE_KEYS = ("logo", "signoff_file")


def missing_files(config) -> list[str]:
    """"'key' (path)" for each file the configuration names that does not exist."""
    import os

    return [f"'{key}' ({getattr(config, key)})" for key in FILE_KEYS
            if getattr(config, key) and not os.path.lexists(getattr(config, key))]


def cmd_selftest(args) -> int:
    from desktop_app.model.consultation import Consultation, Lesion

    config, extra = load_settings(args, log_warnings=False)
    checks = ["config: " + (config.source or "none found, defaults")]
    missing = missing_files(config)
    for warning in config.warnings:  # IT runs --selftest after deploying the config
        if "file not found" not in warning:  # a missing file is the error at the end
            print(f"presacral-consult: warning: {warning}", file=sys.stderr)
    from desktop_app.infra.config import missing_numbers

    for warning in missing_numbers(config):  # patient text must never say "call us" alone
        print(f"presacral-consult: warning: {config.source or 'config'}: {warning}",
              file=sys.stderr)
    if config.logo_path() is not None:  # the header was fine: decode it all once now
        from desktop_app.infra.logo import LogoError, prepared

        try:
            prepared(config.logo_path(), 5.0 * 72 / 2.54, 1.9 * 72 / 2.54)  # 5 × 1.9 cm
        except LogoError as exc:
            print(f"presacral-consult: warning: {config.source}: 'logo': {exc}; the summary "
                  "is made without a logo", file=sys.stderr)
    if config.signoff_file and not missing:
        from desktop_app.services import load_signoff

        try:
            load_signoff(config)
        except ServiceError as exc:
            print(f"presacral-consult: warning: {exc}", file=sys.stderr)
    load = content_loader(extra)
    for language in ("en", "es"):
        library = load(language)
        checks.append(f"content {library.language}: {sum(1 for _ in library.all_items())} items")
    try:
        atlas = load_atlas_or_none()
    except Exception as exc:  # noqa: BLE001 - the atlas raises its own error type; report it in one line
        raise CliError(f"anatomy: {exc}") from None
    checks.append("anatomy: " + ("ok" if atlas else "not installed"))
    try:
        from desktop_app.export import pdf  # noqa: F401 - only whether it imports
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
            checks.append("print: " + selftest_print(out, Path(tmp) / "printed.pdf"))
        from desktop_app.export.scripts import report

        printed, refused = report()
        checks.append("names printed in: " + ", ".join(printed)
                      + (" (refused, never boxes: " + ", ".join(refused) + ")" if refused else ""))
    if missing:
        print("selftest failed: " + "; ".join(checks))
        raise CliError(f"{config.source}: the clinic configuration names "
                       f"{'a file that is' if len(missing) == 1 else 'files that are'} "
                       f"not there: {', '.join(missing)}")
    if not config.phone:   # it works, but a patient's summary would have no number to call
        print("selftest incomplete: " + "; ".join(checks) + "; phone: not set (set 'phone' "
              "in the clinic configuration)")
        return EXIT_INCOMPLETE
    print("selftest ok: " + "; ".join(checks))
    return EXIT_OK


def selftest_print(summary: Path, printed: Path) -> str:
    """File ▸ Print's path with a PDF file as the printer: the summary's pages rendered by PDFium
    (loaded at run time) and painted through a real QPrinter, then the printed file read back."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")   # nothing is shown
    from PySide6.QtPrintSupport import QPrinter

    from desktop_app.ui.print_summary import PdfPages, PrintError, prepare_printer, print_pages
    from desktop_app.ui.start_screen import make_application

    make_application()
    try:
        pages = PdfPages(summary.read_bytes())  # rendered page by page, as File > Print does
        try:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(printed))
            prepare_printer(printer, pages.size(0))
            sent = len(pages)
            count = print_pages(pages, printer)
        finally:
            pages.close()
    except (PrintError, ImportError, OSError) as exc:
        raise CliError(f"printing: {exc}") from None
    import pypdfium2 as pdfium  # type: ignore[import-untyped]  # (no type information)

    document = pdfium.PdfDocument(str(printed))
    try:
        got = len(document)
    finally:
        document.close()
    if got != count or count != sent:
        raise CliError(f"printing: {sent} pages sent, {got} came out of the printer")
    return f"ok ({count} pages through the printer)"


def run_gui(args, path: str | None = None) -> int:
    """Config, then the start screen at once, then the log file and the rest of the app."""
    import os

    from desktop_app.ui.start_screen import make_application, show_start_screen

    quick_pyside_module_check()   # PySide6 is imported now; most of our modules come after
    config, extra = load_settings(args, check_content=False, log_warnings=False)
    if path is not None and not Path(path).is_file():
        raise CliError(f"'{path}' does not exist")
    if not display_found():
        raise CliError(NO_DISPLAY)
    make_application()
    splash = show_start_screen(config)
    if os.environ.get("PRESACRAL_CONSULT_EXIT_AFTER_SHOW"):
        print("start screen shown", flush=True)
    setup_logging()
    for warning in config.warnings:
        _log().warning("%s", warning)
    from desktop_app.ui.application import run_app

    return run_app(config=config, content_dirs=extra, open_path=path, splash=splash)


def quick_pyside_module_check() -> None:
    """PySide6 asks of every module imported after it whether its source mentions "PySide6"
    (for its optional ``__feature__`` switches, which this app does not use), through
    ``inspect.getsource``: about 0.3 ms a module, 30-40 ms of a start. The same question,
    answered from the file's bytes; anything else (no file, a frozen module) still goes to
    PySide6's own check."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "quick", False):
        return

    def uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as fh:
                    return b"PySide6" in fh.read()
            except OSError:
                pass
        return bool(original(module))

    uses_pyside.quick = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


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
    except ServiceError as exc:  # CliError included
        return _fail(str(exc), gui=gui)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as exc:  # noqa: BLE001 - last resort: never a traceback at the user
        setup_logging()  # (the app's may not be set up yet: then logging would print it)
        _log().exception("unexpected error")
        return _fail(f"unexpected {type(exc).__name__}; details are in the log file "
                     f"({log_dir()})", gui=gui)


def tell_desktop_user(message: str) -> None:
    """The same line in a dialog: started from a desktop icon there is no console to read
    (the Windows executable has none at all), and an app that silently does not open looks
    broken. Skipped in the non-interactive smoke mode (PRESACRAL_CONSULT_EXIT_AFTER_SHOW)."""
    import os

    if os.environ.get("PRESACRAL_CONSULT_EXIT_AFTER_SHOW") or not display_found():
        return  # (with no display, Qt would abort the process)
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
        if not isinstance(app, QApplication):  # a console-only application shows no dialogs
            return
        if not has_real_screen():  # a modal dialog nobody can see would wait forever
            return
        app.setApplicationDisplayName(APP_NAME)
        QMessageBox.critical(None, APP_NAME, f"{APP_NAME} cannot start.\n\n{message}")
    except Exception:  # noqa: BLE001 - no display either: the line on stderr is all we have
        setup_logging()
        _log().warning("could not show the start-up error in a dialog")


def has_real_screen() -> bool:
    """False on Qt's offscreen and minimal platforms (tests, CI, a server): no one sees a
    window there, so nothing may wait for a click."""
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.platformName() not in ("offscreen", "minimal")


if __name__ == "__main__":
    sys.exit(main())
