"""Loading what the app and the command line both need: clinic config, content, anatomy atlas,
the parse cache folder, and the PDF export.

Every failure is a :class:`ServiceError` carrying one clear line; the command line prints it, the
window shows it. Heavy modules are imported inside the functions: the start screen must not wait
for them.
"""

from __future__ import annotations

from pathlib import Path


def _log():
    import logging

    return logging.getLogger("presacral")


class ServiceError(Exception):
    """A user-facing failure of loading or exporting, as one line."""


def load_settings(args, *, check_content: bool = True, log_warnings: bool = True):
    """Config + content folders for the given CLI args. Raises ServiceError with one clear line.

    ``check_content=False`` (the app) leaves reading the content to :func:`load_english`, after
    the start screen is up."""
    from desktop_app.infra.config import ConfigError, load_config

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        raise ServiceError(f"clinic configuration: {exc}") from None
    if log_warnings:
        for warning in config.warnings:
            _log().warning("%s", warning)
    extra = [d for d in (config.content_dir, args.content_dir) if d]
    if check_content:
        load_english(extra)
    return config, extra


def load_english(extra_dirs, cache_dir=None):
    """The English content (shipped plus clinic folders), or ServiceError naming the problem."""
    from desktop_app.model.content import ContentError

    try:
        return content_loader(extra_dirs, cache_dir)("en")
    except ContentError as exc:
        raise ServiceError(f"content: {exc}") from None


_LOADERS: dict = {}


def content_loader(extra_dirs, cache_dir=None):
    """A cached ``language -> ContentLibrary`` function (English is the fallback).

    One loader per set of clinic folders for the whole process, so the start-up check in
    :func:`load_settings` and the window share the parsed content instead of parsing twice.
    ``cache_dir``: the parse cache folder (the app: :func:`parse_cache_dir`), so a start with
    unchanged files parses nothing; None (``--selftest``, export, tests) parses every file.
    """
    from desktop_app.model.content import load_content
    from desktop_app.infra.paths import content_dir

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
    from desktop_app.infra.paths import resource_path

    if not (resource_path("anatomy") / "anatomy.yaml").is_file():
        return None
    from desktop_app.model.anatomy import load_atlas

    return load_atlas(resource_path("anatomy"), lazy=lazy, cache_dir=cache_dir)


def parse_cache_dir() -> Path | None:
    """The app's parse cache folder (parsed content and drawings, see
    :mod:`desktop_app.model.parsecache`) in the per-user cache folder, or None if Qt knows
    none. Nothing in it is patient data; deleting it only makes the next start slower."""
    from desktop_app.infra.paths import user_location

    base = user_location("CacheLocation")
    return Path(base) / "parsed" if base else None


def load_signoff(config):
    """The clinic's clinical sign-off record (an empty one when there is no file yet), and
    its path. A broken file is a ServiceError with one clear line, never a traceback."""
    from desktop_app.infra.signoff_store import SignoffStoreError, read_text, signoff_path
    from desktop_app.model.signoff import SignoffBook, SignoffError

    path = signoff_path(config)
    try:
        text = read_text(path)
        return (SignoffBook() if text is None else SignoffBook.from_json(text)), path
    except (SignoffStoreError, SignoffError) as exc:
        raise ServiceError(f"clinical sign-off ({path.name}): {exc}") from None


def export_pdf(consultation, out: Path, *, config, content, atlas, language=None,
               signoff=None, inputs=(), confirmed: bool = False) -> None:
    """The patient's PDF. ``signoff``: the clinic's sign-off record; None reads it from beside
    the clinic configuration. A sign-off file that cannot be read never stops the export: the
    summary then says, truthfully, that no clinician here has reviewed the text.

    Written by the app's writer rules (:func:`desktop_app.model.files.check_target`): never
    over one of ``inputs`` (the consultation being exported), a folder, device, pipe or
    socket, or - unless the user ``confirmed`` it in the save dialog - an existing file that
    is not a PDF; a replaced PDF keeps its permissions, a new one is owner-only. A text in a
    script the PDF cannot print stops the export with one sentence (export/scripts.py)."""
    from desktop_app.model import files

    try:
        from desktop_app.export import scripts
        from desktop_app.export.pdf import ExportError, export_summary
    except ImportError:
        raise ServiceError("PDF export is not available in this build") from None
    try:  # before the layout: a refusal costs nothing
        files.check_target(out, inputs=tuple(p for p in inputs if p), magic=b"%PDF-",
                           kind="PDF", confirmed=confirmed)
        scripts.check(consultation, config)
    except (files.FileRefusedError, scripts.ScriptError) as exc:
        raise ServiceError(f"cannot write the PDF: {exc}") from None
    consultation, config = scripts.for_print(consultation, config)
    if signoff is None and config is not None:
        try:
            signoff, _path = load_signoff(config)
        except ServiceError as exc:
            _log().warning("%s", exc)
    try:
        export_summary(consultation, Path(out), config=config, content=content, atlas=atlas,
                       language=language, signoff=signoff)
    except ExportError as exc:
        raise ServiceError(str(exc)) from None
