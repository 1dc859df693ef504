"""KS2 performance tables: the CSCP england_ks2final.csv and the EES long file to
indicator records, every marker kept as a status, every problem listed. Pure parsing:
no database."""

from __future__ import annotations

import csv
import gc
from decimal import Decimal

import pytest

from school_improvement.data.imports.coded import (
    LA,
    LOW,
    LOW_COVERAGE,
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
from school_improvement.data.imports.ks2 import parse_ks2
from tests.conftest import REAL_DATA
from tests.performance_files import (
    KS2_CSCP,
    KS2_CSCP_2017,
    KS2_CSCP_2024,
    KS2_EES,
    KS2_SUBJECTS,
    build_ks2_cscp,
    build_ks2_ees,
    build_ks4_cscp,
    ks2_cscp_la,
    ks2_cscp_national,
    ks2_cscp_school,
    ks2_ees_row,
    ks2_ees_school,
    ks4_cscp_school,
)

CSCP_NAME = "2022-2023_england_ks2final.csv"
EES_NAME = "ks2_school_attainment_data.csv"


def values(f: IndicatorFile, code: str = "100001", **where: str) -> dict[str, object]:
    """indicator -> Decimal value (or status when not a value) for one key."""
    out: dict[str, object] = {}
    for r in f.records:
        if r.code == code and all(getattr(r, k) == v for k, v in where.items()):
            out[r.indicator] = r.coded.value if r.coded.is_value else r.coded.status
    return out


def record(f: IndicatorFile, indicator: str, code: str = "100001") -> IndicatorRecord:
    [found] = [r for r in f.records if r.indicator == indicator and r.code == code]
    return found


def rejected(data: bytes, name: str = CSCP_NAME, **kwargs: str) -> FileRejected:
    with pytest.raises(FileRejected) as info:
        parse_ks2(data, file_name=name, **kwargs)
    return info.value


# ---- the fixtures are the verbatim headers ---------------------------------------------


def test_fixture_headers_come_from_the_real_dictionary_and_the_verbatim_list():
    assert len(KS2_CSCP_2017) == 290  # FieldName rows of dfe_ks2_meta_2017.csv
    assert "PTREAD_HIGH" in KS2_CSCP_2017  # written "PTREAD_HIGH\n" there: stripped
    assert len(KS2_CSCP) == 294  # + LAESTAB and the three *_DESCR bands
    assert not {"READPROG", "WRITPROG", "MATPROG", "READPROG_DESCR"} & set(
        KS2_CSCP_2024
    )
    assert KS2_EES[:3] == ["time_period", "time_identifier", "geographic_level"]
    assert len(KS2_EES) == 23


# ---- CSCP england_ks2final.csv -----------------------------------------------------------


def test_cscp_school_row_gives_every_measure_with_percent_signs_removed():
    f = parse_ks2(build_ks2_cscp([ks2_cscp_school()]), file_name=CSCP_NAME)
    assert (f.source, f.layout, f.release, f.years, f.rows) == (
        "ks2",
        "cscp",
        "final",
        ["2022/23"],
        1,
    )
    assert f.file_name == CSCP_NAME and len(f.sha256) == 64
    assert f.warnings == [] and f.skipped == {}
    assert values(f) == {
        "ks2_cohort": Decimal(30),
        "ks2_rwm_expected": Decimal(65),
        "ks2_rwm_higher": Decimal(10),
        "ks2_read_expected": Decimal(75),
        "ks2_writ_expected": Decimal(71),
        "ks2_mat_expected": Decimal(73),
        "ks2_gps_expected": Decimal(72),
        "ks2_read_higher": Decimal(28),
        "ks2_writ_higher": Decimal(13),
        "ks2_mat_higher": Decimal(24),
        "ks2_read_average": Decimal(105),
        "ks2_mat_average": Decimal(104),
        "ks2_gps_average": Decimal(106),
        "ks2_read_progress": Decimal("0.3"),
        "ks2_writ_progress": Decimal("-1.2"),
        "ks2_mat_progress": Decimal("2.45"),
        "ks2_read_progress_band": Decimal(3),
        "ks2_writ_progress_band": Decimal(4),
        "ks2_mat_progress_band": Decimal(1),
    }
    rwm = record(f, "ks2_rwm_expected")
    assert (rwm.level, rwm.la_code, rwm.academic_year, rwm.phase) == (
        SCHOOL,
        "873",
        "2022/23",
        "",
    )
    assert (rwm.line, rwm.column, rwm.coded.raw) == (2, "PTRWM_EXP", "65%")


def test_greater_depth_in_writing_is_ptwritta_high_not_the_absent_or_disapplied_column():
    with (REAL_DATA / "dfe_ks2_meta_2017.csv").open(encoding="utf-8", newline="") as fh:
        labels = {row[1].strip(): row[2] for row in csv.reader(fh)}
    assert "absent or disapplied" in labels["PTWRITTA_AD"]
    assert "greater depth" in labels["PTWRITTA_HIGH"]

    row = ks2_cscp_school(PTWRITTA_HIGH="13%", PTWRITTA_AD="2%")
    f = parse_ks2(build_ks2_cscp([row]), file_name=CSCP_NAME)
    higher = record(f, "ks2_writ_higher")
    assert (higher.column, higher.coded.value) == ("PTWRITTA_HIGH", Decimal(13))


def test_schools_las_and_england_are_classified_by_rectype_and_rectype_7_is_skipped():
    rows = [
        ks2_cscp_school("100001", rectype="1"),
        ks2_cscp_school("100002", lea="874", rectype="2"),
        ks2_cscp_la("873"),
        ks2_cscp_national("5"),
        ks2_cscp_national("7"),
    ]
    f = parse_ks2(build_ks2_cscp(rows), file_name=CSCP_NAME)
    keys = {(r.level, r.code, r.la_code, r.line) for r in f.records}
    assert keys == {
        (SCHOOL, "100001", "873", 2),
        (SCHOOL, "100002", "874", 3),
        (LA, "873", "", 4),
        (NATIONAL, "", "", 5),
    }
    assert f.skipped == {"England (maintained schools only) rows": 1}
    assert f.rows == 5
    assert values(f, "873", level=LA)["ks2_cohort"] == Decimal(5000)
    assert values(f, "", level=NATIONAL)["ks2_cohort"] == Decimal(600000)


def test_an_unknown_rectype_is_rejected_with_line_column_value_and_the_codes():
    rows = [ks2_cscp_school(), ks2_cscp_school("100002", rectype="3")]
    problem = rejected(build_ks2_cscp(rows)).problems[0]
    assert (problem.line, problem.column, problem.value, problem.key) == (
        3,
        "RECTYPE",
        "3",
        "100002",
    )
    assert "found '3'" in problem.message
    for code in ("1 (mainstream school)", "2 (special school)", "4 (local authority)"):
        assert code in problem.message
    assert "5 (England, all schools)" in problem.message
    assert "7 (England, maintained schools only)" in problem.message


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("SUPP", SUPPRESSED),
        ("RE", SUPPRESSED),
        ("NE", NOT_AVAILABLE),
        ("NP", NOT_AVAILABLE),
        ("NEW", NOT_AVAILABLE),
        ("UNAVAIL", NOT_AVAILABLE),
        ("", NOT_AVAILABLE),
        ("LOWCOV", LOW_COVERAGE),
        ("NA", NOT_APPLICABLE),
        ("SP", LOW),
    ],
)
def test_every_cscp_marker_is_kept_with_its_status_never_as_zero(raw, status):
    row = ks2_cscp_school(PTRWM_EXP=raw, READPROG=raw, READPROG_DESCR=raw)
    f = parse_ks2(build_ks2_cscp([row]), file_name=CSCP_NAME)
    for indicator in (
        "ks2_rwm_expected",
        "ks2_read_progress",
        "ks2_read_progress_band",
    ):
        coded = record(f, indicator).coded
        assert (coded.raw, coded.value, coded.status) == (raw, None, status)


