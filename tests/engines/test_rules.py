"""Rules compiled to Python give what rule-engine itself gives: hypothesis writes
random typed rules and values and compares the two."""

from __future__ import annotations

import datetime
import decimal

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from engines.categorisation.rules import (
    AS_OF,
    RuleProblems,
    Symbol,
    compile_rule,
    reference_evaluate,
)

SYMBOLS = {
    "x": Symbol("x", "fact", "float"),
    "y": Symbol("y", "fact", "float"),
    "n": Symbol("n", "fact", "integer"),
    "s": Symbol("s", "fact", "string"),
    "g": Symbol("g", "fact", "string", ("maintained", "academy", "other")),
    "b": Symbol("b", "fact", "boolean"),
    "c": Symbol("c", "fact", "boolean"),
    "d": Symbol("d", "fact", "date"),
    "p": Symbol("p", "parameter", "float"),
    "t": Symbol("t", "trigger", "boolean"),
    "as_of": AS_OF,
}
ALL_KINDS = frozenset({"fact", "parameter", "trigger", "as_of"})


def compiled(text: str, result_type: str = "boolean"):
    return compile_rule(text, SYMBOLS, allowed_kinds=ALL_KINDS, result_type=result_type)


def compiled_or_reject(text: str, result_type: str = "boolean"):
    """A random rule that only numbers make fail (`1 / 0`) fails when it loads."""
    try:
        return compiled(text, result_type)
    except RuleProblems as problems:
        assert all("made only of numbers" in m for m in problems.messages), problems
        reject()


# -- random rules -------------------------------------------------------------

number_literals = st.sampled_from(
    ["0", "1", "2.5", "0.1", "0.2", "0.3", "7", "100", "12.75", "3"]
)
date_literals = st.sampled_from(['d"2018-09-01"', 'd"2010-01-01"', 'd"2020-02-29"'])
string_literals = st.sampled_from(["'a'", "'b'", "'abc'", "''"])


def numbers() -> st.SearchStrategy[str]:
    leaves = st.one_of(
        st.sampled_from(["x", "y", "n", "p", "days_since(d)"]), number_literals
    )

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(
                inner, st.sampled_from(["+", "-", "*", "/", "%", "//"]), inner
            ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            inner.map(lambda a: f"(-{a})"),
            st.tuples(booleans_flat(), inner, inner).map(
                lambda t: f"({t[0]} ? {t[1]} : {t[2]})"
            ),
        )

    return st.recursive(leaves, extend, max_leaves=6)


def booleans_flat() -> st.SearchStrategy[str]:
    return st.sampled_from(["b", "c", "t", "true", "false", "(x > y)", "(s == 'a')"])


def comparisons() -> st.SearchStrategy[str]:
    ops = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])
    return st.one_of(
        st.tuples(numbers(), ops, numbers()).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["s", "'abc'"]), ops, string_literals).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(st.sampled_from(["d", "as_of"]), ops, date_literals).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.sampled_from(
            [
                "(g in ['academy', 'other'])",
                "(g not in ['maintained'])",
                "(s in 'abcdef')",
                "(n in [1, 2, 3])",
                "(x == null)",
                "(y != null)",
                "((x ?? 0) > 1)",
                "(s =~ 'a.*')",
                "(s !~~ 'c')",
            ]
        ),
    )


def rules() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            inner.map(lambda a: f"(not {a})"),
            st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})"),
        )

    return st.recursive(st.one_of(booleans_flat(), comparisons()), extend, max_leaves=5)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
values_strategy = st.fixed_dictionaries(
    {
        "x": st.one_of(finite, st.sampled_from([0.1, 0.2, 0.3, 1.2, 5.3, 4.1, 0.0])),
        "y": st.one_of(finite, st.sampled_from([0.1, 0.2, 0.3, 1.2, 5.3, 4.1, 0.0])),
        "n": st.integers(min_value=-1000, max_value=1000),
        "s": st.text(alphabet="abc", max_size=4),
        "g": st.sampled_from(["maintained", "academy", "other"]),
        "b": st.booleans(),
        "c": st.booleans(),
        "d": st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)),
        "p": st.sampled_from([25.0, 0.5, 1.0, 3.0]),
        "t": st.booleans(),
    }
)
as_of_dates = st.dates(datetime.date(2015, 1, 1), datetime.date(2025, 12, 31))


