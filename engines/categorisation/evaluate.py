"""Evaluating a policy for one school (or a CSV of schools): the result says which
category, which flags, what entitlement, and why (evidence and missing facts).

Speed matters (22,000 schools a run), so evaluate() does only the deciding: each
rule runs as compiled Python through a small generated function that first tests
for missing facts. The explanation (evidence per trigger and flag, missing facts)
is a pure function of the values the evaluation used, so the Result keeps those
values and builds the explanation when it is asked for (to_dict, .triggers).
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import CsvFactsError, CsvProblem, FactValueError, RuleEvaluationError
from .facts import Validator, make_validator, parse_text
from .policy import ENTITLEMENT_DEFAULTS, Policy
from .rules import CompiledRule

OUTCOMES = ("fired", "not_fired", "missing_fired", "missing_ignored", "missing_review")
_MISSING_OUTCOME = {
    "fire": "missing_fired",
    "ignore": "missing_ignored",
    "review": "missing_review",
}
_FIRED = frozenset({"fired", "missing_fired"})
_NOTHING_SUPPLIED: frozenset[str] = frozenset()


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def _iso_default(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{value!r} is not JSON serialisable")


# Compact JSON, dates as YYYY-MM-DD (summary_json's pieces).
_encode = json.JSONEncoder(separators=(",", ":"), default=_iso_default).encode


def _jsonable_dict(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, datetime.date) else value
        for key, value in values.items()
    }


@dataclass(frozen=True, slots=True)
class ItemResult:
    """How one trigger or flag came out for a school.

    `evidence` holds the value of every fact and parameter its rule read (and, for
    a derived fact the engine computed, the values that rule read in turn; and
    `days_since(x)` for each days_since call); `missing` the facts it needed that
    were missing; `supplied` the derived facts it read whose value was supplied
    rather than derived."""

    id: str
    label: str
    fired: bool
    outcome: str
    evidence: dict[str, Any]
    missing: tuple[str, ...]
    supplied: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "fired": self.fired,
            "outcome": self.outcome,
            "evidence": _jsonable_dict(self.evidence),
            "missing": list(self.missing),
            "supplied": list(self.supplied),
        }


@dataclass(frozen=True, slots=True)
class SkippedCategory:
    """A category whose `when` read a missing fact, so it was not considered."""

    id: str
    missing: tuple[str, ...]


@dataclass(slots=True)
class Result:
    """A school's categorisation under one policy; to_dict() gives the JSON shape in
    docs/policy-format.md.

    `values` holds every value the evaluation used: the facts (supplied, derived or
    None when missing), the parameters, each trigger's outcome and `as_of`. The
    explanation (`triggers`, `flag_details`, `category_evidence`, `missing_facts`,
    `derived`) is built from it on first use."""

    urn: str
    category: str | None
    category_label: str | None
    flags: tuple[str, ...]
    entitlements: dict[str, Any]
    needs_review: bool
    supplied: tuple[str, ...]
    skipped_categories: tuple[SkippedCategory, ...]
    policy: str
    version: int
    sha256: str
    as_of: datetime.date
    parameter_overrides: dict[str, Any]
    values: dict[str, Any] = field(repr=False)
    _outcomes: tuple[str, ...] = field(repr=False, compare=False)
    _plan: _Plan = field(repr=False, compare=False)
    _category: _Step | None = field(repr=False, compare=False)
    _items: tuple[ItemResult, ...] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def triggers(self) -> tuple[ItemResult, ...]:
        """Every trigger, in the policy's order."""
        return self._all_items()[: len(self._plan.triggers)]

    @property
    def flag_details(self) -> tuple[ItemResult, ...]:
        """Every flag (fired or not), in the policy's order."""
        return self._all_items()[len(self._plan.triggers) :]

    @property
    def missing_facts(self) -> tuple[str, ...]:
        """The policy's facts that were missing (after deriving what could be)."""
        values = self.values
        return tuple(name for name in self._plan.fact_names if values[name] is None)

    @property
    def derived(self) -> dict[str, Any]:
        """Each derived fact's value (supplied, derived, or None when missing)."""
        values = self.values
        return {step.id: values[step.id] for step in self._plan.derived}

    @property
    def category_evidence(self) -> dict[str, Any]:
        """The values the matching category's `when` read ({} when none matched)."""
        if self._category is None:
            return {}
        return _evidence(self._category, self.values, self._supplied(), self._plan)[0]

    def _supplied(self) -> frozenset[str]:
        return frozenset(self.supplied) if self.supplied else _NOTHING_SUPPLIED

    def _all_items(self) -> tuple[ItemResult, ...]:
        if self._items is None:
            plan, values, supplied = self._plan, self.values, self._supplied()
            items = []
            for step, outcome in zip(
                plan.triggers + plan.flags, self._outcomes, strict=True
            ):
                evidence, used = _evidence(step, values, supplied, plan)
                missing: tuple[str, ...] = ()
                if outcome not in ("fired", "not_fired"):
                    missing = tuple(_missing(step, values, supplied, plan))
                items.append(
                    ItemResult(
                        step.id,
                        step.label,
                        outcome in _FIRED,
                        outcome,
                        evidence,
                        missing,
                        tuple(used),
                    )
                )
            self._items = tuple(items)
        return self._items

    def _item_dicts(
        self, steps: tuple[_Step, ...], outcomes: tuple[str, ...]
    ) -> list[dict[str, Any]]:
        plan, values = self._plan, self.values
        supplied = self._supplied()
        result = []
        for step, outcome in zip(steps, outcomes, strict=True):
            if supplied and not supplied.isdisjoint(step.derived_reads):
                item = self._all_items()[self._position(step)].to_dict()
            elif outcome == "fired":
                item = step.item_json(values, True, outcome, [])
            elif outcome == "not_fired":
                item = step.item_json(values, False, outcome, [])
            else:
                missing = _missing(step, values, supplied, plan)
                item = step.item_json(values, outcome in _FIRED, outcome, missing)
            result.append(item)
        return result

    def _position(self, step: _Step) -> int:
        return (self._plan.triggers + self._plan.flags).index(step)

    def summary(self) -> dict[str, Any]:
        """The outcome without the explanation, as JSON-ready data: what a stored run
        keeps per school. evaluate() on the same facts, policy text and date rebuilds
        the whole record (to_dict()) exactly, so the evidence need not be stored."""
        plan = self._plan
        count = len(plan.triggers)
        return {
            "urn": self.urn,
            "category": self.category,
            "category_label": self.category_label,
            "flags": list(self.flags),
            "needs_review": self.needs_review,
            "entitlements": self.entitlements,
            "trigger_outcomes": {
                step.id: outcome
                for step, outcome in zip(
                    plan.triggers, self._outcomes[:count], strict=True
                )
            },
            "flag_outcomes": {
                step.id: outcome
                for step, outcome in zip(
                    plan.flags, self._outcomes[count:], strict=True
                )
            },
            "missing_facts": list(self.missing_facts),
            "policy": self.policy,
            "version": self.version,
            "sha256": self.sha256,
            "as_of": self.as_of.isoformat(),
        }

    def summary_json(self) -> str:
        """summary() as compact JSON text: ``json.loads(r.summary_json()) ==
        r.summary()``. Built from pieces each encoded once per policy (the outcomes,
        the category with its flags and entitlements, the missing facts recur across
        schools), which is what storing 22,000 results costs least with."""
        texts = self._plan.texts
        head_key = ("head", self.category, self.category_label, self.flags)
        head = texts.get(head_key)
        if head is None:
            head = texts[head_key] = (
                f',"category":{_encode(self.category)},'
                f'"category_label":{_encode(self.category_label)},'
                f'"flags":{_encode(list(self.flags))},"needs_review":'
            )
        try:
            entitlements_key: Any = ("entitlements", *self.entitlements.items())
            entitlements = texts.get(entitlements_key)
        except TypeError:  # an unhashable value: encode it each time
            entitlements_key, entitlements = None, None
        if entitlements is None:
            entitlements = _encode(self.entitlements)
            if entitlements_key is not None:
                texts[entitlements_key] = entitlements
        outcomes_key = ("outcomes", *self._outcomes)
        outcomes = texts.get(outcomes_key)
        if outcomes is None:
            summary = self.summary()
            outcomes = texts[outcomes_key] = (
                f'"trigger_outcomes":{_encode(summary["trigger_outcomes"])},'
                f'"flag_outcomes":{_encode(summary["flag_outcomes"])}'
            )
        missing_key = ("missing", *self.missing_facts)
        missing = texts.get(missing_key)
        if missing is None:
            missing = texts[missing_key] = _encode(list(missing_key[1:]))
        tail_key = ("tail", self.policy, self.version, self.sha256, self.as_of)
        tail = texts.get(tail_key)
        if tail is None:
            tail = texts[tail_key] = (
                f',"policy":{_encode(self.policy)},"version":{_encode(self.version)},'
                f'"sha256":{_encode(self.sha256)},'
                f'"as_of":{_encode(self.as_of.isoformat())}}}'
            )
        return (
            f'{{"urn":{_encode(self.urn)}{head}'
            f'{"true" if self.needs_review else "false"},"entitlements":{entitlements},'
            f'{outcomes},"missing_facts":{missing}{tail}'
        )

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (dates as YYYY-MM-DD)."""
        plan, values = self._plan, self.values
        count = len(plan.triggers)
        category_evidence: dict[str, Any] = {}
        category = self._category
        if category is not None:
            if self.supplied and not self._supplied().isdisjoint(
                category.derived_reads
            ):
                category_evidence = _jsonable_dict(self.category_evidence)
            else:
                category_evidence = category.evidence_json(values)
        return {
            "urn": self.urn,
            "category": self.category,
            "category_label": self.category_label,
            "flags": list(self.flags),
            "entitlements": self.entitlements.copy(),
            "triggers": self._item_dicts(plan.triggers, self._outcomes[:count]),
            "flag_details": self._item_dicts(plan.flags, self._outcomes[count:]),
            "missing_facts": plan.missing_facts(values),
            "needs_review": self.needs_review,
            "derived": plan.derived_json(values),
            "policy": self.policy,
            "version": self.version,
            "sha256": self.sha256,
            "as_of": self.as_of.isoformat(),
            "supplied": list(self.supplied),
            "category_evidence": category_evidence,
            "skipped_categories": [
                {"id": skipped.id, "missing": list(skipped.missing)}
                for skipped in self.skipped_categories
            ],
            "parameter_overrides": _jsonable_dict(self.parameter_overrides),
        }


# ---------------------------------------------------------------------------
# The evaluation plan: everything about a policy that does not change per school,
# worked out once and cached on the policy.


@dataclass(frozen=True, slots=True)
class _Step:
    id: str
    label: str
    function: Callable[[Mapping[str, Any]], Any]  # the compiled rule
    # fast(values): the rule's value, or None when a fact it needs is missing
    # (for triggers, flags and categories: True, False or None).
    fast: Callable[[Mapping[str, Any]], Any]
    # evidence_json(values): the evidence, dates as text, as if every derived fact
    # it reads was derived (the general code handles supplied ones).
    evidence_json: Callable[[Mapping[str, Any]], dict[str, Any]]
    # item_json(values, fired, outcome, missing): the item as in to_dict, likewise.
    item_json: Callable[..., dict[str, Any]]
    check: tuple[str, ...]  # facts that must be present to evaluate the rule
    direct: tuple[str, ...]  # every symbol the rule reads
    derived_reads: tuple[str, ...]  # derived facts among them
    days: tuple[tuple[str, str], ...]  # ("days_since(x)", "x")
    when_missing: str
    entitlement: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Plan:
    base: dict[str, Any]
    exact_types: dict[str, type]  # a value of exactly this type needs no check
    validators: dict[str, Validator]
    fact_names: tuple[str, ...]
    derived: tuple[_Step, ...]
    derived_by_name: dict[str, _Step]
    derived_json: Callable[[Mapping[str, Any]], dict[str, Any]]
    missing_facts: Callable[[Mapping[str, Any]], list[str]]
    triggers: tuple[_Step, ...]
    categories: tuple[_Step, ...]
    flags: tuple[_Step, ...]
    overrides: dict[str, Any]
    # Pieces of summary_json() already encoded, keyed by what they encode.
    texts: dict[Any, str] = field(default_factory=dict, compare=False)


_PYTHON_TYPES: dict[str, type] = {
    "boolean": bool,
    "integer": int,
    "float": float,
    "string": str,
    "date": datetime.date,
}


def _symbol_type(policy: Policy, name: str) -> str:
    if name == "as_of":
        return "date"
    if name in policy.facts:
        return policy.facts[name].type
    if name in policy.parameters:
        return policy.parameters[name].type
    return "boolean"  # a trigger


def _evidence_keys(
    policy: Policy, rule: CompiledRule, keys: dict[str, None] | None = None
) -> dict[str, None]:
    """The symbols whose values explain `rule`: what it reads, and for each derived
    fact it reads, what that fact's rule reads (as if derived, not supplied)."""
    keys = {} if keys is None else keys
    for name in rule.reads:
        keys.setdefault(name, None)
    for name in rule.facts:
        inner = policy.facts[name].compiled
        if inner is not None:
            _evidence_keys(policy, inner, keys)
    return keys


