"""A series holding several volumes → stacks, each moving one position a step.

Diffusion (many b-values and directions), fMRI (time points), multi-echo and mixed image types
(a Philips field map's magnitude and phase) keep every volume in one series: listed as one,
most scroll steps would jump between volumes at the same position. Each frame's
:class:`~desktop_app.model.dicom_frames.FrameInfo` says which volume it belongs to (b-value,
diffusion direction, echo, temporal position, stack ID, image type); only the fields that
differ within the series split it, and each stack gets a label from them ("DWI b = 1000",
"echo 2", "phase"). A series whose volumes carry no such field but repeat every position the
same number of times is split by the order of its instance numbers ("volume 2").

Pure Python, no Qt, no numpy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from desktop_app.model.dicom_frames import FrameInfo

MAX_STACKS = 64       # a series split into more (fMRI time points) is split without time

T = TypeVar("T")
FIELDS = ("image_type", "stack", "b_value", "direction", "echo", "temporal")
TYPE_WORDS = {"M": "magnitude", "P": "phase", "R": "real", "I": "imaginary",
              "MAGNITUDE": "magnitude", "PHASE": "phase", "REAL": "real",
              "IMAGINARY": "imaginary"}


def split(items: Sequence[T], info: Callable[[T], FrameInfo],
          position: Callable[[T], Any], instance: Callable[[T], Any]) -> list[tuple[str, list[T]]]:
    """[(label, items)] in a stable order: one entry (label "") when nothing splits."""
    infos = [info(item) for item in items]
    varying = [name for name in FIELDS
               if len({_field(one, name) for one in infos}) > 1]
    groups = _group(items, infos, varying)
    if len(groups) > MAX_STACKS and "temporal" in varying:
        varying.remove("temporal")
        groups = _group(items, infos, varying)
    if len(groups) > MAX_STACKS:
        return [("", list(items))]
    if len(groups) == 1:
        volumes = _by_repeat(list(items), position, instance)
        if volumes is not None:
            return volumes
        return [("", list(items))]
    labels = _labels(sorted(groups), varying)
    return [(labels[key], groups[key]) for key in sorted(groups)]


def _field(one: FrameInfo, name: str) -> Any:
    value = getattr(one, name)
    if name == "direction" and value is not None:
        return tuple(round(v, 3) for v in value)
    if name == "b_value" and value is not None:
        return round(value, 1)
    return value


def _sortable(value: Any) -> tuple[bool, Any]:
    return (value is None, value if value is not None else 0)


def _group(items: Sequence[T], infos: list[FrameInfo],
           varying: list[str]) -> dict[tuple[Any, ...], list[T]]:
    groups: dict[tuple[Any, ...], list[T]] = {}
    for item, one in zip(items, infos):
        key = tuple(_sortable(_field(one, name)) for name in varying)
        groups.setdefault(key, []).append(item)
    return groups


def _labels(keys: list[tuple[Any, ...]], varying: list[str]) -> dict[tuple[Any, ...], str]:
    """Words for each key: b-value as it is, the others by their rank (echo 2, time 3)."""
    ranks = {name: sorted({key[i] for key in keys}) for i, name in enumerate(varying)}
    types = _type_words([key[varying.index("image_type")][1] for key in keys]) \
        if "image_type" in varying else {}
    labels = {}
    for key in keys:
        words = []
        for i, name in enumerate(varying):
            missing, value = key[i]
            rank = ranks[name].index(key[i]) + 1
            if name == "b_value":
                words.append(f"DWI b = {value:g}" if not missing else "DWI")
            elif name == "direction":
                if not missing:             # b = 0 has no direction: nothing to say
                    words.append(f"direction {rank}")
            elif name == "echo":
                words.append(f"echo {rank}")
            elif name == "temporal":
                words.append(f"time {rank}")
            elif name == "stack":
                words.append(f"stack {value}" if value else "no stack")
            else:
                words.append(types.get(value, value) or "other")
        labels[key] = ", ".join(words)
    return labels


def _type_words(types: list[str]) -> dict[str, str]:
    """The part of each ImageType that differs from the others, in plain words."""
    split_types = [t.split("\\") for t in types]
    common = set.intersection(*(set(parts) for parts in split_types)) if split_types else set()
    words = {}
    for text, parts in zip(types, split_types):
        own = [p for p in parts if p not in common and p]
        words[text] = " ".join(TYPE_WORDS.get(p.upper(), p.lower()) for p in own)[:40]
    return words


def _by_repeat(items: list[T], position: Callable[[T], Any],
               instance: Callable[[T], Any]) -> list[tuple[str, list[T]]] | None:
    """Volumes of a series that repeats every position the same number of times, in order of
    instance number; None when positions do not repeat that way."""
    positions = [position(item) for item in items]
    if any(p is None for p in positions):
        return None
    counts = Counter(round(p, 2) for p in positions)
    repeats = set(counts.values())
    if len(repeats) != 1 or (times := repeats.pop()) < 2 or times > MAX_STACKS:
        return None
    ordered = sorted(items, key=lambda item: _sortable(instance(item)))
    seen: Counter[float] = Counter()
    volumes: list[list[T]] = [[] for _ in range(times)]
    for item in ordered:
        where = round(position(item), 2)
        volumes[seen[where]].append(item)
        seen[where] += 1
    return [(f"volume {n + 1}", volume) for n, volume in enumerate(volumes)]
