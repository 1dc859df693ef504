"""The rules of visits: scheduling, the report, the school's response and QA."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from school_improvement.accounts.models import Role
from school_improvement.allocations.models import DeliverySettings
from school_improvement.core.models import AuditEvent
from school_improvement.visits.models import (
    QaReason,
    QualityReview,
    ReportSection,
    ReportStatus,
    VisitStatus,
    VisitTemplate,
)
from school_improvement.visits.services import (
    ActionInput,
    ReportInput,
    SectionAnswer,
    agenda_for,
    guidance_for,
    qa_record,
    qa_sample_draw,
    report_save_draft,
    report_submit,
    school_response_record,
    visit_cancel,
    visit_schedule,
    visit_template_save,
)
from tests.factories import AdviserFactory, TermFactory, VisitFactory

pytestmark = pytest.mark.django_db

ACTION = ActionInput("Audit phonics books", "Headteacher", dt.date(2026, 12, 1))


def content(on_track="on_track", actions=(ACTION,), **kw):
    values = dict(
        focus_areas="Reading",
        strengths="Strong phonics",
        areas_for_development="Year 2 fluency",
        risk_notes="",
        on_track=on_track,
        actions=actions,
    )
    values.update(kw)
    return ReportInput(**values)


def all_accurate():
    return {s.value: SectionAnswer(True) for s in ReportSection}


def test_agenda_default_per_type_and_la_template(officer):
    visit = VisitFactory()
    la = visit.establishment.la
    default = agenda_for(la, "welcome")
    assert len(default.splitlines()) >= 3
    assert default != agenda_for(la, "annual")
    assert guidance_for(la, "welcome")
    visit_template_save(
        acting_user=officer,
        la=la,
        visit_type="welcome",
        agenda="One\nTwo",
        guidance="Say",
    )
    assert agenda_for(la, "welcome") == "One\nTwo"
    assert guidance_for(la, "welcome") == "Say"
    visit_template_save(
        acting_user=officer, la=la, visit_type="welcome", agenda="Three", guidance=""
    )
    assert VisitTemplate.objects.count() == 1
    assert agenda_for(la, "welcome") == "Three"
    with pytest.raises(ValidationError):
        visit_template_save(
            acting_user=officer, la=la, visit_type="welcome", agenda=" ", guidance=""
        )


def test_schedule_raises_sequence_and_cancel(officer):
    visit = VisitFactory()
    visit_schedule(
        acting_user=officer,
        visit=visit,
        planned_date=dt.date(2026, 11, 12),
        start_time=dt.time(9, 30),
    )
    visit.refresh_from_db()
    assert visit.planned_date == dt.date(2026, 11, 12)
    assert visit.start_time == dt.time(9, 30)
    assert visit.ics_sequence == 1
    with pytest.raises(ValidationError):
        visit_cancel(acting_user=officer, visit=visit, reason="")
    visit_cancel(acting_user=officer, visit=visit, reason="School closed for snow")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    assert visit.ics_sequence == 2
    assert AuditEvent.objects.filter(verb="visits.visit.cancel").exists()
    with pytest.raises(ValidationError):
        visit_schedule(
            acting_user=officer, visit=visit, planned_date=dt.date(2026, 11, 20)
        )


def test_draft_then_submit(make_user):
    leader = make_user(Role.SYSTEM_LEADER)
    visit = VisitFactory(lead=AdviserFactory(user=leader))
    draft = report_save_draft(
        acting_user=leader, visit=visit, content=content(strengths="", on_track="")
    )
    assert draft.status == ReportStatus.DRAFT
    report = report_submit(acting_user=leader, visit=visit, content=content())
    assert report.pk == draft.pk
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == leader and report.submitted_at
    assert [a.description for a in report.actions.all()] == ["Audit phonics books"]
    visit.refresh_from_db()
    assert visit.status == VisitStatus.REPORTED


def test_submit_requires_sections(make_user):
    visit = VisitFactory()
    with pytest.raises(ValidationError) as err:
        report_submit(acting_user=None, visit=visit, content=content(strengths=" "))
    assert "strengths" in str(err.value)
    with pytest.raises(ValidationError):
        report_submit(acting_user=None, visit=visit, content=content(on_track=""))


def test_not_on_track_needs_an_action():
    visit = VisitFactory()
    with pytest.raises(ValidationError) as err:
        report_submit(
            acting_user=None,
            visit=visit,
            content=content(on_track="at_risk", actions=()),
        )
    assert "action" in str(err.value)
    report = report_submit(
        acting_user=None, visit=visit, content=content(on_track="on_track", actions=())
    )
    assert report.actions.count() == 0


def test_incomplete_action_refused():
    visit = VisitFactory()
    with pytest.raises(ValidationError):
        report_submit(
            acting_user=None,
            visit=visit,
            content=content(actions=(ActionInput("", "Head", dt.date(2026, 12, 1)),)),
        )


def test_submitted_report_cannot_change():
    visit = VisitFactory()
    report_submit(acting_user=None, visit=visit, content=content())
    with pytest.raises(ValidationError):
        report_save_draft(acting_user=None, visit=visit, content=content())
    with pytest.raises(ValidationError):
        report_submit(acting_user=None, visit=visit, content=content())


def test_new_leader_report_goes_to_qa():
    new = VisitFactory(lead=AdviserFactory(started_on=dt.date(2026, 3, 1)))
    old = VisitFactory(lead=AdviserFactory(started_on=dt.date(2024, 3, 1)))
    report_submit(acting_user=None, visit=new, content=content())
    report_submit(acting_user=None, visit=old, content=content())
    assert QualityReview.objects.get().report.visit == new
    assert QualityReview.objects.get().reason == QaReason.NEW_LEADER


def test_new_leader_months_from_settings():
    visit = VisitFactory(lead=AdviserFactory(started_on=dt.date(2026, 3, 1)))
    DeliverySettings.objects.create(la=visit.establishment.la, new_leader_months=6)
    report_submit(acting_user=None, visit=visit, content=content())
    assert not QualityReview.objects.exists()


def test_school_response(make_user):
    visit = VisitFactory()
    user = make_user(Role.SCHOOL_USER, schools=[visit.establishment])
    with pytest.raises(ValidationError):
        school_response_record(acting_user=user, visit=visit, answers=all_accurate())
    report_submit(acting_user=None, visit=visit, content=content())
    answers = all_accurate()
    answers["strengths"] = SectionAnswer(False, "")
    with pytest.raises(ValidationError):
        school_response_record(acting_user=user, visit=visit, answers=answers)
    answers["strengths"] = SectionAnswer(False, "We disagree")
    responses = school_response_record(acting_user=user, visit=visit, answers=answers)
    assert len(responses) == len(ReportSection)
    assert [r.section for r in responses if not r.accurate] == ["strengths"]
    visit.refresh_from_db()
    assert visit.status == VisitStatus.RESPONDED


def _reported(term, n, **kw):
    visits = []
    for _ in range(n):
        visit = VisitFactory(term=term, **kw)
        report_submit(acting_user=None, visit=visit, content=content())
        visits.append(visit)
    return visits


def test_sample_draw_percentage_seed_and_round_robin(make_user):
    term = TermFactory()
    qa1, qa2 = make_user(Role.QUALITY_ASSURER), make_user(Role.QUALITY_ASSURER)
    _reported(term, 20)
    VisitFactory(term=term)  # planned, no report: not eligible
    sample = qa_sample_draw(acting_user=None, term=term, seed=7, percentage=20)
    assert (sample.eligible, sample.drawn, sample.seed) == (20, 4, 7)
    reviews = list(QualityReview.objects.filter(sample=sample).order_by("id"))
    assert [r.assigned_to for r in reviews] == [qa1, qa2, qa1, qa2]
    assert all(r.reason == QaReason.SAMPLE for r in reviews)
    # Reproducible: the same seed over the same reports draws the same ones.
    drawn = {r.report_id for r in reviews}
    QualityReview.objects.all().delete()
    again = qa_sample_draw(acting_user=None, term=term, seed=7, percentage=20)
    assert {r.report_id for r in again.reviews.all()} == drawn
    # Already reviewed reports are not drawn again.
    third = qa_sample_draw(acting_user=None, term=term, seed=8, percentage=100)
    assert third.eligible == 16 and third.drawn == 16


def test_sample_default_percentage_and_at_least_one():
    term = TermFactory()
    _reported(term, 3)
    sample = qa_sample_draw(acting_user=None, term=term)
    assert sample.percentage == 10 and sample.drawn == 1 and sample.seed is not None


def test_sample_excludes_already_reviewed_and_other_terms():
    term = TermFactory()
    other = TermFactory(
        la=term.la,
        name="spring",
        start_date=dt.date(2027, 1, 5),
        end_date=dt.date(2027, 3, 31),
        half_term_start=None,
        half_term_end=None,
    )
    _reported(term, 2, lead=AdviserFactory(started_on=dt.date(2026, 6, 1)))
    _reported(other, 2)
    sample = qa_sample_draw(acting_user=None, term=term, percentage=100)
    assert sample.eligible == 0 and sample.drawn == 0


def test_sample_skips_the_visitor(make_user):
    term = TermFactory()
    qa1, qa2 = make_user(Role.QUALITY_ASSURER), make_user(Role.QUALITY_ASSURER)
    _reported(term, 1, lead=AdviserFactory(user=qa1))
    sample = qa_sample_draw(acting_user=None, term=term, seed=1, percentage=100)
    assert sample.reviews.get().assigned_to == qa2


def test_qa_record(make_user):
    assurer = make_user(Role.QUALITY_ASSURER)
    visit = VisitFactory(lead=AdviserFactory(started_on=dt.date(2026, 6, 1)))
    report_submit(acting_user=None, visit=visit, content=content())
    review = QualityReview.objects.get()
    with pytest.raises(ValidationError):
        qa_record(acting_user=assurer, review=review, outcome="meets", feedback=" ")
    with pytest.raises(ValidationError):
        qa_record(acting_user=assurer, review=review, outcome="nope", feedback="Fine")
    qa_record(acting_user=assurer, review=review, outcome="meets", feedback="Clear")
    review.refresh_from_db()
    assert review.outcome == "meets" and review.completed_by == assurer
    with pytest.raises(ValidationError):
        qa_record(acting_user=assurer, review=review, outcome="meets", feedback="Again")


def test_visitor_may_not_assure(make_user):
    assurer = make_user(Role.QUALITY_ASSURER)
    visit = VisitFactory(
        lead=AdviserFactory(started_on=dt.date(2026, 6, 1)),
        second_visitor=AdviserFactory(user=assurer),
    )
    report_submit(acting_user=None, visit=visit, content=content())
    with pytest.raises(ValidationError):
        qa_record(
            acting_user=assurer,
            review=QualityReview.objects.get(),
            outcome="meets",
            feedback="Fine",
        )