def _define(source: str, name: str, namespace: dict[str, Any]) -> Any:
    exec(compile(source, f"<generated {name}>", "exec"), namespace)  # noqa: S102 - written by _step
    return namespace[name]


def _value_code(policy: Policy, name: str) -> str:
    if _symbol_type(policy, name) == "date":
        return f"_iso(v[{name!r}])"
    return f"v[{name!r}]"


def _step(
    policy: Policy,
    kind: str,
    item_id: str,
    label: str,
    rule: CompiledRule,
    *,
    when_missing: str = "review",
    entitlement: dict[str, Any] | None = None,
) -> _Step:
    check = tuple(name for name in rule.facts if name not in rule.null_checked)
    days = tuple((f"days_since({name})", name) for name in rule.days_since)

    body = ""
    if check:
        test = " or ".join(f"v[{name!r}] is None" for name in check)
        body += f"    if {test}:\n        return None\n"
    if kind == "fact":
        body += "    return _rule(v)\n"
    else:
        body += "    return True if _rule(v) else False\n"
    fast = _define(f"def fast(v):\n{body}", "fast", {"_rule": rule.function})

    entries = [
        f"{name!r}: {_value_code(policy, name)}"
        for name in _evidence_keys(policy, rule)
    ]
    entries += [
        f"{key!r}: (v['as_of'] - v[{name!r}]).days if v[{name!r}] is not None else None"
        for key, name in days
    ]
    evidence = "{" + ", ".join(entries) + "}"
    evidence_json = _define(
        f"def evidence_json(v):\n    return {evidence}\n",
        "evidence_json",
        {"_iso": _iso},
    )
    item_json = _define(
        "def item_json(v, fired, outcome, missing):\n"
        f"    return {{'id': {item_id!r}, 'label': {label!r}, 'fired': fired, "
        f"'outcome': outcome, 'evidence': {evidence}, 'missing': missing, "
        "'supplied': []}\n",
        "item_json",
        {"_iso": _iso},
    )
    return _Step(
        id=item_id,
        label=label,
        function=rule.function,
        fast=fast,
        evidence_json=evidence_json,
        item_json=item_json,
        check=check,
        direct=rule.reads,
        derived_reads=tuple(name for name in rule.facts if policy.facts[name].derived),
        days=days,
        when_missing=when_missing,
        entitlement=entitlement or {},
    )


