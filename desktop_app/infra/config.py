"""Clinic configuration, set once by hospital IT in a small YAML file.

Lookup order (first file found wins): ``--config PATH``, ``$PRESACRAL_CONSULT_CONFIG``, the
system config folder, the user config folder. No file at all is fine: neutral defaults.
Every problem is a :class:`ConfigError` naming the file and the key.
"""

from __future__ import annotations

import math
import os
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop_app.model.plaintext import strip_bidi

ENV_VAR = "PRESACRAL_CONSULT_CONFIG"
CONFIG_NAME = "config.yaml"
APP_DIR_NAME = "presacral-consult"
PAPER_SIZES = ("A4", "Letter")
# Countries whose printers hold US Letter paper (Unicode CLDR's measurement data, paperSize
# "US-Letter"); every other country, and an unknown one, prints on A4.
LETTER_COUNTRIES = frozenset(("BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR",
                              "SV", "US", "VE"))
LANGUAGES = ("en", "es")


class ConfigError(Exception):
    """A problem in a config file: ``file: line N: 'key': problem`` (line/key when known)."""

    def __init__(self, file: str | Path, key: str | None, problem: str, line: int | None = None):
        self.file = str(file)
        self.key = key
        self.line = line
        self.problem = problem
        super().__init__(f"{self.file}: " + (f"line {line}: " if line else "")
                         + (f"'{_shown(key)}': " if key else "") + problem)


LOGO_TYPES = (".png", ".jpg", ".jpeg")
# A config is a dozen short lines: anything larger is not one (a 100 MB value kept --selftest
# busy for minutes). Lengths are what the PDF's header can lay out on one page; longer
# values made every export fail, so they are refused at load, where IT sees them.
MAX_CONFIG_BYTES = 64 * 1024
MAX_DEPTH = 20                 # nesting of YAML collections before the "single value" check
MAX_LENGTHS = {"clinic_name": 120, "department": 120, "phone": 60, "out_of_hours_phone": 60,
               "emergency_number": 20, "logo": 1000, "content_dir": 1000}
MAX_ADDRESS_LINES = 6
MAX_ADDRESS_LINE = 100
SHOWN = 40                     # characters of a bad value echoed in a message


def _shown(value: str) -> str:
    """A value as echoed in a message: one short line."""
    value = value.replace("\n", " ")
    return value if len(value) <= SHOWN else value[:SHOWN] + "…"


@dataclass(frozen=True)
class ClinicConfig:
    clinic_name: str = ""
    department: str = ""
    address: str = ""
    phone: str = ""
    # the number patients call when the clinic is closed ("" = the words "the hospital's main
    # number" are printed instead)
    out_of_hours_phone: str = ""
    # the local emergency number; "" = by ``country`` (US 911, GB 999, EU 112, ...: see
    # model/contacts.py), else the words "your local emergency number"
    emergency_number: str = ""
    country: str = ""  # ISO 3166 two letters, e.g. US
    logo: str = ""  # absolute path (a relative one in the file is relative to the file)
    language: str = "en"
    paper: str = ""  # "A4" or "Letter" as the file says; "" = by country (see paper_size)
    autosave_seconds: float = 10.0
    content_dir: str = ""
    # the clinic's clinical sign-off record (JSON); "" = clinical-signoff.json beside this file
    signoff_file: str = ""
    source: str = ""  # the file this came from ("" = defaults)
    warnings: tuple[str, ...] = field(default=())
    logo_problem: str = field(default="", compare=False)  # why the logo is not used

    @property
    def display_name(self) -> str:
        return self.clinic_name or "Your surgical team"

    @property
    def paper_size(self) -> str:
        """The summary's paper: the file's ``paper`` when it names one, else Letter for a
        clinic in a Letter country (US, CA, MX, ...), else A4 (also when no country is set)."""
        if self.paper:
            return self.paper
        return "Letter" if self.country.upper() in LETTER_COUNTRIES else "A4"

    def logo_path(self) -> Path | None:
        """The logo if it exists and is PNG/JPEG; a missing logo never breaks anything."""
        if not self.logo or self.logo_problem:
            return None
        path = Path(self.logo)
        return path if path.suffix.lower() in LOGO_TYPES and path.is_file() else None


