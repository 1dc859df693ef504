"""Visits pages: my schools and visits, one visit, writing its report, the school's
response, the quality-assurance queue and each review, and the calendar file."""

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
    guidance_for,
    qa_record,
    qa_sample_draw,
    report_save_draft,
    report_submit,
    school_response_record,
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
            "responses": list(report.responses.all()) if report else [],
            "review": review,
            "agenda": [line for line in visit.agenda.splitlines() if line.strip()],
            "can_write": can(request.user, Action.WRITE_REPORT, visit)
            and visit.status == VisitStatus.PLANNED,
            "can_respond": report is not None
            and report.status == ReportStatus.SUBMITTED
            and can(request.user, Action.RESPOND_TO_REPORT, visit),
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
        "report__visit__establishment", "report__visit__lead", "assigned_to"
    )
    open_reviews = sorted(
        reviews.filter(completed_at__isnull=True),
        key=lambda r: (r.assigned_to_id != request.user.pk, r.created_at, r.pk),
    )
    done = list(reviews.filter(completed_at__isnull=False).order_by("-completed_at"))
    return render(
        request,
        "visits/qa_queue.html",
        {
            "open_reviews": open_reviews,
            "done": done,
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
