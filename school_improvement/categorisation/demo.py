"""The demo area's own intelligence and its first published categories, so `make run`
shows the board, a school's category and why, and the Position Statement."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from school_improvement.categorisation.models import (
    Against,
    CategorisationRun,
    Comparison,
    JudgementKind,
    JudgementSource,
    RedFlagTest,
    RunStatus,
    SchoolJudgement,
)
from school_improvement.categorisation.services import categorisation_run, run_publish
from school_improvement.core import clock
from school_improvement.indicators.models import Indicator
from school_improvement.schools.models import Establishment, LocalAuthority

# (label, indicator, comparison, against, margin)
DEMO_TESTS = (
    (
        "KS2 reading, writing and maths well below England",
        "ks2_rwm_expected",
        Comparison.BELOW,
        Against.ENGLAND,
        "5",
    ),
    (
        "KS2 reading, writing and maths below similar authorities",
        "ks2_rwm_expected",
        Comparison.BELOW,
        Against.NEIGHBOURS,
        "5",
    ),
    (
        "Attainment 8 well below England",
        "ks4_att8",
        Comparison.BELOW,
        Against.ENGLAND,
        "3",
    ),
    (
        "Overall absence above England",
        "abs_overall_pct",
        Comparison.ABOVE,
        Against.ENGLAND,
        "1",
    ),
    (
        "Persistent absence well above England",
        "abs_persistent_pct",
        Comparison.ABOVE,
        Against.ENGLAND,
        "5",
    ),
    (
        "Suspensions well above England",
        "excl_suspension_rate",
        Comparison.ABOVE,
        Against.ENGLAND,
        "2",
    ),
)
# URN -> (kind, note): reviews recorded by the demo's officer
DEMO_JUDGEMENTS = {
    "100039": (
        JudgementKind.LEADERSHIP_BELOW_GOOD,
        "Autumn review: leadership of reading not yet effective.",
    ),
    "100032": (
        JudgementKind.INSPECTION_RISK,
        "Officer judgement after the October data: at risk at the next inspection.",
    ),
    "160007": (
        JudgementKind.CAUSING_CONCERN,
        "Strategy meeting: standards and attendance falling.",
    ),
}
DEMO_POLICY = "report-cards-2025"


def demo_intelligence(la: LocalAuthority, acting_user: Any = None) -> list[str]:
    """Add the demo Position Statement and judgements (once), then run and publish
    the demo policy if nothing is published yet. Returns what it did, for printing."""
    done: list[str] = []
    if not RedFlagTest.objects.filter(la=la).exists():
        indicators = {i.code: i for i in Indicator.objects.all()}
        for position, (label, code, comparison, against, margin) in enumerate(
            DEMO_TESTS
        ):
            RedFlagTest.objects.create(
                la=la,
                label=label,
                indicator=indicators[code],
                comparison=comparison,
                against=against,
                margin=Decimal(margin),
                position=position,
            )
        done.append(f"Position Statement: {len(DEMO_TESTS)} red-flag tests")
    if not SchoolJudgement.objects.exists():
        for urn, (kind, note) in DEMO_JUDGEMENTS.items():
            school = Establishment.objects.filter(urn=urn).first()
            if school is not None:
                SchoolJudgement.objects.create(
                    establishment=school,
                    kind=kind,
                    value=True,
                    judged_on=clock.today(),
                    source=JudgementSource.SCHOOL_REVIEW
                    if "review" in note.lower()
                    else JudgementSource.OFFICER,
                    note=note,
                )
        done.append(f"Judgements: {len(DEMO_JUDGEMENTS)} recorded")
    if not CategorisationRun.objects.filter(la=la, status=RunStatus.PUBLISHED).exists():
        run = categorisation_run(
            acting_user=acting_user,
            policy_name=DEMO_POLICY,
            as_of=clock.today(),
            la_code=la.code,
        )
        run_publish(acting_user=acting_user, run=run)
        done.append(
            f"Categories: {DEMO_POLICY} run {run.pk} published ({run.counts.get('schools', 0)} schools)"
        )
    return done