_STR_KEYS = ("clinic_name", "department", "address", "phone", "out_of_hours_phone",
             "emergency_number", "logo", "content_dir", "signoff_file")
_KEYS = set(_STR_KEYS) | {"language", "paper", "autosave_seconds", "country"}
_COUNTRY_RE = re.compile(r"[A-Za-z]{2}")
_DIAL_RE = re.compile(r"[0-9][0-9 ]*")


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
            # an explicit path that is wrong must not be ignored; anything that exists is
            # read, and the reading rule refuses a folder, a pipe or a device in one line
            if not os.path.lexists(path):
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
    from desktop_app.model.files import FileRefusedError, read_regular

    try:
        raw = read_regular(path, MAX_CONFIG_BYTES, too_large="is too large for a config file "
                           f"(over {MAX_CONFIG_BYTES // 1024} KB)")
        text = raw.decode("utf-8-sig")  # Notepad may add a byte-order mark
    except FileRefusedError as exc:
        raise ConfigError(path, None, exc.reason) from None
    except UnicodeDecodeError:
        raise ConfigError(path, None, "cannot be read (it is not UTF-8 text)") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    scalars = _simple_scalars(text)
    if scalars is None:  # anything beyond plain "key: value" lines: the real YAML parser
        scalars = _yaml_scalars(path, text)
    entries: list[tuple[str, int, str | None]] = []
    seen: dict[str, int] = {}
    for key, line, value, plain in scalars:
        if key in seen:
            raise ConfigError(path, key, f"given twice (lines {seen[key]} and {line})", line)
        seen[key] = line
        entries.append((key, line, None if plain and value in _NULLS else value))
    return entries


def _yaml_scalars(path: Path, text: str) -> list[tuple[str, int, str, bool]]:
    """(key, line, value, plain style) of each entry, by PyYAML's BaseLoader."""
    import yaml  # ~30 ms: only for a file the quick reader below does not take

    _check_depth(path, text)
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
    out = []
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise ConfigError(path, None, "a key must be a plain word", line)
        if not isinstance(value_node, yaml.ScalarNode):
            raise ConfigError(path, key_node.value,
                              "must be a single value, not a list or a group", line)
        out.append((key_node.value, line, value_node.value, value_node.style is None))
    return out


def _check_depth(path: Path, text: str) -> None:
    """Refuse deep nesting before PyYAML builds it: its composer recurses once per level (a
    value nested 100,000 deep was an "unexpected RecursionError"). The scanner does not
    recurse, so the tokens are counted; the message names the line and the top-level key."""
    import yaml

    starts = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
              yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
    ends = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
    depth, key, want_key = 0, None, False
    try:
        for token in yaml.scan(text, Loader=yaml.BaseLoader):
            if isinstance(token, starts):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ConfigError(path, key, "nested too deeply (each setting must be a "
                                      "single value)", token.start_mark.line + 1)
            elif isinstance(token, ends):
                depth -= 1
            elif isinstance(token, yaml.KeyToken):
                want_key = depth == 1
            elif want_key and isinstance(token, yaml.ScalarToken):
                key, want_key = _shown(token.value), False
    except yaml.YAMLError:
        return  # the parser reports it, with its line


_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?:[ ]+(.*))?")
_PLAIN_START_OK = re.compile(r"[^\[\]{},&*!|>%@`'\"#?:\-\s]")


