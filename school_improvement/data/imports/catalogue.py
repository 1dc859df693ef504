"""The indicator catalogue: every measure the performance, absence and exclusions
importers store, with what it means and how to read it.

Pure Python (the readers and the benchmarks use it without Django); the ``indicators``
app keeps a copy of each entry in its ``Indicator`` table, synchronised on migrate.
Codes are stable identifiers: policies (issue 4) and plans refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass

# Sources (also the ImportRun kinds of their importers)
KS2 = "ks2"
KS4 = "ks4"
ABSENCE = "absence"
EXCLUSIONS = "exclusions"

# Units
PERCENT = "percent"  # 0-100, shown with %
SCORE = "score"  # a scaled score, Attainment 8 or a progress score
RATE = "rate"  # per 100 pupils
COUNT = "count"
BAND = "band"  # DfE progress bands 1 (well above average) to 5 (well below average)

# Phases an indicator applies to (GIAS phase names are mapped to these)
PRIMARY = "primary"
SECONDARY = "secondary"
SPECIAL = "special"
ALL_PHASES = (PRIMARY, SECONDARY, SPECIAL)

BAND_LABELS = {
    1: "Well above average",
    2: "Above average",
    3: "Average",
    4: "Below average",
    5: "Well below average",
}


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    source: str
    unit: str
    higher_is_better: bool | None  # None: neither (a cohort size)
    phases: tuple[str, ...]
    description: str
    decimals: int = 1


def _ks2(
    code: str, name: str, unit: str, better: bool | None, text: str
) -> IndicatorSpec:
    return IndicatorSpec(
        code,
        name,
        KS2,
        unit,
        better,
        (PRIMARY, SPECIAL),
        text,
        2 if unit == SCORE else 0,
    )


def _ks4(
    code: str, name: str, unit: str, better: bool | None, text: str
) -> IndicatorSpec:
    decimals = 2 if code == "ks4_p8" else 1 if unit in (SCORE, PERCENT) else 0
    return IndicatorSpec(
        code, name, KS4, unit, better, (SECONDARY, SPECIAL), text, decimals
    )


def _absence(code: str, name: str, text: str) -> IndicatorSpec:
    return IndicatorSpec(code, name, ABSENCE, PERCENT, False, ALL_PHASES, text, 1)


def _exclusions(code: str, name: str, unit: str, text: str) -> IndicatorSpec:
    return IndicatorSpec(
        code, name, EXCLUSIONS, unit, False, ALL_PHASES, text, 2 if unit == RATE else 0
    )


CATALOGUE: tuple[IndicatorSpec, ...] = (
    # ---- KS2 ---------------------------------------------------------------------------
    _ks2(
        "ks2_cohort",
        "KS2 pupils in the cohort",
        COUNT,
        None,
        "Pupils at the end of key stage 2 (CSCP TELIG).",
    ),
    _ks2(
        "ks2_rwm_expected",
        "KS2 reading, writing and maths: expected standard",
        PERCENT,
        True,
        "Percentage of pupils meeting the expected standard in reading, writing and maths.",
    ),
    _ks2(
        "ks2_rwm_higher",
        "KS2 reading, writing and maths: higher standard",
        PERCENT,
        True,
        "Percentage of pupils achieving a high standard in reading, writing and maths.",
    ),
    _ks2(
        "ks2_read_expected",
        "KS2 reading: expected standard",
        PERCENT,
        True,
        "Percentage of pupils meeting the expected standard in reading.",
    ),
    _ks2(
        "ks2_writ_expected",
        "KS2 writing: expected standard",
        PERCENT,
        True,
        "Percentage of pupils meeting the expected standard in writing (teacher assessment).",
    ),
    _ks2(
        "ks2_mat_expected",
        "KS2 maths: expected standard",
        PERCENT,
        True,
        "Percentage of pupils meeting the expected standard in maths.",
    ),
    _ks2(
        "ks2_gps_expected",
        "KS2 grammar, punctuation and spelling: expected standard",
        PERCENT,
        True,
        "Percentage of pupils meeting the expected standard in grammar, punctuation and spelling.",
    ),
    _ks2(
        "ks2_read_higher",
        "KS2 reading: higher standard",
        PERCENT,
        True,
        "Percentage of pupils achieving a high score in reading.",
    ),
    _ks2(
        "ks2_writ_higher",
        "KS2 writing: greater depth",
        PERCENT,
        True,
        "Percentage of pupils working at greater depth in writing.",
    ),
    _ks2(
        "ks2_mat_higher",
        "KS2 maths: higher standard",
        PERCENT,
        True,
        "Percentage of pupils achieving a high score in maths.",
    ),
    _ks2(
        "ks2_read_average",
        "KS2 reading: average scaled score",
        SCORE,
        True,
        "Average scaled score in reading (80 to 120).",
    ),
    _ks2(
        "ks2_mat_average",
        "KS2 maths: average scaled score",
        SCORE,
        True,
        "Average scaled score in maths (80 to 120).",
    ),
    _ks2(
        "ks2_gps_average",
        "KS2 grammar, punctuation and spelling: average scaled score",
        SCORE,
        True,
        "Average scaled score in grammar, punctuation and spelling.",
    ),
    _ks2(
        "ks2_read_progress",
        "KS2 reading progress score",
        SCORE,
        True,
        "Reading progress from KS1 (0 is average). None from 2023/24: no KS1 baseline.",
    ),
    _ks2(
        "ks2_writ_progress",
        "KS2 writing progress score",
        SCORE,
        True,
        "Writing progress from KS1 (0 is average). None from 2023/24: no KS1 baseline.",
    ),
    _ks2(
        "ks2_mat_progress",
        "KS2 maths progress score",
        SCORE,
        True,
        "Maths progress from KS1 (0 is average). None from 2023/24: no KS1 baseline.",
    ),
    _ks2(
        "ks2_read_progress_band",
        "KS2 reading progress band",
        BAND,
        False,
        "DfE band: 1 well above average to 5 well below average.",
    ),
    _ks2(
        "ks2_writ_progress_band",
        "KS2 writing progress band",
        BAND,
        False,
        "DfE band: 1 well above average to 5 well below average.",
    ),
    _ks2(
        "ks2_mat_progress_band",
        "KS2 maths progress band",
        BAND,
        False,
        "DfE band: 1 well above average to 5 well below average.",
    ),
    # ---- KS4 ---------------------------------------------------------------------------
    _ks4(
        "ks4_cohort",
        "KS4 pupils in the cohort",
        COUNT,
        None,
        "Pupils at the end of key stage 4 (CSCP TPUP, EES t_pupils / pupil_count).",
    ),
    _ks4(
        "ks4_att8",
        "Attainment 8 average score",
        SCORE,
        True,
        "Average Attainment 8 score per pupil.",
    ),
    _ks4(
        "ks4_p8",
        "Progress 8 score",
        SCORE,
        True,
        "Progress 8 (0 is average). None for 2024/25 and 2025/26: no KS2 baseline.",
    ),
    _ks4(
        "ks4_p8_band",
        "Progress 8 band",
        BAND,
        False,
        "DfE band: 1 well above average to 5 well below average.",
    ),
    _ks4(
        "ks4_engmath_4plus",
        "English and maths grade 4 or above",
        PERCENT,
        True,
        "Percentage of pupils achieving grade 4 or above in English and maths.",
    ),
    _ks4(
        "ks4_engmath_5plus",
        "English and maths grade 5 or above",
        PERCENT,
        True,
        "Percentage of pupils achieving grade 5 or above in English and maths.",
    ),
    _ks4(
        "ks4_ebacc_aps",
        "EBacc average point score",
        SCORE,
        True,
        "English Baccalaureate average point score per pupil.",
    ),
    # ---- Attendance --------------------------------------------------------------------
    _absence(
        "abs_overall_pct",
        "Overall absence",
        "Percentage of possible sessions missed (sess_overall_percent).",
    ),
    _absence(
        "abs_authorised_pct",
        "Authorised absence",
        "Percentage of possible sessions missed with authorisation.",
    ),
    _absence(
        "abs_unauthorised_pct",
        "Unauthorised absence",
        "Percentage of possible sessions missed without authorisation.",
    ),
    _absence(
        "abs_persistent_pct",
        "Persistent absence",
        "Percentage of pupils missing 10% or more of their possible sessions.",
    ),
    _absence(
        "abs_severe_pct",
        "Severe absence",
        "Percentage of pupils missing 50% or more of their possible sessions.",
    ),
    # ---- Suspensions and permanent exclusions ------------------------------------------
    _exclusions("excl_suspensions", "Suspensions", COUNT, "Number of suspensions."),
    _exclusions(
        "excl_suspension_rate",
        "Suspension rate",
        RATE,
        "Suspensions per 100 pupils on roll (headcount).",
    ),
    _exclusions(
        "excl_one_plus_susp_rate",
        "Pupils with one or more suspensions",
        RATE,
        "Pupils with at least one suspension, per 100 pupils on roll.",
    ),
    _exclusions(
        "excl_permanent",
        "Permanent exclusions",
        COUNT,
        "Number of permanent exclusions.",
    ),
    _exclusions(
        "excl_permanent_rate",
        "Permanent exclusion rate",
        RATE,
        "Permanent exclusions per 100 pupils on roll.",
    ),
)

BY_CODE: dict[str, IndicatorSpec] = {spec.code: spec for spec in CATALOGUE}
SOURCES = {
    KS2: "Key stage 2 performance tables",
    KS4: "Key stage 4 performance tables",
    ABSENCE: "Pupil absence (Explore Education Statistics)",
    EXCLUSIONS: "Suspensions and permanent exclusions (Explore Education Statistics)",
}
