"""Writes owned by visits: scheduling and cancelling, the report (draft and submit),
the school's response, the LA's templates, and quality assurance (the term's random
sample and each review's outcome)."""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction

from school_improvement.core import clock
from school_improvement.core.services import audit_record
from school_improvement.schools.models import LocalAuthority
from school_improvement.visits.models import (
    OnTrack,
    QaOutcome,
    QaReason,
    QaSample,
    QualityReview,
    ReportAction,
    ReportSection,
    ReportStatus,
    SchoolResponse,
    Visit,
    VisitReport,
    VisitStatus,
    VisitTemplate,
    VisitType,
)

# ---- Templates ------------------------------------------------------------------

_COMMON_START = ["Welcome and introductions", "The school's context and priorities"]
_COMMON_END = ["Agree actions, owners and dates", "Next steps and date of next contact"]

DEFAULT_AGENDAS: dict[str, list[str]] = {
    VisitType.ANNUAL: [
        *_COMMON_START,
        "Progress against last year's actions",
        "Outcomes and current pupils' progress",
        "Quality of education: learning walk",
        "Leadership capacity and governance",
        *_COMMON_END,
    ],
    VisitType.TARGETED: [
        *_COMMON_START,
        "Progress on the area of concern since the last visit",
        "Evidence seen: books, lessons, data",
        "Support needed and brokered",
        *_COMMON_END,
    ],
    VisitType.WELCOME: [
        "Welcome to the new headteacher",
        "The school's context, strengths and challenges",
        "The LA's offer of support and key contacts",
        "The headteacher's first priorities",
        *_COMMON_END,
    ],
    VisitType.REVIEW: [
        *_COMMON_START,
        "Review of the school's self-evaluation",
        "Progress against the improvement plan",
        "Leadership at all levels",
        *_COMMON_END,
    ],
    VisitType.PAIRED: [
        *_COMMON_START,
        "Joint learning walk",
        "Joint review of evidence",
        "Calibration of judgements between the visitors",
        *_COMMON_END,
    ],
    VisitType.QA: [
        "Purpose of the quality assurance visit",
        "Observation of the System Leader's work with the school",
        "The school's view of the support",
        "Feedback to the System Leader",
    ],
    VisitType.STRUCTURED_CONVERSATION: [
        "The year's support: what worked",
        "Progress against the year's actions",
        "The school's priorities for next year",
        "Support needed next year",
    ],
}

DEFAULT_GUIDANCE = (
    "Write for the headteacher and governors. Say what you saw and what it shows; "
    "keep each area for development to something the school can act on, and give "
    "every action an owner and a date."
)


def _template(la: LocalAuthority | None, visit_type: str) -> VisitTemplate | None:
    if la is None:
        return None
    return VisitTemplate.objects.filter(la=la, visit_type=visit_type).first()


def agenda_for(la: LocalAuthority | None, visit_type: str) -> str:
    """The LA's agenda for this type of visit, else the built-in default."""
    template = _template(la, visit_type)
    if template is not None and template.agenda.strip():
        return template.agenda
    lines = DEFAULT_AGENDAS.get(visit_type) or [*_COMMON_START, *_COMMON_END]
    return "\n".join(lines)


def guidance_for(la: LocalAuthority | None, visit_type: str) -> str:
    """The LA's report guidance for this type of visit, else the built-in default."""
    template = _template(la, visit_type)
    if template is not None and template.guidance.strip():
        return template.guidance
    return DEFAULT_GUIDANCE


