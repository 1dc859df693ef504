"""The fictional official data files: Ofsted, KS2, KS4, absence and exclusions.

Like the GIAS generator's tests, these read the bytes the generator writes (headers,
encodings, line endings, markers) and then the values: the demo's stories must be
visible in the files, and every file must go through its reader. The national size is
only built small here (two LAs).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from school_improvement.indicators.neighbours import DEFAULT_NEIGHBOURS
from school_improvement.schools.demo.generator import (
    AREA_FILES,
    build_area,
    generate_area,
    generate_national,
)
from school_improvement.schools.demo.official import (
    ABSENCE_FILE,
    ABSENCE_HEADER,
    AREA_OFFICIAL_FILES,
    DETERIORATING,
    EXCLUSIONS_FILE,
    EXCLUSIONS_HEADER,
    IMPROVING,
    KS2_CSCP_FILES,
    KS2_CSCP_HEADER_2223,
    KS2_CSCP_HEADER_2324,
    KS2_EES_ATTAINMENT_HEADER_VERBATIM,
    KS2_EES_FILE,
    KS2_EES_HEADER,
    KS2_FIELDS_2017,
    KS4_CSCP_FILE,
    KS4_CSCP_HEADER,
    KS4_EES_2324_HEADER,
    KS4_EES_2425_HEADER,
    KS4_EES_FILES,
    NATIONAL_OFFICIAL_FILES,
    OFSTED_DATES,
    OFSTED_HEADERS,
    OTHER_URNS_FROM,
    build_world,
    generate_official,
    official_files,
    official_files_present,
    ofsted_file_name,
    write_official,
)
from tests.conftest import FORMATS, REAL_DATA

OFSTED_2023, OFSTED_2025, OFSTED_JAN_2026, OFSTED_OCT_2026 = (
    ofsted_file_name(day) for day, _ in OFSTED_DATES
)
NEIGHBOURS = set(DEFAULT_NEIGHBOURS["989"][0])
EES_FILES = (KS2_EES_FILE, *KS4_EES_FILES, ABSENCE_FILE, EXCLUSIONS_FILE)
CSCP_FILES = (*KS2_CSCP_FILES, KS4_CSCP_FILE)


@pytest.fixture(scope="module")
def area(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The area's GIAS files and official files, in one directory."""
    out = tmp_path_factory.mktemp("official")
    generate_area(out)
    written = generate_official(out)
    assert [(kind, path.name) for kind, path in written] == list(AREA_OFFICIAL_FILES)
    assert official_files(out) == written
    return out


