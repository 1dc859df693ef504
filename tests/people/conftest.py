"""Fixtures of the advisers' register's tests."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import (
    AccreditationFactory,
    AdviserFactory,
    EstablishmentFactory,
    TrustFactory,
)
from tests.people.test_eligibility_rules import inspect


@pytest.fixture
def area():
    """An NLE (eligible) and the head of a school that requires improvement (not
    eligible), and a second school of the head's school's trust."""
    trust = TrustFactory(name="Riverside Learning Trust")
    school = EstablishmentFactory(name="Kingsmead Primary", trust=trust)
    sister = EstablishmentFactory(name="Brookside Primary", trust=trust)
    inspect(school, "3")
    nle = AdviserFactory(first_name="Nadia", last_name="Nowak", phases=["secondary"])
    AccreditationFactory(adviser=nle, kind="nle", awarded_on=dt.date(2018, 9, 1))
    head = AdviserFactory(
        first_name="Harj",
        last_name="Hughes",
        la=school.la,
        own_school=school,
        own_school_role="headteacher",
        phases=["primary"],
    )
    AccreditationFactory(adviser=head, kind="lle", awarded_on=dt.date(2020, 9, 1))
    return {"school": school, "sister": sister, "nle": nle, "head": head}
