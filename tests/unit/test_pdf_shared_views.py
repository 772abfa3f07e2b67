"""The drawings an export lays out (labels placed) are shared by its layouts: the compact
retry asks again for some of the first layout's drawings at the same size. Kept for one
export only, by view, width and height."""

from __future__ import annotations

import pytest
from reportlab import rl_config

from desktop_app.export import builder, pictures
from desktop_app.export import diagram_drawing as dd
from desktop_app.export.story import Story
from tests import pdf_cases


def built_views(monkeypatch) -> list[tuple[str, float]]:
    """(view, max height) of every drawing laid out from now on (build_view may call
    itself, for another try at the labels: counted once)."""
    calls: list[tuple[str, float]] = []
    build_view = dd.build_view
    depth = [0]

    def spy(drawing, marks, **kw):
        if not depth[0]:
            calls.append((drawing.view, kw["max_height"]))
        depth[0] += 1
        try:
            return build_view(drawing, marks, **kw)
        finally:
            depth[0] -= 1

    monkeypatch.setattr(dd, "build_view", spy)
    return calls


def not_shared(monkeypatch) -> None:
    """Every Story gets an empty memo each time it asks (nothing shared, nothing kept)."""
    monkeypatch.setattr(Story, "views", property(lambda self: {}, lambda self, v: None),
                        raising=False)


@pytest.mark.parametrize("name", ["example-en", "example-es-clinic-logo-letter",
                                  "example-en-male", "full-letter-logo", "full-es"])
def test_sharing_the_drawings_writes_the_same_pdf(name, tmp_path, monkeypatch):
    """English and Spanish, A4 and Letter: the same bytes as building every drawing anew."""
    monkeypatch.setattr(rl_config, "invariant", 1)
    kw = pdf_cases.build(name, tmp_path / name)
    shared, _ = builder.build_summary(**kw)
    with monkeypatch.context() as m:
        not_shared(m)
        fresh, _ = builder.build_summary(**kw)
    assert shared == fresh


def test_the_compact_retry_lays_out_no_drawing_twice(tmp_path, monkeypatch):
    kw = pdf_cases.build("example-en", tmp_path)
    builder.build_summary(**kw)            # warm: the example is laid out twice (retry)
    with monkeypatch.context() as m:
        not_shared(m)
        calls = built_views(m)
        builder.build_summary(**kw)
        unshared = list(calls)
    calls = built_views(monkeypatch)
    _data, result = builder.build_summary(**kw)
    assert result.pages == 8
    assert len(calls) == len(set(calls))            # each (view, height) once
    assert set(calls) == set(unshared)              # the same drawings, none left out
    assert len(unshared) > len(calls)               # which were built twice before


def test_a_drawing_at_another_height_is_laid_out_anew(tmp_path, monkeypatch):
    kw = pdf_cases.build("example-en", tmp_path)
    c = kw.pop("consultation")
    b = Story(c, **kw)
    calls = built_views(monkeypatch)
    first = pictures.drawing_figure(b, "sagittal", 150.0)
    again = pictures.drawing_figure(b, "sagittal", 150.0)
    taller = pictures.drawing_figure(b, "sagittal", 180.0)
    assert calls == [("sagittal", 150.0), ("sagittal", 180.0)]
    assert again.art.vd is first.art.vd
    assert taller.art.vd is not first.art.vd
    assert taller.art.height > first.art.height


def test_no_drawing_is_kept_from_one_export_to_the_next(tmp_path, monkeypatch):
    """A second export of a visit whose area moved draws it where it is now."""
    monkeypatch.setattr(rl_config, "invariant", 1)
    kw = pdf_cases.build("example-en", tmp_path)
    first, _ = builder.build_summary(**kw)
    moved = kw["consultation"]
    moved.lesions[0].cx += 40
    calls = built_views(monkeypatch)
    second, result = builder.build_summary(**kw)
    assert calls                                     # laid out again, not remembered
    assert second != first
    with monkeypatch.context() as m:
        not_shared(m)
        fresh, _ = builder.build_summary(**kw)
    assert second == fresh
    assert result.diagrams and result.diagrams[0].view == "sagittal"
