"""Who may act as a System Leader, and why not: each adviser's facts as held on a
date, evaluated under the area's policy's eligibility rule (engines/categorisation,
docs/policy-format.md "Eligibility"). Nothing here is stored: the register, the
allocation and the ledger ask when they need to know.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from engines.categorisation import Policy, load_policy
from engines.categorisation.eligibility import EligibilityResult, evaluate_eligibility
from engines.categorisation.leaders import LEADER_FACTS
from school_improvement.people.models import HEAD_ROLES, Accreditation, Adviser

# The policy read when the area has published no categories yet.
DEFAULT_POLICY = "report-cards-2025"

_ACCREDITATION_FACTS = {
    Accreditation.SYSTEM_LEADER: "system_leader",
    Accreditation.SIP: "sip",
    Accreditation.NLE: "nle",
    Accreditation.LLE: "lle",
    Accreditation.NLG: "nlg",
    Accreditation.OFSTED_INSPECTOR: "ofsted_inspector",
    Accreditation.LA_ADVISER: "la_adviser",
    Accreditation.EARLY_YEARS_ADVISER: "early_years_adviser",
}


@dataclass(frozen=True)
class Route:
    """One way of being eligible, whether it holds, and what it read (label, shown)."""

    id: str
    label: str
    held: bool
    evidence: list[tuple[str, str]]


@dataclass(frozen=True)
class Eligibility:
    """An adviser's eligibility: by which routes, or the reasons they are not."""

    eligible: bool
    policy: str
    routes: list[Route]
    reasons: list[str] = field(default_factory=list)
    own_school: list[tuple[str, str]] = field(default_factory=list)


def area_policy(la: Any, policy_name: str | None = None) -> Policy:
    """The policy whose eligibility rule applies: ``policy_name`` when given, else
    the policy of the LA's published categories (as that run stored it), else
    DEFAULT_POLICY."""
    from school_improvement.categorisation.services import policy_load, published_run

    if policy_name:
        return policy_load(policy_name)
    run = published_run(la) if la is not None else None
    if run is not None:
        return load_policy(run.policy.text, file_name=f"{run.policy.name}.yaml")
    return policy_load(DEFAULT_POLICY)


def person_facts(adviser: Adviser, as_of: dt.date) -> dict[str, Any]:
    """What the eligibility rules read about ``adviser`` on ``as_of``. Reads
    ``adviser.accreditations`` (prefetch it for many advisers)."""
    facts: dict[str, Any] = dict.fromkeys(
        (n for n, (t, _) in LEADER_FACTS.items() if t == "boolean"), False
    )
    facts["own_school_good"] = None
    retired = adviser.retired_on is not None and adviser.retired_on <= as_of
    facts["retired_on"] = adviser.retired_on if retired else None
    facts["practising_head"] = (
        adviser.own_school_id is not None
        and adviser.own_school_role in HEAD_ROLES
        and not retired
    )
    for accreditation in adviser.accreditations.all():
        name = _ACCREDITATION_FACTS[Accreditation(accreditation.kind)]
        if accreditation.current_on(as_of):
            facts[name] = True
        if name in ("nle", "lle") and accreditation.held_before(as_of):
            facts[f"was_{name}"] = True
    return facts


def _shown(value: Any) -> str:
    if value is None:
        return "not known"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    return str(value)


def _labels(policy: Policy) -> dict[str, str]:
    labels = {name: label for name, (_, label) in LEADER_FACTS.items()}
    labels |= {name: spec.label for name, spec in policy.facts.items()}
    labels |= {name: spec.label for name, spec in policy.parameters.items()}
    return labels


def _explain(
    adviser: Adviser, policy: Policy, result: EligibilityResult
) -> Eligibility:
    """The result in words: every route with its evidence; when not eligible, one
    reason per route saying what it found lacking (the own school's inspection
    outcome where that is what failed)."""
    labels = _labels(policy)

    def label(name: str) -> str:
        if name.startswith("days_since("):
            return "Days since " + labels.get(name[11:-1], name[11:-1]).lower()
        return labels.get(name, name.replace("_", " "))

    routes = [
        Route(
            r.id,
            r.label,
            r.held,
            [(label(k), _shown(v)) for k, v in r.evidence.items()],
        )
        for r in result.routes
    ]
    own = [(label(k), _shown(v)) for k, v in result.own_school_evidence.items()]
    reasons: list[str] = []
    if not result.eligible:
        # Every route, with what it read about the person (a route may be an "or",
        # so the reader sees all of it rather than a guess at the failing part).
        school = adviser.own_school
        for r in result.routes:
            items = []
            for key, value in r.evidence.items():
                if key == "own_school_good" and school is not None:
                    detail = "; ".join(f"{k}: {v}" for k, v in own) or "not known"
                    items.append(f"own school {school.name}: {detail}")
                elif key.startswith("days_since("):
                    items.append(f"{value} days ago" if value is not None else "")
                elif key in LEADER_FACTS:
                    items.append(f"{label(key).lower()}: {_shown(value)}")
            reasons.append(
                f"{r.label}: not met (" + ", ".join(i for i in items if i) + ")"
            )
    return Eligibility(result.eligible, policy.title, routes, reasons, own)


def adviser_eligibility(
    advisers: Iterable[Adviser],
    *,
    as_of: dt.date,
    policy_name: str | None = None,
    policy: Policy | None = None,
) -> dict[int, Eligibility]:
    """Adviser id -> their eligibility as a System Leader on ``as_of``, under
    ``policy`` (or ``policy_name``, or the area's published policy: area_policy).
    Each own school's facts are built once, from the data held on ``as_of``."""
    from school_improvement.categorisation.facts import build_facts

    people = list(advisers)
    if not people:
        return {}
    if policy is None:
        policy = area_policy(people[0].la, policy_name)
    schools = {a.own_school.pk: a.own_school for a in people if a.own_school}
    facts = build_facts(list(schools.values()), as_of).facts if schools else {}
    out: dict[int, Eligibility] = {}
    for adviser in people:
        own = adviser.own_school
        result = evaluate_eligibility(
            policy,
            person_facts(adviser, as_of),
            own_school_facts=facts.get(own.urn) if own is not None else None,
            as_of=as_of,
        )
        out[adviser.pk] = _explain(adviser, policy, result)
    return out
