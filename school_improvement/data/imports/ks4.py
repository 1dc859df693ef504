"""DfE key stage 4 performance tables, parsed to indicator records. Format notes:
shared/formats/README.md sections 3.2, 3.4 and 3.5.

Three layouts, told apart by the columns present:

* ``cscp``: Compare School Performance ``england_ks4final.csv`` (to 2022/23). One row
  per school, LA and England (``RECTYPE``); the year comes from the caller or the
  file name.
* ``ees_2023_24``: Explore Education Statistics
  ``202324_performance_tables_schools_final.csv`` (``t_pupils``, ``avg_att8``...).
* ``ees_2024_25``: ``202425_performance_tables_schools_final.csv``, the same data
  under new names (``pupil_count``, ``attainment8_average``..., ``disadvantage_status``),
  holding several years (202223, 202324, 202425): all are read.

EES files keep only school-total rows (every breakdown column ``Total``). The
machinery is shared with the KS2 reader (``ks2.py``). Pure Python.
"""

from __future__ import annotations

from pathlib import Path

from school_improvement.data.imports import catalogue
from school_improvement.data.imports.coded import IndicatorFile
from school_improvement.data.imports.csvfile import read_csv_rows
from school_improvement.data.imports.ks2 import (
    BAND_CODE,
    BAND_LABEL,
    GEOGRAPHIC_LEVEL,
    SCHOOL_URN,
    TIME_PERIOD,
    CscpFormat,
    EesFormat,
    check_release,
    gc_paused,
    m,
    normalise_year,
    not_this_file,
    read_cscp,
    read_ees,
)

LAYOUT_CSCP = "cscp"
LAYOUT_EES_2023_24 = "ees_2023_24"
LAYOUT_EES_2024_25 = "ees_2024_25"

# Progress 8 needs a KS2 baseline: none for the 2024/25 and 2025/26 cohorts.
_P8_UNTIL = "2023/24"

KS4_CSCP = CscpFormat(
    source=catalogue.KS4,
    title="KS4 CSCP",
    file="england_ks4final.csv",
    headline="ATT8SCR",
    measures=(
        m("ks4_cohort", "TPUP"),
        m("ks4_att8", "ATT8SCR"),
        m("ks4_p8", "P8MEA", until=_P8_UNTIL),
        # Only some years' files end with the banding column (2022/23 does).
        m("ks4_p8_band", "P8_BANDING", kind=BAND_CODE, optional=True),
        m("ks4_engmath_4plus", "PTL2BASICS_94"),
        m("ks4_engmath_5plus", "PTL2BASICS_95"),
        m("ks4_ebacc_aps", "EBACCAPS"),
    ),
)

_BREAKDOWNS = ("breakdown_topic", "breakdown", "sex")
_BREAKDOWNS_AFTER = ("first_language", "prior_attainment", "mobility")
_IDS = (TIME_PERIOD, GEOGRAPHIC_LEVEL, SCHOOL_URN)


def _totals(disadvantage: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (column, "Total") for column in (*_BREAKDOWNS, disadvantage, *_BREAKDOWNS_AFTER)
    )


KS4_EES_2023_24 = EesFormat(
    source=catalogue.KS4,
    layout=LAYOUT_EES_2023_24,
    title="KS4 EES 2023/24 (202324_performance_tables_schools_final.csv)",
    required=(*_IDS, *(c for c, _ in _totals("disadvantage")), "avg_att8"),
    totals=_totals("disadvantage"),
    measures=(
        m("ks4_cohort", "t_pupils"),
        m("ks4_att8", "avg_att8"),
        m("ks4_p8", "avg_p8score", until=_P8_UNTIL),
        m("ks4_p8_band", "progress8_banding", kind=BAND_LABEL, optional=True),
        m("ks4_engmath_4plus", "pt_l2basics_94"),
        m("ks4_engmath_5plus", "pt_l2basics_95"),
        m("ks4_ebacc_aps", "avg_ebaccaps"),
    ),
)

KS4_EES_2024_25 = EesFormat(
    source=catalogue.KS4,
    layout=LAYOUT_EES_2024_25,
    title="KS4 EES 2024/25 (202425_performance_tables_schools_final.csv)",
    required=(
        *_IDS,
        *(c for c, _ in _totals("disadvantage_status")),
        "attainment8_average",
    ),
    totals=_totals("disadvantage_status"),
    measures=(
        m("ks4_cohort", "pupil_count"),
        m("ks4_att8", "attainment8_average"),
        m("ks4_p8", "progress8_average", until=_P8_UNTIL),
        m("ks4_p8_band", "progress8_banding", kind=BAND_LABEL, optional=True),
        m("ks4_engmath_4plus", "engmath_94_percent"),
        m("ks4_engmath_5plus", "engmath_95_percent"),
        m("ks4_ebacc_aps", "ebacc_aps_average"),
    ),
)

# Columns that tell the layouts apart (any one is enough; the layout's other required
# columns are then named if missing).
_CSCP_SIGNS = {"rectype", "att8scr", "tpup"}
_EES_2024_25_SIGNS = {"attainment8_average", "pupil_count", "disadvantage_status"}
_EES_2023_24_SIGNS = {"avg_att8", "t_pupils", "disadvantage"}


def parse_ks4(
    source: Path | bytes,
    *,
    file_name: str | None = None,
    academic_year: str | None = None,
    release: str | None = None,
) -> IndicatorFile:
    """Parse a KS4 performance tables file (CSCP ``england_ks4final.csv``, EES
    ``202324_`` or ``202425_performance_tables_schools_final.csv``) to indicator
    records, or raise FileRejected listing every problem (each with line, column,
    value and the URN or LA code).

    ``academic_year`` ("2022/23"): for a CSCP file, the year (else taken from the file
    name, e.g. ``2022-2023_england_ks4final.csv``; without either the file is
    rejected); for an EES file, a year the file must hold. ``release`` (provisional,
    revised or final): used when an EES file's ``version`` column does not say; else
    the file name says, else None. ValueError if either argument is malformed.
    """
    year = normalise_year(academic_year) if academic_year is not None else None
    checked_release = check_release(release)
    with gc_paused():
        csvf = read_csv_rows(source, file_name=file_name, encoding="utf-8")
        names = {h.casefold() for h in csvf.header}
        if names & _CSCP_SIGNS:
            return read_cscp(
                csvf, KS4_CSCP, academic_year=year, release=checked_release
            )
        if names & _EES_2024_25_SIGNS:
            fmt = KS4_EES_2024_25
        elif names & _EES_2023_24_SIGNS:
            fmt = KS4_EES_2023_24
        else:
            raise not_this_file(
                csvf,
                catalogue.KS4,
                "the CSCP columns RECTYPE, URN, LEA and ATT8SCR (england_ks4final.csv), "
                "or the EES columns time_period, geographic_level, school_urn, the "
                "breakdown columns and avg_att8 (202324_performance_tables_schools_final"
                ".csv) or attainment8_average (202425_performance_tables_schools_final"
                ".csv)",
            )
        return read_ees(csvf, fmt, academic_year=year, release=checked_release)
