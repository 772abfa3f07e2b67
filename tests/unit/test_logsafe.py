"""The one place that keeps patient data out of logs: the redacting filter."""

import io
import logging
import os

import pytest

from desktop_app.infra import logsafe
from desktop_app.document import Document
from desktop_app.model.consultation import Consultation, Lesion, Patient

NAME = "Zoë Ångström-Nguyễn"
DOB = "1979-03-14"
MRN = "MRN-0042-EX"
NOTE = "Bring the MRI disc on Thursday.\nAsk about the biopsy result."


@pytest.fixture(autouse=True)
def _clean_registry():
    yield
    for owner in list(logsafe._buckets):
        logsafe.clear(owner)


def _logger() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logsafe.RedactingFilter())
    logger = logging.getLogger("test.logsafe")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def _register():
    logsafe.set_sensitive([NAME, DOB, MRN, NOTE])


@pytest.mark.parametrize("text", [
    f"patient {NAME}", NAME.upper(), "Ångström", "nguyễn", f"born {DOB}", f"mrn {MRN.lower()}",
    "Ask about the biopsy result.", repr(NOTE), '"Zo\\u00eb \\u00c5ngstr\\u00f6m-Nguy\\u1ec5n"',
])
def test_redact_catches_every_spelling(text):
    _register()
    out = logsafe.redact(text)
    assert logsafe.REDACTED in out
    for secret in ("Ångström", "Nguyễn", DOB, "MRN-0042", "biopsy result", "Zo\\u00eb"):
        assert secret.casefold() not in out.casefold()


def test_ordinary_text_is_left_alone():
    _register()
    for text in ("app started", "save failed: the folder no longer exists", "line 42"):
        assert logsafe.redact(text) == text
    logsafe.set_sensitive(["ab", "", None, 7])  # too short / not text: ignored
    assert logsafe.redact("ab cd") == "ab cd"


def test_owners_keep_their_own_values():
    logsafe.set_sensitive(["Alice Firstpatient"], owner="window-1")
    logsafe.set_sensitive(["Bob Secondpatient"], owner="window-2")
    logsafe.set_sensitive([])  # the Document's bucket going empty does not drop the others
    out = logsafe.redact("Alice Firstpatient and Bob Secondpatient")
    assert "Alice" not in out and "Secondpatient" not in out
    logsafe.clear("window-1")
    assert "Firstpatient" in logsafe.redact("Alice Firstpatient")


def test_filter_redacts_message_args_and_traceback():
    _register()
    logger, stream = _logger()
    logger.warning("opening %s", NAME)
    try:
        raise ValueError(f"bad value {MRN} / {NOTE!r}")
    except ValueError:
        logger.exception("failed for %s", DOB)
    logger.info("%s %s", "one")  # noqa: PLE1206 - a broken format string must not raise nor leak
    text = stream.getvalue()
    assert "Traceback" in text and "ValueError" in text
    for secret in ("Ångström", MRN, DOB, "biopsy", "MRI disc"):
        assert secret not in text, secret


def test_document_registers_the_consultation_on_every_change():
    doc = Document(Consultation(patient=Patient(name="Perpetua Quillfeather"),
                                lesions=[Lesion(label="behind the rectum, 4 cm")]))
    assert logsafe.contains_sensitive("perpetua")
    assert logsafe.contains_sensitive("behind the rectum, 4 cm")
    doc.set_field("notes", "Kept private: third visit", "Edit notes")
    assert logsafe.contains_sensitive("Kept private: third visit")


@pytest.fixture
def app_logging(tmp_path, monkeypatch):
    """The app's log set-up, into tmp_path/logs, with whatever an earlier in-process
    setup_logging() left on the root logger put aside (it would make this one a no-op) and
    put back afterwards. Yields the log folder."""
    from desktop_app.infra import logfile as app

    monkeypatch.setattr(app, "log_dir", lambda: tmp_path / "logs")
    root = logging.getLogger()
    before = list(root.handlers)
    for h in before:
        if getattr(h, "_presacral", False):
            root.removeHandler(h)
    try:
        app.setup_logging()
        yield tmp_path / "logs"
    finally:
        for h in list(root.handlers):
            if h not in before:
                root.removeHandler(h)
                h.close()
        for h in before:
            if h not in root.handlers:
                root.addHandler(h)


def test_app_logging_uses_the_filter(app_logging):
    handlers = [h for h in logging.getLogger().handlers if getattr(h, "_presacral", False)]
    assert handlers and all(any(isinstance(f, logsafe.RedactingFilter) for f in h.filters)
                            for h in handlers)
    _register()
    logging.getLogger("presacral.test").error("for %s", NAME)
    for h in handlers:
        h.flush()
    written = "".join(p.read_text(encoding="utf-8") for p in app_logging.iterdir())
    assert "for [redacted]" in written and "Ångström" not in written


def test_log_file_opens_at_the_first_record_and_rotates_at_1_mb(app_logging):
    log_file = app_logging / "presacral-consult.log"
    assert app_logging.is_dir() and not log_file.exists()  # opened when needed
    logger = logging.getLogger("presacral.test")
    logger.warning("first record")
    assert "first record" in log_file.read_text(encoding="utf-8")
    for i in range(12_000):  # ~1.3 MB: a repeating error must not fill the disk
        logger.warning("repeated problem %05d %s", i, "x" * 60)
    assert (app_logging / "presacral-consult.log.1").is_file()
    assert log_file.stat().st_size <= 1_000_000
    assert len(list(app_logging.iterdir())) <= 4  # the log and three old ones


def test_rotation_keeps_the_three_newest_old_logs_in_order(app_logging):
    logger = logging.getLogger("presacral.test")
    # each record ~100 bytes: 1,000,000 bytes hold ~9,900 of them; 45,000 fill the log 4.5 times
    for i in range(45_000):
        logger.warning("record %05d %s", i, "x" * 60)
    names = sorted(p.name for p in app_logging.iterdir())
    assert names == ["presacral-consult.log", "presacral-consult.log.1",
                     "presacral-consult.log.2", "presacral-consult.log.3"]

    def first_number(name):
        line = (app_logging / name).read_text(encoding="utf-8").splitlines()[0]
        return int(line.split("record ")[1].split()[0])

    numbers = [first_number(n) for n in reversed(names)]   # .3, .2, .1, the log
    assert numbers == sorted(numbers) and numbers[0] > 0    # the oldest file was dropped
    last = (app_logging / "presacral-consult.log").read_text(encoding="utf-8").splitlines()[-1]
    assert "record 44999" in last
    for name in names:
        size = (app_logging / name).stat().st_size
        assert 900_000 < size <= 1_000_000 or name == "presacral-consult.log"
        if os.name == "posix":
            assert (app_logging / name).stat().st_mode & 0o777 == 0o600


def test_a_log_folder_that_vanishes_drops_records_without_an_error(app_logging, capsys):
    logger = logging.getLogger("presacral.test")
    logger.warning("first record")
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "_presacral", False))
    handler.close()                       # closed, so the next record opens the file again
    for p in app_logging.iterdir():
        p.unlink()
    app_logging.rmdir()
    logger.warning("second record")       # cannot open: dropped, no "Logging error" printed
    logger.warning("third record")
    assert "Logging error" not in capsys.readouterr().err
    assert not app_logging.exists()
