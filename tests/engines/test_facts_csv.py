"""Facts as text: coerce_fact reads one CSV cell; evaluate_csv a file of schools,
reporting every problem with its row (line in the file) and column."""

from __future__ import annotations

import datetime

import pytest

from engines.categorisation import (
    CsvFactsError,
    CsvProblem,
    FactValueError,
    coerce_fact,
    evaluate,
    evaluate_csv,
)
from tests.engines.support import AS_OF, QUIET_SCHOOL, make_policy, oxon

TYPED = make_policy(
    facts={
        "flag": {"type": "boolean", "label": "A flag"},
        "count": {"type": "integer", "label": "A count"},
        "share": {"type": "float", "label": "A share"},
        "name": {"type": "string", "label": "A name"},
        "phase": {
            "type": "string",
            "label": "Phase",
            "choices": ["primary", "secondary"],
        },
        "started": {"type": "date", "label": "Started"},
    }
)


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("flag", "true", True),
        ("flag", "TRUE", True),
        ("flag", "Yes", True),
        ("flag", "1", True),
        ("flag", "false", False),
        ("flag", "no", False),
        ("flag", " 0 ", False),
        ("count", "42", 42),
        ("count", "-3", -3),
        ("share", "12.5", 12.5),
        ("share", "40", 40.0),
        ("share", "-0.25", -0.25),
        ("share", "1e3", 1000.0),
        ("name", " Oxford Primary ", "Oxford Primary"),
        ("phase", "primary", "primary"),
        ("started", "2018-09-01", datetime.date(2018, 9, 1)),
        ("flag", "", None),
        ("count", "  ", None),
        ("started", "", None),
        ("name", "", None),
    ],
)
def test_coerce_fact_reads_each_type(name, text, value):
    result = coerce_fact(TYPED, name, text)

    assert result == value
    assert type(result) is type(value)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "flag",
            "maybe",
            "'maybe' is not true or false (write true/false, yes/no or 1/0)",
        ),
        ("flag", "2", "'2' is not true or false (write true/false, yes/no or 1/0)"),
        ("count", "12.5", "'12.5' is not a whole number"),
        ("count", "twelve", "'twelve' is not a whole number"),
        ("share", "12%", "'12%' is not a number"),
        ("share", "nan", "'nan' is not a number"),
        ("share", "1,000", "'1,000' is not a number"),
        ("phase", "Primary", "'Primary' is not one of 'primary', 'secondary'"),
        (
            "started",
            "01/09/2018",
            "'01/09/2018' is not a date written YYYY-MM-DD, e.g. 2018-09-01",
        ),
        (
            "started",
            "2018-02-30",
            "'2018-02-30' is not a date written YYYY-MM-DD, e.g. 2018-09-01",
        ),
    ],
)
def test_coerce_fact_says_what_would_have_been_accepted(name, text, message):
    with pytest.raises(FactValueError) as caught:
        coerce_fact(TYPED, name, text)

    assert caught.value.name == name
    assert caught.value.text == text
    assert caught.value.message == message
    assert str(caught.value) == f"{name}: {message}"


def test_coerce_fact_refuses_a_name_the_policy_does_not_have():
    with pytest.raises(FactValueError) as caught:
        coerce_fact(TYPED, "shares", "1")

    assert caught.value.message == (
        "'shares' is not a fact of policy made (did you mean 'share'?)"
    )


CSV_HEADER = (
    "urn,governance,ofsted_grade,red_flag_pct,abs_overall_pct,"
    "abs_overall_pct_england,leadership_below_good,head_start_date,interim_head\n"
)


def test_evaluate_csv_gives_one_result_per_school_in_file_order():
    text = (
        CSV_HEADER
        + "100001,maintained,Good,40,5,5,no,2012-01-01,false\n"
        + "100002,academy,Good,,5,5,no,2012-01-01,false\n"
        + "\n"
        + "100003,maintained,Good,10,5,5,no,2018-03-01,false\n"
    )

    results = evaluate_csv(oxon(), text, as_of=AS_OF)

    assert [(r.urn, r.category, r.flags) for r in results] == [
        ("100001", "TGO", ()),
        ("100002", "A", ()),
        ("100003", "GO", ("NH",)),
    ]
    assert results[1].needs_review is True  # red_flag_pct is blank: missing
    assert "red_flag_pct" in results[1].missing_facts


def test_evaluate_csv_matches_evaluate_on_the_same_typed_facts():
    row = "100001,maintained,Good,10,5,5,no,2012-01-01,false\n"

    (from_csv,) = evaluate_csv(oxon(), CSV_HEADER + row, as_of=AS_OF)
    direct = evaluate(oxon(), QUIET_SCHOOL, as_of=AS_OF, urn="100001")

    assert from_csv.to_dict() == direct.to_dict()


def test_a_column_may_supply_a_derived_fact():
    text = "urn,attendance_concern\n100001,yes\n"

    (result,) = evaluate_csv(oxon(), text, as_of=AS_OF)

    assert result.supplied == ("attendance_concern",)
    assert result.derived == {"attendance_concern": True}


def test_evaluate_csv_reports_every_problem_with_row_and_column():
    text = (
        "urn,governance,red_flg_pct,red_flag_pct,interim_head\n"
        "100001,maintained,1,40,false\n"
        "100002,acadmy,1,high,maybe\n"
        '100003,"maintained\n'
        'school",1,,\n'
        "100004,maintained,1,5\n"
        ",maintained,1,5,no\n"
        "100001,maintained,1,5,no\n"
    )

    with pytest.raises(CsvFactsError) as caught:
        evaluate_csv(oxon(), text, as_of=AS_OF)

    assert caught.value.problems == [
        CsvProblem(
            1,
            "red_flg_pct",
            "unknown column: 'red_flg_pct' is not a fact of policy test-policy "
            "(did you mean 'red_flag_pct'?)",
        ),
        CsvProblem(
            3,
            "governance",
            "'acadmy' is not one of 'maintained', 'academy', 'other'",
        ),
        CsvProblem(3, "red_flag_pct", "'high' is not a number"),
        CsvProblem(
            3,
            "interim_head",
            "'maybe' is not true or false (write true/false, yes/no or 1/0)",
        ),
        CsvProblem(
            4,
            "governance",
            "'maintained\\nschool' is not one of 'maintained', 'academy', 'other'",
        ),
        CsvProblem(6, None, "this row has 4 cells but the header has 5"),
        CsvProblem(7, "urn", "the urn is empty"),
        CsvProblem(8, "urn", "urn 100001 is also on row 2"),
    ]
    assert str(caught.value).splitlines()[2] == (
        "row 3, column 'red_flag_pct': 'high' is not a number"
    )


def test_evaluate_csv_needs_a_urn_column_and_a_header():
    with pytest.raises(CsvFactsError) as caught:
        evaluate_csv(oxon(), "governance\nmaintained\n", as_of=AS_OF)
    assert caught.value.problems == [CsvProblem(1, None, "there is no urn column")]

    with pytest.raises(CsvFactsError) as caught:
        evaluate_csv(oxon(), "", as_of=AS_OF)
    assert caught.value.problems == [CsvProblem(1, None, "the file is empty")]


def test_evaluate_csv_accepts_a_byte_order_mark_and_spaces_around_headings():
    text = "\ufeffurn , red_flag_pct\n100001,40\n"

    (result,) = evaluate_csv(oxon(), text, as_of=AS_OF)

    assert result.urn == "100001"
    assert result.triggers[0].fired is True