@transaction.atomic
def visit_template_save(
    *,
    acting_user: Any,
    la: LocalAuthority,
    visit_type: str,
    agenda: str,
    guidance: str,
) -> VisitTemplate:
    if visit_type not in VisitType.values:
        raise ValidationError("Choose a type of visit")
    if not agenda.strip():
        raise ValidationError("Enter the agenda, one item a line")
    user = _user(acting_user)
    template, created = VisitTemplate.objects.get_or_create(
        la=la,
        visit_type=visit_type,
        defaults={
            "agenda": agenda.strip(),
            "guidance": guidance.strip(),
            "created_by": user,
        },
    )
    if not created:
        template.agenda = agenda.strip()
        template.guidance = guidance.strip()
        template.updated_at = clock.now()
        template.updated_by = user
        template.save()
    audit_record(
        acting_user=acting_user,
        verb="visits.template.save",
        summary=f"Saved the {template.get_visit_type_display()} template",
        obj=template,
    )
    return template


# ---- Inputs ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: str
    due_date: dt.date


@dataclass(frozen=True)
class ReportInput:
    focus_areas: str
    strengths: str
    areas_for_development: str
    risk_notes: str
    on_track: str
    actions: tuple[ActionInput, ...] = ()


@dataclass(frozen=True)
class SectionAnswer:
    accurate: bool
    comment: str = ""


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


def _settings_for(la: LocalAuthority) -> Any:
    from school_improvement.allocations.models import DeliverySettings

    return DeliverySettings.objects.filter(la=la).first() or DeliverySettings(la=la)


def _touch(visit: Visit, acting_user: Any) -> None:
    visit.updated_at = clock.now()
    visit.updated_by = _user(acting_user)


# ---- Scheduling -----------------------------------------------------------------


@transaction.atomic
def visit_create(
    *,
    acting_user: Any,
    establishment: Any,
    visit_type: str,
    lead: Any,
    academic_year: str,
    planned_date: dt.date | None = None,
    days: Decimal | None = None,
    second_visitor: Any = None,
    term: Any = None,
    assignment: Any = None,
) -> Visit:
    """Plan a visit: its agenda from the LA's template of the type, its length from
    the LA's delivery settings unless given. Raises ValidationError for an unknown
    type, a paired visit without a second visitor, or the lead paired with themself."""
    errors = []
    if visit_type not in VisitType.values:
        errors.append("Choose the type of visit")
    if visit_type == VisitType.PAIRED and second_visitor is None:
        errors.append("Choose the second visitor: a paired visit has two")
    if second_visitor is not None and second_visitor.pk == lead.pk:
        errors.append("Choose a second visitor other than the lead")
    if errors:
        raise ValidationError(errors)
    la = establishment.la
    visit = Visit.objects.create(
        establishment=establishment,
        visit_type=visit_type,
        academic_year=academic_year,
        term=term,
        planned_date=planned_date,
        days=days if days is not None else _settings_for(la).days_for(visit_type),
        lead=lead,
        second_visitor=second_visitor,
        assignment=assignment,
        agenda=agenda_for(la, visit_type),
        created_by=_user(acting_user),
        updated_by=_user(acting_user),
    )
    audit_record(
        acting_user=acting_user,
        verb="visits.visit.create",
        summary=f"Planned {visit}",
        obj=visit,
        details={"lead": lead.pk, "type": visit_type},
    )
    return visit


@transaction.atomic
def visit_schedule(
    *,
    acting_user: Any,
    visit: Visit,
    planned_date: dt.date,
    start_time: dt.time | None = None,
) -> Visit:
    """Agree the visit's date (and time); calendars see a new sequence number."""
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError("Only a planned visit can be given a date")
    if planned_date is None:
        raise ValidationError("Enter the date of the visit")
    before = visit.planned_date
    visit.planned_date = planned_date
    visit.start_time = start_time
    visit.ics_sequence += 1
    _touch(visit, acting_user)
    visit.save()
    audit_record(
        acting_user=acting_user,
        verb="visits.visit.schedule",
        summary=f"Scheduled {visit}",
        obj=visit,
        details={
            "from": before.isoformat() if before else None,
            "to": planned_date.isoformat(),
            "start_time": start_time.isoformat() if start_time else None,
        },
    )
    return visit