def _plan(policy: Policy) -> _Plan:
    """The policy's evaluation plan (made once, then cached on the policy)."""
    plan: _Plan | None = policy._cache.get("plan")
    if plan is not None:
        return plan
    base: dict[str, Any] = dict.fromkeys(policy.facts)
    base.update(policy.parameter_values)
    base.update(dict.fromkeys(policy.triggers, False))
    base["as_of"] = None
    derived = []
    for name in policy.derived_order:
        spec = policy.facts[name]
        assert spec.compiled is not None
        derived.append(_step(policy, "fact", name, spec.label, spec.compiled))
    derived_entries = ", ".join(
        f"{name!r}: {_value_code(policy, name)}" for name in policy.derived_order
    )
    plan = _Plan(
        base=base,
        exact_types={
            name: _PYTHON_TYPES[spec.type]
            for name, spec in policy.facts.items()
            if spec.choices is None
        },
        validators={
            name: make_validator(name, spec.type, spec.choices)
            for name, spec in policy.facts.items()
        },
        fact_names=tuple(policy.facts),
        derived=tuple(derived),
        derived_by_name={step.id: step for step in derived},
        missing_facts=_define(
            "def missing_facts(v):\n    missing = []\n"
            + "".join(
                f"    if v[{name!r}] is None:\n        missing.append({name!r})\n"
                for name in policy.facts
            )
            + "    return missing\n",
            "missing_facts",
            {},
        ),
        derived_json=_define(
            f"def derived_json(v):\n    return {{{derived_entries}}}\n",
            "derived_json",
            {"_iso": _iso},
        ),
        triggers=tuple(
            _step(
                policy,
                "trigger",
                spec.id,
                spec.label,
                spec.compiled,
                when_missing=spec.when_missing,
            )
            for spec in policy.triggers.values()
        ),
        categories=tuple(
            _step(
                policy,
                "category",
                spec.id,
                spec.label,
                spec.compiled,
                entitlement=spec.entitlement,
            )
            for spec in policy.categories
        ),
        flags=tuple(
            _step(
                policy,
                "flag",
                spec.id,
                spec.label,
                spec.compiled,
                when_missing=spec.when_missing,
                entitlement=spec.entitlement,
            )
            for spec in policy.flags.values()
        ),
        overrides=dict(policy.overrides),
    )
    policy._cache["plan"] = plan
    return plan


