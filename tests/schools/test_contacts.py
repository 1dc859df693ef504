"""Chairs of governors and clerks, entered by officers or the school."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from school_improvement.accounts.models import Role
from school_improvement.core.models import AuditEvent
from school_improvement.schools.models import Contact, ContactRole, ContactSource
from school_improvement.schools.services import contact_record

pytestmark = pytest.mark.django_db


def record(school, user, **kwargs):
    values = {
        "role": ContactRole.CHAIR_OF_GOVERNORS,
        "first_name": "Mary",
        "last_name": "Somerville",
        "started_on": dt.date(2025, 9, 1),
    }
    values.update(kwargs)
    return contact_record(acting_user=user, establishment=school, **values)


def test_a_new_chair_replaces_the_previous_one_from_their_start_date(school, officer):
    first = record(school, officer)
    second = record(
        school,
        officer,
        first_name="Alan",
        last_name="Turing",
        started_on=dt.date(2026, 9, 1),
    )
    first.refresh_from_db()
    assert first.ended_on == dt.date(2026, 9, 1)
    assert (second.started_on, second.ended_on, second.source) == (
        dt.date(2026, 9, 1),
        None,
        ContactSource.MANUAL,
    )
    assert (
        AuditEvent.objects.filter(verb="contact.recorded", actor=officer).count() == 2
    )


def test_a_start_before_the_current_holder_is_refused(school, officer):
    record(school, officer)
    with pytest.raises(ValidationError, match="on or after 01 September 2025"):
        record(school, officer, last_name="Early", started_on=dt.date(2024, 1, 1))
    assert Contact.objects.count() == 1


def test_heads_cannot_be_entered_by_hand(school, officer):
    with pytest.raises(ValidationError, match="chair of governors or a clerk"):
        record(school, officer, role=ContactRole.HEADTEACHER)


def test_a_school_user_records_their_clerk_through_the_form(client, make_user, school):
    client.force_login(make_user(Role.SCHOOL_USER, schools=[school]))
    url = reverse("schools:contact-add", args=[school.urn])
    response = client.post(
        url,
        {
            "role": "clerk",
            "first_name": "Emmy",
            "last_name": "Noether",
            "started_on": "2026-10-01",
        },
        follow=True,
    )
    assert (
        "Emmy Noether is recorded as clerk to governors." in response.content.decode()
    )
    assert Contact.objects.get().role == ContactRole.CLERK


def test_the_form_explains_what_is_missing(client, officer, school):
    client.force_login(officer)
    page = client.post(
        reverse("schools:contact-add", args=[school.urn]), {"started_on": "2999-01-01"}
    ).content.decode()
    assert "govuk-error-summary" in page
    for message in (
        "Select the role",
        "Enter the first name",
        "Enter the last name",
        "today or in the past",
    ):
        assert message in page