@pytest.mark.parametrize(
    ("raw", "band"), [("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5)]
)
def test_progress_band_codes_are_bands_1_to_5(raw, band):
    f = parse_ks2(
        build_ks2_cscp([ks2_cscp_school(MATPROG_DESCR=raw)]), file_name=CSCP_NAME
    )
    coded = record(f, "ks2_mat_progress_band").coded
    assert (coded.value, coded.status) == (Decimal(band), VALUE)


@pytest.mark.parametrize("raw", ["0", "6", "2.5", "Average", "54%"])
def test_a_progress_band_that_is_not_1_to_5_or_a_marker_is_rejected(raw):
    problem = rejected(build_ks2_cscp([ks2_cscp_school(WRITPROG_DESCR=raw)])).problems[
        0
    ]
    assert (problem.line, problem.column, problem.value) == (2, "WRITPROG_DESCR", raw)
    assert "progress band" in problem.message


def test_a_bad_value_is_rejected_with_line_column_value_and_urn():
    rows = [ks2_cscp_school(), ks2_cscp_school("100002", READ_AVERAGE="105.x")]
    error = rejected(build_ks2_cscp(rows))
    [problem] = error.problems
    assert (problem.line, problem.column, problem.value, problem.key) == (
        3,
        "READ_AVERAGE",
        "105.x",
        "100002",
    )
    assert "expected a number or one of the markers" in problem.message
    assert "found '105.x'" in problem.message
    assert str(error).startswith(f"{CSCP_NAME}: line 3, column 'READ_AVERAGE'")


def test_every_bad_cell_is_reported_not_just_the_first():
    rows = [
        ks2_cscp_school("100001", PTRWM_EXP="abc", MAT_AVERAGE="1O4"),
        ks2_cscp_school("10000X"),
        ks2_cscp_school("100003", lea="87", TELIG="thirty"),
        ks2_cscp_la("8731"),
        ks2_cscp_school("100001"),
    ]
    problems = rejected(build_ks2_cscp(rows)).problems
    found = [(p.line, p.column, p.value) for p in problems]
    assert found == [
        (2, "PTRWM_EXP", "abc"),
        (2, "MAT_AVERAGE", "1O4"),
        (3, "URN", "10000X"),
        (4, "LEA", "87"),
        (5, "LEA", "8731"),
        (6, "URN", "100001"),
    ]
    assert "a percentage" in problems[0].message
    assert "already on line 2" in problems[-1].message


def test_a_percent_sign_is_only_accepted_in_percentage_columns():
    problem = rejected(build_ks2_cscp([ks2_cscp_school(GPS_AVERAGE="106%")])).problems[
        0
    ]
    assert (problem.column, problem.value) == ("GPS_AVERAGE", "106%")


def test_a_duplicate_la_or_england_row_names_the_first_line():
    rows = [ks2_cscp_national(), ks2_cscp_la(), ks2_cscp_la(), ks2_cscp_national()]
    problems = rejected(build_ks2_cscp(rows)).problems
    assert [(p.line, p.message) for p in problems] == [
        (4, "duplicate row: LA 873 is already on line 3"),
        (5, "duplicate row: England is already on line 2"),
    ]


@pytest.mark.parametrize("column", ["RECTYPE", "URN", "LEA", "PTRWM_EXP"])
def test_a_missing_key_column_is_rejected_on_line_1_naming_it(column):
    [problem] = rejected(build_ks2_cscp([ks2_cscp_school()], drop=[column])).problems
    assert (problem.line, problem.column) == (1, column)
    assert f"required column '{column}' is missing" in problem.message


def test_the_year_comes_from_the_argument_else_the_file_name():
    data = build_ks2_cscp([ks2_cscp_school()])
    assert parse_ks2(data, file_name="2018-2019_england_ks2final.csv").years == [
        "2018/19"
    ]
    assert parse_ks2(data, file_name="x_201718.csv").years == ["2017/18"]
    given = parse_ks2(data, file_name=CSCP_NAME, academic_year="2021-22")
    assert given.years == ["2021/22"]
    assert {r.academic_year for r in given.records} == {"2021/22"}
    [warning] = given.warnings
    assert warning.message == (
        "the file name says 2022/23 but the year given, 2021/22, was used"
    )
    assert parse_ks2(data, file_name="ks2.csv", academic_year="202122").warnings == []


def test_a_file_without_a_year_is_rejected_telling_the_user_to_give_it():
    [problem] = rejected(
        build_ks2_cscp([ks2_cscp_school()]), name="england_ks2final.csv"
    ).problems
    assert "--year 2023/24" in problem.message
    assert "2022-2023_england_ks2final.csv" in problem.message


def test_a_malformed_year_or_release_argument_is_a_value_error():
    data = build_ks2_cscp([ks2_cscp_school()])
    with pytest.raises(ValueError, match="2023/24"):
        parse_ks2(data, file_name=CSCP_NAME, academic_year="2023/25")
    with pytest.raises(ValueError, match="provisional, revised, final"):
        parse_ks2(data, file_name=CSCP_NAME, release="draft")


@pytest.mark.parametrize(
    ("name", "release", "expected"),
    [
        ("2022-2023_england_ks2final.csv", None, "final"),
        ("2022-2023_england_ks2revised.csv", None, "revised"),
        ("2022-2023_england_ks2provisional.csv", None, "provisional"),
        ("2022-2023_england_ks2.csv", None, None),
        ("2022-2023_england_ks2final.csv", "Revised", "revised"),
    ],
)
def test_release_from_the_argument_else_the_file_name(name, release, expected):
    data = build_ks2_cscp([ks2_cscp_school()])
    assert parse_ks2(data, file_name=name, release=release).release == expected


def test_a_bom_is_stripped_from_the_first_header_name():
    data = build_ks2_cscp([ks2_cscp_school()], bom=True)
    assert data.startswith(b"\xef\xbb\xbfRECTYPE,")
    f = parse_ks2(data, file_name=CSCP_NAME)
    assert values(f)["ks2_rwm_expected"] == Decimal(65)


def test_headers_are_found_case_insensitively_and_reported_as_written():
    data = build_ks2_cscp(
        [ks2_cscp_school()], rename={"PTRWM_EXP": "ptrwm_exp", "RECTYPE": "RecType"}
    )
    f = parse_ks2(data, file_name=CSCP_NAME)
    assert record(f, "ks2_rwm_expected").column == "ptrwm_exp"


def test_the_real_2016_17_dictionary_header_is_read_and_the_missing_bands_warned():
    header = [*KS2_CSCP_2017, "LAESTAB"]
    data = build_ks2_cscp([ks2_cscp_school()], header=header)
    f = parse_ks2(data, file_name="2016-2017_england_ks2final.csv")
    found = values(f)
    assert found["ks2_rwm_expected"] == Decimal(65)
    assert found["ks2_writ_higher"] == Decimal(13)
    assert found["ks2_read_progress"] == Decimal("0.3")
    assert len(found) == 16  # every measure but the three bands
    [warning] = f.warnings
    for column in ("READPROG_DESCR", "WRITPROG_DESCR", "MATPROG_DESCR"):
        assert column in warning.message
    assert "ks2_read_progress_band" in warning.message


def test_a_2023_24_file_has_no_progress_columns_and_that_is_not_warned_about():
    data = build_ks2_cscp([ks2_cscp_school()], header=KS2_CSCP_2024)
    f = parse_ks2(data, file_name="2023-2024_england_ks2final.csv")
    assert f.warnings == []
    assert len(values(f)) == 13
    assert not [r for r in f.records if "progress" in r.indicator]


def test_a_2022_23_file_without_a_measure_column_warns_once_naming_the_columns():
    data = build_ks2_cscp([ks2_cscp_school()], drop=["READPROG", "GPS_AVERAGE"])
    f = parse_ks2(data, file_name=CSCP_NAME)
    [warning] = f.warnings
    assert "READPROG (ks2_read_progress)" in warning.message
    assert "GPS_AVERAGE (ks2_gps_average)" in warning.message
    assert "ks2_gps_average" not in values(f)


def test_a_file_of_neither_layout_is_rejected_on_line_1_saying_what_was_expected():
    [problem] = rejected(b"URN,Name\r\n100001,x\r\n").problems
    assert problem.line == 1
    assert "not a KS2 performance tables file" in problem.message
    assert "RECTYPE, URN, LEA and PTRWM_EXP" in problem.message
    assert "breakdown_topic" in problem.message


def test_a_ks4_file_given_as_ks2_is_rejected_saying_what_it_looks_like():
    problem = rejected(build_ks4_cscp([ks4_cscp_school()])).problems[0]
    assert problem.column == "PTRWM_EXP"
    assert "looks like a KS4 performance tables file" in problem.message


# ---- EES ks2_school_attainment_data.csv ----------------------------------------------------


def test_ees_subjects_give_only_their_own_measures():
    rows = ks2_ees_school(
        expected_standard_pupil_percent="61",
        higher_standard_pupil_percent="8",
        average_scaled_score="104.6",
        progress_measure_score="z",
        progress_measure_description="z",
    )
    f = parse_ks2(build_ks2_ees(rows), file_name=EES_NAME)
    assert (f.source, f.layout, f.release, f.years, f.rows) == (
        "ks2",
        "ees_long",
        "final",
        ["2024/25"],
        5,
    )
    assert f.warnings == []
    assert values(f) == {
        "ks2_rwm_expected": Decimal(61),
        "ks2_rwm_higher": Decimal(8),
        "ks2_read_expected": Decimal(61),
        "ks2_read_higher": Decimal(8),
        "ks2_read_average": Decimal("104.6"),
        "ks2_read_progress": NOT_APPLICABLE,
        "ks2_read_progress_band": NOT_APPLICABLE,
        "ks2_writ_expected": Decimal(61),
        "ks2_writ_higher": Decimal(8),
        "ks2_writ_progress": NOT_APPLICABLE,
        "ks2_writ_progress_band": NOT_APPLICABLE,
        "ks2_mat_expected": Decimal(61),
        "ks2_mat_higher": Decimal(8),
        "ks2_mat_average": Decimal("104.6"),
        "ks2_mat_progress": NOT_APPLICABLE,
        "ks2_mat_progress_band": NOT_APPLICABLE,
        "ks2_gps_expected": Decimal(61),
        "ks2_gps_average": Decimal("104.6"),
    }
    gps = record(f, "ks2_gps_average")
    assert (gps.level, gps.la_code, gps.line, gps.column, gps.academic_year) == (
        SCHOOL,
        "873",  # the first three digits of school_laestab
        6,
        "average_scaled_score",
        "2024/25",
    )


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("c", SUPPRESSED),
        ("z", NOT_APPLICABLE),
        ("x", NOT_AVAILABLE),
        ("low", LOW),
        ("", NOT_AVAILABLE),
        ("SUPP", SUPPRESSED),
    ],
)
def test_every_ees_marker_is_kept_with_its_status(raw, status):
    row = ks2_ees_row("Maths", expected_standard_pupil_percent=raw)
    f = parse_ks2(build_ks2_ees([row]), file_name=EES_NAME)
    coded = record(f, "ks2_mat_expected").coded
    assert (coded.raw, coded.value, coded.status) == (raw, None, status)