def _evidence(
    step: _Step, values: Mapping[str, Any], supplied: frozenset[str], plan: _Plan
) -> tuple[dict[str, Any], list[str]]:
    """The evidence for `step` (typed values) and the supplied derived facts it read."""
    evidence = {name: values[name] for name in step.direct}
    used_supplied: list[str] = []
    for name in step.derived_reads:
        if name in supplied:
            used_supplied.append(name)
        else:
            _expand(plan.derived_by_name[name], values, supplied, plan, evidence)
    as_of = values["as_of"]
    for key, name in step.days:
        day = values[name]
        evidence[key] = (as_of - day).days if day is not None else None
    return evidence, used_supplied


def _expand(
    step: _Step,
    values: Mapping[str, Any],
    supplied: frozenset[str],
    plan: _Plan,
    evidence: dict[str, Any],
) -> None:
    for name in step.direct:
        if name not in evidence:
            evidence[name] = values[name]
    for name in step.derived_reads:
        if name not in supplied:
            _expand(plan.derived_by_name[name], values, supplied, plan, evidence)


def _missing(
    step: _Step, values: Mapping[str, Any], supplied: frozenset[str], plan: _Plan
) -> list[str]:
    """The facts `step` needs that are missing; for a missing derived fact, the
    missing facts it was to be derived from too."""
    missing = [name for name in step.check if values[name] is None]
    for name in list(missing):
        inner = plan.derived_by_name.get(name)
        if inner is not None and name not in supplied:
            for deeper in _missing(inner, values, supplied, plan):
                if deeper not in missing:
                    missing.append(deeper)
    return missing


