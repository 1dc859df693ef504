"""The demo area's year of support: the allocation proposed, confirmed and planned from
the start of the academic year, and the autumn term's visits as they would stand
today (most reported, a few overdue, some answered by their school, the term's
quality-assurance sample drawn and partly assured), so `make run` shows the ledger,
an allocation with its unmet list, "my schools and visits" and the QA queue.

Runs through the same services as the pages. Deterministic from the demo seed; a
second run finds the year allocated and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.exceptions import ValidationError

from school_improvement.allocations.entitlements import academic_year_of, terms_of
from school_improvement.allocations.models import Assignment, ContinuityRequest
from school_improvement.allocations.planning import year_plan
from school_improvement.allocations.services import proposal_confirm, proposal_create
from school_improvement.core import clock
from school_improvement.schools.models import LocalAuthority
from school_improvement.visits.models import (
    QualityReview,
    ReportSection,
    Visit,
    VisitStatus,
)

# The ages a report's content speaks of (a school whose age range does not take in
# both is given another), then (focus, strengths, areas for development, risk, on
# track, actions). None: any school.
_KS1 = (6, 7)
_KS2 = (9, 11)
_KS4 = (14, 16)
_REPORTS: tuple[tuple[tuple[int, int] | None, tuple[Any, ...]], ...] = (
    (
        _KS1,
        (
            "Reading across Key Stage 1: phonics teaching and the early reading curriculum.",
            "Phonics is taught with consistency and pace; staff have had recent training and "
            "pupils at risk of falling behind are identified quickly and given extra practice.",
            "Reading books do not always match the sounds pupils know in Year 2; the reading "
            "lead has little time to check the quality of the weakest pupils' practice.",
            "The reading lead is on maternity leave from February.",
            "on_track",
            (
                (
                    "Audit Year 2 reading books against the phonics programme",
                    "Reading lead",
                ),
                ("Arrange cover for the reading lead's monitoring", "Headteacher"),
            ),
        ),
    ),
    (
        None,
        (
            "Attendance and persistent absence, and how governors hold leaders to account for it.",
            "The attendance officer knows every persistently absent pupil's circumstances; "
            "first-day calling is in place and early help referrals are timely.",
            "Persistent absence among disadvantaged pupils remains well above the school's "
            "other pupils; governors receive figures but do not yet ask about trends by group.",
            "Persistent absence is above the national figure for the second year running.",
            "at_risk",
            (
                (
                    "Report attendance by group to each governors' meeting",
                    "Chair of governors",
                ),
                (
                    "Set up the attendance support panel with the LA's attendance team",
                    "Deputy head",
                ),
            ),
        ),
    ),
    (
        _KS2,
        (
            "Mathematics in Key Stage 2: the new curriculum sequence and its assessment.",
            "Leaders have chosen a well-sequenced scheme and teachers use its small steps; "
            "pupils in Year 4 recall multiplication facts fluently.",
            "Teaching in Years 5 and 6 does not yet adapt the sequence for pupils with gaps "
            "from earlier years; assessment information is not used to plan intervention.",
            "",
            "on_track",
            (
                (
                    "Use the autumn assessment to plan Year 5 and 6 interventions",
                    "Maths lead",
                ),
            ),
        ),
    ),
    (
        None,
        (
            "Leadership capacity after the change of headteacher, and the school development plan.",
            "The new headteacher has an accurate view of the school's strengths and "
            "weaknesses; staff describe communication as much improved.",
            "The development plan has too many priorities and no measurable success "
            "criteria; middle leaders are new to their roles and need support to monitor.",
            "Two middle leaders are newly qualified in their roles; the deputy is acting.",
            "not_on_track",
            (
                (
                    "Reduce the plan to three priorities with termly success criteria",
                    "Headteacher",
                ),
                (
                    "Broker middle-leader training through the teaching school hub",
                    "System Leader",
                ),
                ("Agree a support plan at the next strategy meeting", "LA officer"),
            ),
        ),
    ),
    (
        _KS4,
        (
            "The Key Stage 4 curriculum: options, the EBacc and the quality of science.",
            "Science teaching is well planned and practical work is used well; pupils "
            "in Year 11 know how their coursework is assessed.",
            "Too few pupils take a language at Key Stage 4, and the options process "
            "steers lower attainers away from the EBacc; staffing in physics is thin.",
            "Two science vacancies are covered by supply staff.",
            "at_risk",
            (
                (
                    "Review the options process and the guidance given in Year 9",
                    "Deputy head (curriculum)",
                ),
                ("Recruit to the physics vacancies before Easter", "Headteacher"),
            ),
        ),
    ),
)


def _report_for(visit: Visit, rng: random.Random) -> Any:
    from school_improvement.visits.services import ActionInput, ReportInput

    school = visit.establishment
    low, high = school.statutory_low_age, school.statutory_high_age
    fitting = [
        report
        for ages, report in _REPORTS
        if ages is None
        or (low is not None and high is not None and low <= ages[0] and high >= ages[1])
    ]
    focus, strengths, develop, risk, on_track, actions = rng.choice(fitting)
    day = visit.planned_date or clock.today()
    return ReportInput(
        focus_areas=focus,
        strengths=strengths,
        areas_for_development=develop,
        risk_notes=risk,
        on_track=on_track,
        actions=tuple(
            ActionInput(text, owner, day + dt.timedelta(weeks=6 + 2 * i))
            for i, (text, owner) in enumerate(actions)
        ),
    )


def demo_allocation(la: LocalAuthority, *, seed: int) -> list[str]:
    """Allocate, plan and deliver the demo area's year so far (see the module's
    docstring); lines saying what was done, for demo_setup to print."""
    from school_improvement.visits.services import (
        SectionAnswer,
        qa_record,
        qa_sample_draw,
        report_submit,
        school_response_record,
    )

    today = clock.today()
    year = academic_year_of(today)
    if Assignment.objects.filter(la=la, academic_year=year).exists():
        return [f"Allocation for {year}: already confirmed, left as it is."]
    terms = terms_of(la, year)
    if not terms:
        return [f"Allocation for {year}: no term dates, so nothing planned."]
    rng = random.Random(seed)
    # Last year's pairings (allocated, for the demo, from this year's categories), and
    # the schools that asked to keep their System Leader.
    lines = []
    previous = f"{int(year[:4]) - 1}/{year[2:4]}"
    earlier = proposal_create(acting_user=None, la=la, academic_year=previous)
    proposal_confirm(acting_user=None, proposal=earlier)
    kept = sorted(
        Assignment.objects.filter(la=la, academic_year=previous),
        key=lambda a: a.establishment.urn,
    )
    for a in rng.sample(kept, k=min(25, len(kept))):
        ContinuityRequest.objects.create(
            establishment=a.establishment, academic_year=year
        )
    proposal = proposal_create(acting_user=None, la=la, academic_year=year)
    created = proposal_confirm(acting_user=None, proposal=proposal)
    lines.append(
        f"Allocation for {year}: {len(created)} schools paired with "
        f"{len({a.adviser_id for a in created})} advisers, "
        f"{len(proposal.result['unmet'])} entitlements unmet "
        f"(objective {proposal.objective:,.0f}, gap {proposal.gap_text}, "
        f"{proposal.seconds:.1f} s; first fit {proposal.greedy_objective:,.0f})."
    )
    plan = year_plan(
        acting_user=None, la=la, academic_year=year, from_date=terms[0].start_date
    )
    lines.append(
        f"Planned {plan.visits} visits and {plan.meetings} strategy meetings for {year}."
    )

    # The term so far: most past visits reported, about one in ten overdue.
    past = list(
        Visit.objects.filter(
            establishment__la=la,
            academic_year=year,
            status=VisitStatus.PLANNED,
            planned_date__lt=today,
        )
        .select_related("lead__user", "establishment")
        .order_by("planned_date", "id")
    )
    reported = 0
    for visit in past:
        if rng.random() < 0.1:
            continue  # overdue: the report is not in yet
        # written up two days after the visit, as an adviser would
        day = visit.planned_date or clock.today()  # past visits all have a date
        written = clock.start_of_day(day) + dt.timedelta(days=2, hours=16)
        with clock.as_at(min(written, clock.now())):
            report_submit(
                acting_user=visit.lead.user,
                visit=visit,
                content=_report_for(visit, rng),
            )
        reported += 1
    # Some schools have answered; one in four of those disagrees with a section.
    answered = 0
    for visit in Visit.objects.filter(
        establishment__la=la, academic_year=year, status=VisitStatus.REPORTED
    ).order_by("id"):
        users = list(visit.establishment.school_users.all())
        if not users or rng.random() < 0.3:
            continue
        answers = {s.value: SectionAnswer(True) for s in ReportSection}
        if rng.random() < 0.25:
            answers[ReportSection.AREAS_FOR_DEVELOPMENT] = SectionAnswer(
                False,
                "The Year 2 books were replaced in October; the audit is done.",
            )
        school_response_record(acting_user=users[0], visit=visit, answers=answers)
        answered += 1
    lines.append(
        f"Autumn term so far: {reported} visit reports submitted, "
        f"{len(past) - reported} overdue, {answered} answered by their school."
    )
    autumn = terms[0]
    if reported:
        sample = qa_sample_draw(acting_user=None, term=autumn, seed=seed)
        reviews = list(QualityReview.objects.filter(sample=sample).order_by("id"))
        from school_improvement.accounts.models import Role, User

        assurer = User.objects.filter(role=Role.QUALITY_ASSURER).order_by("pk").first()
        for review in reviews[: len(reviews) // 2]:
            if assurer is None:
                break
            try:
                qa_record(
                    acting_user=assurer,
                    review=review,
                    outcome="meets_with_points",
                    feedback="Clear and evidenced; actions need success criteria the "
                    "governors can check.",
                )
            except ValidationError:
                continue  # e.g. a report of a visit the quality assurer made
        lines.append(
            f"Quality assurance: {sample.drawn} of {sample.eligible} autumn reports "
            f"drawn, {QualityReview.objects.exclude(outcome='').count()} assured."
        )
    return lines