def test_ees_percentages_may_carry_a_percent_sign():
    row = ks2_ees_row("Reading", expected_standard_pupil_percent="54%")
    f = parse_ks2(build_ks2_ees([row]), file_name=EES_NAME)
    assert record(f, "ks2_read_expected").coded.value == Decimal(54)


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("Well above average", 1),
        ("Above average", 2),
        ("Average", 3),
        ("Below average", 4),
        ("well below  average", 5),
    ],
)
def test_progress_descriptions_are_bands(text, band):
    row = ks2_ees_row(
        "Writing",
        time_period="202223",
        progress_measure_score="-1.5",
        progress_measure_description=text,
    )
    f = parse_ks2(build_ks2_ees([row]), file_name=EES_NAME)
    assert values(f)["ks2_writ_progress"] == Decimal("-1.5")
    coded = record(f, "ks2_writ_progress_band").coded
    assert (coded.raw, coded.value, coded.status) == (text, Decimal(band), VALUE)


def test_an_unknown_progress_description_is_rejected():
    row = ks2_ees_row("Reading", progress_measure_description="Sufficient")
    [problem] = rejected(build_ks2_ees([row]), name=EES_NAME).problems
    assert (problem.line, problem.column, problem.value, problem.key) == (
        2,
        "progress_measure_description",
        "Sufficient",
        "100001",
    )
    assert "'Well above average'" in problem.message


