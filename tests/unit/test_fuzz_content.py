"""Property-based fuzzing of the content loader (load_topic / load_content), and YAML safety.

Every generated or mutated content file either loads or raises ContentError with a
non-empty message naming the file — no other exception, no code run by a YAML tag, and no
change to any input file. Each fuzz test runs at least 1,000 examples (counted).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
import textwrap

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop_app.model.content import (REQUIRED_TOPICS, ContentError, ContentLibrary, Topic,
                                       load_content, load_topic)
from tests.conftest import ROOT
from tests.support import json_paths

N_EXAMPLES = 1000
FUZZ = settings(max_examples=N_EXAMPLES, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))

REFS = textwrap.dedent("""\
    reviewed: 2026-11-26
    references:
      - id: src1
        citation: A source.
        url: https://example.org/a
      - id: src2
        citation: Another source.
    """)
SAMPLE_TOPIC = textwrap.dedent("""\
    reviewed: 2026-11-26
    title: Symptoms
    items:
      - id: low_back_pain
        title: Low back pain
        summary: An ache low in the back or in the tailbone.
        body: |
          Many people have no symptoms at all.

          Some feel a dull ache when sitting.
        clinician_note: Ask about sitting pain.
        sources: [src1, src2]
        group: common
        aliases: [tailbone pain, sacral pain]
        why: Because the lump presses on nerves.
      - id: constipation
        title: Constipation
        summary: Hard or infrequent stools.
        sources: [src1]
    """)
TINY_TOPIC = ("reviewed: 2026-11-26\ntitle: T\nitems:\n"
              "  - {id: low_back_pain, title: P, summary: S, sources: [src1]}\n")
TINY_REFS = "reviewed: 2026-11-26\nreferences:\n  - {id: src1, citation: A source.}\n"
SHIPPED = sorted((ROOT / "content" / "en").glob("*.yaml")) if (ROOT / "content" / "en").is_dir() \
    else []
SEEDS = [SAMPLE_TOPIC, REFS] + [p.read_text(encoding="utf-8") for p in SHIPPED
                                if p.stat().st_size <= 5000]  # real files, small: fast

MARKER_NAME = "yaml-executed-code"
TOKENS = ["!!python/object/apply:os.system ['touch {marker}']",
          "!!python/object/new:os.system [touch {marker}]", "!!python/name:os.system",
          "&a [1, 2]", "*a", "*undefined", "<<: *a", "<<: 5", "!!binary 'not base64!'",
          "? [a, b]\n: c", "{", "[", "]", "}", "%YAML 1.1", "---", "...", "\t", ": ", "- ",
          '"\\x00"', "\ufeff", "!!timestamp 2026-13-45", "2026-13-45", "2026-02-30", "!!int x",
          "!!float x", "1" * 5000, "!!set {a, b}", "!!omap [a: 1]", "~", "null", "yes",
          "!custom tag", "|", ">", "'", '"', "#", "@", "`", "extend: true", "items: []",
          "items: 5", "sources: []", "id: Bad Id", "reviewed: 1999-01-01", "title:",
          "- id: extra\n  title: t\n  summary: s\n  sources: [src1]",
          "- id: low_back_pain\n  title: t\n  summary: s\n  sources: [src1]",
          "[" * 60, "a: " + "[" * 60 + "]" * 60, "&x a\nb: *x"]  # deeper nesting: @example


def _yaml_values_strategy():
    leaves = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
              | st.dates(min_value=dt.date(1, 1, 1)) | st.sampled_from(
                  ["", "src1", "nosuch", "low_back_pain", "Bad Id", "x" * 300, "2026-11-26"]))
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=10) | st.sampled_from(
                            ["id", "title", "summary", "sources", "items", "body", "extend",
                             "reviewed", "aliases", "group"]), inner, max_size=4),
                        max_leaves=10)


YAML_VALUES = _yaml_values_strategy()


@st.composite
def structural_mutants(draw, seeds=(SAMPLE_TOPIC, REFS)) -> bytes:
    doc = copy.deepcopy(yaml.safe_load(draw(st.sampled_from(seeds))))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(json_paths(doc))))
        parent, key, node = None, None, doc
        for part in path:
            parent, key, node = node, part, node[part]
        op = draw(st.sampled_from(["replace", "replace", "delete", "add_key", "dup_item"]))
        if parent is None or op == "replace":
            value = draw(YAML_VALUES)
            if parent is None:
                doc = value
            else:
                parent[key] = value
        elif op == "delete":
            del parent[key]
        elif op == "add_key" and isinstance(node, dict):
            node[draw(st.text(max_size=10))] = draw(YAML_VALUES)
        elif op == "dup_item" and isinstance(node, list) and node:
            node.append(copy.deepcopy(node[0]))
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def text_mutants(draw, marker: str, seeds=tuple(SEEDS)) -> bytes:
    lines = draw(st.sampled_from(seeds)).split("\n")
    for _ in range(draw(st.integers(1, 5))):
        n = len(lines)
        i = draw(st.integers(0, max(0, n - 1)))
        op = draw(st.sampled_from(["delete", "dup", "swap", "indent", "dedent", "token",
                                   "value", "truncate"]))
        if op == "delete" and n:
            del lines[i]
        elif op == "dup" and n:
            lines.insert(i, lines[i])
        elif op == "swap" and n > 1:
            j = draw(st.integers(0, n - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent" and n:
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
        elif op == "dedent" and n:
            lines[i] = lines[i][draw(st.integers(1, 4)):]
        elif op == "token":
            lines.insert(i, draw(st.sampled_from(TOKENS)).replace("{marker}", marker))
        elif op == "value" and n and ":" in lines[i]:
            head = lines[i].split(":", 1)[0]
            token = draw(st.sampled_from(TOKENS)).replace("{marker}", marker)
            lines[i] = f"{head}: {token}"
        elif op == "truncate":
            lines = lines[:i]
    data = bytearray("\n".join(lines).encode("utf-8"))
    if draw(st.booleans()):  # a few raw byte edits on top
        for _ in range(draw(st.integers(1, 3))):
            pos = draw(st.integers(0, len(data)))
            data[pos:pos] = draw(st.binary(min_size=1, max_size=3))
    return bytes(data)


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _check_error(exc: ContentError, *names: str) -> None:
    message = str(exc)
    assert message.strip() and exc.problem.strip()
    assert any(name in message for name in names), message


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-content")


def test_fuzz_load_topic(work):
    marker = work / MARKER_NAME
    path = work / "symptoms.yaml"
    outcomes = {"loaded": 0, "error": 0}

    @FUZZ
    @given(text_mutants(str(marker)) | structural_mutants() | st.binary(max_size=300))
    @example(b"reviewed: 2026-13-45\ntitle: x\nitems: []\n")
    @example(f"reviewed: 2026-11-26\ntitle: !!python/object/apply:os.system "
             f"['touch {marker}']\nitems: []\n".encode())
    @example(b"a: &x [*x]\n")
    @example(b"[" * 20000)
    @example(b"\xff\xfe\x00\x00")
    @example(b"items: []\nreviewed: 2026-11-26\ntitle: Symptoms\nitems:\n  - id: pain\n"
             b"    title: Pain\n    summary: It can hurt.\n    sources: [src1]\n")  # found here
    @example(b"reviewed: 2026-11-26\ntitle: x\nitems:\n  - id: a\n    title: A\n"
             b"    summary: !!timestamp 2026-13-45 words\n    sources: [src1]\n")  # found here
    def run(data):
        path.write_bytes(data)
        before = _digest(path)
        try:
            topic, extend = load_topic(path)
        except ContentError as exc:
            _check_error(exc, "symptoms.yaml")
            outcomes["error"] += 1
        else:
            assert isinstance(topic, Topic) and isinstance(extend, bool)
            assert topic.items and all(i.title and i.summary and i.sources for i in topic.items)
            outcomes["loaded"] += 1
        assert _digest(path) == before, "the loader changed its input file"
        assert not marker.exists(), "a YAML tag ran code"

    run()
    assert sum(outcomes.values()) >= N_EXAMPLES, outcomes
    assert outcomes["loaded"] and outcomes["error"], outcomes


def test_fuzz_load_content_folder(work):
    marker = work / MARKER_NAME
    base = work / "content"
    folder = base / "en"
    folder.mkdir(parents=True)
    good = {"references.yaml": TINY_REFS}  # small files: the whole folder loads per example
    for key in REQUIRED_TOPICS:
        good[f"{key}.yaml"] = TINY_TOPIC.replace("low_back_pain", f"{key}_pain")
    for name, text in good.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert isinstance(load_content(base, "en"), ContentLibrary)
    names = sorted(good) + ["glossary.yaml"]  # one optional topic may appear too
    outcomes = {"loaded": 0, "error": 0}

    @FUZZ
    @given(st.lists(st.tuples(st.sampled_from(names),
                              text_mutants(str(marker), tuple(good.values()))
                              | structural_mutants(tuple(good.values()))),
                    min_size=1, max_size=2))
    def run(mutations):
        try:
            for name, data in mutations:
                (folder / name).write_bytes(data)
            before = {p.name: _digest(p) for p in folder.iterdir()}
            try:
                library = load_content(base, "en")
            except ContentError as exc:
                _check_error(exc, *names, "content")
                outcomes["error"] += 1
            else:
                assert isinstance(library, ContentLibrary)
                assert all(library.item(i.id) is i for i in library.all_items())
                outcomes["loaded"] += 1
            assert {p.name: _digest(p) for p in folder.iterdir()} == before
            assert not marker.exists(), "a YAML tag ran code"
        finally:
            for name, _ in mutations:
                if name in good:
                    (folder / name).write_text(good[name], encoding="utf-8")
                else:
                    (folder / name).unlink(missing_ok=True)

    run()
    assert sum(outcomes.values()) >= N_EXAMPLES, outcomes
    assert outcomes["loaded"] and outcomes["error"], outcomes


# --------------------------------------------------------------------------- YAML safety
_UNSAFE = re.compile(r"\byaml\s*\.\s*(load|load_all|unsafe_load|unsafe_load_all|full_load|"
                     r"full_load_all|Loader|FullLoader|UnsafeLoader|CLoader|CFullLoader|"
                     r"CUnsafeLoader)\b|from\s+yaml\s+import\s+[^\n]*\b(load|Loader|FullLoader|"
                     r"UnsafeLoader|unsafe_load|full_load)\b|\bunsafe\b", re.IGNORECASE)


def test_yaml_is_only_read_with_safe_loaders():
    offenders = []
    for path in sorted((ROOT / "desktop_app").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if _UNSAFE.search(code):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "unsafe YAML loading:\n" + "\n".join(offenders)


def test_the_check_catches_unsafe_calls():
    for bad in ("yaml.load(text)", "yaml.load(text, Loader=yaml.Loader)", "yaml.unsafe_load(x)",
                "yaml.full_load(x)", "from yaml import load", "yaml.load_all(s)",
                "yaml.FullLoader"):
        assert _UNSAFE.search(bad), bad
    for good in ("yaml.safe_load(text)", "yaml.SafeLoader(text)", "yaml.safe_dump(x)"):
        assert not _UNSAFE.search(good), good
