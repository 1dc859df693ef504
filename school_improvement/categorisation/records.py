"""Rebuilding a stored result's whole record (every trigger with its evidence) from
the facts and outcome a run stored and the policy text it used."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder

from engines.categorisation import Policy, evaluate, load_policy

if TYPE_CHECKING:
    from school_improvement.categorisation.models import SchoolResult


@lru_cache(maxsize=32)
def policy_from_text(text: str, name: str) -> Policy:
    return load_policy(text, file_name=f"{name}.yaml")


def restored_facts(policy: Policy, stored: dict[str, Any]) -> dict[str, Any]:
    """Stored facts (JSON) as the engine takes them: dates back to dates."""
    facts = {}
    for name, value in stored.items():
        spec = policy.facts.get(name)
        if spec is None:
            continue
        if spec.type == "date" and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        facts[name] = value
    return facts


def rebuild_record(result: SchoolResult) -> dict[str, Any]:
    run = result.run
    policy = policy_from_text(run.policy.text, run.policy.name)
    for name, value in run.parameters.items():
        if name in policy.parameters and policy.parameters[name].default != value:
            policy = policy.with_parameters(run.parameters)
            break
    record = evaluate(
        policy,
        restored_facts(policy, result.facts),
        as_of=run.as_of,
        urn=result.establishment.urn,
    ).to_dict()
    return json.loads(json.dumps(record, cls=DjangoJSONEncoder))
