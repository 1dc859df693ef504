"""Who may be a System Leader: each shipped policy's eligibility routes, table-driven,
with the boundary of "retired within 2 years", missing facts, the default (seed 001)
when a policy has no section, and load errors naming file, line and rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engines.categorisation import FactValueError, PolicyError, load_policy
from engines.categorisation.eligibility import evaluate_eligibility
from engines.categorisation.leaders import LEADER_FACTS
from tests.engines.support import OXON, line_of

POLICIES = Path(__file__).resolve().parents[2] / "policies"
AS_OF = dt.date(2026, 12, 1)
NOBODY = {name: False for name, (t, _) in LEADER_FACTS.items() if t == "boolean"} | {
    "own_school_good": None,
    "retired_on": None,
}
GOOD_EIF = {"governance": "maintained", "ofsted_grade": "Good"}
RI_EIF = {"governance": "maintained", "ofsted_grade": "Requires improvement"}
GOOD_RC = {
    "governance": "maintained",
    "rc_inspected": True,
    "rc_safeguarding_met": True,
    "rc_areas_below_expected": 0,
}
NEEDS_ATTENTION_RC = GOOD_RC | {"rc_areas_below_expected": 1}


def policy(name: str):
    return load_policy(POLICIES / f"{name}.yaml")


def person(**facts):
    return NOBODY | facts


# (case, policy, person, own school's facts, eligible, routes that hold)
CASES = [
    ("head of a good school", "oxfordshire-2018-19", person(practising_head=True), GOOD_EIF, True, ["practising_head"]),
    ("head of an outstanding school", "oxfordshire-2018-19", person(practising_head=True), GOOD_EIF | {"ofsted_grade": "Outstanding"}, True, ["practising_head"]),
    ("head of an RI school", "oxfordshire-2018-19", person(practising_head=True), RI_EIF, False, []),
    ("head whose school has no graded inspection", "oxfordshire-2018-19", person(practising_head=True), {"governance": "maintained"}, False, []),
    ("deputy of a good school", "oxfordshire-2018-19", person(), GOOD_EIF, False, []),
    ("NLE heading an RI school", "oxfordshire-2018-19", person(practising_head=True, nle=True, was_nle=True), RI_EIF, True, ["nle"]),
    ("Ofsted inspector", "oxfordshire-2018-19", person(ofsted_inspector=True), None, True, ["ofsted_inspector"]),
    ("retired 730 days ago, was an LLE", "oxfordshire-2018-19", person(retired_on=AS_OF - dt.timedelta(days=730), was_lle=True), None, True, ["retired_nle_lle"]),
    ("retired 731 days ago, was an LLE", "oxfordshire-2018-19", person(retired_on=AS_OF - dt.timedelta(days=731), was_lle=True), None, False, []),
    ("retired a year ago, never NLE or LLE", "oxfordshire-2018-19", person(retired_on=AS_OF - dt.timedelta(days=365)), None, False, []),
    ("a SIP alone", "oxfordshire-2018-19", person(sip=True), None, False, []),
    ("a SIP under Oldham", "oldham-2017", person(sip=True), None, True, ["sip"]),
    ("an NLG under Oldham", "oldham-2017", person(nlg=True), None, True, ["nlg"]),
    ("head of a good school under Oldham", "oldham-2017", person(practising_head=True), GOOD_EIF, True, ["practising_head"]),
    ("head of a school at the expected standard", "report-cards-2025", person(practising_head=True), GOOD_RC, True, ["practising_head"]),
    ("head of a school with an area needing attention", "report-cards-2025", person(practising_head=True), NEEDS_ATTENTION_RC, False, []),
    ("head of a school with safeguarding not met", "report-cards-2025", person(practising_head=True), GOOD_RC | {"rc_safeguarding_met": False}, False, []),
    ("head of a Good EIF school under report cards", "report-cards-2025", person(practising_head=True), {"governance": "maintained", "rc_inspected": False}, False, []),
    ("NLE under report cards", "report-cards-2025", person(nle=True), None, True, ["nle"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "policy_name", "facts", "school", "eligible", "held"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_eligibility_under_each_shipped_policy(
    name, policy_name, facts, school, eligible, held
):
    result = evaluate_eligibility(
        policy(policy_name), facts, own_school_facts=school, as_of=AS_OF
    )

    assert result.eligible is eligible
    assert [r.id for r in result.held_routes] == held


def test_the_evidence_names_the_own_schools_grade_as_this_policy_reads_it():
    result = evaluate_eligibility(
        policy("oxfordshire-2018-19"),
        person(practising_head=True),
        own_school_facts=RI_EIF,
        as_of=AS_OF,
    )

    assert result.own_school_good is False
    assert result.own_school_evidence == {"ofsted_grade": "Requires improvement"}
    route = result.routes[0]
    assert route.id == "practising_head"
    assert route.evidence == {"practising_head": True, "own_school_good": False}


def test_a_report_card_policy_never_reads_an_eif_grade():
    result = evaluate_eligibility(
        policy("report-cards-2025"),
        person(practising_head=True),
        own_school_facts={"ofsted_grade": "Outstanding", "rc_inspected": False},
        as_of=AS_OF,
    )

    assert result.own_school_good is None  # no report card: not known, not good
    assert "ofsted_grade" not in result.own_school_evidence
    assert set(result.own_school_missing) == {
        "rc_safeguarding_met",
        "rc_areas_below_expected",
    }


def test_a_route_with_a_missing_fact_does_not_hold_and_says_what_was_missing():
    result = evaluate_eligibility(
        policy("oxfordshire-2018-19"),
        {"retired_on": AS_OF - dt.timedelta(days=10)},
        own_school_facts=None,
        as_of=AS_OF,
    )

    retired = next(r for r in result.routes if r.id == "retired_nle_lle")
    assert retired.held is False
    assert retired.missing == ("was_nle", "was_lle")
    assert retired.evidence["days_since(retired_on)"] == 10


def test_own_school_good_supplied_is_used_as_given():
    result = evaluate_eligibility(
        policy("oxfordshire-2018-19"),
        person(practising_head=True, own_school_good=True),
        own_school_facts=RI_EIF,
        as_of=AS_OF,
    )

    assert result.eligible is True
    assert result.own_school_evidence == {}


def test_a_wrongly_typed_fact_is_refused():
    with pytest.raises(FactValueError, match="nle"):
        evaluate_eligibility(
            policy("oxfordshire-2018-19"),
            {"nle": "yes"},
            own_school_facts=None,
            as_of=AS_OF,
        )


def test_a_policy_without_a_section_takes_seed_001s_routes_and_no_own_school_rule():
    loaded = load_policy(OXON, file_name="test-policy.yaml")

    assert loaded.eligibility is not None and loaded.eligibility.default
    assert [r.id for r in loaded.eligibility.routes] == [
        "practising_head",
        "nle",
        "ofsted_inspector",
        "retired_nle_lle",
    ]
    head = evaluate_eligibility(
        loaded,
        person(practising_head=True),
        own_school_facts=GOOD_EIF,
        as_of=AS_OF,
    )
    assert head.eligible is False and head.own_school_good is None
    inspector = evaluate_eligibility(
        loaded, person(ofsted_inspector=True), own_school_facts=None, as_of=AS_OF
    )
    assert inspector.eligible is True


SECTION = """
eligibility:
  own_school_good:
    label: Good school
    rule: "ofsted_grade in ['Outstanding', 'Good']"
  routes:
    nle:
      label: NLE
      rule: "nle"
