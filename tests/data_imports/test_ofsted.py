"""Ofsted "latest inspections" management information: every era to inspection events,
vocabularies checked, nothing converted between frameworks. Pure parsing: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from school_improvement.data.imports.csvfile import FileRejected
from school_improvement.data.imports.ofsted import (
    EIF_JUDGEMENTS,
    REPORT_CARD_JUDGEMENTS,
    InspectionEvent,
    OfstedRow,
    file_date_from_ofsted_name,
    parse_ofsted,
)
from tests.ofsted_files import (
    HEADERS,
    OEIF_SAFEGUARDING,
    build_ofsted_csv,
    graded_school,
    report_card_school,
    section8_school,
)


def by_block(row: OfstedRow) -> dict[str, InspectionEvent]:
    return {e.source_block: e for e in row.events}


def rejected(data: bytes) -> FileRejected:
    with pytest.raises(FileRejected) as info:
        parse_ofsted(data, file_name="mi.csv")
    return info.value


# ---- the fixtures are the verbatim headers ---------------------------------------------


def test_fixture_headers_have_the_documented_sizes():
    assert len(HEADERS["report_card"]) == 85
    assert len(HEADERS["graded_ungraded"]) == 70
    assert OEIF_SAFEGUARDING in HEADERS["report_card"]  # the double space, verbatim


# ---- report-card era -------------------------------------------------------------------


def test_report_card_era_gives_report_card_oeif_and_ungraded_events():
    f = parse_ofsted(
        build_ofsted_csv("report_card", [report_card_school("100001")]),
        file_name="x.csv",
    )
    assert f.era == "report_card"
    assert f.file_name == "x.csv" and len(f.sha256) == 64
    [row] = f.rows
    assert (row.line, row.urn, row.laestab, row.ofsted_phase) == (
        2,
        "100001",
        "9892001",
        "Primary",
    )
    assert row.school_name == "Test Primary School 100001"
    events = by_block(row)
    assert list(events) == ["latest_full", "latest_oeif", "latest_ungraded"]

    card = events["latest_full"]
    assert card.framework == "report_card"
    assert card.inspection_number == "10400001"
    assert card.start_date == dt.date(2025, 12, 2)
    assert card.end_date is None
    assert card.publication_date == dt.date(2026, 1, 20)
    assert card.event_type_grouping == "Report card inspection"
    assert card.relates_to_current_urn is True
    assert card.category_of_concern is None
    assert card.judgements == {
        "inclusion": "Strong standard",
        "curriculum_and_teaching": "Expected standard",
        "achievement": "Expected standard",
        "attendance_and_behaviour": "Exceptional",
        "personal_development_and_wellbeing": "Strong standard",
        "leadership_and_governance": "Needs attention",
        "early_years": "Expected standard",
        "post_16": "not_applicable",
        "safeguarding_standards": "Met",
    }
    assert set(card.grade_dates) == set(REPORT_CARD_JUDGEMENTS)
    assert card.grade_dates["inclusion"] == dt.date(2025, 12, 2)
    assert card.grade_dates["post_16"] is None
    assert card.web_link == "https://reports.ofsted.gov.uk/provider/21/100001"

    oeif = events["latest_oeif"]
    assert oeif.framework == "eif"
    assert oeif.inspection_number == "10200002"
    assert oeif.inspection_type == "Section 5"
    assert oeif.type_grouping == "Graded inspection"
    assert oeif.start_date == dt.date(2022, 3, 14)
    assert oeif.judgements == {
        "overall_effectiveness": "2",
        "quality_of_education": "2",
        "behaviour_and_attitudes": "1",
        "personal_development": "2",
        "leadership_and_management": "2",
        "early_years": "2",
        "sixth_form": "not_applicable",
        "safeguarding_effective": "Yes",  # the double-spaced header is found
    }
    assert oeif.grade_dates == {}

    ungraded = events["latest_ungraded"]
    assert ungraded.framework == "ungraded"
    assert ungraded.judgements == {}
    assert ungraded.outcome == "School remains Good"
    assert ungraded.start_date == dt.date(2024, 2, 5)
    assert ungraded.publication_date == dt.date(2024, 3, 1)
    assert f.warnings == []


def test_report_card_with_safeguarding_not_met_and_rsi_sits_beside_its_oeif_grades():
    row = report_card_school(
        "100002",
        **{
            "Safeguarding standards": "Not met",
            "Category of concern": "RSI",
            "Most recent category of concern": "RSI",
            "Leadership and governance": "Urgent improvement",
            "Latest OEIF overall effectiveness": "1",
            "Latest OEIF quality of education": "1",
        },
    )
    [parsed] = parse_ofsted(build_ofsted_csv("report_card", [row])).rows
    events = by_block(parsed)
    card, oeif = events["latest_full"], events["latest_oeif"]
    assert card.judgements["safeguarding_standards"] == "Not met"
    assert card.judgements["leadership_and_governance"] == "Urgent improvement"
    assert card.category_of_concern == "RSI"
    assert parsed.most_recent_category_of_concern == "RSI"
    # Two frameworks side by side, neither translated into the other.
    assert set(card.judgements) == set(REPORT_CARD_JUDGEMENTS)
    assert set(oeif.judgements) == set(EIF_JUDGEMENTS)
    assert oeif.judgements["overall_effectiveness"] == "1"
    assert oeif.category_of_concern is None


def test_a_school_without_a_report_card_yet_has_only_its_oeif_and_ungraded_events():
    blank = {
        h: ""
        for h in HEADERS["report_card"]
        if h.startswith(
            (
                "Inspection number of latest full",
                "Inspection type",
                "Inspection start date",
                "Publication date",
                "Safeguarding standards",
                "Inclusion",
                "Curriculum",
                "Achievement",
                "Attendance",
                "Personal development and",
                "Early years",
                "Post-16",
                "Leadership and governance",
            )
        )
        and "OEIF" not in h
    }
    [row] = parse_ofsted(
        build_ofsted_csv("report_card", [report_card_school("100003", **blank)])
    ).rows
    assert [e.source_block for e in row.events] == ["latest_oeif", "latest_ungraded"]


def test_report_card_header_variants_wellbeing_and_web_link_spellings():
    data = build_ofsted_csv(
        "report_card",
        [report_card_school("100004")],
        rename={
            "Personal development and wellbeing": "Personal development and well-being",
            "Personal development and wellbeing - date of grade": (
                "Personal development and well-being - date of grade"
            ),
            "Web Link (opens in new window)": "Web link (opens in new window)",
            OEIF_SAFEGUARDING: "Latest OEIF safeguarding is effective?",
        },
    )
    [row] = parse_ofsted(data).rows
    events = by_block(row)
    card = events["latest_full"]
    assert card.judgements["personal_development_and_wellbeing"] == "Strong standard"
    assert card.grade_dates["personal_development_and_wellbeing"] == dt.date(
        2025, 12, 2
    )
    assert card.web_link == "https://reports.ofsted.gov.uk/provider/21/100004"
    assert events["latest_oeif"].judgements["safeguarding_effective"] == "Yes"


def test_an_unknown_report_card_word_rejects_the_file_naming_line_and_column():
    rows = [
        report_card_school("100001"),
        report_card_school("100002", Achievement="Good"),
        report_card_school("100003", **{"Safeguarding standards": "Partly met"}),
    ]
    error = rejected(build_ofsted_csv("report_card", rows))
    found = {(p.line, p.column, p.value) for p in error.problems}
    assert found == {
        (3, "Achievement", "Good"),
        (4, "Safeguarding standards", "Partly met"),
    }
    assert all(p.key for p in error.problems)


def test_an_eif_grade_in_a_report_card_column_is_not_accepted():
    error = rejected(
        build_ofsted_csv("report_card", [report_card_school("100001", Inclusion="2")])
    )
    [problem] = error.problems
    assert (problem.line, problem.column, problem.value) == (2, "Inclusion", "2")


# ---- graded / ungraded era -------------------------------------------------------------


def test_graded_ungraded_era_gives_latest_and_previous_graded_and_ungraded_events():
    f = parse_ofsted(build_ofsted_csv("graded_ungraded", [graded_school("100001")]))
    assert f.era == "graded_ungraded"
    [row] = f.rows
    events = by_block(row)
    assert list(events) == ["latest_graded", "previous_graded", "latest_ungraded"]

    latest = events["latest_graded"]
    assert latest.framework == "eif"
    assert latest.inspection_number == "10200002"
    assert (latest.start_date, latest.end_date, latest.publication_date) == (
        dt.date(2024, 10, 1),
        dt.date(2024, 10, 2),
        dt.date(2024, 11, 12),
    )
    # From September 2024: no overall grade, the key judgements still 1-4.
    assert latest.judgements == {
        "overall_effectiveness": "not_judged",
        "quality_of_education": "2",
        "behaviour_and_attitudes": "1",
        "personal_development": "2",
        "leadership_and_management": "3",
        "early_years": "4",
        "sixth_form": "not_applicable",
        "safeguarding_effective": "Yes",
    }

    previous = events["previous_graded"]
    assert previous.framework == "eif"
    assert previous.inspection_number == "10100001"
    assert previous.start_date == dt.date(2019, 3, 5)
    assert previous.end_date == dt.date(2019, 3, 6)
    assert previous.publication_date == dt.date(2019, 4, 10)
    assert previous.inspection_type == ""
    assert previous.judgements["overall_effectiveness"] == "3"
    # NULL is missing, never a grade of zero.
    assert previous.judgements["quality_of_education"] is None
    assert previous.judgements["sixth_form"] is None

    ungraded = events["latest_ungraded"]
    assert ungraded.framework == "ungraded"
    assert ungraded.converted_to_graded is False
    assert ungraded.outcome == "Standards maintained"
    assert ungraded.web_link == "https://reports.ofsted.gov.uk/provider/21/100001"


def test_a_predecessor_schools_inspection_keeps_its_urn_at_the_time():
    row = graded_school(
        "140001",
        **{
            "Does the latest graded inspection relate to the URN of the current school?": "No",
            "URN at time of latest graded inspection": "120001",
            "School name at time of latest graded inspection": "Old Road Primary School",
            "School type at time of latest graded inspection": "Community school",
        },
    )
    [parsed] = parse_ofsted(build_ofsted_csv("graded_ungraded", [row])).rows
    latest = by_block(parsed)["latest_graded"]
    assert parsed.urn == "140001"
    assert latest.relates_to_current_urn is False
    assert latest.urn_at_time == "120001"
    assert latest.school_name_at_time == "Old Road Primary School"
    assert by_block(parsed)["previous_graded"].relates_to_current_urn is True


def test_web_link_spelling_with_capital_l_is_accepted_in_older_eras():
    data = build_ofsted_csv(
        "graded_ungraded",
        [graded_school("100001")],
        rename={"Web link": "Web Link (opens in new window)"},
    )
    [row] = parse_ofsted(data).rows
    assert row.events[0].web_link == "https://reports.ofsted.gov.uk/provider/21/100001"


def test_blocks_without_an_inspection_number_give_no_event():
    row = graded_school(
        "100001",
        **{
            "Previous graded inspection number": "NULL",
            "Latest ungraded inspection number since last graded inspection": "",
        },
    )
    [parsed] = parse_ofsted(build_ofsted_csv("graded_ungraded", [row])).rows
    assert [e.source_block for e in parsed.events] == ["latest_graded"]


def test_a_converted_ungraded_inspection_is_one_event_the_graded_one():
    row = graded_school(
        "100001",
        **{
            "Latest ungraded inspection number since last graded inspection": "10200002",
            "Did the latest ungraded inspection convert to a graded inspection?": "Yes",
        },
    )
    [parsed] = parse_ofsted(build_ofsted_csv("graded_ungraded", [row])).rows
    numbers = [e.inspection_number for e in parsed.events]
    assert numbers == ["10200002", "10100001"]
    assert parsed.events[0].framework == "eif"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1", "1"),
        ("4", "4"),
        ("9", "not_applicable"),
        ("0", "not_applicable"),
        ("Not judged", "not_judged"),
        ("NULL", None),
        ("", None),
    ],
)
def test_eif_grade_vocabulary(written, expected):
    row = graded_school("100001", **{"Quality of education": written})
    [parsed] = parse_ofsted(build_ofsted_csv("graded_ungraded", [row])).rows
    assert (
        by_block(parsed)["latest_graded"].judgements["quality_of_education"] == expected
    )


def test_an_unknown_outcome_is_a_warning_not_a_rejection():
    row = graded_school(
        "100001", **{"Ungraded inspection overall outcome": "Something new"}
    )
    f = parse_ofsted(build_ofsted_csv("graded_ungraded", [row]))
    [warning] = f.warnings
    assert (warning.line, warning.column, warning.value) == (
        2,
        "Ungraded inspection overall outcome",
        "Something new",
    )
    assert by_block(f.rows[0])["latest_ungraded"].outcome == "Something new"


# ---- section 8 era ---------------------------------------------------------------------


def test_section8_era_gives_full_previous_full_and_section8_events():
    f = parse_ofsted(build_ofsted_csv("section8", [section8_school("100001")]))
    assert f.era == "section8"
    events = by_block(f.rows[0])
    assert list(events) == ["latest_full", "previous_full", "latest_section8"]
    full = events["latest_full"]
    assert full.framework == "eif"
    assert full.category_of_concern == "SM"
    assert full.judgements["overall_effectiveness"] == "4"
    assert full.judgements["safeguarding_effective"] == "No"
    assert full.judgements["sixth_form"] == "not_applicable"
    previous = events["previous_full"]
    assert previous.framework == "eif"
    assert previous.judgements["overall_effectiveness"] == "2"
    assert previous.judgements["quality_of_education"] is None  # column empty
    s8 = events["latest_section8"]
    assert s8.framework == "ungraded"
    assert s8.start_date == dt.date(2021, 7, 1)
    assert s8.converted_to_graded is False
    assert s8.outcome == "School remains Good"
    assert s8.school_name_at_time == "Test Primary School 100001"
    assert s8.web_link.startswith("http://www.ofsted.gov.uk/")


# ---- era detection and rejections ------------------------------------------------------


def test_a_file_of_no_known_era_is_rejected_on_line_1_saying_what_was_expected():
    error = rejected(b'"URN","School name"\r\n"100001","A school"\r\n')
    [problem] = error.problems
    assert problem.line == 1
    assert "Safeguarding standards" in problem.message
    assert "Inspection number of latest graded inspection" in problem.message


def test_a_missing_inspection_number_column_is_rejected():
    data = build_ofsted_csv(
        "graded_ungraded",
        [graded_school()],
        drop=("Previous graded inspection number",),
    )
    [problem] = rejected(data).problems
    assert (problem.line, problem.column) == (1, "Previous graded inspection number")


def test_non_digit_and_duplicate_urns_bad_dates_and_unknown_grades_are_all_listed():
    rows = [
        graded_school("100001"),
        graded_school("10000A"),
        graded_school("100001"),
        graded_school("100004", **{"Inspection start date": "2024-10-01"}),
        graded_school("100005", **{"Quality of education": "Good"}),
        graded_school("100006", **{"Category of concern": "XX"}),
        graded_school("100007", **{"Safeguarding is effective?": "Maybe"}),
        graded_school("100008", **{"Publication date": "31/02/2025"}),
    ]
    error = rejected(build_ofsted_csv("graded_ungraded", rows))
    found = {(p.line, p.column, p.value) for p in error.problems}
    assert found == {
        (3, "URN", "10000A"),
        (4, "URN", "100001"),
        (5, "Inspection start date", "2024-10-01"),
        (6, "Quality of education", "Good"),
        (7, "Category of concern", "XX"),
        (8, "Safeguarding is effective?", "Maybe"),
        (9, "Publication date", "31/02/2025"),
    }
    duplicate = next(p for p in error.problems if p.line == 4)
    assert "line 2" in duplicate.message
    assert error.file_name == "mi.csv"


def test_a_utf8_file_is_rejected_with_its_line():
    rows = [
        graded_school("100001"),
        graded_school("100002", **{"School name": "École"}),
    ]
    error = rejected(build_ofsted_csv("graded_ungraded", rows, encoding="utf-8"))
    [problem] = error.problems
    assert problem.line == 3
    assert "UTF-8" in problem.message and "character" in problem.message


def test_windows_1252_names_are_read():
    rows = [graded_school("100001", **{"School name": "École Saint-Géry"})]
    [row] = parse_ofsted(build_ofsted_csv("graded_ungraded", rows)).rows
    assert row.school_name == "École Saint-Géry"


# ---- file names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Management_information_-_state-funded_schools_-_latest_inspections_as_at_31_Jan_2026.csv",
            dt.date(2026, 1, 31),
        ),
        ("latest inspections as at 31 August 2026", dt.date(2026, 8, 31)),
        ("latest_inspections_as_at_30_Sept_2024.csv", dt.date(2024, 9, 30)),
        ("as at 31 February 2026", None),
        ("edubasealldata20250422.csv", None),
    ],
)
def test_file_date_from_ofsted_name(name, expected):
    assert file_date_from_ofsted_name(name) == expected
