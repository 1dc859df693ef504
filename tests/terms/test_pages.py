"""The term dates pages: what the calendar shows, the edit and closure forms' errors,
the CSV upload (good, bad and check-only), and who may see and change what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from school_improvement.accounts.models import Role
from school_improvement.core.models import AuditEvent
from school_improvement.terms.models import ClosureDay, Term
from tests.clock_fixtures import frozen_on
from tests.factories import EstablishmentFactory, LocalAuthorityFactory, TermFactory

pytestmark = pytest.mark.django_db

D = dt.date
CALENDAR = reverse("terms:calendar")
EDIT = reverse("terms:edit")
UPLOAD = reverse("terms:upload")
HEADER = "academic_year,term,start_date,end_date,half_term_start,half_term_end\n"


_today = frozen_on(2026, 11, 20)


@pytest.fixture
def school(db):
    return EstablishmentFactory()  # open, in LA 931 Northshire


@pytest.fixture
def la(school):
    return school.la


@pytest.fixture
def other_la(db):
    la = LocalAuthorityFactory(code="932", name="Southshire")
    EstablishmentFactory(la=la)
    return la


@pytest.fixture
def year_2026(la):
    """2026/27 as the demo has it, with an INSET day on 2 September."""
    autumn = TermFactory(la=la)
    TermFactory(
        la=la,
        name="spring",
        start_date=D(2027, 1, 5),
        end_date=D(2027, 3, 25),
        half_term_start=D(2027, 2, 15),
        half_term_end=D(2027, 2, 19),
    )
    TermFactory(
        la=la,
        name="summer",
        start_date=D(2027, 4, 12),
        end_date=D(2027, 7, 21),
        half_term_start=D(2027, 5, 31),
        half_term_end=D(2027, 6, 4),
    )
    ClosureDay.objects.create(la=la, date=D(2026, 9, 2), reason="INSET day")
    return autumn


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def upload(client, text, name="terms.csv", **data):
    return client.post(
        UPLOAD, {"file": SimpleUploadedFile(name, text.encode()), **data}
    )


# ---- the calendar ------------------------------------------------------------------


def test_the_calendar_shows_each_term_with_its_days_and_holidays(
    client, officer, year_2026
):
    client.force_login(officer)
    html = page(client, CALENDAR)  # today is in 2026/27
    assert "Term dates 2026/27" in html and "Northshire" in html
    assert "Wed 2 September 2026" in html and "Fri 18 December 2026" in html
    assert "26 October to 30 October 2026" in html
    # autumn: 73 weekdays outside half-term, less the INSET day
    assert ">72<" in html
    assert "2 September: INSET day" in html
    assert "May Day (3 May)" in html  # 2027's early May bank holiday, in summer
    assert 'Change<span class="govuk-visually-hidden"> the autumn term' in html
    assert "Check these term dates" not in html


def test_the_calendar_shows_another_year_chosen(client, officer, year_2026):
    client.force_login(officer)
    html = page(client, CALENDAR, year="2027/28")
    assert "Term dates 2027/28" in html
    assert "No terms are entered for 2027/28" in html
    assert '<option value="2026/27">' in html


def test_the_calendar_warns_of_a_missing_term_and_a_long_holiday(client, officer, la):
    TermFactory(la=la)
    TermFactory(
        la=la,
        name="summer",
        start_date=D(2027, 4, 12),
        end_date=D(2027, 7, 21),
        half_term_start=None,
        half_term_end=None,
    )
    client.force_login(officer)
    html = page(client, CALENDAR, year="2026/27")
    assert "No spring term is entered for 2026/27" in html
    assert "The holiday between the autumn and summer terms is 115 days" in html
    assert "Not entered" in html


def test_the_calendar_warns_of_overlapping_terms_entered_past_the_checks(
    client, officer, la
):
    TermFactory(la=la)
    # the admin does not run the services' checks
    TermFactory(
        la=la,
        name="spring",
        start_date=D(2026, 12, 14),
        end_date=D(2027, 3, 25),
        half_term_start=None,
        half_term_end=None,
    )
    ClosureDay.objects.create(la=la, date=D(2026, 10, 27), reason="Training")
    client.force_login(officer)
    html = page(client, CALENDAR, year="2026/27")
    assert (
        "The Spring term 2026/27 starts on 14-12-2026, before the Autumn term "
        "2026/27 ends (18-12-2026)" in html
    )
    assert "The closure day 27 October 2026 (Training) falls in half-term" in html


def test_an_academic_year_that_is_not_one_is_not_found(client, officer):
    client.force_login(officer)
    assert client.get(CALENDAR, {"year": "2026/28"}).status_code == 404


def test_a_school_user_sees_their_la_s_dates_without_the_edit_links(
    client, make_user, school, year_2026, other_la
):
    client.force_login(make_user(Role.SCHOOL_USER, schools=[school]))
    html = page(client, CALENDAR)
    assert "Northshire" in html and "Wed 2 September 2026" in html
    assert "Add a closure day" not in html and "Change<" not in html
    assert "Remove" not in html
    # another LA's calendar is outside their scope
    assert client.get(CALENDAR, {"la": other_la.code}).status_code == 404


def test_an_officer_may_choose_any_la_of_the_area(client, officer, year_2026, other_la):
    client.force_login(officer)
    html = page(client, CALENDAR, la="932")
    assert "Southshire" in html and "No terms are entered for 2026/27" in html


def test_term_dates_are_in_everyone_s_navigation(client, make_user, school):
    for role in (Role.OFFICER, Role.SCHOOL_USER, Role.BOARD_MEMBER):
        client.force_login(make_user(role, schools=[school]))
        assert 'href="/terms/"' in page(client, reverse("schools:list"))


# ---- entering a term ---------------------------------------------------------------


def term_post(**changes):
    return {
        "academic_year": "2026/27",
        "name": "autumn",
        "start_date": "2026-09-02",
        "end_date": "18/12/2026",
        "half_term_start": "2026-10-26",
        "half_term_end": "2026-10-30",
        **changes,
    }


def test_an_officer_enters_a_term(client, officer, la):
    client.force_login(officer)
    response = client.post(EDIT, term_post())
    assert response.status_code == 302
    assert response["Location"] == f"{CALENDAR}?la=931&year=2026%2F27"
    term = Term.objects.get(la=la)
    assert (term.end_date, term.updated_by) == (D(2026, 12, 18), officer)
    assert AuditEvent.objects.filter(verb="term.save", actor=officer).exists()


def test_the_edit_form_is_filled_with_the_term_s_dates(client, officer, year_2026):
    client.force_login(officer)
    html = page(client, EDIT, year="2026/27", term="autumn")
    assert "Change the autumn term 2026/27" in html
    assert 'value="2026-12-18"' in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_date": "2026-09-01"}, "The term must end after it starts (02-09-2026)"),
        ({"end_date": "31/02/2026"}, "Enter the last day of term as a date"),
        ({"half_term_end": ""}, "Give both the first and the last day of half-term"),
        (
            {"half_term_start": "2026-12-21", "half_term_end": "2026-12-23"},
            "Half-term must fall inside the term",
        ),
        ({"academic_year": "next year"}, "Enter the academic year like 2026/27"),
        ({"name": ""}, "Choose autumn, spring or summer"),
    ],
)
def test_the_edit_form_shows_what_is_wrong_and_saves_nothing(
    client, officer, la, changes, message
):
    client.force_login(officer)
    response = client.post(EDIT, term_post(**changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert not Term.objects.exists()


def test_the_edit_form_refuses_a_term_overlapping_the_next(client, officer, year_2026):
    client.force_login(officer)
    html = client.post(EDIT, term_post(end_date="2027-01-08")).content.decode()
    assert "The Spring term 2026/27 starts on 05-01-2027" in html
    assert Term.objects.get(name="autumn").end_date == D(2026, 12, 18)


# ---- closure days ------------------------------------------------------------------


def test_an_officer_adds_and_removes_a_closure_day(client, officer, year_2026):
    client.force_login(officer)
    response = client.post(
        reverse("terms:closure-add"), {"date": "13/11/2026", "reason": "Training"}
    )
    assert response.status_code == 302
    closure = ClosureDay.objects.get(date=D(2026, 11, 13))
    html = page(client, CALENDAR)
    assert "13 November: Training" in html
    assert ">71<" in html  # the autumn term's school days, less both closures
    response = client.post(reverse("terms:closure-remove", args=[closure.pk]))
    assert response.status_code == 302
    assert not ClosureDay.objects.filter(pk=closure.pk).exists()
    assert AuditEvent.objects.filter(verb="closure.remove").exists()


def test_a_closure_day_outside_term_is_refused_on_the_form(client, officer, year_2026):
    client.force_login(officer)
    response = client.post(
        reverse("terms:closure-add"), {"date": "2026-12-21", "reason": "Training"}
    )
    assert "21-12-2026 is not in any term" in response.content.decode()
    assert ClosureDay.objects.count() == 1


def test_removing_a_closure_day_needs_a_post(client, officer, year_2026):
    client.force_login(officer)
    closure = ClosureDay.objects.get()
    url = reverse("terms:closure-remove", args=[closure.pk])
    assert client.get(url).status_code == 405
    assert ClosureDay.objects.filter(pk=closure.pk).exists()


def test_a_closure_day_that_does_not_exist_is_not_found(client, officer, la):
    client.force_login(officer)
    url = reverse("terms:closure-remove", args=[999])
    assert client.post(url).status_code == 404


# ---- uploading a CSV ---------------------------------------------------------------


GOOD = (
    HEADER
    + "2026/27,autumn,2026-09-02,2026-12-18,2026-10-26,2026-10-30\n"
    + "2026/27,spring,2027-01-05,2027-03-25,2027-02-15,2027-02-19\n"
)


def test_uploading_a_good_file_imports_it(client, officer, la):
    client.force_login(officer)
    response = upload(client, GOOD)
    assert response.status_code == 302
    assert response["Location"] == f"{CALENDAR}?la=931&year=2026%2F27"
    assert Term.objects.filter(la=la).count() == 2
    html = page(client, response["Location"])
    assert "terms.csv: 2 terms read; 2 created, 0 updated, 0 unchanged" in html


def test_checking_a_file_shows_what_would_change_and_saves_nothing(
    client, officer, year_2026
):
    client.force_login(officer)
    text = GOOD.replace("2026-12-18", "2026-12-17")
    response = upload(client, text, check_only="on")
    html = response.content.decode()
    assert "The file is correct: nothing has been saved yet" in html
    assert "Autumn term 2026/27" in html  # changed
    assert "Spring term 2026/27" in html  # unchanged
    assert Term.objects.get(name="autumn").end_date == D(2026, 12, 18)


def test_uploading_a_bad_file_lists_every_problem_and_saves_nothing(
    client, officer, year_2026
):
    client.force_login(officer)
    before = list(Term.objects.values_list("name", "start_date", "end_date"))
    text = (
        HEADER.strip()
        + ",notes\n"
        + "2026/27,autumn,2026-09-02,18 Dec,,,\n"
        + "2026/27,spring,2027-01-05,2027-03-25,,2027-02-19,\n"
    )
    response = upload(client, text)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The file was not imported: nothing was saved" in html
    assert "3 problems to correct" in html
    rows = [
        ("1", "notes", "expected one of the columns"),
        ("2", "end_date", "expected a date like 2026-09-03 or 03/09/2026, found"),
        ("3", "half_term_start", "expected a date, because the other half-term"),
    ]
    for line, column, message in rows:
        assert f'<td class="govuk-table__cell">{line}</td>' in html
        assert f'<td class="govuk-table__cell">{column}</td>' in html
        assert message in html
    assert list(Term.objects.values_list("name", "start_date", "end_date")) == before


def test_uploading_an_overlap_with_the_terms_entered_is_refused(
    client, officer, year_2026
):
    client.force_login(officer)
    text = HEADER + "2026/27,spring,2026-12-01,2027-03-25,,\n"
    html = upload(client, text).content.decode()
    assert "expected a date after the Autumn term 2026/27 ends (18-12-2026)" in html
    assert Term.objects.get(name="spring").start_date == D(2027, 1, 5)


def test_the_upload_refuses_a_file_that_is_not_csv(client, officer, la):
    client.force_login(officer)
    response = upload(client, GOOD, name="terms.xlsx")
    assert "must be a CSV file" in response.content.decode()
    assert not Term.objects.exists()


# ---- who may change the dates ------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [Role.SCHOOL_USER, Role.SYSTEM_LEADER, Role.QUALITY_ASSURER, Role.BOARD_MEMBER],
)
def test_only_officers_may_change_the_dates(client, make_user, school, year_2026, role):
    client.force_login(make_user(role, schools=[school]))
    closure = ClosureDay.objects.get()
    assert client.post(EDIT, term_post(end_date="2026-12-17")).status_code == 403
    assert (
        client.post(
            reverse("terms:closure-add"), {"date": "2026-11-13", "reason": "X"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("terms:closure-remove", args=[closure.pk])).status_code
        == 403
    )
    assert upload(client, GOOD).status_code == 403
    assert Term.objects.get(name="autumn").end_date == D(2026, 12, 18)
    assert ClosureDay.objects.filter(pk=closure.pk).exists()


def test_after_an_upload_the_calendar_shows_the_file_s_year(client, officer, la):
    client.force_login(officer)
    text = HEADER + "2027/28,autumn,2027-09-02,2027-12-17,,\n"
    response = upload(client, text)
    assert response["Location"] == f"{CALENDAR}?la=931&year=2027%2F28"
