"""Categorisation pages: the area's board, runs and their preview, publishing, the
policies' own pages (the transparent triggers), each school's category and why,
moderation, judgements and the Position Statement."""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from engines.categorisation import PolicyError, load_policy
from school_improvement.accounts.decorators import action_required
from school_improvement.accounts.permissions import Action, can, require
from school_improvement.categorisation.forms import (
    DecisionForm,
    JudgementForm,
    MovesSinceForm,
    OverrideForm,
    RedFlagTestForm,
    RunForm,
)
from school_improvement.categorisation.letters import format_date
from school_improvement.categorisation.models import (
    CategorisationRun,
    CategoryChange,
    Override,
    OverrideStatus,
    RedFlagTest,
    RunStatus,
    SchoolJudgement,
    SchoolResult,
)
from school_improvement.categorisation.selectors import (
    academic_year_start,
    category_before,
    letter_rows,
    moves_between,
    publication_in_force,
    publications,
)
from school_improvement.categorisation.services import (
    area_la,
    categorisation_run,
    changes_against_published,
    judgement_record,
    letters_batch,
    override_decide,
    override_propose,
    policy_load,
    policy_names,
    published_run,
    run_publish,
)
from school_improvement.core import clock
from school_improvement.core.services import audit_record
from school_improvement.inspections.selectors import PHASE_ORDER, phase_group
from school_improvement.schools import selectors as school_selectors


def _category_order(run: CategorisationRun) -> list[tuple[str, str]]:
    try:
        policy = load_policy(run.policy.text, file_name=f"{run.policy.name}.yaml")
    except PolicyError:
        return []
    return [(c.id, c.label) for c in policy.categories]


@action_required(Action.VIEW_CATEGORIES)
def board(request: HttpRequest) -> HttpResponse:
    """The area's categories: counts by category, phase and governance, and moves
    since the previous publication."""
    try:
        la = area_la(request.GET.get("la"))
    except Exception:  # noqa: BLE001 - an empty register or an unknown LA
        raise Http404("No schools in the register yet") from None
    run = published_run(la)
    rows: list[dict[str, Any]] = []
    categories: list[tuple[str, str]] = []
    moves: list[CategoryChange] = []
    results: list[SchoolResult] = []
    if run is not None:
        categories = _category_order(run)
        results = list(
            run.results.select_related("establishment").prefetch_related("overrides")
        )
        grid: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for r in results:
            key = (
                phase_group(r.establishment),
                r.establishment.get_governance_display(),
            )
            grid[key][r.effective_category] += 1
        totals: Counter[str] = Counter(r.effective_category for r in results)
        rows = [
            {
                "phase": k[0],
                "governance": k[1],
                "counts": [grid[k].get(c, 0) for c, _ in categories],
                "total": sum(grid[k].values()),
            }
            for k in sorted(grid, key=lambda k: (PHASE_ORDER.get(k[0], 9), k))
        ]
        rows.append(
            {
                "phase": "All",
                "governance": "",
                "counts": [totals.get(c, 0) for c, _ in categories],
                "total": len(results),
                "is_total": True,
            }
        )
        moves = list(run.changes.select_related("establishment"))
    since_form, since = _moves_since(request, la, run)
    year_start = academic_year_start(clock.today())
    return render(
        request,
        "categorisation/board.html",
        {
            "la": la,
            "run": run,
            "since_form": since_form,
            "since": since,
            "year_start": year_start,
            # The start of the year is offered when categories stood then.
            "year_start_link": since_form is not None
            and since_form.first_published_on is not None
            and year_start > since_form.first_published_on,
            "categories": categories,
            "rows": rows,
            "moves": moves,
            "results": sorted(
                results, key=lambda r: (r.effective_category, r.establishment.name)
            ),
            "review": [r for r in results if r.needs_review],
            "pending": Override.objects.filter(status=OverrideStatus.PROPOSED).count(),
            "can_run": can(request.user, Action.RUN_CATEGORISATION),
        },
    )


