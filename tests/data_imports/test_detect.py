"""Telling a file's kind from its header line: every documented column list and every
real file's first line. Pure: no database."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from school_improvement.data.imports.detect import KIND_HINTS, detect_kind, sniff_header
from school_improvement.data.models import ImportKind
from tests.conftest import FORMATS, REAL_DATA
from tests.ees_files import HEADERS as EES_HEADERS
from tests.ees_files import absence_area, build_ees_csv, exclusions_school

# Every list in shared/formats/columns/ and the kind it is. Supplementary files that
# carry no results (banding, school information, group links) are no kind of their own.
# The Ofsted D1 "in-year inspections" list has 'Safeguarding standards', so it is
# detected as Ofsted: detection names the source, and the Ofsted reader then rejects it
# for lacking the "latest inspections" inspection-number columns.
COLUMN_LISTS: dict[str, str | None] = {
    "dfe_sap__grouplinks_edubaseallacademiesandfree.txt": None,
    "dfe_sap__links_edubasealldata.txt": "gias_links",
    "dfe_sap__manual_1a_Absence_3term_school.txt": "absence",
    "dfe_sap__manual_202425_information_about_schools_final.txt": None,
    "dfe_sap__manual_202425_performance_tables_schools_final.txt": "ks4",
    "dfe_sap__manual_cscp_p8_ks4_2024.txt": None,
    "dfe_sap__manual_cscp_prog_ks2_2023.txt": None,
    "dfe_sap__manual_ks2_school_attainment_data.txt": "ks2",
    "dfe_sap__manual_ks2_school_information_data_v101.txt": None,
    "ees_1a_absence_3term_school__older_release_via_sap_sql.txt": "absence",
    "ees_exc_nat_region_la.txt": "exclusions",
    "ees_exc_school.txt": "exclusions",
    "gias_edubasealldata_2023_to_2025-01_140cols.txt": "gias",
    "gias_edubasealldata_from_2025-04_135cols.txt": "gias",
    "ks4_cscp_england_ks4final_2022-23_UPPERCASED.txt": "ks4",
    "ks4_ees_202324_performance_tables_schools_final.txt": "ks4",
    "ofsted_mi_in_year_inspections_reportcard_era__D1.txt": "ofsted",
    "ofsted_mi_latest_inspections_graded_ungraded_era_c2023-2025__JT-39.txt": "ofsted",
    "ofsted_mi_latest_inspections_reportcard_era_from_Nov2025__D2_most_recent.txt": "ofsted",
    "ofsted_mi_latest_inspections_section8_era_c2019-2023__ALPHABETICAL_not_file_order.txt": "ofsted",
}

REAL_FILES: dict[str, str | None] = {
    "gias_links_edubasealldata20250422.csv": "gias_links",
    "gias_rows_excel_processed_sap_public_testdata.csv": "gias",
    "gias_edubasealldata20250422-establishment-types_derived.csv": None,
    "dfe_ks2_meta_2017.csv": None,  # a field dictionary, not results
    "dfe_ks4final_meta_2017.csv": None,
}


def column_list(name: str) -> list[str]:
    text = (FORMATS / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def test_every_column_list_is_classified_here():
    assert sorted(p.name for p in FORMATS.glob("*.txt")) == sorted(COLUMN_LISTS)


@pytest.mark.parametrize(("name", "kind"), sorted(COLUMN_LISTS.items()))
def test_each_documented_column_list_is_detected(name, kind):
    assert detect_kind(column_list(name)) == kind


def test_every_real_csv_file_is_classified_here():
    assert sorted(p.name for p in REAL_DATA.glob("*.csv")) == sorted(REAL_FILES)


@pytest.mark.parametrize(("name", "kind"), sorted(REAL_FILES.items()))
def test_the_first_line_of_each_real_file_is_detected(name, kind):
    assert detect_kind(sniff_header(REAL_DATA / name)) == kind


def test_the_real_links_header_is_read_exactly():
    assert sniff_header(REAL_DATA / "gias_links_edubasealldata20250422.csv") == [
        "URN",
        "LinkURN",
        "LinkName",
        "LinkType",
        "LinkEstablishedDate",
    ]


def _meta_fields(name: str, column: str) -> list[str]:
    with (REAL_DATA / name).open(encoding="utf-8-sig", newline="") as f:
        return [row[column].strip() for row in csv.DictReader(f) if row[column].strip()]


def test_the_cscp_headers_in_the_real_field_dictionaries_are_ks2_and_ks4():
    """The 2016/17 DfE dictionaries list every column of england_ks2final.csv and
    england_ks4final.csv (no full CSCP KS2 column list is in formats/columns)."""
    ks2 = _meta_fields("dfe_ks2_meta_2017.csv", "FieldName")
    ks4 = _meta_fields("dfe_ks4final_meta_2017.csv", "Metafile heading")
    assert detect_kind(ks2) == "ks2"
    assert detect_kind(ks4) == "ks4"


@pytest.mark.parametrize("kind", sorted(EES_HEADERS))
def test_the_test_fixture_headers_are_detected(kind):
    assert detect_kind(EES_HEADERS[kind]) == kind.split("_")[0]


def test_fixture_files_are_detected_from_their_first_line():
    assert detect_kind(
        sniff_header(build_ees_csv("exclusions", [exclusions_school()], bom=True))
    ) == ("exclusions")
    data = build_ees_csv("absence_national_la", [absence_area()])
    assert detect_kind(sniff_header(data)) == "absence"


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ([" urn ", "linkurn", "LINKTYPE"], "gias_links"),
        (["URN", "LinkURN"], None),
        (["urn", "establishmentname", "typeofestablishment  (name)"], "gias"),
        (["URN", "EstablishmentName"], None),
        (["SAFEGUARDING STANDARDS"], "ofsted"),
        (["Inspection number of latest graded inspection"], "ofsted"),
        (["Inspection number of latest full inspection"], "ofsted"),
        (["RECTYPE", "URN"], None),
        (["rectype", "ptrwm_exp"], "ks2"),
        (["subject"], None),
        (["Subject", "Expected_Standard_Pupil_Percent"], "ks2"),
        (["RECTYPE", "ATT8SCR"], "ks4"),
        (["ATT8SCR"], None),
        (["avg_att8"], "ks4"),
        (["attainment8_average"], "ks4"),
        (["SESS_OVERALL_PERCENT"], "absence"),
        (["perm_excl"], None),
        (["perm_excl", "susp_rate"], "exclusions"),
        ([], None),
    ],
)
def test_markers_are_compared_case_insensitively_and_all_of_a_set_are_needed(
    header, kind
):
    assert detect_kind(header) == kind


def test_every_kind_has_a_hint_and_they_are_the_import_kinds():
    assert set(KIND_HINTS) == set(ImportKind.values)
    assert all(KIND_HINTS.values())
    assert "ks2_school_attainment_data.csv" in KIND_HINTS["ks2"]


# ---- sniff_header ----------------------------------------------------------------------


def test_sniff_strips_a_bom_and_cleans_names():
    data = b'\xef\xbb\xbf URN ,"LA  (code)",x\r\n100000,201,1\r\n'
    assert sniff_header(data) == ["URN", "LA (code)", "x"]


def test_sniff_falls_back_to_windows_1252():
    assert sniff_header(b'"Nom\xe9",URN\r\n1,2\r\n') == ["Nomé", "URN"]
    assert sniff_header(b'"Cost \x80",URN\r\n') == ["Cost €", "URN"]  # not Latin-1


def test_sniff_reads_only_the_first_line(tmp_path: Path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"time_period,sess_overall_percent\n" + b"\xff\xfe\x00" * 200_000)
    assert sniff_header(path) == ["time_period", "sess_overall_percent"]
    assert sniff_header(b"a,b") == ["a", "b"]  # no line ending at all


@pytest.mark.parametrize("data", [b"", b"\r\n", b"\xef\xbb\xbf\n", b"   \n1,2\n"])
def test_sniff_of_an_empty_first_line_is_no_columns(data):
    assert sniff_header(data) == []