def _fail(
    policy: Policy, step: _Step, urn: str, error: Exception
) -> RuleEvaluationError:
    return RuleEvaluationError(
        policy.name, step.id, urn, str(error) or type(error).__name__
    )


def evaluate(
    policy: Policy,
    facts: Mapping[str, Any],
    *,
    as_of: datetime.date,
    urn: str = "",
) -> Result:
    """Categorise one school.

    `facts` maps fact names to typed values (None or absent: missing). Names the
    policy does not declare are ignored, so the app may pass every fact it builds.
    A derived fact's value, when given, is used instead of deriving it. `as_of` is
    the date of the run (what days_since counts to).

    Raises FactValueError for a value of the wrong type (or not one of the fact's
    choices), RuleEvaluationError when a rule fails (a policy bug, e.g. division
    by zero)."""
    if type(as_of) is not datetime.date:
        raise TypeError(f"as_of must be a datetime.date, not {as_of!r}")
    plan: _Plan = policy._cache.get("plan") or _plan(policy)
    values = plan.base.copy()
    exact_types = plan.exact_types
    get = facts.get
    for name in plan.fact_names:
        value = get(name)
        if value is not None:
            # `value == value` is False only for NaN, which the validator makes None.
            if type(value) is exact_types.get(name) and value == value:
                values[name] = value
            else:
                values[name] = plan.validators[name](value)
    values["as_of"] = as_of

    supplied = _NOTHING_SUPPLIED
    step: _Step
    for step in plan.derived:
        if values[step.id] is not None:
            supplied = supplied | {step.id}
            continue
        try:
            values[step.id] = step.fast(values)
        except Exception as error:  # a policy bug: say which rule and which school
            raise _fail(policy, step, urn, error) from error

    needs_review = False
    outcomes: list[str] = []
    for step in plan.triggers:
        try:
            fired = step.fast(values)
        except Exception as error:
            raise _fail(policy, step, urn, error) from error
        if fired is None:
            if step.when_missing == "review":
                needs_review = True
            fired = step.when_missing == "fire"
            outcomes.append(_MISSING_OUTCOME[step.when_missing])
        else:
            outcomes.append("fired" if fired else "not_fired")
        values[step.id] = fired

    category: _Step | None = None
    skipped: tuple[SkippedCategory, ...] = ()
    for step in plan.categories:
        try:
            matched = step.fast(values)
        except Exception as error:
            raise _fail(policy, step, urn, error) from error
        if matched:
            category = step
            break
        if matched is None:
            missing = tuple(_missing(step, values, supplied, plan))
            skipped += (SkippedCategory(step.id, missing),)
            needs_review = True
    if category is None:
        needs_review = True
        entitlements = dict(ENTITLEMENT_DEFAULTS)
    else:
        entitlements = category.entitlement.copy()

    flags: list[str] = []
    for step in plan.flags:
        try:
            fired = step.fast(values)
        except Exception as error:
            raise _fail(policy, step, urn, error) from error
        if fired is None:
            if step.when_missing == "review":
                needs_review = True
            fired = step.when_missing == "fire"
            outcomes.append(_MISSING_OUTCOME[step.when_missing])
        else:
            outcomes.append("fired" if fired else "not_fired")
        if fired:
            flags.append(step.id)
            entitlements.update(step.entitlement)

    return Result(
        urn,
        category.id if category is not None else None,
        category.label if category is not None else None,
        tuple(flags),
        entitlements,
        needs_review,
        tuple(name for name in policy.derived_order if name in supplied)
        if supplied
        else (),
        skipped,
        policy.name,
        policy.version,
        policy.sha256,
        as_of,
        plan.overrides,
        values,
        tuple(outcomes),
        plan,
        category,
    )


