"""Clinic configuration: where it is found, what is accepted, how problems are reported."""

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.infra import config as cfgmod
from desktop_app.infra.config import ClinicConfig, ConfigError, load_config, parse_config
from tests.conftest import ROOT

EXAMPLE_CONFIG = ROOT / "build_spec" / "config.example.yaml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def places(tmp_path, monkeypatch):
    """Isolated system (two XDG_CONFIG_DIRS) and user config folders, no env override."""
    monkeypatch.setattr(sys, "platform", "linux")
    sys_a, sys_b, user = tmp_path / "xdg-a", tmp_path / "xdg-b", tmp_path / "home-config"
    monkeypatch.setenv("XDG_CONFIG_DIRS", os.pathsep.join([str(sys_a), str(sys_b)]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(user))
    monkeypatch.delenv(cfgmod.ENV_VAR, raising=False)
    return {
        "system": sys_a / "presacral-consult" / "config.yaml",
        "system2": sys_b / "presacral-consult" / "config.yaml",
        "user": user / "presacral-consult" / "config.yaml",
        "env": tmp_path / "env" / "clinic.yaml",
        "cli": tmp_path / "cli" / "clinic.yaml",
    }


# ------------------------------------------------------------------------- where
def test_no_file_anywhere_gives_defaults(places):
    config = load_config(None)
    assert config == ClinicConfig()
    assert config.source == "" and config.display_name == "Your surgical team"
    assert (config.paper_size, config.language, config.autosave_seconds) == ("A4", "en", 10.0)


def test_precedence_cli_then_env_then_system_then_user(places, monkeypatch):
    for origin in ("cli", "env", "system", "user"):
        write(places[origin], f"clinic_name: from {origin}\n")
    monkeypatch.setenv(cfgmod.ENV_VAR, str(places["env"]))

    assert load_config(str(places["cli"])).clinic_name == "from cli"
    assert load_config(None).clinic_name == "from env"
    monkeypatch.delenv(cfgmod.ENV_VAR)
    assert load_config(None).clinic_name == "from system"
    places["system"].unlink()
    assert load_config(None).clinic_name == "from user"
    assert load_config(None).source == str(places["user"])


def test_first_system_folder_wins(places):
    write(places["system2"], "clinic_name: second\n")
    assert load_config(None).clinic_name == "second"
    write(places["system"], "clinic_name: first\n")
    assert load_config(None).clinic_name == "first"


def test_files_are_not_merged(places):
    """The first file found is the whole configuration: no surprise values from another."""
    write(places["system"], "clinic_name: System clinic\n")
    write(places["user"], "clinic_name: User clinic\nphone: '555'\n")
    config = load_config(None)
    assert config.clinic_name == "System clinic" and config.phone == ""


@pytest.mark.parametrize("origin", ["cli", "env"])
def test_explicit_path_that_does_not_exist_is_an_error(places, monkeypatch, origin):
    write(places["user"], "clinic_name: would hide the mistake\n")
    missing = places[origin]
    if origin == "env":
        monkeypatch.setenv(cfgmod.ENV_VAR, str(missing))
    with pytest.raises(ConfigError) as err:
        load_config(str(missing) if origin == "cli" else None)
    message = str(err.value)
    assert str(missing) in message and "not found" in message
    assert ("--config" if origin == "cli" else cfgmod.ENV_VAR) in message


def test_empty_or_relative_xdg_variables_fall_back_to_the_standard(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")
    monkeypatch.setenv("XDG_CONFIG_DIRS", "")
    assert cfgmod.user_config_dir() == tmp_path / ".config" / "presacral-consult"
    assert cfgmod.system_config_dirs() == [Path("/etc/xdg/presacral-consult"),
                                           Path("/etc/presacral-consult")]


def test_windows_folders(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMDATA", str(tmp_path / "ProgramData"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    monkeypatch.delenv(cfgmod.ENV_VAR, raising=False)
    assert cfgmod.system_config_dirs() == [tmp_path / "ProgramData" / "presacral-consult"]
    assert cfgmod.user_config_dir() == tmp_path / "Roaming" / "presacral-consult"
    write(tmp_path / "Roaming" / "presacral-consult" / "config.yaml", "clinic_name: user\n")
    assert load_config(None).clinic_name == "user"
    write(tmp_path / "ProgramData" / "presacral-consult" / "config.yaml", "clinic_name: IT\n")
    assert load_config(None).clinic_name == "IT"


def test_macos_folders(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cfgmod.system_config_dirs() == [
        Path("/Library/Application Support/presacral-consult")]
    assert cfgmod.user_config_dir() == (tmp_path / "Library" / "Application Support"
                                        / "presacral-consult")


# ------------------------------------------------------------------------- what
def test_full_file(tmp_path):
    from PIL import Image

    Image.new("RGB", (40, 20)).save(tmp_path / "logo.png")
    path = write(tmp_path / "config.yaml", (
        "clinic_name: Riverside Colorectal Clinic\n"
        "department: Pelvic Surgery\n"
        "address: |\n  1 River Road\n  Springfield\n"
        "phone: 01234567\n"          # leading zero, digits 0-7: YAML 1.1 would read octal
        "logo: logo.png\n"
        "language: ES\n"
        "paper: letter\n"
        "autosave_seconds: 2.5\n"))
    config = parse_config(path)
    assert config.clinic_name == "Riverside Colorectal Clinic"
    assert config.department == "Pelvic Surgery"
    assert config.address == "1 River Road\nSpringfield"
    assert config.phone == "01234567"
    assert config.logo == str(tmp_path / "logo.png") and config.logo_path() == tmp_path / "logo.png"
    assert (config.language, config.paper, config.autosave_seconds) == ("es", "Letter", 2.5)
    assert config.source == str(path) and config.warnings == ()


def test_values_stay_as_typed(tmp_path):
    path = write(tmp_path / "c.yaml", "clinic_name: 2024\nphone: +44 (0)20 7946 0000\n"
                                      "department: yes\n")
    config = parse_config(path)
    assert (config.clinic_name, config.phone, config.department) == (
        "2024", "+44 (0)20 7946 0000", "yes")


def test_empty_values_and_empty_file_mean_defaults(tmp_path):
    assert parse_config(write(tmp_path / "empty.yaml", "")) == ClinicConfig(
        source=str(tmp_path / "empty.yaml"))
    config = parse_config(write(tmp_path / "c.yaml", "paper:\nlanguage: ~\nphone:\n"
                                                     "autosave_seconds: null\n"))
    assert (config.paper_size, config.language, config.phone, config.autosave_seconds) == (
        "A4", "en", "", 10.0)


@pytest.mark.parametrize("text, paper", [
    ("country: US\n", "Letter"),                  # a US clinic without 'paper': US Letter
    ("country: us\n", "Letter"),                  # the code is read in any case
    ("country: MX\n", "Letter"),                  # Mexico prints on Letter too
    ("country: GB\n", "A4"),                      # one past the Letter countries
    ("country: ES\n", "A4"),
    ("country: US\npaper: A4\n", "A4"),           # an explicit paper always wins
    ("country: GB\npaper: letter\n", "Letter"),
    ("country: US\npaper:\n", "Letter"),          # "paper:" with nothing = not set
    ("clinic_name: X\n", "A4"),                   # no country, no paper: A4
])
def test_paper_follows_the_country_unless_the_file_names_it(tmp_path, text, paper):
    config = parse_config(write(tmp_path / "c.yaml", text))
    assert config.paper_size == paper


def test_windows_notepad_byte_order_mark(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes("\ufeffclinic_name: Clínica Santa Zoë\n".encode("utf-8"))
    assert parse_config(path).clinic_name == "Clínica Santa Zoë"


def test_logo_and_content_dir_relative_to_the_file_or_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "clinic-text").mkdir(parents=True)
    path = write(tmp_path / "etc" / "c.yaml", "logo: img/logo.jpg\ncontent_dir: ~/clinic-text\n")
    config = parse_config(path)
    assert config.logo == str(tmp_path / "etc" / "img" / "logo.jpg")
    assert config.content_dir == str(tmp_path / "home" / "clinic-text")


INVALID = [
    # (file text, key named, words in the message, line)
    ("paper: A5\n", "paper", "A4 or Letter", 1),
    ("clinic_name: X\nlanguage: fr\n", "language", "en, es", 2),
    ("autosave_seconds: 0\n", "autosave_seconds", "1 to 3600", 1),
    ("autosave_seconds: 7200\n", "autosave_seconds", "1 to 3600", 1),
    ("autosave_seconds: soon\n", "autosave_seconds", "1 to 3600", 1),
    ("autosave_seconds: .nan\n", "autosave_seconds", "1 to 3600", 1),
    ("clinic_nme: X\n", "clinic_nme", "did you mean 'clinic_name'", 1),
    ("colour: blue\n", "colour", "unknown key", 1),
    ("phone:\n  - 123\n  - 456\n", "phone", "single value", 1),
    ("address:\n  street: 1 Road\n", "address", "single value", 1),
    ("paper: A4\nphone: 1\npaper: Letter\n", "paper", "twice (lines 1 and 3)", 3),
    ("content_dir: no-such-folder\n", "content_dir", "folder not found", None),
]


@pytest.mark.parametrize("text,key,words,line", INVALID, ids=[i[0].split(":")[0] + f"-{n}"
                                                             for n, i in enumerate(INVALID)])
def test_each_invalid_value_names_file_key_and_line(tmp_path, text, key, words, line):
    path = write(tmp_path / "clinic.yaml", text)
    with pytest.raises(ConfigError) as err:
        parse_config(path)
    message = str(err.value)
    assert message.startswith(str(path) + ": ")
    assert f"'{key}'" in message and words in message
    assert err.value.key == key and err.value.file == str(path)
    if line:
        assert f"line {line}:" in message and err.value.line == line
    assert "\n" not in message


@pytest.mark.parametrize("text,words,line", [
    ("clinic_name: X\n\tphone: 1\n", "invalid YAML", 2),
    ("clinic_name: [unclosed\n", "invalid YAML", 2),
    ("- clinic_name: X\n", "key: value", 1),
    ("just a sentence\n", "key: value", 1),
])
def test_broken_yaml_names_file_and_line(tmp_path, text, words, line):
    path = write(tmp_path / "clinic.yaml", text)
    with pytest.raises(ConfigError) as err:
        parse_config(path)
    assert str(err.value).startswith(f"{path}: line {line}: ") and words in str(err.value)


def test_unreadable_file(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes(b"clinic_name: \xff\xfe\n")
    with pytest.raises(ConfigError, match="cannot be read"):
        parse_config(path)


def test_broken_file_found_by_lookup_is_reported_not_skipped(places):
    write(places["system"], "paper: A3\n")
    write(places["user"], "paper: A4\n")
    with pytest.raises(ConfigError) as err:
        load_config(None)
    assert str(places["system"]) in str(err.value) and "'paper'" in str(err.value)


# ------------------------------------------------------------------------- logo
def test_missing_logo_is_a_warning_not_an_error(tmp_path):
    path = write(tmp_path / "c.yaml", "clinic_name: Riverside\nlogo: missing.png\n")
    config = parse_config(path)
    assert config.clinic_name == "Riverside"
    assert config.logo_path() is None
    (warning,) = config.warnings
    assert str(path) in warning and "'logo'" in warning and "not found" in warning


def test_unsupported_logo_type_is_a_warning(tmp_path):
    write(tmp_path / "logo.svg", "<svg/>")
    config = parse_config(write(tmp_path / "c.yaml", "logo: logo.svg\n"))
    assert config.logo_path() is None
    assert "PNG or JPEG" in config.warnings[0]


def test_missing_logo_does_not_break_export(tmp_path, library, atlas, example_path):
    from pypdf import PdfReader

    from desktop_app.export.pdf import export_summary
    from desktop_app.model import storage

    config = parse_config(write(tmp_path / "c.yaml", "clinic_name: Riverside Colorectal Clinic\n"
                                                     "phone: 01234 567890\nlogo: gone.png\n"))
    out = tmp_path / "summary.pdf"
    export_summary(storage.load(example_path), out, config=config, content=library,
                   atlas=atlas)
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Riverside Colorectal Clinic" in text and "01234 567890" in text


def test_selftest_reports_the_config_and_its_warnings(tmp_path, capsys):
    from desktop_app.app import main

    # a logo that cannot be used: a warning, and the selftest passes
    (tmp_path / "broken.png").write_bytes(b"not a PNG")
    path = write(tmp_path / "c.yaml", "clinic_name: Riverside\nlogo: broken.png\nphone: 1\n")
    assert main(["--config", str(path), "--selftest"]) == 0
    out, err = capsys.readouterr()
    assert f"config: {path}" in out and "pdf: ok" in out
    assert "warning" in err and "'logo'" in err and "Traceback" not in err
    # a logo that is not there: IT deployed the config without it; the selftest fails
    path = write(tmp_path / "c2.yaml", "clinic_name: Riverside\nlogo: gone.png\n")
    assert main(["--config", str(path), "--selftest"]) == 1
    out, err = capsys.readouterr()
    assert "selftest failed" in out and "'logo'" in err and "gone.png" in err


# ------------------------------------------------------------------------- shipped example
def test_example_config_is_valid_and_documents_every_key():
    config = parse_config(EXAMPLE_CONFIG)
    assert config.clinic_name and config.phone and config.paper_size in ("A4", "Letter")
    # the example clinic is in the US and leaves the paper to its country: US Letter
    assert (config.country, config.paper, config.paper_size) == ("US", "", "Letter")
    # the example logo is not shipped: exactly the missing-logo warning, nothing else
    assert len(config.warnings) == 1 and "'logo'" in config.warnings[0]
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    for key in sorted(cfgmod._KEYS):
        assert f"\n{key}:" in text or f"\n# {key}:" in text, f"{key} is not documented"


def test_about_box_uses_the_config(qapp):
    from desktop_app.ui.dialogs import about_text

    config = ClinicConfig(clinic_name="Riverside & Co", department="Pelvic Surgery",
                          phone="555 0100", source="/etc/presacral-consult/config.yaml")
    text = about_text(config)
    assert "Riverside &amp; Co" in text and "555 0100" in text and "Pelvic Surgery" in text
    assert "/etc/presacral-consult/config.yaml" in text
    assert "offline" in text


def test_config_error_is_one_line_through_the_cli(tmp_path, capsys):
    from desktop_app.app import main

    path = write(tmp_path / "c.yaml", "paper: A5\n")
    assert main(["--config", str(path), "--selftest"]) == 1
    _out, err = capsys.readouterr()
    assert err.count("\n") == 1 and str(path) in err and "line 1" in err and "'paper'" in err


def test_config_module_has_no_qt():
    src = Path(cfgmod.__file__).read_text(encoding="utf-8")
    assert "PySide6" not in src


@pytest.mark.parametrize("argv,expected", [
    (["--config", "a.yaml", "export", "c.json", "--out", "s.pdf"], "a.yaml"),
    (["export", "c.json", "--out", "s.pdf", "--config", "b.yaml"], "b.yaml"),
    (["export", "c.json", "--out", "s.pdf"], None),
])
def test_config_option_before_or_after_the_command(argv, expected):
    from desktop_app.app import build_parser

    assert build_parser().parse_args(argv).config == expected


# ------------------------------------------------- the quick reader agrees with PyYAML

_WORDS = st.sampled_from(["clinic_name", "phone", "address", "paper", "logo", "language",
                          "department", "x", "Key_2", "autosave_seconds"])
_TEXT = st.text(alphabet="abcXYZ019 .,'-+()/&#:%é\"!?*[]{}|>@`~\\", min_size=0, max_size=14)


@st.composite
def _entry(draw) -> str:
    key = draw(_WORDS)
    kind = draw(st.sampled_from(["plain", "plain", "empty", "comment", "single", "double",
                                 "block", "odd"]))
    if kind == "plain":
        return f"{key}: {draw(_TEXT)}"
    if kind == "empty":
        return f"{key}:" + draw(st.sampled_from(["", " ", "  "]))
    if kind == "comment":
        return f"{key}: # {draw(_TEXT)}"
    if kind == "single":
        return f"{key}: '{draw(_TEXT)}'" + draw(st.sampled_from(["", " ", " # c"]))
    if kind == "double":
        return f'{key}: "{draw(_TEXT)}"' + draw(st.sampled_from(["", " "]))
    if kind == "block":
        indent = " " * draw(st.sampled_from([1, 2, 4]))
        body = draw(st.lists(st.one_of(_TEXT, st.just("")), min_size=1, max_size=3))
        extra = draw(st.sampled_from(["", " " * 6, "  # x"]))
        return f"{key}: |\n" + "\n".join(indent + b if b else b for b in body) + \
            (("\n" + extra) if extra else "")
    return draw(st.sampled_from([f"{key}:value", f"  {key}: 1", "- item", "---", f"{key}: a: b",
                                 f"{key}: [1, 2]", f"{key}:\n  - a", f"{key}: >\n  folded",
                                 "# only a comment", "", "   "]))


@settings(max_examples=1500, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(entries=st.lists(_entry(), min_size=0, max_size=6),
       newline=st.sampled_from(["\n", "\r\n"]), final=st.booleans())
def test_quick_reader_gives_what_pyyaml_gives_or_steps_aside(tmp_path, entries, newline, final):
    text = newline.join("\n".join(entries).split("\n")) + (newline if final else "")
    quick = cfgmod._simple_scalars(text)
    try:
        expected = cfgmod._yaml_scalars(tmp_path / "c.yaml", text.replace("\r\n", "\n"))
    except ConfigError:
        assert quick is None, text  # only PyYAML reports broken files
        return
    if quick is not None:
        assert quick == expected, text


def test_the_files_it_writes_are_read_without_pyyaml(tmp_path):
    """The example config, a Windows Notepad copy of it and a minimal one take the quick path:
    the start screen does not wait for PyYAML (~30 ms)."""
    example = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    for text in (example, example.replace("\n", "\r\n"), "clinic_name: St Elsewhere\n"):
        assert cfgmod._simple_scalars(text) is not None
        assert cfgmod._simple_scalars(text) == cfgmod._yaml_scalars(tmp_path / "c", text.replace(
            "\r\n", "\n"))
    import subprocess
    code = ("import sys; from desktop_app.infra.config import parse_config; "
            f"parse_config({str(EXAMPLE_CONFIG)!r}); print('yaml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_no_arguments_shortcut_is_what_the_parser_gives():
    """A double-click (no arguments) skips building the parser: same namespace."""
    from desktop_app.app import NO_ARGUMENTS, build_parser

    assert vars(build_parser().parse_args([])) == NO_ARGUMENTS