def _simple_scalars(text: str) -> list[tuple[str, int, str, bool]] | None:
    """The same result as :func:`_yaml_scalars` for the files IT writes — ``key: value``
    lines, '...' or "..." values without escapes, ``key: |`` blocks, comments — without
    importing PyYAML (it would cost the start screen ~30 ms). None for anything else: the
    caller then uses PyYAML, which also gives the error messages. Equivalence is tested
    against BaseLoader on generated files (tests/unit/test_config.py)."""
    text = text.replace("\r\n", "\n")
    if any(c < " " and c != "\n" or "\x7f" <= c <= "\x9f" or c in "\ufeff\ufffe\uffff\u2028\u2029"
           or "\ud800" <= c <= "\udfff" for c in text):
        return None
    lines = text.split("\n")
    out: list[tuple[str, int, str, bool]] = []
    i = 0
    while i < len(lines):
        raw = lines[i]
        stripped = raw.strip(" ")
        i += 1
        if not stripped or stripped.startswith("#"):
            continue
        if raw[0] == " " or stripped in ("---", "...") or stripped.startswith(("--- ", "... ")):
            return None  # a continuation line or a document marker
        m = _KEY_LINE.fullmatch(raw.rstrip(" "))
        if m is None:
            return None
        key, value = m.group(1), (m.group(2) or "")
        line_no = i
        if value == "" or value.startswith("#"):
            out.append((key, line_no, "", True))
        elif value == "|":
            block, i = _literal_block(lines, i)
            if block is None:
                return None
            out.append((key, line_no, block, False))
        elif value[0] == "'":
            inner = value[1:-1] if len(value) >= 2 and value.endswith("'") else None
            if inner is None or "'" in inner.replace("''", ""):
                return None
            out.append((key, line_no, inner.replace("''", "'"), False))
        elif value[0] == '"':
            inner = value[1:-1] if len(value) >= 2 and value.endswith('"') else None
            if inner is None or '"' in inner or "\\" in inner:
                return None
            out.append((key, line_no, inner, False))
        else:
            cut = value.find(" #")
            plain = (value[:cut] if cut >= 0 else value).rstrip(" ")
            if (not _PLAIN_START_OK.match(plain) or ": " in plain or plain.endswith(":")
                    or " #" in plain):
                return None
            out.append((key, line_no, plain, True))
    return out


def _literal_block(lines: list[str], i: int) -> tuple[str | None, int]:
    """The text of a ``key: |`` block starting at ``lines[i]`` (YAML's "clip": one final
    line break), and the index after it; None when it is not a simple block."""
    body: list[str] = []
    indent = last = 0
    j = i
    while j < len(lines):
        raw = lines[j]
        if raw == "":
            body.append("")
            j += 1
            continue
        if raw.strip(" ") == "":
            return None, j  # a line of spaces: YAML has rules of its own for those
        lead = len(raw) - len(raw.lstrip(" "))
        if indent == 0:
            if lead == 0:
                break
            indent = lead
        elif lead < indent:
            if lead > 0:
                return None, j  # under-indented text: leave the error to YAML
            break
        body.append(raw[indent:])
        last = j
        j += 1
    while body and body[-1] == "":
        body.pop()
    if indent == 0 or not body:
        return None, j
    if any(ln != ln.rstrip(" ") or ln.startswith("#") for ln in body):
        return None, j  # trailing spaces, comment-like lines: let YAML decide
    # "clip" keeps the last line break, if the file has one after the last line
    return "\n".join(body) + ("\n" if last < len(lines) - 1 else ""), j


