"""KS4 performance tables: CSCP england_ks4final.csv and the two EES school files
(2023/24 and 2024/25 names) to indicator records. Pure parsing: no database."""

from __future__ import annotations

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
from school_improvement.data.imports.ks4 import parse_ks4
from tests.performance_files import (
    KS4_CSCP,
    KS4_CSCP_2017,
    KS4_EES_202324,
    KS4_EES_202425,
    build_ks2_ees,
    build_ks4_cscp,
    build_ks4_ees_202324,
    build_ks4_ees_202425,
    ks2_ees_school,
    ks4_cscp_la,
    ks4_cscp_national,
    ks4_cscp_school,
    ks4_ees_202324_row,
    ks4_ees_202425_row,
)

CSCP_NAME = "2022-2023_england_ks4final.csv"
EES_2324 = "202324_performance_tables_schools_final.csv"
EES_2425 = "202425_performance_tables_schools_final.csv"

ALL = {
    "ks4_cohort",
    "ks4_att8",
    "ks4_p8",
    "ks4_p8_band",
    "ks4_engmath_4plus",
    "ks4_engmath_5plus",
    "ks4_ebacc_aps",
}


def values(f: IndicatorFile, code: str = "137001", **where: str) -> dict[str, object]:
    out: dict[str, object] = {}
    for r in f.records:
        if r.code == code and all(getattr(r, k) == v for k, v in where.items()):
            out[r.indicator] = r.coded.value if r.coded.is_value else r.coded.status
    return out


def record(
    f: IndicatorFile, indicator: str, code: str = "137001", **where: str
) -> IndicatorRecord:
    [found] = [
        r
        for r in f.records
        if r.indicator == indicator
        and r.code == code
        and all(getattr(r, k) == v for k, v in where.items())
    ]
    return found


def rejected(data: bytes, name: str = CSCP_NAME, **kwargs: str) -> FileRejected:
    with pytest.raises(FileRejected) as info:
        parse_ks4(data, file_name=name, **kwargs)
    return info.value


def test_fixture_headers_are_the_verbatim_lists():
    assert len(KS4_CSCP) == 515 and KS4_CSCP[-1] == "P8_BANDING"
    assert len(KS4_CSCP_2017) == 416  # 'Metafile heading' rows of the real 2016/17 meta
    assert len(KS4_EES_202324) == 157
    assert len(KS4_EES_202425) == 156
    assert "disadvantage" in KS4_EES_202324
    assert "disadvantage_status" in KS4_EES_202425


# ---- CSCP england_ks4final.csv -----------------------------------------------------------


def test_cscp_school_row_gives_every_measure():
    f = parse_ks4(build_ks4_cscp([ks4_cscp_school()]), file_name=CSCP_NAME)
    assert (f.source, f.layout, f.release, f.years, f.rows, f.warnings) == (
        "ks4",
        "cscp",
        "final",
        ["2022/23"],
        1,
        [],
    )
    assert values(f) == {
        "ks4_cohort": Decimal(180),
        "ks4_att8": Decimal("46.3"),
        "ks4_p8": Decimal("-0.12"),
        "ks4_p8_band": Decimal(3),
        "ks4_engmath_4plus": Decimal(68),
        "ks4_engmath_5plus": Decimal(47),
        "ks4_ebacc_aps": Decimal("4.12"),
    }
    basics = record(f, "ks4_engmath_5plus")
    assert (basics.level, basics.la_code, basics.line, basics.column) == (
        SCHOOL,
        "873",
        2,
        "PTL2BASICS_95",
    )
    assert (basics.coded.raw, basics.phase) == ("47%", "")


def test_cscp_rectypes_classify_rows_and_rectype_7_is_skipped():
    rows = [
        ks4_cscp_school("137001"),
        ks4_cscp_school("137002", rectype="2"),
        ks4_cscp_la("873"),
        ks4_cscp_national("5"),
        ks4_cscp_national("7"),
    ]
    f = parse_ks4(build_ks4_cscp(rows), file_name=CSCP_NAME)
    assert {(r.level, r.code, r.la_code) for r in f.records} == {
        (SCHOOL, "137001", "873"),
        (SCHOOL, "137002", "873"),
        (LA, "873", ""),
        (NATIONAL, "", ""),
    }
    assert f.skipped == {"England (maintained schools only) rows": 1}


