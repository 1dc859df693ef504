"""Visits and strategy meetings as iCalendar events (RFC 5545), for the visitors',
the chair's and the school's calendars: one file per visit or meeting, and each
person's feed (every non-cancelled visit they make, and the meetings they chair).

Each event keeps one UID for its life and carries the row's ics_sequence, so Outlook
replaces the event it has when the date changes or the visit is cancelled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from icalendar import Calendar, Event

from school_improvement.core import clock
from school_improvement.visits.models import Visit, VisitStatus

PRODID = "-//School improvement//Visits//EN"


def visit_uid(visit: Visit) -> str:
    return f"visit-{visit.pk}@school-improvement"


def meeting_uid(meeting: Any) -> str:
    return f"strategy-meeting-{meeting.pk}@school-improvement"


def _calendar(name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    return cal


def _location(establishment: Any) -> str:
    return ", ".join([establishment.name, *establishment.address_lines])


def visit_event(visit: Visit) -> Event:
    """One VEVENT: a whole-day event, or one from its start time."""
    event = Event()
    event.add("uid", visit_uid(visit))
    event.add("dtstamp", clock.now().astimezone(dt.UTC))
    day = visit.planned_date or clock.today()
    if visit.start_time is not None:
        start = dt.datetime.combine(day, visit.start_time)
        event.add("dtstart", start)
        hours = 3 if visit.days < 1 else 6
        event.add("dtend", start + dt.timedelta(hours=hours))
    else:
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
    event.add(
        "summary", f"{visit.get_visit_type_display()}: {visit.establishment.name}"
    )
    event.add("location", _location(visit.establishment))
    event.add("description", visit.agenda)
    event.add("sequence", visit.ics_sequence)
    cancelled = visit.status == VisitStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def meeting_event(meeting: Any) -> Event:
    """A strategy meeting, all day on its planned date."""
    from school_improvement.support.models import MeetingStatus

    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", clock.now().astimezone(dt.UTC))
    event.add("dtstart", meeting.planned_date)
    event.add("dtend", meeting.planned_date + dt.timedelta(days=1))
    event.add(
        "summary",
        f"Strategy meeting {meeting.number}: {meeting.establishment.name}",
    )
    event.add("location", _location(meeting.establishment))
    event.add(
        "description",
        "Is the school on track? Is the support timely and having impact?",
    )
    event.add("sequence", meeting.ics_sequence)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def visit_calendar(visit: Visit) -> bytes:
    cal = _calendar()
    cal.add_component(visit_event(visit))
    return cal.to_ical()


def meeting_calendar(meeting: Any) -> bytes:
    cal = _calendar()
    cal.add_component(meeting_event(meeting))
    return cal.to_ical()


def feed_calendar(visits: Iterable[Visit], meetings: Iterable[Any] = ()) -> bytes:
    """A person's feed: the visits and meetings given, one event each."""
    cal = _calendar("School improvement visits")
    for visit in visits:
        cal.add_component(visit_event(visit))
    for meeting in meetings:
        cal.add_component(meeting_event(meeting))
    return cal.to_ical()