@transaction.atomic
def visit_cancel(*, acting_user: Any, visit: Visit, reason: str) -> Visit:
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError("Only a planned visit can be cancelled")
    if not reason.strip():
        raise ValidationError("Say why the visit is cancelled")
    visit.status = VisitStatus.CANCELLED
    visit.cancelled_reason = reason.strip()[:300]
    visit.ics_sequence += 1
    _touch(visit, acting_user)
    visit.save()
    audit_record(
        acting_user=acting_user,
        verb="visits.visit.cancel",
        summary=f"Cancelled {visit}",
        obj=visit,
        details={"reason": visit.cancelled_reason},
    )
    return visit


# ---- The report -----------------------------------------------------------------


def _existing_report(visit: Visit) -> VisitReport | None:
    return VisitReport.objects.select_for_update().filter(visit=visit).first()


def _write(
    visit: Visit, content: ReportInput, acting_user: Any, report: VisitReport | None
) -> VisitReport:
    user = _user(acting_user)
    if report is None:
        report = VisitReport(visit=visit, created_by=user)
    report.focus_areas = content.focus_areas.strip()
    report.strengths = content.strengths.strip()
    report.areas_for_development = content.areas_for_development.strip()
    report.risk_notes = content.risk_notes.strip()
    report.on_track = content.on_track or ""
    report.updated_at = clock.now()
    report.updated_by = user
    report.save()
    report.actions.all().delete()
    ReportAction.objects.bulk_create(
        ReportAction(
            report=report,
            position=i,
            description=a.description.strip()[:500],
            owner=a.owner.strip()[:200],
            due_date=a.due_date,
        )
        for i, a in enumerate(content.actions)
    )
    return report


def _check_writable(visit: Visit, report: VisitReport | None) -> None:
    if report is not None and report.status == ReportStatus.SUBMITTED:
        raise ValidationError("The report has been submitted and cannot be changed")
    if visit.status == VisitStatus.CANCELLED:
        raise ValidationError("The visit was cancelled: there is no report to write")


def _check_actions(actions: tuple[ActionInput, ...], complete: bool) -> list[str]:
    errors = []
    for n, a in enumerate(actions, start=1):
        if complete and not (a.description.strip() and a.owner.strip() and a.due_date):
            errors.append(f"Action {n}: enter its description, owner and due date")
        elif not a.due_date:
            errors.append(f"Action {n}: enter its due date")
    return errors


@transaction.atomic
def report_save_draft(
    *, acting_user: Any, visit: Visit, content: ReportInput
) -> VisitReport:
    """Keep the report as written so far; nothing is required yet."""
    report = _existing_report(visit)
    _check_writable(visit, report)
    if content.on_track and content.on_track not in OnTrack.values:
        raise ValidationError("Choose whether the school is on track")
    errors = _check_actions(content.actions, complete=False)
    if errors:
        raise ValidationError(errors)
    report = _write(visit, content, acting_user, report)
    audit_record(
        acting_user=acting_user,
        verb="visits.report.draft",
        summary=f"Saved a draft report of {visit}",
        obj=report,
    )
    return report


def is_new_leader(visit: Visit) -> bool:
    """Whether the visit's lead started less than new_leader_months before it."""
    started = visit.lead.started_on
    day = visit.planned_date or clock.today()
    if started is None:
        return False
    months = _settings_for(visit.establishment.la).new_leader_months
    return started + relativedelta(months=months) > day


