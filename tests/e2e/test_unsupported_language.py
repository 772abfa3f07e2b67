"""A language the app has no text for (French) is refused in one line, by the option and in
a case file alike: no PDF, no traceback, the case file untouched. (Content exists in English
and Spanish; a summary in a language the patient was not promised must never be made.)
Opening such a file in the window shows the same line in a message: tests/gui/
test_unsupported_language.py."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLE, ROOT


def run(*args):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.mark.parametrize("lang", ["fr", "FR", "en-GB", ""])
def test_export_lang_option_refuses_other_languages(tmp_path, lang):
    out = tmp_path / "summary.pdf"
    result = run("export", str(EXAMPLE), "--out", str(out), "--lang", lang)
    assert result.returncode == 2
    line = one_line(result)
    assert "--lang" in line and "'en', 'es'" in line
    assert not out.exists()


@pytest.fixture
def french_case(tmp_path):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["language"] = "fr"
    path = tmp_path / "visite.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_export_of_a_case_in_french_is_refused(tmp_path, french_case):
    before = french_case.read_bytes()
    out = tmp_path / "summary.pdf"
    result = run("export", str(french_case), "--out", str(out))
    assert result.returncode == 1
    line = one_line(result)
    assert "visite.json" in line and "language" in line and "'en', 'es'" in line
    assert not out.exists()
    assert french_case.read_bytes() == before


def test_export_lang_option_does_not_rescue_a_case_in_french(tmp_path, french_case):
    """--lang chooses the summary's language, but the file itself is still invalid."""
    out = tmp_path / "summary.pdf"
    result = run("export", str(french_case), "--out", str(out), "--lang", "en")
    assert result.returncode == 1
    assert "language" in one_line(result)
    assert not out.exists()
