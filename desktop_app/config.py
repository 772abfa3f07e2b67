"""Clinic configuration, set once by hospital IT in a small YAML file.

Lookup order (first file found wins): ``--config PATH``, ``$PRESACRAL_CONSULT_CONFIG``, the
system config folder, the user config folder. No file at all is fine: neutral defaults.
Every problem is a :class:`ConfigError` naming the file and the key.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

ENV_VAR = "PRESACRAL_CONSULT_CONFIG"
CONFIG_NAME = "config.yaml"
APP_DIR_NAME = "presacral-consult"
PAPER_SIZES = ("A4", "Letter")
LANGUAGES = ("en", "es")


class ConfigError(Exception):
    """A problem in a config file: ``file: line N: 'key': problem`` (line/key when known)."""

    def __init__(self, file: str | Path, key: str | None, problem: str, line: int | None = None):
        self.file = str(file)
        self.key = key
        self.line = line
        self.problem = problem
        super().__init__(f"{self.file}: " + (f"line {line}: " if line else "")
                         + (f"'{key}': " if key else "") + problem)


LOGO_TYPES = (".png", ".jpg", ".jpeg")


@dataclass(frozen=True)
class ClinicConfig:
    clinic_name: str = ""
    department: str = ""
    address: str = ""
    phone: str = ""
    logo: str = ""  # absolute path (a relative one in the file is relative to the file)
    language: str = "en"
    paper: str = "A4"
    autosave_seconds: float = 10.0
    content_dir: str = ""
    source: str = ""  # the file this came from ("" = defaults)
    warnings: tuple[str, ...] = field(default=())

    @property
    def display_name(self) -> str:
        return self.clinic_name or "Your surgical team"

    def logo_path(self) -> Path | None:
        """The logo if it exists and is PNG/JPEG; a missing logo never breaks anything."""
        if not self.logo:
            return None
        path = Path(self.logo)
        return path if path.suffix.lower() in LOGO_TYPES and path.is_file() else None


_STR_KEYS = ("clinic_name", "department", "address", "phone", "logo", "content_dir")
_KEYS = set(_STR_KEYS) | {"language", "paper", "autosave_seconds"}


def system_config_dirs() -> list[Path]:
    if sys.platform.startswith("win"):
        base = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return [Path(base) / APP_DIR_NAME]
    if sys.platform == "darwin":
        return [Path("/Library/Application Support") / APP_DIR_NAME]
    dirs = (os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(os.pathsep)
    return ([Path(d) / APP_DIR_NAME for d in dirs if os.path.isabs(d)]
            + [Path("/etc") / APP_DIR_NAME])


def user_config_dir() -> Path:
    if sys.platform.startswith("win"):
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".config") / APP_DIR_NAME


def candidate_paths(cli_path: str | None = None) -> list[tuple[str, Path]]:
    out: list[tuple[str, Path]] = []
    if cli_path:
        out.append(("--config", Path(cli_path)))
    if os.environ.get(ENV_VAR):
        out.append((ENV_VAR, Path(os.environ[ENV_VAR])))
    out += [("system", d / CONFIG_NAME) for d in system_config_dirs()]
    out.append(("user", user_config_dir() / CONFIG_NAME))
    return out


def find_config(cli_path: str | None = None) -> Path | None:
    for origin, path in candidate_paths(cli_path):
        if origin in ("--config", ENV_VAR):
            if not path.is_file():  # an explicit path that is wrong must not be ignored
                raise ConfigError(path, None, f"config file given by {origin} not found")
            return path
        if path.is_file():
            return path
    return None


_NULLS = ("", "~", "null", "Null", "NULL")


def _read_mapping(path: Path) -> list[tuple[str, int, str | None]]:
    """(key, line, raw text or None) for each top-level entry, exactly as written.

    YAML's BaseLoader keeps every value as the text IT typed: a phone number ``0123 45 67 89``
    or ``01234567`` stays as written (no octal or integer surprises), ``language: no`` is not
    turned into False. We convert and validate each value ourselves, with its line number.
    """
    import yaml  # only when a file exists: PyYAML costs ~30 ms of start-up

    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad may add a byte-order mark
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, f"cannot be read ({type(exc).__name__})") from None
    try:
        loader = yaml.BaseLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ConfigError(path, None, f"invalid YAML: {problem}",
                          mark.line + 1 if mark else None) from None
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError(path, None, "must be a list of 'key: value' lines",
                          root.start_mark.line + 1)
    entries, seen = [], {}
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise ConfigError(path, None, "a key must be a plain word", line)
        key = key_node.value
        if key in seen:
            raise ConfigError(path, key, f"given twice (lines {seen[key]} and {line})", line)
        seen[key] = line
        if not isinstance(value_node, yaml.ScalarNode):
            raise ConfigError(path, key, "must be a single value, not a list or a group", line)
        plain_null = value_node.style is None and value_node.value in _NULLS
        entries.append((key, line, None if plain_null else value_node.value))
    return entries


def parse_config(path: Path) -> ClinicConfig:
    path = Path(path)
    values: dict = {}
    warnings = []
    for key, line, raw in _read_mapping(path):
        if key not in _KEYS:
            import difflib  # only for a misspelt key

            close = difflib.get_close_matches(key, sorted(_KEYS), n=1)
            hint = f"did you mean '{close[0]}'?" if close else (
                "expected one of: " + ", ".join(sorted(_KEYS)))
            raise ConfigError(path, key, f"unknown key ({hint})", line)
        if raw is None:  # "key:" with nothing after it: the default
            continue
        value = raw.strip()
        if key in _STR_KEYS:
            values[key] = value
        elif key == "language":
            if value.lower() not in LANGUAGES:
                raise ConfigError(path, key, "must be one of " + ", ".join(LANGUAGES)
                                  + f" (found '{value}')", line)
            values[key] = value.lower()
        elif key == "paper":
            match = {p.lower(): p for p in PAPER_SIZES}.get(value.lower())
            if match is None:
                raise ConfigError(path, key, f"must be A4 or Letter (found '{value}')", line)
            values[key] = match
        elif key == "autosave_seconds":
            try:
                seconds = float(value)
            except ValueError:
                seconds = math.nan
            if not 1 <= seconds <= 3600:  # also false for nan
                raise ConfigError(path, key, "must be a number of seconds from 1 to 3600 "
                                  f"(found '{value}')", line)
            values[key] = seconds
    for key in ("logo", "content_dir"):
        if values.get(key):
            p = Path(os.path.expandvars(os.path.expanduser(values[key])))
            if not p.is_absolute():
                p = path.parent / p
            values[key] = str(p)
    logo = values.get("logo")
    if logo and Path(logo).suffix.lower() not in LOGO_TYPES:
        warnings.append(f"{path}: 'logo': use a PNG or JPEG file ({Path(logo).name} is not); "
                        "the summary is made without a logo")
    elif logo and not Path(logo).is_file():
        warnings.append(f"{path}: 'logo': file not found ({logo}); "
                        "the summary is made without a logo")
    if values.get("content_dir") and not Path(values["content_dir"]).is_dir():
        raise ConfigError(path, "content_dir", f"folder not found ({values['content_dir']})")
    return ClinicConfig(**values, source=str(path), warnings=tuple(warnings))


def load_config(cli_path: str | None = None) -> ClinicConfig:
    path = find_config(cli_path)
    return parse_config(path) if path else ClinicConfig()


def with_overrides(config: ClinicConfig, **changes) -> ClinicConfig:
    return replace(config, **{k: v for k, v in changes.items() if v is not None})
