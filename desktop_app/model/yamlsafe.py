"""The one safe YAML loader the app uses: libyaml's CSafeLoader when PyYAML has it (several
times faster at start-up), else the pure-Python SafeLoader. Never a loader that builds
arbitrary objects: content and atlas files may come from a clinic's shared drive."""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    loader = SafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
