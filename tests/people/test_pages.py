"""The advisers' register pages: who is not eligible and why, the filters, one
adviser's conflicts (declared and those that follow from the register), the
officers' forms with their errors, "My record", and who may see what."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from school_improvement.accounts.models import Role
from school_improvement.core.models import AuditEvent
from school_improvement.people.models import Conflict, Unavailability
from tests.clock_fixtures import eif_policy, frozen_on
from tests.factories import (
    AdviserFactory,
    EstablishmentFactory,
    TermFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


_today = frozen_on(2026, 12, 1)


_policy = eif_policy()


def signed_in(client, role=Role.OFFICER, **kwargs):
    user = UserFactory(role=role, **kwargs)
    client.force_login(user)
    return user


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def register_rows(response) -> list[str]:
    body = text(response).split('id="register"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', body)[1:]


def test_the_register_shows_who_is_not_eligible_and_why(client, area):
    signed_in(client)

    response = client.get(reverse("people:list"))

    assert response.status_code == 200
    rows = register_rows(response)
    head = next(r for r in rows if "Harj Hughes" in r)
    nle = next(r for r in rows if "Nadia Nowak" in r)
    assert "Kingsmead Primary" in head
    assert "Requires improvement" in head  # its latest inspection
    assert ">No<" in head
    assert re.search(r"own school Kingsmead Primary: [^<]*Requires improvement", head)
    assert ">Yes<" in nle and "National Leader of Education" in nle
    page = text(response)
    assert re.search(r"Eligible</dt>.*?>1<", page)
    assert re.search(r"Not eligible</dt>.*?>1<", page)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("eligible=no", {"Harj Hughes", "Retired Rhys"}),
        ("eligible=no&active=yes", {"Harj Hughes"}),
        ("eligible=yes", {"Nadia Nowak"}),
        ("accreditation=lle", {"Harj Hughes"}),
        ("accreditation=ofsted_inspector", set()),
        ("phase=secondary", {"Nadia Nowak"}),
        ("active=no", {"Retired Rhys"}),
        ("active=yes&eligible=yes", {"Nadia Nowak"}),
        ("eligible=nonsense", {"Harj Hughes", "Nadia Nowak", "Retired Rhys"}),
    ],
)
def test_the_register_filters(client, area, query, shown):
    AdviserFactory(first_name="Retired", last_name="Rhys", active=False)
    signed_in(client)

    response = client.get(reverse("people:list") + "?" + query)

    names = {
        name
        for name in ("Harj Hughes", "Nadia Nowak", "Retired Rhys")
        if any(name in r for r in register_rows(response))
    }
    assert names == shown


def test_an_adviser_page_shows_declared_and_derived_conflicts(client, area):
    other = EstablishmentFactory(name="Elmwood Academy")
    Conflict.objects.create(
        adviser=area["head"],
        establishment=other,
        reason="Spouse teaches there",
        declared_on=dt.date(2025, 9, 1),
    )
    signed_in(client)

    response = client.get(reverse("people:detail", kwargs={"pk": area["head"].pk}))

    page = text(response)
    derived = page.split('id="derived-conflicts"', 1)[1].split("</table>", 1)[0]
    assert "Kingsmead Primary" in derived and "Their own school" in derived
    assert "Brookside Primary" in derived
    assert "Same trust as their own school (Riverside Learning Trust)" in derived
    assert "Elmwood Academy" in derived and "Declared: Spouse teaches there" in derived
    declared = page.split('id="declared-conflicts"', 1)[1].split("</table>", 1)[0]
    assert "Elmwood Academy" in declared
    assert "Not eligible" in page and "Requires improvement" in page
    assert "Local Leader of Education" in page


def test_the_edit_form_shows_the_services_errors_by_field(client, area):
    signed_in(client)
    url = reverse("people:edit", kwargs={"pk": area["nle"].pk})
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "first_name": "Nadia",
            "last_name": "",
            "home_postcode": "nowhere",
            "latitude": "51.5",
            "capacity_days_per_term": "-3",
        },
    )

    assert response.status_code == 400
    page = text(response)
    assert "govuk-error-summary" in page
    for message in (
        "Enter their last name",
        "Enter a UK postcode",
        "Enter both the latitude and the longitude",
        "Days a term must be 0 or more",
    ):
        assert message in page
    area["nle"].refresh_from_db()
    assert area["nle"].last_name == "Nowak"


def test_an_officer_adds_an_adviser_and_is_sent_to_their_page(client, area):
    signed_in(client)

    response = client.post(
        reverse("people:new"),
        {
            "first_name": "Owen",
            "last_name": "Walsh",
            "home_postcode": "ns2 7qt",
            "phases": ["primary", "special"],
            "capacity_days_per_term": "4",
            "specialisms": "SEND\nReading and phonics",
            "active": "on",
        },
    )

    assert response.status_code == 302
    page = text(client.get(response["Location"]))
    assert "Owen Walsh" in page and "NS2 7QT" in page
    assert "Primary, Special" in page and "SEND, Reading and phonics" in page
    assert AuditEvent.objects.filter(verb="people.adviser.create").count() == 1


def test_an_officer_declares_and_ends_a_conflict(client, area):
    signed_in(client)
    other = EstablishmentFactory(name="Elmwood Academy")
    add = reverse("people:conflict-add", kwargs={"pk": area["nle"].pk})

    refused = client.post(add, {"reason": "Governor there"})
    response = client.post(add, {"establishment": other.pk, "reason": "Governor"})

    assert refused.status_code == 400
    assert "Choose one school, trust or federation" in text(refused)
    assert response.status_code == 302
    conflict = Conflict.objects.get(adviser=area["nle"])
    end = reverse(
        "people:conflict-end", kwargs={"pk": area["nle"].pk, "item": conflict.pk}
    )
    assert client.post(end, {"ended_on": "2026-12-01"}).status_code == 302
    conflict.refresh_from_db()
    assert conflict.ended_on == dt.date(2026, 12, 1)


def test_accreditation_and_unavailability_forms(client, area):
    signed_in(client)
    pk = area["nle"].pk

    bad = client.post(
        reverse("people:accreditation-add", kwargs={"pk": pk}),
        {"kind": "sip", "awarded_on": "2024-09-01", "ended_on": "2023-01-01"},
    )
    good = client.post(
        reverse("people:accreditation-add", kwargs={"pk": pk}),
        {"kind": "sip", "awarded_on": "2024-09-01"},
    )
    away = client.post(
        reverse("people:unavailability-add", kwargs={"pk": pk}),
        {"start_date": "2027-01-11", "end_date": "2027-01-15", "reason": "Leave"},
    )
    backwards = client.post(
        reverse("people:unavailability-add", kwargs={"pk": pk}),
        {"start_date": "2027-03-11", "end_date": "2027-03-01"},
    )

    assert bad.status_code == 400
    assert "The end date must be on or after the date awarded" in text(bad)
    assert good.status_code == 302 and away.status_code == 302
    assert backwards.status_code == 400
    assert "The last day must be on or after the first day" in text(backwards)
    page = text(client.get(reverse("people:detail", kwargs={"pk": pk})))
    assert "School Improvement Partner" in page and "11 Jan 2027" in page
    item = Unavailability.objects.get(adviser_id=pk)
    removed = client.post(
        reverse("people:unavailability-remove", kwargs={"pk": pk, "item": item.pk})
    )
    assert removed.status_code == 302 and not Unavailability.objects.exists()


def term_days_rows(response) -> list[str]:
    body = text(response).split('id="term-days"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body)[1:]  # after the heading
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_an_officer_changes_an_advisers_days_in_one_term(client, area):
    signed_in(client)
    head = area["head"]  # 5 days a term
    TermFactory(la=head.la)  # autumn
    spring = TermFactory(
        la=head.la,
        name="spring",
        start_date=dt.date(2027, 1, 5),
        end_date=dt.date(2027, 3, 26),
        half_term_start=dt.date(2027, 2, 15),
        half_term_end=dt.date(2027, 2, 19),
    )
    Unavailability.objects.create(
        adviser=head, start_date=dt.date(2027, 1, 5), end_date=dt.date(2027, 1, 25)
    )
    url = reverse("people:term-capacity", kwargs={"pk": head.pk, "term": spring.pk})

    form = client.get(url)
    words = client.post(url, {"days": "two"})
    too_many = client.post(url, {"days": "80"})
    saved = client.post(url, {"days": "3", "note": "Seconded to the trust"})
    page = client.get(reverse("people:detail", kwargs={"pk": head.pk}))

    assert form.status_code == 200 and "Days in Spring 2027" in text(form)
    assert words.status_code == 400
    assert "Enter the days as a number, like 4 or 4.5" in text(words)
    assert too_many.status_code == 400 and "school days" in text(too_many)
    assert saved.status_code == 302 and saved["Location"].endswith("#terms")
    autumn_row, spring_row = term_days_rows(page)
    assert autumn_row.startswith("Autumn 2026 (2026/27) 5.0 5.0 5.0 as usual Change")
    # 21 of the spring term's 81 days away: 3 days become 2.2
    assert spring_row.startswith(
        "Spring 2027 (2026/27) 5.0 3.0 2.2 Seconded to the trust"
    )
    cleared = client.post(url, {"days": ""})
    assert cleared.status_code == 302
    assert not head.term_capacities.exists()
    assert AuditEvent.objects.filter(verb="people.term_capacity.clear").count() == 1


def test_a_term_of_another_area_is_not_found(client, area):
    from tests.factories import LocalAuthorityFactory

    signed_in(client)
    elsewhere = TermFactory(la=LocalAuthorityFactory(code="932", name="Southshire"))
    url = reverse(
        "people:term-capacity", kwargs={"pk": area["head"].pk, "term": elsewhere.pk}
    )

    assert client.get(url).status_code == 404
    assert client.post(url, {"days": "2"}).status_code == 404


def test_a_system_leader_sees_their_own_record_and_declares_a_conflict(client, area):
    user = signed_in(client, Role.SYSTEM_LEADER)
    area["head"].user = user
    area["head"].save()
    other = EstablishmentFactory(name="Elmwood Academy")

    page = text(client.get(reverse("people:mine")))
    response = client.post(
        reverse("people:mine-conflict-add"),
        {"establishment": other.pk, "reason": "My child goes there"},
    )

    assert "Not eligible" in page and "Kingsmead Primary" in page
    assert "Brookside Primary" in page  # the same trust
    assert "Your record" in page and "Their record" not in page  # spoken to them
    assert response.status_code == 302 and response["Location"] == reverse(
        "people:mine"
    )
    assert "My child goes there" in text(client.get(reverse("people:mine")))
    # but not the register, nor anyone else's record, nor ending a conflict
    conflict = Conflict.objects.get(adviser=area["head"])
    for url in (
        reverse("people:list"),
        reverse("people:detail", kwargs={"pk": area["nle"].pk}),
        reverse(
            "people:conflict-end", kwargs={"pk": area["head"].pk, "item": conflict.pk}
        ),
    ):
        assert client.get(url).status_code == 403, url


def test_my_record_without_an_adviser_record_says_so(client):
    signed_in(client, Role.SYSTEM_LEADER)

    assert "You have no adviser record" in text(client.get(reverse("people:mine")))
    assert "You have no adviser record" in text(
        client.get(reverse("people:mine-conflict-add"))
    )


def test_school_users_and_board_members_are_refused(client, area):
    for role in (Role.SCHOOL_USER, Role.BOARD_MEMBER):
        signed_in(client, role)
        for url in (
            reverse("people:list"),
            reverse("people:detail", kwargs={"pk": area["head"].pk}),
            reverse("people:mine"),
        ):
            response = client.get(url)
            assert response.status_code == 403, (role, url)
            assert "Kingsmead Primary" not in text(response)


def test_a_quality_assurer_reads_the_register_but_may_not_change_it(client, area):
    signed_in(client, Role.QUALITY_ASSURER)

    page = text(client.get(reverse("people:detail", kwargs={"pk": area["head"].pk})))

    assert "Harj Hughes" in page and "Change the record" not in page
    assert "Declare a conflict of interest" not in page
    edit = reverse("people:edit", kwargs={"pk": area["head"].pk})
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"first_name": "X"}).status_code == 403


def test_an_unknown_adviser_or_an_item_of_another_adviser_is_404(client, area):
    signed_in(client)
    conflict = Conflict.objects.create(
        adviser=area["head"], establishment=area["sister"], reason="Governor"
    )

    assert client.get(reverse("people:detail", kwargs={"pk": 99999})).status_code == 404
    wrong = reverse(
        "people:conflict-end", kwargs={"pk": area["nle"].pk, "item": conflict.pk}
    )
    assert client.get(wrong).status_code == 404


def test_the_register_is_one_areas(client, area):
    """Advisers of another LA are not in this area's register (``?la=`` picks)."""
    from tests.factories import LocalAuthorityFactory

    elsewhere = LocalAuthorityFactory(code="989", name="Southshire")
    AdviserFactory(first_name="Sid", last_name="South", la=elsewhere)
    signed_in(client)

    home = text(client.get(reverse("people:list")))
    south = text(client.get(reverse("people:list") + "?la=989"))

    assert "Sid South" not in home and "Harj Hughes" in home
    assert "Sid South" in south and "Harj Hughes" not in south
    assert client.get(reverse("people:list") + "?la=000").status_code == 404


def test_the_menu_has_system_leaders_for_officers_and_my_record_for_leaders(client):
    signed_in(client)
    officer_page = text(client.get(reverse("schools:list")))
    signed_in(client, Role.SYSTEM_LEADER)
    leader_page = text(client.get(reverse("schools:list")))

    assert ">System Leaders<" in officer_page and ">My record<" not in officer_page
    assert ">My record<" in leader_page and ">System Leaders<" not in leader_page
