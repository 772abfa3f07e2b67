"""YAML aliases never make a file hold more text than it could hold written out: the text
after every alias is expanded is counted (linearly, however the aliases nest) and a clinic
content file over its limit is one clear line, at load, at --selftest and at start."""

from __future__ import annotations

import pytest
import yaml

from desktop_app.model import yamlsafe
from desktop_app.model.content import MAX_CONTENT_BYTES, ContentError, load_content
from tests.attacks import run_app
from tests.conftest import ROOT


def _node(text: str):
    return yaml.compose(text, Loader=yamlsafe.SafeLoader)


def test_expanded_text_is_counted_with_every_alias():
    doc = "a: &x hello\nb: *x\nc: [*x, *x]\n"
    assert yamlsafe.expanded_chars(_node(doc)) == len("abc") + 4 * len("hello")


def test_the_limit_at_the_limit_and_one_past_it():
    # a 1,000-character anchor used 9 more times, keys "k0".."k9" (2 characters each)
    doc = "k0: &a " + "x" * 1000 + "\n" + "".join(f"k{i}: *a\n" for i in range(1, 10))
    total = 10 * 1000 + 10 * 2
    assert yamlsafe.expanded_chars(_node(doc)) == total
    yamlsafe.check_expansion(_node(doc), total)                 # at the limit: fine
    with pytest.raises(yamlsafe.ExpansionError):
        yamlsafe.check_expansion(_node(doc), total - 1)          # one past it: refused
    assert yamlsafe.safe_load(doc, total)["k9"] == "x" * 1000
    with pytest.raises(yamlsafe.ExpansionError):
        yamlsafe.safe_load(doc, total - 1)


def test_nested_aliases_are_counted_without_expanding_them():
    """"Billion laughs": 10 levels of 10 references = 10**10 copies of one word."""
    lines = ["l0: &l0 lol"]
    for i in range(1, 11):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    node = _node("\n".join(lines) + "\n")
    assert yamlsafe.expanded_chars(node) > 3 * 10**10     # counted over 11 nodes, not built
    with pytest.raises(yamlsafe.ExpansionError):
        yamlsafe.safe_load("\n".join(lines) + "\n")


def _bomb_folder(tmp_path, anchor_chars: int, uses: int):
    """A clinic file under 2 MB: the first item's body is a ``anchor_chars`` anchor, every
    other item's body an alias of it (a valid file otherwise)."""
    folder = tmp_path / "clinic"
    (folder / "en").mkdir(parents=True)
    items = ["  - {id: b0, title: I, summary: S., sources: [glasgow2006], body: &big "
             + "word " * (anchor_chars // 5) + "}\n"]
    items += [f"  - {{id: b{i}, title: I, summary: S., sources: [glasgow2006], body: *big}}\n"
              for i in range(1, uses)]
    text = ("extend: true\nsources_checked: 2026-12-01\ntitle: Overview\nitems:\n"
            + "".join(items))
    (folder / "en" / "overview.yaml").write_text(text, encoding="utf-8")
    return folder, len(text.encode())


def test_a_clinic_content_file_that_expands_past_its_limit_is_one_clear_line(tmp_path):
    # the attack: a 1.75 MB anchor used by 3,000 items in a file of under 2 MB
    folder, size = _bomb_folder(tmp_path, 1_750_000, 3000)
    assert size < MAX_CONTENT_BYTES
    with pytest.raises(ContentError) as info:
        load_content(ROOT / "content", "en", [folder])
    message = str(info.value)
    assert "overview.yaml" in message and "expand" in message and "2 MB" in message
    assert "\n" not in message


def test_selftest_reports_it_in_one_line(tmp_path):
    folder, _size = _bomb_folder(tmp_path, 1_750_000, 3000)
    result = run_app("--content-dir", folder, "--selftest", timeout=120, memory=2 << 30)
    assert result.returncode == 1
    lines = [ln for ln in result.stderr.splitlines() if "propagateSizeHints" not in ln]
    assert len(lines) == 1 and "expand" in lines[0] and "Traceback" not in result.stderr
