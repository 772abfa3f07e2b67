"""An area's approach against the operations ticked (model/plan_check.py)."""

from __future__ import annotations

import pytest

from desktop_app.model.consultation import Consultation, Lesion
from desktop_app.model.plan_check import approach_conflicts
from desktop_app.ui.plan_warning import warning_text


def visit(approach="posterior", status="confirmed", planned=(), discussed=(), n=1):
    return Consultation(
        treatments_planned=list(planned), treatments_discussed=list(discussed),
        lesions=[Lesion(id=f"l{n}", number=n, approach=approach, approach_status=status)])


@pytest.mark.parametrize("approach, planned, discussed, conflict", [
    ("posterior", ["surgery_anterior"], [], True),           # the reader's case
    ("posterior", [], ["surgery_anterior"], True),           # talked about only: still both
    ("posterior", ["surgery_posterior"], [], False),
    ("posterior", ["surgery_anterior"], ["surgery_posterior"], False),  # one of them agrees
    ("combined", ["surgery_anterior", "surgery_posterior"], [], True),  # not the same thing
    ("combined", ["surgery_combined"], [], False),
    ("anterior", ["radiation_external"], [], False),         # no operation ticked
    ("", ["surgery_anterior"], [], False),                   # no approach
])
def test_a_confirmed_approach_against_the_operations_ticked(approach, planned, discussed,
                                                             conflict):
    c = visit(approach, "confirmed", planned, discussed)
    assert approach_conflicts(c) == ([1] if conflict else [])


@pytest.mark.parametrize("status, shown", [("confirmed", True), ("overridden", True),
                                           ("suggested", False)])
def test_only_an_approach_the_summary_prints_can_disagree(status, shown):
    c = visit("posterior", status, ["surgery_anterior"])
    assert approach_conflicts(c) == ([1] if shown else [])


def test_the_warning_names_the_area_and_both_ways():
    c = visit("posterior", "confirmed", ["surgery_anterior"], n=2)
    assert warning_text(c) == ("Area 2's approach is from behind, but the operation checked is "
                               "from the front. The patient's summary leaves out the approach "
                               "of that area until they agree.")
    c.lesions.append(Lesion(id="x", number=3, approach="combined",
                            approach_status="overridden"))
    assert warning_text(c).startswith("Area 2's approach is from behind; area 3's approach is "
                                      "from the front and from behind, but")
    assert warning_text(visit("posterior", "confirmed", ["surgery_posterior"])) == ""
