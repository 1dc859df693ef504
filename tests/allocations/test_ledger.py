"""The entitlement ledger: what each school's published category entitles it to, what
is planned, delivered and overdue, and each adviser's capacity against load."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from school_improvement.allocations.entitlements import (
    academic_year_of,
    area_entitlements,
    ledger_for,
)
from school_improvement.allocations.models import DeliverySettings
from school_improvement.categorisation.models import Override, OverrideStatus
from school_improvement.people.models import TermCapacity, Unavailability
from school_improvement.people.selectors import term_capacity
from tests.allocations.conftest import YEAR
from tests.factories import AdviserFactory, AssignmentFactory, UserFactory, VisitFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2026, 9, 1), "2026/27"),
        (dt.date(2026, 8, 31), "2025/26"),
        (dt.date(2027, 1, 1), "2026/27"),
        (dt.date(2099, 12, 31), "2099/00"),
    ],
)
def test_the_academic_year_starts_on_1_september(day, year):
    assert academic_year_of(day) == year


def test_each_schools_entitlement_follows_its_published_category_and_flags(area):
    _, entitlements = area_entitlements(area["la"])
    by_name = {e.establishment.name: e for e in entitlements}

    oak, elm, ash = (
        by_name["Oak Primary"],
        by_name["Elm Primary"],
        by_name["Ash Academy"],
    )
    assert (oak.category, oak.visits, oak.strategy_meeting_weeks) == ("T", 3, 6)
    assert oak.visit_type == "targeted" and oak.support_plan
    assert (elm.visits, elm.welcome_visit, elm.visit_type) == (1, True, "annual")
    assert (ash.visits, ash.structured_conversation) == (0, True)
    settings = DeliverySettings(la=area["la"])
    assert oak.days(settings) == Decimal("3.0")
    assert elm.days(settings) == Decimal("1.5")  # a visit and a half-day welcome
    assert ash.days(settings) == Decimal("0.5")


def test_an_approved_override_changes_the_entitlement(area, make_user):
    result = area["run"].results.get(establishment=area["elm"])
    Override.objects.create(
        result=result,
        category="T",
        rationale="Known concerns",
        proposed_by=make_user(),
        status=OverrideStatus.APPROVED,
    )

    _, entitlements = area_entitlements(area["la"])
    elm = next(e for e in entitlements if e.establishment == area["elm"])

    assert (elm.category, elm.visits, elm.strategy_meeting_weeks) == ("T", 3, 6)
    assert elm.welcome_visit  # the flag's addition stays


def test_capacity_counts_each_term_with_overrides_and_unavailability(area):
    adviser = AdviserFactory(la=area["la"], capacity_days_per_term=6)
    autumn, spring, summer = area["terms"]
    TermCapacity.objects.create(adviser=adviser, term=spring, days=2)
    # away for half of the summer term's calendar days
    length = (summer.end_date - summer.start_date).days + 1
    Unavailability.objects.create(
        adviser=adviser,
        start_date=summer.start_date,
        end_date=summer.start_date + dt.timedelta(days=length // 2 - 1),
    )

    capacity = term_capacity([adviser], area["terms"])[adviser.pk]

    assert capacity[autumn.pk] == 6
    assert capacity[spring.pk] == 2
    assert capacity[summer.pk] == Decimal("3.0")


def test_the_ledger_counts_planned_delivered_and_overdue_visits(area, nle):
    AssignmentFactory(
        la=area["la"], establishment=area["oak"], adviser=nle, academic_year=YEAR
    )
    VisitFactory(establishment=area["oak"], lead=nle, status="reported")
    VisitFactory(
        establishment=area["oak"], lead=nle, planned_date=dt.date(2026, 11, 20)
    )  # passed, no report: overdue
    VisitFactory(establishment=area["oak"], lead=nle, status="cancelled")  # not counted

    book = ledger_for(area["la"], YEAR, today=TODAY)
    oak = next(s for s in book.schools if s.establishment == area["oak"])
    adviser = next(a for a in book.advisers if a.adviser == nle)

    assert (oak.visits.entitled, oak.visits.delivered, oak.visits.planned) == (3, 1, 1)
    assert oak.visits.overdue == 1 and oak.to_arrange == 1
    assert oak.adviser == nle and not oak.unallocated
    assert (adviser.capacity, adviser.allocated, adviser.schools) == (12, 3, 1)
    assert (adviser.delivered, adviser.planned) == (1, 1)
    assert [s.establishment for s in book.overdue] == [area["oak"]]


def test_the_ledger_says_where_the_guarantee_cannot_be_delivered(area, nle):
    book = ledger_for(area["la"], YEAR, today=TODAY)

    assert book.demand_days == Decimal("5.0")  # 3 + 1.5 + 0.5
    assert book.capacity_days == 12
    assert {s.establishment.name for s in book.unallocated} == {
        "Oak Primary",
        "Elm Primary",
        "Ash Academy",
    }
    phases = {row["phase"]: row for row in book.by_phase()}
    assert phases["primary"]["demand"] == Decimal("5.0")
    assert phases["primary"]["short"] is False
    assert phases["primary"]["label"] == "Primary"


def test_the_phases_read_in_words_in_their_own_order(area, nle):
    """Phase codes never reach the page: "All-through", not "all_through"."""
    import dataclasses

    real = ledger_for(area["la"], YEAR, today=TODAY)
    entitled = next(s for s in real.schools if s.days_entitled)
    book = dataclasses.replace(
        real,
        schools=[
            dataclasses.replace(entitled, phase=phase)
            for phase in ("ap", "secondary", "all_through")
        ],
    )

    assert [(r["phase"], r["label"]) for r in book.by_phase()] == [
        ("secondary", "Secondary"),
        ("all_through", "All-through"),
        ("ap", "Alternative provision"),
    ]


def test_a_year_without_terms_has_no_capacity(area, nle):
    book = ledger_for(area["la"], "2030/31", today=TODAY)

    assert book.capacity_days == 0 and book.terms == []


def test_officers_see_the_ledger_and_school_users_do_not(client, area, make_user):
    from school_improvement.accounts.models import Role

    _ = UserFactory
    client.force_login(make_user(Role.SCHOOL_USER, schools=[area["oak"]]))
    assert client.get("/allocation/").status_code == 403


def test_only_eligible_advisers_count_as_capacity(client, area, nle, officer):
    """The allocation pairs only eligible advisers, so the ledger's "can we deliver
    it?" counts only their days; an active adviser who is not eligible is listed
    with the reasons, and their days are named as not counted."""
    AdviserFactory(
        la=area["la"], first_name="Ida", last_name="Moss", capacity_days_per_term=5
    )  # no accreditation and no school of their own: not eligible
    book = ledger_for(area["la"], YEAR, today=TODAY)
    ida = next(a for a in book.advisers if a.adviser.last_name == "Moss")

    assert not ida.eligible and ida.reasons
    assert ida.capacity == 15
    assert book.capacity_days == 12  # Nia's only
    assert book.not_eligible_days == 15
    assert {row["phase"]: row["capacity"] for row in book.by_phase()} == {"primary": 12}

    client.force_login(officer)
    response = client.get(reverse("allocations:ledger") + f"?year={YEAR}")
    page = " ".join(response.content.decode().split())
    assert "12.0 days from 1 eligible adviser over 3 terms" in page
    assert "not counted: 15.0 days of" in page
    assert "1 active adviser who is not eligible</a>" in page
    ida_url = reverse("people:detail", args=[ida.adviser.pk])  # the reasons are there
    assert (
        f'<a class="govuk-link" href="{ida_url}">Ida Moss</a> '
        '<strong class="govuk-tag govuk-tag--grey">Not eligible</strong>' in page
    )
