"""Evaluating a policy's eligibility rule for one person: may they act as a System
Leader, by which route, and if not, why not (the evidence every route read)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import FactValueError
from .evaluate import evaluate
from .leaders import LEADER_FACTS
from .policy import Policy, RuleSpec


@dataclass(frozen=True, slots=True)
class RouteResult:
    """One way of being eligible: whether it holds, what it read, what was missing."""

    id: str
    label: str
    held: bool
    evidence: dict[str, Any]
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EligibilityResult:
    """A person's eligibility under a policy.

    `own_school_good` is how the policy read their own school (None: no own school,
    or a fact it needs is missing); `own_school_evidence` the school facts that rule
    read. `routes` are every route in the policy's order."""

    eligible: bool
    own_school_good: bool | None
    own_school_evidence: dict[str, Any]
    own_school_missing: tuple[str, ...]
    routes: tuple[RouteResult, ...]

    @property
    def held_routes(self) -> tuple[RouteResult, ...]:
        return tuple(r for r in self.routes if r.held)


def _run(spec: RuleSpec, values: Mapping[str, Any]) -> tuple[bool | None, list[str]]:
    rule = spec.compiled
    missing = [
        name
        for name in rule.facts
        if name not in rule.null_checked and values.get(name) is None
    ]
    if missing:
        return None, missing
    return bool(rule.function(values)), []


def _evidence(spec: RuleSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    evidence = {
        name: values.get(name) for name in spec.compiled.reads if name != "as_of"
    }
    as_of = values["as_of"]
    for name in spec.compiled.days_since:
        day = values.get(name)
        evidence[f"days_since({name})"] = (as_of - day).days if day else None
    return evidence


def _person_value(name: str, value: Any) -> Any:
    type_, _label = LEADER_FACTS[name]
    if value is None:
        return None
    if type_ == "boolean" and isinstance(value, bool):
        return value
    if (
        type_ == "date"
        and isinstance(value, datetime.date)
        and not isinstance(value, datetime.datetime)
    ):
        return value
    expected = "true or false" if type_ == "boolean" else "a date"
    raise FactValueError(name, repr(value), expected)


def evaluate_eligibility(
    policy: Policy,
    person: Mapping[str, Any],
    *,
    own_school_facts: Mapping[str, Any] | None,
    as_of: datetime.date,
) -> EligibilityResult:
    """Whether ``person`` may act as a System Leader under ``policy`` on ``as_of``.

    ``person`` maps LEADER_FACTS names to values (missing: None or absent; other
    names are ignored). ``own_school_facts`` are the policy's facts for their own
    school (None: they have no school of their own); the policy's `own_school_good`
    rule reads them, unless ``person`` supplies own_school_good itself. A route whose
    facts are missing does not hold, and says what was missing.

    Raises FactValueError for a value of the wrong type."""
    spec = policy.eligibility
    values: dict[str, Any] = dict(policy.parameter_values)
    values["as_of"] = as_of
    for name in LEADER_FACTS:
        values[name] = _person_value(name, person.get(name))

    own_evidence: dict[str, Any] = {}
    own_missing: tuple[str, ...] = ()
    if (
        values["own_school_good"] is None
        and spec is not None
        and spec.own_school_good is not None
        and own_school_facts is not None
    ):
        school = evaluate(policy, own_school_facts, as_of=as_of).values
        good, missing = _run(spec.own_school_good, school)
        values["own_school_good"] = good
        own_evidence = _evidence(spec.own_school_good, school)
        own_missing = tuple(missing)

    routes: list[RouteResult] = []
    for route in spec.routes if spec is not None else ():
        held, missing = _run(route, values)
        routes.append(
            RouteResult(
                route.id,
                route.label,
                bool(held),
                _evidence(route, values),
                tuple(missing),
            )
        )
    return EligibilityResult(
        eligible=any(r.held for r in routes),
        own_school_good=values["own_school_good"],
        own_school_evidence=own_evidence,
        own_school_missing=own_missing,
        routes=tuple(routes),
    )
