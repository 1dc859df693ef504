"""Evaluating a policy for a school: categories, triggers and their evidence,
missing facts, derived facts, flags, entitlements and the result's shape."""

from __future__ import annotations

import datetime
import json

import pytest

from engines.categorisation import (
    ENTITLEMENT_DEFAULTS,
    OUTCOMES,
    FactValueError,
    RuleEvaluationError,
    evaluate,
)
from tests.engines.support import AS_OF, QUIET_SCHOOL, make_policy, oxon


def school(**changes):
    return {**QUIET_SCHOOL, **changes}


def trigger(result, trigger_id):
    return next(item for item in result.triggers if item.id == trigger_id)


def test_a_school_with_no_trigger_is_in_the_last_category():
    result = evaluate(oxon(), school(), as_of=AS_OF, urn="100001")

    assert (result.category, result.category_label) == (
        "GO",
        "Good or outstanding, no trigger",
    )
    assert result.needs_review is False
    assert result.flags == ()
    assert result.entitlements == {**ENTITLEMENT_DEFAULTS, "visits": 1}
    assert [t.outcome for t in result.triggers] == ["not_fired"] * 3


def test_the_first_matching_category_wins():
    # An academy with red flags is A (listed first), not TGO.
    result = evaluate(
        oxon(), school(governance="academy", red_flag_pct=60.0), as_of=AS_OF
    )

    assert result.category == "A"
    assert trigger(result, "red_flags").fired is True


def test_a_fired_trigger_carries_the_values_its_rule_read():
    result = evaluate(oxon(), school(red_flag_pct=40.0), as_of=AS_OF)

    item = trigger(result, "red_flags")
    assert result.category == "TGO"
    assert (item.fired, item.outcome) == (True, "fired")
    assert item.label == "A significant percentage of Position Statement red flags"
    assert item.evidence == {"red_flag_pct": 40.0, "red_flag_significant_pct": 25.0}
    assert item.missing == ()


def test_evidence_for_a_derived_fact_shows_what_it_was_derived_from():
    result = evaluate(
        oxon(),
        school(abs_overall_pct=5.3, abs_overall_pct_england=4.1),
        as_of=AS_OF,
    )

    item = trigger(result, "attendance")
    # 5.3 - 4.1 is 1.2 exactly (decimal arithmetic), more than the 1-point margin.
    assert item.fired is True
    assert item.evidence == {
        "attendance_concern": True,
        "abs_overall_pct": 5.3,
        "abs_overall_pct_england": 4.1,
        "attendance_margin_points": 1.0,
    }
    assert result.derived == {"attendance_concern": True}


def test_decimal_arithmetic_means_a_difference_equal_to_the_margin_does_not_fire():
    policy = oxon().with_parameters({"attendance_margin_points": 1.2})

    result = evaluate(
        policy, school(abs_overall_pct=5.3, abs_overall_pct_england=4.1), as_of=AS_OF
    )

    # In floats 5.3 - 4.1 is 1.1999999999999993; rule-engine (and we) say 1.2.
    assert result.derived == {"attendance_concern": False}


def test_a_supplied_value_for_a_derived_fact_wins_and_says_so():
    result = evaluate(
        oxon(),
        school(abs_overall_pct=9.0, attendance_concern=False),
        as_of=AS_OF,
    )

    item = trigger(result, "attendance")
    assert item.fired is False
    assert item.supplied == ("attendance_concern",)
    assert item.evidence == {"attendance_concern": False}
    assert result.supplied == ("attendance_concern",)
    assert result.derived == {"attendance_concern": False}


def test_a_derived_fact_is_missing_when_a_fact_its_rule_reads_is_missing():
    result = evaluate(oxon(), school(abs_overall_pct_england=None), as_of=AS_OF)

    item = trigger(result, "attendance")
    assert result.derived == {"attendance_concern": None}
    assert item.outcome == "missing_ignored"
    assert item.missing == ("attendance_concern", "abs_overall_pct_england")
    assert "abs_overall_pct_england" in result.missing_facts
    assert "attendance_concern" in result.missing_facts


def test_when_missing_review_does_not_fire_and_marks_the_result_for_review():
    result = evaluate(oxon(), school(red_flag_pct=None), as_of=AS_OF)

    item = trigger(result, "red_flags")
    assert (item.fired, item.outcome, item.missing) == (
        False,
        "missing_review",
        ("red_flag_pct",),
    )
    assert item.evidence == {"red_flag_pct": None, "red_flag_significant_pct": 25.0}
    assert result.needs_review is True
    assert result.category == "GO"


def test_when_missing_ignore_does_not_fire_and_needs_no_review():
    result = evaluate(oxon(), school(abs_overall_pct=None), as_of=AS_OF)

    assert trigger(result, "attendance").outcome == "missing_ignored"
    assert trigger(result, "attendance").fired is False
    assert result.needs_review is False
    assert result.missing_facts == ("abs_overall_pct", "attendance_concern")


