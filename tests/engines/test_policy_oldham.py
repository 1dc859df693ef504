"""The shipped policy oldham-2017 (seed 004, the School Vulnerability Index) case by
case: every category and trigger reached, each component's weight, each cut-off and
data threshold at, just below and just above its value, the overriding conditions,
and each way a missing fact is handled. Pure: no database."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from engines.categorisation import ENTITLEMENT_DEFAULTS, evaluate, load_policy

POLICY_FILE = Path(__file__).resolve().parents[2] / "policies" / "oldham-2017.yaml"
POLICY = load_policy(POLICY_FILE)
AS_OF = datetime.date(2017, 9, 1)

# A good primary with every fact present and a score of 0.
PRIMARY: dict[str, Any] = {
    "ofsted_grade": "Good",
    "category_of_concern": "",
    "inspection_risk": False,
    "leadership_below_good": False,
    "safeguarding_concern": False,
    "capacity_evidence": False,
    "self_evaluation_concern": False,
    "ks2_rwm_expected": 66.0,
    "ks2_rwm_expected_england": 64.0,
    "ks2_rwm_expected_prev": 63.0,
    "ks2_rwm_expected_prev_england": 61.0,
    "abs_overall_pct": 4.0,
    "abs_overall_pct_england": 4.5,
}
KS2 = [name for name in PRIMARY if name.startswith("ks2_")]
KS4_FACTS = {
    "ks4_att8": 48.0,
    "ks4_att8_england": 46.0,
    "ks4_att8_prev": 47.0,
    "ks4_att8_prev_england": 45.0,
}
SECONDARY: dict[str, Any] = {
    **{k: v for k, v in PRIMARY.items() if k not in KS2},
    **KS4_FACTS,
}
# Attainment more than 10 points below England in both years: unacceptably low.
LOW_KS2 = {"ks2_rwm_expected": 50.0, "ks2_rwm_expected_prev": 48.0}


def run(facts: dict[str, Any], **parameters: Any) -> dict:
    policy = POLICY.with_parameters(parameters) if parameters else POLICY
    return evaluate(policy, facts, as_of=AS_OF, urn="105000").to_dict()


def trigger(result: dict, trigger_id: str) -> dict:
    return next(t for t in result["triggers"] if t["id"] == trigger_id)


def without(facts: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in facts.items() if k not in names}


def test_the_base_schools_score_nothing_and_are_green():
    for base in (PRIMARY, SECONDARY):
        result = run(base)
        assert result["category"] == "Green"
        assert result["derived"]["svi_score"] == 0
        assert result["needs_review"] is False


# ---- categories ---------------------------------------------------------------------

CATEGORY_CASES = [
    pytest.param(PRIMARY, {}, "Green", 0, id="Green: good, no concern"),
    pytest.param(
        {**PRIMARY, "self_evaluation_concern": True},
        {},
        "Green",
        2,
        id="Green: a self-evaluation concern alone",
    ),
    pytest.param(
        {
            **PRIMARY,
            "ks2_rwm_expected": 58.0,
            "ks2_rwm_expected_prev": 62.0,
            "abs_overall_pct": 6.0,
        },
        {},
        "Green",
        2,
        id="Green: attainment and attendance concerns alone",
    ),
    pytest.param(
        {**PRIMARY, **LOW_KS2, "capacity_evidence": True},
        {},
        "Green",
        2,
        id="Green: low achievement with evidence of capacity",
    ),
    pytest.param(
        {**PRIMARY, "ofsted_grade": "Requires improvement"},
        {},
        "Amber",
        4,
        id="Amber: RI",
    ),
    pytest.param(
        {**PRIMARY, "inspection_risk": True},
        {},
        "Amber",
        4,
        id="Amber: LA believes RI if inspected now",
    ),
    pytest.param(
        {**PRIMARY, "leadership_below_good": True},
        {},
        "Amber",
        3,
        id="Amber: leadership or governance",
    ),
    pytest.param(
        {**PRIMARY, "self_evaluation_concern": True, "abs_overall_pct": 6.0},
        {},
        "Amber",
        3,
        id="Amber: self-evaluation plus attendance",
    ),
    pytest.param(
        {**PRIMARY, **LOW_KS2},
        {},
        "Amber",
        5,
        id="Amber: low achievement without capacity",
    ),
    pytest.param(
        {**without(PRIMARY, "ofsted_grade"), "ofsted_key_judgement_worst": 3},
        {},
        "Amber",
        4,
        id="Amber: Not judged, worst key judgement 3",
    ),
    pytest.param(
        {**PRIMARY, "ofsted_grade": "Requires improvement", "inspection_risk": True},
        {},
        "Red",
        8,
        id="Red: RI and the LA's belief",
    ),
    pytest.param(
        {
            **PRIMARY,
            "ofsted_grade": "Requires improvement",
            "leadership_below_good": True,
            "abs_overall_pct": 6.0,
        },
        {},
        "Red",
        8,
        id="Red: RI, leadership and attendance",
    ),
    pytest.param(
        {**without(PRIMARY, "ofsted_grade"), "ofsted_key_judgement_worst": 4},
        {},
        "Red",
        8,
        id="Red: Not judged, worst key judgement 4",
    ),
    pytest.param(
        {**PRIMARY, "ofsted_grade": "Inadequate"}, {}, "Red", 8, id="Red: Inadequate"
    ),
    pytest.param(
        {**PRIMARY, "ofsted_grade": "Inadequate"},
        {"ofsted_inadequate_weight": 0},
        "Red",
        0,
        id="Red: Inadequate overrides the score",
    ),
    pytest.param(
        {**PRIMARY, "category_of_concern": "SWK"},
        {},
        "Red",
        0,
        id="Red: serious weaknesses",
    ),
    pytest.param(
        {**PRIMARY, "category_of_concern": "RSI"},
        {},
        "Red",
        0,
        id="Red: requires significant improvement",
    ),
    pytest.param(
        {**PRIMARY, "safeguarding_concern": True},
        {"safeguarding_weight": 0},
        "Red",
        0,
        id="Red: a safeguarding concern overrides the score",
    ),
]


@pytest.mark.parametrize(("facts", "parameters", "expected", "score"), CATEGORY_CASES)
def test_category(facts, parameters, expected, score):
    result = run(facts, **parameters)
    assert result["category"] == expected
    assert result["derived"]["svi_score"] == score
    assert result["needs_review"] is False


def test_every_category_is_reached_by_a_case():
    assert {case.values[2] for case in CATEGORY_CASES} == {
        c.id for c in POLICY.categories
    }


TRIGGER_CASES = [
    pytest.param({"ofsted_grade": "Inadequate"}, "ofsted_inadequate", id="Inadequate"),
    pytest.param(
        {"category_of_concern": "SM"},
        "in_category_of_concern",
        id="special measures",
    ),
    pytest.param({"safeguarding_concern": True}, "safeguarding", id="safeguarding"),
    pytest.param(
        {"ofsted_grade": "Requires improvement", "inspection_risk": True},
        "score_red",
        id="score 8",
    ),
    pytest.param({"leadership_below_good": True}, "score_amber", id="score 3"),
]


@pytest.mark.parametrize(("facts", "trigger_id"), TRIGGER_CASES)
def test_every_trigger_fires(facts, trigger_id):
    item = trigger(run({**PRIMARY, **facts}), trigger_id)
    assert item["outcome"] == "fired"


def test_every_trigger_has_a_case_above():
    assert {case.values[1] for case in TRIGGER_CASES} == set(POLICY.triggers)


def test_a_policy_without_flags():
    assert POLICY.flags == {}


# ---- the index's components ------------------------------------------------------------

COMPONENT_CASES = [
    pytest.param({"ofsted_grade": "Outstanding"}, "svi_ofsted", 0, id="Outstanding: 0"),
    pytest.param({"ofsted_grade": "Requires improvement"}, "svi_ofsted", 4, id="RI: 4"),
    pytest.param({"ofsted_grade": "Inadequate"}, "svi_ofsted", 8, id="Inadequate: 8"),
    pytest.param(
        {"ofsted_grade": None, "ofsted_key_judgement_worst": 2},
        "svi_ofsted",
        0,
        id="Not judged, worst key judgement 2: 0",
    ),
    pytest.param(
        {"ofsted_grade": "Good", "ofsted_key_judgement_worst": 4},
        "svi_ofsted",
        0,
        id="an overall grade wins over key judgements",
    ),
    pytest.param({"inspection_risk": True}, "svi_la_belief", 4, id="LA belief: 4"),
    pytest.param(
        {"leadership_below_good": True}, "svi_leadership", 3, id="leadership: 3"
    ),
    pytest.param(
        {"safeguarding_concern": True}, "svi_safeguarding", 8, id="safeguarding: 8"
    ),
    pytest.param(LOW_KS2, "svi_achievement", 4, id="low achievement, no capacity: 4"),
    pytest.param(
        {**LOW_KS2, "capacity_evidence": True},
        "svi_achievement",
        1,
        id="low achievement, capacity: 1",
    ),
    pytest.param({"ks2_rwm_expected": 58.0}, "svi_data", 1, id="attainment concern: 1"),
    pytest.param({"abs_overall_pct": 6.0}, "svi_data", 1, id="attendance concern: 1"),
    pytest.param(
        {"ks2_rwm_expected": 58.0, "abs_overall_pct": 6.0},
        "svi_data",
        2,
        id="both data concerns: 2",
    ),
    pytest.param(
        {"self_evaluation_concern": True},
        "svi_self_evaluation",
        2,
        id="self-evaluation: 2",
    ),
]


@pytest.mark.parametrize(("changes", "component", "points"), COMPONENT_CASES)
def test_each_component_scores_its_weight(changes, component, points):
    derived = run({**PRIMARY, **changes})["derived"]
    assert derived[component] == points
    components = [
        name for name in derived if name.startswith("svi_") and name != "svi_score"
    ]
    assert derived["svi_score"] == sum(derived[name] for name in components)


def test_every_component_has_a_weighted_case():
    components = {case.values[1] for case in COMPONENT_CASES if case.values[2]}
    declared = {
        n for n in POLICY.derived_facts if n.startswith("svi_") and n != "svi_score"
    }
    assert components == declared


def test_every_weight_is_a_parameter():
    for component, weights in {
        "svi_ofsted": ["ofsted_ri_weight", "ofsted_inadequate_weight"],
        "svi_la_belief": ["la_belief_weight"],
        "svi_leadership": ["leadership_weight"],
        "svi_safeguarding": ["safeguarding_weight"],
        "svi_achievement": [
            "low_achievement_weight",
            "low_achievement_with_capacity_weight",
        ],
        "svi_data": ["attainment_weight", "attendance_weight"],
        "svi_self_evaluation": ["self_evaluation_weight"],
    }.items():
        reads = POLICY.facts[component].compiled.reads
        for weight in weights:
            assert weight in reads and weight in POLICY.parameters


# ---- thresholds: exactly at, just below, just above --------------------------------------

BOUNDARY_CASES = [
    # amber_cutoff = 3: leadership alone, its weight moved around the cut-off
    pytest.param(
        {"leadership_below_good": True},
        {"leadership_weight": 3},
        "Amber",
        id="score exactly 3",
    ),
    pytest.param(
        {"leadership_below_good": True},
        {"leadership_weight": 2.9},
        "Green",
        id="score 2.9",
    ),
    pytest.param(
        {"leadership_below_good": True},
        {"leadership_weight": 3.1},
        "Amber",
        id="score 3.1",
    ),
    # red_cutoff = 8: RI (4) and the LA's belief, its weight moved around the cut-off
    pytest.param(
        {"ofsted_grade": "Requires improvement", "inspection_risk": True},
        {"la_belief_weight": 4},
        "Red",
        id="score exactly 8",
    ),
    pytest.param(
        {"ofsted_grade": "Requires improvement", "inspection_risk": True},
        {"la_belief_weight": 3.9},
        "Amber",
        id="score 7.9",
    ),
    pytest.param(
        {"ofsted_grade": "Requires improvement", "inspection_risk": True},
        {"la_belief_weight": 4.1},
        "Red",
        id="score 8.1",
    ),
    # the cut-offs themselves are parameters
    pytest.param(
        {"leadership_below_good": True},
        {"amber_cutoff": 3.1},
        "Green",
        id="amber cut-off 3.1",
    ),
    pytest.param(
        {"ofsted_grade": "Requires improvement", "inspection_risk": True},
        {"red_cutoff": 8.1},
        "Amber",
        id="red cut-off 8.1",
    ),
]


@pytest.mark.parametrize(("facts", "parameters", "expected"), BOUNDARY_CASES)
def test_cut_offs(facts, parameters, expected):
    assert run({**PRIMARY, **facts}, **parameters)["category"] == expected


DATA_BOUNDARY_CASES = [
    # ks2_low_achievement_gap_points = 10 below England (64, and 61 the year before)
    pytest.param(
        {"ks2_rwm_expected": 54.0, "ks2_rwm_expected_prev": 50.0},
        "low_achievement",
        False,
        id="KS2 exactly 10 below",
    ),
    pytest.param(
        {"ks2_rwm_expected": 54.1, "ks2_rwm_expected_prev": 50.0},
        "low_achievement",
        False,
        id="KS2 9.9 below",
    ),
    pytest.param(
        {"ks2_rwm_expected": 53.9, "ks2_rwm_expected_prev": 50.9},
        "low_achievement",
        True,
        id="KS2 10.1 below, both years",
    ),
    pytest.param(
        {"ks2_rwm_expected": 53.9, "ks2_rwm_expected_prev": 51.0},
        "low_achievement",
        False,
        id="KS2 exactly 10 below the year before",
    ),
    # ks2_attainment_margin_points = 5
    pytest.param(
        {"ks2_rwm_expected": 59.0},
        "attainment_concern",
        False,
        id="KS2 exactly 5 below",
    ),
    pytest.param(
        {"ks2_rwm_expected": 59.1}, "attainment_concern", False, id="KS2 4.9 below"
    ),
    pytest.param(
        {"ks2_rwm_expected": 58.9}, "attainment_concern", True, id="KS2 5.1 below"
    ),
    # attendance_margin_points = 1 above England (4.5)
    pytest.param(
        {"abs_overall_pct": 5.5},
        "attendance_concern",
        False,
        id="absence exactly 1 above",
    ),
    pytest.param(
        {"abs_overall_pct": 5.4}, "attendance_concern", False, id="absence 0.9 above"
    ),
    pytest.param(
        {"abs_overall_pct": 5.6}, "attendance_concern", True, id="absence 1.1 above"
    ),
]

KS4_BOUNDARY_CASES = [
    # ks4_low_achievement_gap_points = 5 below England (46, and 45 the year before)
    pytest.param(
        {"ks4_att8": 41.0, "ks4_att8_prev": 30.0},
        "low_achievement",
        False,
        id="A8 exactly 5 below",
    ),
    pytest.param(
        {"ks4_att8": 41.1, "ks4_att8_prev": 30.0},
        "low_achievement",
        False,
        id="A8 4.9 below",
    ),
    pytest.param(
        {"ks4_att8": 40.9, "ks4_att8_prev": 39.9},
        "low_achievement",
        True,
        id="A8 5.1 below, both years",
    ),
    # ks4_attainment_margin_points = 2
    pytest.param(
        {"ks4_att8": 44.0}, "attainment_concern", False, id="A8 exactly 2 below"
    ),
    pytest.param({"ks4_att8": 44.1}, "attainment_concern", False, id="A8 1.9 below"),
    pytest.param({"ks4_att8": 43.9}, "attainment_concern", True, id="A8 2.1 below"),
]


@pytest.mark.parametrize(("changes", "concept", "expected"), DATA_BOUNDARY_CASES)
def test_primary_data_thresholds(changes, concept, expected):
    assert run({**PRIMARY, **changes})["derived"][concept] is expected


@pytest.mark.parametrize(("changes", "concept", "expected"), KS4_BOUNDARY_CASES)
def test_secondary_data_thresholds(changes, concept, expected):
    assert run({**SECONDARY, **changes})["derived"][concept] is expected


# ---- key stages -----------------------------------------------------------------------------


def test_a_primary_without_ks4_facts_is_scored():
    result = run({**PRIMARY, **LOW_KS2})
    assert result["derived"]["low_achievement"] is True
    assert result["derived"]["low_achievement_ks4"] is None
    assert result["derived"]["svi_score"] == 5
    assert result["needs_review"] is False


def test_a_secondary_without_ks2_facts_is_scored():
    result = run({**SECONDARY, "ks4_att8": 40.0, "ks4_att8_prev": 39.0})
    assert result["derived"]["low_achievement"] is True
    assert result["derived"]["low_achievement_ks2"] is None
    assert result["derived"]["svi_score"] == 5
    assert result["needs_review"] is False


# ---- missing facts ---------------------------------------------------------------------------


def test_no_ofsted_judgement_at_all_leaves_the_score_missing_and_reviewed():
    result = run(without(PRIMARY, "ofsted_grade"))
    assert result["derived"]["ofsted_judgement"] is None
    assert result["derived"]["svi_score"] is None
    assert trigger(result, "score_red")["outcome"] == "missing_review"
    assert trigger(result, "score_amber")["outcome"] == "missing_review"
    assert trigger(result, "ofsted_inadequate")["outcome"] == "missing_ignored"
    assert result["category"] == "Green"
    assert result["needs_review"] is True


def test_key_judgements_are_read_only_while_the_parameter_says_so():
    facts = {**without(PRIMARY, "ofsted_grade"), "ofsted_key_judgement_worst": 3}
    assert run(facts)["category"] == "Amber"
    result = run(facts, read_key_judgements=False)
    assert result["derived"]["svi_score"] is None
    assert result["needs_review"] is True


def test_the_overrides_still_apply_when_the_score_is_missing():
    result = run({**without(PRIMARY, *KS2), "category_of_concern": "SM"})
    assert result["derived"]["svi_score"] is None
    assert result["category"] == "Red"


@pytest.mark.parametrize(
    ("facts", "trigger_id", "outcome", "needs_review"),
    [
        pytest.param(
            without(PRIMARY, "category_of_concern"),
            "in_category_of_concern",
            "missing_review",
            True,
            id="category of concern not known: review",
        ),
        pytest.param(
            without(PRIMARY, "safeguarding_concern"),
            "safeguarding",
            "missing_ignored",
            False,
            id="no safeguarding concern recorded: ignored",
        ),
        pytest.param(
            without(PRIMARY, *KS2),
            "score_amber",
            "missing_review",
            True,
            id="no attainment data: score missing, review",
        ),
        pytest.param(
            without(PRIMARY, "abs_overall_pct_england"),
            "score_red",
            "missing_review",
            True,
            id="no England absence: score missing, review",
        ),
    ],
)
def test_missing_facts(facts, trigger_id, outcome, needs_review):
    result = run(facts)
    item = trigger(result, trigger_id)
    assert item["outcome"] == outcome
    assert item["missing"]
    assert result["needs_review"] is needs_review


@pytest.mark.parametrize(
    "name",
    [
        "inspection_risk",
        "leadership_below_good",
        "safeguarding_concern",
        "self_evaluation_concern",
    ],
)
def test_intelligence_not_recorded_scores_nothing_but_is_listed(name):
    result = run(without({**PRIMARY, name: True}, name))
    assert result["derived"]["svi_score"] == 0
    assert name in result["missing_facts"]
    assert result["needs_review"] is False


@pytest.mark.parametrize(
    ("parameters", "points"),
    [
        pytest.param({}, 4, id="no evidence recorded: no capacity"),
        pytest.param({"capacity_evidence_default": True}, 1, id="benefit of the doubt"),
    ],
)
def test_capacity_to_improve_not_recorded(parameters, points):
    result = run(without({**PRIMARY, **LOW_KS2}, "capacity_evidence"), **parameters)
    assert result["derived"]["svi_achievement"] == points


def test_below_england_with_no_year_before_leaves_the_score_missing():
    result = run(
        without({**PRIMARY, "ks2_rwm_expected": 50.0}, "ks2_rwm_expected_prev")
    )
    assert result["derived"]["low_achievement"] is None
    assert result["needs_review"] is True


# ---- entitlements -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        pytest.param("Green", {"visits": 1}, id="Green: universal"),
        pytest.param(
            "Amber", {"visits": 3, "support_plan": True}, id="Amber: targeted"
        ),
        pytest.param(
            "Red",
            {
                "visits": 6,
                "visits_is_cap": True,
                "support_plan": True,
                "strategy_meeting_weeks": 6,
            },
            id="Red: intensive",
        ),
    ],
)
def test_entitlements(category, expected):
    spec = next(c for c in POLICY.categories if c.id == category)
    got = {k: v for k, v in spec.entitlement.items() if k != "target"}
    assert got == {
        **{k: v for k, v in ENTITLEMENT_DEFAULTS.items() if k != "target"},
        **expected,
    }
    assert "ours" in spec.reading  # the seed gives no visit numbers