def _moves_since(
    request: HttpRequest, la: Any, run: CategorisationRun | None
) -> tuple[MovesSinceForm | None, dict[str, Any] | None]:
    """The board's "moves since a date or a publication": the form (None before any
    publication) and, when it was filled in correctly, what moved."""
    if run is None:
        return None, None
    published = publications(la)
    earlier = [p for p in published if p.pk != run.pk]
    first = published[-1].published_at
    choices = [
        (
            p.pk,
            f"{format_date(timezone.localdate(p.published_at))}: run {p.pk}, "
            f"{p.policy.title}",
        )
        for p in earlier
        if p.published_at is not None
    ]
    asked = any(name in request.GET for name in MovesSinceForm.base_fields)
    form = MovesSinceForm(
        request.GET if asked else None,
        publications=choices,
        first_published_on=timezone.localdate(first) if first else None,
    )
    if not asked or not form.is_valid():
        return form, None
    day = form.cleaned_data["since"]
    if day is not None:
        then = publication_in_force(la, day)
        heading = f"Moves since {format_date(day)}"
    else:
        then = next(p for p in earlier if p.pk == form.cleaned_data["since_run"])
        heading = (
            f"Moves since the publication of "
            f"{format_date(timezone.localdate(then.published_at))}"
        )
    assert then is not None  # the form refuses dates before the first publication
    moves, back = moves_between(then, run)
    return form, {
        "heading": heading,
        "day": day,
        "then": then,
        "moves": moves,
        "back": back,
        "other_policy": then.policy.name != run.policy.name,
    }