def test_when_missing_fire_fires_the_cautious_way():
    result = evaluate(oxon(), school(leadership_below_good=None), as_of=AS_OF)

    item = trigger(result, "leadership")
    assert (item.fired, item.outcome, item.missing) == (
        True,
        "missing_fired",
        ("leadership_below_good",),
    )
    assert result.category == "TGO"  # the fired trigger counts
    assert result.needs_review is False


def test_a_category_that_reads_a_missing_fact_is_skipped_and_needs_review():
    result = evaluate(oxon(), school(ofsted_grade=None), as_of=AS_OF)

    assert result.category == "GO"
    assert result.needs_review is True
    assert [(s.id, s.missing) for s in result.skipped_categories] == [
        ("I", ("ofsted_grade",))
    ]


def test_no_matching_category_means_no_category_and_review():
    policy = make_policy(
        facts={"pupils": {"type": "integer", "label": "Pupils"}},
        categories=[{"id": "BIG", "label": "Big", "when": "pupils > 500"}],
    )

    result = evaluate(policy, {"pupils": 100}, as_of=AS_OF)

    assert (result.category, result.category_label) == (None, None)
    assert result.needs_review is True
    assert result.entitlements == ENTITLEMENT_DEFAULTS
    assert result.category_evidence == {}


def test_a_flag_fires_beside_the_category_and_its_entitlement_overrides():
    result = evaluate(
        oxon(),
        school(red_flag_pct=40.0, head_start_date=datetime.date(2018, 3, 1)),
        as_of=AS_OF,
    )

    assert (result.category, result.flags) == ("TGO", ("NH",))
    assert result.entitlements == {
        **ENTITLEMENT_DEFAULTS,
        "visits": 2,  # the flag's value replaces the category's 3
        "early_years_support": True,  # the category's stays
        "welcome_visit": True,  # the flag adds
    }
    (flag,) = result.flag_details
    assert flag.evidence == {
        "interim_head": False,
        "head_start_date": datetime.date(2018, 3, 1),
        "as_of": AS_OF,
        "new_head_days": 365,
        "days_since(head_start_date)": 184,
    }


def test_days_since_counts_to_the_runs_as_of_date():
    facts = school(head_start_date=datetime.date(2017, 9, 1))

    on_the_day = evaluate(oxon(), facts, as_of=datetime.date(2018, 9, 1))
    a_day_later = evaluate(oxon(), facts, as_of=datetime.date(2018, 9, 2))

    assert on_the_day.flags == ("NH",)  # 365 days <= 365
    assert a_day_later.flags == ()
    assert a_day_later.flag_details[0].evidence["days_since(head_start_date)"] == 366


def test_a_flag_with_a_missing_fact_is_ignored_as_the_policy_says():
    result = evaluate(oxon(), school(head_start_date=None), as_of=AS_OF)

    (flag,) = result.flag_details
    assert (flag.fired, flag.outcome, flag.missing) == (
        False,
        "missing_ignored",
        ("head_start_date",),
    )
    assert result.needs_review is False


def test_a_rule_that_checks_for_null_runs_when_the_fact_is_missing():
    policy = make_policy(
        facts={"head_start_date": {"type": "date", "label": "Head started"}},
        triggers={
            "head_unknown": {
                "label": "We do not know when the head started",
                "rule": "head_start_date == null",
            }
        },
    )

    missing = evaluate(policy, {}, as_of=AS_OF)
    known = evaluate(
        policy, {"head_start_date": datetime.date(2010, 1, 1)}, as_of=AS_OF
    )

    assert (missing.triggers[0].outcome, missing.needs_review) == ("fired", False)
    assert known.triggers[0].outcome == "not_fired"


def test_a_guarded_rule_treats_a_missing_number_as_no_concern_only_when_it_says_so():
    policy = make_policy(
        facts={"abs_overall_pct": {"type": "float", "label": "Absence"}},
        triggers={
            "absence": {
                "label": "High absence",
                "rule": "abs_overall_pct != null and abs_overall_pct > 7.5",
            }
        },
    )

    result = evaluate(policy, {}, as_of=AS_OF)

    assert result.triggers[0].outcome == "not_fired"
    assert result.needs_review is False


def test_a_category_can_be_explained_by_the_values_its_when_read():
    result = evaluate(oxon(), school(red_flag_pct=40.0), as_of=AS_OF)

    assert result.category_evidence == {
        "red_flags": True,
        "attendance": False,
        "leadership": False,
    }


def test_a_value_of_the_wrong_type_is_refused():
    with pytest.raises(FactValueError) as caught:
        evaluate(oxon(), school(red_flag_pct="40"), as_of=AS_OF)
    assert caught.value.name == "red_flag_pct"
    assert "'40' (str) is not a number" in str(caught.value)

    with pytest.raises(FactValueError, match="not one of 'maintained'"):
        evaluate(oxon(), school(governance="Academy"), as_of=AS_OF)
    with pytest.raises(FactValueError, match="true or false"):
        evaluate(oxon(), school(interim_head=1), as_of=AS_OF)
    with pytest.raises(FactValueError, match="not a date and time"):
        evaluate(
            oxon(),
            school(head_start_date=datetime.datetime(2018, 1, 1)),
            as_of=AS_OF,
        )


