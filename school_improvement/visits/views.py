"""Visits pages: my schools and visits, one visit, its date or cancellation, writing
its report, the school's response, the quality-assurance queue and each review, the
LA's agenda templates, and the calendar files and feed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from school_improvement.accounts.decorators import action_required
from school_improvement.accounts.models import Role
from school_improvement.accounts.permissions import Action, can, require
from school_improvement.core import clock
from school_improvement.terms.models import Term
from school_improvement.visits.models import (
    OnTrack,
    QaOutcome,
    QualityReview,
    ReportSection,
    ReportStatus,
    Visit,
    VisitReport,
    VisitStatus,
)
from school_improvement.visits.services import (
    ActionInput,
    ReportInput,
    SectionAnswer,
    agenda_for,
    guidance_for,
    qa_record,
    qa_request,
    qa_sample_draw,
    report_save_draft,
    report_submit,
    school_response_record,
    visit_cancel,
    visit_schedule,
    visit_template_save,
)

ACTION_ROWS = 5
SECTIONS = (
    ("focus_areas", "Focus areas", True),
    ("strengths", "Strengths", True),
    ("areas_for_development", "Areas for development", True),
    ("risk_notes", "Risks", False),
)


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _visit_get(user: Any, pk: int, action: Action) -> Visit:
    """One visit, or 404; PermissionDenied (403) if out of the user's scope."""
    visit = (
        Visit.objects.select_related(
            "establishment__la", "lead__user", "second_visitor__user", "term"
        )
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404("No such visit")
    require(user, action, visit)
    return visit


def _report_of(visit: Visit) -> VisitReport | None:
    return VisitReport.objects.filter(visit=visit).prefetch_related("actions").first()


def _adviser_of(user: Any) -> Any:
    from school_improvement.people.models import Adviser

    return Adviser.objects.filter(user_id=user.pk).first()


@action_required(Action.VIEW_MY_VISITS)
def mine(request: HttpRequest) -> HttpResponse:
    from school_improvement.allocations.entitlements import academic_year_of
    from school_improvement.allocations.models import Assignment

    today = clock.today()
    year = academic_year_of(today)
    adviser = _adviser_of(request.user)
    groups: dict[str, list[Visit]] = {
        "overdue": [],
        "due": [],
        "draft": [],
        "reported": [],
    }
    assignments: list[Any] = []
    if adviser is not None:
        assignments = list(
            Assignment.objects.filter(
                adviser=adviser, ended_on__isnull=True, academic_year=year
            ).select_related("establishment")
        )
        visits = (
            Visit.objects.filter(Q(lead=adviser) | Q(second_visitor=adviser))
            .select_related("establishment")
            .order_by("planned_date", "id")
        )
        drafts = set(
            VisitReport.objects.filter(
                visit__in=visits, status=ReportStatus.DRAFT
            ).values_list("visit_id", flat=True)
        )
        for visit in visits:
            if visit.status == VisitStatus.CANCELLED:
                continue
            if visit.status in (VisitStatus.REPORTED, VisitStatus.RESPONDED):
                groups["reported"].append(visit)
            elif visit.pk in drafts:
                groups["draft"].append(visit)
            elif visit.is_overdue(today):
                groups["overdue"].append(visit)
            else:
                groups["due"].append(visit)
        groups["reported"].reverse()
    return render(
        request,
        "visits/mine.html",
        {
            "adviser": adviser,
            "assignments": assignments,
            "year": year,
            "groups": groups,
            "today": today,
            "feed": _feed_of(request.user),
            "can_edit_templates": can(request.user, Action.EDIT_VISIT_TEMPLATES),
        },
    )


def _feed_of(user: Any) -> Any:
    from school_improvement.visits.models import CalendarFeed

    return CalendarFeed.objects.filter(user_id=user.pk).first()


@action_required(Action.VIEW_VISIT)
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_get(request.user, pk, Action.VIEW_VISIT)
    report = _report_of(visit)
    school_user = request.user.role == Role.SCHOOL_USER  # type: ignore[union-attr]
    if report is not None and report.status != ReportStatus.SUBMITTED and school_user:
        report = None
    review = None
    if report is not None and not school_user:
        review = QualityReview.objects.filter(report=report).first()
    return render(
        request,
        "visits/visit.html",
        {
            "visit": visit,
            "report": report,
            # in the order of the sections, as the school answered them
            "responses": sorted(
                report.responses.all(),
                key=lambda r: ReportSection.values.index(r.section),
            )
            if report
            else [],
            "review": review,
            "can_write": can(request.user, Action.WRITE_REPORT, visit)
            and visit.status == VisitStatus.PLANNED,
            "can_respond": report is not None
            and report.status == ReportStatus.SUBMITTED
            and can(request.user, Action.RESPOND_TO_REPORT, visit),
            "can_schedule": visit.status == VisitStatus.PLANNED
            and can(request.user, Action.SCHEDULE_VISIT, visit),
            "can_request_qa": review is None
            and report is not None
            and report.status == ReportStatus.SUBMITTED
            and can(request.user, Action.DRAW_QA_SAMPLE),
        },
    )


def _previous_report(visit: Visit) -> VisitReport | None:
    return (
        VisitReport.objects.filter(
            visit__establishment=visit.establishment, status=ReportStatus.SUBMITTED
        )
        .exclude(visit=visit)
        .order_by("-submitted_at", "-id")
        .prefetch_related("actions")
        .select_related("visit")
        .first()
    )


def _content_from(post: Any) -> tuple[ReportInput, list[dict[str, str]]]:
    rows = []
    actions = []
    for n in range(ACTION_ROWS):
        row = {
            "description": post.get(f"action-{n}-description", "").strip(),
            "owner": post.get(f"action-{n}-owner", "").strip(),
            "due_date": post.get(f"action-{n}-due_date", "").strip(),
        }
        rows.append(row)
        if not any(row.values()):
            continue
        try:
            due = dt.date.fromisoformat(row["due_date"]) if row["due_date"] else None
        except ValueError:
            due = None
        actions.append(ActionInput(row["description"], row["owner"], due))  # type: ignore[arg-type]
    content = ReportInput(
        focus_areas=post.get("focus_areas", ""),
        strengths=post.get("strengths", ""),
        areas_for_development=post.get("areas_for_development", ""),
        risk_notes=post.get("risk_notes", ""),
        on_track=post.get("on_track", ""),
        actions=tuple(actions),
    )
    return content, rows


@action_required(Action.WRITE_REPORT)
def report_write(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_get(request.user, pk, Action.WRITE_REPORT)
    report = _report_of(visit)
    submitted = report is not None and report.status == ReportStatus.SUBMITTED
    errors: list[str] = []
    values: dict[str, str] = {}
    rows: list[dict[str, str]] = []
    if request.method == "POST" and not submitted:
        content, rows = _content_from(request.POST)
        values = {name: getattr(content, name) for name, _, _ in SECTIONS}
        values["on_track"] = content.on_track
        try:
            if "submit" in request.POST:
                report_submit(acting_user=request.user, visit=visit, content=content)
                messages.success(
                    request, "The report is submitted and sent to the school."
                )
            else:
                report_save_draft(
                    acting_user=request.user, visit=visit, content=content
                )
                messages.success(request, "The draft is saved.")
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            return redirect("visits:visit", pk=visit.pk)
    elif report is not None:
        values = {name: getattr(report, name) for name, _, _ in SECTIONS}
        values["on_track"] = report.on_track
        rows = [
            {
                "description": a.description,
                "owner": a.owner,
                "due_date": a.due_date.isoformat(),
            }
            for a in report.actions.all()
        ]
    rows = (rows + [{"description": "", "owner": "", "due_date": ""}] * ACTION_ROWS)[
        :ACTION_ROWS
    ]
    return render(
        request,
        "visits/report.html",
        {
            "visit": visit,
            "report": report,
            "submitted": submitted,
            "errors": errors,
            "sections": [
                {
                    "name": name,
                    "label": label,
                    "required": req,
                    "value": values.get(name, ""),
                }
                for name, label, req in SECTIONS
            ],
            "on_track": values.get("on_track", ""),
            "on_track_choices": OnTrack.choices,
            "rows": rows,
            "guidance": guidance_for(visit.establishment.la, visit.visit_type),
            "previous": _previous_report(visit),
        },
        status=400 if errors else 200,
    )


@action_required(Action.RESPOND_TO_REPORT)
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_get(request.user, pk, Action.RESPOND_TO_REPORT)
    report = _report_of(visit)
    if report is None or report.status != ReportStatus.SUBMITTED:
        raise Http404("There is no report to respond to yet")
    existing = {r.section: r for r in report.responses.all()}
    errors: list[str] = []
    posted = request.method == "POST"
    if posted:
        answers = {}
        for section in ReportSection:
            choice = request.POST.get(section.value, "")
            if choice in ("yes", "no"):
                answers[section.value] = SectionAnswer(
                    choice == "yes", request.POST.get(f"{section.value}-comment", "")
                )
        try:
            school_response_record(
                acting_user=request.user, visit=visit, answers=answers
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, "Your response is recorded.")
            return redirect("visits:visit", pk=visit.pk)
    sections = []
    for section in ReportSection:
        if posted:
            choice = request.POST.get(section.value, "")
            comment = request.POST.get(f"{section.value}-comment", "")
        elif section.value in existing:
            r = existing[section.value]
            choice, comment = ("yes" if r.accurate else "no"), r.comment
        else:
            choice, comment = "", ""
        sections.append(
            {
                "name": section.value,
                "label": section.label,
                "text": report.section_text(section.value),
                "choice": choice,
                "comment": comment,
            }
        )
    return render(
        request,
        "visits/respond.html",
        {"visit": visit, "report": report, "sections": sections, "errors": errors},
        status=400 if errors else 200,
    )


@action_required(Action.VIEW_QA_QUEUE)
def qa_queue(request: HttpRequest) -> HttpResponse:
    reviews = QualityReview.objects.select_related(
        "report__visit__establishment",
        "report__visit__lead",
        "assigned_to",
        "completed_by",
    )
    open_reviews = sorted(
        reviews.filter(completed_at__isnull=True),
        key=lambda r: (r.assigned_to_id != request.user.pk, r.created_at, r.pk),
    )
    done = list(reviews.filter(completed_at__isnull=False).order_by("-completed_at"))
    # a review opens for whoever may record it; others (an officer) go to the visit,
    # whose page shows the report and the review's outcome
    openable = {
        r.pk for r in [*open_reviews, *done] if can(request.user, Action.RECORD_QA, r)
    }
    return render(
        request,
        "visits/qa_queue.html",
        {
            "open_reviews": open_reviews,
            "done": done,
            "openable": openable,
            "can_draw": can(request.user, Action.DRAW_QA_SAMPLE),
            "terms": Term.objects.select_related("la").order_by("-start_date"),
        },
    )


@action_required(Action.DRAW_QA_SAMPLE)
@require_POST
def qa_draw(request: HttpRequest) -> HttpResponse:
    term_id = request.POST.get("term", "")
    term = Term.objects.filter(pk=int(term_id)).first() if term_id.isdigit() else None
    if term is None:
        messages.error(request, "Choose the term to draw the sample from.")
        return redirect("visits:qa-queue")
    try:
        seed = int(request.POST["seed"]) if request.POST.get("seed") else None
        given = request.POST.get("percentage", "").strip()
        percentage = Decimal(given) if given else None
        sample = qa_sample_draw(
            acting_user=request.user, term=term, seed=seed, percentage=percentage
        )
    except (ValueError, ArithmeticError):
        messages.error(request, "Enter the seed and percentage as numbers.")
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(
            request,
            f"Drew {sample.drawn} of {sample.eligible} reports (seed {sample.seed}).",
        )
    return redirect("visits:qa-queue")


@action_required(Action.RECORD_QA)
def qa_review(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(
        QualityReview.objects.select_related(
            "report__visit__establishment", "report__visit__lead", "assigned_to"
        ),
        pk=pk,
    )
    require(request.user, Action.RECORD_QA, review)
    errors: list[str] = []
    outcome = review.outcome
    feedback = review.feedback
    if request.method == "POST":
        outcome = request.POST.get("outcome", "")
        feedback = request.POST.get("feedback", "")
        try:
            qa_record(
                acting_user=request.user,
                review=review,
                outcome=outcome,
                feedback=feedback,
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, "The quality assurance outcome is recorded.")
            return redirect("visits:qa-queue")
    report = review.report
    return render(
        request,
        "visits/qa_review.html",
        {
            "review": review,
            "report": report,
            "visit": report.visit,
            "outcomes": QaOutcome.choices,
            "outcome": outcome,
            "feedback": feedback,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@action_required(Action.VIEW_VISIT)
def ics(request: HttpRequest, pk: int) -> HttpResponse:
    from school_improvement.visits.calendar import visit_calendar

    visit = _visit_get(request.user, pk, Action.VIEW_VISIT)
    response = HttpResponse(visit_calendar(visit), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="visit-{visit.pk}.ics"'
    return response


@action_required(Action.VIEW_MY_VISITS)
@require_POST
def feed_rotate(request: HttpRequest) -> HttpResponse:
    """Create the person's calendar feed address, or a new one ending the old."""
    from school_improvement.visits.services import calendar_feed_token

    existed = _feed_of(request.user) is not None
    calendar_feed_token(acting_user=request.user, user=request.user)
    messages.success(
        request,
        "Your calendar has a new address: the old one no longer works."
        if existed
        else "Your calendar address is ready: add it to Outlook as an internet calendar.",
    )
    return redirect("visits:mine")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's calendar feed, by its secret token (no sign-in: Outlook fetches
    it). Their non-cancelled visits, and the strategy meetings they chair."""
    from school_improvement.people.models import Adviser
    from school_improvement.support.models import MeetingStatus, StrategyMeeting
    from school_improvement.visits.calendar import feed_calendar
    from school_improvement.visits.models import CalendarFeed

    subscription = (
        CalendarFeed.objects.select_related("user").filter(token=token).first()
    )
    if subscription is None or not subscription.user.is_active:
        raise Http404("No such calendar")
    user = subscription.user
    advisers = list(Adviser.objects.filter(user=user).values_list("pk", flat=True))
    visits = (
        Visit.objects.filter(
            Q(lead_id__in=advisers) | Q(second_visitor_id__in=advisers)
        )
        .exclude(status=VisitStatus.CANCELLED)
        .filter(planned_date__isnull=False)
        .select_related("establishment")
    )
    meetings = StrategyMeeting.objects.none()
    if can(user, Action.PLAN_VISITS):
        meetings = (
            StrategyMeeting.objects.filter(chair=user)
            .exclude(status=MeetingStatus.CANCELLED)
            .select_related("establishment")
        )
    return HttpResponse(feed_calendar(visits, meetings), content_type="text/calendar")


@action_required(Action.PLAN_VISITS)
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    from school_improvement.support.models import StrategyMeeting
    from school_improvement.visits.calendar import meeting_calendar

    meeting = get_object_or_404(
        StrategyMeeting.objects.select_related("establishment"), pk=pk
    )
    response = HttpResponse(meeting_calendar(meeting), content_type="text/calendar")
    response["Content-Disposition"] = (
        f'attachment; filename="strategy-meeting-{meeting.pk}.ics"'
    )
    return response


# ---- Dates, cancellation, quality assurance on request ---------------------------


def _date_or_error(text: str, label: str, errors: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        errors.append(f"Enter the {label} as a date, for example 2027-01-14")
        return None


@action_required(Action.SCHEDULE_VISIT)
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Agree (or move) the date and start time of a planned visit."""
    visit = _visit_get(request.user, pk, Action.SCHEDULE_VISIT)
    errors: list[str] = []
    date_text = visit.planned_date.isoformat() if visit.planned_date else ""
    time_text = visit.start_time.strftime("%H:%M") if visit.start_time else ""
    if visit.status != VisitStatus.PLANNED:
        errors.append("Only a planned visit can be given a date")
    elif request.method == "POST":
        date_text = request.POST.get("planned_date", "").strip()
        time_text = request.POST.get("start_time", "").strip()
        planned = _date_or_error(date_text, "date of the visit", errors)
        start = None
        if time_text:
            try:
                start = dt.time.fromisoformat(time_text)
            except ValueError:
                errors.append("Enter the start time as hours and minutes, like 09:30")
        if planned is not None and visit.term is not None and not errors:
            term = visit.term
            if not term.start_date <= planned <= term.end_date:
                errors.append(
                    f"Choose a date in the {term} ({term.start_date:%d-%m-%Y} to "
                    f"{term.end_date:%d-%m-%Y}), the term the visit is planned for"
                )
        if planned is not None and planned.weekday() >= 5:
            errors.append("Choose a school day: that date is a weekend")
        if not errors and planned is not None:
            try:
                visit_schedule(
                    acting_user=request.user,
                    visit=visit,
                    planned_date=planned,
                    start_time=start,
                )
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                messages.success(
                    request,
                    f"The visit is on {planned:%A %-d %B %Y}: calendars that have it "
                    "will update.",
                )
                return redirect("visits:visit", pk=visit.pk)
    return render(
        request,
        "visits/schedule.html",
        {
            "visit": visit,
            "planned_date": date_text,
            "start_time": time_text,
            "errors": errors,
        },
        status=400 if errors and request.method == "POST" else 200,
    )


@action_required(Action.SCHEDULE_VISIT)
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a planned visit, saying why (the reason shows on the visit)."""
    visit = _visit_get(request.user, pk, Action.SCHEDULE_VISIT)
    errors: list[str] = []
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            visit_cancel(acting_user=request.user, visit=visit, reason=reason)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, "The visit is cancelled.")
            return redirect("visits:visit", pk=visit.pk)
    return render(
        request,
        "visits/cancel.html",
        {"visit": visit, "reason": reason, "errors": errors},
        status=400 if errors else 200,
    )


@action_required(Action.DRAW_QA_SAMPLE)
@require_POST
def qa_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Send one submitted report to quality assurance, outside the termly sample."""
    visit = _visit_get(request.user, pk, Action.VIEW_VISIT)
    report = _report_of(visit)
    try:
        if report is None:
            raise ValidationError("This visit has no report to quality assure")
        qa_request(
            acting_user=request.user, report=report, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        for error in _errors(exc):
            messages.error(request, error)
    else:
        messages.success(request, "The report is in the quality-assurance queue.")
    return redirect("visits:visit", pk=visit.pk)


# ---- The LA's agendas and report guidance ---------------------------------------


def _templates_la(request: HttpRequest) -> Any:
    from school_improvement.schools.selectors import area_la

    try:
        return area_la(request.GET.get("la"))
    except Exception:  # noqa: BLE001 - an empty register or an unknown LA
        raise Http404("No schools in the register yet") from None


@action_required(Action.EDIT_VISIT_TEMPLATES)
def templates(request: HttpRequest) -> HttpResponse:
    """Every type of visit with the agenda and guidance a new visit of it takes."""
    from school_improvement.visits.models import VisitTemplate, VisitType

    la = _templates_la(request)
    own = {t.visit_type: t for t in VisitTemplate.objects.filter(la=la)}
    rows = [
        {
            "type": value,
            "label": label,
            "own": own.get(value),
            "agenda": [
                line for line in agenda_for(la, value).splitlines() if line.strip()
            ],
        }
        for value, label in VisitType.choices
    ]
    return render(request, "visits/templates.html", {"la": la, "rows": rows})


@action_required(Action.EDIT_VISIT_TEMPLATES)
def template_edit(request: HttpRequest, visit_type: str) -> HttpResponse:
    from school_improvement.visits.models import VisitType

    if visit_type not in VisitType.values:
        raise Http404("No such type of visit")
    la = _templates_la(request)
    errors: list[str] = []
    agenda = agenda_for(la, visit_type)
    guidance = guidance_for(la, visit_type)
    if request.method == "POST":
        agenda = request.POST.get("agenda", "")
        guidance = request.POST.get("guidance", "")
        try:
            visit_template_save(
                acting_user=request.user,
                la=la,
                visit_type=visit_type,
                agenda=agenda,
                guidance=guidance,
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(
                request,
                f"The {VisitType(visit_type).label.lower()} template is saved: visits "
                "planned from now on take it.",
            )
            return redirect("visits:templates")
    return render(
        request,
        "visits/template_edit.html",
        {
            "la": la,
            "visit_type": visit_type,
            "label": VisitType(visit_type).label,
            "agenda": agenda,
            "guidance": guidance,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
