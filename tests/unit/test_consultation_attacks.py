"""Consultation files an attacker writes by hand: huge numbers, ISO week dates, a byte-order
mark, a 4,300-digit version, and files that would exhaust the machine. Each is one short
message naming the field, or (the BOM) simply opens."""

from __future__ import annotations

import json
import tracemalloc

import pytest

from desktop_app.model import limits, storage
from desktop_app.model.consultation import Consultation, Stroke
from tests.conftest import EXAMPLE


def _example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def _load(tmp_path, raw: dict | bytes, name="case.json"):
    path = tmp_path / name
    path.write_bytes(raw if isinstance(raw, bytes) else json.dumps(raw).encode())
    return storage.load(path)


HUGE = "1" + "0" * 309  # a whole number that float() cannot hold


@pytest.mark.parametrize("where,key", [
    ("lesions", "cx"), ("lesions", "cy"), ("lesions", "rx"), ("lesions", "rotation"),
    ("lesions", "length_cm"), ("arrows", "x2"), ("texts", "y"), ("strokes", "width"),
])
def test_a_huge_number_names_its_field(tmp_path, where, key):
    raw = _example()
    mark = {"lesions": {"id": "m1", "cx": 1, "cy": 1, "rx": 5, "ry": 5},
            "strokes": {"id": "m1", "points": [[1, 1], [2, 2]]},
            "arrows": {"id": "m1", "x1": 1, "y1": 1, "x2": 2, "y2": 2},
            "texts": {"id": "m1", "x": 1, "y": 1, "text": "a"}}[where]
    raw.update(lesions=[], strokes=[], arrows=[], texts=[])
    raw[where] = [dict(mark, **{key: int(HUGE)})]  # json writes all 310 digits
    with pytest.raises(storage.StorageError) as info:
        _load(tmp_path, raw)
    message = str(info.value)
    assert f"{where}[0].{key}" in message and "out of range" in message, message
    assert len(message) < 200


def test_a_huge_number_in_a_point(tmp_path):
    raw = _example()
    raw["strokes"] = [{"id": "s1", "points": [[1, 2], [3, 4]]}]
    text = json.dumps(raw).replace("[3, 4]", f"[3, {HUGE}]")
    with pytest.raises(storage.StorageError, match=r"strokes\[0\]\.points\[1\]\.y"):
        _load(tmp_path, text.encode())


@pytest.mark.parametrize("value", ["2026-W01-1", "2026-W01", "20260101", "2026-001",
                                   "２０２６-０１-０１", "2026-1-1"])
@pytest.mark.parametrize("field", ["visit_date", "date_of_birth"])
def test_dates_are_yyyy_mm_dd_only(tmp_path, value, field):
    raw = _example()
    if field == "visit_date":
        raw["visit_date"] = value
    else:
        raw["patient"]["date_of_birth"] = value
    with pytest.raises(storage.StorageError, match="YYYY-MM-DD"):
        _load(tmp_path, raw)


def test_a_byte_order_mark_is_accepted(tmp_path):
    data = b"\xef\xbb\xbf" + EXAMPLE.read_bytes()
    assert _load(tmp_path, data) == storage.load(EXAMPLE)


def test_a_4300_digit_version_is_one_short_line(tmp_path):
    raw = _example()
    text = json.dumps(raw).replace('"schema_version": 1', '"schema_version": ' + "9" * 4300)
    with pytest.raises(storage.StorageError) as info:
        _load(tmp_path, text.encode())
    message = str(info.value)
    assert "schema_version" in message and "newer version" in message
    assert len(message) < 300 and "\n" not in message


# --------------------------------------------------------------------------------- limits
def _strokes(n_strokes: int, points: int, view: str = "sagittal") -> list[dict]:
    return [{"id": f"s{i}", "view": view,
             "points": [[(j % 500) + 0.5, (i * 7 + j) % 600 + 0.25] for j in range(points)]}
            for i in range(n_strokes)]


def test_the_old_worst_file_is_refused_quickly_and_cheaply(tmp_path):
    """499 strokes × 20,000 points (60 MB) took 58 s and 6.6 GB to open: now refused before a
    single mark is built."""
    raw = _example()
    raw["strokes"] = _strokes(499, 2)
    text = json.dumps(raw)
    point = "[1.5, 2.25], "
    text = text.replace('"points": [', '"points": [' + point * 19_998)
    tracemalloc.start()
    try:
        with pytest.raises(storage.StorageError, match="too large|pen points|marks"):
            _load(tmp_path, text.encode())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 400 * 1024 * 1024, f"{peak / 1e6:.0f} MB"


@pytest.mark.parametrize("strokes,points,match", [
    (1, limits.MAX_STROKE_POINTS + 1, "one stroke or shape"),
    (limits.MAX_VIEW_POINTS // 1000 + 1, 1000, "one view"),
    (limits.MAX_MARKS + 1, 2, "marks"),
])
def test_limits_refuse_a_file_over_them(tmp_path, strokes, points, match):
    raw = _example()
    raw["strokes"] = _strokes(strokes, points)
    with pytest.raises(storage.StorageError, match=match):
        _load(tmp_path, raw)


def test_visit_point_limit(tmp_path):
    raw = _example()
    raw["strokes"] = (_strokes(limits.MAX_VIEW_POINTS // 1000, 1000, "sagittal")
                      + [dict(s, id="a" + s["id"]) for s in
                         _strokes(limits.MAX_VIEW_POINTS // 1000, 1000, "axial")])
    raw["strokes"].append({"id": "one-more", "view": "axial", "points": [[1, 1], [2, 2]]})
    with pytest.raises(storage.StorageError, match="one visit"):
        _load(tmp_path, raw)


def test_a_file_at_the_limits_opens_and_saves(tmp_path):
    raw = _example()
    raw["strokes"] = _strokes(limits.MAX_VIEW_POINTS // limits.MAX_STROKE_POINTS,
                              limits.MAX_STROKE_POINTS)
    consultation = _load(tmp_path, raw)
    storage.save(consultation, tmp_path / "again.json")
    assert storage.load(tmp_path / "again.json") == consultation


def test_the_diagram_does_not_add_a_mark_over_the_limits():
    from desktop_app.model.limits import room_for

    c = Consultation(strokes=[Stroke(points=[(float(i), 1.0)] * 2)
                              for i in range(limits.MAX_MARKS)])
    assert room_for(c, Stroke(points=[(1.0, 1.0), (2.0, 2.0)])) is not None
    assert room_for(Consultation(), Stroke(points=[(1.0, 1.0), (2.0, 2.0)])) is None
