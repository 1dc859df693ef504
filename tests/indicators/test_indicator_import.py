"""Importing indicator values: statuses, comparators, percentiles, releases and
history, atomicity, and the trends the school page draws from them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from school_improvement.data.models import ImportKind, ImportRun, ImportStatus
from school_improvement.indicators.models import (
    AreaValue,
    AreaValueRevision,
    IndicatorValue,
    IndicatorValueRevision,
)
from school_improvement.indicators.selectors import neighbours_of, trends_for
from school_improvement.indicators.services import (
    indicator_import,
    neighbours_set,
    percentile_ranks,
)
from tests.ees_files import absence_school, build_ees_csv
from tests.factories import EstablishmentFactory, LocalAuthorityFactory
from tests.performance_files import (
    build_ks2_cscp,
    ks2_cscp_la,
    ks2_cscp_national,
    ks2_cscp_school,
)

pytestmark = pytest.mark.django_db


def absence_file(rows, name="1a_absence_3term_school.csv", **kwargs):
    raw = build_ees_csv("absence", rows)
    return indicator_import(
        kind=ImportKind.ABSENCE, acting_user=None, source=raw, file_name=name, **kwargs
    )


def area_row(level: str, la_code: str = "989", period: str = "202324", **measures: str):
    """An LA or England row in the school-level file."""
    row = absence_school("", period, la_code=la_code, **measures)
    row["geographic_level"] = level
    for key in ("school_urn", "school_laestab", "school_name", "estab"):
        row[key] = ""
    if level == "National":
        row["old_la_code"] = row["new_la_code"] = row["la_name"] = ""
    return row


@pytest.fixture
def northshire():
    return LocalAuthorityFactory(code="989", name="Northshire")


@pytest.fixture
def oak(northshire):
    return EstablishmentFactory(urn="100001", la=northshire, name="Oak Primary")


def value(urn: str, code: str, year: str = "2023/24", phase: str = "primary"):
    return IndicatorValue.objects.get(
        establishment__urn=urn, indicator__code=code, academic_year=year, phase=phase
    )


def snapshot():
    return (
        sorted(
            IndicatorValue.objects.values_list(
                "indicator__code", "academic_year", "raw", "status"
            )
        ),
        sorted(AreaValue.objects.values_list("indicator__code", "la_code", "raw")),
        IndicatorValueRevision.objects.count(),
        AreaValueRevision.objects.count(),
    )


def test_school_la_and_england_values_with_their_source(oak):
    result = absence_file(
        [
            absence_school("100001", sess_overall_percent="7.2"),
            area_row("Local authority", sess_overall_percent="6.1"),
            area_row("National", sess_overall_percent="5.9"),
        ]
    )
    assert result.succeeded, result.problems
    overall = value("100001", "abs_overall_pct")
    assert overall.value == Decimal("7.2") and overall.status == "value"
    assert overall.import_run.file_name == "1a_absence_3term_school.csv"
    assert overall.import_run.kind == ImportKind.ABSENCE
    assert AreaValue.objects.get(
        indicator__code="abs_overall_pct", level="la", la_code="989"
    ).value == Decimal("6.1")
    assert AreaValue.objects.get(
        indicator__code="abs_overall_pct", level="national"
    ).value == Decimal("5.9")
    assert result.counts["values_created"] == 5  # the five absence measures
    assert result.counts["area_values_created"] == 10


def test_missing_is_never_zero(oak):
    absence_file(
        [
            absence_school(
                "100001",
                sess_overall_percent="c",
                sess_authorised_percent="x",
                sess_unauthorised_percent="z",
                enrolments_pa_50_exact_percent="low",
                enrolments_pa_10_exact_percent="",
            )
        ]
    )
    statuses = {
        code: (value("100001", code).status, value("100001", code).value)
        for code in (
            "abs_overall_pct",
            "abs_authorised_pct",
            "abs_unauthorised_pct",
            "abs_severe_pct",
            "abs_persistent_pct",
        )
    }
    assert statuses == {
        "abs_overall_pct": ("suppressed", None),
        "abs_authorised_pct": ("not_available", None),
        "abs_unauthorised_pct": ("not_applicable", None),
        "abs_severe_pct": ("low", None),
        "abs_persistent_pct": ("not_available", None),
    }
    assert value("100001", "abs_overall_pct").shown == "Suppressed"


def test_importing_twice_changes_nothing(oak):
    rows = [absence_school("100001"), area_row("National")]
    absence_file(rows)
    before = snapshot()
    again = absence_file(rows)
    assert again.counts["values_unchanged"] == 5 and again.counts["values_created"] == 0
    assert snapshot() == before


def test_a_revised_release_updates_and_history_keeps_the_provisional(oak):
    absence_file(
        [absence_school("100001", sess_overall_percent="7.2")], release="provisional"
    )
    result = absence_file(
        [absence_school("100001", sess_overall_percent="7.4")], release="revised"
    )
    assert result.counts["values_updated"] == 5  # all five: the release changed
    overall = value("100001", "abs_overall_pct")
    assert (overall.value, overall.release) == (Decimal("7.4"), "revised")
    earlier = list(
        overall.revisions.values_list("raw", "release", "import_run__file_name")
    )
    assert earlier == [("7.2", "provisional", "1a_absence_3term_school.csv")]
    assert overall.revisions.get().replaced_by == overall.import_run
    assert any(c["old"] == "7.2" and c["new"] == "7.4" for c in result.changes)
    # a provisional file after the revised one does not overwrite it
    later = absence_file(
        [absence_school("100001", sess_overall_percent="9.9")], release="provisional"
    )
    assert later.counts["values_newer_release_kept"] == 5
    overall.refresh_from_db()
    assert overall.value == Decimal("7.4")


def test_a_bad_value_rejects_the_file_and_writes_nothing(oak):
    absence_file([absence_school("100001")])
    before = snapshot()
    result = absence_file(
        [
            absence_school("100001", sess_overall_percent="7.2"),
            absence_school("100001", "202223", sess_overall_percent="seven"),
        ]
    )
    assert not result.succeeded
    problem = result.problems[0]
    assert (problem.line, problem.column, problem.value) == (
        3,
        "sess_overall_percent",
        "seven",
    )
    assert snapshot() == before
    assert ImportRun.objects.filter(status=ImportStatus.REJECTED).count() == 1


def test_schools_outside_the_register_are_not_stored(oak):
    result = absence_file(
        [absence_school("100001"), absence_school("777777", la_code="873")]
    )
    assert result.counts["schools_not_in_register"] == 1
    assert not IndicatorValue.objects.filter(establishment__urn="777777").exists()


def test_percentile_ranks():
    ranks = percentile_ranks([Decimal(v) for v in (1, 2, 2, 3)])
    assert ranks == {
        Decimal(1): Decimal("12.5"),
        Decimal(2): Decimal("50.0"),
        Decimal(3): Decimal("87.5"),
    }


def test_england_percentile_when_the_file_covers_the_country(oak):
    others = [
        absence_school(
            f"5{n:05d}", la_code=str(200 + n % 120), sess_overall_percent=str(4 + n % 5)
        )
        for n in range(240)
    ]
    absence_file([absence_school("100001", sess_overall_percent="6"), *others])
    overall = value("100001", "abs_overall_pct")
    # values 4..8 equally often: below 6 are 4 and 5 (40%), equal 20% -> 50
    assert overall.england_percentile == Decimal("50.0")


def test_no_percentile_from_an_area_extract(oak):
    absence_file([absence_school("100001"), absence_school("100002", la_code="873")])
    assert value("100001", "abs_overall_pct").england_percentile is None


def test_trend_with_la_neighbours_and_england(oak):
    neighbours = neighbours_of("989").codes
    assert len(neighbours) == 10  # the demo LA's default list
    rows = [
        absence_school("100001", period, sess_overall_percent=school)
        for period, school in (("202223", "7.0"), ("202324", "8.0"))
    ]
    rows += [
        area_row("National", period=p, sess_overall_percent="6.0")
        for p in ("202223", "202324")
    ]
    rows += [
        area_row("Local authority", "989", p, sess_overall_percent="6.5")
        for p in ("202223", "202324")
    ]
    rows += [
        area_row("Local authority", code, "202324", sess_overall_percent=str(5 + i % 2))
        for i, code in enumerate(neighbours[:4])
    ]
    absence_file(rows)
    trend = next(t for t in trends_for(oak) if t.indicator.code == "abs_overall_pct")
    assert trend.phase == "primary"
    assert [r.year for r in trend.rows] == ["2022/23", "2023/24"]
    latest = trend.rows[-1]
    assert latest.school.value == Decimal("8.0")
    assert latest.la.value == Decimal("6.5")
    assert latest.england.value == Decimal("6.0")
    assert latest.neighbours == Decimal("5.5") and latest.neighbours_count == 4
    assert trend.rows[0].neighbours is None


def test_an_las_own_neighbour_list_replaces_the_default(oak, officer):
    neighbours_set(
        acting_user=officer,
        la_code="989",
        neighbours=["873", "825"],
        source="DfE tool 2025",
    )
    current = neighbours_of("989")
    assert current.codes == ("873", "825") and not current.is_default


def test_ks2_year_from_the_file_name_and_comparators(oak):
    raw = build_ks2_cscp(
        [ks2_cscp_school("100001", lea="989"), ks2_cscp_la("989"), ks2_cscp_national()]
    )
    result = indicator_import(
        kind=ImportKind.KS2,
        acting_user=None,
        source=raw,
        file_name="2022-2023_england_ks2final.csv",
    )
    assert result.succeeded, result.problems
    rwm = value("100001", "ks2_rwm_expected", "2022/23", "")
    assert rwm.value == Decimal("65") and rwm.raw == "65%"
    assert rwm.release == "final"
    assert rwm.shown == "65%"
    band = value("100001", "ks2_mat_progress_band", "2022/23", "")
    assert band.shown == "1 Well above average"


def test_ks2_without_a_year_is_rejected_until_one_is_given(oak, tmp_path, capsys):
    path = tmp_path / "england_ks2final.csv"
    path.write_bytes(build_ks2_cscp([ks2_cscp_school("100001", lea="989")]))
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_ks2", str(path), "--quiet-progress")
    assert "year" in capsys.readouterr().out
    call_command("import_ks2", str(path), "--year", "2023/24", "--quiet-progress")
    assert value("100001", "ks2_rwm_expected", "2023/24", "").value == Decimal("65")


def test_dry_run_writes_nothing(oak):
    result = absence_file([absence_school("100001")], dry_run=True)
    assert result.succeeded and result.counts["values_created"] == 5
    assert not IndicatorValue.objects.exists() and not ImportRun.objects.exists()


@pytest.mark.parametrize(
    ("gap", "shown"),
    [("-0.04", "0.0 points"), ("0.6", "+0.6 points"), ("-1.25", "-1.3 points")],
)
def test_a_gap_is_signed_and_never_minus_zero(gap, shown):
    from school_improvement.indicators.models import Indicator
    from school_improvement.indicators.selectors import _signed

    assert _signed(Decimal(gap), Indicator(decimals=1, unit="percent")) == shown
