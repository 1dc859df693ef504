"""Runs: facts from the data held on a date, stored results, publishing with the
changes it records, reproducibility after newer data, moderation, judgements."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from school_improvement.accounts.models import Role
from school_improvement.categorisation.facts import build_facts
from school_improvement.categorisation.models import (
    Against,
    CategoryChange,
    Comparison,
    JudgementKind,
    JudgementSource,
    OverrideStatus,
    RedFlagTest,
    RunStatus,
)
from school_improvement.categorisation.services import (
    categorisation_run,
    judgement_record,
    override_decide,
    override_propose,
    run_publish,
    run_reproduce,
)
from school_improvement.core import clock
from school_improvement.core.models import AuditEvent
from school_improvement.data.models import ImportKind
from school_improvement.indicators.models import Indicator
from school_improvement.indicators.services import indicator_import
from tests.ees_files import absence_school, build_ees_csv
from tests.factories import EstablishmentFactory, LocalAuthorityFactory

pytestmark = pytest.mark.django_db

DAY1 = dt.date(2026, 10, 1)
DAY2 = dt.date(2026, 10, 20)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@pytest.fixture(autouse=True)
def _unfreeze():
    yield
    clock.freeze(None)


def import_absence(
    school_value: str, england: str = "5.0", release: str = "provisional"
):
    rows = [absence_school("100001", "202425", sess_overall_percent=school_value)]
    rows.append(absence_school("100002", "202425", sess_overall_percent="5.0"))
    national = absence_school("", "202425", sess_overall_percent=england)
    national.update(
        geographic_level="National",
        school_urn="",
        school_laestab="",
        school_name="",
        old_la_code="",
    )
    rows.append(national)
    result = indicator_import(
        kind=ImportKind.ABSENCE,
        acting_user=None,
        source=build_ees_csv("absence", rows),
        file_name="1a_absence_3term_school.csv",
        release=release,
    )
    assert result.succeeded, result.problems


@pytest.fixture
def area(policy_dir):
    la = LocalAuthorityFactory(code="989", name="Northshire")
    oak = EstablishmentFactory(urn="100001", la=la, name="Oak Primary")
    elm = EstablishmentFactory(urn="100002", la=la, name="Elm Primary")
    clock.freeze(at(DAY1))
    import_absence("7.5")  # Oak: 2.5 points above England
    return {"la": la, "oak": oak, "elm": elm}


def test_facts_are_built_from_the_data(area):
    facts = build_facts([area["oak"], area["elm"]], DAY1).facts
    oak = facts["100001"]
    assert oak["governance"] == "maintained" and oak["phase"] == "primary"
    assert oak["abs_overall_pct"] == 7.5 and oak["abs_overall_pct_england"] == 5.0
    assert (
        oak["leadership_below_good"] is None
    )  # no judgement recorded: missing, not "no"
    assert oak["red_flag_pct"] is None  # no Position Statement tests yet


def test_a_run_stores_every_schools_facts_and_result(area):
    run = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY1)
    assert run.status == RunStatus.DRAFT and run.policy.version == 1
    assert len(run.policy.sha256) == 64 and "Test policy" in run.policy.text
    results = {
        r.establishment.urn: r for r in run.results.select_related("establishment")
    }
    oak, elm = results["100001"], results["100002"]
    assert oak.category == "T" and elm.category == "U"
    fired = [t["id"] for t in oak.record["triggers"] if t["fired"]]
    assert fired == ["attendance"]
    attendance = next(t for t in oak.record["triggers"] if t["id"] == "attendance")
    assert attendance["evidence"]["attendance_concern"] is True
    assert oak.facts["abs_overall_pct"] == 7.5
    assert oak.result["entitlements"]["visits"] == 3
    assert run.counts == {"T": 1, "U": 1, "schools": 2, "needs_review": 0}


def test_publishing_records_each_change_and_is_audited(area, make_user):
    senior = make_user(Role.SENIOR_OFFICER)
    first = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY1)
    moves = run_publish(acting_user=senior, run=first)
    assert {(m.establishment.urn, m.before, m.after) for m in moves} == {
        ("100001", "", "T"),
        ("100002", "", "U"),
    }
    clock.freeze(at(DAY2))
    import_absence(
        "5.5", release="revised"
    )  # Oak's revised figure is no longer a concern
    second = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY2)
    moves = run_publish(acting_user=senior, run=second)
    assert [(m.establishment.urn, m.before, m.after) for m in moves] == [
        ("100001", "T", "U")
    ]
    first.refresh_from_db()
    assert first.status == RunStatus.SUPERSEDED
    assert CategoryChange.objects.filter(run=second).count() == 1
    assert AuditEvent.objects.filter(verb="categorisation.publish").count() == 2
    with pytest.raises(ValidationError):
        run_publish(acting_user=senior, run=second)


def test_a_run_reproduces_exactly_after_newer_data(area, settings):
    run = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY1)
    clock.freeze(at(DAY2))
    import_absence(
        "5.5", release="revised"
    )  # newer data, imported after the as-of date
    assert run_reproduce(run) == []
    # a run as at the later date sees the new figure
    later = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY2)
    assert later.results.get(establishment__urn="100001").category == "U"
    # and the first still reproduces after its policy file changes: it kept its text
    path = settings.SI_POLICY_DIR / "test-policy.yaml"
    path.write_text(
        run.policy.text.replace("default: 1.0", "default: 9.0"), encoding="utf-8"
    )
    assert run_reproduce(run) == []


def test_reproduce_command(area):
    run = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY1)
    call_command("categorise", "--reproduce", str(run.pk))


def test_a_judgement_is_read_as_of_its_date(area, officer):
    clock.freeze(at(DAY2))
    judgement_record(
        acting_user=officer,
        establishment=area["elm"],
        kind=JudgementKind.LEADERSHIP_BELOW_GOOD,
        value=True,
        judged_on=DAY2,
        source=JudgementSource.SCHOOL_REVIEW,
    )
    before = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY1)
    after = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY2)
    assert before.results.get(establishment__urn="100002").category == "U"
    elm = after.results.get(establishment__urn="100002")
    assert elm.category == "T"
    leadership = next(t for t in elm.record["triggers"] if t["id"] == "leadership")
    assert (
        leadership["fired"] and leadership["evidence"]["leadership_below_good"] is True
    )
    with pytest.raises(ValidationError):
        judgement_record(
            acting_user=officer,
            establishment=area["elm"],
            kind=JudgementKind.INSPECTION_RISK,
            value=True,
            judged_on=DAY2 + dt.timedelta(days=5),
            source=JudgementSource.OFFICER,
        )


def position_statement(la) -> None:
    """Two red-flag tests: absence above England (fires for Oak at DAY1), and KS2
    below a value (the area has no KS2 figures, so it never applies)."""
    RedFlagTest.objects.create(
        la=la,
        label="Absence above England",
        indicator=Indicator.objects.get(code="abs_overall_pct"),
        comparison=Comparison.ABOVE,
        against=Against.ENGLAND,
        margin=1,
    )
    RedFlagTest.objects.create(
        la=la,
        label="KS2 low",
        indicator=Indicator.objects.get(code="ks2_rwm_expected"),
        comparison=Comparison.BELOW,
        against=Against.VALUE,
        margin=60,
    )


def test_red_flags_from_the_position_statement(area):
    position_statement(area["la"])
    area_facts = build_facts([area["oak"], area["elm"]], DAY1)
    assert (
        area_facts.facts["100001"]["red_flag_pct"] == 100.0
    )  # 1 of the 1 test that applies
    assert area_facts.facts["100001"]["red_flag_count"] == 1
    assert area_facts.facts["100002"]["red_flag_pct"] == 0.0
    ks2 = next(f for f in area_facts.red_flags["100001"] if f["label"] == "KS2 low")
    assert ks2["fired"] is None and "no value" in ks2["reason"]


def test_moderation_never_edits_the_result(area, make_user):
    officer, senior = make_user(Role.OFFICER), make_user(Role.SENIOR_OFFICER)
    run = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY1)
    run_publish(acting_user=senior, run=run)
    oak = run.results.get(establishment__urn="100001")
    with pytest.raises(ValidationError, match="rationale"):
        override_propose(acting_user=officer, result=oak, category="U", rationale=" ")
    with pytest.raises(ValidationError, match="categories"):
        override_propose(acting_user=officer, result=oak, category="ZZ", rationale="x")
    proposal = override_propose(
        acting_user=officer,
        result=oak,
        category="U",
        rationale="Absence was a flu outbreak.",
    )
    with pytest.raises(ValidationError, match="other than its proposer"):
        override_decide(acting_user=officer, override=proposal, approve=True)
    override_decide(acting_user=senior, override=proposal, approve=True, note="Agreed")
    oak.refresh_from_db()
    assert oak.category == "T" and oak.effective_category == "U"
    assert proposal.status == OverrideStatus.APPROVED
    assert CategoryChange.objects.filter(
        establishment=area["oak"], from_category="T", to_category="U"
    ).exists()
    assert AuditEvent.objects.filter(verb="categorisation.override.approve").exists()


def test_command_stores_a_preview_or_nothing(area, capsys):
    call_command(
        "categorise",
        "--policy",
        "test-policy",
        "--as-of",
        DAY1.isoformat(),
        "--dry-run",
    )
    assert "Dry run" in capsys.readouterr().out
    from school_improvement.categorisation.models import CategorisationRun

    assert not CategorisationRun.objects.exists()
    call_command(
        "categorise",
        "--policy",
        "test-policy",
        "--as-of",
        DAY1.isoformat(),
        "--publish",
    )
    assert CategorisationRun.objects.get().status == RunStatus.PUBLISHED
    with pytest.raises(CommandError, match="no policy"):
        call_command("categorise", "--policy", "nope")


def test_file_mode_needs_no_database_rows(policy_dir, tmp_path, capsys):
    facts = tmp_path / "facts.csv"
    facts.write_text(
        "urn,governance,ofsted_grade,abs_overall_pct,abs_overall_pct_england,leadership_below_good\n"
        "100001,maintained,Good,7.5,5.0,no\n"
        "100002,academy,Good,5.0,5.0,yes\n",
        encoding="utf-8",
    )
    call_command(
        "categorise",
        "--policy",
        "test-policy",
        "--facts",
        str(facts),
        "--as-of",
        "2026-10-01",
        "--format",
        "json",
    )
    out = json.loads(capsys.readouterr().out)
    assert [(r["urn"], r["category"]) for r in out] == [
        ("100001", "T"),
        ("100002", "A"),
    ]
    assert set(out[0]) >= {"urn", "category", "flags", "entitlements", "triggers"}
    assert set(out[0]["triggers"][0]) >= {"id", "label", "fired", "evidence"}
    bad = tmp_path / "bad.csv"
    bad.write_text("urn,governance,colour\n100001,maintained,blue\n", encoding="utf-8")
    with pytest.raises(CommandError, match="colour"):
        call_command(
            "categorise",
            "--policy",
            "test-policy",
            "--facts",
            str(bad),
            "--as-of",
            "2026-10-01",
        )


def test_a_run_stores_the_outcome_and_rebuilds_the_same_record(area):
    from engines.categorisation import evaluate
    from school_improvement.categorisation.services import policy_load

    run = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY1)
    oak = run.results.get(establishment__urn="100001")
    assert "triggers" not in oak.result  # no evidence stored twice
    assert oak.result["trigger_outcomes"] == {
        "attendance": "fired",
        "leadership": "missing_ignored",
    }
    direct = evaluate(
        policy_load("test-policy"),
        {
            "governance": "maintained",
            "ofsted_grade": oak.facts.get("ofsted_grade"),
            "abs_overall_pct": 7.5,
            "abs_overall_pct_england": 5.0,
            "leadership_below_good": None,
        },
        as_of=DAY1,
        urn="100001",
    ).to_dict()
    assert oak.record["triggers"] == json.loads(
        json.dumps(direct["triggers"], default=str)
    )
    assert oak.record["category"] == oak.category == "T"


def test_a_schools_older_latest_value_is_read_and_reproduced(policy_dir):
    """A school's latest value may be older than the indicator's latest years (here
    Oak has no figure since 2022/23): a run reads it, and reproduces after newer data."""
    la = LocalAuthorityFactory(code="989", name="Northshire")
    EstablishmentFactory(urn="100001", la=la, name="Oak Primary")
    EstablishmentFactory(urn="100002", la=la, name="Elm Primary")
    clock.freeze(at(DAY1))

    def national(period: str) -> dict[str, str]:
        row = absence_school("", period, sess_overall_percent="5.0")
        row.update(
            geographic_level="National",
            school_urn="",
            school_laestab="",
            school_name="",
            old_la_code="",
        )
        return row

    def import_years(elm: str, release: str) -> None:
        rows = [absence_school("100001", "202223", sess_overall_percent="7.5")]
        rows += [
            absence_school("100002", period, sess_overall_percent=elm)
            for period in ("202324", "202425")
        ]
        rows += [national(period) for period in ("202223", "202324", "202425")]
        result = indicator_import(
            kind=ImportKind.ABSENCE,
            acting_user=None,
            source=build_ees_csv("absence", rows),
            file_name="1a_absence_3term_school.csv",
            release=release,
        )
        assert result.succeeded, result.problems

    import_years("5.0", "provisional")
    run = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY1)
    oak = run.results.get(establishment__urn="100001")
    assert oak.facts["abs_overall_pct"] == 7.5 and oak.category == "T"
    clock.freeze(at(DAY2))
    import_years("5.5", "revised")  # newer data, imported after the as-of date
    assert run_reproduce(run) == []
