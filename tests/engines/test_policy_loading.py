"""Loading a policy: what a good file gives, and every problem a bad one reports,
each with the file, the YAML line and the rule's id."""

from __future__ import annotations

import datetime
import hashlib

import pytest

from engines.categorisation import (
    ENTITLEMENT_DEFAULTS,
    ParameterValueError,
    PolicyError,
    PolicyProblem,
    load_policies,
    load_policy,
)
from tests.engines.support import OXON, line_of, oxon

FILE = "test-policy.yaml"


def problems_of(text: str, file_name: str = FILE) -> list[PolicyProblem]:
    with pytest.raises(PolicyError) as caught:
        load_policy(text, file_name=file_name)
    return caught.value.problems


def only_problem(text: str) -> PolicyProblem:
    problems = problems_of(text)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_a_good_policy_loads_with_its_parts_in_file_order():
    policy = oxon()

    assert policy.name == "test-policy"
    assert policy.version == 3
    assert policy.title == "Test policy"
    assert policy.framework == "eif"
    assert policy.description == "A small policy for the engine's tests."
    assert policy.text == OXON
    assert policy.sha256 == hashlib.sha256(OXON.encode()).hexdigest()
    assert [c.id for c in policy.categories] == ["A", "I", "TGO", "GO"]
    assert list(policy.triggers) == ["red_flags", "attendance", "leadership"]
    assert list(policy.flags) == ["NH"]
    assert list(policy.input_facts) == [
        "governance",
        "ofsted_grade",
        "red_flag_pct",
        "abs_overall_pct",
        "abs_overall_pct_england",
        "leadership_below_good",
        "head_start_date",
        "interim_head",
    ]
    assert list(policy.derived_facts) == ["attendance_concern"]


def test_parameters_keep_type_label_reading_and_a_typed_default():
    spec = oxon().parameters["red_flag_significant_pct"]

    assert spec.type == "float"
    assert spec.default == 25.0 and isinstance(spec.default, float)
    assert spec.label.startswith("Share of Position Statement")
    assert "significant percentage" in spec.reading
    assert spec.line == line_of(OXON, "red_flag_significant_pct:")


def test_facts_keep_choices_and_rules_and_triggers_keep_when_missing():
    policy = oxon()

    assert policy.facts["governance"].choices == ("maintained", "academy", "other")
    assert policy.facts["attendance_concern"].derived
    assert not policy.facts["governance"].derived
    assert policy.triggers["red_flags"].when_missing == "review"  # the default
    assert policy.triggers["attendance"].when_missing == "ignore"
    assert policy.triggers["leadership"].when_missing == "fire"


def test_a_categorys_entitlement_has_every_key_and_a_flag_only_its_own():
    policy = oxon()

    academy = policy.categories[0]
    assert set(academy.entitlement) == set(ENTITLEMENT_DEFAULTS)
    assert academy.entitlement["structured_conversation"] is True
    assert academy.entitlement["visits"] == 0
    assert policy.flags["NH"].entitlement == {"welcome_visit": True, "visits": 2}


def test_the_sha256_is_of_the_file_bytes_and_changes_when_the_file_changes(tmp_path):
    path = tmp_path / "test-policy.yaml"
    path.write_text(OXON)
    before = load_policy(path)
    path.write_text(OXON.replace("default: 25", "default: 30"))
    after = load_policy(path)

    assert before.sha256 == hashlib.sha256(OXON.encode()).hexdigest()
    assert after.sha256 != before.sha256
    assert after.parameters["red_flag_significant_pct"].default == 30.0
    assert before.file_name == "test-policy.yaml"


def test_the_name_must_equal_the_file_name(tmp_path):
    path = tmp_path / "another-name.yaml"
    path.write_text(OXON)

    with pytest.raises(PolicyError) as caught:
        load_policy(path)

    (problem,) = caught.value.problems
    assert str(problem) == (
        f"another-name.yaml:{line_of(OXON, 'name: test-policy')}: name 'test-policy' "
        "must equal the file name without .yaml ('another-name')"
    )


def test_a_typo_in_a_fact_name_names_the_file_line_rule_and_the_likely_fact():
    text = OXON.replace(
        '"red_flag_pct >= red_flag_significant_pct"',
        '"red_flg_pct >= red_flag_significant_pct"',
    )

    problem = only_problem(text)

    assert problem.file == FILE
    assert problem.line == line_of(text, "red_flg_pct >=") - 0
    assert problem.rule_id == "red_flags"
    assert str(problem) == (
        f"{FILE}:{problem.line}: rule 'red_flags': unknown name 'red_flg_pct' "
        "(did you mean 'red_flag_pct'?)"
    )


def test_comparing_a_number_fact_to_text_is_a_type_error():
    text = OXON.replace(
        '"red_flag_pct >= red_flag_significant_pct"', "\"red_flag_pct >= 'high'\""
    )

    problem = only_problem(text)

    assert (problem.line, problem.rule_id) == (
        line_of(text, "red_flag_pct >= 'high'"),
        "red_flags",
    )
    assert problem.message.startswith("type error: cannot compare red_flag_pct")


