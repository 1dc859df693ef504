"""The shipped policy oxfordshire-2018-19 (seed 001), case by case: every category,
trigger and flag reached, each threshold at, just below and just above its value,
each way a missing fact is handled, supplied concepts beating derived ones, and
schools with only one key stage. Pure: no database."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from engines.categorisation import (
    ENTITLEMENT_DEFAULTS,
    evaluate,
    evaluate_csv,
    load_policy,
)

POLICY_FILE = (
    Path(__file__).resolve().parents[2] / "policies" / "oxfordshire-2018-19.yaml"
)
POLICY = load_policy(POLICY_FILE)
AS_OF = datetime.date(2018, 9, 1)

# A good maintained primary with every fact present and no trigger.
PRIMARY: dict[str, Any] = {
    "governance": "maintained",
    "ofsted_grade": "Good",
    "red_flag_pct": 10.0,
    "leadership_below_good": False,
    "inspection_risk": False,
    "causing_concern": False,
    "head_start_date": datetime.date(2012, 9, 1),
    "interim_head": False,
    "section8_concern": False,
    "ks2_rwm_expected": 66.0,
    "ks2_rwm_expected_england": 64.0,
    "ks2_rwm_expected_prev": 63.0,
    "ks2_rwm_expected_prev_england": 61.0,
    "ks2_read_progress": 0.5,
    "ks2_writ_progress": 0.4,
    "ks2_mat_progress": 0.3,
    "ks2_read_progress_prev": 0.2,
    "ks2_writ_progress_prev": 0.1,
    "ks2_mat_progress_prev": 0.6,
    "abs_overall_pct": 4.0,
    "abs_overall_pct_england": 4.5,
}
KS2 = [name for name in PRIMARY if name.startswith("ks2_")]

# A good maintained secondary: no KS2 facts at all.
SECONDARY: dict[str, Any] = {
    **{k: v for k, v in PRIMARY.items() if not k.startswith("ks2_")},
    "ks4_att8": 48.0,
    "ks4_att8_england": 46.0,
    "ks4_att8_prev": 47.0,
    "ks4_att8_prev_england": 45.0,
    "ks4_p8": 0.1,
    "ks4_p8_prev": 0.2,
    "abs_overall_pct": 6.0,
    "abs_overall_pct_england": 7.0,
}
KS4 = [name for name in SECONDARY if name.startswith("ks4_")]
SECONDARY_KS4 = {k: v for k, v in SECONDARY.items() if k.startswith("ks4_")}


def run(facts: dict[str, Any], policy=POLICY, as_of=AS_OF, **parameters) -> dict:
    if parameters:
        policy = policy.with_parameters(parameters)
    return evaluate(policy, facts, as_of=as_of, urn="100001").to_dict()


def trigger(result: dict, trigger_id: str) -> dict:
    return next(t for t in result["triggers"] if t["id"] == trigger_id)


def fired(result: dict) -> set[str]:
    return {t["id"] for t in result["triggers"] if t["fired"]}


def without(facts: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in facts.items() if k not in names}


def test_the_base_schools_have_no_trigger_and_nothing_to_review():
    for base in (PRIMARY, SECONDARY):
        result = run(base)
        assert result["category"] == "GO"
        assert fired(result) == set()
        assert result["needs_review"] is False


# ---- categories ---------------------------------------------------------------------

CATEGORY_CASES = [
    pytest.param(PRIMARY, {}, "GO", id="GO: good primary, no trigger"),
    pytest.param(
        {**SECONDARY, "ofsted_grade": "Outstanding"},
        {},
        "GO",
        id="GO: outstanding secondary",
    ),
    pytest.param({**PRIMARY, "red_flag_pct": 30.0}, {}, "TGO", id="TGO: red flags"),
    pytest.param(
        {**PRIMARY, "ks2_rwm_expected": 55.0}, {}, "TGO", id="TGO: attainment"
    ),
    pytest.param({**PRIMARY, "ks2_read_progress": -3.0}, {}, "TGO", id="TGO: progress"),
    pytest.param({**PRIMARY, "abs_overall_pct": 6.0}, {}, "TGO", id="TGO: attendance"),
    pytest.param(
        {**PRIMARY, "leadership_below_good": True}, {}, "TGO", id="TGO: leadership"
    ),
    pytest.param(
        {**PRIMARY, "inspection_risk": True}, {}, "TGO", id="TGO: inspection risk"
    ),
    pytest.param(
        {**PRIMARY, "causing_concern": True},
        {"causing_concern_is_tgo_plus": False},
        "TGO",
        id="TGO: causing concern when it is not a TGO+ trigger",
    ),
    pytest.param(
        {**PRIMARY, "section8_concern": True},
        {},
        "TGO",
        id="TGO: a TGO+ trigger alone (section 8)",
    ),
    pytest.param(
        {**PRIMARY, "ks2_rwm_expected": 62.0, "ks2_rwm_expected_prev": 60.0},
        {},
        "TGO",
        id="TGO: low attainment over 2 years alone, not a 5-point concern",
    ),
    pytest.param(
        {**PRIMARY, "ks2_rwm_expected": 55.0, "ks2_rwm_expected_prev": 55.0},
        {},
        "TGO+",
        id="TGO+: attainment plus low attainment over 2 years",
    ),
    pytest.param(
        {**PRIMARY, "red_flag_pct": 30.0, "section8_concern": True},
        {},
        "TGO+",
        id="TGO+: red flags plus a section 8 outcome",
    ),
    pytest.param(
        {
            **PRIMARY,
            "abs_overall_pct": 6.0,
            "ks2_read_progress": -1.0,
            "ks2_writ_progress": -1.0,
            "ks2_mat_progress": -1.0,
            "ks2_read_progress_prev": -0.5,
            "ks2_writ_progress_prev": -0.5,
            "ks2_mat_progress_prev": -0.5,
        },
        {},
        "TGO+",
        id="TGO+: attendance plus progress below average over 2 years",
    ),
    pytest.param(
        {**SECONDARY, "ks4_p8": -0.6, "ks4_p8_prev": -0.3},
        {},
        "TGO+",
        id="TGO+: secondary progress concern plus Progress 8 below average 2 years",
    ),
    pytest.param(
        {**PRIMARY, "causing_concern": True},
        {},
        "TGO+",
        id="TGO+: causing concern (both kinds)",
    ),
    pytest.param(
        {**PRIMARY, "section8_concern": True},
        {"tgo_plus_requires_tgo_trigger": False},
        "TGO+",
        id="TGO+: a TGO+ trigger alone when no TGO trigger is required",
    ),
    pytest.param(
        {**PRIMARY, "ofsted_grade": "Requires improvement"}, {}, "RI", id="RI"
    ),
    pytest.param(
        {
            **PRIMARY,
            "ofsted_grade": "Requires improvement",
            "ks2_rwm_expected": 55.0,
            "ks2_rwm_expected_prev": 55.0,
        },
        {},
        "RI",
        id="RI beats TGO+ for a school judged RI",
    ),
    pytest.param({**PRIMARY, "ofsted_grade": "Inadequate"}, {}, "I", id="I"),
    pytest.param(
        {**PRIMARY, "governance": "academy", "ofsted_grade": "Inadequate"},
        {},
        "A",
        id="A: an inadequate academy",
    ),
    pytest.param(
        {**SECONDARY, "governance": "academy"}, {}, "A", id="A: a good academy"
    ),
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
    reached = {case.values[2] for case in CATEGORY_CASES}
    assert reached == {c.id for c in POLICY.categories}


def entitlement(**changes: Any) -> dict[str, Any]:
    return {**ENTITLEMENT_DEFAULTS, **changes}


ENTITLEMENTS = {
    "GO": entitlement(visits=1),
    "TGO": entitlement(visits=3),
    "TGO+": entitlement(
        visits=4, visits_is_cap=True, support_plan=True, strategy_meeting_weeks=6
    ),
    "RI": entitlement(
        visits=5,
        visits_is_cap=True,
        support_plan=True,
        strategy_meeting_weeks=6,
        early_years_support=True,
        target="Judged Good within four terms",
    ),
    "I": entitlement(strategy_meeting_weeks=6, academisation_support=True),
    "A": entitlement(structured_conversation=True),
    "NC": entitlement(),
}


@pytest.mark.parametrize(("facts", "parameters", "category"), CATEGORY_CASES)
def test_each_category_carries_the_seed_entitlement(facts, parameters, category):
    got = run(facts, **parameters)["entitlements"]
    expected = ENTITLEMENTS[category]
    if expected["target"]:
        assert got == expected
    else:  # the target's wording is checked below
        assert without(got, "target") == without(expected, "target")


def test_the_targets_say_what_the_seed_expects():
    targets = {c.id: c.entitlement["target"] for c in POLICY.categories}
    assert "autumn term" in targets["TGO"] and "Early Years" in targets["TGO"]
    assert "academisation" in targets["I"]
    assert "structured conversation" in targets["A"]


# ---- missing facts ---------------------------------------------------------------------


def test_a_school_without_a_grade_is_placed_by_its_triggers_and_reviewed():
    result = run({**without(PRIMARY, "ofsted_grade"), "abs_overall_pct": 6.0})
    assert result["category"] == "TGO"
    assert result["needs_review"] is True
    skipped = {s["id"]: s["missing"] for s in result["skipped_categories"]}
    assert skipped == {"I": ["ofsted_grade"], "RI": ["ofsted_grade"]}


def test_a_school_whose_governance_is_not_known_is_not_covered_and_reviewed():
    result = run(without(PRIMARY, "governance"))
    assert result["category"] == "NC"
    assert result["needs_review"] is True
    assert result["entitlements"]["visits"] == 0
    assert result["entitlements"]["target"].startswith("Not covered")


MISSING_CASES = [
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
        id="no results at all: review",
    ),
    pytest.param(
        without(PRIMARY, "ks2_rwm_expected_england"),
        "attainment",
        "missing_review",
        True,
        id="no England figure: review",
    ),
    pytest.param(
        without(PRIMARY, "abs_overall_pct"),
        "attendance",
        "missing_review",
        True,
        id="attendance: review",
    ),
    pytest.param(
        without(PRIMARY, "ks2_read_progress", "ks2_writ_progress", "ks2_mat_progress"),
        "progress",
        "missing_ignored",
        False,
        id="progress not published: ignored",
    ),
    pytest.param(
        without(PRIMARY, "ks2_read_progress", "ks2_writ_progress", "ks2_mat_progress"),
        "low_progress_two_years",
        "missing_ignored",
        False,
        id="progress not published, 2 years: ignored",
    ),
    pytest.param(
        without(PRIMARY, "leadership_below_good"),
        "leadership",
        "missing_ignored",
        False,
        id="no leadership review recorded: ignored",
    ),
    pytest.param(
        without(PRIMARY, "inspection_risk"),
        "next_inspection_risk",
        "missing_ignored",
        False,
        id="no inspection-risk judgement: ignored",
    ),
    pytest.param(
        without(PRIMARY, "causing_concern"),
        "la_causing_concern",
        "missing_ignored",
        False,
        id="no causing-concern judgement: ignored",
    ),
    pytest.param(
        without(PRIMARY, "section8_concern"),
        "section8",
        "missing_ignored",
        False,
        id="no ungraded inspection since: ignored",
    ),
    pytest.param(
        without(
            {**PRIMARY, "ks2_rwm_expected": 60.0},
            "ks2_rwm_expected_prev",
            "ks2_rwm_expected_prev_england",
        ),
        "low_attainment_two_years",
        "missing_review",
        True,
        id="below England with no year before: review",
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
    assert result["missing_facts"]


def test_above_england_this_year_needs_no_year_before():
    result = run(
        without(PRIMARY, "ks2_rwm_expected_prev", "ks2_rwm_expected_prev_england")
    )
    assert trigger(result, "low_attainment_two_years")["outcome"] == "not_fired"
    assert result["needs_review"] is False
    assert "ks2_rwm_expected_prev" in result["missing_facts"]


# ---- thresholds: exactly at, just below, just above --------------------------------------

BOUNDARY_CASES = [
    # red_flag_significant_pct = 25: at or above fires
    pytest.param({"red_flag_pct": 25.0}, "red_flags", True, id="red flags at 25%"),
    pytest.param(
        {"red_flag_pct": 24.9}, "red_flags", False, id="red flags just below 25%"
    ),
    pytest.param(
        {"red_flag_pct": 25.1}, "red_flags", True, id="red flags just above 25%"
    ),
    # ks2_attainment_margin_points = 5 below England (64): more than 5 fires
    pytest.param(
        {"ks2_rwm_expected": 59.0}, "attainment", False, id="KS2 exactly 5 points below"
    ),
    pytest.param(
        {"ks2_rwm_expected": 59.1}, "attainment", False, id="KS2 4.9 points below"
    ),
    pytest.param(
        {"ks2_rwm_expected": 58.9}, "attainment", True, id="KS2 5.1 points below"
    ),
    # ks2_progress_concern_score = -2: below fires, in any subject
    pytest.param(
        {"ks2_read_progress": -2.0}, "progress", False, id="KS2 reading progress -2"
    ),
    pytest.param(
        {"ks2_read_progress": -1.9}, "progress", False, id="KS2 reading progress -1.9"
    ),
    pytest.param(
        {"ks2_read_progress": -2.1}, "progress", True, id="KS2 reading progress -2.1"
    ),
    pytest.param(
        {"ks2_writ_progress": -2.1}, "progress", True, id="KS2 writing progress -2.1"
    ),
    pytest.param(
        {"ks2_mat_progress": -2.1}, "progress", True, id="KS2 maths progress -2.1"
    ),
    # attendance_margin_points = 1 above England (4.5): more than 1 fires
    pytest.param(
        {"abs_overall_pct": 5.5},
        "attendance",
        False,
        id="absence exactly 1 point above",
    ),
    pytest.param(
        {"abs_overall_pct": 5.4}, "attendance", False, id="absence 0.9 points above"
    ),
    pytest.param(
        {"abs_overall_pct": 5.6}, "attendance", True, id="absence 1.1 points above"
    ),
    # ks2_low_attainment_gap_points = 0: below England in both years fires
    pytest.param(
        {"ks2_rwm_expected": 64.0, "ks2_rwm_expected_prev": 60.0},
        "low_attainment_two_years",
        False,
        id="KS2 equal to England this year",
    ),
    pytest.param(
        {"ks2_rwm_expected": 63.9, "ks2_rwm_expected_prev": 60.9},
        "low_attainment_two_years",
        True,
        id="KS2 just below England in both years",
    ),
    pytest.param(
        {"ks2_rwm_expected": 63.9, "ks2_rwm_expected_prev": 61.0},
        "low_attainment_two_years",
        False,
        id="KS2 equal to England the year before",
    ),
    pytest.param(
        {"ks2_rwm_expected": 64.1, "ks2_rwm_expected_prev": 60.0},
        "low_attainment_two_years",
        False,
        id="KS2 just above England this year",
    ),
    # ks2_low_progress_score = 0: the mean below in both years fires
    pytest.param(
        {
            "ks2_read_progress": 0.0,
            "ks2_writ_progress": 0.0,
            "ks2_mat_progress": 0.0,
            "ks2_read_progress_prev": -1.0,
        },
        "low_progress_two_years",
        False,
        id="KS2 mean progress exactly 0",
    ),
    pytest.param(
        {
            "ks2_read_progress": -0.1,
            "ks2_writ_progress": 0.0,
            "ks2_mat_progress": 0.0,
            "ks2_read_progress_prev": -0.1,
            "ks2_writ_progress_prev": 0.0,
            "ks2_mat_progress_prev": 0.0,
        },
        "low_progress_two_years",
        True,
        id="KS2 mean progress just below 0 in both years",
    ),
    pytest.param(
        {
            "ks2_read_progress": 0.1,
            "ks2_writ_progress": 0.0,
            "ks2_mat_progress": 0.0,
            "ks2_read_progress_prev": -1.0,
        },
        "low_progress_two_years",
        False,
        id="KS2 mean progress just above 0",
    ),
    pytest.param(
        {"section8_concern": True},
        "section8",
        True,
        id="section 8 outcome signals risk",
    ),
    pytest.param(
        {"leadership_below_good": True},
        "leadership",
        True,
        id="leadership judged below good",
    ),
    pytest.param(
        {"inspection_risk": True},
        "next_inspection_risk",
        True,
        id="risk at next inspection",
    ),
    pytest.param(
        {"causing_concern": True}, "la_causing_concern", True, id="causing concern"
    ),
]

KS4_BOUNDARY_CASES = [
    # ks4_attainment_margin_points = 2 below England (46)
    pytest.param(
        {"ks4_att8": 44.0}, "attainment", False, id="A8 exactly 2 points below"
    ),
    pytest.param({"ks4_att8": 44.1}, "attainment", False, id="A8 1.9 points below"),
    pytest.param({"ks4_att8": 43.9}, "attainment", True, id="A8 2.1 points below"),
    # ks4_progress_concern_score = -0.5
    pytest.param({"ks4_p8": -0.5}, "progress", False, id="P8 exactly -0.5"),
    pytest.param({"ks4_p8": -0.49}, "progress", False, id="P8 -0.49"),
    pytest.param({"ks4_p8": -0.51}, "progress", True, id="P8 -0.51"),
    # ks4_low_attainment_gap_points = 0
    pytest.param(
        {"ks4_att8": 46.0, "ks4_att8_prev": 40.0},
        "low_attainment_two_years",
        False,
        id="A8 equal to England this year",
    ),
    pytest.param(
        {"ks4_att8": 45.9, "ks4_att8_prev": 44.9},
        "low_attainment_two_years",
        True,
        id="A8 just below England in both years",
    ),
    pytest.param(
        {"ks4_att8": 46.1, "ks4_att8_prev": 40.0},
        "low_attainment_two_years",
        False,
        id="A8 just above England this year",
    ),
    # ks4_low_progress_score = 0
    pytest.param(
        {"ks4_p8": 0.0, "ks4_p8_prev": -1.0},
        "low_progress_two_years",
        False,
        id="P8 exactly 0",
    ),
    pytest.param(
        {"ks4_p8": -0.01, "ks4_p8_prev": -0.01},
        "low_progress_two_years",
        True,
        id="P8 just below 0 in both years",
    ),
    pytest.param(
        {"ks4_p8": -0.01, "ks4_p8_prev": 0.0},
        "low_progress_two_years",
        False,
        id="P8 0 the year before",
    ),
    pytest.param(
        {"ks4_p8": 0.01, "ks4_p8_prev": -1.0},
        "low_progress_two_years",
        False,
        id="P8 just above 0",
    ),
]


@pytest.mark.parametrize(("changes", "trigger_id", "expected"), BOUNDARY_CASES)
def test_primary_thresholds(changes, trigger_id, expected):
    item = trigger(run({**PRIMARY, **changes}), trigger_id)
    assert item["fired"] is expected
    assert item["outcome"] == ("fired" if expected else "not_fired")


@pytest.mark.parametrize(("changes", "trigger_id", "expected"), KS4_BOUNDARY_CASES)
def test_secondary_thresholds(changes, trigger_id, expected):
    item = trigger(run({**SECONDARY, **changes}), trigger_id)
    assert item["fired"] is expected


def test_every_trigger_fires_in_some_case():
    reached = {
        case.values[1] for case in BOUNDARY_CASES + KS4_BOUNDARY_CASES if case.values[2]
    }
    assert reached == set(POLICY.triggers)


@pytest.mark.parametrize(
    ("parameter", "value", "facts", "trigger_id"),
    [
        pytest.param(
            "red_flag_significant_pct",
            40,
            {"red_flag_pct": 30.0},
            "red_flags",
            id="red flags",
        ),
        pytest.param(
            "ks2_attainment_margin_points",
            10,
            {"ks2_rwm_expected": 55.0},
            "attainment",
            id="KS2 margin",
        ),
        pytest.param(
            "ks4_attainment_margin_points",
            3,
            {"ks4_att8": 43.5},
            "attainment",
            id="KS4 margin",
        ),
        pytest.param(
            "ks2_progress_concern_score",
            -4,
            {"ks2_read_progress": -3.0},
            "progress",
            id="KS2 progress",
        ),
        pytest.param(
            "ks4_progress_concern_score",
            -1,
            {"ks4_p8": -0.6},
            "progress",
            id="KS4 progress",
        ),
        pytest.param(
            "attendance_margin_points",
            2,
            {"abs_overall_pct": 6.0},
            "attendance",
            id="absence margin",
        ),
        pytest.param(
            "ks2_low_attainment_gap_points",
            5,
            {"ks2_rwm_expected": 62.0, "ks2_rwm_expected_prev": 59.0},
            "low_attainment_two_years",
            id="KS2 2-year gap",
        ),
        pytest.param(
            "ks4_low_attainment_gap_points",
            2,
            {"ks4_att8": 45.0, "ks4_att8_prev": 44.0},
            "low_attainment_two_years",
            id="KS4 2-year gap",
        ),
        pytest.param(
            "ks2_low_progress_score",
            -1,
            {
                "ks2_read_progress": -0.5,
                "ks2_writ_progress": -0.5,
                "ks2_mat_progress": -0.5,
                "ks2_read_progress_prev": -0.5,
                "ks2_writ_progress_prev": -0.5,
                "ks2_mat_progress_prev": -0.5,
            },
            "low_progress_two_years",
            id="KS2 2-year progress",
        ),
        pytest.param(
            "ks4_low_progress_score",
            -0.5,
            {"ks4_p8": -0.2, "ks4_p8_prev": -0.2},
            "low_progress_two_years",
            id="KS4 2-year progress",
        ),
    ],
)
def test_an_la_changing_a_parameter_changes_the_outcome(
    parameter, value, facts, trigger_id
):
    base = {**PRIMARY, **SECONDARY_KS4} if parameter.startswith("ks4") else PRIMARY
    assert trigger(run({**base, **facts}), trigger_id)["fired"] is True
    changed = trigger(run({**base, **facts}, **{parameter: value}), trigger_id)
    assert changed["fired"] is False
    assert changed["evidence"][parameter] == value


# ---- key stages ---------------------------------------------------------------------------


def test_a_primary_without_ks4_facts_reads_ks2_and_misses_nothing():
    result = run({**PRIMARY, "ks2_rwm_expected": 50.0})
    assert not any(name in PRIMARY for name in KS4)
    assert trigger(result, "attainment")["outcome"] == "fired"
    for trigger_id in (
        "progress",
        "low_attainment_two_years",
        "low_progress_two_years",
    ):
        assert trigger(result, trigger_id)["outcome"] in ("fired", "not_fired")
    assert result["derived"]["attainment_concern_ks4"] is None
    assert result["derived"]["attainment_concern"] is True
    assert result["needs_review"] is False


def test_a_secondary_without_ks2_facts_reads_ks4_and_misses_nothing():
    result = run({**SECONDARY, "ks4_att8": 40.0})
    assert not any(name in SECONDARY for name in KS2)
    assert trigger(result, "attainment")["outcome"] == "fired"
    for trigger_id in (
        "progress",
        "low_attainment_two_years",
        "low_progress_two_years",
    ):
        assert trigger(result, trigger_id)["outcome"] in ("fired", "not_fired")
    assert result["derived"]["attainment_concern_ks2"] is None
    assert result["needs_review"] is False


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, False, id="neither key stage"),
        pytest.param({"ks2_rwm_expected": 50.0}, True, id="KS2 only"),
        pytest.param({"ks4_att8": 40.0}, True, id="KS4 only"),
    ],
)
def test_an_all_through_school_has_a_concern_at_either_key_stage(changes, expected):
    result = run({**PRIMARY, **SECONDARY_KS4, **changes})
    assert trigger(result, "attainment")["fired"] is expected


# ---- supplied concepts beat derived ones ---------------------------------------------------

# Changes that make each concept true when derived from the indicator facts.
CONCEPTS = {
    "attainment_concern": ("attainment", {"ks2_rwm_expected": 50.0}),
    "progress_concern": ("progress", {"ks2_read_progress": -3.0}),
    "attendance_concern": ("attendance", {"abs_overall_pct": 9.0}),
    "low_attainment_2y": (
        "low_attainment_two_years",
        {"ks2_rwm_expected": 60.0, "ks2_rwm_expected_prev": 55.0},
    ),
    "low_progress_2y": (
        "low_progress_two_years",
        {
            "ks2_read_progress": -1.0,
            "ks2_writ_progress": -1.0,
            "ks2_mat_progress": -1.0,
            "ks2_read_progress_prev": -1.0,
            "ks2_writ_progress_prev": -1.0,
            "ks2_mat_progress_prev": -1.0,
        },
    ),
    "section8_risk": ("section8", {"section8_concern": True}),
}


@pytest.mark.parametrize("concept", list(CONCEPTS))
def test_each_data_concept_is_derived_from_the_indicator_facts(concept):
    trigger_id, changes = CONCEPTS[concept]
    assert POLICY.facts[concept].derived
    result = run({**PRIMARY, **changes})
    assert result["derived"][concept] is True
    assert trigger(result, trigger_id)["fired"] is True
    assert trigger(result, trigger_id)["supplied"] == []


@pytest.mark.parametrize("concept", list(CONCEPTS))
@pytest.mark.parametrize(
    "supplied", [True, False], ids=["supplied true", "supplied false"]
)
def test_a_supplied_concept_beats_the_derived_one(concept, supplied):
    trigger_id, changes = CONCEPTS[concept]
    derived_would_be = not supplied
    facts = {**PRIMARY, **(changes if derived_would_be else {}), concept: supplied}
    result = run(facts)
    item = trigger(result, trigger_id)
    assert item["fired"] is supplied
    assert item["supplied"] == [concept]
    assert concept in result["supplied"]


@pytest.mark.parametrize("concept", list(CONCEPTS))
def test_a_supplied_concept_needs_no_indicator_facts(concept):
    trigger_id, _ = CONCEPTS[concept]
    facts = {
        **without(PRIMARY, *KS2, "abs_overall_pct", "section8_concern"),
        concept: True,
    }
    item = trigger(run(facts), trigger_id)
    assert item["outcome"] == "fired"


# ---- the NH flag -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "flagged", "outcome"),
    [
        pytest.param(
            {"head_start_date": datetime.date(2017, 9, 1)}, True, "fired", id="day 365"
        ),
        pytest.param(
            {"head_start_date": datetime.date(2017, 9, 2)}, True, "fired", id="day 364"
        ),
        pytest.param(
            {"head_start_date": datetime.date(2017, 8, 31)},
            False,
            "not_fired",
            id="day 366",
        ),
        pytest.param(
            {"interim_head": True}, True, "fired", id="interim head of long standing"
        ),
        pytest.param(
            {"head_start_date": None},
            False,
            "not_fired",
            id="start date unknown, not interim",
        ),
        pytest.param(
            {"head_start_date": None, "interim_head": True},
            True,
            "fired",
            id="start unknown, interim",
        ),
        pytest.param(
            {"head_start_date": None, "interim_head": None},
            False,
            "missing_ignored",
            id="nothing known about the head",
        ),
        pytest.param(
            {"governance": "academy", "head_start_date": datetime.date(2018, 6, 1)},
            False,
            "not_fired",
            id="a new head in an academy",
        ),
    ],
)
def test_new_headteacher_flag(changes, flagged, outcome):
    result = run({**PRIMARY, **changes})
    item = next(f for f in result["flag_details"] if f["id"] == "NH")
    assert item["outcome"] == outcome
    assert ("NH" in result["flags"]) is flagged
    assert result["entitlements"]["welcome_visit"] is flagged
    assert result["needs_review"] is False


def test_the_new_head_period_is_a_parameter():
    facts = {**PRIMARY, "head_start_date": datetime.date(2018, 6, 1)}
    assert run(facts)["flags"] == ["NH"]
    assert run(facts, new_head_days=30)["flags"] == []


def test_the_welcome_visit_is_added_to_the_category_entitlement():
    result = run(
        {**PRIMARY, "red_flag_pct": 30.0, "head_start_date": datetime.date(2018, 6, 1)}
    )
    assert result["category"] == "TGO"
    assert without(result["entitlements"], "target") == {
        **without(ENTITLEMENTS["TGO"], "target"),
        "welcome_visit": True,
    }


# ---- file mode -----------------------------------------------------------------------------

REQUIRED = [
    "governance",
    "ofsted_grade",
    "red_flag_pct",
    "attainment_concern",
    "progress_concern",
    "attendance_concern",
    "leadership_below_good",
    "inspection_risk",
    "low_attainment_2y",
    "low_progress_2y",
    "section8_risk",
    "causing_concern",
    "head_start_date",
    "interim_head",
]


def test_the_policy_reads_the_facts_the_issue_names():
    assert set(REQUIRED) <= set(POLICY.facts)
    for concept in CONCEPTS:
        assert POLICY.facts[concept].derived


def test_a_csv_of_the_named_facts_is_categorised_without_indicator_data():
    csv_text = (
        ",".join(["urn", *REQUIRED])
        + "\n"
        + "100001,maintained,Good,10,no,no,no,no,no,no,no,no,no,2010-09-01,no\n"
        + "100002,maintained,Outstanding,30,yes,false,0,no,no,yes,no,no,no,2018-04-01,no\n"
        + "100003,maintained,Requires improvement,5,no,no,no,no,no,no,no,no,no,2010-09-01,yes\n"
        + "100004,maintained,,5,no,no,yes,no,no,no,no,no,no,2010-09-01,no\n"
        + "100005,academy,Inadequate,50,yes,yes,yes,yes,yes,yes,yes,yes,yes,2010-09-01,no\n"
        + "100006,maintained,Good,,no,,no,,,no,,,,,no\n"
    )
    results = {r.urn: r.to_dict() for r in evaluate_csv(POLICY, csv_text, as_of=AS_OF)}
    summary = {
        urn: (r["category"], r["flags"], r["needs_review"])
        for urn, r in results.items()
    }
    assert summary == {
        "100001": ("GO", [], False),
        "100002": ("TGO+", ["NH"], False),
        "100003": ("RI", ["NH"], False),
        "100004": ("TGO", [], True),
        "100005": ("A", [], False),
        "100006": ("GO", [], True),
    }
    blank = results["100006"]
    assert trigger(blank, "red_flags")["outcome"] == "missing_review"
    assert trigger(blank, "progress")["outcome"] == "missing_ignored"
