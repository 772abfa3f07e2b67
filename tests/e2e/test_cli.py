"""The command line as a user runs it: real subprocesses, exit codes, one-line errors."""

import os
import subprocess
import sys

from tests.conftest import ROOT


def run(*args, env=None, timeout=120):
    full_env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, env=full_env)


def test_selftest_without_a_team_phone_works_but_exits_3(tmp_path):
    # no clinic configuration: everything works, but a summary would have no number to call
    result = run("--selftest", env={"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)})
    assert result.returncode == 3, result.stderr
    assert result.stdout.startswith("selftest incomplete: config: none found")
    assert "content en" in result.stdout and "pdf: ok" in result.stdout
    assert result.stdout.rstrip().endswith("phone: not set (set 'phone' in the clinic "
                                           "configuration)")
    assert "selftest ok" not in result.stdout
    # an empty phone is no phone; one character is a phone
    for phone, code in (('""', 3), ("1", 0)):
        config = tmp_path / f"c{code}.yaml"
        config.write_text(f"clinic_name: A\nphone: {phone}\n", encoding="utf-8")
        result = run("--config", str(config), "--selftest")
        assert result.returncode == code, (phone, result.stdout, result.stderr)
        assert result.stdout.startswith("selftest ok" if code == 0 else "selftest incomplete")


def test_version():
    result = run("--version")
    assert result.returncode == 0 and "Presacral Consult" in result.stdout


def test_open_missing_file_is_one_line(tmp_path):
    # (the smoke mode skips the dialog a desktop user gets: tests/gui/test_start_errors.py)
    result = run("open", str(tmp_path / "missing.json"),
                 env={"PRESACRAL_CONSULT_EXIT_AFTER_SHOW": "1"})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "missing.json" in lines[0] and "Traceback" not in result.stderr


def test_bad_usage_is_one_line():
    result = run("--no-such-flag")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_broken_config_is_one_line(tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text("paper: A5\n", encoding="utf-8")
    result = run("--config", str(cfg), "--selftest")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "paper" in result.stderr and "config.yaml" in result.stderr


def test_broken_content_dir_is_one_line(tmp_path):
    bad = tmp_path / "clinic"
    bad.mkdir()
    (bad / "references.yaml").write_text("reviewed: 2026-01-01\nreferences: [\n",
                                         encoding="utf-8")
    result = run("--content-dir", str(bad), "--selftest")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "references.yaml" in result.stderr and "line" in result.stderr


def _gui_env(tmp_path, **extra):
    # a private HOME / XDG tree: the app writes its settings, logs and recovery files there
    return {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "XDG_STATE_HOME": str(tmp_path / "state"), **extra}


def test_app_shows_the_start_screen_then_the_main_window(tmp_path):
    """The start screen is painted before the content and the drawing are read; the main
    window follows (PRESACRAL_CONSULT_EXIT_AFTER_SHOW quits once it is shown)."""
    result = run(env=_gui_env(tmp_path, PRESACRAL_CONSULT_EXIT_AFTER_SHOW="1"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["start screen shown", "window shown"], result.stdout


def test_the_app_exits_cleanly_every_time(tmp_path):
    """Five starts and quits in a row all end with exit code 0: a Qt object made in Python
    (a style, an icon engine) deleted in the wrong order crashed the process at exit about
    one start in four (exit code -11)."""
    codes = [run(env=_gui_env(tmp_path / str(n), PRESACRAL_CONSULT_EXIT_AFTER_SHOW="1"))
             .returncode for n in range(5)]
    assert codes == [0, 0, 0, 0, 0]


def test_broken_content_in_the_app_is_one_line_after_the_start_screen(tmp_path):
    bad = tmp_path / "clinic"
    bad.mkdir()
    (bad / "references.yaml").write_text("reviewed: 2026-01-01\nreferences: [\n",
                                         encoding="utf-8")
    result = run("--content-dir", str(bad),
                 env=_gui_env(tmp_path, PRESACRAL_CONSULT_EXIT_AFTER_SHOW="1"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["start screen shown"], result.stdout
    errors = [ln for ln in result.stderr.splitlines() if "propagateSizeHints" not in ln]
    assert len(errors) == 1, result.stderr
    assert "references.yaml" in errors[0] and "line" in errors[0]
    assert "Traceback" not in result.stderr


def test_config_warnings_of_the_app_reach_its_log_file(tmp_path):
    """The log file is set up just after the start screen; what the config warned about
    before that is still written to it (and not to a console the user does not have)."""
    from tests.e2e.sandbox import Sandbox

    box = Sandbox(tmp_path)
    cfg = box.user / "config.yaml"
    cfg.write_text("clinic_name: St Elsewhere\nlogo: no-such-logo.png\n", encoding="utf-8")
    result = box.run("--config", str(cfg), PRESACRAL_CONSULT_EXIT_AFTER_SHOW="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["start screen shown", "window shown"]
    log = "".join(p.read_text(encoding="utf-8") for p in box.log_dir.iterdir())
    assert "WARNING" in log and "'logo': file not found" in log
    assert "app started" in log
    assert "no-such-logo" not in result.stderr


def test_an_unexpected_error_before_the_log_is_set_up_is_one_line_and_logged(tmp_path):
    """The app sets up its log after the start screen; a bug before that still reaches the
    log file with its traceback, and the user sees one line, never the traceback."""
    from tests.e2e.sandbox import Sandbox

    box = Sandbox(tmp_path)
    boom = ("import sys\n"
            "import desktop_app.infra.config as c\n"
            "def broken(*a, **k):\n"
            "    raise RuntimeError('boom in config')\n"
            "c.load_config = broken\n"
            "from desktop_app.app import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    result = box.run(python_prefix=boom, PRESACRAL_CONSULT_EXIT_AFTER_SHOW="1")
    assert result.returncode == 1
    errors = [ln for ln in result.stderr.splitlines() if "propagateSizeHints" not in ln]
    assert len(errors) == 1 and "unexpected RuntimeError" in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    log = "".join(p.read_text(encoding="utf-8") for p in box.log_dir.iterdir())
    assert "Traceback" in log and "boom in config" in log


def _example(tmp_path, **changes):
    import json

    data = json.loads((ROOT / "tests" / "data" / "example_consultation.json").read_text(
        encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "visit.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path, data


def test_export_names_what_the_summary_leaves_out(tmp_path):
    visit, data = _example(tmp_path)
    data["symptoms"] += ["made_up_symptom"]
    data["tests"] += ["scan_from_the_future", "another_one"]
    visit.write_text(__import__("json").dumps(data), encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("clinic_name: A\nphone: 555 0100\nout_of_hours_phone: 555 0199\n",
                      encoding="utf-8")
    out = tmp_path / "summary.pdf"
    result = run("export", str(visit), "--out", str(out), "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert result.stderr.splitlines() == [
        "presacral-consult: warning: 1 ticked symptom is not in this app's text, so left out "
        "of the summary (kept in the file): made_up_symptom",
        "presacral-consult: warning: 2 ticked tests are not in this app's text, so left out "
        "of the summary (kept in the file): scan_from_the_future, another_one"]


def test_export_without_a_team_phone_warns_in_one_line(tmp_path):
    visit, _data = _example(tmp_path)
    out = tmp_path / "summary.pdf"
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    result = run("export", str(visit), "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "presacral-consult: warning: no clinic configuration found: the patient's summary "
        "prints a blank line to write the team's phone number on"]
    config = tmp_path / "config.yaml"
    config.write_text("clinic_name: A\n", encoding="utf-8")
    result = run("export", str(visit), "--out", str(out), "--config", str(config))
    assert result.stderr.splitlines() == [
        f"presacral-consult: warning: {config}: 'phone' is not set: the patient's summary "
        "prints a blank line to write the team's phone number on"]


def test_a_bad_consultation_file_is_one_clear_line(tmp_path):
    out = tmp_path / "summary.pdf"
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    dated, _data = _example(tmp_path, visit_date="2026-13-45")
    cases = [(listed, "'list.json' is not a consultation file (expected an object at its "
                      "top level)."),
             (dated, "'visit.json' has a problem in field 'visit_date': expected a date as "
                     "YYYY-MM-DD."),
             (tmp_path / "gone.json", "'gone.json' does not exist.")]
    for path, line in cases:
        result = run("export", str(path), "--out", str(out))
        assert result.returncode == 1
        assert result.stderr.splitlines() == [f"presacral-consult: error: {line}"]
        assert not out.exists()


def test_export_warns_as_the_window_asks(tmp_path):
    """What the window asks before an export, the command line says in one line each: the
    surgeon's typed words in a Spanish summary (their kinds, never the words), a biopsy
    beside a possible meningocele, and no night number."""
    config = tmp_path / "config.yaml"
    config.write_text("clinic_name: A\nphone: 555 0100\n", encoding="utf-8")
    visit, data = _example(tmp_path)
    out = tmp_path / "summary.pdf"
    english = run("export", str(visit), "--out", str(out), "--config", str(config),
                  "--lang", "en")
    spanish = run("export", str(visit), "--out", str(out), "--config", str(config),
                  "--lang", "es")
    night = (f"presacral-consult: warning: {config}: 'out_of_hours_phone' is not set: the "
             "patient's summary prints a blank line to write the night and weekend number on")
    assert english.returncode == spanish.returncode == 0, spanish.stderr
    assert english.stderr.splitlines() == [night]
    typed = [ln for ln in spanish.stderr.splitlines() if "typed" in ln]
    assert typed == ["presacral-consult: warning: the summary is in Spanish, but what the "
                     "surgeon typed prints as typed (not translated): your notes, area labels, "
                     "what an area may be, words on the drawings"], spanish.stderr
    assert data["notes"].split()[0] not in spanish.stderr        # the kinds, never the words
    data["tests"] = [*data["tests"], "biopsy"]
    data["lesions"][0]["suspected_type"] = "anterior_sacral_meningocele"
    visit.write_text(__import__("json").dumps(data), encoding="utf-8")
    result = run("export", str(visit), "--out", str(out), "--config", str(config),
                 "--lang", "en")
    assert result.stderr.splitlines()[0] == (
        "presacral-consult: warning: a biopsy is ticked while area 1 may be a meningocele "
        "(never tested with a needle): check the plan before handing the summary over")
