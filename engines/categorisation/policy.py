"""Loading and checking policy files (the format is docs/policy-format.md).

Loading reports every problem at once, each with the file name, the YAML line and
the id of the parameter, fact, trigger, category or flag it is in.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import hashlib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import ParameterValueError, PolicyError, PolicyProblem
from .facts import (
    EIF_FACTS,
    EXPECTED,
    REPORT_CARD_FACTS,
    SYSTEM_FACTS,
    VALUE_TYPES,
    describe_choices,
)
from .leaders import DEFAULT_READING, DEFAULT_ROUTES, LEADER_FACTS
from .rules import (
    AS_OF,
    RESERVED_NAMES,
    CompiledRule,
    RuleProblems,
    Symbol,
    compile_rule,
)

FRAMEWORKS = ("eif", "report_card", "none")
WHEN_MISSING = ("fire", "ignore", "review")

# Every entitlement key, with the value a category gets when it does not say.
ENTITLEMENT_DEFAULTS: dict[str, Any] = {
    "visits": 0,
    "visits_is_cap": False,
    "support_plan": False,
    "strategy_meeting_weeks": None,
    "welcome_visit": False,
    "structured_conversation": False,
    "academisation_support": False,
    "early_years_support": False,
    "target": "",
}

_TOP_REQUIRED = (
    "name",
    "version",
    "title",
    "source",
    "framework",
    "description",
    "categories",
)
_TOP_OPTIONAL = ("parameters", "facts", "triggers", "flags", "eligibility")
_PARAMETER_KEYS = (("type", "default", "label"), ("choices", "reading"))
_FACT_KEYS = (("type", "label"), ("choices", "rule", "reading"))
_TRIGGER_KEYS = (("label", "rule"), ("when_missing", "reading"))
_CATEGORY_KEYS = (("id", "label", "when"), ("entitlement", "reading"))
_FLAG_KEYS = (("label", "rule"), ("when_missing", "entitlement", "reading"))
_ELIGIBILITY_KEYS = (("routes",), ("own_school_good", "reading"))
_OWN_SCHOOL_KEYS = (("label", "rule"), ("reading",))
_ROUTE_KEYS = (("label", "rule"), ("reading",))

_POLICY_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
_SYMBOL_NAME = re.compile(r"[a-z][a-z0-9_]*")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+-]*")

_SYMBOL_KINDS = frozenset({"fact", "parameter", "as_of"})
_SYMBOL_KINDS_WITH_TRIGGERS = _SYMBOL_KINDS | {"trigger"}


@dataclass(frozen=True)
class ParameterSpec:
    """A threshold an LA may change; `default` is the value in the file."""

    name: str
    type: str
    default: Any
    label: str
    reading: str
    choices: tuple[Any, ...] | None
    line: int


@dataclass(frozen=True)
class FactSpec:
    """A fact the rules read: an input, or derived by `rule` unless supplied."""

    name: str
    type: str
    label: str
    choices: tuple[Any, ...] | None
    rule: str | None
    reading: str
    line: int
    compiled: CompiledRule | None = field(default=None, repr=False, compare=False)

    @property
    def derived(self) -> bool:
        return self.rule is not None


@dataclass(frozen=True)
class TriggerSpec:
    """A transparent trigger: a boolean rule over facts and parameters."""

    id: str
    label: str
    rule: str
    when_missing: str
    reading: str
    line: int
    compiled: CompiledRule = field(repr=False, compare=False)


@dataclass(frozen=True)
class CategorySpec:
    """A category; `entitlement` has every key (the defaults filled in)."""

    id: str
    label: str
    when: str
    entitlement: dict[str, Any]
    reading: str
    line: int
    compiled: CompiledRule = field(repr=False, compare=False)


@dataclass(frozen=True)
class FlagSpec:
    """A flag beside the category; `entitlement` has only the keys it overrides."""

    id: str
    label: str
    rule: str
    when_missing: str
    entitlement: dict[str, Any]
    reading: str
    line: int
    compiled: CompiledRule = field(repr=False, compare=False)


@dataclass(frozen=True)
class RuleSpec:
    """A labelled rule of the eligibility section (a route, or own_school_good)."""

    id: str
    label: str
    rule: str
    reading: str
    line: int
    compiled: CompiledRule = field(repr=False, compare=False)


@dataclass(frozen=True)
class EligibilitySpec:
    """Who may be a System Leader under the policy (engines/categorisation/leaders.py).

    `own_school_good` reads the policy's school facts (None: the policy does not say
    how it reads a good school, so that fact is missing); `routes` read a person's
    facts. `default` is True when the policy has no section and seed 001's routes
    apply."""

    own_school_good: RuleSpec | None
    routes: tuple[RuleSpec, ...]
    reading: str
    default: bool


@dataclass(frozen=True, eq=False)
class Policy:
    """A loaded, checked policy. `parameter_values` are the values rules use: the
    file's defaults, except for `overrides` (see with_parameters)."""

    name: str
    version: int
    title: str
    source: str
    framework: str
    description: str
    sha256: str
    text: str
    file_name: str
    parameters: dict[str, ParameterSpec]
    facts: dict[str, FactSpec]
    triggers: dict[str, TriggerSpec]
    categories: tuple[CategorySpec, ...]
    flags: dict[str, FlagSpec]
    parameter_values: dict[str, Any]
    eligibility: EligibilitySpec | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    derived_order: tuple[str, ...] = ()
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def input_facts(self) -> dict[str, FactSpec]:
        """The facts without a rule: what a caller supplies."""
        return {name: spec for name, spec in self.facts.items() if not spec.derived}

    @property
    def derived_facts(self) -> dict[str, FactSpec]:
        return {name: spec for name, spec in self.facts.items() if spec.derived}

    def with_parameters(self, overrides: Mapping[str, Any]) -> Policy:
        """A copy of this policy whose parameters take `overrides` (name -> value).

        Values must be of the parameter's type (an int is accepted for a float; a
        date may be an ISO "YYYY-MM-DD" string). Raises ParameterValueError naming
        every bad parameter."""
        errors: dict[str, str] = {}
        values = dict(self.parameter_values)
        applied = dict(self.overrides)
        for name, value in overrides.items():
            spec = self.parameters.get(name)
            if spec is None:
                close = difflib.get_close_matches(name, list(self.parameters), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                errors[name] = f"not a parameter of policy {self.name}{hint}"
                continue
            ok, converted = _typed_value(spec.type, value, accept_iso_text=True)
            if not ok:
                errors[name] = f"{value!r} is not {EXPECTED[spec.type]}"
                continue
            if spec.choices is not None and converted not in spec.choices:
                errors[name] = f"{value!r} is not {describe_choices(spec.choices)}"
                continue
            values[name] = converted
            if converted == spec.default and type(converted) is type(spec.default):
                applied.pop(name, None)
            else:
                applied[name] = converted
        if errors:
            raise ParameterValueError(errors)
        return dataclasses.replace(
            self, parameter_values=values, overrides=applied, _cache={}
        )

    def __repr__(self) -> str:
        return f"<Policy {self.name} v{self.version} {self.sha256[:12]}>"


def load_policy(source: Path | str, *, file_name: str | None = None) -> Policy:
    """Load and check one policy: `source` is a file path, or YAML text (a str).

    `file_name` names the file in problems (default: the path's name, or
    "<policy>" for text); when the file name is known the policy's `name` must be
    its stem. Raises PolicyError listing every problem."""
    if isinstance(source, Path):
        raw = source.read_bytes()
        file_name = file_name or source.name
    else:
        if "\n" not in source and source.strip().endswith((".yaml", ".yml")):
            raise TypeError(
                f"load_policy got the text {source!r}; pass a pathlib.Path to load a file"
            )
        raw = source.encode("utf-8")
    shown_name = file_name or "<policy>"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PolicyError(
            [PolicyProblem(shown_name, line, None, "the file is not UTF-8 text")]
        ) from None
    loader = _Loader(shown_name, file_name)
    policy = loader.load(text, hashlib.sha256(raw).hexdigest())
    if loader.problems or policy is None:
        raise PolicyError(sorted(loader.problems, key=lambda p: p.line))
    return policy


def load_policies(directory: Path) -> dict[str, Policy]:
    """Load every `*.yaml` policy in `directory`, by name. Raises PolicyError
    listing every problem in every file."""
    policies: dict[str, Policy] = {}
    problems: list[PolicyProblem] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            policy = load_policy(path)
        except PolicyError as error:
            problems.extend(error.problems)
            continue
        policies[policy.name] = policy
    if problems:
        raise PolicyError(problems)
    return policies


# ---------------------------------------------------------------------------
# Values


def _typed_value(
    type_: str, value: Any, *, accept_iso_text: bool = False
) -> tuple[bool, Any]:
    """(True, the value normalised) when `value` is of `type_`, else (False, None)."""
    if type_ == "boolean":
        return (True, value) if isinstance(value, bool) else (False, None)
    if type_ == "integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return True, value
        return False, None
    if type_ == "float":
        if (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and math.isfinite(value)
        ):
            return True, float(value)
        return False, None
    if type_ == "date":
        if isinstance(value, datetime.date) and not isinstance(
            value, datetime.datetime
        ):
            return True, value
        if accept_iso_text and isinstance(value, str):
            try:
                return True, datetime.date.fromisoformat(value.strip())
            except ValueError:
                return False, None
        return False, None
    return (True, value) if isinstance(value, str) else (False, None)


_MISSING = object()


class _Loader:
    """One load: the YAML nodes, the problems found so far, and the checks."""

    def __init__(self, shown_name: str, file_name: str | None) -> None:
        self.file = shown_name
        self.file_name = file_name
        self.problems: list[PolicyProblem] = []
        self.constructor = SafeConstructor()

    # -- reporting ------------------------------------------------------------
    def problem(self, where: Node | int, rule_id: str | None, message: str) -> None:
        line = where if isinstance(where, int) else where.start_mark.line + 1
        self.problems.append(PolicyProblem(self.file, line, rule_id, message))

    # -- YAML helpers -----------------------------------------------------------
    def mapping(
        self, node: Node, rule_id: str | None, what: str
    ) -> dict[str, tuple[ScalarNode, Node]] | None:
        """The entries of a YAML mapping by key (duplicates reported), or None."""
        if not isinstance(node, MappingNode):
            self.problem(
                node, rule_id, f"{what} must be a mapping of `key: value` lines"
            )
            return None
        entries: dict[str, tuple[ScalarNode, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, rule_id, f"a key in {what} must be a plain name")
                continue
            key = str(key_node.value)
            if key in entries:
                self.problem(key_node, rule_id, f"'{key}' appears twice in {what}")
                continue
            entries[key] = (key_node, value_node)
        return entries

    def check_keys(
        self,
        entries: dict[str, tuple[ScalarNode, Node]],
        keys: tuple[tuple[str, ...], tuple[str, ...]],
        rule_id: str | None,
        owner: Node | int,
        what: str,
    ) -> None:
        required, optional = keys
        known = required + optional
        suggested: set[str] = set()
        for key, (key_node, _) in entries.items():
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                suggested.update(close)
                self.problem(
                    key_node,
                    rule_id,
                    f"unknown key '{key}' in {what}{hint}; allowed: {', '.join(known)}",
                )
        for key in required:
            if key not in entries and key not in suggested:
                self.problem(owner, rule_id, f"{what} needs a '{key}'")

    def scalar(self, node: Node) -> Any:
        if not isinstance(node, ScalarNode):
            return _MISSING
        return self.constructor.construct_object(node, deep=True)

    def text(
        self,
        entries: dict[str, tuple[ScalarNode, Node]],
        key: str,
        rule_id: str | None,
        *,
        required: bool = True,
    ) -> str:
        """A text value; unquoted numbers, dates and yes/no are read as written."""
        if key not in entries:
            return ""
        key_node, node = entries[key]
        value = self.scalar(node)
        if value is _MISSING:
            self.problem(key_node, rule_id, f"'{key}' must be text")
            return ""
        if value is None:
            if required:
                self.problem(key_node, rule_id, f"'{key}' must not be empty")
            return ""
        if not isinstance(value, str):
            value = str(node.value)  # e.g. `title: 2018` or `label: yes`
        if required and not value.strip():
            self.problem(key_node, rule_id, f"'{key}' must not be empty")
        return value.strip()

    def rule_text(
        self, entries: dict[str, tuple[ScalarNode, Node]], key: str, rule_id: str
    ) -> str | None:
        if key not in entries:
            return None
        key_node, node = entries[key]
        value = self.scalar(node)
        if isinstance(value, bool):
            return "true" if value else "false"
        if not isinstance(value, str) or not value.strip():
            self.problem(key_node, rule_id, f"'{key}' must be a rule, written as text")
            return None
        return value.strip()

    def typed(
        self,
        node: Node,
        type_: str,
        key_node: Node,
        rule_id: str | None,
        what: str,
    ) -> Any:
        value = self.scalar(node)
        if value is _MISSING:
            self.problem(key_node, rule_id, f"{what} must be {EXPECTED[type_]}")
            return _MISSING
        if type_ == "string" and value is not None and not isinstance(value, str):
            value = str(getattr(node, "value", value))
        ok, converted = _typed_value(type_, value, accept_iso_text=True)
        if not ok:
            shown = "empty" if value is None else f"{getattr(node, 'value', value)!r}"
            self.problem(
                key_node, rule_id, f"{what} must be {EXPECTED[type_]}, not {shown}"
            )
            return _MISSING
        return converted

    def value_type(
        self, entries: dict[str, tuple[ScalarNode, Node]], rule_id: str
    ) -> str | None:
        if "type" not in entries:
            return None
        key_node, node = entries["type"]
        value = self.scalar(node)
        if value not in VALUE_TYPES:
            shown = getattr(node, "value", value)
            self.problem(
                key_node,
                rule_id,
                f"type must be one of {', '.join(VALUE_TYPES)}, not {shown!r}",
            )
            return None
        return str(value)

    def choices(
        self,
        entries: dict[str, tuple[ScalarNode, Node]],
        type_: str | None,
        rule_id: str,
    ) -> tuple[Any, ...] | None:
        if "choices" not in entries or type_ is None:
            return None
        key_node, node = entries["choices"]
        if type_ not in ("string", "integer", "float"):
            self.problem(key_node, rule_id, f"a {type_} cannot have choices")
            return None
        if not isinstance(node, SequenceNode) or not node.value:
            self.problem(key_node, rule_id, "choices must be a non-empty list")
            return None
        values: list[Any] = []
        for item in node.value:
            value = self.typed(item, type_, item, rule_id, "each choice")
            if value is _MISSING:
                continue
            if value in values:
                self.problem(item, rule_id, f"choice {value!r} is listed twice")
                continue
            values.append(value)
        return tuple(values)

    def when_missing(
        self, entries: dict[str, tuple[ScalarNode, Node]], rule_id: str
    ) -> str:
        if "when_missing" not in entries:
            return "review"
        key_node, node = entries["when_missing"]
        raw = node.value if isinstance(node, ScalarNode) else None
        if raw not in WHEN_MISSING:
            self.problem(
                key_node,
                rule_id,
                f"when_missing must be fire, ignore or review, not {raw!r}",
            )
            return "review"
        return str(raw)

    def entitlement(
        self, entries: dict[str, tuple[ScalarNode, Node]], rule_id: str
    ) -> dict[str, Any]:
        if "entitlement" not in entries:
            return {}
        key_node, node = entries["entitlement"]
        items = self.mapping(node, rule_id, "entitlement")
        if items is None:
            return {}
        result: dict[str, Any] = {}
        known = list(ENTITLEMENT_DEFAULTS)
        for key, (item_key, item_node) in items.items():
            if key not in ENTITLEMENT_DEFAULTS:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(
                    item_key,
                    rule_id,
                    f"unknown entitlement key '{key}'{hint}; allowed: {', '.join(known)}",
                )
                continue
            value = self.scalar(item_node)
            if key == "visits":
                ok = (
                    isinstance(value, int)
                    and not isinstance(value, bool)
                    and value >= 0
                )
                expected = "a whole number, 0 or more"
            elif key == "strategy_meeting_weeks":
                ok = value is None or (
                    isinstance(value, int)
                    and not isinstance(value, bool)
                    and value >= 1
                )
                expected = "a whole number of weeks (1 or more), or null"
            elif key == "target":
                if (
                    value is not None
                    and value is not _MISSING
                    and not isinstance(value, str)
                ):
                    value = str(item_node.value)
                ok = isinstance(value, str)
                expected = "text"
            else:
                ok = isinstance(value, bool)
                expected = "true or false"
            if not ok:
                shown = getattr(item_node, "value", "a list or mapping")
                self.problem(
                    item_key,
                    rule_id,
                    f"entitlement {key} must be {expected}, not {shown!r}",
                )
                continue
            result[key] = value
        return result

    def check_symbol_name(self, key_node: Node, name: str, what: str) -> bool:
        if not _SYMBOL_NAME.fullmatch(name):
            self.problem(
                key_node,
                name,
                f"a {what} name must be lower-case letters, digits and _, starting "
                "with a letter",
            )
            return False
        if name in RESERVED_NAMES:
            self.problem(
                key_node, name, f"'{name}' is a reserved word; choose another name"
            )
            return False
        return True

    # -- the policy -----------------------------------------------------------
    def load(self, text: str, sha256: str) -> Policy | None:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(
                error, "context_mark", None
            )
            line = mark.line + 1 if mark is not None else 1
            problem = getattr(error, "problem", None) or str(error)
            self.problem(line, None, f"not valid YAML: {problem}")
            return None
        if root is None:
            self.problem(1, None, "the file is empty")
            return None
        top = self.mapping(root, None, "a policy")
        if top is None:
            return None
        self.check_keys(top, (_TOP_REQUIRED, _TOP_OPTIONAL), None, root, "a policy")

        name = self.text(top, "name", None)
        if name and not _POLICY_NAME.fullmatch(name):
            self.problem(
                top["name"][0],
                None,
                "name must be lower-case letters, digits, - and _",
            )
        if self.file_name is not None and name:
            stem = self.file_name.rsplit("/", 1)[-1]
            stem = stem[: -len(".yaml")] if stem.endswith(".yaml") else stem
            if name != stem:
                self.problem(
                    top["name"][0],
                    None,
                    f"name '{name}' must equal the file name without .yaml ('{stem}')",
                )
        version = 0
        if "version" in top:
            key_node, node = top["version"]
            value = self.scalar(node)
            if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
                version = value
            else:
                self.problem(
                    key_node,
                    None,
                    f"version must be a whole number, 1 or more, not {getattr(node, 'value', value)!r}",
                )
        title = self.text(top, "title", None)
        source = self.text(top, "source", None)
        description = self.text(top, "description", None)
        framework = self.text(top, "framework", None)
        if "framework" in top and framework and framework not in FRAMEWORKS:
            self.problem(
                top["framework"][0],
                None,
                f"framework must be eif, report_card or none, not {framework!r}",
            )

        parameters = self.load_parameters(top)
        facts = self.load_facts(top, framework)
        triggers = self.load_triggers(top)
        categories = self.load_categories(top)
        flags = self.load_flags(top)

        # Facts, parameters and triggers share one namespace: the rules'.
        seen: dict[str, str] = {}
        for kind, names in (
            ("parameter", parameters),
            ("fact", facts),
            ("trigger", triggers),
        ):
            for item_name, item in names.items():
                if item_name in seen:
                    self.problem(
                        item["line"],
                        item_name,
                        f"'{item_name}' is already a {seen[item_name]}; a {kind} "
                        "needs a name of its own",
                    )
                else:
                    seen[item_name] = kind

        # A name declared with a bad type is "unknown" to the rules (its declaration
        # is the problem reported, not every rule that reads it).
        symbols: dict[str, Symbol] = {"as_of": AS_OF}
        for item_name, item in parameters.items():
            symbols.setdefault(
                item_name,
                Symbol(
                    item_name, "parameter", item["type"] or "unknown", item["choices"]
                ),
            )
        for item_name, item in facts.items():
            symbols.setdefault(
                item_name,
                Symbol(item_name, "fact", item["type"] or "unknown", item["choices"]),
            )
        for item_name in triggers:
            symbols.setdefault(item_name, Symbol(item_name, "trigger", "boolean"))

        compiled: dict[tuple[str, str], CompiledRule] = {}

        def compile_one(
            kind: str,
            item_id: str,
            rule: str | None,
            line: int,
            kinds: frozenset[str],
            result: str,
        ) -> None:
            if rule is None:
                return
            try:
                compiled[kind, item_id] = compile_rule(
                    rule, symbols, allowed_kinds=kinds, result_type=result
                )
            except RuleProblems as error:
                for message in error.messages:
                    self.problem(line, item_id, message)

        for item_name, item in facts.items():
            if item["type"] is not None:
                compile_one(
                    "fact",
                    item_name,
                    item["rule"],
                    item["rule_line"],
                    _SYMBOL_KINDS,
                    item["type"],
                )
        for item_id, item in triggers.items():
            compile_one(
                "trigger",
                item_id,
                item["rule"],
                item["rule_line"],
                _SYMBOL_KINDS,
                "boolean",
            )
        for item in categories:
            compile_one(
                "category",
                item["id"],
                item["when"],
                item["rule_line"],
                _SYMBOL_KINDS_WITH_TRIGGERS,
                "boolean",
            )
        for item_id, item in flags.items():
            compile_one(
                "flag",
                item_id,
                item["rule"],
                item["rule_line"],
                _SYMBOL_KINDS_WITH_TRIGGERS,
                "boolean",
            )

        derived_order = self.order_derived(facts, compiled)
        eligibility = self.load_eligibility(top, symbols)

        if self.problems:
            return None
        parameter_specs = {
            item_name: ParameterSpec(
                name=item_name,
                type=item["type"],
                default=item["default"],
                label=item["label"],
                reading=item["reading"],
                choices=item["choices"],
                line=item["line"],
            )
            for item_name, item in parameters.items()
        }
        return Policy(
            name=name,
            version=version,
            title=title,
            source=source,
            framework=framework,
            description=description,
            sha256=sha256,
            text=text,
            file_name=self.file,
            parameters=parameter_specs,
            facts={
                item_name: FactSpec(
                    name=item_name,
                    type=item["type"],
                    label=item["label"],
                    choices=item["choices"],
                    rule=item["rule"],
                    reading=item["reading"],
                    line=item["line"],
                    compiled=compiled.get(("fact", item_name)),
                )
                for item_name, item in facts.items()
            },
            triggers={
                item_id: TriggerSpec(
                    id=item_id,
                    label=item["label"],
                    rule=item["rule"],
                    when_missing=item["when_missing"],
                    reading=item["reading"],
                    line=item["line"],
                    compiled=compiled["trigger", item_id],
                )
                for item_id, item in triggers.items()
            },
            categories=tuple(
                CategorySpec(
                    id=item["id"],
                    label=item["label"],
                    when=item["when"],
                    entitlement={**ENTITLEMENT_DEFAULTS, **item["entitlement"]},
                    reading=item["reading"],
                    line=item["line"],
                    compiled=compiled["category", item["id"]],
                )
                for item in categories
            ),
            flags={
                item_id: FlagSpec(
                    id=item_id,
                    label=item["label"],
                    rule=item["rule"],
                    when_missing=item["when_missing"],
                    entitlement=item["entitlement"],
                    reading=item["reading"],
                    line=item["line"],
                    compiled=compiled["flag", item_id],
                )
                for item_id, item in flags.items()
            },
            parameter_values={
                item_name: spec.default for item_name, spec in parameter_specs.items()
            },
            derived_order=derived_order,
            eligibility=eligibility,
        )

    def section(
        self, top: dict[str, tuple[ScalarNode, Node]], key: str
    ) -> dict[str, tuple[ScalarNode, Node]]:
        if key not in top:
            return {}
        key_node, node = top[key]
        if isinstance(node, ScalarNode) and self.scalar(node) is None:
            return {}  # `flags:` with nothing under it
        return self.mapping(node, None, f"'{key}'") or {}

    def load_parameters(
        self, top: dict[str, tuple[ScalarNode, Node]]
    ) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = {}
        for name, (key_node, node) in self.section(top, "parameters").items():
            self.check_symbol_name(key_node, name, "parameter")
            entries = self.mapping(node, name, f"parameter '{name}'")
            if entries is None:
                continue
            self.check_keys(
                entries, _PARAMETER_KEYS, name, key_node, f"parameter '{name}'"
            )
            type_ = self.value_type(entries, name)
            choices = self.choices(entries, type_, name)
            default: Any = None
            if type_ is not None and "default" in entries:
                default_key, default_node = entries["default"]
                default = self.typed(default_node, type_, default_key, name, "default")
                if (
                    default is not _MISSING
                    and choices is not None
                    and default not in choices
                ):
                    self.problem(
                        default_key,
                        name,
                        f"default {default!r} is not {describe_choices(choices)}",
                    )
            result[name] = {
                "type": type_,
                "default": default,
                "label": self.text(entries, "label", name),
                "reading": self.text(entries, "reading", name, required=False),
                "choices": choices,
                "line": key_node.start_mark.line + 1,
            }
        return result

    def load_facts(
        self, top: dict[str, tuple[ScalarNode, Node]], framework: str
    ) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = {}
        for name, (key_node, node) in self.section(top, "facts").items():
            self.check_symbol_name(key_node, name, "fact")
            entries = self.mapping(node, name, f"fact '{name}'")
            if entries is None:
                continue
            self.check_keys(entries, _FACT_KEYS, name, key_node, f"fact '{name}'")
            type_ = self.value_type(entries, name)
            system_type = SYSTEM_FACTS.get(name)
            if type_ is not None and system_type is not None and type_ != system_type:
                self.problem(
                    entries["type"][0],
                    name,
                    f"the system supplies {name} as {system_type}; declare it with "
                    f"type: {system_type}",
                )
            if framework == "eif" and name in REPORT_CARD_FACTS:
                self.problem(
                    key_node,
                    name,
                    f"framework is eif but {name} is a report-card fact; a policy "
                    "reads one inspection framework",
                )
            elif framework == "report_card" and name in EIF_FACTS:
                self.problem(
                    key_node,
                    name,
                    f"framework is report_card but {name} is an EIF inspection fact; "
                    "a policy reads one inspection framework",
                )
            elif framework == "none" and name in EIF_FACTS | REPORT_CARD_FACTS:
                self.problem(
                    key_node,
                    name,
                    f"framework is none but {name} comes from inspections; set "
                    "framework to eif or report_card",
                )
            rule = self.rule_text(entries, "rule", name)
            result[name] = {
                "type": type_,
                "label": self.text(entries, "label", name),
                "choices": self.choices(entries, type_, name),
                "rule": rule,
                "rule_line": (entries["rule"][0].start_mark.line + 1)
                if "rule" in entries
                else 0,
                "reading": self.text(entries, "reading", name, required=False),
                "line": key_node.start_mark.line + 1,
            }
        return result

    def load_triggers(
        self, top: dict[str, tuple[ScalarNode, Node]]
    ) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = {}
        for trigger_id, (key_node, node) in self.section(top, "triggers").items():
            self.check_symbol_name(key_node, trigger_id, "trigger")
            entries = self.mapping(node, trigger_id, f"trigger '{trigger_id}'")
            if entries is None:
                continue
            self.check_keys(
                entries, _TRIGGER_KEYS, trigger_id, key_node, f"trigger '{trigger_id}'"
            )
            result[trigger_id] = {
                "label": self.text(entries, "label", trigger_id),
                "rule": self.rule_text(entries, "rule", trigger_id),
                "rule_line": (entries["rule"][0].start_mark.line + 1)
                if "rule" in entries
                else 0,
                "when_missing": self.when_missing(entries, trigger_id),
                "reading": self.text(entries, "reading", trigger_id, required=False),
                "line": key_node.start_mark.line + 1,
            }
        return result

    def load_categories(
        self, top: dict[str, tuple[ScalarNode, Node]]
    ) -> list[dict[str, Any]]:
        if "categories" not in top:
            return []
        key_node, node = top["categories"]
        if not isinstance(node, SequenceNode) or not node.value:
            self.problem(
                key_node,
                None,
                "categories must be a non-empty list (`- id: ...` items), in priority order",
            )
            return []
        result: list[dict[str, Any]] = []
        ids: set[str] = set()
        for position, item in enumerate(node.value, 1):
            entries = self.mapping(item, None, f"category {position}")
            if entries is None:
                continue
            category_id = self.text(entries, "id", None, required=False)
            label = category_id or f"#{position}"
            self.check_keys(entries, _CATEGORY_KEYS, label, item, f"category {label}")
            if "id" in entries:
                if not category_id or not _ID.fullmatch(category_id):
                    self.problem(
                        entries["id"][0],
                        label,
                        "a category id must be letters, digits, _, - or +, e.g. TGO+",
                    )
                    continue
                if category_id in ids:
                    self.problem(
                        entries["id"][0],
                        label,
                        f"category id '{category_id}' is used twice",
                    )
                    continue
                ids.add(category_id)
            else:
                continue
            result.append(
                {
                    "id": category_id,
                    "label": self.text(entries, "label", label),
                    "when": self.rule_text(entries, "when", label),
                    "rule_line": (entries["when"][0].start_mark.line + 1)
                    if "when" in entries
                    else 0,
                    "entitlement": self.entitlement(entries, label),
                    "reading": self.text(entries, "reading", label, required=False),
                    "line": item.start_mark.line + 1,
                }
            )
        return result

    def load_flags(
        self, top: dict[str, tuple[ScalarNode, Node]]
    ) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = {}
        for flag_id, (key_node, node) in self.section(top, "flags").items():
            if not _ID.fullmatch(flag_id):
                self.problem(
                    key_node, flag_id, "a flag id must be letters, digits, _, - or +"
                )
            entries = self.mapping(node, flag_id, f"flag '{flag_id}'")
            if entries is None:
                continue
            self.check_keys(entries, _FLAG_KEYS, flag_id, key_node, f"flag '{flag_id}'")
            result[flag_id] = {
                "label": self.text(entries, "label", flag_id),
                "rule": self.rule_text(entries, "rule", flag_id),
                "rule_line": (entries["rule"][0].start_mark.line + 1)
                if "rule" in entries
                else 0,
                "when_missing": self.when_missing(entries, flag_id),
                "entitlement": self.entitlement(entries, flag_id),
                "reading": self.text(entries, "reading", flag_id, required=False),
                "line": key_node.start_mark.line + 1,
            }
        return result

    def load_eligibility(
        self, top: dict[str, tuple[ScalarNode, Node]], symbols: dict[str, Symbol]
    ) -> EligibilitySpec | None:
        """The eligibility section, its rules checked: `own_school_good` against the
        policy's school facts and parameters, each route against a person's facts
        (LEADER_FACTS) and the parameters. Without a section, seed 001's routes."""
        person: dict[str, Symbol] = {"as_of": AS_OF}
        for name, sym in symbols.items():
            if sym.kind == "parameter":
                person[name] = sym
        for name, (type_, _label) in LEADER_FACTS.items():
            if name in person:
                self.problem(
                    1,
                    name,
                    f"'{name}' is a fact of a System Leader (eligibility); a "
                    "parameter needs another name",
                )
            person[name] = Symbol(name, "fact", type_)

        def compile_spec(
            rule_id: str,
            label: str,
            rule: str | None,
            reading: str,
            line: int,
            rule_line: int,
            namespace: dict[str, Symbol],
        ) -> RuleSpec | None:
            if rule is None:
                return None
            try:
                compiled = compile_rule(
                    rule, namespace, allowed_kinds=_SYMBOL_KINDS, result_type="boolean"
                )
            except RuleProblems as error:
                for message in error.messages:
                    self.problem(rule_line, rule_id, message)
                return None
            return RuleSpec(rule_id, label, rule, reading, line, compiled)

        if "eligibility" not in top:
            routes = tuple(
                spec
                for route_id, label, rule in DEFAULT_ROUTES
                if (spec := compile_spec(route_id, label, rule, "", 0, 1, person))
            )
            return EligibilitySpec(None, routes, DEFAULT_READING, default=True)
        key_node, node = top["eligibility"]
        entries = self.mapping(node, None, "'eligibility'")
        if entries is None:
            return None
        self.check_keys(entries, _ELIGIBILITY_KEYS, None, key_node, "'eligibility'")
        own: RuleSpec | None = None
        if "own_school_good" in entries:
            own_key, own_node = entries["own_school_good"]
            own_entries = self.mapping(own_node, "own_school_good", "own_school_good")
            if own_entries is not None:
                self.check_keys(
                    own_entries,
                    _OWN_SCHOOL_KEYS,
                    "own_school_good",
                    own_key,
                    "own_school_good",
                )
                own = compile_spec(
                    "own_school_good",
                    self.text(own_entries, "label", "own_school_good"),
                    self.rule_text(own_entries, "rule", "own_school_good"),
                    self.text(
                        own_entries, "reading", "own_school_good", required=False
                    ),
                    own_key.start_mark.line + 1,
                    (own_entries["rule"][0].start_mark.line + 1)
                    if "rule" in own_entries
                    else own_key.start_mark.line + 1,
                    symbols,
                )
        routes_list: list[RuleSpec] = []
        if "routes" in entries:
            routes_key, routes_node = entries["routes"]
            route_entries = self.mapping(routes_node, None, "eligibility routes")
            if route_entries is not None and not route_entries:
                self.problem(routes_key, None, "eligibility needs at least one route")
            for route_id, (route_key, route_node) in (route_entries or {}).items():
                self.check_symbol_name(route_key, route_id, "route")
                fields = self.mapping(route_node, route_id, f"route '{route_id}'")
                if fields is None:
                    continue
                self.check_keys(
                    fields, _ROUTE_KEYS, route_id, route_key, f"route '{route_id}'"
                )
                spec = compile_spec(
                    route_id,
                    self.text(fields, "label", route_id),
                    self.rule_text(fields, "rule", route_id),
                    self.text(fields, "reading", route_id, required=False),
                    route_key.start_mark.line + 1,
                    (fields["rule"][0].start_mark.line + 1)
                    if "rule" in fields
                    else route_key.start_mark.line + 1,
                    person,
                )
                if spec is not None:
                    routes_list.append(spec)
        return EligibilitySpec(
            own,
            tuple(routes_list),
            self.text(entries, "reading", None, required=False),
            default=False,
        )

    def order_derived(
        self,
        facts: dict[str, dict[str, Any]],
        compiled: dict[tuple[str, str], CompiledRule],
    ) -> tuple[str, ...]:
        """The derived facts, each after the derived facts it reads; a cycle is a
        problem (reported once, at the first fact in it)."""
        depends: dict[str, list[str]] = {}
        for name in facts:
            rule = compiled.get(("fact", name))
            if rule is not None:
                depends[name] = [
                    read for read in rule.facts if ("fact", read) in compiled
                ]
        order: list[str] = []
        state: dict[str, int] = {}  # 1: being visited, 2: done
        reported: set[frozenset[str]] = set()

        def visit(name: str, path: list[str]) -> None:
            state[name] = 1
            path.append(name)
            for read in depends[name]:
                if state.get(read) == 1:
                    cycle = path[path.index(read) :]
                    if frozenset(cycle) not in reported:
                        reported.add(frozenset(cycle))
                        first = min(cycle, key=lambda n: facts[n]["line"])
                        start = cycle.index(first)
                        ring = cycle[start:] + cycle[:start] + [first]
                        self.problem(
                            facts[first]["rule_line"],
                            first,
                            "derived facts read each other in a cycle: "
                            + " -> ".join(ring),
                        )
                elif state.get(read) is None:
                    visit(read, path)
            path.pop()
            state[name] = 2
            order.append(name)

        for name in depends:
            if name not in state:
                visit(name, [])
        return tuple(order)
