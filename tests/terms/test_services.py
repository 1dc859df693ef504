"""Entering terms and closure days: what is refused, and what is written and
audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from school_improvement.core.models import AuditEvent
from school_improvement.terms.models import ClosureDay, Term
from school_improvement.terms.services import closure_add, closure_remove, term_save
from tests.factories import LocalAuthorityFactory, TermFactory

pytestmark = pytest.mark.django_db

D = dt.date
AUTUMN = {
    "academic_year": "2026/27",
    "name": "autumn",
    "start_date": D(2026, 9, 2),
    "end_date": D(2026, 12, 18),
    "half_term_start": D(2026, 10, 26),
    "half_term_end": D(2026, 10, 30),
}


@pytest.fixture
def la(db):
    return LocalAuthorityFactory()


def save(la, officer, **changes):
    return term_save(acting_user=officer, la=la, **{**AUTUMN, **changes})


def errors_of(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


def test_a_new_term_is_created_and_audited(la, officer):
    term = save(la, officer)
    assert (term.start_date, term.end_date) == (D(2026, 9, 2), D(2026, 12, 18))
    assert term.created_by == officer
    event = AuditEvent.objects.get(verb="term.save")
    assert event.actor == officer
    assert event.details["outcome"] == "created"
    assert event.object_id == str(term.pk)
    assert "Autumn term 2026/27 created" in event.summary


def test_saving_a_term_again_with_new_dates_updates_it(la, officer):
    first = save(la, officer)
    second = save(la, officer, end_date=D(2026, 12, 17))
    assert second.pk == first.pk
    assert Term.objects.get().end_date == D(2026, 12, 17)
    outcomes = list(
        AuditEvent.objects.filter(verb="term.save").values_list(
            "details__outcome", flat=True
        )
    )
    assert sorted(outcomes) == ["created", "updated"]


def test_saving_the_same_dates_again_changes_and_audits_nothing(la, officer):
    save(la, officer)
    save(la, officer)
    assert AuditEvent.objects.filter(verb="term.save").count() == 1


def test_the_academic_year_is_read_as_a_person_types_it(la, officer):
    assert save(la, officer, academic_year="2026-27").academic_year == "2026/27"


def test_a_term_that_ends_before_it_starts_is_refused(la, officer):
    with pytest.raises(ValidationError) as exc:
        save(
            la,
            officer,
            end_date=D(2026, 9, 1),
            half_term_start=None,
            half_term_end=None,
        )
    assert errors_of(exc)["end_date"] == [
        "The term must end after it starts (02-09-2026)"
    ]
    assert not Term.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_half_term_outside_the_term_is_refused(la, officer):
    with pytest.raises(ValidationError) as exc:
        save(
            la, officer, half_term_start=D(2026, 12, 21), half_term_end=D(2026, 12, 24)
        )
    assert "Half-term must fall inside the term" in errors_of(exc)["half_term_start"][0]
    assert not Term.objects.exists()


def test_a_half_term_needs_both_dates_or_neither(la, officer):
    with pytest.raises(ValidationError) as exc:
        save(la, officer, half_term_end=None)
    assert "half_term_end" in errors_of(exc)


def test_a_half_term_that_ends_before_it_starts_is_refused(la, officer):
    with pytest.raises(ValidationError) as exc:
        save(
            la, officer, half_term_start=D(2026, 10, 30), half_term_end=D(2026, 10, 26)
        )
    assert list(errors_of(exc)) == ["half_term_end"]


def test_a_term_outside_its_academic_year_is_refused(la, officer):
    with pytest.raises(ValidationError) as exc:
        save(la, officer, academic_year="2025/26")
    assert "is not in the academic year 2025/26" in errors_of(exc)["start_date"][0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("academic_year", "2026/28", "Enter the academic year like 2026/27"),
        ("name", "winter", "Choose autumn, spring or summer"),
    ],
)
def test_a_wrong_year_or_term_name_is_refused(la, officer, field, value, message):
    with pytest.raises(ValidationError) as exc:
        save(la, officer, **{field: value})
    assert errors_of(exc)[field] == [message]


def test_a_term_overlapping_the_next_is_refused_and_the_next_left_alone(la, officer):
    spring = TermFactory(
        la=la,
        name="spring",
        start_date=D(2027, 1, 5),
        end_date=D(2027, 3, 25),
        half_term_start=None,
        half_term_end=None,
    )
    with pytest.raises(ValidationError) as exc:
        save(la, officer, end_date=D(2027, 1, 8))
    message = errors_of(exc)["end_date"][0]
    assert "Spring term 2026/27 starts on 05-01-2027" in message
    assert "without overlapping" in message
    assert list(Term.objects.all()) == [spring]


def test_a_term_starting_before_the_one_before_it_ends_is_refused(la, officer):
    TermFactory(la=la)  # autumn 2026/27
    with pytest.raises(ValidationError) as exc:
        save(
            la,
            officer,
            name="spring",
            start_date=D(2026, 12, 1),
            end_date=D(2027, 3, 25),
            half_term_start=None,
            half_term_end=None,
        )
    assert "Spring term 2026/27 starts on 01-12-2026" in errors_of(exc)["start_date"][0]


def test_another_la_s_terms_do_not_clash(la, officer):
    TermFactory(la=LocalAuthorityFactory(code="932", name="Southshire"))
    save(la, officer)
    assert Term.objects.filter(la=la).count() == 1


def test_an_earlier_clash_between_other_terms_does_not_block_a_correct_term(
    la, officer
):
    # Entered past the checks (the admin, an old demo): spring overlaps summer.
    TermFactory(
        la=la,
        name="spring",
        start_date=D(2027, 1, 5),
        end_date=D(2027, 4, 20),
        half_term_start=None,
        half_term_end=None,
    )
    TermFactory(
        la=la,
        name="summer",
        start_date=D(2027, 4, 12),
        end_date=D(2027, 7, 21),
        half_term_start=None,
        half_term_end=None,
    )
    assert save(la, officer).pk


# ---- closure days ----------------------------------------------------------------


@pytest.fixture
def autumn(la):
    return TermFactory(la=la)


def test_a_closure_day_in_term_is_recorded_and_audited(la, officer, autumn):
    closure = closure_add(
        acting_user=officer, la=la, date=D(2026, 11, 13), reason=" INSET day "
    )
    assert (closure.date, closure.reason, closure.created_by) == (
        D(2026, 11, 13),
        "INSET day",
        officer,
    )
    event = AuditEvent.objects.get(verb="closure.add")
    assert event.details == {"date": "2026-11-13", "reason": "INSET day"}


@pytest.mark.parametrize(
    ("day", "reason", "field", "message"),
    [
        (D(2026, 8, 28), "INSET", "date", "28-08-2026 is not in any term"),
        (D(2026, 12, 21), "INSET", "date", "21-12-2026 is not in any term"),
        (D(2026, 11, 14), "INSET", "date", "14-11-2026 is a Saturday"),
        (D(2026, 10, 27), "INSET", "date", "is in the Autumn 2026 half-term"),
        (D(2026, 11, 13), "  ", "reason", "Say why schools are closed that day"),
    ],
)
def test_a_closure_day_that_is_not_a_school_day_is_refused(
    la, officer, autumn, day, reason, field, message
):
    with pytest.raises(ValidationError) as exc:
        closure_add(acting_user=officer, la=la, date=day, reason=reason)
    assert message in errors_of(exc)[field][0]
    assert not ClosureDay.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_closure_on_a_bank_holiday_is_refused(la, officer):
    TermFactory(
        la=la,
        academic_year="2025/26",
        name="summer",
        start_date=D(2026, 4, 13),
        end_date=D(2026, 7, 22),
        half_term_start=D(2026, 5, 25),
        half_term_end=D(2026, 5, 29),
    )
    with pytest.raises(ValidationError) as exc:
        closure_add(acting_user=officer, la=la, date=D(2026, 5, 4), reason="INSET")
    assert "is a bank holiday (May Day)" in errors_of(exc)["date"][0]


def test_a_closure_day_is_recorded_once(la, officer, autumn):
    closure_add(acting_user=officer, la=la, date=D(2026, 11, 13), reason="INSET")
    with pytest.raises(ValidationError) as exc:
        closure_add(acting_user=officer, la=la, date=D(2026, 11, 13), reason="Again")
    assert "already a closure day" in errors_of(exc)["date"][0]
    assert ClosureDay.objects.get().reason == "INSET"


def test_another_la_s_terms_do_not_make_a_closure_day_valid(officer, autumn):
    other = LocalAuthorityFactory(code="932", name="Southshire")
    with pytest.raises(ValidationError):
        closure_add(acting_user=officer, la=other, date=D(2026, 11, 13), reason="X")


def test_removing_a_closure_day_deletes_it_and_is_audited(la, officer, autumn):
    closure = closure_add(
        acting_user=officer, la=la, date=D(2026, 11, 13), reason="INSET"
    )
    closure_remove(acting_user=officer, closure=closure)
    assert not ClosureDay.objects.exists()
    event = AuditEvent.objects.get(verb="closure.remove")
    assert event.actor == officer
    assert event.details == {"date": "2026-11-13", "reason": "INSET"}
