"""Clinic configuration, set once by hospital IT in a small YAML file.

Lookup order (first file found wins): ``--config PATH``, ``$PRESACRAL_CONSULT_CONFIG``, the
system config folder, the user config folder. No file at all is fine: neutral defaults.
Every problem is a :class:`ConfigError` naming the file and the key.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

ENV_VAR = "PRESACRAL_CONSULT_CONFIG"
CONFIG_NAME = "config.yaml"
APP_DIR_NAME = "presacral-consult"
PAPER_SIZES = ("A4", "Letter")
LANGUAGES = ("en", "es")


class ConfigError(Exception):
    def __init__(self, file: str | Path, key: str | None, problem: str):
        self.file = str(file)
        self.key = key
        super().__init__(f"{self.file}: " + (f"'{key}': " if key else "") + problem)


@dataclass(frozen=True)
class ClinicConfig:
    clinic_name: str = ""
    department: str = ""
    address: str = ""
    phone: str = ""
    logo: str = ""  # absolute path, or relative to the config file
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
        """The logo if it exists; a missing logo never breaks anything (see ``warnings``)."""
        if not self.logo:
            return None
        path = Path(self.logo)
        return path if path.is_file() else None


_STR_KEYS = ("clinic_name", "department", "address", "phone", "logo", "content_dir")
_KEYS = set(_STR_KEYS) | {"language", "paper", "autosave_seconds"}


def system_config_dirs() -> list[Path]:
    if sys.platform.startswith("win"):
        base = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return [Path(base) / APP_DIR_NAME]
    if sys.platform == "darwin":
        return [Path("/Library/Application Support") / APP_DIR_NAME]
    dirs = os.environ.get("XDG_CONFIG_DIRS", "/etc/xdg").split(os.pathsep)
    return [Path(d) / APP_DIR_NAME for d in dirs if d] + [Path("/etc") / APP_DIR_NAME]


def user_config_dir() -> Path:
    if sys.platform.startswith("win"):
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    return Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / APP_DIR_NAME


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


def parse_config(path: Path) -> ClinicConfig:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, f"cannot be read ({type(exc).__name__})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(path, None, f"invalid YAML{where}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(path, None, "must be a mapping of key: value")
    values: dict = {}
    for key, value in data.items():
        if key not in _KEYS:
            raise ConfigError(path, str(key), "unknown key (expected one of: "
                              + ", ".join(sorted(_KEYS)) + ")")
        if key in _STR_KEYS:
            if value is None:
                value = ""
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                raise ConfigError(path, key, "must be text")
            values[key] = str(value).strip()
        elif key == "language":
            if value not in LANGUAGES:
                raise ConfigError(path, key, "must be one of " + ", ".join(LANGUAGES))
            values[key] = value
        elif key == "paper":
            match = {p.lower(): p for p in PAPER_SIZES}.get(str(value).lower())
            if match is None:
                raise ConfigError(path, key, "must be A4 or Letter")
            values[key] = match
        elif key == "autosave_seconds":
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or not 1 <= value <= 3600:
                raise ConfigError(path, key, "must be a number of seconds from 1 to 3600")
            values[key] = float(value)
    warnings = []
    for key in ("logo", "content_dir"):
        if values.get(key):
            p = Path(os.path.expanduser(values[key]))
            if not p.is_absolute():
                p = path.parent / p
            values[key] = str(p)
    if values.get("logo") and not Path(values["logo"]).is_file():
        warnings.append(f"{path}: 'logo': file not found; the summary is made without a logo")
    if values.get("content_dir") and not Path(values["content_dir"]).is_dir():
        raise ConfigError(path, "content_dir", "folder not found")
    return ClinicConfig(**values, source=str(path), warnings=tuple(warnings))


def load_config(cli_path: str | None = None) -> ClinicConfig:
    path = find_config(cli_path)
    return parse_config(path) if path else ClinicConfig()


def with_overrides(config: ClinicConfig, **changes) -> ClinicConfig:
    return replace(config, **{k: v for k, v in changes.items() if v is not None})
