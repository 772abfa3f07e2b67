"""The SVG subset reader shared by the Qt diagram and the PDF (no Qt needed)."""

from __future__ import annotations

import math

import pytest

from desktop_app.model.svgshapes import (KAPPA, AnatomyError, ellipse_segments, parse_path_data,
                                         parse_svg, sample_segments)

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">{}</svg>'


def parse(body: str, ids=()):
    return parse_svg("test.svg", ids, text=SVG.format(body))


def close(a, b, tol=1e-9):
    assert len(a) == len(b), (a, b)
    for sa, sb in zip(a, b):
        assert sa[0] == sb[0], (a, b)
        assert all(math.isclose(x, y, abs_tol=tol) for x, y in zip(sa[1:], sb[1:])), (a, b)


# ------------------------------------------------------------------------- path data
def test_absolute_and_relative_lines_with_implicit_lineto():
    close(parse_path_data("M10 20 30 40 l5-5 h10 v-10 H0 V0 z"),
          [("M", 10, 20), ("L", 30, 40), ("L", 35, 35), ("L", 45, 35), ("L", 45, 25),
           ("L", 0, 25), ("L", 0, 0), ("Z",)])


def test_relative_move_after_close_starts_from_the_subpath_start():
    close(parse_path_data("m10,10 l10,0 z m5,5 l1,1"),
          [("M", 10, 10), ("L", 20, 10), ("Z",), ("M", 15, 15), ("L", 16, 16)])


def test_compact_number_syntax():
    close(parse_path_data("M.5.5L-1e1-2.5e0"), [("M", 0.5, 0.5), ("L", -10, -2.5)])


def test_smooth_cubic_reflects_the_previous_control_point():
    close(parse_path_data("M0 0 C10 0 20 10 30 10 S50 20 60 20"),
          [("M", 0, 0), ("C", 10, 0, 20, 10, 30, 10), ("C", 40, 10, 50, 20, 60, 20)])
    # without a preceding cubic the first control point is the current point
    close(parse_path_data("M0 0 s10 10 20 0"), [("M", 0, 0), ("C", 0, 0, 10, 10, 20, 0)])


def test_quadratic_curves_become_exact_cubics():
    close(parse_path_data("M0 0 Q30 30 60 0 T120 0"),
          [("M", 0, 0), ("C", 20, 20, 40, 20, 60, 0), ("C", 80, -20, 100, -20, 120, 0)])


@pytest.mark.parametrize("d, words", [
    ("M0 0 A10 10 0 0 1 20 20", "arcs"),
    ("L0 0", "move"),
    ("M0 0 L10", "missing numbers"),
    ("M0 0 X10 10", "unknown path command"),
    ("", "empty"),
])
def test_bad_path_data_is_named(d, words):
    with pytest.raises(AnatomyError) as err:
        parse_path_data(d, "x.svg", "bad")
    assert words in str(err.value)
    assert "x.svg" in str(err.value) and "bad" in str(err.value)


# ------------------------------------------------------------------------ elements
def test_basic_shapes_normalise_to_paths():
    d = parse('<rect x="1" y="2" width="10" height="5"/>'
              '<circle cx="5" cy="5" r="2"/>'
              '<ellipse cx="5" cy="5" rx="4" ry="2"/>'
              '<polygon points="0,0 10,0 10,10"/>'
              '<polyline points="0 0 5 5"/>'
              '<line x1="1" y1="1" x2="2" y2="3"/>')
    rect, circle, ellipse, polygon, polyline, line = (s.segments for s in d.shapes)
    close(rect, [("M", 1, 2), ("L", 11, 2), ("L", 11, 7), ("L", 1, 7), ("Z",)])
    close(circle, ellipse_segments(5, 5, 2, 2))
    assert ellipse[1] == ("C", 9, 5 + 2 * KAPPA, 5 + 4 * KAPPA, 7, 5, 7)
    close(polygon, [("M", 0, 0), ("L", 10, 0), ("L", 10, 10), ("Z",)])
    close(polyline, [("M", 0, 0), ("L", 5, 5)])
    close(line, [("M", 1, 1), ("L", 2, 3)])


def test_rounded_rect_has_curved_corners():
    (shape,) = parse('<rect width="10" height="10" rx="2"/>').shapes
    assert sum(1 for s in shape.segments if s[0] == "C") == 4
    assert shape.bounds() == (0, 0, 10, 10)


