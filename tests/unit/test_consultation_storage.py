"""Consultation model and storage: round trips and every way a file can be bad."""

import json
import os

import pytest

from desktop_app.model import storage
from desktop_app.model.consultation import (SCHEMA_VERSION, Consultation, ConsultationError,
                                            Lesion, Patient)
from tests.conftest import EXAMPLE


def test_example_round_trips_exactly(tmp_path):
    original = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    consultation = storage.load(EXAMPLE)
    assert consultation.to_dict() == original
    out = tmp_path / "copy.json"
    storage.save(consultation, out)
    assert storage.load(out) == consultation
    assert json.loads(out.read_text(encoding="utf-8")) == original


def test_example_exercises_every_field():
    c = storage.load(EXAMPLE)
    assert c.patient.name and c.patient.date_of_birth and c.patient.record_number
    assert c.clinician and c.notes and c.symptoms and c.tests
    assert c.treatments_discussed and c.treatments_planned
    assert c.lesions and c.strokes and c.arrows and c.texts
    assert {lesion.view for lesion in c.lesions} == {"sagittal", "axial"}
    assert any(lesion.length_cm for lesion in c.lesions)


def _write(tmp_path, text, name="case.json"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@pytest.mark.parametrize("content, expected", [
    (b"", "is empty"),
    (b"\xff\xfe\x00garbage", "not a text file"),
    (b"{\"schema_version\": 1, \"visit_date\": \"2026-", "incomplete"),
    (b"this is not json at all", "bad JSON at line 1"),
    (b"[1, 2, 3]", "expected an object"),
    (b'{"schema_version": 1, "visit_date": "2026-11-26", "symptoms": "pain"}', "symptoms"),
    (b'{"schema_version": 1, "visit_date": "2026-11-26", "lesions": [{"cx": "a"}]}',
     "lesions[0].cx"),
    (b'{"schema_version": 1, "visit_date": "26/11/2026"}', "visit_date"),
    (b'{"schema_version": 99, "visit_date": "2026-11-26"}', "newer version"),
    (b'{"visit_date": "2026-11-26"}', "schema_version"),
    (b'{"schema_version": 1, "visit_date": "2026-11-26", "variant": "other"}', "variant"),
])
def test_bad_files_give_clear_messages(tmp_path, content, expected):
    path = _write(tmp_path, content)
    with pytest.raises(storage.StorageError) as info:
        storage.load(path)
    message = str(info.value)
    assert expected in message
    assert "case.json" in message
    assert path.read_bytes() == content  # loading never changes the file


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(storage.StorageError, match="does not exist"):
        storage.load(tmp_path / "nope.json")
    with pytest.raises(storage.StorageError, match="is a folder"):
        storage.load(tmp_path)
    if os.geteuid() != 0:  # root can read anything
        path = _write(tmp_path, "{}")
        path.chmod(0)
        with pytest.raises(storage.StorageError, match="permission"):
            storage.load(path)


def test_error_messages_never_contain_patient_values(tmp_path):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["patient"]["date_of_birth"] = "Zoë Secretname"
    path = _write(tmp_path, json.dumps(data))
    with pytest.raises(storage.StorageError) as info:
        storage.load(path)
    assert "Secretname" not in str(info.value)
    assert "patient.date_of_birth" in str(info.value)


def test_failed_save_keeps_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "case.json"
    first = Consultation(clinician="First")
    storage.save(first, path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(storage.StorageError, match="No space left"):
        storage.save(Consultation(clinician="Second"), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]  # no temp files left


def test_save_into_vanished_folder(tmp_path):
    with pytest.raises(storage.StorageError, match="folder no longer exists"):
        storage.save(Consultation(), tmp_path / "gone" / "case.json")


def test_oversized_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "MAX_FILE_BYTES", 100)
    path = _write(tmp_path, json.dumps({"schema_version": 1, "notes": "x" * 200}))
    with pytest.raises(storage.StorageError, match="too large"):
        storage.load(path)


def test_validation_names_the_field():
    with pytest.raises(ConsultationError) as info:
        Lesion.from_dict({"cx": 1, "cy": 2, "rx": -3, "ry": 4}, "lesions[3]")
    assert info.value.field == "lesions[3].rx"
    with pytest.raises(ConsultationError) as info:
        Patient.from_dict({"date_of_birth": "1990-02-30"})
    assert info.value.field == "patient.date_of_birth"
    with pytest.raises(ConsultationError, match="same id"):
        Consultation.from_dict({"schema_version": SCHEMA_VERSION, "visit_date": "2026-01-01",
                                "lesions": [{"id": "a", "cx": 1, "cy": 1, "rx": 1, "ry": 1}],
                                "texts": [{"id": "a", "x": 1, "y": 1}]})


def test_minimal_file_gets_defaults():
    c = Consultation.from_dict({"schema_version": 1, "visit_date": "2026-01-02"})
    assert c.patient.is_empty() and c.variant == "female" and c.lesions == []
