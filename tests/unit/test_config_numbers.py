"""Clinic config: the out-of-hours and emergency numbers, the country, and --selftest's
warning when patient text would have no number to call."""

from pathlib import Path

import pytest

from desktop_app.infra.config import ConfigError, missing_numbers, parse_config


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_numbers_and_country_are_read(tmp_path):
    config = parse_config(write(tmp_path / "c.yaml", "phone: 310 555 0100\n"
                                "out_of_hours_phone: 310 555 0199\ncountry: us\n"
                                "emergency_number: '911'\n"))
    assert (config.phone, config.out_of_hours_phone, config.country, config.emergency_number) \
        == ("310 555 0100", "310 555 0199", "US", "911")
    assert missing_numbers(config) == []


@pytest.mark.parametrize("text, key, words", [
    ("country: USA\n", "country", "two-letter country code"),
    ("country: U\n", "country", "two-letter country code"),
    ("emergency_number: call 911\n", "emergency_number", "digits to dial"),
    ("emergency_number: '" + "9" * 21 + "'\n", "emergency_number", "at most 20"),
    ("out_of_hours_phone: '" + "5" * 61 + "'\n", "out_of_hours_phone", "at most 60"),
])
def test_bad_values_name_the_key(tmp_path, text, key, words):
    with pytest.raises(ConfigError) as err:
        parse_config(write(tmp_path / "c.yaml", text))
    assert f"'{key}'" in str(err.value) and words in str(err.value)
    assert "\n" not in str(err.value)


def test_limits_at_the_limit(tmp_path):
    config = parse_config(write(tmp_path / "c.yaml", "emergency_number: '" + "9" * 20 + "'\n"
                                "out_of_hours_phone: '" + "5" * 60 + "'\n"))
    assert len(config.emergency_number) == 20 and len(config.out_of_hours_phone) == 60


def test_missing_numbers_are_listed(tmp_path):
    config = parse_config(write(tmp_path / "c.yaml", "clinic_name: Riverside\n"))
    problems = missing_numbers(config)
    assert len(problems) == 3
    assert "'phone'" in problems[0] and "'out_of_hours_phone'" in problems[1]
    assert "'emergency_number'" in problems[2] and "'country'" in problems[2]
    assert missing_numbers(parse_config(write(tmp_path / "d.yaml", "phone: 1\n"
                                              "out_of_hours_phone: 2\ncountry: GB\n"))) == []


def test_selftest_warns_it_about_missing_numbers_and_still_passes(tmp_path):
    import subprocess
    import sys

    path = write(tmp_path / "c.yaml", "clinic_name: Riverside\n")
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-m", "desktop_app", "--config", str(path),
                          "--selftest"], capture_output=True, text=True, timeout=300, cwd=root)
    assert run.returncode == 3, run.stderr       # it works; patients would have no number
    assert "selftest incomplete" in run.stdout
    assert "warning" in run.stderr and "'phone' is not set" in run.stderr
    assert "'out_of_hours_phone' is not set" in run.stderr and "Traceback" not in run.stderr
    full = write(tmp_path / "full.yaml", "phone: 1\nout_of_hours_phone: 2\ncountry: US\n")
    run = subprocess.run([sys.executable, "-m", "desktop_app", "--config", str(full),
                          "--selftest"], capture_output=True, text=True, timeout=300, cwd=root)
    assert run.returncode == 0 and "is not set" not in run.stderr
    assert run.stdout.startswith("selftest ok")
