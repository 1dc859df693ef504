"""A visit as an iCalendar event (RFC 5545), for the visitors' and school's calendars."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from school_improvement.core import clock
from school_improvement.visits.models import Visit, VisitStatus

PRODID = "-//School improvement//Visits//EN"


def visit_uid(visit: Visit) -> str:
    return f"visit-{visit.pk}@school-improvement"


def visit_calendar(visit: Visit) -> bytes:
    """One VEVENT: a whole-day event, or one from its start time for ``days``."""
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("method", "PUBLISH")
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
    event.add("location", visit.establishment.name)
    event.add("description", visit.agenda)
    event.add("sequence", visit.ics_sequence)
    if visit.status == VisitStatus.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()
