"""The one safe YAML loader the app uses: libyaml's CSafeLoader when PyYAML has it (several
times faster at start-up), else the pure-Python SafeLoader. Never a loader that builds
arbitrary objects: content and atlas files may come from a clinic's shared drive."""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ValueYAMLError(yaml.YAMLError):
    """A value that YAML parsed but could not build: a date that does not exist
    ("2026-13-45"), a number too large, an explicit tag (``!!timestamp``) on text that is not
    one. PyYAML raises ValueError / OverflowError / AttributeError for those."""


def safe_load(text: str) -> Any:
    loader = SafeLoader(text)
    try:
        return loader.get_single_data()
    except (ValueError, TypeError, OverflowError, AttributeError):
        raise ValueYAMLError("a date or number that does not exist") from None
    finally:
        loader.dispose()
