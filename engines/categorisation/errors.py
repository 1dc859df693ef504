"""The exceptions the categorisation engine raises, each with a message a person can act on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyProblem:
    """One thing wrong with a policy file: where it is and what to do about it.

    `rule_id` names the parameter, fact, trigger, category or flag the problem is in
    (None for a problem with the file or its top-level keys).
    """

    file: str
    line: int
    rule_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.rule_id is not None:
            return f"{where}: rule '{self.rule_id}': {self.message}"
        return f"{where}: {self.message}"


class PolicyError(Exception):
    """A policy (or a directory of policies) did not load; `problems` lists every problem."""

    def __init__(self, problems: Iterable[PolicyProblem]) -> None:
        self.problems: list[PolicyProblem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class FactValueError(ValueError):
    """A fact's value is not of the fact's type (or not one of its choices), or the
    policy has no fact of that name.

    `text` is the value as given (a CSV cell, or the repr of a Python value);
    `expected` says what would have been accepted.
    """

    def __init__(
        self, name: str, text: str, expected: str, *, message: str | None = None
    ) -> None:
        self.name = name
        self.text = text
        self.expected = expected
        self.message = message or f"{text!r} is not {expected}"
        super().__init__(f"{name}: {self.message}")


class ParameterValueError(ValueError):
    """Parameter overrides that do not fit the policy: `errors` maps each bad
    parameter name to what is wrong with it."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        super().__init__(
            "; ".join(f"{name}: {message}" for name, message in self.errors.items())
        )


@dataclass(frozen=True)
class CsvProblem:
    """One problem in a facts CSV: `row` is the line number in the file (the header
    is line 1) and `column` the column's heading (None for a whole-row problem)."""

    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column is None:
            return f"row {self.row}: {self.message}"
        return f"row {self.row}, column '{self.column}': {self.message}"


class CsvFactsError(ValueError):
    """A facts CSV could not be used; `problems` lists every problem in the file."""

    def __init__(self, problems: Iterable[CsvProblem]) -> None:
        self.problems: list[CsvProblem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class RuleEvaluationError(Exception):
    """A rule failed while evaluating one school (e.g. division by zero, or
    arithmetic on a null the rule let through). This is a bug in the policy: guard
    the rule, e.g. `n > 0 and count / n > 0.25`."""

    def __init__(self, policy: str, rule_id: str, urn: str, message: str) -> None:
        self.policy = policy
        self.rule_id = rule_id
        self.urn = urn
        self.message = message
        school = f" for school {urn}" if urn else ""
        super().__init__(f"policy {policy}: rule '{rule_id}' failed{school}: {message}")