@action_required(Action.VIEW_CATEGORIES)
def runs(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    if posted:
        require(request.user, Action.RUN_CATEGORISATION)
    form = RunForm(request.POST if posted else None, policies=policy_names())
    if posted and form.is_valid():
        try:
            run = categorisation_run(
                acting_user=request.user,
                policy_name=form.cleaned_data["policy"],
                as_of=form.cleaned_data["as_of"],
            )
        except PolicyError as exc:
            form.add_error("policy", f"The policy does not load: {exc}")
        else:
            messages.success(
                request, f"Run {run.pk} is ready to check before publishing."
            )
            return redirect("categorisation:run", pk=run.pk)
    return render(
        request,
        "categorisation/runs.html",
        {
            "runs": CategorisationRun.objects.select_related(
                "policy", "la", "created_by"
            )[:50],
            "form": form,
            "can_run": can(request.user, Action.RUN_CATEGORISATION),
        },
    )


@action_required(Action.VIEW_CATEGORIES)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(
        CategorisationRun.objects.select_related("policy", "la"), pk=pk
    )
    results = list(
        run.results.select_related("establishment").prefetch_related("overrides")
    )
    return render(
        request,
        "categorisation/run_detail.html",
        {
            "run": run,
            "moves": changes_against_published(run)
            if run.status == RunStatus.DRAFT
            else list(run.changes.select_related("establishment")),
            "results": results,
            "categories": _category_order(run),
            "counts": _counts(run, results),
            "can_publish": run.status == RunStatus.DRAFT
            and can(request.user, Action.PUBLISH_CATEGORISATION),
            "can_letters": can(request.user, Action.MANAGE_LETTERS),
        },
    )


def _counts(
    run: CategorisationRun, results: list[SchoolResult]
) -> list[tuple[str, int]]:
    tally = Counter(r.effective_category for r in results)
    return [(c, tally.get(c, 0)) for c, _ in _category_order(run)]


@action_required(Action.PUBLISH_CATEGORISATION)
@require_POST
def run_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(CategorisationRun, pk=pk)
    try:
        moves = run_publish(acting_user=request.user, run=run)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Published: {len(moves)} schools changed category.")
    return redirect("categorisation:run", pk=pk)


@action_required(Action.VIEW_REGISTER)
def policy_page(request: HttpRequest, name: str) -> HttpResponse:
    """A policy in plain English: the transparent triggers, open to every user."""
    if name not in policy_names():
        raise Http404("No such policy")
    try:
        policy = policy_load(name)
        error = ""
    except PolicyError as exc:
        policy, error = None, str(exc)
    return render(
        request,
        "categorisation/policy.html",
        {"policy": policy, "name": name, "error": error, "names": policy_names()},
    )


ENTITLEMENT_LABELS = {
    "visits": "System Leader visits this year",
    "visits_is_cap": "Visits are a maximum (“up to”)",
    "support_plan": "Support plan with success criteria and impact measures",
    "strategy_meeting_weeks": "Strategy meetings, every (weeks)",
    "welcome_visit": "Welcome visit for a new headteacher",
    "structured_conversation": "Annual structured conversation",
    "academisation_support": "Support with academisation",
    "early_years_support": "Early years support",
    "target": "Target",
}


def _entitlement_rows(entitlements: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for key, value in entitlements.items():
        shown = _shown(value)
        if value is None:
            shown = "none"
        rows.append(
            (ENTITLEMENT_LABELS.get(key, key.replace("_", " ").capitalize()), shown)
        )
    return rows


def _shown(value: Any) -> str:
    if value is None:
        return "missing"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value == "":
        return "none"
    return str(value)


def _explained(result: SchoolResult) -> list[dict[str, Any]]:
    """The result's triggers with their evidence under the policy's own labels."""
    try:
        policy = load_policy(
            result.run.policy.text, file_name=f"{result.run.policy.name}.yaml"
        )
        labels = {n: f.label for n, f in policy.facts.items()}
        labels |= {n: p.label for n, p in policy.parameters.items()}
    except PolicyError:
        labels = {}
    return [
        {
            "label": t.get("label", t.get("id")),
            "fired": t.get("fired"),
            "outcome": t.get("outcome", ""),
            "missing": [labels.get(m, m) for m in t.get("missing", [])],
            "evidence": [
                (labels.get(k, k), _shown(v)) for k, v in t.get("evidence", {}).items()
            ],
        }
        for t in result.record.get("triggers", [])
    ]


def _school_context(request: HttpRequest, establishment: Any) -> dict[str, Any]:
    results = list(
        SchoolResult.objects.filter(
            establishment=establishment,
            run__status__in=[RunStatus.PUBLISHED, RunStatus.SUPERSEDED],
        )
        .select_related("run__policy", "run")
        .prefetch_related("overrides__proposed_by", "overrides__decided_by")
        .order_by("-run__published_at", "-run_id")
    )
    current = (
        results[0] if results and results[0].run.status == RunStatus.PUBLISHED else None
    )
    officer = can(request.user, Action.PROPOSE_OVERRIDE)
    categories = _category_order(current.run) if current else []
    return {
        "school": establishment,
        "current": current,
        "explained": _explained(current) if current else [],
        "entitlement_rows": _entitlement_rows(current.result.get("entitlements", {}))
        if current
        else [],
        "history": results,
        "judgements": SchoolJudgement.objects.filter(
            establishment=establishment
        ).select_related("created_by")
        if can(request.user, Action.VIEW_SCHOOL_CATEGORY, establishment)
        else [],
        "override_form": OverrideForm(
            categories=[c for c in categories if current and c[0] != current.category]
        )
        if officer and current
        else None,
        "pending": [
            o for o in current.overrides.all() if o.status == OverrideStatus.PROPOSED
        ]
        if current
        else [],
        "can_decide": can(request.user, Action.DECIDE_OVERRIDE),
        "can_record": can(request.user, Action.RECORD_JUDGEMENT, establishment),
        "decision_form": DecisionForm(),
    }


@action_required(Action.VIEW_SCHOOL_CATEGORY)
def school_category(request: HttpRequest, urn: str) -> HttpResponse:
    establishment = school_selectors.establishment_get(
        request.user, urn, Action.VIEW_SCHOOL_CATEGORY
    )
    return render(
        request, "categorisation/school.html", _school_context(request, establishment)
    )


@action_required(Action.PROPOSE_OVERRIDE)
@require_POST
def override_propose_view(request: HttpRequest, urn: str) -> HttpResponse:
    establishment = school_selectors.establishment_get(
        request.user, urn, Action.VIEW_SCHOOL_CATEGORY
    )
    context = _school_context(request, establishment)
    current = context["current"]
    if current is None:
        raise Http404("No published category to moderate")
    form = OverrideForm(request.POST, categories=_category_order(current.run))
    if form.is_valid():
        try:
            override_propose(
                acting_user=request.user,
                result=current,
                category=form.cleaned_data["category"],
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                "The proposal is recorded and awaits a senior officer's decision.",
            )
            return redirect("categorisation:school", urn=urn)
    context["override_form"] = form
    return render(request, "categorisation/school.html", context, status=400)


@action_required(Action.DECIDE_OVERRIDE)
@require_POST
def override_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    override = get_object_or_404(
        Override.objects.select_related("result__establishment", "result__run"), pk=pk
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or reject")
    else:
        try:
            override_decide(
                acting_user=request.user,
                override=override,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, f"The proposal is {override.get_status_display().lower()}."
            )
    return redirect("categorisation:school", urn=override.result.establishment.urn)


@action_required(Action.PROPOSE_OVERRIDE)
def overrides(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "categorisation/overrides.html",
        {
            "overrides": Override.objects.select_related(
                "result__establishment",
                "result__run__policy",
                "proposed_by",
                "decided_by",
            )[:200]
        },
    )


@action_required(Action.RECORD_JUDGEMENT)
def judgement_add(request: HttpRequest, urn: str) -> HttpResponse:
    establishment = school_selectors.establishment_get(
        request.user, urn, Action.RECORD_JUDGEMENT
    )
    posted = request.method == "POST"
    form = JudgementForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            judgement_record(
                acting_user=request.user,
                establishment=establishment,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error("judged_on", exc)
        else:
            messages.success(
                request, "The judgement is recorded; the next run reads it."
            )
            return redirect("categorisation:school", urn=urn)
    return render(
        request,
        "categorisation/judgement_form.html",
        {"school": establishment, "form": form},
    )


@action_required(Action.VIEW_CATEGORIES)
def position_statement(request: HttpRequest) -> HttpResponse:
    try:
        la = area_la(request.GET.get("la"))
    except Exception:  # noqa: BLE001
        raise Http404("No schools in the register yet") from None
    posted = request.method == "POST"
    if posted:
        require(request.user, Action.EDIT_POSITION_STATEMENT)
    form = RedFlagTestForm(request.POST if posted else None)
    if posted and form.is_valid():
        test = form.save(commit=False)
        test.la = la
        test.position = RedFlagTest.objects.filter(la=la).count()
        test.created_by = test.updated_by = request.user  # type: ignore[assignment]
        test.save()
        audit_record(
            acting_user=request.user,
            verb="position_statement.add",
            summary=f"Red-flag test added: {test.description}",
            obj=test,
        )
        messages.success(request, "The test is added; the next run reads it.")
        return redirect("categorisation:position-statement")
    return render(
        request,
        "categorisation/position_statement.html",
        {
            "la": la,
            "tests": RedFlagTest.objects.filter(la=la).select_related("indicator"),
            "form": form,
            "can_edit": can(request.user, Action.EDIT_POSITION_STATEMENT),
        },
    )


# ---- letters ----------------------------------------------------------------------------


@action_required(Action.MANAGE_LETTERS)
def letters(request: HttpRequest, pk: int) -> HttpResponse:
    """Letters for a published run: each school whose category changed (or, with
    ?all=1, every school), and the schools whose move the DfE must be told of."""
    run = _published_or_404(pk)
    every = request.GET.get("all") == "1"
    rows = letter_rows(run, every=every)
    return render(
        request,
        "categorisation/letters.html",
        {
            "run": run,
            "rows": rows,
            "every": every,
            "notifications": [x for x in rows if x.notify],
            "changed_count": sum(row.changed for row in rows) if every else len(rows),
            "school_count": len(rows) if every else run.results.count(),
        },
    )


def _published_or_404(pk: int) -> CategorisationRun:
    run = get_object_or_404(
        CategorisationRun.objects.select_related("policy", "la"), pk=pk
    )
    if run.status == RunStatus.DRAFT:
        raise Http404("Letters follow publication")
    return run


@action_required(Action.MANAGE_LETTERS)
def letters_zip(
    request: HttpRequest, pk: int, scope: str, fmt: str
) -> HttpResponseBase:
    """Every letter of a published run in one ZIP, Word or PDF, with an index:
    ``changed`` (the schools whose category changed) or ``all`` (the annual letter)."""
    from school_improvement.categorisation.letters import LetterTemplateError

    run = _published_or_404(pk)
    # Built first (up to 32 MB in memory, then in a temporary file), then streamed:
    # a failure shows a page rather than a broken download. FileResponse closes it.
    out = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115
    try:
        letters_batch(
            acting_user=request.user, run=run, every=scope == "all", fmt=fmt, out=out
        )
    except ValidationError as exc:
        out.close()
        messages.info(request, " ".join(exc.messages))
        return redirect("categorisation:letters", pk=pk)
    except LetterTemplateError as exc:
        out.close()
        messages.error(request, f"The letter wording does not work: {exc}")
        return redirect("categorisation:letters", pk=pk)
    out.seek(0)
    who = "all-schools" if scope == "all" else "changed-category"
    kind = "word" if fmt == "docx" else "pdf"
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"letters-run-{pk}-{who}-{kind}.zip",
        content_type="application/zip",
    )


@action_required(Action.MANAGE_LETTERS)
def letter_download(request: HttpRequest, pk: int, urn: str, fmt: str) -> HttpResponse:
    from school_improvement.categorisation.letters import letter_docx, letter_pdf
    from school_improvement.categorisation.services import letter_for

    run = _published_or_404(pk)
    result = get_object_or_404(
        run.results.select_related("establishment", "run__policy", "run__la"),
        establishment__urn=urn,
    )
    letter = letter_for(
        result, previous_category=category_before(run, result), sender=request.user
    )
    if fmt == "docx":
        content = letter_docx(letter)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        content = letter_pdf(letter)
        mime = "application/pdf"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = (
        f'attachment; filename="category-letter-{urn}-run{pk}.{fmt}"'
    )
    audit_record(
        acting_user=request.user,
        verb="letters.draft",
        summary=f"Drafted the {fmt} letter for {result.establishment.name} (run {pk})",
        obj=result,
    )
    return response


@action_required(Action.MANAGE_LETTERS)
def letter_template(request: HttpRequest) -> HttpResponse:
    from school_improvement.categorisation.letters import (
        DEFAULT_TEMPLATE,
        LetterTemplateError,
    )
    from school_improvement.categorisation.services import (
        letter_template_save,
        letter_template_text,
    )

    la = area_la(request.GET.get("la"))
    text = letter_template_text(la)
    error = ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            letter_template_save(acting_user=request.user, la=la, text=text)
        except LetterTemplateError as exc:
            error = str(exc)
        else:
            messages.success(request, "The letter wording is saved.")
            return redirect("categorisation:letter-template")
    return render(
        request,
        "categorisation/letter_template.html",
        {"la": la, "text": text, "error": error, "default_text": DEFAULT_TEMPLATE},
    )