def test_equality_between_a_number_and_text_is_a_type_error_too():
    # rule-engine itself allows `==` across types (always false); we do not.
    text = OXON.replace("\"governance == 'academy'\"", '"governance == 3"')

    problem = only_problem(text)

    assert problem.rule_id == "A"
    assert problem.message == (
        "type error: cannot compare governance (text) with 3 (a number)"
    )


def test_a_value_outside_a_facts_choices_is_a_problem():
    text = OXON.replace("\"governance == 'academy'\"", "\"governance == 'acadmy'\"")

    problem = only_problem(text)

    assert problem.rule_id == "A"
    assert "'acadmy' is not one of governance's choices" in problem.message


def test_a_syntax_error_is_reported_at_the_rules_line():
    text = OXON.replace(
        '"red_flag_pct >= red_flag_significant_pct"', '"red_flag_pct >= "'
    )

    problem = only_problem(text)

    assert problem.line == line_of(text, '"red_flag_pct >= "')
    assert problem.rule_id == "red_flags"
    assert problem.message.startswith("syntax error")


def test_an_unknown_key_suggests_the_key_meant():
    text = OXON.replace(
        "when: \"governance == 'academy'\"", "whne: \"governance == 'academy'\""
    )

    problem = only_problem(text)

    assert problem.line == line_of(text, "whne:")
    assert problem.rule_id == "A"
    assert "unknown key 'whne'" in problem.message
    assert "(did you mean 'when'?)" in problem.message


def test_a_missing_required_key_is_reported_at_its_entry():
    text = OXON.replace("    label: Significant share\n", "").replace(
        "    label: A significant percentage of Position Statement red flags\n", ""
    )

    problem = only_problem(text)

    assert problem.line == line_of(text, "  red_flags:")
    assert problem.message == "trigger 'red_flags' needs a 'label'"


def test_derived_facts_that_read_each_other_are_a_cycle():
    text = OXON.replace(
        '    rule: "abs_overall_pct - abs_overall_pct_england > attendance_margin_points"\n',
        '    rule: "worse_attendance"\n'
        "  worse_attendance:\n"
        "    type: boolean\n"
        "    label: Worse\n"
        '    rule: "attendance_concern and abs_overall_pct > 10"\n',
    )

    problem = only_problem(text)

    assert problem.rule_id == "attendance_concern"
    assert problem.line == line_of(text, 'rule: "worse_attendance"')
    assert problem.message == (
        "derived facts read each other in a cycle: "
        "attendance_concern -> worse_attendance -> attendance_concern"
    )


def test_when_missing_must_be_fire_ignore_or_review():
    text = OXON.replace("when_missing: fire", "when_missing: sometimes")

    problem = only_problem(text)

    assert problem.line == line_of(text, "when_missing: sometimes")
    assert problem.rule_id == "leadership"
    assert problem.message == (
        "when_missing must be fire, ignore or review, not 'sometimes'"
    )


def test_an_unknown_entitlement_key_and_a_badly_typed_one_are_both_reported():
    text = OXON.replace("      visits: 3\n", "      vists: 3\n").replace(
        "      visits: 1\n", "      visits: lots\n"
    )

    problems = problems_of(text)

    assert [(p.line, p.rule_id) for p in problems] == [
        (line_of(text, "vists: 3"), "TGO"),
        (line_of(text, "visits: lots"), "GO"),
    ]
    assert (
        "unknown entitlement key 'vists' (did you mean 'visits'?)"
        in problems[0].message
    )
    assert problems[1].message == (
        "entitlement visits must be a whole number, 0 or more, not 'lots'"
    )


def test_a_trigger_may_not_share_a_name_with_a_fact():
    text = OXON.replace("  red_flags:\n", "  governance:\n").replace(
        '"red_flags or attendance', "\"governance == 'other' or attendance"
    )

    problem = only_problem(text)

    assert problem.rule_id == "governance"
    assert problem.message == (
        "'governance' is already a fact; a trigger needs a name of its own"
    )


def test_triggers_are_read_only_by_categories_and_flags():
    text = OXON.replace('rule: "attendance_concern"', 'rule: "red_flags"')

    problem = only_problem(text)

    assert problem.rule_id == "attendance"
    assert "'red_flags' is a trigger" in problem.message


def test_a_rule_must_give_true_or_false():
    text = OXON.replace('rule: "attendance_concern"', 'rule: "red_flag_pct + 1"')

    problem = only_problem(text)

    assert problem.message == (
        "type error: the rule must give true or false, but it gives a number"
    )


def test_a_parameter_default_must_match_its_type_and_types_must_be_known():
    text = OXON.replace("default: 365", "default: a year").replace(
        "type: float\n    default: 1\n", "type: decimal\n    default: 1\n"
    )

    problems = problems_of(text)

    assert [(p.rule_id, p.message) for p in problems] == [
        (
            "attendance_margin_points",
            "type must be one of boolean, integer, float, string, date, not 'decimal'",
        ),
        ("new_head_days", "default must be a whole number, not 'a year'"),
    ]