# ---------------------------------------------------------------------------
# Facts as text (file mode)


def coerce_fact(policy: Policy, name: str, text: str) -> Any:
    """Read one CSV cell as the value of fact `name`: booleans true/false, yes/no or
    1/0 (any case), dates YYYY-MM-DD, numbers, text; "" is None (missing).

    Raises FactValueError saying what would have been accepted (or that the policy
    has no such fact)."""
    spec = policy.facts.get(name)
    if spec is None:
        close = difflib.get_close_matches(name, list(policy.facts), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise FactValueError(
            name,
            text,
            f"a fact of policy {policy.name}",
            message=f"'{name}' is not a fact of policy {policy.name}{hint}",
        )
    return parse_text(name, spec.type, text, spec.choices)


def evaluate_csv(
    policy: Policy, csv_text: str, *, as_of: datetime.date
) -> list[Result]:
    """Categorise every school in a CSV: a `urn` column and a column per fact (any
    of the policy's facts; a derived fact's column supplies its value). A blank cell
    is a missing fact.

    Raises CsvFactsError listing every problem (unknown or repeated columns, bad
    values, repeated or empty URNs), each with its line number and column."""
    problems: list[CsvProblem] = []
    reader = csv.reader(io.StringIO(csv_text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CsvFactsError([CsvProblem(1, None, "the file is empty")]) from None
    except csv.Error as error:
        raise CsvFactsError([CsvProblem(1, None, f"not a CSV file: {error}")]) from None
    columns = [heading.strip() for heading in header]
    urn_index: int | None = None
    fact_columns: list[tuple[int, str]] = []
    seen_columns: set[str] = set()
    for index, column in enumerate(columns):
        if column in seen_columns:
            problems.append(CsvProblem(1, column, "this column appears twice"))
            continue
        seen_columns.add(column)
        if column == "urn":
            urn_index = index
        elif column in policy.facts:
            fact_columns.append((index, column))
        elif column == "":
            problems.append(CsvProblem(1, None, f"column {index + 1} has no heading"))
        else:
            close = difflib.get_close_matches(column, ["urn", *policy.facts], n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                CsvProblem(
                    1,
                    column,
                    f"unknown column: '{column}' is not a fact of policy "
                    f"{policy.name}{hint}",
                )
            )
    if urn_index is None:
        problems.append(CsvProblem(1, None, "there is no urn column"))

    rows: list[tuple[str, dict[str, Any]]] = []
    urn_rows: dict[str, int] = {}
    end_of_previous = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(
                CsvProblem(reader.line_num, None, f"not valid CSV: {error}")
            )
            break
        line = end_of_previous + 1
        end_of_previous = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            problems.append(
                CsvProblem(
                    line,
                    None,
                    f"this row has {len(cells)} cells but the header has {len(columns)}",
                )
            )
            continue
        urn = ""
        if urn_index is not None:
            urn = cells[urn_index].strip()
            if not urn:
                problems.append(CsvProblem(line, "urn", "the urn is empty"))
            elif urn in urn_rows:
                problems.append(
                    CsvProblem(line, "urn", f"urn {urn} is also on row {urn_rows[urn]}")
                )
            else:
                urn_rows[urn] = line
        facts: dict[str, Any] = {}
        for index, name in fact_columns:
            spec = policy.facts[name]
            try:
                value = parse_text(name, spec.type, cells[index], spec.choices)
            except FactValueError as error:
                problems.append(CsvProblem(line, name, error.message))
                continue
            if value is not None:
                facts[name] = value
        rows.append((urn, facts))
    if problems:
        raise CsvFactsError(problems)
    return [evaluate(policy, facts, as_of=as_of, urn=urn) for urn, facts in rows]
