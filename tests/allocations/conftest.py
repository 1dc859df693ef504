"""A small area with published categories, terms and advisers, for the ledger, the
allocation and the planning tests. The policy is the app tests' own (three
categories: A academies with a structured conversation, T targeted with 3 visits and
six-weekly strategy meetings, U universal with 1 visit)."""

from __future__ import annotations

import datetime as dt

import pytest

from engines.categorisation import load_policy
from school_improvement.categorisation.models import (
    CategorisationRun,
    PolicyVersion,
    RunStatus,
    SchoolResult,
)
from tests.categorisation.conftest import TEST_POLICY
from tests.factories import (
    AdviserFactory,
    EstablishmentFactory,
    LocalAuthorityFactory,
    TermFactory,
)

YEAR = "2026/27"
# The app tests' policy, with a new-headteacher flag that adds a welcome visit.
POLICY = TEST_POLICY.replace(
    "facts:\n",
    "facts:\n  interim_head:\n    type: boolean\n    label: Interim head\n",
).replace(
    "flags: {}\n",
    "flags:\n  NH:\n    label: New headteacher\n    rule: interim_head\n"
    "    when_missing: ignore\n    entitlement:\n      welcome_visit: true\n",
)


def publish(la, placements: dict, *, flags: dict | None = None) -> CategorisationRun:
    """Publish a run placing each school in a category of the test policy."""
    policy = load_policy(POLICY, file_name="test-policy.yaml")
    version, _ = PolicyVersion.objects.get_or_create(
        name="test-policy",
        sha256=policy.sha256,
        defaults={
            "version": 1,
            "title": "Test policy",
            "framework": "eif",
            "text": POLICY,
        },
    )
    CategorisationRun.objects.filter(la=la, status=RunStatus.PUBLISHED).update(
        status=RunStatus.SUPERSEDED
    )
    run = CategorisationRun.objects.create(
        policy=version,
        as_of=dt.date(2026, 9, 1),
        la=la,
        status=RunStatus.PUBLISHED,
        published_at=dt.datetime(2026, 9, 2, tzinfo=dt.UTC),
    )
    specs = {c.id: c for c in policy.categories}
    for school, category in placements.items():
        entitlements = dict(specs[category].entitlement)
        school_flags = (flags or {}).get(school, [])
        if "NH" in school_flags:
            entitlements["welcome_visit"] = True
        SchoolResult.objects.create(
            run=run,
            establishment=school,
            category=category,
            category_label=specs[category].label,
            flags=school_flags,
            result={"category": category, "entitlements": entitlements},
        )
    return run


@pytest.fixture
def area(db):
    la = LocalAuthorityFactory(code="989", name="Northshire")
    schools = {
        "oak": EstablishmentFactory(urn="100001", la=la, name="Oak Primary", easting=450000, northing=210000),
        "elm": EstablishmentFactory(urn="100002", la=la, name="Elm Primary", easting=452000, northing=212000),
        "ash": EstablishmentFactory(urn="100003", la=la, name="Ash Academy", governance="academy", easting=455000, northing=209000),
    }  # fmt: skip
    terms = [
        TermFactory(la=la),
        TermFactory(
            la=la,
            name="spring",
            start_date=dt.date(2027, 1, 5),
            end_date=dt.date(2027, 3, 26),
            half_term_start=dt.date(2027, 2, 15),
            half_term_end=dt.date(2027, 2, 19),
        ),
        TermFactory(
            la=la,
            name="summer",
            start_date=dt.date(2027, 4, 12),
            end_date=dt.date(2027, 7, 21),
            half_term_start=dt.date(2027, 5, 31),
            half_term_end=dt.date(2027, 6, 4),
        ),
    ]
    run = publish(
        la,
        {schools["oak"]: "T", schools["elm"]: "U", schools["ash"]: "A"},
        flags={schools["elm"]: ["NH"]},
    )
    return {"la": la, "run": run, "terms": terms, **schools}


@pytest.fixture
def nle(area):
    """An eligible adviser (an NLE) near the schools, 4 days a term."""
    from tests.factories import AccreditationFactory

    adviser = AdviserFactory(
        la=area["la"], first_name="Nia", last_name="Lowe", capacity_days_per_term=4
    )
    AccreditationFactory(adviser=adviser, kind="nle")
    return adviser
