"""Property-based fuzzing of the consultation loader (storage.loads / storage.load).

Every generated or mutated file either loads — and then saves and loads back to the same
consultation — or raises StorageError with a non-empty message that quotes no patient data.
No other exception, and the input file is never changed. Each test runs at least 1,000
examples (counted, not assumed).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop_app.model import storage
from tests.conftest import EXAMPLE
from tests.support import json_paths

N_EXAMPLES = 1000
FUZZ = settings(max_examples=N_EXAMPLES, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))

SEED_BYTES = EXAMPLE.read_bytes()
SEED = json.loads(SEED_BYTES)
MINIMAL = {"schema_version": 1, "visit_date": "2026-11-26"}
SECRETS = ("Ångström", "Nguyễn", "MRN-0042-EX", "1979-03-14", "review your MRI")

# raw JSON that Python's json.dumps cannot produce, spliced in through a placeholder
RAW_TOKENS = ["1" * 5000, "-" + "9" * 4400, "1e400", "-1e400", "NaN", "Infinity", "-Infinity",
              '"\\ud800"', '"x\\udfff"', '"\\u0000"', "[" * 3000 + "]" * 3000,
              "{" + '"a":{' * 2000 + "}" * 2001, "1.0e-400", "-0", "12345678901234567890"]
TOKENS = [b"{", b"}", b"[", b"]", b",", b":", b'"', b"\\", b"null", b"true", b"-", b"e9999",
          b"\\u", b"\\ud800", b"\x00", b"\xff", b"\xc3", b"NaN", b"\xef\xbb\xbf"]


def _json_values_strategy():
    leaves = (st.none() | st.booleans() | st.integers(-10**6, 10**6)
              | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
              | st.text(max_size=30) | st.sampled_from(
                  ["", "sagittal", "axial", "female", "male", "#D55E00", "#12", "2026-02-30",
                   "2026-11-26", "0000-01-01", "9999-12-31", "x" * 600, "mri", "cystic"])
              | st.sampled_from([f"__RAW{i}__" for i in range(len(RAW_TOKENS))]))
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=12) | st.sampled_from(
                            ["id", "cx", "rx", "view", "points", "number", "color", "text"]),
                            inner, max_size=4), max_leaves=12)


JSON_VALUES = _json_values_strategy()


SEED_PATHS = list(json_paths(SEED))


def _dump(doc) -> bytes:
    text = json.dumps(doc, ensure_ascii=False, allow_nan=True)
    for i, raw in enumerate(RAW_TOKENS):
        text = text.replace(f'"__RAW{i}__"', raw)
    return text.encode("utf-8", "surrogatepass")


@st.composite
def structural_mutants(draw) -> bytes:
    doc = copy.deepcopy(draw(st.sampled_from([SEED, MINIMAL])))
    for _ in range(draw(st.integers(1, 4))):
        paths = SEED_PATHS if doc is SEED else list(json_paths(doc))
        path = draw(st.sampled_from(paths or [()]))
        parent, key = None, None
        node = doc
        try:
            for part in path:
                parent, key, node = node, part, node[part]
        except (KeyError, IndexError, TypeError):
            continue
        op = draw(st.sampled_from(["replace", "replace", "delete", "add_key", "dup_item",
                                   "swap_type"]))
        if op == "replace" or (op == "delete" and parent is None):
            value = draw(JSON_VALUES)
            if parent is None:
                doc = value
            else:
                parent[key] = value
        elif op == "delete":
            del parent[key]
        elif op == "add_key" and isinstance(node, dict):
            node[draw(st.text(max_size=10))] = draw(JSON_VALUES)
        elif op == "dup_item" and isinstance(node, list) and node:
            node.append(copy.deepcopy(node[draw(st.integers(0, len(node) - 1))]))
        elif op == "swap_type" and parent is not None:
            parent[key] = ([node] if not isinstance(node, list) else
                           {"0": node})
    return _dump(doc)


@st.composite
def byte_mutants(draw) -> bytes:
    data = bytearray(draw(st.sampled_from([SEED_BYTES, _dump(MINIMAL)])))
    for _ in range(draw(st.integers(1, 6))):
        n = len(data)
        op = draw(st.sampled_from(["flip", "insert", "token", "delete", "truncate", "dup"]))
        if op == "flip" and n:
            data[draw(st.integers(0, n - 1))] = draw(st.integers(0, 255))
        elif op == "insert":
            i = draw(st.integers(0, n))
            data[i:i] = draw(st.binary(min_size=1, max_size=8))
        elif op == "token":
            i = draw(st.integers(0, n))
            data[i:i] = draw(st.sampled_from(TOKENS))
        elif op == "delete" and n:
            i = draw(st.integers(0, n - 1))
            del data[i:draw(st.integers(i, min(n, i + 60)))]
        elif op == "truncate":
            del data[draw(st.integers(0, n)):]
        elif op == "dup" and n:
            i = draw(st.integers(0, n - 1))
            j = draw(st.integers(i, min(n, i + 200)))
            k = draw(st.integers(0, n))
            data[k:k] = data[i:j]
    return bytes(data)


ANY_FILE = structural_mutants() | byte_mutants() | st.binary(max_size=200) | \
    JSON_VALUES.map(_dump)


def _check_outcome(load_call) -> str:
    try:
        consultation = load_call()
    except storage.StorageError as exc:
        message = str(exc)
        assert message.strip(), "an error without a message"
        for secret in SECRETS:
            assert secret not in message, "an error message quotes patient data"
        return "error"
    # whatever loads can be saved and loads back unchanged
    again = storage.loads(storage.dumps(consultation), "again.json")
    assert again == consultation
    return "loaded"


def test_fuzz_loads_bytes():
    outcomes = {"loaded": 0, "error": 0}

    @FUZZ
    @given(ANY_FILE)
    @example(b"")
    @example(b"[" * 100_000 + b"]" * 100_000)
    @example(b'{"schema_version": 1, "visit_date": "2026-11-26", "notes": "\\ud800"}')
    @example(b'{"schema_version": ' + b"1" * 5000 + b"}")
    @example(b'{"schema_version": 1, "visit_date": "2026-11-26", "lesions": [{"cx": 1e400}]}')
    @example(b" " * (storage.MAX_FILE_BYTES + 1))
    def run(data):
        outcomes[_check_outcome(lambda: storage.loads(data, "case.json"))] += 1

    run()
    assert sum(outcomes.values()) >= N_EXAMPLES, outcomes
    assert outcomes["loaded"] and outcomes["error"], outcomes  # both paths were exercised


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-consultation")


def test_fuzz_load_file_is_never_changed(fuzz_dir):
    outcomes = {"loaded": 0, "error": 0}
    path = fuzz_dir / "case.json"

    @FUZZ
    @given(structural_mutants() | byte_mutants())
    def run(data):
        path.write_bytes(data)
        before = (hashlib.sha256(data).hexdigest(), os.stat(path).st_mtime_ns)
        outcomes[_check_outcome(lambda: storage.load(path))] += 1
        after = (hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns)
        assert after == before, "the loader changed its input file"
        assert sorted(p.name for p in fuzz_dir.iterdir()) == ["case.json"]

    run()
    assert sum(outcomes.values()) >= N_EXAMPLES, outcomes
    assert outcomes["loaded"] and outcomes["error"], outcomes


def test_load_reports_folders_and_missing_files(tmp_path):
    for target, words in ((tmp_path, "is a folder"), (tmp_path / "nope.json", "does not exist")):
        with pytest.raises(storage.StorageError) as info:
            storage.load(target)
        assert words in str(info.value)
