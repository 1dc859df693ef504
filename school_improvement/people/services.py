"""Writes owned by people: an adviser's record, their accreditations, declared
conflicts of interest, unavailability and their days in a particular term.

Each service checks everything before it writes, raises ValidationError with
messages keyed by field (so a form can show each by its field), runs in one
transaction and records one audit event. Eligibility is never stored: it is read
from the records (people.eligibility).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from school_improvement.core import clock
from school_improvement.core.services import audit_record
from school_improvement.people.models import (
    Accreditation,
    Adviser,
    AdviserAccreditation,
    Conflict,
    Phase,
    SchoolRole,
    TermCapacity,
    Unavailability,
)
from school_improvement.schools.models import (
    Establishment,
    Federation,
    LocalAuthority,
    Trust,
)
from school_improvement.terms.calendar import school_days
from school_improvement.terms.models import ClosureDay, Term

# A UK postcode as Royal Mail writes it (outward code, space, inward code); the
# space may be left out or doubled when typed. BFPO and overseas codes are not
# home bases.
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
# The bounds of the model's validators: Great Britain and Northern Ireland.
LATITUDE = (49.0, 61.0)
LONGITUDE = (-9.0, 3.0)
MAX_CAPACITY = Decimal("9999.9")


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


def _fail(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def normalise_postcode(text: str) -> str:
    """``text`` as a postcode in capitals with one space ("ns1 4ab" -> "NS1 4AB");
    "" for blank. Raises ValueError if it is not a UK postcode."""
    compact = re.sub(r"\s+", "", text or "").upper()
    if not compact:
        return ""
    match = POSTCODE.match(compact)
    if match is None:
        raise ValueError(text)
    return f"{match.group(1)} {match.group(2)}"


# ---- The adviser's record ---------------------------------------------------------


@dataclass(frozen=True)
class AdviserInput:
    """An adviser's record as an officer enters it (adviser_save checks it)."""

    first_name: str
    last_name: str
    title: str = ""
    email: str = ""
    telephone: str = ""
    organisation: str = ""
    own_school: Establishment | None = None
    own_school_role: str = ""
    retired_on: dt.date | None = None
    phases: tuple[str, ...] = ()
    specialisms: tuple[str, ...] = ()
    home_postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    capacity_days_per_term: Decimal | int | str = Decimal("0")
    max_travel_km: int | None = None
    day_rate: Decimal | None = None
    started_on: dt.date | None = None
    active: bool = True
    notes: str = ""
    user: Any = None


_SAVED = tuple(f.name for f in fields(AdviserInput))