def test_structure_id_is_the_nearest_known_ancestor_or_self():
    d = parse('<g id="sacrum"><path id="sacrum_s1" d="M0 0 L1 1 L0 1 Z"/>'
              '<g id="inner"><path d="M0 0 L1 1 L1 0 Z"/></g></g>'
              '<path id="rectum" d="M5 5 L6 6 L5 6 Z"/><path id="bg_x" d="M0 0 L1 0 L1 1 Z"/>',
              ids={"sacrum", "rectum"})
    assert [(s.element_id, s.structure_id) for s in d.shapes] == [
        ("sacrum_s1", "sacrum"), (None, "sacrum"), ("rectum", "rectum"), ("bg_x", None)]
    assert d.element_ids["sacrum_s1"] == ("sacrum",)
    assert d.element_ids["inner"] == ("sacrum",)
    assert d.element_ids["sacrum"] == ()


def test_presentation_attributes_inherit_and_opacity_multiplies():
    d = parse('<g id="g" fill="#abc" stroke="#102030" stroke-width="2" opacity="0.5">'
              '<path d="M0 0 L1 1 L0 1 Z" fill-opacity="0.5" stroke-dasharray="4 2"'
              ' stroke-linejoin="round" stroke-linecap="square"/>'
              '<path d="M0 0 L1 1 L0 1 Z" fill="none" stroke-dasharray="3"/></g>'
              '<path d="M0 0 L1 1 L0 1 Z"/>')
    a, b, c = d.shapes
    assert (a.fill, a.stroke, a.stroke_width) == ("#aabbcc", "#102030", 2.0)
    assert a.fill_opacity == 0.25 and a.stroke_opacity == 0.5
    assert a.dasharray == (4.0, 2.0) and (a.linejoin, a.linecap) == ("round", "square")
    assert b.fill is None and b.dasharray == (3.0, 3.0)
    # SVG defaults: black fill, no stroke
    assert (c.fill, c.stroke, c.fill_opacity) == ("#000000", None, 1.0)


def test_viewbox_is_read():
    assert parse('<path d="M0 0 L1 1"/>').viewbox == (0, 0, 100, 50)


@pytest.mark.parametrize("body, words", [
    ('<g id="a" transform="translate(1 2)"><path d="M0 0 L1 1"/></g>', "transforms"),
    ('<path id="p" style="fill:red" d="M0 0 L1 1"/>', "style="),
    ('<text x="1" y="1">hi</text>', "<text>"),
    ('<image href="x.png"/>', "<image>"),
    ('<linearGradient id="lg"/>', "<linearGradient>"),
    ('<path id="p" d="M0 0 L1 1" filter="url(#f)"/>', "filters"),
    ('<path id="p" d="M0 0 L1 1" clip-path="url(#c)"/>', "clip paths"),
    ('<path id="p" d="M0 0 L1 1" fill="url(#g)"/>', "fill="),
    ('<path id="p" d="M0 0 A1 1 0 0 1 2 2"/>', "arcs"),
    ('<path id="p" d="M0 0 L1 1"/><path id="p" d="M0 0 L1 1"/>', "duplicate id"),
    ('<path id="p" d="M0 0 L1 1" onclick="x()"/>', "onclick"),
])
def test_unsupported_features_raise_naming_file_and_element(body, words):
    with pytest.raises(AnatomyError) as err:
        parse(body)
    assert err.value.file == "test.svg"
    assert words in str(err.value)


def test_missing_viewbox_and_bad_xml():
    with pytest.raises(AnatomyError, match="viewBox"):
        parse_svg("a.svg", text='<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>')
    with pytest.raises(AnatomyError, match="well-formed"):
        parse_svg("a.svg", text="<svg")
    with pytest.raises(AnatomyError, match="DOCTYPE"):
        parse_svg("a.svg", text='<!DOCTYPE svg [<!ENTITY x "y">]><svg viewBox="0 0 1 1"/>')
    with pytest.raises(AnatomyError, match="cannot read"):
        parse_svg("/nonexistent/file.svg")


def test_sample_segments_flattens_curves_and_closes():
    polys = sample_segments(ellipse_segments(0, 0, 10, 5), steps=8)
    assert len(polys) == 1
    pts = polys[0]
    assert pts[0] == pts[-1]
    for x, y in pts:
        assert abs((x / 10) ** 2 + (y / 5) ** 2 - 1) < 0.01