def test_breakdown_and_term_rows_are_skipped_and_counted():
    rows = [
        *ks2_ees_school(),
        ks2_ees_row("Reading", breakdown_topic="Sex", breakdown="Boys"),
        ks2_ees_row("Reading", breakdown_topic="Sex", breakdown="Girls"),
        ks2_ees_row("Reading", breakdown="Disadvantaged"),
        ks2_ees_row("Reading", breakdown_topic="Average (2023 to 2025)"),
        ks2_ees_row("Reading", time_identifier="Spring term"),
    ]
    f = parse_ks2(build_ks2_ees(rows), file_name=EES_NAME)
    assert f.skipped == {"breakdown rows": 4, "term rows": 1}
    assert f.rows == 10
    assert {r.line for r in f.records} == {2, 3, 4, 5, 6}


def test_ees_school_la_and_national_rows_and_regional_skipped():
    rows = [
        ks2_ees_row("Maths"),
        ks2_ees_row("Maths", level="Local authority", old_la_code="873"),
        ks2_ees_row("Maths", level="National"),
        ks2_ees_row("Maths", level="Regional"),
    ]
    f = parse_ks2(build_ks2_ees(rows, la_columns=True), file_name=EES_NAME)
    keys = {(r.level, r.code, r.la_code) for r in f.records}
    assert keys == {(SCHOOL, "100001", "873"), (LA, "873", ""), (NATIONAL, "", "")}
    assert f.skipped == {"Regional rows": 1}