def _check_adviser(
    data: AdviserInput, adviser: Adviser | None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The values to store and the problems found, by field."""
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    values: dict[str, Any] = {name: getattr(data, name) for name in _SAVED}
    for name in ("first_name", "last_name", "title", "email", "telephone"):
        values[name] = (values[name] or "").strip()
    values["organisation"] = (data.organisation or "").strip()
    values["notes"] = (data.notes or "").strip()
    if not values["first_name"]:
        error("first_name", "Enter their first name")
    if not values["last_name"]:
        error("last_name", "Enter their last name")

    try:
        values["home_postcode"] = normalise_postcode(data.home_postcode)
    except ValueError:
        error("home_postcode", "Enter a UK postcode, like NS1 4AB")
    lat, lon = data.latitude, data.longitude
    if (lat is None) != (lon is None):
        error(
            "latitude" if lat is None else "longitude",
            "Enter both the latitude and the longitude, or neither",
        )
    if lat is not None and not LATITUDE[0] <= lat <= LATITUDE[1]:
        error("latitude", "Enter a latitude in the UK, between 49 and 61")
    if lon is not None and not LONGITUDE[0] <= lon <= LONGITUDE[1]:
        error("longitude", "Enter a longitude in the UK, between -9 and 3")

    try:
        capacity = Decimal(str(data.capacity_days_per_term))
    except (InvalidOperation, ValueError):
        error("capacity_days_per_term", "Enter the days a term as a number, like 5")
    else:
        if not capacity.is_finite() or capacity < 0:
            error("capacity_days_per_term", "Days a term must be 0 or more")
        elif capacity > MAX_CAPACITY:
            error("capacity_days_per_term", "Days a term must be at most 9999.9")
        elif capacity != capacity.quantize(Decimal("0.1")):
            error("capacity_days_per_term", "Give days a term to one decimal place")
        else:
            values["capacity_days_per_term"] = capacity.quantize(Decimal("0.1"))

    unknown = [p for p in data.phases if p not in Phase.values]
    if unknown:
        error("phases", f"Not a phase: {', '.join(unknown)}")
    # In Phase's order, each once.
    values["phases"] = [p for p in Phase.values if p in data.phases]
    specialisms: list[str] = []
    for s in data.specialisms:
        text = " ".join((s or "").split())
        if text and text.lower() not in {x.lower() for x in specialisms}:
            specialisms.append(text)
    values["specialisms"] = specialisms

    if data.own_school_role and data.own_school_role not in SchoolRole.values:
        error("own_school_role", "Choose their role in their own school")
    if data.own_school_role and data.own_school is None:
        error("own_school", "Choose their own school, or leave the role blank")
    if data.max_travel_km is not None and data.max_travel_km < 0:
        error("max_travel_km", "The furthest they will travel must be 0 or more")
    if data.day_rate is not None and data.day_rate < 0:
        error("day_rate", "The day rate must be 0 or more")
    if data.user is not None:
        taken = Adviser.objects.filter(user=data.user)
        if adviser is not None:
            taken = taken.exclude(pk=adviser.pk)
        if taken.exists():
            error("user", "That sign-in account already belongs to another adviser")
    if values["started_on"] is None:
        values["started_on"] = adviser.started_on if adviser else clock.today()
    return values, errors


def _shown(value: Any) -> Any:
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def adviser_save(
    *,
    acting_user: Any,
    data: AdviserInput,
    adviser: Adviser | None = None,
    la: LocalAuthority | None = None,
) -> Adviser:
    """Create an adviser in ``la`` (``adviser`` None) or update ``adviser`` from
    ``data``. Checks names, postcode (normalised: "NS1 4AB"), coordinates (both or
    neither, in the UK), capacity (0 or more, one decimal place), phases (Phase keys),
    the own school's role and that a sign-in account is linked to one adviser only.

    Raises ValidationError (messages by field) and writes nothing on any problem."""
    if adviser is None and la is None:
        raise ValidationError({"la": ["Say which area the adviser works for"]})
    values, errors = _check_adviser(data, adviser)
    _fail(errors)
    user = _user(acting_user)
    created = adviser is None
    if adviser is None:
        adviser = Adviser(la=la, created_by=user)
        changed = list(values)
    else:
        changed = [n for n, v in values.items() if getattr(adviser, n) != v]
    for name, value in values.items():
        setattr(adviser, name, value)
    adviser.updated_at = clock.now()
    adviser.updated_by = user
    try:
        adviser.full_clean(exclude=["la", "user", "own_school", "started_on"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    adviser.save()
    audit_record(
        acting_user=acting_user,
        verb="people.adviser.create" if created else "people.adviser.update",
        summary=(
            f"Added {adviser.full_name} to the advisers' register"
            if created
            else f"Changed the record of {adviser.full_name}"
        ),
        obj=adviser,
        details={"changed": {n: _shown(values[n]) for n in changed}},
    )
    return adviser


# ---- Accreditations ---------------------------------------------------------------


def _overlaps(
    a_start: dt.date | None,
    a_end: dt.date | None,
    b_start: dt.date | None,
    b_end: dt.date | None,
) -> bool:
    lo, hi = dt.date.min, dt.date.max
    return (a_start or lo) <= (b_end or hi) and (b_start or lo) <= (a_end or hi)


@transaction.atomic
def accreditation_add(
    *,
    acting_user: Any,
    adviser: Adviser,
    kind: str,
    awarded_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    reference: str = "",
) -> AdviserAccreditation:
    """Record that ``adviser`` holds (or held) a role or accreditation from
    ``awarded_on`` until ``ended_on`` (either may be unknown). Raises
    ValidationError for an unknown kind, an end before the start, or dates that
    overlap the same accreditation already recorded."""
    errors: dict[str, list[str]] = {}
    if kind not in Accreditation.values:
        errors["kind"] = ["Choose the role or accreditation"]
    if awarded_on and ended_on and ended_on < awarded_on:
        errors["ended_on"] = ["The end date must be on or after the date awarded"]
    reference = (reference or "").strip()
    if len(reference) > 100:
        errors["reference"] = ["The reference must be 100 characters or fewer"]
    if not errors:
        for other in adviser.accreditations.filter(kind=kind):
            if _overlaps(awarded_on, ended_on, other.awarded_on, other.ended_on):
                errors["kind"] = [
                    f"{adviser.full_name} already has {other.get_kind_display()} "
                    "recorded for these dates: end that one first"
                ]
                break
    _fail(errors)
    user = _user(acting_user)
    accreditation = AdviserAccreditation.objects.create(
        adviser=adviser,
        kind=kind,
        awarded_on=awarded_on,
        ended_on=ended_on,
        reference=reference,
        created_by=user,
        updated_by=user,
    )
    audit_record(
        acting_user=acting_user,
        verb="people.accreditation.add",
        summary=f"Recorded {accreditation.get_kind_display()} for {adviser.full_name}",
        obj=accreditation,
        details={
            "adviser": adviser.pk,
            "kind": kind,
            "awarded_on": _shown(awarded_on),
            "ended_on": _shown(ended_on),
        },
    )
    return accreditation


@transaction.atomic
def accreditation_end(
    *, acting_user: Any, accreditation: AdviserAccreditation, ended_on: dt.date
) -> AdviserAccreditation:
    """End a current accreditation on ``ended_on`` (kept, so "was an NLE" is still
    answered). Raises ValidationError if it has already ended or the date is before
    it was awarded."""
    if accreditation.ended_on is not None:
        raise ValidationError(
            {"ended_on": [f"This ended on {accreditation.ended_on:%d-%m-%Y} already"]}
        )
    if accreditation.awarded_on and ended_on < accreditation.awarded_on:
        raise ValidationError(
            {"ended_on": ["The end date must be on or after the date awarded"]}
        )
    accreditation.ended_on = ended_on
    accreditation.updated_at = clock.now()
    accreditation.updated_by = _user(acting_user)
    accreditation.save()
    audit_record(
        acting_user=acting_user,
        verb="people.accreditation.end",
        summary=(
            f"Ended {accreditation.get_kind_display()} of {accreditation.adviser} "
            f"on {ended_on:%d-%m-%Y}"
        ),
        obj=accreditation,
        details={"adviser": accreditation.adviser_id, "ended_on": str(ended_on)},
    )
    return accreditation


# ---- Conflicts of interest --------------------------------------------------------


@transaction.atomic
def conflict_add(
    *,
    acting_user: Any,
    adviser: Adviser,
    reason: str,
    establishment: Establishment | None = None,
    trust: Trust | None = None,
    federation: Federation | None = None,
    declared_on: dt.date | None = None,
) -> Conflict:
    """Declare a conflict of interest of ``adviser`` with one school, trust or
    federation (a trust's or federation's covers all its schools), with the reason.
    Raises ValidationError unless exactly one of them is given with a reason, or if
    the same conflict is already declared and current."""
    errors: dict[str, list[str]] = {}
    named = [x for x in (establishment, trust, federation) if x is not None]
    if len(named) != 1:
        errors["establishment"] = ["Choose one school, trust or federation"]
    reason = " ".join((reason or "").split())
    if not reason:
        errors["reason"] = ["Enter the reason for the conflict of interest"]
    elif len(reason) > 300:
        errors["reason"] = ["The reason must be 300 characters or fewer"]
    declared_on = declared_on or clock.today()
    if declared_on > clock.today():
        errors["declared_on"] = ["The date declared cannot be in the future"]
    if len(named) == 1:
        current = adviser.conflicts.filter(
            establishment=establishment,
            trust=trust,
            federation=federation,
            ended_on__isnull=True,
        )
        if current.exists():
            errors["establishment"] = [
                f"A conflict with {named[0]} is already declared"
            ]
    _fail(errors)
    user = _user(acting_user)
    conflict = Conflict.objects.create(
        adviser=adviser,
        establishment=establishment,
        trust=trust,
        federation=federation,
        reason=reason,
        declared_on=declared_on,
        created_by=user,
        updated_by=user,
    )
    audit_record(
        acting_user=acting_user,
        verb="people.conflict.add",
        summary=f"Declared a conflict of {adviser.full_name} with {named[0]}",
        obj=conflict,
        details={
            "adviser": adviser.pk,
            "establishment": establishment.pk if establishment else None,
            "trust": trust.pk if trust else None,
            "federation": federation.pk if federation else None,
            "reason": reason,
        },
    )
    return conflict


@transaction.atomic
def conflict_end(
    *, acting_user: Any, conflict: Conflict, ended_on: dt.date | None = None
) -> Conflict:
    """End a declared conflict on ``ended_on`` (today by default); it is kept for
    the record. Raises ValidationError if it has ended already or the date is
    before it was declared."""
    ended_on = ended_on or clock.today()
    if conflict.ended_on is not None:
        raise ValidationError(
            {"ended_on": [f"This ended on {conflict.ended_on:%d-%m-%Y} already"]}
        )
    if ended_on < conflict.declared_on:
        raise ValidationError(
            {"ended_on": ["The end date must be on or after the date declared"]}
        )
    conflict.ended_on = ended_on
    conflict.updated_at = clock.now()
    conflict.updated_by = _user(acting_user)
    conflict.save()
    audit_record(
        acting_user=acting_user,
        verb="people.conflict.end",
        summary=f"Ended the conflict {conflict} on {ended_on:%d-%m-%Y}",
        obj=conflict,
        details={"adviser": conflict.adviser_id, "ended_on": str(ended_on)},
    )
    return conflict


# ---- Unavailability ---------------------------------------------------------------


@transaction.atomic
def unavailability_add(
    *,
    acting_user: Any,
    adviser: Adviser,
    start_date: dt.date,
    end_date: dt.date,
    reason: str = "",
) -> Unavailability:
    """Record dates ``adviser`` cannot visit (both days included). Raises
    ValidationError if the end is before the start or the dates overlap dates
    already recorded (the ledger would count those days twice)."""
    errors: dict[str, list[str]] = {}
    if end_date < start_date:
        errors["end_date"] = ["The last day must be on or after the first day"]
    reason = " ".join((reason or "").split())
    if len(reason) > 200:
        errors["reason"] = ["The reason must be 200 characters or fewer"]
    if not errors:
        clash = adviser.unavailability.filter(
            start_date__lte=end_date, end_date__gte=start_date
        ).first()
        if clash is not None:
            errors["start_date"] = [
                f"These dates overlap {clash.start_date:%d-%m-%Y} to "
                f"{clash.end_date:%d-%m-%Y}, already recorded"
            ]
    _fail(errors)
    user = _user(acting_user)
    away = Unavailability.objects.create(
        adviser=adviser,
        start_date=start_date,
        end_date=end_date,
        reason=reason,
        created_by=user,
        updated_by=user,
    )
    audit_record(
        acting_user=acting_user,
        verb="people.unavailability.add",
        summary=(
            f"{adviser.full_name} unavailable {start_date:%d-%m-%Y} to "
            f"{end_date:%d-%m-%Y}"
        ),
        obj=away,
        details={
            "adviser": adviser.pk,
            "start_date": str(start_date),
            "end_date": str(end_date),
            "reason": reason,
        },
    )
    return away


@transaction.atomic
def unavailability_remove(*, acting_user: Any, unavailability: Unavailability) -> None:
    """Delete one period of unavailability (entered in error, or leave cancelled);
    the audit event keeps its dates."""
    adviser = unavailability.adviser
    details = {
        "adviser": adviser.pk,
        "start_date": str(unavailability.start_date),
        "end_date": str(unavailability.end_date),
        "reason": unavailability.reason,
    }
    audit_record(
        acting_user=acting_user,
        verb="people.unavailability.remove",
        summary=(
            f"Removed {adviser.full_name}'s unavailability "
            f"{unavailability.start_date:%d-%m-%Y} to "
            f"{unavailability.end_date:%d-%m-%Y}"
        ),
        obj=unavailability,
        details=details,
    )
    unavailability.delete()


# ---- Days in one term ----------------------------------------------------------------


@transaction.atomic
def term_capacity_set(
    *,
    acting_user: Any,
    adviser: Adviser,
    term: Term,
    days: Decimal | None,
    note: str = "",
) -> TermCapacity | None:
    """Set the days ``adviser`` can give in ``term`` where it differs from their
    usual days a term (a secondment, a lighter term), or with ``days`` None go back
    to their usual days. Raises ValidationError if the term is another area's, the
    days are negative, not in tenths, or more than the term's school days. Returns
    the override, or None when there is none any more."""
    errors: dict[str, list[str]] = {}
    note = " ".join((note or "").split())
    if term.la_id != adviser.la_id:
        errors["term"] = [
            f"{term.label} is {term.la.name}'s term; {adviser.full_name} works in "
            f"{adviser.la.name}"
        ]
    if len(note) > 200:
        errors["note"] = ["The note must be 200 characters or fewer"]
    if days is not None:
        if days < 0:
            errors["days"] = ["The days must be 0 or more"]
        elif days != days.quantize(Decimal("0.1")):
            errors["days"] = ["Give the days to one decimal place at most, like 4.5"]
        else:
            closed = ClosureDay.objects.filter(
                la_id=term.la_id, date__gte=term.start_date, date__lte=term.end_date
            ).values_list("date", flat=True)
            open_days = len(school_days([term], closed))
            if days > open_days:
                errors["days"] = [
                    f"{term.label} has {open_days} school days: the days must be "
                    f"{open_days} or fewer"
                ]
    _fail(errors)
    user = _user(acting_user)
    current = TermCapacity.objects.filter(adviser=adviser, term=term).first()
    before = None if current is None else str(current.days)
    details = {
        "adviser": adviser.pk,
        "term": term.pk,
        "usual_days": str(adviser.capacity_days_per_term),
        "before": before,
        "after": None if days is None else str(days),
        "note": note,
    }
    if days is None:
        if current is None:
            return None
        audit_record(
            acting_user=acting_user,
            verb="people.term_capacity.clear",
            summary=(
                f"{adviser.full_name} back to their usual "
                f"{adviser.capacity_days_per_term} days in {term.label} "
                f"(was {current.days})"
            ),
            obj=current,
            details=details,
        )
        current.delete()
        return None
    if current is None:
        current = TermCapacity(adviser=adviser, term=term, created_by=user)
    current.days = days
    current.note = note
    current.updated_by = user
    current.save()
    audit_record(
        acting_user=acting_user,
        verb="people.term_capacity.set",
        summary=(
            f"{adviser.full_name}: {days} days in {term.label}"
            + ("" if before is None else f" (was {before})")
            + f", usually {adviser.capacity_days_per_term}"
        ),
        obj=current,
        details=details,
    )
    return current
