"""Eligibility as the register and the allocation see it: an adviser's records as held
on a date, their own school's latest inspection read by the area's policy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from school_improvement.data.models import ImportKind, ImportRun, ImportStatus
from school_improvement.inspections.models import Framework, Inspection
from school_improvement.people.eligibility import adviser_eligibility, person_facts
from tests.factories import AccreditationFactory, AdviserFactory, EstablishmentFactory

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 12, 1)


def inspect(school, grade: str, day: dt.date = dt.date(2024, 3, 1)) -> Inspection:
    run = ImportRun.objects.create(
        kind=ImportKind.OFSTED,
        status=ImportStatus.SUCCEEDED,
        file_name="ofsted.csv",
        sha256="0" * 64,
        actor_label="test",
    )
    inspection = Inspection(
        inspection_number=f"{school.urn}-{day:%Y%m%d}",
        establishment=school,
        framework=Framework.EIF,
        source_block="graded",
        start_date=day,
        judgements={"overall_effectiveness": grade},
        first_seen_on=day,
        file_date=day,
        import_run=run,
    )
    # held from the day it was published (history dated then, as an import would be)
    inspection._history_date = timezone.make_aware(
        dt.datetime.combine(day, dt.time(12))
    )
    inspection.save()
    return inspection


def test_a_head_of_a_good_school_is_eligible_under_an_eif_policy():
    school = EstablishmentFactory()
    inspect(school, "2")
    head = AdviserFactory(own_school=school, own_school_role="headteacher")

    result = adviser_eligibility(
        [head], as_of=AS_OF, policy_name="oxfordshire-2018-19"
    )[head.pk]

    assert result.eligible
    assert [r.id for r in result.routes if r.held] == ["practising_head"]
    assert ("Latest Ofsted overall effectiveness (EIF)", "Good") in result.own_school


def test_a_head_of_an_ri_school_is_not_eligible_and_the_reason_names_the_grade():
    school = EstablishmentFactory(name="Kingsmead Primary")
    inspect(school, "3")
    head = AdviserFactory(own_school=school, own_school_role="headteacher")

    result = adviser_eligibility(
        [head], as_of=AS_OF, policy_name="oxfordshire-2018-19"
    )[head.pk]

    assert not result.eligible
    assert any(
        "Kingsmead Primary" in r and "Requires improvement" in r for r in result.reasons
    ), result.reasons


def test_the_grade_held_on_the_date_is_read_not_a_later_one():
    school = EstablishmentFactory()
    inspect(school, "2", dt.date(2022, 5, 1))
    inspect(school, "4", dt.date(2026, 11, 20))
    head = AdviserFactory(own_school=school, own_school_role="headteacher")

    before = adviser_eligibility(
        [head], as_of=dt.date(2026, 11, 1), policy_name="oxfordshire-2018-19"
    )[head.pk]
    after = adviser_eligibility([head], as_of=AS_OF, policy_name="oxfordshire-2018-19")[
        head.pk
    ]

    assert before.eligible and not after.eligible


def test_accreditations_count_while_current_and_were_held_after():
    adviser = AdviserFactory()
    AccreditationFactory(
        adviser=adviser,
        kind="nle",
        awarded_on=dt.date(2015, 9, 1),
        ended_on=dt.date(2024, 8, 31),
    )
    AccreditationFactory(
        adviser=adviser, kind="ofsted_inspector", awarded_on=dt.date(2027, 1, 1)
    )

    facts = person_facts(adviser, AS_OF)

    assert facts["nle"] is False and facts["was_nle"] is True
    assert facts["ofsted_inspector"] is False  # not yet
    assert facts["practising_head"] is False


def test_a_recently_retired_lle_is_eligible_and_one_retired_too_long_ago_is_not():
    recent = AdviserFactory(retired_on=AS_OF - dt.timedelta(days=400))
    AccreditationFactory(adviser=recent, kind="lle", ended_on=recent.retired_on)
    long_ago = AdviserFactory(retired_on=AS_OF - dt.timedelta(days=1100))
    AccreditationFactory(adviser=long_ago, kind="lle", ended_on=long_ago.retired_on)

    result = adviser_eligibility(
        [recent, long_ago], as_of=AS_OF, policy_name="oxfordshire-2018-19"
    )

    assert result[recent.pk].eligible
    assert not result[long_ago.pk].eligible
    assert any("1100 days ago" in r for r in result[long_ago.pk].reasons), result[
        long_ago.pk
    ].reasons


def test_under_the_report_card_policy_a_good_eif_grade_is_not_read():
    school = EstablishmentFactory()
    inspect(school, "1")
    head = AdviserFactory(own_school=school, own_school_role="headteacher")

    result = adviser_eligibility([head], as_of=AS_OF, policy_name="report-cards-2025")[
        head.pk
    ]

    assert not result.eligible
    assert any("not known" in r for r in result.reasons), result.reasons