def test_an_la_row_without_old_la_code_is_a_problem():
    rows = [ks2_ees_row("Maths", level="Local authority")]
    [problem] = rejected(build_ks2_ees(rows), name=EES_NAME).problems
    assert problem.line == 2
    assert "old_la_code" in problem.message


def test_an_unknown_geographic_level_is_a_problem():
    rows = [ks2_ees_row("Maths", level="Parliamentary constituency")]
    [problem] = rejected(build_ks2_ees(rows), name=EES_NAME).problems
    assert (problem.column, problem.value) == (
        "geographic_level",
        "Parliamentary constituency",
    )


def test_one_file_can_hold_several_years():
    rows = [
        ks2_ees_row("Reading", time_period=period)
        for period in ("202223", "202324", "202425")
    ]
    f = parse_ks2(build_ks2_ees(rows), file_name=EES_NAME)
    assert f.years == ["2022/23", "2023/24", "2024/25"]
    assert len({r.academic_year for r in f.records}) == 3


def test_a_bad_time_period_and_every_other_bad_cell_are_reported():
    rows = [
        ks2_ees_row("Reading", time_period="2024/25"),
        ks2_ees_row("Maths", expected_standard_pupil_percent="sixty"),
        ks2_ees_row("Writing", higher_standard_pupil_percent="?", urn="100002"),
        ks2_ees_row("Writing", urn="URN1"),
        ks2_ees_row("Writing", school_laestab="87320"),
        ks2_ees_row("Maths"),
    ]
    problems = rejected(build_ks2_ees(rows), name=EES_NAME).problems
    assert [(p.line, p.column, p.value) for p in problems] == [
        (2, "time_period", "2024/25"),
        (3, "expected_standard_pupil_percent", "sixty"),
        (4, "higher_standard_pupil_percent", "?"),
        (5, "school_urn", "URN1"),
        (6, "school_laestab", "87320"),
        (7, "school_urn", "100001"),
    ]
    assert problems[-1].message == (
        "duplicate row: school 100001, 2024/25, subject 'Maths' is already on line 3"
    )


