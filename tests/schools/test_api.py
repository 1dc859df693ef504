"""The read-only register API: token auth, filters, scope, OpenAPI schema."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from school_improvement.accounts.models import Role
from school_improvement.schools.models import Governance
from tests.factories import EstablishmentFactory, TrustFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(make_user):
    user = make_user(Role.OFFICER)
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}"
    )
    return client


@pytest.fixture
def register(db):
    trust = TrustFactory(code="5001", name="Bright Futures Trust")
    return {
        "primary": EstablishmentFactory(urn="900001", name="Alder Primary School"),
        "academy": EstablishmentFactory(
            urn="900002",
            name="Beech Academy",
            governance=Governance.ACADEMY,
            type_name="Academy converter",
            trust=trust,
        ),
        "secondary": EstablishmentFactory(
            urn="900003", name="Cedar High School", phase_name="Secondary"
        ),
        "closed": EstablishmentFactory(
            urn="900004", name="Old Alder School", status_name="Closed"
        ),
    }


def urns(response):
    assert response.status_code == 200, response.content
    return sorted(r["urn"] for r in response.json()["results"])


def test_token_authentication_is_required():
    assert APIClient().get("/api/schools/").status_code == 401
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert bad.get("/api/schools/").status_code == 401


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["900001", "900002", "900003", "900004"]),
        ("?phase=secondary", ["900003"]),
        ("?governance=academy", ["900002"]),
        ("?trust=5001", ["900002"]),
        ("?status=closed", ["900004"]),
        ("?type=Academy converter", ["900002"]),
        ("?q=alder", ["900001", "900004"]),
        ("?q=900003", ["900003"]),
        ("?la=931", ["900001", "900002", "900003", "900004"]),
    ],
)
def test_the_api_filters_match_the_page_filters(api, register, query, expected):
    assert urns(api.get(f"/api/schools/{query}")) == expected


def test_an_unknown_governance_value_is_a_clear_400(api, register):
    response = api.get("/api/schools/?governance=federal")
    assert response.status_code == 400
    assert "governance" in response.json()


def test_detail_gives_the_register_record(api, register):
    data = api.get("/api/schools/900002/").json()
    assert data["name"] == "Beech Academy"
    assert data["trust_name"] == "Bright Futures Trust"
    assert data["governance"] == "academy"


def test_a_school_users_token_sees_only_their_school(make_user, register):
    user = make_user(Role.SCHOOL_USER, schools=[register["primary"]])
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}"
    )
    assert urns(client.get("/api/schools/")) == ["900001"]
    assert client.get("/api/schools/900002/").status_code == 404


def test_the_openapi_schema_describes_the_schools_endpoints(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/schools/" in text and "/api/schools/{urn}/" in text
    assert "governance" in text


def test_the_api_is_read_only(api, register):
    assert api.post("/api/schools/", {"urn": "1"}).status_code == 405
    assert api.delete("/api/schools/900001/").status_code == 405