@pytest.mark.parametrize("rectype", ["3", "", "School"])
def test_an_unknown_rectype_is_rejected(rectype):
    [problem] = rejected(build_ks4_cscp([ks4_cscp_school(rectype=rectype)])).problems
    assert (problem.line, problem.column, problem.value) == (2, "RECTYPE", rectype)
    assert "RECTYPE must be 1 (mainstream school)" in problem.message


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("SUPP", SUPPRESSED),
        ("NE", NOT_AVAILABLE),
        ("NP", NOT_AVAILABLE),
        ("LOWCOV", LOW_COVERAGE),
        ("NA", NOT_APPLICABLE),
        ("SP", LOW),
        ("RE", SUPPRESSED),
        ("", NOT_AVAILABLE),
    ],
)
def test_cscp_markers_keep_their_status(raw, status):
    row = ks4_cscp_school(P8MEA=raw, PTL2BASICS_94=raw, P8_BANDING=raw)
    f = parse_ks4(build_ks4_cscp([row]), file_name=CSCP_NAME)
    for indicator in ("ks4_p8", "ks4_engmath_4plus", "ks4_p8_band"):
        coded = record(f, indicator).coded
        assert (coded.raw, coded.value, coded.status) == (raw, None, status)


def test_every_bad_cscp_cell_is_reported_with_line_column_and_urn():
    rows = [
        ks4_cscp_school("137001", ATT8SCR="forty", P8_BANDING="7"),
        ks4_cscp_school("137002", PTL2BASICS_95="47 %%"),
        ks4_cscp_school(""),
    ]
    problems = rejected(build_ks4_cscp(rows)).problems
    assert [(p.line, p.column, p.value, p.key) for p in problems] == [
        (2, "ATT8SCR", "forty", "137001"),
        (2, "P8_BANDING", "7", "137001"),
        (3, "PTL2BASICS_95", "47 %%", "137002"),
        (4, "URN", "", None),
    ]


@pytest.mark.parametrize("column", ["RECTYPE", "URN", "LEA", "ATT8SCR"])
def test_a_missing_cscp_key_column_is_rejected_naming_it(column):
    [problem] = rejected(build_ks4_cscp([ks4_cscp_school()], drop=[column])).problems
    assert (problem.line, problem.column) == (1, column)
    assert f"'{column}'" in problem.message


def test_cscp_year_from_the_name_or_argument_and_rejected_without_either():
    data = build_ks4_cscp([ks4_cscp_school()], bom=True)
    assert parse_ks4(data, file_name="2018-2019_england_ks4final.csv").years == [
        "2018/19"
    ]
    f = parse_ks4(data, file_name="england_ks4provisional.csv", academic_year="2019/20")
    assert (f.years, f.release) == (["2019/20"], "provisional")
    [problem] = rejected(data, name="england_ks4final.csv").problems
    assert "--year" in problem.message
    assert "2022-2023_england_ks4final.csv" in problem.message


def test_the_real_2016_17_dictionary_header_is_read_and_the_missing_ebacc_aps_warned():
    assert "PTL2BASICS_94" in KS4_CSCP_2017
    assert "EBACCAPS" not in KS4_CSCP_2017 and "P8_BANDING" not in KS4_CSCP_2017
    data = build_ks4_cscp([ks4_cscp_school()], header=KS4_CSCP_2017)
    f = parse_ks4(data, file_name="2016-2017_england_ks4final.csv")
    assert set(values(f)) == ALL - {"ks4_ebacc_aps", "ks4_p8_band"}
    assert values(f)["ks4_engmath_4plus"] == Decimal(68)
    [warning] = f.warnings
    assert "EBACCAPS (ks4_ebacc_aps)" in warning.message
    assert "P8_BANDING" not in warning.message  # only some years have it


def test_a_cscp_file_without_ptl2basics_94_warns_and_reads_the_rest():
    data = build_ks4_cscp([ks4_cscp_school()], drop=["PTL2BASICS_94"])
    f = parse_ks4(data, file_name=CSCP_NAME)
    assert "ks4_engmath_4plus" not in values(f)
    assert "ks4_att8" in values(f)
    [warning] = f.warnings
    assert "PTL2BASICS_94" in warning.message