def test_unknown_subjects_are_skipped_counted_and_warned_about():
    rows = [ks2_ees_row("Reading"), ks2_ees_row("Science")]
    f = parse_ks2(build_ks2_ees(rows), file_name=EES_NAME)
    assert f.skipped == {"rows for other subjects": 1}
    assert any("'Science' (1 rows)" in w.message for w in f.warnings)


@pytest.mark.parametrize(
    "column",
    [
        "time_period",
        "geographic_level",
        "school_urn",
        "breakdown_topic",
        "breakdown",
        "subject",
        "expected_standard_pupil_percent",
    ],
)
def test_a_missing_ees_key_column_is_rejected_naming_it(column):
    data = build_ks2_ees(ks2_ees_school(), drop=[column])
    [problem] = rejected(data, name=EES_NAME).problems
    assert (problem.line, problem.column) == (1, column)


def test_missing_progress_columns_are_warned_about_only_for_years_that_had_progress():
    drop = ["progress_measure_score", "progress_measure_description"]
    f = parse_ks2(build_ks2_ees(ks2_ees_school(), drop=drop), file_name=EES_NAME)
    assert f.warnings == []
    older = ks2_ees_school(time_period="202223")
    f = parse_ks2(build_ks2_ees(older, drop=drop), file_name=EES_NAME)
    [warning] = f.warnings
    assert "progress_measure_score" in warning.message
    assert "progress_measure_description" in warning.message


