"""The category board's moves since a chosen date or an earlier publication, with the
GOV.UK date input and its errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from school_improvement.categorisation.selectors import (
    academic_year_start,
    moves_between,
    publication_in_force,
)
from school_improvement.categorisation.services import (
    categorisation_run,
    run_publish,
)
from school_improvement.core import clock
from tests.categorisation.test_letter_batch import publish_twice
from tests.categorisation.test_runs import area, at, import_absence  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_publications(area, make_user):  # noqa: F811
    return publish_twice(area, make_user)


def board(client, **params):
    response = client.get(reverse("categorisation:board"), params)
    assert response.status_code == 200
    return response, " ".join(response.content.decode().split())


def since(day: dt.date) -> dict[str, str]:
    return {
        "since_day": str(day.day),
        "since_month": str(day.month),
        "since_year": str(day.year),
    }


def test_the_board_offers_moves_since_a_date_without_answering_before_asked(
    client, two_publications, officer
):
    client.force_login(officer)
    _, page = board(client)
    assert "Moves since a date" in page
    assert 'id="since_day"' in page and 'name="since_year"' in page
    assert "There is a problem" not in page
    assert "Compared with the categories published on" not in page
    # The earlier publication is offered; the current one is not.
    first, second = two_publications["first"], two_publications["second"]
    assert (
        f'<option value="{first.pk}">1 October 2026: run {first.pk}, Test policy'
        in (page)
    )
    assert f'<option value="{second.pk}"' not in page


def test_moves_since_a_date_compare_with_the_categories_in_force_that_day(
    client, two_publications, officer
):
    client.force_login(officer)
    first = two_publications["first"]
    _, page = board(client, **since(dt.date(2026, 10, 2)))
    assert "Moves since 2 October 2026" in page
    assert (
        f"run {first.pk}</a>, published on 1 October 2026 under “Test policy”: the "
        "categories in force at the start of 2 October 2026." in page
    )
    assert (
        '>Oak Primary</a></td><td class="govuk-table__cell">T</td><td class="govuk-table__cell">U</td>'
        in page
    )
    assert "1 school in a different category." in page
    assert "Elm Primary</a></td><td" not in page.split("Moves since 2 October")[1]


def test_moves_since_an_earlier_publication(client, two_publications, officer):
    client.force_login(officer)
    first = two_publications["first"]
    _, page = board(client, since_run=str(first.pk))
    assert "Moves since the publication of 1 October 2026" in page
    assert "1 school in a different category." in page
    assert f'<option value="{first.pk}" selected>' in page


def test_today_is_allowed_and_compares_with_what_stood_this_morning(
    client, two_publications, officer
):
    client.force_login(officer)
    _, page = board(client, **since(clock.today()))  # DAY2: the second publication
    assert "Moves since 20 October 2026" in page
    assert "1 school in a different category." in page


@pytest.mark.parametrize(
    ("params", "message", "target"),
    [
        ({}, "Enter a date, or choose a publication", "since_day"),
        (
            {"since_day": "2", "since_month": "", "since_year": "2026"},
            "The date must include a month",
            "since_month",
        ),
        (
            {"since_day": "", "since_month": "", "since_year": "2026"},
            "The date must include a day and month",
            "since_day",
        ),
        (
            {"since_day": "31", "since_month": "2", "since_year": "2026"},
            "The date must be a real date",
            "since_day",
        ),
        (
            {"since_day": "2", "since_month": "Oct", "since_year": "2026"},
            "The date must be a real date",
            "since_month",
        ),
        (
            {"since_day": "2", "since_month": "10", "since_year": "26"},
            "The year must include 4 numbers",
            "since_year",
        ),
        (
            {"since_day": "21", "since_month": "10", "since_year": "2026"},
            "The date must be today or in the past",
            "since_day",
        ),
        (
            {"since_day": "1", "since_month": "10", "since_year": "2026"},
            "The date must be after 1 October 2026, when categories were first "
            "published",
            "since_day",
        ),
        (
            {"since_run": "999999"},
            "Choose a publication from the list",
            "since_run",
        ),
        (
            {"since_run": "x"},
            "Choose a publication from the list",
            "since_run",
        ),
    ],
)
def test_a_wrong_date_or_publication_is_explained(
    client, two_publications, officer, params, message, target
):
    client.force_login(officer)
    query = {"since_day": "", "since_month": "", "since_year": ""} | params
    response, page = board(client, **query)
    assert response.content.decode().count(message) == 2  # summary and field
    assert "<title>Error: Categories" in page
    assert f'<a href="#{target}">{message}</a>' in page
    assert "Compared with the categories published on" not in page
    # What was typed is kept.
    for name in ("since_day", "since_month", "since_year"):
        if query.get(name):
            assert (
                f'name="{name}" type="text" inputmode="numeric" value="{query[name]}"'
                in page
            )


def test_a_date_and_a_publication_together_are_refused(
    client, two_publications, officer
):
    client.force_login(officer)
    first = two_publications["first"]
    _, page = board(client, since_run=str(first.pk), **since(dt.date(2026, 10, 2)))
    assert "Enter a date or choose a publication, not both" in page


def test_the_start_of_the_academic_year_is_offered_once_categories_stood_then(
    client, two_publications, officer
):
    assert academic_year_start(dt.date(2026, 10, 20)) == dt.date(2026, 9, 1)
    assert academic_year_start(dt.date(2027, 8, 31)) == dt.date(2026, 9, 1)
    client.force_login(officer)
    _, page = board(client)
    assert "Since the start of this academic year" not in page  # first: 1 Oct
    clock.freeze(at(dt.date(2027, 9, 15)))
    _, page = board(client)
    assert (
        'since_day=1&amp;since_month=9&amp;since_year=2027#moves-since">Since the '
        "start of this academic year (1 September 2027)" in page
    )


def test_a_school_that_moved_and_came_back_is_counted_not_listed(two_publications):
    first = two_publications["first"]
    clock.freeze(at(dt.date(2026, 11, 2)))
    import_absence("7.5", release="final")  # Oak back above the margin
    third = categorisation_run(
        acting_user=None, policy_name="test-policy", as_of=dt.date(2026, 11, 2)
    )
    run_publish(acting_user=two_publications["senior"], run=third)
    third.refresh_from_db()
    assert publication_in_force(first.la, dt.date(2026, 10, 2)) == first
    assert publication_in_force(first.la, dt.date(2026, 10, 1)) is None
    moves, back = moves_between(first, third)
    assert moves == [] and back == 1
    second_moves, _ = moves_between(two_publications["second"], third)
    assert [(m.establishment.urn, m.before, m.after) for m in second_moves] == [
        ("100001", "U", "T")
    ]
