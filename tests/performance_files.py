"""Build small DfE KS2 / KS4 performance tables CSVs for tests, as the DfE writes them:
UTF-8 (optionally with a BOM), CRLF, quoted where needed, CSCP percentages with a
``%`` suffix, EES markers in lower case.

    from tests.performance_files import build_ks2_cscp, ks2_cscp_school

    data = build_ks2_cscp([ks2_cscp_school("100001")])

Headers are the verbatim lists: the real DfE 2016/17 field dictionaries in
shared/data/real/ and the column lists in shared/formats/columns/. Rows are dicts keyed
by those names (a missing column is written empty). Pure: no Django, so throwaway
benchmark scripts can use it too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from tests.shared_dir import FORMATS, REAL_DATA, SHARED  # noqa: F401


def _column_list(file_name: str) -> list[str]:
    lines = (FORMATS / file_name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def _meta_names(file_name: str, column: int) -> list[str]:
    """Field names from a real DfE metadata file (stripped: some carry newlines)."""
    with (REAL_DATA / file_name).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return [row[column].strip() for row in rows[1:] if row and row[column].strip()]


# ---- headers -----------------------------------------------------------------------------

# The real 2016/17 KS2 dictionary's FieldName column, as the 2016/17 file was written.
KS2_CSCP_2017 = _meta_names("dfe_ks2_meta_2017.csv", 1)
KS2_DESCR = ["READPROG_DESCR", "WRITPROG_DESCR", "MATPROG_DESCR"]


def _with_laestab(names: list[str]) -> list[str]:
    at = names.index("URN") + 1
    return [*names[:at], "LAESTAB", *names[at:]]


# 2018/19 to 2022/23: the 2016/17 names plus LAESTAB and the progress bands.
KS2_CSCP = _with_laestab(KS2_CSCP_2017) + KS2_DESCR


def _is_progress_column(name: str) -> bool:
    return "PROG" in name.upper() or name.upper() in {"READCOV", "WRITCOV", "MATCOV"}


# 2023/24: no KS1 baseline, so no progress columns.
KS2_CSCP_2024 = [name for name in KS2_CSCP if not _is_progress_column(name)]
KS2_EES = _column_list("dfe_sap__manual_ks2_school_attainment_data.txt")
# Not in the verbatim list, but LA rows need them (the reader accepts them).
EES_LA_COLUMNS = ["old_la_code", "new_la_code", "la_name"]

KS4_CSCP = _column_list("ks4_cscp_england_ks4final_2022-23_UPPERCASED.txt")
# The real 2016/17 KS4 dictionary's 'Metafile heading' column.
KS4_CSCP_2017 = _meta_names("dfe_ks4final_meta_2017.csv", 1)
KS4_EES_202324 = _column_list("ks4_ees_202324_performance_tables_schools_final.txt")
KS4_EES_202425 = _column_list(
    "dfe_sap__manual_202425_performance_tables_schools_final.txt"
)


def build_csv(
    header: Sequence[str],
    rows: Iterable[dict[str, str]],
    *,
    bom: bool = False,
    drop: Iterable[str] = (),
    rename: dict[str, str] | None = None,
) -> bytes:
    """A UTF-8 CSV of ``rows`` keyed by ``header`` names (missing ones empty).
    ``drop`` leaves columns out; ``rename`` writes a column under another name (rows
    still use the original)."""
    dropped = set(drop)
    columns = [h for h in header if h not in dropped]
    rows = list(rows)
    unknown = {k for row in rows for k in row} - set(header)
    if unknown:
        raise KeyError(f"not columns of this header: {sorted(unknown)}")
    rename = rename or {}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([rename.get(h, h) for h in columns])
    for row in rows:
        writer.writerow([row.get(h, "") for h in columns])
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


# ---- KS2 CSCP england_ks2final.csv -----------------------------------------------------------


def ks2_cscp_school(
    urn: str = "100001", lea: str = "873", rectype: str = "1", **overrides: str
) -> dict[str, str]:
    """A school row with every measure the reader takes (override by column name)."""
    row = {
        "RECTYPE": rectype,
        "LEA": lea,
        "ESTAB": "2001",
        "URN": urn,
        "LAESTAB": f"{lea}2001",
        "SCHNAME": f"Test Primary School {urn}",
        "TELIG": "30",
        "PTRWM_EXP": "65%",
        "PTRWM_HIGH": "10%",
        "PTREAD_EXP": "75%",
        "PTWRITTA_EXP": "71%",
        "PTMAT_EXP": "73%",
        "PTGPS_EXP": "72%",
        "PTREAD_HIGH": "28%",
        "PTWRITTA_HIGH": "13%",
        "PTWRITTA_AD": "0%",
        "PTMAT_HIGH": "24%",
        "READ_AVERAGE": "105",
        "MAT_AVERAGE": "104",
        "GPS_AVERAGE": "106",
        "READPROG": "0.3",
        "WRITPROG": "-1.2",
        "MATPROG": "2.45",
        "READPROG_DESCR": "3",
        "WRITPROG_DESCR": "4",
        "MATPROG_DESCR": "1",
    }
    row.update(overrides)
    return row


def ks2_cscp_la(lea: str = "873", **overrides: str) -> dict[str, str]:
    return ks2_cscp_school(
        "", lea, "4", ESTAB="", LAESTAB="", SCHNAME="", TELIG="5000", **overrides
    )


def ks2_cscp_national(rectype: str = "5", **overrides: str) -> dict[str, str]:
    return ks2_cscp_school(
        "", "", rectype, ESTAB="", LAESTAB="", SCHNAME="", TELIG="600000", **overrides
    )


def build_ks2_cscp(
    rows: Iterable[dict[str, str]],
    *,
    header: Sequence[str] = KS2_CSCP,
    bom: bool = False,
    drop: Iterable[str] = (),
    rename: dict[str, str] | None = None,
) -> bytes:
    """``england_ks2final.csv``; ``header`` KS2_CSCP (2018/19-2022/23),
    KS2_CSCP_2017 (the real 2016/17 names) or KS2_CSCP_2024 (no progress columns).
    Row columns the header lacks are left out."""
    names = set(header)
    rows = [{k: v for k, v in row.items() if k in names} for row in rows]
    return build_csv(header, rows, bom=bom, drop=drop, rename=rename)


# ---- KS2 EES ks2_school_attainment_data.csv ----------------------------------------------------

KS2_SUBJECTS = (
    "Reading, writing and maths",
    "Reading",
    "Writing",
    "Maths",
    "Grammar, punctuation and spelling",
)


def ks2_ees_row(
    subject: str = "Reading",
    urn: str = "100001",
    *,
    time_period: str = "202425",
    level: str = "School",
    **overrides: str,
) -> dict[str, str]:
    """One row of the long file: a school (or LA / national with ``level``) for one
    subject, All pupils / Total; every measure column filled."""
    school = level == "School"
    row = {
        "time_period": time_period,
        "time_identifier": "Academic year",
        "geographic_level": level,
        "country_code": "E92000001",
        "country_name": "England",
        "version": "Final",
        "school_urn": urn if school else "",
        "school_laestab": "8732001" if school else "",
        "school_name": f"Test Primary School {urn}" if school else "",
        "breakdown_topic": "All pupils",
        "breakdown": "Total",
        "subject": subject,
        "expected_standard_pupil_percent": "65",
        "higher_standard_pupil_percent": "10",
        "average_scaled_score": "105",
        "progress_measure_score": "z",
        "progress_measure_lower_conf_interval": "z",
        "progress_measure_upper_conf_interval": "z",
        "absent_or_not_able_to_access_percent": "1",
        "working_towards_expected_standard_pupil_percent": "z",
        "absent_or_disapplied_percent": "z",
        "progress_measure_unadjusted": "z",
        "progress_measure_description": "z",
    }
    row.update(overrides)
    return row


def ks2_ees_school(urn: str = "100001", **overrides: str) -> list[dict[str, str]]:
    """The five subject rows of one school (the same ``overrides`` on each)."""
    return [ks2_ees_row(subject, urn, **overrides) for subject in KS2_SUBJECTS]


def build_ks2_ees(
    rows: Iterable[dict[str, str]],
    *,
    la_columns: bool = False,
    bom: bool = False,
    drop: Iterable[str] = (),
    rename: dict[str, str] | None = None,
) -> bytes:
    """``ks2_school_attainment_data.csv`` from the verbatim header; ``la_columns`` adds
    old_la_code, new_la_code and la_name (needed for LA rows)."""
    header = KS2_EES + (EES_LA_COLUMNS if la_columns else [])
    return build_csv(header, rows, bom=bom, drop=drop, rename=rename)


# ---- KS4 CSCP england_ks4final.csv -----------------------------------------------------------


def ks4_cscp_school(
    urn: str = "137001", lea: str = "873", rectype: str = "1", **overrides: str
) -> dict[str, str]:
    row = {
        "RECTYPE": rectype,
        "LEA": lea,
        "ESTAB": "4001",
        "URN": urn,
        "SCHNAME": f"Test Academy {urn}",
        "TPUP": "180",
        "ATT8SCR": "46.3",
        "P8MEA": "-0.12",
        "PTL2BASICS_94": "68%",
        "PTL2BASICS_95": "47%",
        "EBACCAPS": "4.12",
        "P8_BANDING": "3",
    }
    row.update(overrides)
    return row


def ks4_cscp_la(lea: str = "873", **overrides: str) -> dict[str, str]:
    return ks4_cscp_school("", lea, "4", ESTAB="", SCHNAME="", TPUP="4000", **overrides)


def ks4_cscp_national(rectype: str = "5", **overrides: str) -> dict[str, str]:
    return ks4_cscp_school(
        "", "", rectype, ESTAB="", SCHNAME="", TPUP="600000", **overrides
    )


def build_ks4_cscp(
    rows: Iterable[dict[str, str]],
    *,
    header: Sequence[str] = KS4_CSCP,
    bom: bool = False,
    drop: Iterable[str] = (),
    rename: dict[str, str] | None = None,
) -> bytes:
    """``england_ks4final.csv``; ``header`` KS4_CSCP (the 515 columns of 2022/23) or
    KS4_CSCP_2017 (the real 2016/17 names). Row columns the header lacks are left
    out."""
    names = set(header)
    rows = [{k: v for k, v in row.items() if k in names} for row in rows]
    return build_csv(header, rows, bom=bom, drop=drop, rename=rename)


# ---- KS4 EES 2023/24 and 2024/25 ---------------------------------------------------------------


def _ks4_ees_ids(urn: str, level: str, time_period: str) -> dict[str, str]:
    school = level == "School"
    national = level == "National"
    return {
        "time_period": time_period,
        "time_identifier": "Academic year",
        "geographic_level": level,
        "country_code": "E92000001",
        "country_name": "England",
        "school_laestab": "8734001" if school else "",
        "school_urn": urn if school else "",
        "school_name": f"Test Academy {urn}" if school else "",
        "old_la_code": "" if national else "873",
        "new_la_code": "" if national else "E06000001",
        "la_name": "" if national else "Northshire",
        "version": "Final",
        "establishment_type_group": "Academies" if school else "Total",
        "breakdown_topic": "Total",
        "breakdown": "Total",
        "sex": "Total",
        "first_language": "Total",
        "prior_attainment": "Total",
        "mobility": "Total",
    }


def ks4_ees_202324_row(
    urn: str = "137001",
    *,
    level: str = "School",
    time_period: str = "202324",
    **overrides: str,
) -> dict[str, str]:
    row = _ks4_ees_ids(urn, level, time_period) | {
        "disadvantage": "Total",
        "t_pupils": "180",
        "avg_att8": "46.3",
        "avg_p8score": "-0.12",
        "pt_l2basics_94": "68.3",
        "pt_l2basics_95": "47.2",
        "avg_ebaccaps": "4.12",
    }
    row.update(overrides)
    return row


def ks4_ees_202425_row(
    urn: str = "137001",
    *,
    level: str = "School",
    time_period: str = "202425",
    **overrides: str,
) -> dict[str, str]:
    row = _ks4_ees_ids(urn, level, time_period) | {
        "disadvantage_status": "Total",
        "pupil_count": "180",
        "attainment8_average": "46.3",
        "progress8_average": "z",
        "engmath_94_percent": "68.3",
        "engmath_95_percent": "47.2",
        "ebacc_aps_average": "4.12",
    }
    row.update(overrides)
    return row


def build_ks4_ees_202324(
    rows: Iterable[dict[str, str]],
    *,
    bom: bool = False,
    drop: Iterable[str] = (),
    rename: dict[str, str] | None = None,
) -> bytes:
    """``202324_performance_tables_schools_final.csv`` from the verbatim header."""
    return build_csv(KS4_EES_202324, rows, bom=bom, drop=drop, rename=rename)


def build_ks4_ees_202425(
    rows: Iterable[dict[str, str]],
    *,
    banding: bool = False,
    bom: bool = False,
    drop: Iterable[str] = (),
    rename: dict[str, str] | None = None,
) -> bytes:
    """``202425_performance_tables_schools_final.csv`` from the verbatim header;
    ``banding`` adds a ``progress8_banding`` column (in words)."""
    header = KS4_EES_202425 + (["progress8_banding"] if banding else [])
    return build_csv(header, rows, bom=bom, drop=drop, rename=rename)
