"""The advisers' register's writes: each checks everything first, writes nothing on a
problem (with messages by field), and records one audit event when it writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from school_improvement.core import clock
from school_improvement.core.models import AuditEvent
from school_improvement.people.models import (
    Adviser,
    AdviserAccreditation,
    Conflict,
    TermCapacity,
    Unavailability,
)
from school_improvement.people.services import (
    AdviserInput,
    accreditation_add,
    accreditation_end,
    adviser_save,
    conflict_add,
    conflict_end,
    normalise_postcode,
    term_capacity_set,
    unavailability_add,
    unavailability_remove,
)
from tests.clock_fixtures import frozen_on
from tests.factories import (
    AccreditationFactory,
    AdviserFactory,
    EstablishmentFactory,
    LocalAuthorityFactory,
    TermFactory,
    TrustFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


_today = frozen_on(2026, 11, 3)


@pytest.fixture
def officer():
    return UserFactory()


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def audits(verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb))


# ---- adviser_save -------------------------------------------------------------------


def test_an_adviser_is_created_with_a_normalised_postcode_and_audited(officer):
    la = LocalAuthorityFactory()

    adviser = adviser_save(
        acting_user=officer,
        la=la,
        data=AdviserInput(
            first_name=" Ruth ",
            last_name="Okafor",
            home_postcode="ns1  4ab",
            latitude=51.7,
            longitude=-1.2,
            capacity_days_per_term="6.5",
            phases=("secondary", "primary", "primary"),
            specialisms=("SEND", " send ", "Mathematics"),
        ),
    )

    adviser.refresh_from_db()
    assert adviser.first_name == "Ruth" and adviser.la == la
    assert adviser.home_postcode == "NS1 4AB"
    assert adviser.capacity_days_per_term == Decimal("6.5")
    assert adviser.phases == ["primary", "secondary"]
    assert adviser.specialisms == ["SEND", "Mathematics"]
    assert adviser.created_by == officer and adviser.started_on == clock.today()
    [event] = audits("people.adviser.create")
    assert event.object_id == str(adviser.pk) and event.actor == officer


def test_an_update_records_only_the_fields_that_changed(officer):
    adviser = AdviserFactory(first_name="Sam", last_name="Reid")

    adviser_save(
        acting_user=officer,
        adviser=adviser,
        data=AdviserInput(
            first_name="Sam",
            last_name="Reid",
            email=adviser.email,
            latitude=adviser.latitude,
            longitude=adviser.longitude,
            capacity_days_per_term=8,
            phases=("primary",),
            started_on=adviser.started_on,
        ),
    )

    adviser.refresh_from_db()
    assert adviser.capacity_days_per_term == Decimal("8.0")
    [event] = audits("people.adviser.update")
    assert set(event.details["changed"]) == {"capacity_days_per_term"}


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "Enter their first name"),
        ({"home_postcode": "not a postcode"}, "home_postcode", "UK postcode"),
        ({"latitude": 51.5, "longitude": None}, "longitude", "both the latitude"),
        ({"latitude": 40.0, "longitude": -1.0}, "latitude", "between 49 and 61"),
        ({"latitude": 52.0, "longitude": 10.0}, "longitude", "between -9 and 3"),
        ({"capacity_days_per_term": -1}, "capacity_days_per_term", "0 or more"),
        ({"capacity_days_per_term": "lots"}, "capacity_days_per_term", "a number"),
        ({"capacity_days_per_term": "2.25"}, "capacity_days_per_term", "one decimal"),
        ({"phases": ("primary", "college")}, "phases", "Not a phase: college"),
        ({"own_school_role": "headteacher"}, "own_school", "Choose their own school"),
        ({"own_school_role": "janitor"}, "own_school_role", "Choose their role"),
    ],
)
def test_an_adviser_with_a_problem_is_refused_by_field_and_nothing_is_written(
    officer, given, field, message
):
    la = LocalAuthorityFactory()
    values = {"first_name": "Ruth", "last_name": "Okafor", **given}

    with pytest.raises(ValidationError) as exc:
        adviser_save(acting_user=officer, la=la, data=AdviserInput(**values))

    assert any(message in m for m in errors_of(exc)[field]), errors_of(exc)
    assert not Adviser.objects.exists()
    assert not AuditEvent.objects.exists()


def test_every_problem_is_reported_at_once(officer):
    with pytest.raises(ValidationError) as exc:
        adviser_save(
            acting_user=officer,
            la=LocalAuthorityFactory(),
            data=AdviserInput(
                first_name="", last_name="", capacity_days_per_term=-2, phases=("x",)
            ),
        )

    assert set(errors_of(exc)) == {
        "first_name",
        "last_name",
        "capacity_days_per_term",
        "phases",
    }


def test_a_failed_update_leaves_the_record_as_it_was(officer):
    adviser = AdviserFactory(capacity_days_per_term=5)

    with pytest.raises(ValidationError):
        adviser_save(
            acting_user=officer,
            adviser=adviser,
            data=AdviserInput(
                first_name="Changed", last_name="Name", capacity_days_per_term=-1
            ),
        )

    adviser.refresh_from_db()
    assert adviser.first_name == "Sam" and adviser.capacity_days_per_term == 5


def test_a_sign_in_account_belongs_to_one_adviser_only(officer):
    user = UserFactory()
    AdviserFactory(user=user)

    with pytest.raises(ValidationError) as exc:
        adviser_save(
            acting_user=officer,
            la=LocalAuthorityFactory(),
            data=AdviserInput(first_name="A", last_name="B", user=user),
        )

    assert "user" in errors_of(exc)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("ns1 4ab", "NS1 4AB"), ("SW1A1AA", "SW1A 1AA"), ("", ""), ("m1 1ae", "M1 1AE")],
)
def test_postcodes_are_stored_as_royal_mail_writes_them(typed, stored):
    assert normalise_postcode(typed) == stored


# ---- accreditations -----------------------------------------------------------------


def test_an_accreditation_is_added_with_its_dates_and_audited(officer):
    adviser = AdviserFactory()

    accreditation = accreditation_add(
        acting_user=officer,
        adviser=adviser,
        kind="ofsted_inspector",
        awarded_on=dt.date(2021, 9, 1),
        reference="OI-123",
    )

    assert accreditation.current_on(clock.today())
    [event] = audits("people.accreditation.add")
    assert event.details["kind"] == "ofsted_inspector"


@pytest.mark.parametrize(
    ("kind", "awarded", "ended", "field"),
    [
        ("wizard", None, None, "kind"),
        ("nle", dt.date(2022, 1, 1), dt.date(2021, 1, 1), "ended_on"),
        ("nle", dt.date(2023, 1, 1), None, "kind"),  # overlaps the current NLE
    ],
)
def test_a_bad_accreditation_is_refused_and_nothing_written(
    officer, kind, awarded, ended, field
):
    adviser = AdviserFactory()
    AccreditationFactory(adviser=adviser, kind="nle", awarded_on=dt.date(2019, 9, 1))

    with pytest.raises(ValidationError) as exc:
        accreditation_add(
            acting_user=officer,
            adviser=adviser,
            kind=kind,
            awarded_on=awarded,
            ended_on=ended,
        )

    assert field in errors_of(exc)
    assert adviser.accreditations.count() == 1
    assert not audits("people.accreditation.add")


def test_the_same_accreditation_may_be_held_again_after_it_ended(officer):
    adviser = AdviserFactory()
    AccreditationFactory(
        adviser=adviser,
        kind="lle",
        awarded_on=dt.date(2015, 9, 1),
        ended_on=dt.date(2019, 8, 31),
    )

    accreditation_add(
        acting_user=officer,
        adviser=adviser,
        kind="lle",
        awarded_on=dt.date(2022, 9, 1),
    )

    assert adviser.accreditations.filter(kind="lle").count() == 2


def test_ending_an_accreditation_keeps_it_and_is_audited(officer):
    accreditation = AccreditationFactory(awarded_on=dt.date(2019, 9, 1))

    accreditation_end(
        acting_user=officer, accreditation=accreditation, ended_on=dt.date(2026, 8, 31)
    )

    accreditation.refresh_from_db()
    assert accreditation.ended_on == dt.date(2026, 8, 31)
    assert not accreditation.current_on(clock.today())
    assert len(audits("people.accreditation.end")) == 1


def test_an_accreditation_cannot_end_before_it_was_awarded_or_twice(officer):
    accreditation = AccreditationFactory(awarded_on=dt.date(2019, 9, 1))

    with pytest.raises(ValidationError):
        accreditation_end(
            acting_user=officer,
            accreditation=accreditation,
            ended_on=dt.date(2018, 1, 1),
        )
    accreditation_end(
        acting_user=officer, accreditation=accreditation, ended_on=dt.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError):
        accreditation_end(
            acting_user=officer,
            accreditation=accreditation,
            ended_on=dt.date(2026, 2, 1),
        )

    accreditation.refresh_from_db()
    assert accreditation.ended_on == dt.date(2026, 1, 1)
    assert len(audits("people.accreditation.end")) == 1


# ---- conflicts ----------------------------------------------------------------------


def test_a_conflict_with_a_school_is_declared_and_audited(officer):
    adviser = AdviserFactory()
    school = EstablishmentFactory()

    conflict = conflict_add(
        acting_user=officer,
        adviser=adviser,
        establishment=school,
        reason="  Governor   there ",
    )

    assert conflict.reason == "Governor there"
    assert conflict.declared_on == clock.today()
    [event] = audits("people.conflict.add")
    assert event.details["establishment"] == school.pk


def test_a_conflict_with_a_trust_is_declared(officer):
    conflict = conflict_add(
        acting_user=officer,
        adviser=AdviserFactory(),
        trust=TrustFactory(),
        reason="Trustee",
    )

    assert conflict.trust is not None and conflict.establishment is None


@pytest.mark.parametrize(
    ("named", "reason", "field"),
    [
        ((), "Governor there", "establishment"),
        (("establishment", "trust"), "Governor there", "establishment"),
        (("establishment",), "   ", "reason"),
        (("establishment",), "x" * 301, "reason"),
    ],
)
def test_a_conflict_names_one_thing_with_a_reason(officer, named, reason, field):
    adviser = AdviserFactory()
    given = {
        "establishment": EstablishmentFactory() if "establishment" in named else None,
        "trust": TrustFactory() if "trust" in named else None,
    }

    with pytest.raises(ValidationError) as exc:
        conflict_add(acting_user=officer, adviser=adviser, reason=reason, **given)

    assert field in errors_of(exc)
    assert not Conflict.objects.exists() and not AuditEvent.objects.exists()


def test_the_same_current_conflict_is_not_declared_twice(officer):
    adviser = AdviserFactory()
    school = EstablishmentFactory()
    conflict_add(
        acting_user=officer, adviser=adviser, establishment=school, reason="Spouse"
    )

    with pytest.raises(ValidationError) as exc:
        conflict_add(
            acting_user=officer, adviser=adviser, establishment=school, reason="Again"
        )

    assert "already declared" in errors_of(exc)["establishment"][0]
    assert Conflict.objects.count() == 1


def test_ending_a_conflict_keeps_it_and_is_audited(officer):
    conflict = Conflict.objects.create(
        adviser=AdviserFactory(),
        establishment=EstablishmentFactory(),
        reason="Governor there",
        declared_on=dt.date(2025, 9, 1),
    )

    conflict_end(acting_user=officer, conflict=conflict)

    conflict.refresh_from_db()
    assert conflict.ended_on == clock.today()
    assert len(audits("people.conflict.end")) == 1
    with pytest.raises(ValidationError):
        conflict_end(acting_user=officer, conflict=conflict)


def test_a_conflict_cannot_end_before_it_was_declared(officer):
    conflict = Conflict.objects.create(
        adviser=AdviserFactory(),
        establishment=EstablishmentFactory(),
        reason="Governor there",
        declared_on=dt.date(2025, 9, 1),
    )

    with pytest.raises(ValidationError) as exc:
        conflict_end(
            acting_user=officer, conflict=conflict, ended_on=dt.date(2025, 1, 1)
        )

    assert "ended_on" in errors_of(exc)
    conflict.refresh_from_db()
    assert conflict.ended_on is None and not AuditEvent.objects.exists()


# ---- unavailability -----------------------------------------------------------------


def test_unavailability_is_added_and_removed_with_audit(officer):
    adviser = AdviserFactory()

    away = unavailability_add(
        acting_user=officer,
        adviser=adviser,
        start_date=dt.date(2027, 1, 11),
        end_date=dt.date(2027, 1, 22),
        reason="Leave",
    )
    unavailability_remove(acting_user=officer, unavailability=away)

    assert not Unavailability.objects.exists()
    [added] = audits("people.unavailability.add")
    [removed] = audits("people.unavailability.remove")
    assert removed.details["start_date"] == "2027-01-11"
    assert added.object_id == removed.object_id


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (dt.date(2027, 2, 5), dt.date(2027, 2, 1), "end_date"),
        (dt.date(2027, 1, 20), dt.date(2027, 1, 29), "start_date"),  # overlaps
    ],
)
def test_bad_or_overlapping_dates_are_refused(officer, start, end, field):
    adviser = AdviserFactory()
    Unavailability.objects.create(
        adviser=adviser, start_date=dt.date(2027, 1, 11), end_date=dt.date(2027, 1, 22)
    )

    with pytest.raises(ValidationError) as exc:
        unavailability_add(
            acting_user=officer, adviser=adviser, start_date=start, end_date=end
        )

    assert field in errors_of(exc)
    assert Unavailability.objects.count() == 1 and not AuditEvent.objects.exists()


def test_nothing_is_half_written_when_the_audit_fails(officer, monkeypatch):
    """The write and its audit event are one transaction."""
    import school_improvement.people.services as services

    def broken(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "audit_record", broken)
    adviser = AdviserFactory()

    with pytest.raises(RuntimeError):
        services.conflict_add(
            acting_user=officer,
            adviser=adviser,
            establishment=EstablishmentFactory(),
            reason="Governor there",
        )

    assert not Conflict.objects.exists()
    assert AdviserAccreditation.objects.count() == 0


# ---- days in one term ---------------------------------------------------------------


def test_a_terms_days_are_set_changed_and_cleared_with_audit(officer):
    adviser = AdviserFactory(capacity_days_per_term=5)
    term = TermFactory(la=adviser.la)

    term_capacity_set(
        acting_user=officer,
        adviser=adviser,
        term=term,
        days=Decimal("2.5"),
        note="  Seconded   two days a week ",
    )
    term_capacity_set(
        acting_user=officer, adviser=adviser, term=term, days=Decimal("3")
    )
    [row] = TermCapacity.objects.all()
    assert (row.days, row.note) == (Decimal("3.0"), "")
    assert (
        term_capacity_set(acting_user=officer, adviser=adviser, term=term, days=None)
        is None
    )

    assert not TermCapacity.objects.exists()
    first, second = sorted(audits("people.term_capacity.set"), key=lambda a: a.pk)
    assert (first.details["before"], first.details["after"]) == (None, "2.5")
    assert first.details["note"] == "Seconded two days a week"
    assert (second.details["before"], second.details["after"]) == ("2.5", "3")
    assert "usually 5" in second.summary
    [cleared] = audits("people.term_capacity.clear")
    assert cleared.details["before"] == "3.0" and "usual 5" in cleared.summary


def test_clearing_a_term_that_has_no_override_writes_nothing(officer):
    adviser = AdviserFactory()
    term = TermFactory(la=adviser.la)

    assert (
        term_capacity_set(acting_user=officer, adviser=adviser, term=term, days=None)
        is None
    )
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("days", "other_la", "field", "message"),
    [
        (Decimal("-1"), False, "days", "The days must be 0 or more"),
        (Decimal("2.25"), False, "days", "one decimal place"),
        # autumn 2026 has 73 weekdays outside half-term and no bank holiday
        (Decimal("73.5"), False, "days", "has 73 school days"),
        (Decimal("2"), True, "term", "works in"),
    ],
)
def test_bad_term_days_are_refused_and_nothing_changes(
    officer, days, other_la, field, message
):
    adviser = AdviserFactory()
    elsewhere = LocalAuthorityFactory(code="932", name="Southshire")
    term = TermFactory(la=elsewhere if other_la else adviser.la)
    TermCapacity.objects.create(adviser=adviser, term=term, days=Decimal("4"))

    with pytest.raises(ValidationError) as exc:
        term_capacity_set(acting_user=officer, adviser=adviser, term=term, days=days)

    assert message in " ".join(errors_of(exc)[field])
    assert TermCapacity.objects.get().days == Decimal("4")
    assert not AuditEvent.objects.exists()


def test_a_closure_day_takes_a_school_day_off_the_limit(officer):
    from school_improvement.terms.models import ClosureDay

    adviser = AdviserFactory()
    term = TermFactory(la=adviser.la)
    ClosureDay.objects.create(la=adviser.la, date=dt.date(2026, 11, 13))

    term_capacity_set(acting_user=officer, adviser=adviser, term=term, days=Decimal(72))
    with pytest.raises(ValidationError) as exc:
        term_capacity_set(
            acting_user=officer, adviser=adviser, term=term, days=Decimal(73)
        )

    assert "has 72 school days" in errors_of(exc)["days"][0]