"""


def load_with(section: str):
    return load_policy(OXON + section, file_name="test-policy.yaml")


def problems_with(section: str) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_with(section)
    return [str(p) for p in caught.value.problems]


def test_a_good_section_loads():
    loaded = load_with(SECTION)

    assert loaded.eligibility is not None and not loaded.eligibility.default
    assert [r.id for r in loaded.eligibility.routes] == ["nle"]
    assert loaded.eligibility.own_school_good is not None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('rule: "nle"', 'rule: "nlee"'), "rule 'nle': unknown name 'nlee' (did you mean 'nle'?)"),
        (('rule: "nle"', 'rule: "retired_on > 3"'), "rule 'nle':"),
        (('rule: "nle"', 'rule: "nle and"'), "rule 'nle':"),
        (("'Outstanding', 'Good'", "'Outstnding', 'Good'"), "rule 'own_school_good':"),
        (("ofsted_grade in", "nle and ofsted_grade in"), "rule 'own_school_good': unknown name 'nle'"),
        (("    nle:\n      label: NLE\n", "    nle:\n      lable: NLE\n"), "unknown key 'lable'"),
    ],
    ids=["typo in a person's fact", "type error", "syntax error", "value outside choices", "person's fact in the school rule", "unknown key"],
)  # fmt: skip
def test_a_bad_rule_names_the_file_line_and_rule(change, message):
    old, new = change
    section = SECTION.replace(old, new)
    found = problems_with(section)

    assert any(message in p for p in found), found
    assert all(p.startswith("test-policy.yaml:") for p in found)
    text = OXON + section
    line = line_of(text, new.splitlines()[-1] if "\n" in new else new)
    assert any(p.startswith(f"test-policy.yaml:{line}:") for p in found), found


def test_a_parameter_may_not_take_a_persons_fact_name():
    text = OXON.replace(
        "parameters:\n",
        "parameters:\n  nle:\n    type: boolean\n    default: true\n    label: x\n",
    )
    with pytest.raises(PolicyError) as caught:
        load_policy(text, file_name="test-policy.yaml")

    assert any(
        "'nle' is a fact of a System Leader" in str(p) for p in caught.value.problems
    )
