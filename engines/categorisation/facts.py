"""Fact and parameter value types: checking typed values, reading CSV text, and the
catalogue of facts the system supplies in database mode."""

from __future__ import annotations

import datetime
import decimal
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from .errors import FactValueError

VALUE_TYPES = ("boolean", "integer", "float", "string", "date")

# What each type accepts, in words, for error messages.
EXPECTED = {
    "boolean": "true or false (write true/false, yes/no or 1/0)",
    "integer": "a whole number",
    "float": "a number",
    "string": "text",
    "date": "a date written YYYY-MM-DD, e.g. 2018-09-01",
}

_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

Validator = Callable[[Any], Any]


def describe_choices(choices: Sequence[Any]) -> str:
    return "one of " + ", ".join(repr(choice) for choice in choices)


def parse_text(name: str, type_: str, text: str, choices: Sequence[Any] | None) -> Any:
    """Read a CSV cell as a value of `type_`: "" (or only spaces) is None (missing).

    Raises FactValueError saying what would have been accepted."""
    stripped = text.strip()
    if stripped == "":
        return None
    value: Any
    if type_ == "boolean":
        lowered = stripped.lower()
        if lowered in _TRUE:
            value = True
        elif lowered in _FALSE:
            value = False
        else:
            raise FactValueError(name, text, EXPECTED[type_])
    elif type_ == "integer":
        if not _INTEGER.fullmatch(stripped):
            raise FactValueError(name, text, EXPECTED[type_])
        value = int(stripped)
    elif type_ == "float":
        if not _NUMBER.fullmatch(stripped):
            raise FactValueError(name, text, EXPECTED[type_])
        value = float(stripped)
    elif type_ == "date":
        try:
            if not _DATE.fullmatch(stripped):
                raise ValueError(stripped)
            value = datetime.date.fromisoformat(stripped)
        except ValueError:
            raise FactValueError(name, text, EXPECTED[type_]) from None
    else:
        value = stripped
    if choices is not None and value not in choices:
        raise FactValueError(name, text, describe_choices(choices))
    return value


def _shown(value: Any) -> str:
    return repr(value) if not isinstance(value, str) else value


def make_validator(name: str, type_: str, choices: Sequence[Any] | None) -> Validator:
    """A function that checks a typed (not None) value for this fact and returns it
    normalised (ints and Decimals become floats for float facts, NaN becomes None),
    or raises FactValueError."""
    allowed = frozenset(choices) if choices is not None else None

    def fail(value: Any, expected: str) -> FactValueError:
        return FactValueError(
            name,
            repr(value),
            expected,
            message=f"{value!r} ({type(value).__name__}) is not {expected}",
        )

    def check_choices(value: Any) -> Any:
        if allowed is not None and value not in allowed:
            raise FactValueError(name, _shown(value), describe_choices(choices or ()))
        return value

    if type_ == "boolean":

        def boolean(value: Any) -> Any:
            if value is True or value is False:
                return value
            raise fail(value, "true or false")

        return boolean
    if type_ == "integer":

        def integer(value: Any) -> Any:
            kind = type(value)
            if kind is int:
                return check_choices(value)
            if (
                kind is not bool
                and isinstance(value, (int, float, decimal.Decimal))
                and math.isfinite(value)
                and value == int(value)
            ):
                return check_choices(int(value))
            raise fail(value, EXPECTED["integer"])

        return integer
    if type_ == "float":

        def number(value: Any) -> Any:
            kind = type(value)
            if kind is float:
                if value != value:  # NaN: a missing value in data frames
                    return None
                return value
            if kind is not bool and isinstance(value, (int, float, decimal.Decimal)):
                converted = float(value)
                return None if converted != converted else converted
            raise fail(value, EXPECTED["float"])

        return number
    if type_ == "date":

        def date(value: Any) -> Any:
            if type(value) is datetime.date or (
                isinstance(value, datetime.date)
                and not isinstance(value, datetime.datetime)
            ):
                return value
            raise fail(value, "a date (datetime.date, not a date and time)")

        return date

    def string(value: Any) -> Any:
        if type(value) is str or isinstance(value, str):
            return check_choices(value)
        raise fail(value, EXPECTED["string"])

    return string


# ---------------------------------------------------------------------------
# The facts the system supplies in database mode (docs/policy-format.md). A policy
# that declares one of these as an input must give it the same type.

INDICATORS = (
    "ks2_rwm_expected",
    "ks2_read_progress",
    "ks2_writ_progress",
    "ks2_mat_progress",
    "ks4_att8",
    "ks4_p8",
    "ks4_engmath_4plus",
    "abs_overall_pct",
    "abs_persistent_pct",
    "excl_suspension_rate",
    "excl_permanent_rate",
)
INDICATOR_SUFFIXES = ("", "_england", "_la", "_neighbours", "_prev", "_prev_england")

REPORT_CARD_AREAS = (
    "rc_inclusion",
    "rc_curriculum_and_teaching",
    "rc_achievement",
    "rc_attendance_and_behaviour",
    "rc_personal_development_and_wellbeing",
    "rc_leadership_and_governance",
    "rc_early_years",
    "rc_post_16",
)

SYSTEM_FACTS: dict[str, str] = {
    "governance": "string",
    "phase": "string",
    "pupils": "integer",
    "head_start_date": "date",
    "interim_head": "boolean",
    "ofsted_grade": "string",
    "ofsted_key_judgement_worst": "integer",
    "ofsted_graded_date": "date",
    "ungraded_outcome": "string",
    "section8_concern": "boolean",
    "category_of_concern": "string",
    "rc_inspected": "boolean",
    **dict.fromkeys(REPORT_CARD_AREAS, "string"),
    "rc_safeguarding_met": "boolean",
    "rc_areas_below_expected": "integer",
    "rc_areas_urgent": "integer",
    "rc_date": "date",
    "red_flag_pct": "float",
    "red_flag_count": "integer",
    "leadership_below_good": "boolean",
    "inspection_risk": "boolean",
    "academy_concern": "boolean",
    "causing_concern": "boolean",
    "rise_targeted": "boolean",
    "rise_intervention": "boolean",
    "safeguarding_concern": "boolean",
    "capacity_evidence": "boolean",
    "self_evaluation_concern": "boolean",
    "early_years_at_risk": "boolean",
    **{
        indicator + suffix: "float"
        for indicator in INDICATORS
        for suffix in INDICATOR_SUFFIXES
    },
}

# Facts that come from one inspection framework: an `eif` policy may not read
# report-card facts, a `report_card` policy may not read EIF facts, and a `none`
# policy reads neither (category_of_concern is from either framework).
EIF_FACTS = frozenset(
    {
        "ofsted_grade",
        "ofsted_key_judgement_worst",
        "ofsted_graded_date",
        "ungraded_outcome",
        "section8_concern",
    }
)
REPORT_CARD_FACTS = frozenset(name for name in SYSTEM_FACTS if name.startswith("rc_"))
