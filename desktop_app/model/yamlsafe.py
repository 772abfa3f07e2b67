"""The one safe YAML loader the app uses: libyaml's CSafeLoader when PyYAML has it (several
times faster at start-up), else the pure-Python SafeLoader. Never a loader that builds
arbitrary objects: content and atlas files may come from a clinic's shared drive.

Aliases (``*name``) are the other danger of a shared file: one 1.8 MB anchor used by 3,000
items is 5 GB of text to every reader of the data (search, sign-off hashes, the PDF) though
the file is 2 MB. :func:`expanded_chars` counts the text of a document *with* every alias
expanded, and every loader of the app refuses a document whose expanded text is over the
limit its file has: an alias never makes a file hold more than it could hold written out.
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_LIMIT = 1024 * 1024


class ValueYAMLError(yaml.YAMLError):
    """A value that YAML parsed but could not build: a date that does not exist
    ("2026-13-45"), a number too large, an explicit tag (``!!timestamp``) on text that is not
    one. PyYAML raises ValueError / OverflowError / AttributeError for those."""


class ExpansionError(yaml.YAMLError):
    """Aliases expand the document to more text than its limit; ``str()`` is one line."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"its aliases (*name) expand it to more than {_words(limit)} of "
                         "text; write the text out where it is used, or shorten it")


def _words(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def expanded_chars(root: yaml.Node | None, stop: int | None = None) -> int:
    """The characters of text (keys and values) in the document under ``root`` with every
    alias expanded, counted once per node (linear in the file, however the aliases nest). A
    node that contains itself counts as endless. Counting ends early once over ``stop``."""
    if root is None:
        return 0
    total_of: dict[int, int] = {}
    busy: set[int] = set()
    endless = (stop or 0) + 1 if stop is not None else 1 << 62
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in total_of:
            continue
        if isinstance(node, yaml.ScalarNode):
            total_of[key] = len(node.value)
            continue
        kids: list[yaml.Node] = (list(node.value) if isinstance(node, yaml.SequenceNode)
                                 else [n for pair in node.value for n in pair])
        if children_done:
            busy.discard(key)
            total_of[key] = min(endless, sum(total_of.get(id(k), endless) for k in kids))
            if stop is not None and total_of[key] > stop:
                return total_of[key]
            continue
        if key in busy:            # reached again before it was counted: it holds itself
            return endless
        busy.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in kids if id(k) not in total_of)
    return total_of[id(root)]


def check_expansion(root: yaml.Node | None, limit: int) -> None:
    """Raise :class:`ExpansionError` if the document's expanded text is over ``limit``."""
    if expanded_chars(root, stop=limit) > limit:
        raise ExpansionError(limit)


def safe_load(text: str, limit: int | None = None) -> Any:
    """The data of ``text``; ``limit``: the most text it may expand to (default: the text's
    own length, at least 1 MB)."""
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        check_expansion(node, limit if limit is not None else max(len(text), DEFAULT_LIMIT))
        return loader.construct_document(node) if node is not None else None
    except (ValueError, TypeError, OverflowError, AttributeError):
        raise ValueYAMLError("a date or number that does not exist") from None
    finally:
        loader.dispose()