def _check_length(path: Path, key: str, value: str, line: int) -> None:
    if key == "address":
        lines = value.split("\n")
        if len(lines) > MAX_ADDRESS_LINES:
            raise ConfigError(path, key, f"has {len(lines)} lines; the summary's header has "
                              f"room for {MAX_ADDRESS_LINES}", line)
        longest = max(len(x) for x in lines)
        if longest > MAX_ADDRESS_LINE:
            raise ConfigError(path, key, f"a line is {longest} characters long; the summary's "
                              f"header has room for {MAX_ADDRESS_LINE}", line)
        return
    limit = MAX_LENGTHS.get(key)
    if limit is not None and len(value) > limit:
        raise ConfigError(path, key, f"is {len(value)} characters long; at most {limit} fit",
                          line)


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
        value = strip_bidi(raw).strip()   # the screen and the PDF show the same text
        if key in _STR_KEYS:
            _check_length(path, key, value, line)
            if key == "emergency_number" and not _DIAL_RE.fullmatch(value):
                raise ConfigError(path, key, "must be the digits to dial, e.g. 911 or 112 "
                                  f"(found '{_shown(value)}')", line)
            values[key] = value
        elif key == "country":
            if not _COUNTRY_RE.fullmatch(value):
                raise ConfigError(path, key, "must be the two-letter country code, e.g. US, "
                                  f"GB or ES (found '{_shown(value)}')", line)
            values[key] = value.upper()
        elif key == "language":
            if value.lower() not in LANGUAGES:
                raise ConfigError(path, key, "must be one of " + ", ".join(LANGUAGES)
                                  + f" (found '{_shown(value)}')", line)
            values[key] = value.lower()
        elif key == "paper":
            match = {p.lower(): p for p in PAPER_SIZES}.get(value.lower())
            if match is None:
                raise ConfigError(path, key, f"must be A4 or Letter (found '{_shown(value)}')",
                                  line)
            values[key] = match
        elif key == "autosave_seconds":
            try:
                seconds = float(value)
            except ValueError:
                seconds = math.nan
            if not 1 <= seconds <= 3600:  # also false for nan
                raise ConfigError(path, key, "must be a number of seconds from 1 to 3600 "
                                  f"(found '{_shown(value)}')", line)
            values[key] = seconds
    for key in ("logo", "content_dir", "signoff_file"):
        if values.get(key):
            p = Path(os.path.expandvars(os.path.expanduser(values[key])))
            if not p.is_absolute():
                p = path.parent / p
            values[key] = str(p)
    logo = values.get("logo")
    if logo and Path(logo).suffix.lower() not in LOGO_TYPES:
        warnings.append(f"{path}: 'logo': use a PNG or JPEG file ({Path(logo).name} is not); "
                        "the summary is made without a logo")
    elif logo and not os.path.lexists(logo):
        warnings.append(f"{path}: 'logo': file not found ({logo}); "
                        "the summary is made without a logo")
    elif logo:
        from desktop_app.infra import logo as logo_check

        try:  # the header only (a pipe, a device, not an image, too many pixels)
            logo_check.check(Path(logo))
        except logo_check.LogoError as exc:
            values["logo_problem"] = str(exc)
            warnings.append(f"{path}: 'logo': {exc}; the summary is made without a logo")
    if values.get("content_dir") and not Path(values["content_dir"]).is_dir():
        raise ConfigError(path, "content_dir", f"folder not found ({values['content_dir']})")
    return ClinicConfig(**values, source=str(path), warnings=tuple(warnings))


NO_PHONE = "the patient's summary prints a blank line to write the team's phone number on"
NO_NIGHT_PHONE = ("the patient's summary prints a blank line to write the night and weekend "
                  "number on")


def missing_numbers(config: ClinicConfig) -> list[str]:
    """What IT should add so patient text never says "call us" without a number (the summary
    then prints a line to write it on by hand; ``--selftest`` warns, and exits 3 for the
    team's phone)."""
    out = []
    if not config.phone:
        out.append(f"'phone' is not set: {NO_PHONE}")
    if not config.out_of_hours_phone:
        out.append(f"'out_of_hours_phone' is not set: {NO_NIGHT_PHONE}")
    if not config.emergency_number and not config.country:
        out.append("neither 'emergency_number' nor 'country' is set: the patient's summary "
                   "says \"your local emergency number\" instead of a number")
    return out


def load_config(cli_path: str | None = None) -> ClinicConfig:
    path = find_config(cli_path)
    return parse_config(path) if path else ClinicConfig()


def with_overrides(config: ClinicConfig, **changes) -> ClinicConfig:
    return replace(config, **{k: v for k, v in changes.items() if v is not None})