@transaction.atomic
def report_submit(
    *, acting_user: Any, visit: Visit, content: ReportInput
) -> VisitReport:
    """Send the report to the school: every required section written, an action at
    least when the school is not on track. A new leader's report goes to QA."""
    report = _existing_report(visit)
    _check_writable(visit, report)
    errors = []
    for name, label in (
        ("focus_areas", "focus areas"),
        ("strengths", "strengths"),
        ("areas_for_development", "areas for development"),
    ):
        if not getattr(content, name).strip():
            errors.append(f"Enter the {label}")
    if content.on_track not in OnTrack.values:
        errors.append("Choose whether the school is on track")
    elif content.on_track != OnTrack.ON_TRACK and not content.actions:
        errors.append("Add at least one action: the school is not on track")
    errors += _check_actions(content.actions, complete=True)
    if errors:
        raise ValidationError(errors)
    report = _write(visit, content, acting_user, report)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = clock.now()
    report.submitted_by = _user(acting_user)
    report.save()
    visit.status = VisitStatus.REPORTED
    _touch(visit, acting_user)
    visit.save()
    review = None
    if (
        is_new_leader(visit)
        and not QualityReview.objects.filter(report=report).exists()
    ):
        review = QualityReview.objects.create(
            report=report, reason=QaReason.NEW_LEADER, created_by=_user(acting_user)
        )
    audit_record(
        acting_user=acting_user,
        verb="visits.report.submit",
        summary=f"Submitted the report of {visit}",
        obj=report,
        details={"on_track": report.on_track, "quality_review": bool(review)},
    )
    return report


# ---- The school's response ------------------------------------------------------


@transaction.atomic
def school_response_record(
    *, acting_user: Any, visit: Visit, answers: dict[str, SectionAnswer]
) -> list[SchoolResponse]:
    """The school's view of each section: accurate, or inaccurate and why."""
    report = VisitReport.objects.filter(visit=visit).first()
    if report is None or report.status != ReportStatus.SUBMITTED:
        raise ValidationError("There is no submitted report to respond to")
    errors = []
    for section in answers:
        if section not in ReportSection.values:
            errors.append(f"Unknown section: {section}")
    for section in ReportSection:
        answer = answers.get(section.value)
        if answer is None:
            errors.append(f"{section.label}: say whether it is accurate")
        elif not answer.accurate and not answer.comment.strip():
            errors.append(f"{section.label}: say what is inaccurate")
    if errors:
        raise ValidationError(errors)
    responses = []
    for section in ReportSection:
        answer = answers[section.value]
        response, _ = SchoolResponse.objects.update_or_create(
            report=report,
            section=section.value,
            defaults={
                "accurate": answer.accurate,
                "comment": answer.comment.strip(),
                "responded_by": acting_user,
                "responded_at": clock.now(),
            },
        )
        responses.append(response)
    visit.status = VisitStatus.RESPONDED
    _touch(visit, acting_user)
    visit.save()
    audit_record(
        acting_user=acting_user,
        verb="visits.report.respond",
        summary=f"The school responded to the report of {visit}",
        obj=report,
        details={
            "inaccurate": [r.section for r in responses if not r.accurate],
        },
    )
    return responses


# ---- Quality assurance ----------------------------------------------------------


def _visitor_user_ids(visit: Visit) -> set[int]:
    return {a.user_id for a in visit.visitors if a.user_id is not None}


