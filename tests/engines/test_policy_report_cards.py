"""The shipped policy report-cards-2025 (Oxfordshire's intent for report cards, with
no old grade) case by case: every category, trigger and flag reached, each threshold
at, just below and just above its value, schools not yet inspected under report
cards, and each way a missing fact is handled. Pure: no database."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from engines.categorisation import ENTITLEMENT_DEFAULTS, evaluate, load_policy

POLICY_FILE = (
    Path(__file__).resolve().parents[2] / "policies" / "report-cards-2025.yaml"
)
POLICY = load_policy(POLICY_FILE)
AS_OF = datetime.date(2026, 11, 1)

# A maintained primary with a report card at the expected standard or better, every
# fact present and no trigger.
PRIMARY: dict[str, Any] = {
    "governance": "maintained",
    "rc_inspected": True,
    "rc_safeguarding_met": True,
    "rc_areas_below_expected": 0,
    "rc_areas_urgent": 0,
    "rc_leadership_and_governance": "Strong standard",
    "rc_early_years": "Expected standard",
    "category_of_concern": "",
    "red_flag_pct": 10.0,
    "leadership_below_good": False,
    "inspection_risk": False,
    "causing_concern": False,
    "rise_targeted": False,
    "rise_intervention": False,
    "head_start_date": datetime.date(2015, 9, 1),
    "interim_head": False,
    "ks2_rwm_expected": 66.0,
    "ks2_rwm_expected_england": 64.0,
    "ks2_rwm_expected_prev": 63.0,
    "ks2_rwm_expected_prev_england": 61.0,
    "abs_overall_pct": 4.0,
    "abs_overall_pct_england": 4.5,
}
REPORT_CARD = [
    "rc_safeguarding_met",
    "rc_areas_below_expected",
    "rc_areas_urgent",
    "rc_leadership_and_governance",
    "rc_early_years",
]
KS2 = [name for name in PRIMARY if name.startswith("ks2_")]
# The same school before its first report card.
NOT_INSPECTED = {
    **{k: v for k, v in PRIMARY.items() if k not in REPORT_CARD},
    "rc_inspected": False,
}
KS4_FACTS = {
    "ks4_att8": 48.0,
    "ks4_att8_england": 46.0,
    "ks4_att8_prev": 47.0,
    "ks4_att8_prev_england": 45.0,
}
SECONDARY = {**{k: v for k, v in PRIMARY.items() if k not in KS2}, **KS4_FACTS}


def run(facts: dict[str, Any], **parameters: Any) -> dict:
    policy = POLICY.with_parameters(parameters) if parameters else POLICY
    return evaluate(policy, facts, as_of=AS_OF, urn="140000").to_dict()


def trigger(result: dict, trigger_id: str) -> dict:
    return next(t for t in result["triggers"] if t["id"] == trigger_id)


def flag(result: dict, flag_id: str) -> dict:
    return next(f for f in result["flag_details"] if f["id"] == flag_id)


def without(facts: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in facts.items() if k not in names}


def one_area(grade: str = "Needs attention") -> dict[str, Any]:
    return {
        "rc_areas_below_expected": 1,
        "rc_areas_urgent": int(grade == "Urgent improvement"),
    }


# ---- categories ---------------------------------------------------------------------

CATEGORY_CASES = [
    pytest.param(
        PRIMARY, {}, "Universal", id="Universal: expected standard, safeguarding met"
    ),
    pytest.param(SECONDARY, {}, "Universal", id="Universal: a secondary"),
    pytest.param(
        NOT_INSPECTED, {}, "NotYetInspected", id="Not yet inspected, no trigger"
    ),
    pytest.param(
        {**NOT_INSPECTED, "abs_overall_pct": 6.0},
        {},
        "Targeted",
        id="Targeted: not yet inspected, placed by its data",
    ),
    pytest.param(
        {**PRIMARY, **one_area()},
        {},
        "Targeted",
        id="Targeted: one area needs attention",
    ),
    pytest.param(
        {**PRIMARY, "red_flag_pct": 30.0}, {}, "Targeted", id="Targeted: red flags"
    ),
    pytest.param(
        {**PRIMARY, "ks2_rwm_expected": 55.0}, {}, "Targeted", id="Targeted: attainment"
    ),
    pytest.param(
        {**PRIMARY, "abs_overall_pct": 6.0}, {}, "Targeted", id="Targeted: attendance"
    ),
    pytest.param(
        {**PRIMARY, "leadership_below_good": True},
        {},
        "Targeted",
        id="Targeted: leadership judged",
    ),
    pytest.param(
        {**PRIMARY, "inspection_risk": True},
        {},
        "Targeted",
        id="Targeted: risk at next inspection",
    ),
    pytest.param(
        {**PRIMARY, "causing_concern": True},
        {"causing_concern_is_plus": False},
        "Targeted",
        id="Targeted: causing concern when it is not a Targeted+ trigger",
    ),
    pytest.param(
        {**PRIMARY, "ks2_rwm_expected": 62.0, "ks2_rwm_expected_prev": 60.0},
        {},
        "Targeted",
        id="Targeted: a Targeted+ trigger alone (low attainment 2 years)",
    ),
    pytest.param(
        {**PRIMARY, "rc_areas_below_expected": 2},
        {},
        "Targeted+",
        id="Targeted+: two areas need attention",
    ),
    pytest.param(
        {**PRIMARY, **one_area(), "rc_leadership_and_governance": "Needs attention"},
        {},
        "Targeted+",
        id="Targeted+: leadership and governance needs attention",
    ),
    pytest.param(
        {**PRIMARY, "rise_targeted": True},
        {},
        "Targeted+",
        id="Targeted+: RISE targeted",
    ),
    pytest.param(
        {**PRIMARY, "ks2_rwm_expected": 55.0, "ks2_rwm_expected_prev": 55.0},
        {},
        "Targeted+",
        id="Targeted+: attainment plus low attainment 2 years",
    ),
    pytest.param(
        {**PRIMARY, "causing_concern": True},
        {},
        "Targeted+",
        id="Targeted+: causing concern",
    ),
    pytest.param(
        {**PRIMARY, "ks2_rwm_expected": 62.0, "ks2_rwm_expected_prev": 60.0},
        {"plus_requires_targeted_trigger": False},
        "Targeted+",
        id="Targeted+: a Targeted+ trigger alone when no Targeted trigger is required",
    ),
    pytest.param(
        {**PRIMARY, **one_area("Urgent improvement")},
        {},
        "Intensive",
        id="Intensive: an area graded Urgent improvement",
    ),
    pytest.param(
        {**PRIMARY, "rise_intervention": True},
        {},
        "Intensive",
        id="Intensive: RISE intervention",
    ),
    pytest.param(
        {**NOT_INSPECTED, "rise_intervention": True},
        {},
        "Intensive",
        id="Intensive: RISE intervention before a report card",
    ),
    pytest.param(
        {**PRIMARY, "rc_safeguarding_met": False},
        {},
        "Intervention",
        id="Intervention: safeguarding not met",
    ),
    pytest.param(
        {**PRIMARY, "category_of_concern": "RSI"},
        {},
        "Intervention",
        id="Intervention: RSI",
    ),
    pytest.param(
        {**NOT_INSPECTED, "category_of_concern": "SM"},
        {},
        "Intervention",
        id="Intervention: special measures from an EIF inspection",
    ),
    pytest.param(
        {**PRIMARY, "category_of_concern": "SWK"},
        {},
        "Intervention",
        id="Intervention: SWK",
    ),
    pytest.param(
        {**PRIMARY, "governance": "academy", "category_of_concern": "RSI"},
        {},
        "A",
        id="A: an academy in a category of concern",
    ),
    pytest.param({**PRIMARY, "governance": "academy"}, {}, "A", id="A: an academy"),
    pytest.param(
        {**PRIMARY, "governance": "other"},
        {},
        "NC",
        id="NC: neither maintained nor academy",
    ),
]


@pytest.mark.parametrize(("facts", "parameters", "expected"), CATEGORY_CASES)
def test_category(facts, parameters, expected):
    result = run(facts, **parameters)
    assert result["category"] == expected
    assert result["needs_review"] is False


def test_every_category_is_reached_by_a_case():
    assert {case.values[2] for case in CATEGORY_CASES} == {
        c.id for c in POLICY.categories
    }


TRIGGER_CASES = [
    pytest.param(
        {"category_of_concern": "SM"},
        "in_category_of_concern",
        id="category of concern",
    ),
    pytest.param(
        {"rc_safeguarding_met": False}, "safeguarding", id="safeguarding not met"
    ),
    pytest.param(
        one_area("Urgent improvement"), "urgent_improvement", id="urgent improvement"
    ),
    pytest.param(
        {"rise_intervention": True},
        "rise_structural_intervention",
        id="RISE intervention",
    ),
    pytest.param(one_area(), "needs_attention", id="needs attention"),
    pytest.param({"red_flag_pct": 25.0}, "red_flags", id="red flags"),
    pytest.param({"ks2_rwm_expected": 58.9}, "attainment", id="attainment"),
    pytest.param({"abs_overall_pct": 5.6}, "attendance", id="attendance"),
    pytest.param({"leadership_below_good": True}, "leadership", id="leadership judged"),
    pytest.param(
        {"inspection_risk": True}, "next_inspection_risk", id="inspection risk"
    ),
    pytest.param({"causing_concern": True}, "la_causing_concern", id="causing concern"),
    pytest.param({"rise_targeted": True}, "rise_targeted_support", id="RISE targeted"),
    pytest.param({"rc_areas_below_expected": 2}, "several_areas", id="several areas"),
    pytest.param(
        {"rc_leadership_and_governance": "Urgent improvement"},
        "leadership_area",
        id="leadership area",
    ),
    pytest.param(
        {"ks2_rwm_expected": 63.9, "ks2_rwm_expected_prev": 60.9},
        "low_attainment_two_years",
        id="low attainment 2 years",
    ),
]


@pytest.mark.parametrize(("changes", "trigger_id"), TRIGGER_CASES)
def test_every_trigger_fires(changes, trigger_id):
    assert trigger(run({**PRIMARY, **changes}), trigger_id)["outcome"] == "fired"


def test_every_trigger_has_a_case():
    assert {case.values[1] for case in TRIGGER_CASES} == set(POLICY.triggers)


def test_a_school_not_yet_inspected_reads_no_report_card_and_no_old_grade():
    result = run(NOT_INSPECTED)
    for concept in (
        "safeguarding_not_met",
        "urgent_improvement_areas",
        "needs_attention_area",
        "several_areas_below_expected",
        "leadership_area_below_expected",
    ):
        assert result["derived"][concept] is False
    assert not any(name.startswith("ofsted") for name in POLICY.facts)
    assert result["entitlements"]["visits"] == 1


# ---- thresholds: exactly at, just below, just above --------------------------------------

BOUNDARY_CASES = [
    # urgent_areas_for_intensive = 1 (default): 0 is not, 1 is
    pytest.param(
        {"rc_areas_urgent": 0, "rc_areas_below_expected": 1},
        {},
        "urgent_improvement",
        False,
        id="0 urgent areas",
    ),
    pytest.param(
        {"rc_areas_urgent": 1, "rc_areas_below_expected": 1},
        {},
        "urgent_improvement",
        True,
        id="1 urgent area",
    ),
    # ... and moved to 2: 1 below, 2 at, 3 above
    pytest.param(
        {"rc_areas_urgent": 1, "rc_areas_below_expected": 3},
        {"urgent_areas_for_intensive": 2},
        "urgent_improvement",
        False,
        id="1 urgent area when 2 are needed",
    ),
    pytest.param(
        {"rc_areas_urgent": 2, "rc_areas_below_expected": 3},
        {"urgent_areas_for_intensive": 2},
        "urgent_improvement",
        True,
        id="2 urgent areas when 2 are needed",
    ),
    pytest.param(
        {"rc_areas_urgent": 3, "rc_areas_below_expected": 3},
        {"urgent_areas_for_intensive": 2},
        "urgent_improvement",
        True,
        id="3 urgent areas when 2 are needed",
    ),
    # areas_below_expected_for_plus = 2: 1 below, 2 at, 3 above
    pytest.param(
        {"rc_areas_below_expected": 1},
        {},
        "several_areas",
        False,
        id="1 area below expected",
    ),
    pytest.param(
        {"rc_areas_below_expected": 2},
        {},
        "several_areas",
        True,
        id="2 areas below expected",
    ),
    pytest.param(
        {"rc_areas_below_expected": 3},
        {},
        "several_areas",
        True,
        id="3 areas below expected",
    ),
    pytest.param(
        {"rc_areas_below_expected": 0},
        {},
        "needs_attention",
        False,
        id="no area below expected",
    ),
    # red_flag_significant_pct = 25
    pytest.param({"red_flag_pct": 25.0}, {}, "red_flags", True, id="red flags at 25%"),
    pytest.param({"red_flag_pct": 24.9}, {}, "red_flags", False, id="red flags 24.9%"),
    pytest.param({"red_flag_pct": 25.1}, {}, "red_flags", True, id="red flags 25.1%"),
    # ks2_attainment_margin_points = 5 below England (64)
    pytest.param(
        {"ks2_rwm_expected": 59.0}, {}, "attainment", False, id="KS2 exactly 5 below"
    ),
    pytest.param(
        {"ks2_rwm_expected": 59.1}, {}, "attainment", False, id="KS2 4.9 below"
    ),
    pytest.param(
        {"ks2_rwm_expected": 58.9}, {}, "attainment", True, id="KS2 5.1 below"
    ),
    # attendance_margin_points = 1 above England (4.5)
    pytest.param(
        {"abs_overall_pct": 5.5}, {}, "attendance", False, id="absence exactly 1 above"
    ),
    pytest.param(
        {"abs_overall_pct": 5.4}, {}, "attendance", False, id="absence 0.9 above"
    ),
    pytest.param(
        {"abs_overall_pct": 5.6}, {}, "attendance", True, id="absence 1.1 above"
    ),
    # ks2_low_attainment_gap_points = 0
    pytest.param(
        {"ks2_rwm_expected": 64.0, "ks2_rwm_expected_prev": 50.0},
        {},
        "low_attainment_two_years",
        False,
        id="KS2 equal to England",
    ),
    pytest.param(
        {"ks2_rwm_expected": 63.9, "ks2_rwm_expected_prev": 60.9},
        {},
        "low_attainment_two_years",
        True,
        id="KS2 just below England both years",
    ),
    pytest.param(
        {"ks2_rwm_expected": 64.1, "ks2_rwm_expected_prev": 50.0},
        {},
        "low_attainment_two_years",
        False,
        id="KS2 just above England",
    ),
]

KS4_BOUNDARY_CASES = [
    # ks4_attainment_margin_points = 2 below England (46)
    pytest.param({"ks4_att8": 44.0}, "attainment", False, id="A8 exactly 2 below"),
    pytest.param({"ks4_att8": 44.1}, "attainment", False, id="A8 1.9 below"),
    pytest.param({"ks4_att8": 43.9}, "attainment", True, id="A8 2.1 below"),
    # ks4_low_attainment_gap_points = 0
    pytest.param(
        {"ks4_att8": 46.0, "ks4_att8_prev": 40.0},
        "low_attainment_two_years",
        False,
        id="A8 equal",
    ),
    pytest.param(
        {"ks4_att8": 45.9, "ks4_att8_prev": 44.9},
        "low_attainment_two_years",
        True,
        id="A8 just below both years",
    ),
    pytest.param(
        {"ks4_att8": 46.1, "ks4_att8_prev": 40.0},
        "low_attainment_two_years",
        False,
        id="A8 just above",
    ),
]


@pytest.mark.parametrize(
    ("changes", "parameters", "trigger_id", "expected"), BOUNDARY_CASES
)
def test_thresholds(changes, parameters, trigger_id, expected):
    item = trigger(run({**PRIMARY, **changes}, **parameters), trigger_id)
    assert item["fired"] is expected


@pytest.mark.parametrize(("changes", "trigger_id", "expected"), KS4_BOUNDARY_CASES)
def test_secondary_thresholds(changes, trigger_id, expected):
    assert trigger(run({**SECONDARY, **changes}), trigger_id)["fired"] is expected


@pytest.mark.parametrize(
    ("facts", "key_stage_missing"),
    [
        pytest.param(
            {**PRIMARY, "ks2_rwm_expected": 50.0},
            "attainment_concern_ks4",
            id="primary, no KS4",
        ),
        pytest.param(
            {**SECONDARY, "ks4_att8": 40.0},
            "attainment_concern_ks2",
            id="secondary, no KS2",
        ),
    ],
)
def test_a_school_with_one_key_stage_reads_it_and_misses_nothing(
    facts, key_stage_missing
):
    result = run(facts)
    assert trigger(result, "attainment")["outcome"] == "fired"
    assert trigger(result, "low_attainment_two_years")["outcome"] in (
        "fired",
        "not_fired",
    )
    assert result["derived"][key_stage_missing] is None
    assert result["needs_review"] is False


# ---- missing facts ---------------------------------------------------------------------------

MISSING_CASES = [
    pytest.param(
        without(PRIMARY, "rc_safeguarding_met"),
        "safeguarding",
        "missing_review",
        True,
        id="a report card without safeguarding: review",
    ),
    pytest.param(
        without(PRIMARY, "rc_areas_urgent"),
        "urgent_improvement",
        "missing_review",
        True,
        id="a report card without its urgent count: review",
    ),
    pytest.param(
        without(PRIMARY, "rc_areas_below_expected"),
        "needs_attention",
        "missing_review",
        True,
        id="a report card without its below-expected count: review",
    ),
    pytest.param(
        without(PRIMARY, "rc_leadership_and_governance"),
        "leadership_area",
        "missing_review",
        True,
        id="a report card without leadership grade: review",
    ),
    pytest.param(
        without(PRIMARY, "category_of_concern"),
        "in_category_of_concern",
        "missing_review",
        True,
        id="category of concern not known: review",
    ),
    pytest.param(
        without(PRIMARY, "red_flag_pct"),
        "red_flags",
        "missing_review",
        True,
        id="red flags: review",
    ),
    pytest.param(
        without(PRIMARY, *KS2),
        "attainment",
        "missing_review",
        True,
        id="no results: review",
    ),
    pytest.param(
        without(PRIMARY, "abs_overall_pct_england"),
        "attendance",
        "missing_review",
        True,
        id="no England absence: review",
    ),
    pytest.param(
        without({**PRIMARY, "ks2_rwm_expected": 60.0}, "ks2_rwm_expected_prev"),
        "low_attainment_two_years",
        "missing_review",
        True,
        id="below England with no year before: review",
    ),
    pytest.param(
        without(PRIMARY, "rise_intervention"),
        "rise_structural_intervention",
        "missing_ignored",
        False,
        id="RISE intervention not recorded: ignored",
    ),
    pytest.param(
        without(PRIMARY, "rise_targeted"),
        "rise_targeted_support",
        "missing_ignored",
        False,
        id="RISE targeted not recorded: ignored",
    ),
    pytest.param(
        without(PRIMARY, "leadership_below_good"),
        "leadership",
        "missing_ignored",
        False,
        id="no leadership judgement: ignored",
    ),
    pytest.param(
        without(PRIMARY, "inspection_risk"),
        "next_inspection_risk",
        "missing_ignored",
        False,
        id="no risk judgement: ignored",
    ),
    pytest.param(
        without(PRIMARY, "causing_concern"),
        "la_causing_concern",
        "missing_ignored",
        False,
        id="no causing concern: ignored",
    ),
]


@pytest.mark.parametrize(
    ("facts", "trigger_id", "outcome", "needs_review"), MISSING_CASES
)
def test_missing_facts(facts, trigger_id, outcome, needs_review):
    result = run(facts)
    item = trigger(result, trigger_id)
    assert item["outcome"] == outcome
    assert item["fired"] is False
    assert item["missing"]
    assert result["needs_review"] is needs_review


def test_a_school_not_known_to_have_a_report_card_is_not_covered_and_reviewed():
    result = run(without(NOT_INSPECTED, "rc_inspected"))
    assert result["category"] == "NC"
    assert result["needs_review"] is True
    skipped = {s["id"] for s in result["skipped_categories"]}
    assert {"NotYetInspected", "Universal"} <= skipped


def test_a_school_whose_governance_is_not_known_is_not_covered_and_reviewed():
    result = run(without(PRIMARY, "governance"))
    assert result["category"] == "NC"
    assert result["needs_review"] is True
    assert flag(result, "NH")["outcome"] == "missing_ignored"
    assert flag(result, "EY")["outcome"] == "missing_ignored"


# ---- flags -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "flags", "outcome"),
    [
        pytest.param(
            {"head_start_date": datetime.date(2025, 11, 1)},
            ["NH"],
            "fired",
            id="NH: day 365",
        ),
        pytest.param(
            {"head_start_date": datetime.date(2025, 11, 2)},
            ["NH"],
            "fired",
            id="NH: day 364",
        ),
        pytest.param(
            {"head_start_date": datetime.date(2025, 10, 31)},
            [],
            "not_fired",
            id="NH: day 366",
        ),
        pytest.param({"interim_head": True}, ["NH"], "fired", id="NH: interim head"),
        pytest.param(
            {"head_start_date": None}, [], "not_fired", id="NH: start date unknown"
        ),
        pytest.param(
            {"head_start_date": None, "interim_head": None},
            [],
            "missing_ignored",
            id="NH: nothing known",
        ),
    ],
)
def test_new_headteacher_flag(changes, flags, outcome):
    result = run({**PRIMARY, **changes})
    assert result["flags"] == flags
    assert flag(result, "NH")["outcome"] == outcome
    assert result["entitlements"]["welcome_visit"] is bool(flags)


@pytest.mark.parametrize(
    ("changes", "flagged"),
    [
        pytest.param(
            {"rc_early_years": "Needs attention", **one_area()},
            True,
            id="EY needs attention",
        ),
        pytest.param(
            {"rc_early_years": "Urgent improvement", **one_area("Urgent improvement")},
            True,
            id="EY urgent improvement",
        ),
        pytest.param(
            {"rc_early_years": "Expected standard"}, False, id="EY expected standard"
        ),
        pytest.param({"rc_early_years": None}, False, id="no early years"),
        pytest.param(
            {"rc_early_years": "Needs attention", "governance": "academy"},
            False,
            id="an academy",
        ),
    ],
)
def test_early_years_flag(changes, flagged):
    result = run({**PRIMARY, **changes})
    assert ("EY" in result["flags"]) is flagged
    assert flag(result, "EY")["outcome"] == ("fired" if flagged else "not_fired")
    assert result["entitlements"]["early_years_support"] is (
        flagged or result["category"] == "Intensive"
    )


def test_every_flag_is_reached():
    assert set(POLICY.flags) == {"NH", "EY"}


# ---- entitlements -----------------------------------------------------------------------------

ENTITLEMENTS = {
    "Universal": {"visits": 1},
    "NotYetInspected": {"visits": 1},
    "Targeted": {"visits": 3},
    "Targeted+": {
        "visits": 4,
        "visits_is_cap": True,
        "support_plan": True,
        "strategy_meeting_weeks": 6,
    },
    "Intensive": {
        "visits": 5,
        "visits_is_cap": True,
        "support_plan": True,
        "strategy_meeting_weeks": 6,
        "early_years_support": True,
    },
    "Intervention": {
        "strategy_meeting_weeks": 6,
        "support_plan": True,
        "academisation_support": True,
    },
    "A": {"structured_conversation": True},
    "NC": {},
}


@pytest.mark.parametrize("category", list(ENTITLEMENTS))
def test_entitlements(category):
    spec = next(c for c in POLICY.categories if c.id == category)
    defaults = without(ENTITLEMENT_DEFAULTS, "target")
    assert without(spec.entitlement, "target") == {**defaults, **ENTITLEMENTS[category]}
    assert spec.entitlement["target"]


def test_the_entitlement_table_covers_every_category():
    assert set(ENTITLEMENTS) == {c.id for c in POLICY.categories}