# ---- EES 2023/24 ---------------------------------------------------------------------------


def test_ees_2023_24_school_la_and_national_totals():
    rows = [
        ks4_ees_202324_row(),
        ks4_ees_202324_row(level="Local authority", t_pupils="4000"),
        ks4_ees_202324_row(level="National", t_pupils="600000"),
        ks4_ees_202324_row(level="Regional"),
    ]
    f = parse_ks4(build_ks4_ees_202324(rows), file_name=EES_2324)
    assert (f.layout, f.release, f.years, f.rows) == (
        "ees_2023_24",
        "final",
        ["2023/24"],
        4,
    )
    assert values(f) == {
        "ks4_cohort": Decimal(180),
        "ks4_att8": Decimal("46.3"),
        "ks4_p8": Decimal("-0.12"),
        "ks4_engmath_4plus": Decimal("68.3"),
        "ks4_engmath_5plus": Decimal("47.2"),
        "ks4_ebacc_aps": Decimal("4.12"),
    }
    assert record(f, "ks4_att8").la_code == "873"
    assert record(f, "ks4_att8").column == "avg_att8"
    assert values(f, "873", level=LA)["ks4_cohort"] == Decimal(4000)
    assert values(f, "", level=NATIONAL)["ks4_cohort"] == Decimal(600000)
    assert f.skipped == {"Regional rows": 1}
    assert f.warnings == []  # no banding column in 2023/24, and none expected


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("breakdown_topic", "Sex"),
        ("breakdown", "Boys"),
        ("sex", "Girls"),
        ("disadvantage", "Disadvantaged"),
        ("first_language", "Known or believed to be other than English"),
        ("prior_attainment", "Low"),
        ("mobility", "Non mobile"),
    ],
)
def test_ees_rows_that_are_not_school_totals_are_skipped(column, value):
    rows = [ks4_ees_202324_row(), ks4_ees_202324_row(**{column: value})]
    f = parse_ks4(build_ks4_ees_202324(rows), file_name=EES_2324)
    assert f.skipped == {"breakdown rows": 1}
    assert {r.line for r in f.records} == {2}


@pytest.mark.parametrize(
    ("raw", "status"),
    [("c", SUPPRESSED), ("z", NOT_APPLICABLE), ("x", NOT_AVAILABLE), ("low", LOW)],
)
def test_ees_markers_keep_their_status(raw, status):
    row = ks4_ees_202324_row(pt_l2basics_94=raw, avg_p8score=raw)
    f = parse_ks4(build_ks4_ees_202324([row]), file_name=EES_2324)
    for indicator in ("ks4_engmath_4plus", "ks4_p8"):
        coded = record(f, indicator).coded
        assert (coded.raw, coded.value, coded.status) == (raw, None, status)


@pytest.mark.parametrize(
    "column",
    [
        "time_period",
        "geographic_level",
        "school_urn",
        "breakdown_topic",
        "disadvantage",
        "mobility",
        "avg_att8",
    ],
)
def test_a_missing_ees_2023_24_key_column_is_rejected_naming_it(column):
    data = build_ks4_ees_202324([ks4_ees_202324_row()], drop=[column])
    [problem] = rejected(data, name=EES_2324).problems
    assert (problem.line, problem.column) == (1, column)


def test_every_bad_ees_cell_is_reported():
    rows = [
        ks4_ees_202324_row(avg_att8="n/a", pt_l2basics_95="101..2"),
        ks4_ees_202324_row("137002", time_period="2023"),
        ks4_ees_202324_row("137003", old_la_code="87"),
        ks4_ees_202324_row(level="Local authority", old_la_code=""),
        ks4_ees_202324_row(),
    ]
    problems = rejected(build_ks4_ees_202324(rows), name=EES_2324).problems
    assert [(p.line, p.column, p.value) for p in problems] == [
        (2, "avg_att8", "n/a"),
        (2, "pt_l2basics_95", "101..2"),
        (3, "time_period", "2023"),
        (4, "old_la_code", "87"),
        (5, "old_la_code", ""),
        (6, "school_urn", "137001"),
    ]
    assert problems[0].key == "137001"
    assert "already on line 2" in problems[-1].message


# ---- EES 2024/25 ---------------------------------------------------------------------------