@transaction.atomic
def qa_sample_draw(
    *,
    acting_user: Any,
    term: Any,
    seed: int | None = None,
    percentage: Decimal | float | int | None = None,
) -> QaSample:
    """Draw the term's random sample of submitted reports not already in QA, and
    share them among the quality assurers in turn (never one who made the visit)."""
    from school_improvement.accounts.models import Role, User

    if percentage is None:
        percentage = _settings_for(term.la).qa_sample_percent
    percentage = Decimal(str(percentage))
    if not Decimal("0") <= percentage <= Decimal("100"):
        raise ValidationError("The percentage must be between 0 and 100")
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    eligible = list(
        VisitReport.objects.filter(
            visit__term=term,
            status=ReportStatus.SUBMITTED,
            quality_review__isnull=True,
        )
        .select_related("visit__lead", "visit__second_visitor")
        .order_by("pk")
    )
    count = 0
    if eligible and percentage > 0:
        count = max(1, math.ceil(len(eligible) * percentage / 100 - Decimal("1e-9")))
        count = min(count, len(eligible))
    rng = random.Random(seed)
    drawn = sorted(rng.sample(eligible, k=count), key=lambda r: r.pk)
    sample = QaSample.objects.create(
        la=term.la,
        term=term,
        percentage=percentage,
        seed=seed,
        eligible=len(eligible),
        drawn=len(drawn),
        drawn_by=_user(acting_user),
    )
    assurers = list(
        User.objects.filter(role=Role.QUALITY_ASSURER, is_active=True).order_by("pk")
    )
    turn = 0
    for report in drawn:
        assigned = None
        visitors = _visitor_user_ids(report.visit)
        for step in range(len(assurers)):
            candidate = assurers[(turn + step) % len(assurers)]
            if candidate.pk not in visitors:
                assigned = candidate
                turn = (turn + step + 1) % len(assurers)
                break
        QualityReview.objects.create(
            report=report,
            reason=QaReason.SAMPLE,
            sample=sample,
            assigned_to=assigned,
            created_by=_user(acting_user),
        )
    audit_record(
        acting_user=acting_user,
        verb="visits.qa.sample",
        summary=f"Drew {sample.drawn} of {sample.eligible} reports of {term} for QA",
        obj=sample,
        details={"seed": seed, "percentage": str(percentage)},
    )
    return sample


@transaction.atomic
def qa_request(
    *, acting_user: Any, report: VisitReport, note: str = ""
) -> QualityReview:
    """Put one submitted report into quality assurance at an officer's request.
    Raises ValidationError for a draft, or a report already under review."""
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError("Only a submitted report can be quality assured")
    if QualityReview.objects.filter(report=report).exists():
        raise ValidationError("This report is already in quality assurance")
    review = QualityReview.objects.create(
        report=report, reason=QaReason.REQUESTED, created_by=_user(acting_user)
    )
    audit_record(
        acting_user=acting_user,
        verb="visits.qa.request",
        summary=f"Asked for quality assurance of the report of {report.visit}",
        obj=review,
        details={"note": note.strip()[:500]},
    )
    return review


@transaction.atomic
def qa_record(
    *, acting_user: Any, review: QualityReview, outcome: str, feedback: str
) -> QualityReview:
    review = QualityReview.objects.select_for_update().get(pk=review.pk)
    if review.completed_at is not None:
        raise ValidationError("This report has already been quality assured")
    visit = review.report.visit
    if getattr(acting_user, "pk", None) in _visitor_user_ids(visit):
        raise ValidationError(
            "You made this visit: someone else must assure its report"
        )
    errors = []
    if outcome not in QaOutcome.values:
        errors.append("Choose the outcome")
    if not feedback.strip():
        errors.append("Enter the feedback for the System Leader")
    if errors:
        raise ValidationError(errors)
    review.outcome = outcome
    review.feedback = feedback.strip()
    review.completed_at = clock.now()
    review.completed_by = _user(acting_user)
    review.updated_at = review.completed_at
    review.updated_by = _user(acting_user)
    review.save()
    audit_record(
        acting_user=acting_user,
        verb="visits.qa.record",
        summary=f"Quality assured the report of {visit}: {review.get_outcome_display()}",
        obj=review,
        details={"outcome": outcome},
    )
    return review


# ---- Calendar feed --------------------------------------------------------------


@transaction.atomic
def calendar_feed_token(*, acting_user: Any, user: Any) -> str:
    """Give ``user`` a new secret calendar-feed token (the first, or a new one that
    ends the old address) and return it."""
    from school_improvement.visits.models import CalendarFeed

    token = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": token, "created_at": clock.now()}
    )
    audit_record(
        acting_user=acting_user,
        verb="visits.calendar.token",
        summary=f"{'Created' if created else 'Rotated'} the calendar feed of {user}",
        obj=feed,
    )
    return token
