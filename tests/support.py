"""Small helpers shared by several test modules."""

import re


def json_paths(obj, prefix=()):
    """Every path (tuple of keys / indexes) into a nested dict/list value, the root first."""
    yield prefix
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from json_paths(value, prefix + (key,))
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            yield from json_paths(value, prefix + (index,))


def not_one_sentence(named_items) -> list[str]:
    """'file/id: summary' for each (file, item) whose summary is not exactly one sentence."""
    bad = []
    for name, item in named_items:
        summary = " ".join(item["summary"].split())
        ends = re.findall(r"[.!?](?=\s|$)", summary)
        if len(ends) != 1 or not summary.endswith((".", "?", "!")):
            bad.append(f"{name}/{item['id']}: {summary}")
    return bad


def textstat_version() -> str:
    """The installed textstat version, for failure messages (readability differs by version)."""
    try:
        from importlib.metadata import version

        return version("textstat")
    except Exception:  # noqa: BLE001 pragma: no cover - metadata missing in odd installs
        return "?"