def test_ees_2024_25_reads_the_new_names_and_every_year_in_the_file():
    rows = [
        ks4_ees_202425_row(time_period="202223", progress8_average="-0.3"),
        ks4_ees_202425_row(time_period="202324", progress8_average="0.1"),
        ks4_ees_202425_row(time_period="202425"),
        ks4_ees_202425_row(time_period="202425", disadvantage_status="Disadvantaged"),
    ]
    f = parse_ks4(build_ks4_ees_202425(rows), file_name=EES_2425)
    assert (f.layout, f.years, f.skipped) == (
        "ees_2024_25",
        ["2022/23", "2023/24", "2024/25"],
        {"breakdown rows": 1},
    )
    assert values(f, academic_year="2024/25") == {
        "ks4_cohort": Decimal(180),
        "ks4_att8": Decimal("46.3"),
        "ks4_p8": NOT_APPLICABLE,  # no KS2 baseline: z, never 0
        "ks4_engmath_4plus": Decimal("68.3"),
        "ks4_engmath_5plus": Decimal("47.2"),
        "ks4_ebacc_aps": Decimal("4.12"),
    }
    assert values(f, academic_year="2022/23")["ks4_p8"] == Decimal("-0.3")
    assert record(f, "ks4_att8", academic_year="2023/24").column == (
        "attainment8_average"
    )


@pytest.mark.parametrize(
    ("text", "band"),
    [("Well above average", 1), ("Average", 3), ("Well below average", 5)],
)
def test_ees_2024_25_progress8_banding_in_words_is_a_band(text, band):
    row = ks4_ees_202425_row(time_period="202324", progress8_banding=text)
    f = parse_ks4(build_ks4_ees_202425([row], banding=True), file_name=EES_2425)
    coded = record(f, "ks4_p8_band").coded
    assert (coded.raw, coded.value, coded.status) == (text, Decimal(band), VALUE)


def test_an_unknown_progress8_banding_is_rejected():
    row = ks4_ees_202425_row(progress8_banding="3")
    [problem] = rejected(
        build_ks4_ees_202425([row], banding=True), name=EES_2425
    ).problems
    assert (problem.column, problem.value) == ("progress8_banding", "3")


def test_missing_progress8_in_a_2024_25_only_file_is_not_warned_but_earlier_is():
    drop = ["progress8_average"]
    f = parse_ks4(
        build_ks4_ees_202425([ks4_ees_202425_row()], drop=drop), file_name=EES_2425
    )
    assert f.warnings == []
    rows = [ks4_ees_202425_row(), ks4_ees_202425_row(time_period="202324")]
    f = parse_ks4(build_ks4_ees_202425(rows, drop=drop), file_name=EES_2425)
    [warning] = f.warnings
    assert "progress8_average (ks4_p8)" in warning.message


@pytest.mark.parametrize(
    "column", ["disadvantage_status", "attainment8_average", "prior_attainment"]
)
def test_a_missing_ees_2024_25_key_column_is_rejected_naming_it(column):
    data = build_ks4_ees_202425([ks4_ees_202425_row()], drop=[column])
    [problem] = rejected(data, name=EES_2425).problems
    assert (problem.line, problem.column) == (1, column)


def test_ees_release_from_version_else_argument_or_name_and_bom():
    rows = [ks4_ees_202425_row(version="Provisional")]
    data = build_ks4_ees_202425(rows, bom=True)
    assert parse_ks4(data, file_name=EES_2425).release == "provisional"
    data = build_ks4_ees_202425([ks4_ees_202425_row(version="")])
    assert parse_ks4(data, file_name=EES_2425).release == "final"  # from the name
    assert parse_ks4(data, file_name="ks4.csv").release is None
    assert parse_ks4(data, file_name="ks4.csv", release="revised").release == "revised"


# ---- not a KS4 file ---------------------------------------------------------------------------


def test_a_file_of_no_ks4_layout_is_rejected_on_line_1_saying_what_was_expected():
    [problem] = rejected(build_ks2_ees(ks2_ees_school())).problems
    assert problem.line == 1
    assert "not a KS4 performance tables file" in problem.message
    assert "ATT8SCR" in problem.message and "attainment8_average" in problem.message
    assert "looks like a KS2 performance tables file" in problem.message
