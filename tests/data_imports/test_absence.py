"""EES pupil absence (school file, both releases, and the national / regional / LA
file) to indicator records: markers kept as statuses, phases mapped, only academic-year
rows of schools, LAs and England, every problem reported. Pure parsing: no database."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from school_improvement.data.imports.absence import parse_absence
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
from tests.ees_files import (
    HEADERS,
    absence_area,
    absence_school,
    build_ees_csv,
    exclusions_school,
)

MEASURES = {
    "abs_overall_pct": "sess_overall_percent",
    "abs_authorised_pct": "sess_authorised_percent",
    "abs_unauthorised_pct": "sess_unauthorised_percent",
    "abs_persistent_pct": "enrolments_pa_10_exact_percent",
    "abs_severe_pct": "enrolments_pa_50_exact_percent",
}


def by_indicator(f: IndicatorFile, code: str = "100001") -> dict[str, IndicatorRecord]:
    return {r.indicator: r for r in f.records if r.code == code}


def rejected(
    data: bytes, file_name: str = "1a_absence_3term_school.csv"
) -> FileRejected:
    with pytest.raises(FileRejected) as info:
        parse_absence(data, file_name=file_name)
    return info.value


# ---- the fixtures are the verbatim headers ---------------------------------------------


def test_fixture_headers_have_the_documented_sizes():
    assert len(HEADERS["absence"]) == 80
    assert len(HEADERS["absence_older"]) == 74
    assert (
        "trust" in HEADERS["absence_older"]
        and "num_schools" in HEADERS["absence_older"]
    )
    assert "trust_name" in HEADERS["absence"]
    assert {"year_breakdown", "num_schools"} <= set(HEADERS["absence_national_la"])
    assert "school_urn" not in HEADERS["absence_national_la"]


# ---- the school file -------------------------------------------------------------------


def test_current_release_gives_the_five_measures_for_each_school_phase_and_year():
    f = parse_absence(
        build_ees_csv(
            "absence",
            [
                absence_school("100001"),
                absence_school("100001", "202223", sess_overall_percent="5.2"),
                absence_school("100002", phase="Special"),
            ],
        ),
        file_name="1a_absence_3term_school_final.csv",
    )
    assert (f.source, f.layout, f.release) == ("absence", "ees", "final")
    assert f.file_name == "1a_absence_3term_school_final.csv" and len(f.sha256) == 64
    assert f.rows == 3 and f.years == ["2022/23", "2023/24"]
    assert f.skipped == {} and f.warnings == []
    assert len(f.records) == 15

    latest = {
        r.indicator: r
        for r in f.records
        if r.code == "100001" and r.academic_year == "2023/24"
    }
    assert set(latest) == set(MEASURES)
    overall = latest["abs_overall_pct"]
    assert (overall.level, overall.code, overall.la_code, overall.phase) == (
        SCHOOL,
        "100001",
        "989",
        "primary",
    )
    assert (overall.line, overall.column) == (2, "sess_overall_percent")
    assert overall.coded.value == Decimal("6.0") and overall.coded.status == VALUE
    assert {code: r.coded.raw for code, r in latest.items()} == {
        "abs_overall_pct": "6.0",
        "abs_authorised_pct": "4.5",
        "abs_unauthorised_pct": "1.5",
        "abs_persistent_pct": "18.1",
        "abs_severe_pct": "0.9",
    }
    assert {code: r.column for code, r in latest.items()} == MEASURES

    earlier = [r for r in f.records if r.academic_year == "2022/23"]
    assert {r.line for r in earlier} == {3}
    assert next(
        r for r in earlier if r.indicator == "abs_overall_pct"
    ).coded.value == Decimal("5.2")
    special = by_indicator(f, "100002")["abs_overall_pct"]
    assert (special.phase, special.line) == ("special", 4)


def test_older_release_with_trust_and_num_schools_reads_the_same_values():
    rows = [absence_school("100001"), absence_school("100002", phase="Special")]
    current = parse_absence(build_ees_csv("absence", rows))
    older = parse_absence(build_ees_csv("absence_older", rows))
    assert older.layout == "ees" and older.warnings == []
    assert [(r.code, r.indicator, r.coded) for r in older.records] == [
        (r.code, r.indicator, r.coded) for r in current.records
    ]


def test_a_measure_column_missing_from_an_older_release_is_one_warning_naming_it():
    data = build_ees_csv(
        "absence_older",
        [absence_school("100001"), absence_school("100002")],
        drop=("enrolments_pa_50_exact_percent",),
    )
    f = parse_absence(data)
    [warning] = f.warnings
    assert warning.column == "enrolments_pa_50_exact_percent"
    assert "enrolments_pa_50_exact_percent" in str(warning)
    assert "Severe absence" in warning.message
    assert "abs_severe_pct" not in {r.indicator for r in f.records}
    assert len(f.records) == 8


def test_a_path_is_read_and_named_by_its_file_name(tmp_path: Path):
    path = tmp_path / "1a_absence_3term_school_revised.csv"
    path.write_bytes(build_ees_csv("absence", [absence_school()]))
    f = parse_absence(path)
    assert (f.file_name, f.release) == (path.name, "revised")


@pytest.mark.parametrize(
    ("written", "status", "value"),
    [
        ("6.0", VALUE, Decimal("6.0")),
        ("0", VALUE, Decimal("0")),
        ("12.3%", VALUE, Decimal("12.3")),
        ("x", NOT_AVAILABLE, None),
        ("z", NOT_APPLICABLE, None),
        ("c", SUPPRESSED, None),
        ("low", LOW, None),
        ("", NOT_AVAILABLE, None),
        ("SUPP", SUPPRESSED, None),
        ("NP", NOT_AVAILABLE, None),
    ],
)
def test_each_marker_keeps_its_status_and_is_never_zero(written, status, value):
    f = parse_absence(
        build_ees_csv("absence", [absence_school(sess_overall_percent=written)])
    )
    coded = by_indicator(f)["abs_overall_pct"].coded
    assert (coded.raw, coded.status, coded.value) == (written, status, value)


@pytest.mark.parametrize(
    ("written", "phase"),
    [
        ("State-funded primary", "primary"),
        ("State-funded secondary", "secondary"),
        ("Special", "special"),
        ("State-funded special", "special"),
        ("Total", "total"),
        ("Primary", "primary"),
        ("Secondary", "secondary"),
        ("state-funded PRIMARY", "primary"),
    ],
)
def test_education_phase_is_mapped(written, phase):
    f = parse_absence(build_ees_csv("absence", [absence_school(phase=written)]))
    assert {r.phase for r in f.records} == {phase}


def test_a_phase_without_a_place_is_counted_and_left_out():
    f = parse_absence(
        build_ees_csv(
            "absence",
            [
                absence_school("100001"),
                absence_school("100002", phase="State-funded AP school"),
            ],
        )
    )
    assert {r.code for r in f.records} == {"100001"}
    assert f.skipped == {"rows for phase 'State-funded AP school' (not stored)": 1}


def test_a_blank_phase_is_a_problem_naming_the_accepted_values():
    error = rejected(build_ees_csv("absence", [absence_school(phase="")]))
    [problem] = error.problems
    assert (problem.line, problem.column, problem.value, problem.key) == (
        2,
        "education_phase",
        "",
        "100001",
    )
    assert "'State-funded primary'" in problem.message and "'Total'" in problem.message


def test_an_all_through_school_has_a_row_per_phase():
    f = parse_absence(
        build_ees_csv(
            "absence",
            [
                absence_school(phase="State-funded primary", all_through="1"),
                absence_school(phase="State-funded secondary", all_through="1"),
            ],
        )
    )
    assert {r.phase for r in f.records} == {"primary", "secondary"}


def test_term_rows_are_skipped_and_counted():
    f = parse_absence(
        build_ees_csv(
            "absence",
            [
                absence_school("100001"),
                absence_school("100002", time_identifier="Autumn term"),
                absence_school("100003", time_identifier="Autumn and spring term"),
            ],
        )
    )
    assert {r.code for r in f.records} == {"100001"}
    assert f.skipped == {"term rows": 2}
    assert f.rows == 3


def test_the_school_la_comes_from_the_laestab_when_old_la_code_is_blank():
    f = parse_absence(
        build_ees_csv(
            "absence", [absence_school(old_la_code="", school_laestab="8882001")]
        )
    )
    assert {r.la_code for r in f.records} == {"888"}


def test_columns_are_found_whatever_their_case_and_a_bom_is_ignored():
    data = build_ees_csv(
        "absence",
        [absence_school()],
        rename={
            "time_period": "Time_Period",
            "sess_overall_percent": "SESS_OVERALL_PERCENT",
        },
        bom=True,
        line_ending="\r\n",
    )
    f = parse_absence(data)
    overall = by_indicator(f)["abs_overall_pct"]
    assert overall.academic_year == "2023/24"
    assert overall.column == "SESS_OVERALL_PERCENT"  # as in the header


def test_the_release_argument_wins_over_the_file_name_and_is_checked():
    data = build_ees_csv("absence", [absence_school()])
    assert parse_absence(
        data, file_name="x_final.csv", release="provisional"
    ).release == ("provisional")
    assert parse_absence(data, file_name="x_final.csv", release="Revised").release == (
        "revised"
    )
    assert parse_absence(data, file_name="x.csv").release is None
    assert parse_absence(data).release is None
    with pytest.raises(ValueError, match="release must be one of"):
        parse_absence(data, release="draft")


# ---- the national / regional / LA file ---------------------------------------------------


def test_national_la_file_gives_la_and_england_rows_and_skips_regions_and_year_groups():
    f = parse_absence(
        build_ees_csv(
            "absence_national_la",
            [
                absence_area("National", sess_overall_percent="7.1"),
                absence_area("Regional", sess_overall_percent="7.3"),
                absence_area("Local authority", la_code="989"),
                absence_area(
                    "Local authority", la_code="888", phase="State-funded primary"
                ),
                absence_area("Local authority", la_code="989", year_breakdown="Year 7"),
                absence_area("Local authority district", la_code="989"),
            ],
        ),
        file_name="1_absence_3term_nat_reg_la.csv",
    )
    assert f.layout == "ees_national_la"
    assert f.skipped == {
        "Regional rows": 1,
        "year_breakdown rows other than 'Total'": 1,
        "Local authority district rows": 1,
    }
    england = {r.indicator: r for r in f.records if r.level == NATIONAL}
    assert set(england) == set(MEASURES)
    assert (england["abs_overall_pct"].code, england["abs_overall_pct"].la_code) == (
        "",
        "",
    )
    assert england["abs_overall_pct"].coded.value == Decimal("7.1")
    assert england["abs_overall_pct"].phase == "total"
    las = {(r.code, r.phase) for r in f.records if r.level == LA}
    assert las == {("989", "total"), ("888", "primary")}
    assert {r.la_code for r in f.records if r.level == LA} == {""}
    assert {r.level for r in f.records} == {LA, NATIONAL}


def test_an_la_row_needs_a_three_digit_la_code():
    error = rejected(
        build_ees_csv("absence_national_la", [absence_area(old_la_code="98")])
    )
    [problem] = error.problems
    assert (problem.line, problem.column, problem.value) == (2, "old_la_code", "98")


def test_la_rows_in_a_file_without_old_la_code_are_rejected_naming_the_column():
    error = rejected(
        build_ees_csv(
            "absence_national_la",
            [absence_area("National"), absence_area(), absence_area()],
            drop=("old_la_code",),
        )
    )
    [problem] = error.problems
    assert (problem.line, problem.column) == (1, "old_la_code")
    assert "2 'Local authority' rows (the first on line 3)" in problem.message


def test_a_file_of_only_england_rows_needs_neither_urn_nor_la_code():
    f = parse_absence(
        build_ees_csv(
            "absence_national_la",
            [absence_area("National")],
            drop=("old_la_code", "new_la_code", "la_name"),
        )
    )
    assert {r.level for r in f.records} == {NATIONAL}


# ---- rejections ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "column",
    [
        "time_period",
        "time_identifier",
        "geographic_level",
        "education_phase",
        "sess_overall_percent",
    ],
)
def test_a_missing_required_column_rejects_the_file_naming_it(column):
    error = rejected(build_ees_csv("absence", [absence_school()], drop=(column,)))
    [problem] = error.problems
    assert (problem.line, problem.column) == (1, column)
    assert f"required column '{column}' is missing" in problem.message


def test_school_rows_without_a_school_urn_column_are_rejected_naming_it():
    error = rejected(build_ees_csv("absence", [absence_school()], drop=("school_urn",)))
    [problem] = error.problems
    assert (problem.line, problem.column) == (1, "school_urn")
    assert "1 'School' rows (the first on line 2)" in problem.message


def test_an_exclusions_file_given_as_absence_says_what_it_looks_like():
    error = rejected(build_ees_csv("exclusions", [exclusions_school()]))
    [problem] = error.problems
    assert problem.column == "sess_overall_percent"
    assert "looks like EES suspensions and permanent exclusions" in problem.message


def test_a_bad_value_is_rejected_with_line_column_value_and_urn():
    error = rejected(
        build_ees_csv(
            "absence",
            [
                absence_school("100001"),
                absence_school("100002", sess_authorised_percent="4,5"),
            ],
        )
    )
    [problem] = error.problems
    assert (problem.line, problem.column, problem.value, problem.key) == (
        3,
        "sess_authorised_percent",
        "4,5",
        "100002",
    )
    assert "expected a percentage or one of the markers" in problem.message
    assert "found '4,5'" in problem.message
    assert str(problem).startswith("line 3, column 'sess_authorised_percent'")


def test_every_bad_cell_of_the_file_is_reported():
    error = rejected(
        build_ees_csv(
            "absence",
            [
                absence_school("100001", sess_overall_percent="n/a"),
                absence_school("100002"),
                absence_school(
                    "100003",
                    sess_unauthorised_percent="-",
                    enrolments_pa_10_exact_percent="?",
                ),
                absence_school("ABC", sess_overall_percent="bad"),
                absence_school("100004", "2023-24"),
                absence_school("100005", "202325"),
                absence_school("100006", geographic_level=""),
            ],
        )
    )
    found = [(p.line, p.column, p.value) for p in error.problems]
    assert found == [
        (2, "sess_overall_percent", "n/a"),
        (4, "sess_unauthorised_percent", "-"),
        (4, "enrolments_pa_10_exact_percent", "?"),
        (5, "school_urn", "ABC"),
        (5, "sess_overall_percent", "bad"),
        (6, "time_period", "2023-24"),
        (7, "time_period", "202325"),
        (8, "geographic_level", ""),
    ]
    assert error.problems[5].key == "100004"
    assert "six digits" in error.problems[5].message


def test_a_duplicate_row_names_the_first_line():
    error = rejected(
        build_ees_csv(
            "absence",
            [
                absence_school("100001"),
                absence_school(
                    "100001", phase="State-funded secondary"
                ),  # not a duplicate
                absence_school("100001", "202223"),  # nor this
                absence_school("100001"),
            ],
        )
    )
    [problem] = error.problems
    assert (problem.line, problem.column, problem.key) == (5, "school_urn", "100001")
    assert "already on line 2" in problem.message


def test_a_duplicate_england_row_is_a_problem_too():
    error = rejected(
        build_ees_csv(
            "absence_national_la", [absence_area("National"), absence_area("National")]
        )
    )
    [problem] = error.problems
    assert problem.line == 3 and "England, 2023/24" in problem.message


def test_windows_1252_bytes_are_not_utf8_and_are_rejected_on_their_line():
    data = build_ees_csv("absence", [absence_school()]).replace(
        b"Test Primary", b"Test Prim\xe0ry"
    )
    error = rejected(data)
    assert error.problems[0].line == 2
    assert "not valid UTF-8" in error.problems[0].message