def _columns(file_name: str) -> tuple[str, ...]:
    lines = (FORMATS / file_name).read_text(encoding="utf-8").splitlines()
    return tuple(line.rstrip("\r\n") for line in lines if line.strip())


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a generated file, in its own encoding."""
    encoding = "cp1252" if path.name.startswith("Management_information") else "utf-8"
    text = path.read_bytes().decode(encoding)
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = next(reader)
    return header, [dict(zip(header, row, strict=True)) for row in reader]


def _rows(path: Path) -> list[dict[str, str]]:
    return _read(path)[1]


def _number(text: str) -> float:
    return float(text.rstrip("%"))


# -- the format ---------------------------------------------------------------------


def test_embedded_headers_are_the_shared_verbatim_lists() -> None:
    assert OFSTED_HEADERS["report_card"] == _columns(
        "ofsted_mi_latest_inspections_reportcard_era_from_Nov2025__D2_most_recent.txt"
    )
    assert OFSTED_HEADERS["graded_ungraded"] == _columns(
        "ofsted_mi_latest_inspections_graded_ungraded_era_c2023-2025__JT-39.txt"
    )
    assert OFSTED_HEADERS["section8"] == _columns(
        "ofsted_mi_latest_inspections_section8_era_c2019-2023__ALPHABETICAL_not_file_order.txt"
    )
    assert "Latest OEIF  safeguarding is effective?" in OFSTED_HEADERS["report_card"]
    assert OFSTED_HEADERS["section8"] == tuple(sorted(OFSTED_HEADERS["section8"]))
    assert (
        _columns("ks4_cscp_england_ks4final_2022-23_UPPERCASED.txt") == KS4_CSCP_HEADER
    )
    assert len(KS4_CSCP_HEADER) == 515
    assert (
        _columns("ks4_ees_202324_performance_tables_schools_final.txt")
        == KS4_EES_2324_HEADER
    )
    assert (
        _columns("dfe_sap__manual_202425_performance_tables_schools_final.txt")
        == KS4_EES_2425_HEADER
    )
    assert _columns("dfe_sap__manual_1a_Absence_3term_school.txt") == ABSENCE_HEADER
    assert len(ABSENCE_HEADER) == 80
    assert _columns("ees_exc_school.txt") == EXCLUSIONS_HEADER
    assert (
        _columns("dfe_sap__manual_ks2_school_attainment_data.txt")
        == KS2_EES_ATTAINMENT_HEADER_VERBATIM
    )


def test_ks2_headers_are_the_2017_field_names_with_laestab_and_bands() -> None:
    with (REAL_DATA / "dfe_ks2_meta_2017.csv").open(encoding="utf-8-sig") as f:
        names = tuple(row["FieldName"].strip() for row in csv.DictReader(f))
    assert names == KS2_FIELDS_2017
    assert [h for h in KS2_CSCP_HEADER_2223 if h not in names] == [
        "LAESTAB",
        "READPROG_DESCR",
        "WRITPROG_DESCR",
        "MATPROG_DESCR",
    ]
    assert KS2_CSCP_HEADER_2223.index("LAESTAB") == names.index("URN") + 1
    gone = set(KS2_CSCP_HEADER_2223) - set(KS2_CSCP_HEADER_2324)
    assert gone and all(
        re.match(r"(READ|WRIT|MAT)PROG", h)
        or h.endswith("COV")
        or re.fullmatch(r"DIFFN_\w+PROG", h)
        for h in gone
    )
    assert {"READPROG", "READCOV", "DIFFN_READPROG", "MATPROG_DESCR"} <= gone
    assert "PTRWM_EXP" in KS2_CSCP_HEADER_2324
    # The EES file: the DfE's list plus the LA columns after country_name.
    at = KS2_EES_HEADER.index("country_name") + 1
    assert KS2_EES_HEADER[at : at + 3] == ("old_la_code", "new_la_code", "la_name")
    assert tuple(
        h for h in KS2_EES_HEADER if h not in {"old_la_code", "new_la_code", "la_name"}
    ) == (KS2_EES_ATTAINMENT_HEADER_VERBATIM)


def test_every_file_is_written_with_its_verbatim_header(area: Path) -> None:
    assert official_files_present(area)
    expected = {
        OFSTED_2023: OFSTED_HEADERS["section8"],
        OFSTED_2025: OFSTED_HEADERS["graded_ungraded"],
        OFSTED_JAN_2026: OFSTED_HEADERS["report_card"],
        OFSTED_OCT_2026: OFSTED_HEADERS["report_card"],
        KS2_CSCP_FILES[0]: KS2_CSCP_HEADER_2223,
        KS2_CSCP_FILES[1]: KS2_CSCP_HEADER_2324,
        KS2_EES_FILE: KS2_EES_HEADER,
        KS4_CSCP_FILE: KS4_CSCP_HEADER,
        KS4_EES_FILES[0]: KS4_EES_2324_HEADER,
        KS4_EES_FILES[1]: KS4_EES_2425_HEADER,
        ABSENCE_FILE: ABSENCE_HEADER,
        EXCLUSIONS_FILE: EXCLUSIONS_HEADER,
    }
    assert set(expected) == {name for _, name in AREA_OFFICIAL_FILES}
    for name, header in expected.items():
        found, rows = _read(area / name)
        assert tuple(found) == header, name
        assert len(rows) > 100, name
    # Nothing else is left behind (the writer goes through ".part" files).
    assert {p.name for p in area.iterdir()} == set(expected) | set(AREA_FILES)


def test_ofsted_files_are_windows_1252_quoted_crlf(area: Path) -> None:
    for day, _ in OFSTED_DATES:
        raw = (area / ofsted_file_name(day)).read_bytes()
        text = raw.decode("cp1252")  # strict
        assert raw.endswith(b"\r\n")
        assert raw.count(b"\n") == raw.count(b"\r\n"), "every line ends in CRLF"
        header, first = text.split("\r\n")[:2]
        assert header.startswith('"') and first.startswith('"')
        assert '"https://reports.ofsted.gov.uk/provider/21/' in first
        assert header.count('"') == 2 * len(OFSTED_HEADERS[_era(day)])
        # Every field quoted: the quotes pair up around each comma.
        assert first.count('","') == len(OFSTED_HEADERS[_era(day)]) - 1
    raw = (area / OFSTED_OCT_2026).read_bytes()
    assert "St Thomas à Becket".encode("cp1252") in raw
    assert "à".encode() not in raw


def _era(day: Any) -> str:
    return next(era for d, era in OFSTED_DATES if d == day)


def test_dfe_files_are_utf8_cscp_crlf_ees_lf(area: Path) -> None:
    for name in (*CSCP_FILES, *EES_FILES):
        raw = (area / name).read_bytes()
        raw.decode("utf-8")  # strict
        if name in CSCP_FILES:
            assert raw.count(b"\n") == raw.count(b"\r\n"), name
        else:
            assert b"\r" not in raw, name
    assert (area / KS4_CSCP_FILE).read_bytes().startswith(b"\xef\xbb\xbfRECTYPE,LEA,")
    assert (area / KS2_CSCP_FILES[0]).read_bytes().startswith(b"RECTYPE,AlphaIND,")
    assert "St Thomas à Becket".encode() in (area / KS2_CSCP_FILES[0]).read_bytes()


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        generate_official(tmp_path / name, seed=seed)
    for _, file in AREA_OFFICIAL_FILES:
        assert (tmp_path / "a" / file).read_bytes() == (
            tmp_path / "b" / file
        ).read_bytes(), file
        assert (tmp_path / "a" / file).read_bytes() != (
            tmp_path / "c" / file
        ).read_bytes(), file


# -- Ofsted -------------------------------------------------------------------------


def _open_state_schools(gias: Path) -> dict[str, dict[str, str]]:
    with gias.open(encoding="cp1252", newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        r["URN"]: r
        for r in rows
        if r["EstablishmentStatus (code)"] in {"1", "3"}
        and (
            r["EstablishmentTypeGroup (code)"] in {"4", "10", "11"}
            or r["TypeOfEstablishment (code)"] in {"07", "12"}
        )
        and r["PhaseOfEducation (name)"] != "16 plus"  # in Ofsted's FE data instead
    }


def test_every_open_state_school_is_in_the_october_2026_file(area: Path) -> None:
    schools = _open_state_schools(area / AREA_FILES[1])
    rows = {r["URN"]: r for r in _rows(area / OFSTED_OCT_2026)}
    assert set(rows) == set(schools)
    for urn, row in rows.items():
        gias = schools[urn]
        assert row["LAESTAB"] == "989" + gias["EstablishmentNumber"]
        assert row["School name"] == gias["EstablishmentName"]
        assert row["Local authority"] == "Northshire"
        assert row["Web Link (opens in new window)"] == (
            f"https://reports.ofsted.gov.uk/provider/21/{urn}"
        )
    # The April extract's schools are the ones open in January.
    january = {r["URN"] for r in _rows(area / OFSTED_JAN_2026)}
    assert january == set(_open_state_schools(area / AREA_FILES[0])) - {
        str(build_area().opening.urn)
    }


def test_the_academy_lists_its_predecessors_inspections_with_no(area: Path) -> None:
    world = build_area()
    old, new = str(world.converting.urn), str(world.academy.urn)
    january = {r["URN"]: r for r in _rows(area / OFSTED_JAN_2026)}
    october = {r["URN"]: r for r in _rows(area / OFSTED_OCT_2026)}
    assert old in january and old not in october and new in october
    before, after = january[old], october[new]
    oeif = "latest OEIF graded inspection"
    assert before[f"Does the {oeif} relate to the URN of the current school?"] == "Yes"
    assert after[f"Does the {oeif} relate to the URN of the current school?"] == "No"
    assert after[f"URN at time of {oeif}"] == old
    assert after[f"LAESTAB at time of {oeif}"] == before["LAESTAB"]
    assert after[f"School name at time of {oeif}"] == before["School name"]
    number = f"Inspection number of {oeif}"
    assert after[number] == before[number] != ""
    # Older conversions too: predecessors' inspections, never the successor's URN.
    for row in _rows(area / OFSTED_2025):
        relates = row[
            "Does the latest graded inspection relate to the URN of the current school?"
        ]
        at_time = row["URN at time of latest graded inspection"]
        assert (relates == "Yes") == (at_time == row["URN"]) or not at_time
    assert (
        sum(
            r[
                "Does the previous graded inspection relate to the URN of the current school?"
            ]
            == "No"
            for r in _rows(area / OFSTED_2025)
        )
        + sum(
            r[f"Does the {oeif} relate to the URN of the current school?"] == "No"
            for r in october.values()
        )
        >= 3
    )


def test_an_inspection_keeps_its_number_in_every_file(area: Path) -> None:
    blocks = {  # (number column, start date column, URN-at-time column) per file
        OFSTED_2023: [
            (
                "Inspection number of latest full inspection",
                "Inspection start date",
                "URN at time of latest full inspection",
            ),
            (
                "Previous full inspection number",
                "Previous inspection start date",
                "URN at time of previous full inspection",
            ),
            (
                "Latest section 8 inspection number since last full inspection",
                "Date of latest section 8 inspection",
                "URN at time of the section 8 inspection",
            ),
        ],
        OFSTED_2025: [
            (
                "Inspection number of latest graded inspection",
                "Inspection start date",
                "URN at time of latest graded inspection",
            ),
            (
                "Previous graded inspection number",
                "Previous inspection start date",
                "URN at time of previous graded inspection",
            ),
            (
                "Latest ungraded inspection number since last graded inspection",
                "Date of latest ungraded inspection",
                "URN at time of the ungraded inspection",
            ),
        ],
    }
    report_card = [
        (
            "Inspection number of latest full inspection",
            "Inspection start date",
            "URN at time of latest full inspection",
        ),
        (
            "Inspection number of latest OEIF graded inspection",
            "Inspection start date of latest OEIF graded inspection",
            "URN at time of latest OEIF graded inspection",
        ),
        (
            "Latest ungraded inspection number",
            "Date of latest ungraded inspection",
            "URN at time of the ungraded inspection",
        ),
    ]
    blocks[OFSTED_JAN_2026] = blocks[OFSTED_OCT_2026] = report_card
    seen: dict[str, tuple[str, str]] = {}
    by_file: Counter[str] = Counter()
    for name, columns in blocks.items():
        for row in _rows(area / name):
            for number, start, urn in columns:
                if not row[number]:
                    continue
                assert re.fullmatch(r"\d{6,7}", row[number]), row[number]
                what = (row[start], row[urn])
                assert seen.setdefault(row[number], what) == what, row[number]
                by_file[name] += 1
    assert len(set(seen.values())) == len(seen), "one number per inspection"
    assert all(by_file[name] > 150 for name in blocks)


def test_ofsted_outcomes_are_realistic(area: Path) -> None:
    graded = _rows(area / OFSTED_2025)
    overall = Counter(r["Overall effectiveness"] for r in graded)
    numeric = sum(overall[g] for g in "1234")
    assert 0.08 <= overall["1"] / numeric <= 0.30
    assert 0.55 <= overall["2"] / numeric <= 0.85
    assert overall["3"] + overall["4"] >= 3
    for row in graded:  # from September 2024, no overall grade
        if row["Inspection start date"]:
            day, month, year = map(int, row["Inspection start date"].split("/"))
            if (year, month) >= (2024, 9):
                assert row["Overall effectiveness"] == "Not judged"
                assert row["Quality of education"] in {"1", "2", "3", "4"}
    assert overall["Not judged"] >= 5
    assert "NULL" in {r["Previous quality of education"] for r in graded}
    outcomes = {r["Ungraded inspection overall outcome"] for r in graded}
    assert {"School remains Good", "Standards maintained"} <= outcomes
    section8 = _rows(area / OFSTED_2023)
    assert {r["Category of concern"] for r in section8} & {"SM", "SWK"}
    assert all(
        r["Web link"] == f"https://reports.ofsted.gov.uk/provider/21/{r['URN']}"
        for r in section8
    )

    october = _rows(area / OFSTED_OCT_2026)
    cards = [r for r in october if r["Inspection number of latest full inspection"]]
    assert 0.2 <= len(cards) / len(october) <= 0.45
    january = _rows(area / OFSTED_JAN_2026)
    assert (
        0
        < sum(bool(r["Inspection number of latest full inspection"]) for r in january)
        < len(cards)
    )
    grades = Counter(
        r[c]
        for r in cards
        for c in (
            "Inclusion",
            "Curriculum and teaching",
            "Achievement",
            "Attendance and behaviour",
            "Personal development and wellbeing",
            "Leadership and governance",
        )
    )
    assert grades["Expected standard"] + grades["Strong standard"] > 0.7 * sum(
        grades.values()
    )
    assert grades["Needs attention"] >= 5
    assert 1 <= sum("Urgent improvement" in r.values() for r in cards) <= 2
    not_met = [r for r in cards if r["Safeguarding standards"] == "Not met"]
    assert len(not_met) == 1
    assert not_met[0]["Category of concern"] == "RSI"
    assert not_met[0]["Most recent category of concern"] == "RSI"
    for row in cards:  # the OEIF block still carries the last graded inspection
        if row["Inspection number of latest OEIF graded inspection"]:
            assert row["Latest OEIF overall effectiveness"] in {
                "1",
                "2",
                "3",
                "4",
                "Not judged",
            }
        assert (
            row["Safeguarding standards - date of grade"]
            == row["Inspection start date"]
        )


# -- DfE files ----------------------------------------------------------------------


def test_rows_cover_the_area_its_neighbours_and_england(area: Path) -> None:
    register = {
        r["URN"]
        for r in csv.DictReader(
            (area / AREA_FILES[1]).open(encoding="cp1252", newline="")
        )
    }
    rows = _rows(area / KS2_CSCP_FILES[1])
    schools = [r for r in rows if r["RECTYPE"] in {"1", "2"}]
    others = [r for r in schools if r["LEA"] != "989"]
    assert len({r["LEA"] for r in others}) >= 140
    assert all(r["URN"] not in register for r in others)
    assert all(int(r["URN"]) > OTHER_URNS_FROM for r in others)
    assert 100 <= sum(r["LEA"] == "989" for r in schools) <= 200
    assert {r["LEA"] for r in rows if r["RECTYPE"] == "4"} == NEIGHBOURS | {"989"}
    assert [r["RECTYPE"] for r in rows if r["RECTYPE"] in {"5", "7"}] == ["5", "7"]
    assert all(not r["URN"] for r in rows if r["RECTYPE"] in {"4", "5", "7"})
    assert {r["RECTYPE"] for r in schools} == {"1", "2"}
    for name in (ABSENCE_FILE, EXCLUSIONS_FILE, *KS4_EES_FILES, KS2_EES_FILE):
        rows = _rows(area / name)
        levels = Counter(r["geographic_level"] for r in rows)
        assert set(levels) == {"School", "Local authority", "National"}, name
        assert {
            r["old_la_code"] for r in rows if r["geographic_level"] == "Local authority"
        } == NEIGHBOURS | {"989"}, name


def test_markers_are_the_published_ones(area: Path) -> None:
    def values(name: str, *columns: str) -> Counter[str]:
        return Counter(r[c] for r in _rows(area / name) for c in columns if c in r)

    ks2 = values(
        KS2_CSCP_FILES[0],
        "PTRWM_EXP",
        "READPROG",
        "PTRWM_EXP_FSM6CLA1A",
        "WRITPROG_DESCR",
    )
    assert {"SUPP", "NP", "LOWCOV"} <= set(ks2)
    assert all(
        v.endswith("%")
        for v in values(KS2_CSCP_FILES[1], "PTREAD_EXP")
        if v[0].isdigit()
    )
    ks4 = values(KS4_CSCP_FILE, "P8MEA", "PTL2BASICS_94", "PTEBACC_94")
    assert {"SUPP", "LOWCOV", "NE"} <= set(ks4)
    ees = values(KS2_EES_FILE, *KS2_EES_HEADER[15:])
    assert {"c", "z", "x"} <= set(ees)
    assert set(values(KS4_EES_FILES[1], "progress8_average")) == {"z"}
    absence = values(
        ABSENCE_FILE,
        "sess_overall_percent",
        "enrolments_pa_50_exact_percent",
        "sess_auth_interview",
    )
    assert {"c", "low", "x"} <= set(absence)
    exclusions = _rows(area / EXCLUSIONS_FILE)
    empty = [r for r in exclusions if r["headcount"] == "0"]
    assert empty and all(
        r[c] == "x"
        for r in empty
        for c in ("perm_excl_rate", "susp_rate", "one_plus_susp_rate")
    )


def test_years_and_their_order(area: Path) -> None:
    periods = [r["time_period"] for r in _rows(area / ABSENCE_FILE)]
    assert sorted(set(periods)) == ["202223", "202324", "202425"]
    assert periods[0] != "202425", "the absence file is not newest first"
    periods = [r["time_period"] for r in _rows(area / EXCLUSIONS_FILE)]
    assert periods == sorted(periods, reverse=True), "exclusions: newest year first"
    assert {r["time_period"] for r in _rows(area / KS2_EES_FILE)} == {"202425"}
    assert {r["version"] for r in _rows(area / KS2_EES_FILE)} == {"Revised"}
    for name, period in zip(KS4_EES_FILES, ("202324", "202425"), strict=True):
        assert {r["time_period"] for r in _rows(area / name)} == {period}


def test_absence_and_exclusion_figures_add_up(area: Path) -> None:
    absence = _rows(area / ABSENCE_FILE)
    schools = [
        r
        for r in absence
        if r["geographic_level"] == "School" and r["sess_possible"] != "c"
    ]
    for r in schools:
        possible = int(r["sess_possible"])
        assert int(r["sess_overall"]) == int(r["sess_authorised"]) + int(
            r["sess_unauthorised"]
        )
        assert (
            abs(
                float(r["sess_overall_percent"])
                - 100 * int(r["sess_overall"]) / possible
            )
            < 0.006
        )
        assert int(r["sess_auth_totalreasons"]) == sum(
            int(r[c])
            for c in r
            if c.startswith("sess_auth_")
            and not c.endswith(("_rate", "totalreasons"))
            and r[c] != "x"
        )
        assert (
            int(r["enrolments_pa_50_exact"])
            <= int(r["enrolments_pa_10_exact"])
            <= int(r["enrolments"])
        )

    def mean(phase: str, column: str) -> float:
        found = [
            float(r[column])
            for r in schools
            if r["education_phase"] == phase and r[column] not in {"low", "c"}
        ]
        return sum(found) / len(found)

    assert 4.5 <= mean("State-funded primary", "sess_overall_percent") <= 6.5
    assert 8 <= mean("State-funded secondary", "sess_overall_percent") <= 10
    assert 12 <= mean("State-funded primary", "enrolments_pa_10_exact_percent") <= 20
    assert 1 <= mean("State-funded secondary", "enrolments_pa_50_exact_percent") <= 6
    through = Counter(
        r["school_urn"]
        for r in schools
        if r["all_through"] == "Yes" and r["time_period"] == "202425"
    )
    assert through and set(through.values()) == {2}

    for r in _rows(area / EXCLUSIONS_FILE):
        headcount = int(r["headcount"])
        if headcount:
            for count, rate in (
                ("perm_excl", "perm_excl_rate"),
                ("suspension", "susp_rate"),
                ("one_plus_susp", "one_plus_susp_rate"),
            ):
                assert r[rate] == f"{100 * int(r[count]) / headcount:.2f}"
        assert int(r["one_plus_susp"]) <= int(r["suspension"])


def _by_urn(
    rows: list[dict[str, str]], column: str = "school_urn", **where: str
) -> dict[str, dict[str, str]]:
    return {r[column]: r for r in rows if all(r[k] == v for k, v in where.items())}


def test_the_deteriorating_schools_deteriorate_in_the_files(area: Path) -> None:
    world = build_world("area")
    assert world.stories == {
        **dict.fromkeys(DETERIORATING, "deteriorating"),
        **dict.fromkeys(IMPROVING, "improving"),
    }
    assert len(DETERIORATING) == 6 and len(IMPROVING) == 2
    ks2 = [_by_urn(_rows(area / f), "URN") for f in KS2_CSCP_FILES]
    ks2_ees = _by_urn(
        _rows(area / KS2_EES_FILE),
        subject="Reading, writing and maths",
        breakdown="Total",
    )
    ks4 = _by_urn(_rows(area / KS4_CSCP_FILE), "URN")
    ks4_ees = [_by_urn(_rows(area / f), breakdown="Total") for f in KS4_EES_FILES]
    absence = _rows(area / ABSENCE_FILE)
    england = {
        (r["time_period"], r["education_phase"]): float(r["sess_overall_percent"])
        for r in absence
        if r["geographic_level"] == "National"
    }
    exclusions = _rows(area / EXCLUSIONS_FILE)
    cards = {r["URN"]: r for r in _rows(area / OFSTED_OCT_2026)}

    def attainment(urn: str) -> list[float]:
        if urn in ks2[0]:
            return [
                _number(ks2[0][urn]["PTRWM_EXP"]),
                _number(ks2[1][urn]["PTRWM_EXP"]),
                _number(ks2_ees[urn]["expected_standard_pupil_percent"]),
            ]
        return [
            _number(ks4[urn]["ATT8SCR"]),
            _number(ks4_ees[0][urn]["avg_att8"]),
            _number(ks4_ees[1][urn]["attainment8_average"]),
        ]

    def absence_against_england(urn: str) -> list[float]:
        rows = sorted(
            (r for r in absence if r["school_urn"] == urn),
            key=lambda r: r["time_period"],
        )
        assert len(rows) == 3
        return [
            float(r["sess_overall_percent"])
            - england[(r["time_period"], r["education_phase"])]
            for r in rows
        ]

    def suspensions(urn: str) -> list[int]:
        rows = sorted(
            (r for r in exclusions if r["school_urn"] == urn),
            key=lambda r: r["time_period"],
        )
        return [int(r["suspension"]) for r in rows]

    for urn in map(str, DETERIORATING):
        a, b, c = attainment(urn)
        assert a > b > c, (urn, a, b, c)
        assert a - c >= (20 if urn in ks2[0] else 10), (urn, a, c)
        gap = absence_against_england(urn)
        assert gap[0] < gap[1] < gap[2] and gap[2] > 1, (urn, gap)
        s = suspensions(urn)
        assert s[0] < s[1] < s[2], (urn, s)
    achievement = [cards[str(u)]["Achievement"] for u in DETERIORATING]
    assert "Urgent improvement" in achievement and "Needs attention" in achievement
    for urn in map(str, IMPROVING):
        a, b, c = attainment(urn)
        assert a < b < c, (urn, a, b, c)
        gap = absence_against_england(urn)
        assert gap[0] > gap[1] > gap[2], (urn, gap)


# -- through the readers ------------------------------------------------------------


def _reader(module: str, name: str) -> Callable[..., Any]:
    found = pytest.importorskip(f"school_improvement.data.imports.{module}")
    return getattr(found, name)


def test_every_ofsted_file_parses_in_its_era(area: Path) -> None:
    from school_improvement.data.imports.ofsted import (
        file_date_from_ofsted_name,
        parse_ofsted,
    )

    world = build_area()
    for day, era in OFSTED_DATES:
        parsed = parse_ofsted(area / ofsted_file_name(day))
        assert parsed.era == era
        assert file_date_from_ofsted_name(parsed.file_name) == day
        assert not parsed.warnings
        assert len(parsed.rows) == len(_rows(area / ofsted_file_name(day)))
    october = {r.urn: r for r in parse_ofsted(area / OFSTED_OCT_2026).rows}
    events = october[str(world.academy.urn)].events
    assert any(
        e.relates_to_current_urn is False and e.urn_at_time == str(world.converting.urn)
        for e in events
    )
    frameworks = Counter(e.framework for row in october.values() for e in row.events)
    assert set(frameworks) == {"report_card", "eif", "ungraded"}


@pytest.mark.parametrize(
    ("module", "function", "files", "years"),
    [
        ("ks2", "parse_ks2", KS2_CSCP_FILES[:1], ["2022/23"]),
        ("ks2", "parse_ks2", KS2_CSCP_FILES[1:], ["2023/24"]),
        ("ks2", "parse_ks2", (KS2_EES_FILE,), ["2024/25"]),
        ("ks4", "parse_ks4", (KS4_CSCP_FILE,), ["2022/23"]),
        ("ks4", "parse_ks4", KS4_EES_FILES[:1], ["2023/24"]),
        ("ks4", "parse_ks4", KS4_EES_FILES[1:], ["2024/25"]),
        (
            "absence",
            "parse_absence",
            (ABSENCE_FILE,),
            ["2022/23", "2023/24", "2024/25"],
        ),
        (
            "exclusions",
            "parse_exclusions",
            (EXCLUSIONS_FILE,),
            ["2022/23", "2023/24", "2024/25"],
        ),
    ],
)
def test_every_dfe_file_parses(
    area: Path, module: str, function: str, files: tuple[str, ...], years: list[str]
) -> None:
    parse = _reader(module, function)
    for name in files:
        parsed = parse(area / name)
        assert parsed.years == years, name
        assert not parsed.warnings, [str(w) for w in parsed.warnings]
        levels = {r.level for r in parsed.records}
        assert levels == {"school", "la", "national"}, name
        las = {r.code for r in parsed.records if r.level == "la"}
        assert las == NEIGHBOURS | {"989"}, name
        schools = {r.code for r in parsed.records if r.level == "school"}
        assert len(schools) > 400, name
        assert {r.la_code for r in parsed.records if r.level == "school"} >= {"989"}


def test_parsed_values_tell_the_stories(area: Path) -> None:
    parse_ks2 = _reader("ks2", "parse_ks2")
    parse_absence = _reader("absence", "parse_absence")
    primary = next(
        str(u)
        for u in DETERIORATING
        if str(u) in _by_urn(_rows(area / KS2_CSCP_FILES[0]), "URN")
    )
    rwm = []
    for name in (*KS2_CSCP_FILES, KS2_EES_FILE):
        records = parse_ks2(area / name).records
        found = [
            r.coded.value
            for r in records
            if r.code == primary and r.indicator == "ks2_rwm_expected"
        ]
        assert len(found) == 1
        rwm.append(found[0])
    assert rwm[0] > rwm[1] > rwm[2]
    overall = {
        r.academic_year: r.coded.value
        for r in parse_absence(area / ABSENCE_FILE).records
        if r.code == primary and r.indicator == "abs_overall_pct"
    }
    assert overall["2022/23"] < overall["2023/24"] < overall["2024/25"]


# -- national size, demo_generate -----------------------------------------------------


def test_national_size_small(tmp_path: Path) -> None:
    gias = generate_national(tmp_path / "gias", la_count=2)
    written = write_official(tmp_path / "official", size="national", la_count=2)
    assert [(f.kind, f.path.name) for f in written] == list(NATIONAL_OFFICIAL_FILES)
    with gias.extracts[0].open(encoding="cp1252", newline="") as f:
        register = list(csv.DictReader(f))
    open_state = {
        r["URN"]
        for r in register
        if r["EstablishmentStatus (code)"] == "1"
        and (
            r["EstablishmentTypeGroup (code)"] in {"4", "10", "11"}
            or r["TypeOfEstablishment (code)"] in {"07", "12"}
        )
        and r["PhaseOfEducation (name)"] != "16 plus"
    }
    ofsted = _rows(written[0].path)
    assert {r["URN"] for r in ofsted} == open_state  # same seed, same URNs
    assert written[0].rows == len(open_state)
    las = {r["LA (code)"] for r in register}
    ks2 = _rows(tmp_path / "official" / KS2_CSCP_FILES[1])
    assert {r["LEA"] for r in ks2 if r["RECTYPE"] == "4"} == las
    urns = {r["URN"] for r in register}
    assert {r["URN"] for r in ks2 if r["RECTYPE"] in {"1", "2"}} <= urns
    again = write_official(tmp_path / "again", size="national", la_count=2)
    for first, second in zip(written, again, strict=True):
        assert first.path.read_bytes() == second.path.read_bytes()


def test_demo_generate_writes_the_official_files_too(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("demo_generate", "--out", str(tmp_path / "all"), stdout=out)
    text = out.getvalue()
    assert official_files_present(tmp_path / "all")
    for kind, name in AREA_OFFICIAL_FILES:
        line = next(x for x in text.splitlines() if name in x)
        assert line.endswith(f"rows ({kind})")
    assert "links" in text
    # The GIAS files are the generator's, byte for byte.
    generate_area(tmp_path / "gias")
    for name in AREA_FILES:
        assert (tmp_path / "all" / name).read_bytes() == (
            tmp_path / "gias" / name
        ).read_bytes()

    call_command(
        "demo_generate",
        "--out",
        str(tmp_path / "only"),
        "--gias-only",
        stdout=io.StringIO(),
    )
    assert {p.name for p in (tmp_path / "only").iterdir()} == set(AREA_FILES)
