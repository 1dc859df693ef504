"""The advisers' register API: the page's rows and filters, its permission (403 for
the roles that may not read the register), 404 out of scope, and unknown filter
values refused with what is allowed."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from school_improvement.accounts.models import Role
from tests.clock_fixtures import eif_policy, frozen_on
from tests.factories import AccreditationFactory

pytestmark = pytest.mark.django_db


_today = frozen_on(2026, 12, 1)
_policy = eif_policy()


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}"
    )
    return client


@pytest.fixture
def register(area):
    """The register of tests/people/conftest.py's area, the NLE also once a SIP."""
    AccreditationFactory(
        adviser=area["nle"],
        kind="sip",
        awarded_on=dt.date(2015, 9, 1),
        ended_on=dt.date(2019, 8, 31),
    )
    return area


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["name"] for r in response.json()["results"]]


def test_the_register_lists_eligibility_with_the_reasons(make_user, register):
    api = client_for(make_user(Role.OFFICER))

    rows = {r["name"]: r for r in api.get("/api/advisers/").json()["results"]}

    head, nle = rows["Harj Hughes"], rows["Nadia Nowak"]
    assert nle["eligible"] is True and nle["not_eligible_because"] == []
    assert [a["kind"] for a in nle["accreditations"]] == ["nle"]  # not the ended SIP
    assert head["eligible"] is False
    assert any("Requires improvement" in r for r in head["not_eligible_because"]), head
    assert head["own_school"]["urn"] == register["school"].urn
    assert head["own_school"]["latest_inspection"] == "Requires improvement"
    assert head["phases"] == ["primary"] and head["la"] == register["school"].la.code


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Harj Hughes", "Nadia Nowak"]),
        ("?eligible=no", ["Harj Hughes"]),
        ("?eligible=yes", ["Nadia Nowak"]),
        ("?accreditation=nle", ["Nadia Nowak"]),
        ("?accreditation=sip", []),  # ended: not held today
        ("?phase=primary", ["Harj Hughes"]),
        ("?active=no", []),
    ],
)
def test_the_filters_are_the_pages(make_user, register, query, expected):
    api = client_for(make_user(Role.OFFICER))

    assert names(api.get(f"/api/advisers/{query}")) == expected


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("?eligible=maybe", "eligible", "expected one of yes, no; got 'maybe'"),
        ("?phase=infant", "phase", "got 'infant'"),
        ("?la=999", "la", "no local authority with code '999'"),
    ],
)
def test_an_unknown_filter_value_is_refused(make_user, register, query, field, words):
    response = client_for(make_user(Role.OFFICER)).get(f"/api/advisers/{query}")

    assert response.status_code == 400
    assert words in response.json()[field][0]


def test_one_adviser_and_who_may_read_them(make_user, register):
    pk = register["nle"].pk
    officer = client_for(make_user(Role.OFFICER))
    qa = client_for(make_user(Role.QUALITY_ASSURER))
    leader = client_for(make_user(Role.SYSTEM_LEADER))
    school = client_for(make_user(Role.SCHOOL_USER))

    one = officer.get(f"/api/advisers/{pk}/")

    assert one.status_code == 200 and one.json()["name"] == "Nadia Nowak"
    assert one.json()["eligible"] is True
    assert officer.get("/api/advisers/99999/").status_code == 404
    assert qa.get("/api/advisers/").status_code == 200
    assert leader.get("/api/advisers/").status_code == 403
    assert school.get(f"/api/advisers/{pk}/").status_code == 403
    assert APIClient().get("/api/advisers/").status_code == 401
    assert officer.post("/api/advisers/", {}).status_code == 405


def test_the_openapi_schema_describes_the_advisers_endpoints(make_user):
    api = client_for(make_user(Role.OFFICER))

    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    text = response.content.decode()
    assert "/api/advisers/" in text and "/api/advisers/{id}/" in text
    assert "not_eligible_because" in text and "eligible" in text