def test_the_framework_must_be_known_and_facts_must_fit_it():
    text = OXON.replace("framework: eif", "framework: report_card")

    problem = only_problem(text)

    assert problem.rule_id == "ofsted_grade"
    assert "framework is report_card but ofsted_grade is an EIF" in problem.message
    assert "framework must be eif, report_card or none" in str(
        problems_of(OXON.replace("framework: eif", "framework: ofsted"))[0]
    )


def test_a_system_fact_must_keep_the_systems_type():
    text = OXON.replace(
        "  red_flag_pct:\n    type: float", "  red_flag_pct:\n    type: integer"
    )

    problem = only_problem(text)

    assert problem.rule_id == "red_flag_pct"
    assert "declare it with type: float" in problem.message


def test_categories_must_be_a_non_empty_list_with_unique_ids():
    repeated = OXON.replace("  - id: I\n", "  - id: A\n")
    problem = only_problem(repeated)
    assert problem.message == "category id 'A' is used twice"
    assert problem.line == line_of(repeated, "- id: A", after="structured_conversation")

    start = OXON.index("\ncategories:") + 1
    end = OXON.index("\nflags:") + 1
    empty = OXON[:start] + "categories: []\n\n" + OXON[end:]
    (problem,) = problems_of(empty)
    assert problem.message.startswith("categories must be a non-empty list")


def test_a_repeated_key_is_a_problem_not_silently_the_last_one():
    text = OXON.replace(
        "  attendance:\n",
        "  red_flags:\n    label: again\n    rule: 'true'\n  attendance:\n",
    )

    problems = problems_of(text)

    assert any(p.message == "'red_flags' appears twice in 'triggers'" for p in problems)


def test_every_problem_is_reported_at_once_in_line_order():
    text = (
        OXON.replace("version: 3", "version: three")
        .replace("red_flag_pct >= red_flag_significant_pct", "red_flg_pct >= 1")
        .replace("when_missing: fire", "when_missing: maybe")
    )

    problems = problems_of(text)

    assert [p.message.split(" ")[0] for p in problems] == [
        "version",
        "unknown",
        "when_missing",
    ]
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert str(PolicyError(problems)).count("\n") == 2


def test_not_yaml_and_not_a_mapping_are_problems_too():
    (bad_yaml,) = problems_of("name: [unclosed\n")
    assert bad_yaml.message.startswith("not valid YAML")
    (listed,) = problems_of("- name: x\n")
    assert listed.message == "a policy must be a mapping of `key: value` lines"
    (empty,) = problems_of("")
    assert empty.message == "the file is empty"


def test_load_policies_loads_a_directory_and_reports_every_file(tmp_path):
    (tmp_path / "test-policy.yaml").write_text(OXON)
    assert list(load_policies(tmp_path)) == ["test-policy"]

    (tmp_path / "broken.yaml").write_text(
        OXON.replace("name: test-policy", "name: broken").replace(
            "version: 3", "version: 0"
        )
    )
    (tmp_path / "other.yaml").write_text(
        OXON.replace("name: test-policy", "name: wrong")
    )
    with pytest.raises(PolicyError) as caught:
        load_policies(tmp_path)
    assert [p.file for p in caught.value.problems] == ["broken.yaml", "other.yaml"]


def test_with_parameters_returns_a_checked_copy():
    policy = oxon()

    changed = policy.with_parameters(
        {"red_flag_significant_pct": 30, "new_head_days": 200}
    )

    assert changed.parameter_values["red_flag_significant_pct"] == 30.0
    assert changed.overrides == {"red_flag_significant_pct": 30.0, "new_head_days": 200}
    assert policy.parameter_values["red_flag_significant_pct"] == 25.0
    assert policy.overrides == {}
    assert changed.sha256 == policy.sha256


def test_with_parameters_rejects_wrong_types_and_unknown_names_all_at_once():
    with pytest.raises(ParameterValueError) as caught:
        oxon().with_parameters(
            {
                "new_head_days": 2.5,
                "red_flag_significant_pct": "high",
                "red_flags_pct": 1,
            }
        )

    assert caught.value.errors == {
        "new_head_days": "2.5 is not a whole number",
        "red_flag_significant_pct": "'high' is not a number",
        "red_flags_pct": "not a parameter of policy test-policy "
        "(did you mean 'red_flag_significant_pct'?)",
    }


def test_with_parameters_accepts_a_date_as_text_for_a_date_parameter():
    text = OXON.replace(
        "parameters:\n",
        "parameters:\n  term_start:\n    type: date\n    default: 2018-09-05\n"
        "    label: Term starts\n",
    )
    policy = load_policy(text, file_name=FILE)

    assert policy.parameters["term_start"].default == datetime.date(2018, 9, 5)
    changed = policy.with_parameters({"term_start": "2019-01-07"})
    assert changed.parameter_values["term_start"] == datetime.date(2019, 1, 7)
