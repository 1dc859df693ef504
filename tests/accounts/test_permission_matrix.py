"""Every URL against every role: allowed or denied, as the permission module decides.

The test walks the URL resolver, so a new page or endpoint that is not in EXPECTED
fails the build until someone decides who may use it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from school_improvement.accounts.models import Role
from school_improvement.data.models import ImportKind, ImportRun, ImportStatus
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL = set(Role)
OFFICERS = {Role.ADMINISTRATOR, Role.OFFICER, Role.SENIOR_OFFICER}
STAFF = OFFICERS | {Role.SYSTEM_LEADER, Role.QUALITY_ASSURER}
NOBODY: set[Role] = set()
PUBLIC = "public"

# url name -> {variant: roles allowed}. Variants: "own" is the school user's school,
# "other" a school outside their scope; "" for URLs without an establishment.
EXPECTED: dict[str, dict[str, set[Role] | str]] = {
    "core:home": {"": ALL},
    "core:health": {"": PUBLIC},
    "accounts:login": {"": PUBLIC},
    "accounts:logout": {"": PUBLIC},  # POST only; signing out is open to anyone
    "schools:list": {"": ALL},
    "schools:detail": {"own": ALL, "other": ALL - {Role.SCHOOL_USER}},
    "schools:history": {"own": OFFICERS | {Role.SCHOOL_USER}, "other": OFFICERS},
    "schools:contact-add": {"own": OFFICERS | {Role.SCHOOL_USER}, "other": OFFICERS},
    "data:imports": {"": OFFICERS},
    "data:import-detail": {"": OFFICERS},
    "data:upload": {"": OFFICERS},
    # area-wide figures: not for school users, whose scope is their own school
    "area:overview": {"": ALL - {Role.SCHOOL_USER}},
    "area:neighbours": {"": {Role.ADMINISTRATOR, Role.SENIOR_OFFICER}},
    # categorisation: the board for all but school users; a school's own category for
    # everyone in scope; runs by officers, publishing and decisions by senior officers
    "categorisation:board": {"": ALL - {Role.SCHOOL_USER}},
    "categorisation:runs": {"": ALL - {Role.SCHOOL_USER}},
    "categorisation:run": {"": ALL - {Role.SCHOOL_USER}},
    "categorisation:run-publish": {"": {Role.ADMINISTRATOR, Role.SENIOR_OFFICER}},
    "categorisation:policy": {"": ALL},  # the transparent triggers, for schools too
    "categorisation:overrides": {"": OFFICERS},
    "categorisation:override-decide": {"": {Role.ADMINISTRATOR, Role.SENIOR_OFFICER}},
    "categorisation:position-statement": {"": ALL - {Role.SCHOOL_USER}},
    "categorisation:school": {"own": ALL, "other": ALL - {Role.SCHOOL_USER}},
    "categorisation:override-propose": {"own": OFFICERS, "other": OFFICERS},
    "categorisation:judgement-add": {"own": OFFICERS, "other": OFFICERS},
    "categorisation:letters": {"": OFFICERS},
    "categorisation:letter": {"": OFFICERS},
    "categorisation:letters-zip": {"": OFFICERS},  # every letter of a run, one ZIP
    "categorisation:letter-template": {"": OFFICERS},
    # allocation: officers read the ledger, make and confirm proposals, plan the
    # year; senior officers set how entitlements turn into days
    "allocations:ledger": {"": OFFICERS},
    "allocations:proposals": {"": OFFICERS},
    "allocations:proposal": {"": OFFICERS},
    "allocations:proposal-change": {"": OFFICERS},
    "allocations:proposal-confirm": {"": OFFICERS},
    "allocations:plan": {"": OFFICERS},
    "allocations:continuity": {"own": OFFICERS, "other": OFFICERS},
    "allocations:settings": {"": {Role.ADMINISTRATOR, Role.SENIOR_OFFICER}},
    # visits: scoped by the visit (own: a reported visit to the school user's school,
    # led by the System Leader and in QA; other: a planned one elsewhere, theirs too)
    "visits:mine": {"": STAFF},
    "visits:visit": {
        "own": ALL - {Role.BOARD_MEMBER},
        "other": OFFICERS | {Role.SYSTEM_LEADER},
    },
    "visits:ics": {
        "own": ALL - {Role.BOARD_MEMBER},
        "other": OFFICERS | {Role.SYSTEM_LEADER},
    },
    "visits:report": {"own": {Role.SYSTEM_LEADER}, "other": {Role.SYSTEM_LEADER}},
    "visits:respond": {"own": {Role.SCHOOL_USER}, "other": NOBODY},
    "visits:qa-queue": {"": OFFICERS | {Role.QUALITY_ASSURER}},
    # a visit's date and cancellation: officers, and its own visitors
    "visits:schedule": {
        "own": OFFICERS | {Role.SYSTEM_LEADER},
        "other": OFFICERS | {Role.SYSTEM_LEADER},
    },
    "visits:cancel": {
        "own": OFFICERS | {Role.SYSTEM_LEADER},
        "other": OFFICERS | {Role.SYSTEM_LEADER},
    },
    "visits:qa-request": {"own": OFFICERS, "other": OFFICERS},
    "visits:templates": {"": OFFICERS},
    "visits:template": {"": OFFICERS},
    "visits:feed-rotate": {"": STAFF},
    "visits:meeting-ics": {"": OFFICERS},
    # by its secret token, not by role: an unknown token is 404 for everyone
    # (tests/visits/test_feed.py checks a real one)
    "calendar-feed": {"": NOBODY},
    "visits:qa-draw": {"": OFFICERS},
    "visits:qa-review": {
        "": {Role.ADMINISTRATOR, Role.SENIOR_OFFICER, Role.QUALITY_ASSURER}
    },
    # the advisers' register: officers keep it, quality assurers read it; everyone
    # who may visit reads their own record and declares their own conflicts
    "people:list": {"": OFFICERS | {Role.QUALITY_ASSURER}},
    "people:detail": {"": OFFICERS | {Role.QUALITY_ASSURER}},
    "people:new": {"": OFFICERS},
    "people:edit": {"": OFFICERS},
    "people:accreditation-add": {"": OFFICERS},
    "people:accreditation-end": {"": OFFICERS},
    "people:conflict-add": {"": OFFICERS},
    "people:conflict-end": {"": OFFICERS},
    "people:unavailability-add": {"": OFFICERS},
    "people:unavailability-remove": {"": OFFICERS},
    "people:term-capacity": {"": OFFICERS},
    "people:mine": {"": STAFF},
    "people:mine-conflict-add": {"": STAFF},
    # the term calendar: everyone reads it; officers keep it
    "terms:calendar": {"": ALL},
    "terms:edit": {"": OFFICERS},
    "terms:closure-add": {"": OFFICERS},
    "terms:closure-remove": {"": OFFICERS},
    "terms:upload": {"": OFFICERS},
    "api-schema": {"": ALL},
    "api-schools-list": {"": ALL},
    "api-schools-detail": {"own": ALL, "other": ALL - {Role.SCHOOL_USER}},
    # lists scoped by their querysets (tests/indicators/test_api.py checks the rows)
    "api-inspections-list": {"": ALL},
    "api-indicators-list": {"": ALL},
    "api-indicator-values-list": {"": ALL},
    "api-area-values-list": {"": ALL},
    "api-advisers-list": {"": OFFICERS | {Role.QUALITY_ASSURER}},
    "api-advisers-detail": {"": OFFICERS | {Role.QUALITY_ASSURER}},
}


# Addresses opened by a secret token in the address rather than by signing in (a
# calendar client fetches them): an unknown token finds nothing, whoever asks.
TOKEN_URLS = {"calendar-feed"}

# Answer POST only: checked with a POST (allowed: anything but 403/404/405).
POST_ONLY = {
    "visits:qa-request",
    "visits:feed-rotate",
    "allocations:proposal-confirm",
    "allocations:plan",
    "categorisation:run-publish",
    "categorisation:override-decide",
    "categorisation:override-propose",
    "visits:qa-draw",
    "people:unavailability-remove",
    "terms:closure-remove",
}


def _walk(resolver: URLResolver, prefix: str = "") -> list[str]:
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names.extend(_walk(pattern, ns))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{prefix}{pattern.name}")
    return names


def all_url_names() -> set[str]:
    return {n for n in _walk(get_resolver()) if not n.startswith("admin:")}


def test_every_url_is_in_the_matrix():
    unknown = all_url_names() - set(EXPECTED)
    assert not unknown, (
        f"Decide who may use these and add them to EXPECTED: {sorted(unknown)}"
    )


@pytest.fixture
def world(db):
    own = EstablishmentFactory(urn="900001")
    other = EstablishmentFactory(urn="900002")
    run = ImportRun.objects.create(
        kind=ImportKind.GIAS,
        status=ImportStatus.SUCCEEDED,
        file_name="x.csv",
        sha256="0" * 64,
        actor_label="test",
    )
    users = {
        role: UserFactory(role=role, schools=[own] if role == Role.SCHOOL_USER else [])
        for role in Role
    }
    return {
        "own": own,
        "other": other,
        "run": run,
        "users": users,
        **_categorisation_world(own, other, users[Role.OFFICER]),
        **_visits_world(own, other, users),
    }


def _visits_world(own, other, users):
    """A reported visit to ``own`` (in QA) and a planned one to ``other``, both led
    by the System Leader user."""
    from school_improvement.visits.models import QaReason, QualityReview
    from school_improvement.visits.services import ReportInput, report_submit
    from tests.factories import AdviserFactory, VisitFactory

    leader = AdviserFactory(user=users[Role.SYSTEM_LEADER])
    own_visit = VisitFactory(establishment=own, lead=leader)
    report = report_submit(
        acting_user=users[Role.SYSTEM_LEADER],
        visit=own_visit,
        content=ReportInput("Focus", "Strengths", "Development", "", "on_track"),
    )
    review = QualityReview.objects.filter(report=report).first() or (
        QualityReview.objects.create(report=report, reason=QaReason.REQUESTED)
    )
    other_visit = VisitFactory(establishment=other, lead=leader)
    return {"visit_own": own_visit, "visit_other": other_visit, "review": review}


def _categorisation_world(own, other, officer):
    """A published run (with a proposal) and a preview run, of the test policy."""
    from school_improvement.categorisation.models import (
        CategorisationRun,
        Override,
        PolicyVersion,
        RunStatus,
        SchoolResult,
    )
    from tests.categorisation.conftest import TEST_POLICY

    policy = PolicyVersion.objects.create(
        name="test-policy",
        version=1,
        title="Test policy",
        framework="eif",
        sha256="1" * 64,
        text=TEST_POLICY,
    )
    published = CategorisationRun.objects.create(
        policy=policy,
        as_of="2026-10-01",
        la=own.la,
        status=RunStatus.PUBLISHED,
        published_at="2026-10-01T12:00:00Z",
    )
    draft = CategorisationRun.objects.create(
        policy=policy, as_of="2026-10-02", la=own.la
    )
    results = [
        SchoolResult.objects.create(
            run=r,
            establishment=e,
            category="U",
            category_label="Universal",
            result={"category": "U", "triggers": [], "entitlements": {}},
        )
        for r in (published, draft)
        for e in (own, other)
    ]
    override = Override.objects.create(
        result=results[0], category="T", rationale="test", proposed_by=officer
    )
    from engines.allocation import Demand, Problem
    from school_improvement.allocations.models import Proposal
    from school_improvement.allocations.problem import as_json

    proposal = Proposal.objects.create(
        la=own.la,
        academic_year="2026/27",
        method="cp-sat",
        solver_status="optimal",
        objective=1.0,
        seconds=0.1,
        problem=as_json(
            Problem(
                leaders=(),
                demands=(
                    Demand(
                        id=own.urn,
                        school_id=own.urn,
                        school_name=own.name,
                        label="U: 1 visit",
                        phase="primary",
                    ),
                ),
            )
        ),
        result={"assignments": [], "unmet": [], "leader_days": {}},
    )
    return {
        "cat_run": draft,
        "override": override,
        "published_run": published,
        "proposal": proposal,
    }


def _people_url(name: str, world) -> str:
    """The people pages, on the System Leader's adviser record (with an
    accreditation, a declared conflict and dates they cannot visit)."""
    from school_improvement.people.models import Adviser
    from tests.factories import AccreditationFactory

    adviser = Adviser.objects.get(user=world["users"][Role.SYSTEM_LEADER])
    items = {
        "people:accreditation-end": lambda: AccreditationFactory(adviser=adviser),
        "people:conflict-end": lambda: adviser.conflicts.create(
            establishment=world["other"], reason="Governor there"
        ),
        "people:unavailability-remove": lambda: adviser.unavailability.create(
            start_date="2027-01-11", end_date="2027-01-15"
        ),
    }
    if name in {"people:list", "people:new", "people:mine", "people:mine-conflict-add"}:
        return reverse(name)
    kwargs = {"pk": adviser.pk}
    if name in items:
        kwargs["item"] = items[name]().pk
    if name == "people:term-capacity":
        from school_improvement.terms.models import Term

        kwargs["term"] = Term.objects.get_or_create(
            la=adviser.la,
            academic_year="2026/27",
            name="spring",
            defaults={
                "start_date": "2027-01-05",
                "end_date": "2027-03-26",
            },
        )[0].pk
    return reverse(name, kwargs=kwargs)


def url_for(name: str, variant: str, world) -> str:
    if name in {"data:import-detail"}:
        return reverse(name, kwargs={"pk": world["run"].pk})
    if name in {"categorisation:run", "categorisation:run-publish"}:
        return reverse(name, kwargs={"pk": world["cat_run"].pk})
    if name == "categorisation:letters":
        return reverse(name, kwargs={"pk": world["published_run"].pk})
    if name == "categorisation:letter":
        return reverse(
            name,
            kwargs={
                "pk": world["published_run"].pk,
                "urn": world["own"].urn,
                "fmt": "pdf",
            },
        )
    if name == "categorisation:letters-zip":
        return reverse(
            name,
            kwargs={"pk": world["published_run"].pk, "scope": "all", "fmt": "docx"},
        )
    if name in {
        "allocations:proposal",
        "allocations:proposal-change",
        "allocations:proposal-confirm",
    }:
        kwargs = {"pk": world["proposal"].pk}
        if name == "allocations:proposal-change":
            kwargs["urn"] = world["own"].urn
        return reverse(name, kwargs=kwargs)
    if name == "categorisation:override-decide":
        return reverse(name, kwargs={"pk": world["override"].pk})
    if name == "calendar-feed":
        return reverse(name, kwargs={"token": "not-a-token"})
    if name == "visits:meeting-ics":
        from school_improvement.support.models import StrategyMeeting

        meeting = StrategyMeeting.objects.create(
            establishment=world["own"],
            academic_year="2026/27",
            series_weeks=6,
            number=1,
            planned_date=dt.date(2027, 1, 11),
        )
        return reverse(name, kwargs={"pk": meeting.pk})
    if name == "visits:template":
        return reverse(name, kwargs={"visit_type": "annual"})
    if name.startswith("people:"):
        return _people_url(name, world)
    if name == "visits:qa-review":
        return reverse(name, kwargs={"pk": world["review"].pk})
    if name.startswith("visits:") and variant:
        return reverse(name, kwargs={"pk": world[f"visit_{variant}"].pk})
    if name == "terms:closure-remove":
        from school_improvement.terms.models import ClosureDay

        closure, _ = ClosureDay.objects.get_or_create(
            la=world["own"].la, date="2026-11-13", defaults={"reason": "INSET day"}
        )
        return reverse(name, kwargs={"pk": closure.pk})
    if name == "categorisation:policy":
        return reverse(name, kwargs={"name": "oxfordshire-2018-19"})
    if name == "api-advisers-detail":
        from school_improvement.people.models import Adviser

        leader = Adviser.objects.get(user=world["users"][Role.SYSTEM_LEADER])
        return reverse(name, kwargs={"pk": leader.pk})
    if variant:
        return reverse(name, kwargs={"urn": world[variant].urn})
    return reverse(name)


def is_allowed(response, name: str) -> bool:
    if name in POST_ONLY:
        return response.status_code not in {403, 404, 405}
    if name.startswith("api"):
        return response.status_code == 200
    if name == "core:home":
        return (
            response.status_code == 302
            and "/accounts/sign-in/" not in response["Location"]
        )
    return response.status_code == 200


def cases():
    for name, variants in EXPECTED.items():
        for variant, allowed in variants.items():
            if allowed == PUBLIC:
                continue
            for role in Role:
                yield pytest.param(
                    name,
                    variant,
                    role,
                    role in allowed,
                    id=f"{name}[{variant or '-'}]-{role.value}",
                )


@pytest.mark.parametrize(("name", "variant", "role", "allowed"), list(cases()))
def test_role_against_url(client, world, name, variant, role, allowed):
    client.force_login(world["users"][role])
    url = url_for(name, variant, world)
    response = client.post(url, {}) if name in POST_ONLY else client.get(url)
    assert is_allowed(response, name) is allowed, (
        response.status_code,
        response.get("Location"),
    )
    if not allowed:
        assert response.status_code in {403, 404}
    if not allowed and variant == "other":
        assert world["other"].name.encode() not in response.content


@pytest.mark.parametrize(
    ("name", "variant"),
    [(n, v) for n, vs in EXPECTED.items() for v, a in vs.items() if a != PUBLIC],
)
def test_anonymous_users_are_sent_to_sign_in_or_refused(client, world, name, variant):
    response = client.get(url_for(name, variant, world))
    if name in TOKEN_URLS:
        assert response.status_code == 404  # its secret token is its sign-in
    elif name.startswith("api"):
        assert response.status_code in {401, 403}
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/sign-in/")


def test_public_urls_answer_anonymous_users(client, db):
    assert client.get(reverse("core:health")).status_code == 200
    assert client.get(reverse("accounts:login")).status_code == 200


@pytest.mark.parametrize("role", list(Role))
def test_django_admin_is_for_administrators_only(client, world, role):
    client.force_login(world["users"][role])
    for url in (
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:schools_establishment_changelist"),
    ):
        response = client.get(url)
        if role == Role.ADMINISTRATOR:
            assert response.status_code == 200, url
        else:
            assert (
                response.status_code == 302 and "/admin/login/" in response["Location"]
            ), url


def test_inactive_users_may_do_nothing(client, world):
    user = world["users"][Role.ADMINISTRATOR]
    user.is_active = False
    user.save()
    client.force_login(user)
    assert client.get(reverse("schools:list")).status_code in {302, 403}


def test_the_upload_is_refused_to_roles_without_it_on_post_too(client, world):
    client.force_login(world["users"][Role.SYSTEM_LEADER])
    response = client.post(reverse("data:upload"), {})
    assert response.status_code == 403


def test_a_school_user_sees_only_their_own_school_in_the_list_and_api(client, world):
    client.force_login(world["users"][Role.SCHOOL_USER])
    page = client.get(reverse("schools:list")).content.decode()
    assert world["own"].name in page and world["other"].name not in page
    data = client.get(reverse("api-schools-list")).json()
    assert [r["urn"] for r in data["results"]] == ["900001"]


def test_board_members_see_the_register_but_not_contacts(client, world):
    client.force_login(world["users"][Role.BOARD_MEMBER])
    page = client.get(
        reverse("schools:detail", kwargs={"urn": "900001"})
    ).content.decode()
    assert "Register details" in page
    assert ">Contacts<" not in page