def test_release_comes_from_the_version_column_when_every_row_agrees():
    rows = [ks2_ees_row(s, version="Provisional") for s in KS2_SUBJECTS]
    data = build_ks2_ees(rows)
    assert parse_ks2(data, file_name=EES_NAME).release == "provisional"
    assert parse_ks2(data, file_name=EES_NAME, release="final").release == (
        "provisional"
    )
    mixed = build_ks2_ees([ks2_ees_row("Reading"), ks2_ees_row("Maths", version="v2")])
    f = parse_ks2(mixed, file_name="ks2_revised.csv")
    assert f.release == "revised"
    assert any("do not agree on the release" in w.message for w in f.warnings)
    f = parse_ks2(mixed, file_name=EES_NAME, release="final")
    assert f.release == "final"


def test_a_year_argument_the_ees_file_does_not_hold_is_rejected():
    data = build_ks2_ees(ks2_ees_school())
    assert parse_ks2(data, file_name=EES_NAME, academic_year="2024/25").years == [
        "2024/25"
    ]
    [problem] = rejected(data, name=EES_NAME, academic_year="2023/24").problems
    assert "2023/24" in problem.message and "2024/25" in problem.message


def test_an_ees_file_with_a_bom_is_read():
    f = parse_ks2(build_ks2_ees(ks2_ees_school(), bom=True), file_name=EES_NAME)
    assert len(f.records) == 18


def test_the_garbage_collector_is_left_as_it_was_after_a_parse_or_a_rejection():
    good = build_ks2_cscp([ks2_cscp_school()])
    bad = build_ks2_cscp([ks2_cscp_school(TELIG="?")])
    assert gc.isenabled()
    parse_ks2(good, file_name=CSCP_NAME)
    assert gc.isenabled()
    rejected(bad)
    assert gc.isenabled()
    gc.disable()
    try:
        parse_ks2(good, file_name=CSCP_NAME)
        assert not gc.isenabled()
    finally:
        gc.enable()
