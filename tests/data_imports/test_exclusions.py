"""EES suspensions and permanent exclusions (school file and the national / regional /
LA file) to indicator records: counts and rates per 100 pupils, markers kept as
statuses, newest-year-first files read like any other. Pure parsing: no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from school_improvement.data.imports.coded import (
    LA,
    LOW,
    NATIONAL,
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    SCHOOL,
    SUPPRESSED,
    VALUE,
    IndicatorFile,
    IndicatorRecord,
)
from school_improvement.data.imports.csvfile import FileRejected
from school_improvement.data.imports.exclusions import parse_exclusions
from tests.ees_files import (
    HEADERS,
    absence_school,
    build_ees_csv,
    exclusions_area,
    exclusions_school,
)

MEASURES = {
    "excl_suspensions": "suspension",
    "excl_suspension_rate": "susp_rate",
    "excl_one_plus_susp_rate": "one_plus_susp_rate",
    "excl_permanent": "perm_excl",
    "excl_permanent_rate": "perm_excl_rate",
}


def by_indicator(f: IndicatorFile, code: str = "100001") -> dict[str, IndicatorRecord]:
    return {r.indicator: r for r in f.records if r.code == code}


def rejected(data: bytes) -> FileRejected:
    with pytest.raises(FileRejected) as info:
        parse_exclusions(data, file_name="exc_school.csv")
    return info.value


def test_fixture_headers_are_the_verbatim_lists():
    assert len(HEADERS["exclusions"]) == 25
    assert len(HEADERS["exclusions_national_la"]) == 19
    # time_identifier comes before time_period in these files
    assert HEADERS["exclusions"][:2] == ["time_identifier", "time_period"]


def test_school_file_gives_counts_and_rates_and_ignores_one_plus_susp():
    f = parse_exclusions(
        build_ees_csv(
            "exclusions",
            [exclusions_school("100001"), exclusions_school("100002", la_code="888")],
        ),
        file_name="exc_school.csv",
    )
    assert (f.source, f.layout, f.release) == ("exclusions", "ees", None)
    assert f.years == ["2023/24"] and f.rows == 2 and f.warnings == []
    school = by_indicator(f)
    assert {code: r.column for code, r in school.items()} == MEASURES
    assert {code: r.coded.value for code, r in school.items()} == {
        "excl_suspensions": Decimal("150"),
        "excl_suspension_rate": Decimal("15"),
        "excl_one_plus_susp_rate": Decimal("6"),
        "excl_permanent": Decimal("2"),
        "excl_permanent_rate": Decimal("0.2"),
    }
    record = school["excl_permanent"]
    assert (record.level, record.code, record.la_code, record.phase, record.line) == (
        SCHOOL,
        "100001",
        "989",
        "secondary",
        2,
    )
    assert by_indicator(f, "100002")["excl_permanent"].la_code == "888"
    assert "one_plus_susp" not in {r.column for r in f.records}
    assert len(f.records) == 10


@pytest.mark.parametrize(
    ("written", "status", "value"),
    [
        ("9.33", VALUE, Decimal("9.33")),
        ("x", NOT_AVAILABLE, None),
        ("z", NOT_APPLICABLE, None),
        ("c", SUPPRESSED, None),
        ("low", LOW, None),
        ("", NOT_AVAILABLE, None),
        ("SUPP", SUPPRESSED, None),
        ("NP", NOT_AVAILABLE, None),
    ],
)
def test_each_marker_in_a_rate_keeps_its_status(written, status, value):
    f = parse_exclusions(
        build_ees_csv("exclusions", [exclusions_school(susp_rate=written)])
    )
    coded = by_indicator(f)["excl_suspension_rate"].coded
    assert (coded.raw, coded.status, coded.value) == (written, status, value)


def test_a_rate_for_a_school_with_no_pupils_is_x_not_zero():
    f = parse_exclusions(
        build_ees_csv(
            "exclusions",
            [
                exclusions_school(
                    headcount="0",
                    perm_excl="0",
                    perm_excl_rate="x",
                    suspension="0",
                    susp_rate="x",
                    one_plus_susp="0",
                    one_plus_susp_rate="x",
                )
            ],
        )
    )
    school = by_indicator(f)
    assert school["excl_permanent"].coded.value == Decimal("0")
    assert school["excl_permanent_rate"].coded.value is None
    assert school["excl_permanent_rate"].coded.status == NOT_AVAILABLE


def test_a_percent_sign_in_a_rate_is_a_problem_not_a_percentage():
    error = rejected(build_ees_csv("exclusions", [exclusions_school(susp_rate="15%")]))
    [problem] = error.problems
    assert (problem.line, problem.column, problem.value, problem.key) == (
        2,
        "susp_rate",
        "15%",
        "100001",
    )
    assert "expected a number" in problem.message


def test_a_count_must_be_a_whole_number():
    error = rejected(
        build_ees_csv(
            "exclusions", [exclusions_school(suspension="1.5", perm_excl="2.0")]
        )
    )
    [problem] = error.problems  # 2.0 is a whole number as written in some files
    assert (problem.column, problem.value) == ("suspension", "1.5")
    assert "whole number" in problem.message


@pytest.mark.parametrize(
    ("written", "phase"),
    [
        ("State-funded primary", "primary"),
        ("State-funded secondary", "secondary"),
        ("Special", "special"),
        ("State-funded special", "special"),
        ("Total", "total"),
    ],
)
def test_education_phase_is_mapped(written, phase):
    f = parse_exclusions(
        build_ees_csv("exclusions", [exclusions_school(phase=written)])
    )
    assert {r.phase for r in f.records} == {phase}


def test_newest_year_first_gives_the_same_records_as_oldest_first():
    years = ["202324", "202223", "202122"]
    newest_first = [
        exclusions_school(urn, period, suspension=str(i))
        for period in years
        for i, urn in enumerate(["100001", "100002"])
    ]
    a = parse_exclusions(build_ees_csv("exclusions", newest_first))
    b = parse_exclusions(build_ees_csv("exclusions", newest_first[::-1]))

    def key(f: IndicatorFile) -> list[tuple]:
        return sorted(
            (r.level, r.code, r.indicator, r.academic_year, r.phase, r.coded)
            for r in f.records
        )

    assert key(a) == key(b)
    assert len(a.records) == 30
    assert a.years == b.years == ["2021/22", "2022/23", "2023/24"]


def test_term_rows_of_a_spring_term_release_are_skipped():
    f = parse_exclusions(
        build_ees_csv(
            "exclusions",
            [
                exclusions_school("100001", time_identifier="Autumn term"),
                exclusions_school("100001", time_identifier="Spring term"),
                exclusions_school("100001"),
            ],
        )
    )
    assert f.skipped == {"term rows": 2}
    assert {r.line for r in f.records} == {4}


def test_national_region_la_file_gives_la_and_england_rows_and_skips_regions():
    f = parse_exclusions(
        build_ees_csv(
            "exclusions_national_la",
            [
                exclusions_area("National", perm_excl="9376", perm_excl_rate="0.13"),
                exclusions_area("Regional"),
                exclusions_area("Regional"),
                exclusions_area("Local authority", la_code="989"),
                exclusions_area("Local authority", la_code="989", phase="Special"),
            ],
        ),
        file_name="exc_nat_region_la.csv",
    )
    assert f.layout == "ees_national_la"
    assert f.skipped == {"Regional rows": 2}
    england = {r.indicator: r for r in f.records if r.level == NATIONAL}
    assert england["excl_permanent"].coded.value == Decimal("9376")
    assert england["excl_permanent_rate"].coded.value == Decimal("0.13")
    assert {(r.code, r.phase) for r in f.records if r.level == LA} == {
        ("989", "total"),
        ("989", "special"),
    }
    assert len(f.records) == 15


@pytest.mark.parametrize("column", ["perm_excl", "suspension", "time_identifier"])
def test_a_missing_required_column_rejects_the_file_naming_it(column):
    error = rejected(build_ees_csv("exclusions", [exclusions_school()], drop=(column,)))
    [problem] = error.problems
    assert (problem.line, problem.column) == (1, column)


def test_a_missing_rate_column_is_a_warning():
    f = parse_exclusions(
        build_ees_csv(
            "exclusions",
            [exclusions_school()],
            drop=("one_plus_susp", "one_plus_susp_rate"),
        )
    )
    [warning] = f.warnings
    assert warning.column == "one_plus_susp_rate"
    assert "excl_one_plus_susp_rate" not in {r.indicator for r in f.records}


def test_an_absence_file_given_as_exclusions_says_what_it_looks_like():
    error = rejected(build_ees_csv("absence", [absence_school()]))
    assert {p.column for p in error.problems} == {"perm_excl", "suspension"}
    assert all("looks like EES pupil absence" in p.message for p in error.problems)


def test_every_bad_cell_is_reported_and_duplicates_name_the_first_line():
    error = rejected(
        build_ees_csv(
            "exclusions",
            [
                exclusions_school("100001"),
                exclusions_school("100002", perm_excl="two", susp_rate="n/a"),
                exclusions_school("100001"),
                exclusions_school("100003", phase=""),
            ],
        )
    )
    found = [(p.line, p.column, p.value) for p in error.problems]
    assert found == [
        (3, "susp_rate", "n/a"),
        (3, "perm_excl", "two"),
        (4, "school_urn", "100001"),
        (5, "education_phase", ""),
    ]
    assert "already on line 2" in error.problems[2].message


def test_a_bom_is_ignored():
    f = parse_exclusions(build_ees_csv("exclusions", [exclusions_school()], bom=True))
    assert f.years == ["2023/24"] and len(f.records) == 5