def outcome(function, *args, **kwargs):
    """("value", v) or ("error", None): rule-engine and Python raise different
    exceptions for the same failure (e.g. division by zero)."""
    try:
        return "value", function(*args, **kwargs)
    except Exception:
        return "error", None


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(rule=rules(), values=values_strategy, as_of=as_of_dates)
def test_compiled_boolean_rules_agree_with_rule_engine(rule, values, as_of):
    compiled_rule = compiled_or_reject(rule)
    values = {**values, "as_of": as_of}

    ours = outcome(compiled_rule.function, values)
    theirs = outcome(reference_evaluate, compiled_rule, values, as_of=as_of)

    assert ours[0] == theirs[0], (rule, values, ours, theirs)
    if ours[0] == "value":
        assert ours[1] is theirs[1], (rule, values, ours, theirs)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expression=numbers(), values=values_strategy, as_of=as_of_dates)
def test_compiled_number_rules_agree_with_rule_engine(expression, values, as_of):
    compiled_rule = compiled_or_reject(expression, result_type="float")
    values = {**values, "as_of": as_of}

    ours = outcome(compiled_rule.function, values)
    theirs = outcome(reference_evaluate, compiled_rule, values, as_of=as_of)

    assert ours[0] == theirs[0], (expression, values, ours, theirs)
    if ours[0] == "value":
        assert isinstance(ours[1], float)
        assert ours[1] == float(theirs[1]), (expression, values, ours, theirs)


# -- what the compiler records and refuses -------------------------------------


def test_the_compiled_rule_records_what_it_reads():
    rule = compiled("b and days_since(d) < p or x == null or (y ?? 1) > 2")

    assert rule.reads == ("b", "d", "as_of", "p", "x", "y")
    assert rule.facts == ("b", "d", "x", "y")
    assert rule.null_checked == frozenset({"x", "y"})
    assert rule.days_since == ("d",)


def test_arithmetic_is_decimal_like_rule_engines():
    rule = compiled("x + y", result_type="float")

    assert rule.function({"x": 0.1, "y": 0.2}) == 0.3
    assert compiled("x + y == 0.3").function({"x": 0.1, "y": 0.2}) is True


def test_an_integer_fact_derived_from_a_fraction_is_an_error():
    rule = compiled("n / 2", result_type="integer")

    assert rule.function({"n": 4}) == 2
    with pytest.raises(ArithmeticError):
        rule.function({"n": 3})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("$today > d", "built-in symbols such as $today are not allowed"),
        ("len(s) > 2", "the only function policy rules may call is days_since(date)"),
        ("s[0] == 'a'", "indexing (x[i]) is not supported in policy rules"),
        ("x > nan", "nan and inf are not allowed in policy rules"),
        (
            "b and x",
            "type error: 'and' needs true/false on both sides, not x (a number)",
        ),
        ("x < null", "type error: < cannot compare with null"),
        ("g in ['academy', 'acadmy']", "'acadmy' is not one of g's choices"),
        ("days_since(s) > 3", "type error: days_since needs a date, not s (text)"),
        (
            "x > 3 and (s + 1) == 'a'",
            "type error: cannot add s (text) and 1 (a number)",
        ),
    ],
)
def test_what_policies_may_not_write_is_refused_with_a_reason(text, message):
    with pytest.raises(RuleProblems) as caught:
        compiled(text)

    assert any(m.startswith(message) for m in caught.value.messages), (
        caught.value.messages
    )


def test_a_rule_may_read_only_the_kinds_of_name_it_is_allowed():
    with pytest.raises(RuleProblems) as caught:
        compile_rule(
            "t and b",
            SYMBOLS,
            allowed_kinds=frozenset({"fact", "parameter", "as_of"}),
            result_type="boolean",
        )

    assert caught.value.messages == [
        "'t' is a trigger; triggers can be read only in category `when` and flag rules"
    ]


def test_a_literal_that_is_not_exactly_a_float_is_kept_decimal():
    rule = compiled("x < 0.1000000000000000000001")

    assert rule.function({"x": 0.1}) is True
    assert "_D(" in rule.source
    assert isinstance(rule.reference.statement.expression.right.value, decimal.Decimal)


def test_a_derived_number_may_be_null():
    assert (
        compiled("b ? x : null", result_type="float").function({"b": False, "x": 1.0})
        is None
    )
    assert (
        compiled("b ? n : null", result_type="integer").function({"b": True, "n": 4})
        == 4
    )