def test_ints_become_floats_nan_is_missing_and_unknown_names_are_ignored():
    result = evaluate(
        oxon(),
        school(red_flag_pct=40, abs_overall_pct=float("nan"), not_a_fact="x"),
        as_of=AS_OF,
    )

    assert trigger(result, "red_flags").evidence["red_flag_pct"] == 40.0
    assert isinstance(trigger(result, "red_flags").evidence["red_flag_pct"], float)
    assert "abs_overall_pct" in result.missing_facts


def test_a_rule_that_fails_names_the_policy_rule_and_school():
    policy = make_policy(
        facts={
            "red_flag_count": {"type": "integer", "label": "Red flags"},
            "tests": {"type": "integer", "label": "Tests that apply"},
        },
        triggers={"share": {"label": "Share", "rule": "red_flag_count / tests > 0.25"}},
    )

    with pytest.raises(RuleEvaluationError) as caught:
        evaluate(policy, {"red_flag_count": 1, "tests": 0}, as_of=AS_OF, urn="123456")

    assert (caught.value.rule_id, caught.value.urn) == ("share", "123456")
    assert str(caught.value).startswith(
        "policy made: rule 'share' failed for school 123456:"
    )


def test_as_of_must_be_a_date():
    with pytest.raises(TypeError):
        evaluate(oxon(), school(), as_of=datetime.datetime(2018, 9, 1))  # type: ignore[arg-type]


def test_parameter_overrides_change_the_outcome_and_are_recorded():
    policy = oxon().with_parameters({"red_flag_significant_pct": 50})

    result = evaluate(policy, school(red_flag_pct=40.0), as_of=AS_OF)

    assert trigger(result, "red_flags").fired is False
    assert trigger(result, "red_flags").evidence["red_flag_significant_pct"] == 50.0
    assert result.parameter_overrides == {"red_flag_significant_pct": 50.0}
    assert result.to_dict()["parameter_overrides"] == {"red_flag_significant_pct": 50.0}


def test_to_dict_has_the_documented_shape_and_is_json():
    result = evaluate(
        oxon(),
        school(red_flag_pct=40.0, leadership_below_good=None),
        as_of=AS_OF,
        urn="100001",
    )

    data = result.to_dict()

    assert list(data) == [
        "urn",
        "category",
        "category_label",
        "flags",
        "entitlements",
        "triggers",
        "flag_details",
        "missing_facts",
        "needs_review",
        "derived",
        "policy",
        "version",
        "sha256",
        "as_of",
        "supplied",
        "category_evidence",
        "skipped_categories",
        "parameter_overrides",
    ]
    assert json.loads(json.dumps(data)) == data
    assert data["urn"] == "100001"
    assert (data["category"], data["policy"], data["version"]) == (
        "TGO",
        "test-policy",
        3,
    )
    assert data["sha256"] == oxon().sha256
    assert data["as_of"] == "2018-09-01"
    assert data["missing_facts"] == ["leadership_below_good"]
    assert data["triggers"][0] == {
        "id": "red_flags",
        "label": "A significant percentage of Position Statement red flags",
        "fired": True,
        "outcome": "fired",
        "evidence": {"red_flag_pct": 40.0, "red_flag_significant_pct": 25.0},
        "missing": [],
        "supplied": [],
    }
    assert data["triggers"][2]["outcome"] == "missing_fired"
    assert data["flag_details"][0]["evidence"]["head_start_date"] == "2012-01-01"
    assert {item["outcome"] for item in data["triggers"]} <= set(OUTCOMES)


def test_to_dict_and_the_typed_items_agree():
    for facts in (
        school(),
        school(red_flag_pct=None, head_start_date=None, attendance_concern=True),
        school(ofsted_grade=None, abs_overall_pct=None),
    ):
        result = evaluate(oxon(), facts, as_of=AS_OF)
        data = result.to_dict()

        assert data["triggers"] == [item.to_dict() for item in result.triggers]
        assert data["flag_details"] == [item.to_dict() for item in result.flag_details]
        assert data["missing_facts"] == list(result.missing_facts)
        assert data["category_evidence"] == {
            k: v.isoformat() if isinstance(v, datetime.date) else v
            for k, v in result.category_evidence.items()
        }


def test_a_result_is_the_same_whatever_was_evaluated_before():
    policy = oxon()
    first = evaluate(policy, school(red_flag_pct=40.0), as_of=AS_OF).to_dict()
    evaluate(policy, school(governance="academy", ofsted_grade=None), as_of=AS_OF)

    again = evaluate(policy, school(red_flag_pct=40.0), as_of=AS_OF).to_dict()

    assert again == first


def test_summary_json_is_the_summary_as_compact_json():
    policy = oxon()
    schools = [
        school(),
        school(red_flag_pct=40.0),
        school(governance="academy", red_flag_pct=60.0),
        school(red_flag_pct=None),
        school(red_flag_pct=40.0),  # the same outcome again: pieces reused
    ]
    for i, facts in enumerate(schools):
        result = evaluate(policy, facts, as_of=AS_OF, urn=f"10000{i}")
        text = result.summary_json()
        assert json.loads(text) == result.summary()
        assert text == json.dumps(result.summary(), separators=(",", ":"))
