"""Term calendar pages: the LA's academic year (terms, half-terms, school days,
bank holidays, closure days and what looks wrong), entering a term, adding and
removing closure days, and uploading a CSV of term dates."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from school_improvement.accounts.decorators import action_required
from school_improvement.accounts.permissions import Action, can
from school_improvement.core import clock
from school_improvement.data.imports.coded import parse_academic_year
from school_improvement.terms.calendar import academic_year_of
from school_improvement.terms.forms import ClosureForm, TermForm, TermsUploadForm
from school_improvement.terms.models import Term, TermName
from school_improvement.terms.selectors import closure_get, la_for_user, year_calendar
from school_improvement.terms.services import (
    closure_add,
    closure_remove,
    term_save,
    terms_import,
)


def _year(text: str) -> str:
    if not text:
        return academic_year_of(clock.today())
    try:
        return parse_academic_year(text)
    except ValueError:
        raise Http404("Not an academic year") from None


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _calendar_url(la: Any, year: str) -> str:
    return f"{reverse('terms:calendar')}?{urlencode({'la': la.code, 'year': year})}"


def _add_errors(form: Any, exc: ValidationError) -> None:
    """A service's ValidationError on the form: by field where the form has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@action_required(Action.VIEW_TERMS)
def calendar(request: HttpRequest) -> HttpResponse:
    la = la_for_user(request.user, request.GET.get("la"))
    year = _year(request.GET.get("year", ""))
    return render(
        request,
        "terms/calendar.html",
        {
            "calendar": year_calendar(la, year),
            "la": la,
            "year": year,
            "can_edit": can(request.user, Action.EDIT_TERMS),
        },
    )


@action_required(Action.EDIT_TERMS)
def edit(request: HttpRequest) -> HttpResponse:
    """Enter a term, or change one (the LA's term of that year and name)."""
    la = la_for_user(request.user, request.GET.get("la"))
    year = _year(request.GET.get("year", ""))
    name = request.GET.get("term", "")
    existing = None
    if name in TermName.values:
        existing = Term.objects.filter(la=la, academic_year=year, name=name).first()
    initial: dict[str, Any] = {"academic_year": year, "name": name or None}
    if existing is not None:
        initial |= {
            f: getattr(existing, f)
            for f in ("start_date", "end_date", "half_term_start", "half_term_end")
        }
    form = TermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            term = term_save(acting_user=request.user, la=la, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, f"{term.get_name_display()} term {term.academic_year} saved."
            )
            return redirect(_calendar_url(la, term.academic_year))
    return render(
        request,
        "terms/edit.html",
        {"form": form, "la": la, "year": year, "existing": existing},
    )


@action_required(Action.EDIT_TERMS)
def closure_add_view(request: HttpRequest) -> HttpResponse:
    la = la_for_user(request.user, request.GET.get("la"))
    year = _year(request.GET.get("year", ""))
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closure = closure_add(acting_user=request.user, la=la, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                f"Closure day {_day(closure.date)} added: {closure.reason}.",
            )
            return redirect(_calendar_url(la, academic_year_of(closure.date)))
    return render(
        request, "terms/closure_add.html", {"form": form, "la": la, "year": year}
    )


@action_required(Action.EDIT_TERMS)
@require_POST
def closure_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    closure = closure_get(request.user, pk)
    la, day = closure.la, closure.date
    closure_remove(acting_user=request.user, closure=closure)
    messages.success(
        request, f"Closure day {_day(day)} removed: it is a school day again."
    )
    return redirect(_calendar_url(la, academic_year_of(day)))


_PROBLEM = re.compile(r"(?P<line>\d+): (?:column (?P<column>[^:]+): )?(?P<message>.*)")


def _problem_rows(file_name: str, problems: list[str]) -> list[dict[str, str]]:
    """Each "FILE:LINE: column X: message" as line, column and message for a table
    (the file name is the one just uploaded, so it is not repeated)."""
    rows = []
    for text in problems:
        rest = text.removeprefix(f"{file_name}:").lstrip()
        match = _PROBLEM.fullmatch(rest) if rest != text.lstrip() else None
        if match:
            rows.append(match.groupdict(default=""))
        else:
            rows.append({"line": "", "column": "", "message": rest})
    return rows


@action_required(Action.EDIT_TERMS)
def upload(request: HttpRequest) -> HttpResponse:
    """A CSV of term dates, all or nothing; "check only" shows what would change."""
    la = la_for_user(request.user, request.GET.get("la"))
    form = TermsUploadForm(request.POST or None, request.FILES or None)
    result = None
    problems: list[dict[str, str]] = []
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            result = terms_import(
                acting_user=request.user,
                la=la,
                source=upload_file.read(),
                file_name=upload_file.name,
                dry_run=form.cleaned_data["check_only"],
            )
        except ValidationError as exc:
            problems = _problem_rows(upload_file.name, exc.messages)
        else:
            if not result.dry_run:
                messages.success(request, result.summary)
                today = academic_year_of(clock.today())
                years = result.academic_years
                year = today if today in years else years[0]
                return redirect(_calendar_url(la, year))
    return render(
        request,
        "terms/upload.html",
        {"form": form, "la": la, "result": result, "problems": problems},
    )
