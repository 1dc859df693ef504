"""Reads of the register, always scoped to the user asking."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from school_improvement.accounts.permissions import (
    Action,
    establishments_for_user,
    require,
)
from school_improvement.core import clock
from school_improvement.schools.models import (
    Contact,
    Establishment,
    EstablishmentLink,
    LocalAuthority,
)

HISTORY_FIELDS_HIDDEN = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_user_id",
    "id",
    "updated_by",
    "updated_by_id",
    "created_by",
    "created_by_id",
    "source_file_date",
}


def establishment_list_for_user(user: Any) -> QuerySet[Establishment]:
    """Establishments the user may see, with what the list shows joined in."""
    return establishments_for_user(
        user, Establishment.objects.select_related("la", "trust")
    ).order_by("name", "urn")


def establishment_get(
    user: Any, urn: str, action: Action = Action.VIEW_SCHOOL
) -> Establishment:
    """One establishment by URN, or 404 if unknown; PermissionDenied if out of scope."""
    establishment = (
        Establishment.objects.select_related("la", "trust", "federation", "diocese")
        .filter(urn=urn)
        .first()
    )
    if establishment is None:
        raise Http404("No establishment with that URN")
    require(user, action, establishment)
    return establishment


def contacts_for(user: Any, establishment: Establishment) -> list[Contact]:
    """Current and past contacts, current first (requires VIEW_CONTACTS)."""
    require(user, Action.VIEW_CONTACTS, establishment)
    return sorted(
        establishment.contacts.all(),
        key=lambda c: (c.ended_on is not None, c.role, -(c.first_seen_on.toordinal())),
    )


@dataclass
class LinkView:
    link: EstablishmentLink
    other_urn: str
    other_name: str
    in_register: bool


def links_for(establishment: Establishment) -> list[LinkView]:
    """Links from this URN (predecessors, successors, mergers), naming the other school."""
    links = list(
        EstablishmentLink.objects.filter(urn=establishment.urn).order_by(
            "established_date", "linked_urn"
        )
    )
    known = dict(
        Establishment.objects.filter(
            urn__in=[link.linked_urn for link in links]
        ).values_list("urn", "name")
    )
    return [
        LinkView(
            link,
            link.linked_urn,
            known.get(link.linked_urn, link.linked_name),
            link.linked_urn in known,
        )
        for link in links
    ]


def lineage_urns(urn: str, max_depth: int = 10) -> list[str]:
    """This URN and every predecessor URN reachable through GIAS links, nearest first,
    so history (inspections, results) can follow a school through academisation."""
    seen = [urn]
    frontier = [urn]
    for _ in range(max_depth):
        preds = list(
            EstablishmentLink.objects.filter(
                urn__in=frontier, link_type__istartswith="predecessor"
            ).values_list("linked_urn", flat=True)
        )
        frontier = [p for p in preds if p not in seen]
        if not frontier:
            break
        seen.extend(frontier)
    return seen


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    date: dt.datetime
    kind: str
    reason: str
    who: str
    changes: list[FieldChange]


def _display(value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, dt.date):
        return value.strftime("%d %B %Y")
    if isinstance(value, list):
        return "; ".join(map(str, value)) or "(blank)"
    return str(value)


def establishment_history(
    user: Any, establishment: Establishment
) -> list[HistoryEntry]:
    """Every recorded change to the establishment, newest first, field by field."""
    require(user, Action.VIEW_SCHOOL_HISTORY, establishment)
    records = list(
        establishment.history.all()
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    labels = {f.name: str(f.verbose_name) for f in Establishment._meta.concrete_fields}
    entries: list[HistoryEntry] = []
    for record in records:
        changes: list[FieldChange] = []
        previous = record.prev_record
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=HISTORY_FIELDS_HIDDEN)
            for change in delta.changes:
                changes.append(
                    FieldChange(
                        labels.get(change.field, change.field).capitalize(),
                        _display(change.old),
                        _display(change.new),
                    )
                )
        entries.append(
            HistoryEntry(
                date=record.history_date,
                kind={"+": "Created", "~": "Changed", "-": "Deleted"}[
                    record.history_type
                ],
                reason=record.history_change_reason or "",
                who=str(record.history_user) if record.history_user else "Import",
                changes=changes,
            )
        )
    return entries


def establishment_as_of(
    user: Any, establishment: Establishment, day: dt.date
) -> Any | None:
    """The establishment's record as it stood at the end of ``day`` (None if it was not
    yet in the register)."""
    require(user, Action.VIEW_SCHOOL_HISTORY, establishment)
    moment = clock.start_of_day(day + dt.timedelta(days=1)) - dt.timedelta(
        microseconds=1
    )
    return (
        establishment.history.filter(history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .first()
    )


def filter_choices(
    queryset: QuerySet[Establishment],
) -> dict[str, list[tuple[str, str]]]:
    """The values present in the user's register, for the filter drop-downs."""

    def distinct(field: str) -> list[tuple[str, str]]:
        values = (
            queryset.exclude(**{field: ""})
            .order_by(field)
            .values_list(field, flat=True)
            .distinct()
        )
        return [(v, v) for v in values]

    trusts = (
        queryset.exclude(trust=None)
        .order_by("trust__name")
        .values_list("trust__code", "trust__name")
        .distinct()
    )
    return {
        "phase": distinct("phase_name"),
        "type": distinct("type_name"),
        "status": distinct("status_name"),
        "trust": list(trusts),
    }


def area_las() -> list[LocalAuthority]:
    """The register's LAs that have open establishments, the one with most first:
    the areas the overview, the categories and their runs are for."""
    return list(
        LocalAuthority.objects.filter(establishments__status_name__istartswith="open")
        .annotate(open_schools=Count("establishments"))
        .order_by("-open_schools", "name")
    )


def area_la(code: str | None = None) -> LocalAuthority:
    """The LA of that code, else the register's main LA (most open establishments);
    LocalAuthority.DoesNotExist when there is none."""
    if code:
        return LocalAuthority.objects.get(code=code)
    las = area_las()
    if not las:
        raise LocalAuthority.DoesNotExist("the register is empty: import GIAS first")
    return las[0]
