"""Rules: checked by rule-engine when a policy loads, then compiled to plain Python.

rule-engine parses every rule with a typed Context, so an unknown name, a type error
or a syntax error stops the policy loading. Evaluating a rule-engine Rule costs about
15 µs, too slow for 22,000 schools × ~25 rules, so each rule's rule-engine AST is
also translated once into a Python expression over a dict of values and compiled.
The translation supports the subset of rule-engine policies need (literals, symbols,
comparisons, and/or/not, arithmetic, ternary, `??`, null, `in`, regex matches and
`days_since`); anything else is a load error. Numbers follow rule-engine's decimal
arithmetic (so 5.3 - 4.1 == 1.2, as a reader expects); tests check with hypothesis
that the compiled function and rule-engine's own evaluation agree.
"""

from __future__ import annotations

import datetime
import decimal
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import rule_engine
from rule_engine import ast as re_ast
from rule_engine import errors as re_errors
from rule_engine.types import DataType

# rule-engine's default decimal context; the compiled rules use the same one, so
# arithmetic gives the same answers whichever thread runs it.
DECIMAL_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)

RESERVED_NAMES = frozenset(
    {
        "as_of",
        "days_since",
        "true",
        "false",
        "null",
        "and",
        "or",
        "not",
        "in",
        "for",
        "if",
        "inf",
        "nan",
        "elif",
        "else",
        "while",
    }
)

# Our value types as rule-engine sees them.
_RE_TYPES = {
    "boolean": DataType.BOOLEAN,
    "integer": DataType.FLOAT,
    "float": DataType.FLOAT,
    "string": DataType.STRING,
    "date": DataType.DATETIME,
    "unknown": DataType.UNDEFINED,  # declared with a bad type (reported elsewhere)
}
# Our value types as the checker sees them: integers and floats are both numbers.
_STATIC = {
    "boolean": "boolean",
    "integer": "number",
    "float": "number",
    "string": "string",
    "date": "date",
    "unknown": "unknown",
}
_WORDS = {
    "boolean": "true/false",
    "number": "a number",
    "string": "text",
    "date": "a date",
    "timedelta": "a duration",
    "null": "null",
    "array": "a list",
}

DAYS_SINCE_TYPE = DataType.FUNCTION(
    "days_since",
    return_type=DataType.FLOAT,
    argument_types=(DataType.DATETIME,),
    minimum_arguments=1,
)


@dataclass(frozen=True)
class Symbol:
    """A name a rule may read: a fact, a parameter, a trigger or `as_of`."""

    name: str
    kind: str  # "fact" | "parameter" | "trigger" | "as_of"
    type: str  # one of facts.VALUE_TYPES
    choices: tuple[Any, ...] | None = None


AS_OF = Symbol("as_of", "as_of", "date")


class RuleProblems(Exception):
    """The rule did not check; `messages` says why (one or more)."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


@dataclass
class CompiledRule:
    """A checked rule and its compiled form.

    `function(values)` evaluates the rule over a dict holding every symbol it reads.
    `reads` lists the symbols the rule reads (first appearance first); `facts` the
    facts among them; `null_checked` the facts the rule itself tests against null
    (`x == null`, `x != null`, `x ?? y`), which may therefore be missing when it runs;
    `days_since` the facts passed to days_since().
    """

    text: str
    source: str
    function: Callable[[Mapping[str, Any]], Any]
    reads: tuple[str, ...]
    facts: tuple[str, ...]
    null_checked: frozenset[str]
    days_since: tuple[str, ...]
    result_type: str
    reference: rule_engine.Rule = field(repr=False)


def _to_decimal(value: Any) -> decimal.Decimal:
    # rule-engine turns floats into Decimals through repr(); do the same.
    if type(value) is float:
        return decimal.Decimal(repr(value))
    if isinstance(value, decimal.Decimal):
        return value
    if type(value) is int:
        return decimal.Decimal(value)
    raise TypeError(f"{value!r} is not a number")


def _to_int(value: Any) -> int | None:
    if value is None:  # e.g. `c ? n : null`
        return None
    whole = int(value)
    if whole != value:
        raise ArithmeticError(f"{value} is not a whole number")
    return whole


def _to_float(value: Any) -> float | None:
    return None if value is None else float(value)


_RUNTIME = {
    "_D": _to_decimal,
    "_CTX": DECIMAL_CONTEXT,
    "_int": _to_int,
    "_float": _to_float,
}


@dataclass
class _Expr:
    code: str
    type: str  # boolean | number | string | date | timedelta | null | array | unknown
    decimal: bool = False  # a number held as a Decimal (an arithmetic result)
    literal: Any = None
    is_literal: bool = False
    element_type: str = ""  # for arrays
    symbol: Symbol | None = None


_NO_EXPR = _Expr("None", "unknown")


class _Compiler:
    """Walks a rule-engine AST: checks it (types, names, choices, what is allowed)
    and writes the equivalent Python expression."""

    def __init__(
        self, symbols: Mapping[str, Symbol], allowed_kinds: frozenset[str]
    ) -> None:
        self.symbols = symbols
        self.allowed_kinds = allowed_kinds
        self.problems: list[str] = []
        self.reads: dict[str, None] = {}
        self.null_checked: set[str] = set()
        self.days_since: dict[str, None] = {}
        self.constants: dict[str, Any] = {}
        self.temporaries = 0

    # -- helpers --------------------------------------------------------------
    def problem(self, message: str) -> _Expr:
        if message not in self.problems:
            self.problems.append(message)
        return _NO_EXPR

    def constant(self, value: Any) -> str:
        for name, existing in self.constants.items():
            if type(existing) is type(value) and existing == value:
                return name
        name = f"_k{len(self.constants)}"
        self.constants[name] = value
        return name

    def describe(self, expr: _Expr) -> str:
        if expr.symbol is not None:
            return f"{expr.symbol.name} ({_WORDS.get(expr.type, expr.type)})"
        if expr.is_literal:
            return f"{_literal_text(expr.literal)} ({_WORDS.get(expr.type, expr.type)})"
        return _WORDS.get(expr.type, expr.type)

    @staticmethod
    def as_decimal(expr: _Expr) -> str:
        return expr.code if expr.decimal else f"_D({expr.code})"

    def numbers(self, left: _Expr, right: _Expr) -> tuple[str, str]:
        # Compare floats as floats (the same order as rule-engine's Decimals made
        # through repr); once either side is a Decimal, make both Decimals.
        if left.decimal or right.decimal:
            return self.as_decimal(left), self.as_decimal(right)
        return left.code, right.code

    def check_choice(self, symbol_expr: _Expr, literal: _Expr) -> None:
        symbol = symbol_expr.symbol
        if (
            symbol is not None
            and symbol.choices is not None
            and literal.is_literal
            and literal.type == _STATIC[symbol.type]
            and literal.literal not in symbol.choices
        ):
            self.problem(
                f"{_literal_text(literal.literal)} is not one of {symbol.name}'s "
                f"choices: {', '.join(_literal_text(c) for c in symbol.choices)}"
            )

    # -- the walk -------------------------------------------------------------
    def visit(self, node: Any) -> _Expr:
        if isinstance(node, re_ast.Statement):
            return self.visit(node.expression)
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            return self.problem(
                f"{_NODE_WORDS.get(type(node).__name__, type(node).__name__)} "
                "is not supported in policy rules"
            )
        result: _Expr = method(node)
        return result

    def visit_BooleanExpression(self, node: Any) -> _Expr:
        return _Expr(
            repr(bool(node.value)), "boolean", literal=node.value, is_literal=True
        )

    def visit_StringExpression(self, node: Any) -> _Expr:
        return _Expr(repr(node.value), "string", literal=node.value, is_literal=True)

    def visit_NullExpression(self, node: Any) -> _Expr:
        return _Expr("None", "null", literal=None, is_literal=True)

    def visit_FloatExpression(self, node: Any) -> _Expr:
        value: decimal.Decimal = node.value
        if not value.is_finite():
            return self.problem("nan and inf are not allowed in policy rules")
        as_float = float(value)
        if decimal.Decimal(repr(as_float)) == value:
            number: Any = as_float
            if value == value.to_integral_value() and abs(value) < 2**53:
                number = int(value)
            return _Expr(repr(number), "number", literal=number, is_literal=True)
        return _Expr(
            self.constant(value), "number", decimal=True, literal=value, is_literal=True
        )

    def visit_DatetimeExpression(self, node: Any) -> _Expr:
        value: datetime.datetime = node.value
        if value.timetz().replace(tzinfo=None) != datetime.time(0):
            return self.problem(
                f'use a date without a time, e.g. d"{value.date().isoformat()}"'
            )
        day = value.date()
        return _Expr(self.constant(day), "date", literal=day, is_literal=True)

    def visit_TimedeltaExpression(self, node: Any) -> _Expr:
        value = node.value
        return _Expr(self.constant(value), "timedelta", literal=value, is_literal=True)

    def visit_ArrayExpression(self, node: Any) -> _Expr:
        return self.collection(node, tuple)

    def visit_SetExpression(self, node: Any) -> _Expr:
        return self.collection(node, frozenset)

    def collection(self, node: Any, kind: Callable[[Any], Any]) -> _Expr:
        members = [self.visit(member) for member in node.value]
        if not all(member.is_literal for member in members):
            return self.problem("a list in a rule may hold only literal values")
        types = {member.type for member in members}
        if len(types) > 1:
            return self.problem("a list in a rule must hold values of one type")
        element_type = types.pop() if types else "unknown"
        value = kind(
            _to_decimal(m.literal) if m.type == "number" and m.decimal else m.literal
            for m in members
        )
        return _Expr(
            self.constant(value),
            "array",
            literal=value,
            is_literal=True,
            element_type=element_type,
        )

    def visit_SymbolExpression(self, node: Any) -> _Expr:
        name: str = node.name
        if node.scope is not None:
            return self.problem(
                f"built-in symbols such as ${name} are not allowed in policy rules"
                " (use as_of for the date of the run)"
            )
        if name == "days_since":
            return self.problem("days_since must be called: days_since(some_date)")
        symbol = self.symbols.get(name)
        if symbol is None:
            candidates = [
                s.name for s in self.symbols.values() if s.kind in self.allowed_kinds
            ]
            close = difflib.get_close_matches(name, candidates, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return self.problem(f"unknown name '{name}'{hint}")
        if symbol.kind not in self.allowed_kinds:
            return self.problem(
                f"'{name}' is a trigger; triggers can be read only in category "
                "`when` and flag rules"
            )
        self.reads.setdefault(name, None)
        return _Expr(f"v[{name!r}]", _STATIC[symbol.type], symbol=symbol)

    def visit_FunctionCallExpression(self, node: Any) -> _Expr:
        function = node.function
        if not (
            isinstance(function, re_ast.SymbolExpression)
            and function.scope is None
            and function.name == "days_since"
        ):
            return self.problem(
                "the only function policy rules may call is days_since(date)"
            )
        if len(node.arguments) != 1:
            return self.problem("days_since takes one date: days_since(some_date)")
        argument = self.visit(node.arguments[0])
        if argument.type not in ("date", "unknown"):
            return self.problem(
                f"type error: days_since needs a date, not {self.describe(argument)}"
            )
        if argument.symbol is not None and argument.symbol.kind == "fact":
            self.days_since.setdefault(argument.symbol.name, None)
        self.reads.setdefault("as_of", None)
        return _Expr(f"(v['as_of'] - {argument.code}).days", "number")

    def visit_ComparisonExpression(self, node: Any) -> _Expr:
        left, right = self.visit(node.left), self.visit(node.right)
        op = {"eq": "==", "ne": "!="}[node.type]
        if "unknown" in (left.type, right.type):
            return _Expr("None", "boolean")
        if left.type == "null" or right.type == "null":
            other = right if left.type == "null" else left
            if other.symbol is not None and other.symbol.kind == "fact":
                self.null_checked.add(other.symbol.name)
            test = "is" if op == "==" else "is not"
            return _Expr(f"({other.code} {test} None)", "boolean")
        if left.type != right.type:
            return self.problem(
                f"type error: cannot compare {self.describe(left)} with "
                f"{self.describe(right)}"
            )
        self.check_choice(left, right)
        self.check_choice(right, left)
        if left.type == "number":
            a, b = self.numbers(left, right)
        else:
            a, b = left.code, right.code
        return _Expr(f"({a} {op} {b})", "boolean")

    def visit_ArithmeticComparisonExpression(self, node: Any) -> _Expr:
        left, right = self.visit(node.left), self.visit(node.right)
        op = {"lt": "<", "le": "<=", "gt": ">", "ge": ">="}[node.type]
        if "unknown" in (left.type, right.type):
            return _Expr("None", "boolean")
        if "null" in (left.type, right.type):
            return self.problem(
                f"type error: {op} cannot compare with null; test missing values "
                "with == null or != null"
            )
        if left.type != right.type or left.type not in (
            "number",
            "string",
            "date",
            "timedelta",
        ):
            return self.problem(
                f"type error: cannot compare {self.describe(left)} {op} "
                f"{self.describe(right)}"
            )
        if left.type == "number":
            a, b = self.numbers(left, right)
        else:
            a, b = left.code, right.code
        return _Expr(f"({a} {op} {b})", "boolean")

    def visit_FuzzyComparisonExpression(self, node: Any) -> _Expr:
        left, right = self.visit(node.left), self.visit(node.right)
        if "unknown" in (left.type, right.type):
            return _Expr("None", "boolean")
        if left.type != "string" or not (right.is_literal and right.type == "string"):
            return self.problem(
                "a regular expression match needs text on the left and a quoted "
                "pattern on the right"
            )
        try:
            pattern = re.compile(right.literal)
        except re.error as error:
            return self.problem(f"invalid regular expression: {error}")
        name = self.constant(pattern)
        how = "match" if node.type.endswith("fzm") else "search"
        if node.type.startswith("eq"):
            code = (
                f"({left.code} is not None and {name}.{how}({left.code}) is not None)"
            )
        else:
            code = f"({left.code} is None or {name}.{how}({left.code}) is None)"
        return _Expr(code, "boolean")

    def visit_LogicExpression(self, node: Any) -> _Expr:
        left, right = self.visit(node.left), self.visit(node.right)
        word = node.type
        for side in (left, right):
            if side.type not in ("boolean", "unknown"):
                self.problem(
                    f"type error: '{word}' needs true/false on both sides, "
                    f"not {self.describe(side)}"
                )
        return _Expr(f"({left.code} {word} {right.code})", "boolean")

    def visit_UnaryExpression(self, node: Any) -> _Expr:
        right = self.visit(node.right)
        if node.type == "not":
            if right.type not in ("boolean", "unknown"):
                return self.problem(
                    f"type error: 'not' needs true/false, not {self.describe(right)}"
                )
            return _Expr(f"(not {right.code})", "boolean")
        if right.type not in ("number", "timedelta", "unknown"):
            return self.problem(f"type error: cannot negate {self.describe(right)}")
        return _Expr(f"(-{right.code})", right.type, decimal=right.decimal)

    def visit_AddExpression(self, node: Any) -> _Expr:
        left, right = self.visit(node.left), self.visit(node.right)
        if "unknown" in (left.type, right.type):
            return _NO_EXPR
        pair = (left.type, right.type)
        if pair == ("number", "number"):
            a, b = self.as_decimal(left), self.as_decimal(right)
            return _Expr(f"_CTX.add({a}, {b})", "number", decimal=True)
        if pair in (("string", "string"), ("timedelta", "timedelta")):
            return _Expr(f"({left.code} + {right.code})", left.type)
        if pair in (("date", "timedelta"), ("timedelta", "date")):
            return _Expr(f"({left.code} + {right.code})", "date")
        return self.problem(
            f"type error: cannot add {self.describe(left)} and {self.describe(right)}"
        )

    def visit_SubtractExpression(self, node: Any) -> _Expr:
        left, right = self.visit(node.left), self.visit(node.right)
        if "unknown" in (left.type, right.type):
            return _NO_EXPR
        pair = (left.type, right.type)
        if pair == ("number", "number"):
            a, b = self.as_decimal(left), self.as_decimal(right)
            return _Expr(f"_CTX.subtract({a}, {b})", "number", decimal=True)
        result = {
            ("date", "date"): "timedelta",
            ("date", "timedelta"): "date",
            ("timedelta", "timedelta"): "timedelta",
        }.get(pair)
        if result is None:
            return self.problem(
                f"type error: cannot subtract {self.describe(right)} from "
                f"{self.describe(left)}"
            )
        return _Expr(f"({left.code} - {right.code})", result)

    def visit_ArithmeticExpression(self, node: Any) -> _Expr:
        left, right = self.visit(node.left), self.visit(node.right)
        if "unknown" in (left.type, right.type):
            return _NO_EXPR
        function = {
            "mul": "multiply",
            "tdiv": "divide",
            "fdiv": "divide_int",
            "mod": "remainder",
            "pow": "power",
        }[node.type]
        if left.type != "number" or right.type != "number":
            return self.problem(
                f"type error: arithmetic needs numbers, not {self.describe(left)} "
                f"and {self.describe(right)}"
            )
        a, b = self.as_decimal(left), self.as_decimal(right)
        return _Expr(f"_CTX.{function}({a}, {b})", "number", decimal=True)

    def visit_TernaryExpression(self, node: Any) -> _Expr:
        condition = self.visit(node.condition)
        when_true, when_false = self.visit(node.case_true), self.visit(node.case_false)
        if condition.type not in ("boolean", "unknown"):
            self.problem(
                f"type error: the condition before '?' must be true/false, not "
                f"{self.describe(condition)}"
            )
        types = {when_true.type, when_false.type} - {"null"}
        if "unknown" in types:
            return _NO_EXPR
        if len(types) > 1:
            return self.problem(
                f"type error: both sides of ':' must be of one type, not "
                f"{self.describe(when_true)} and {self.describe(when_false)}"
            )
        result_type = types.pop() if types else "null"
        a, b = when_true.code, when_false.code
        as_decimal = result_type == "number" and (
            when_true.decimal or when_false.decimal
        )
        if as_decimal:
            a = self.as_decimal(when_true) if when_true.type == "number" else a
            b = self.as_decimal(when_false) if when_false.type == "number" else b
        return _Expr(
            f"({a} if {condition.code} else {b})", result_type, decimal=as_decimal
        )

    def visit_CoalesceExpression(self, node: Any) -> _Expr:
        left, right = self.visit(node.left), self.visit(node.right)
        if "unknown" in (left.type, right.type):
            return _NO_EXPR
        if left.symbol is not None and left.symbol.kind == "fact":
            self.null_checked.add(left.symbol.name)
        types = {left.type, right.type} - {"null"}
        if len(types) > 1:
            return self.problem(
                f"type error: both sides of '??' must be of one type, not "
                f"{self.describe(left)} and {self.describe(right)}"
            )
        result_type = types.pop() if types else "null"
        a, b = left.code, right.code
        as_decimal = result_type == "number" and (left.decimal or right.decimal)
        if as_decimal:
            a = self.as_decimal(left) if left.type == "number" else a
            b = self.as_decimal(right) if right.type == "number" else b
        temporary = f"_t{self.temporaries}"
        self.temporaries += 1
        return _Expr(
            f"({temporary} if ({temporary} := {a}) is not None else {b})",
            result_type,
            decimal=as_decimal,
        )

    def visit_ContainsExpression(self, node: Any) -> _Expr:
        container, member = self.visit(node.container), self.visit(node.member)
        if "unknown" in (container.type, member.type):
            return _Expr("None", "boolean")
        if container.type == "string":
            if member.type != "string":
                return self.problem(
                    f"type error: cannot look for {self.describe(member)} in text"
                )
            return _Expr(f"({member.code} in {container.code})", "boolean")
        if container.type != "array":
            return self.problem(
                f"type error: 'in' needs a list or text on its right, not "
                f"{self.describe(container)}"
            )
        if container.element_type not in (member.type, "unknown"):
            return self.problem(
                f"type error: cannot look for {self.describe(member)} in a list of "
                f"{_WORDS.get(container.element_type, container.element_type)}"
            )
        symbol = member.symbol
        if symbol is not None and symbol.choices is not None:
            for value in container.literal:
                if value not in symbol.choices:
                    self.problem(
                        f"{_literal_text(value)} is not one of {symbol.name}'s "
                        f"choices: {', '.join(_literal_text(c) for c in symbol.choices)}"
                    )
        code = member.code
        if member.decimal:
            code = self.as_decimal(member)
        return _Expr(f"({code} in {container.code})", "boolean")


_NODE_WORDS = {
    "BitwiseExpression": "bitwise arithmetic",
    "BitwiseShiftExpression": "bitwise arithmetic",
    "GetAttributeExpression": "attribute access (x.y)",
    "GetItemExpression": "indexing (x[i])",
    "GetSliceExpression": "slicing (x[i:j])",
    "ComprehensionExpression": "a list comprehension",
    "MappingExpression": "a mapping literal",
    "BytesExpression": "a bytes literal",
}


def _literal_text(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, datetime.date):
        return f'd"{value.isoformat()}"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _engine_message(error: Exception) -> str:
    """rule-engine's error, in words a policy author can act on."""
    if isinstance(error, re_errors.RuleSyntaxError):
        token = getattr(error, "token", None)
        if token is None:
            return (
                "syntax error: the rule ends too soon (something is missing at the end)"
            )
        return f"syntax error near {str(token.value)!r} (character {token.lexpos + 1})"
    if isinstance(error, re_errors.SymbolResolutionError):
        hint = f" (did you mean '{error.suggestion}'?)" if error.suggestion else ""
        return f"unknown name '{error.symbol_name}'{hint}"
    if isinstance(error, re_errors.ArithmeticError):
        return f"{error.message} in a part of the rule made only of numbers"
    if isinstance(error, re_errors.FunctionCallError):
        name = error.function_name or "a function"
        return f"type error in {name}: {error.message}"
    if isinstance(error, re_errors.SyntaxError):
        return f"syntax error: {error.message}"
    if isinstance(error, re_errors.EngineError):
        return f"type error: {error.message}"
    return str(error)


def engine_context(symbols: Mapping[str, Symbol] | None) -> rule_engine.Context:
    """A rule-engine Context; typed when `symbols` is given (untyped otherwise)."""
    if symbols is None:
        return rule_engine.Context(
            default_timezone="utc", decimal_context=DECIMAL_CONTEXT
        )
    types: dict[str, Any] = {
        name: _RE_TYPES[symbol.type] for name, symbol in symbols.items()
    }
    types["days_since"] = DAYS_SINCE_TYPE
    return rule_engine.Context(
        type_resolver=rule_engine.type_resolver_from_dict(types),
        default_timezone="utc",
        decimal_context=DECIMAL_CONTEXT,
    )


def compile_rule(
    text: str,
    symbols: Mapping[str, Symbol],
    *,
    allowed_kinds: frozenset[str],
    result_type: str,
) -> CompiledRule:
    """Check `text` with rule-engine (typed) and compile it.

    `symbols` holds every name a rule in the policy may read; `allowed_kinds` the
    kinds of symbol this rule may read; `result_type` the type the rule must give
    (a facts.VALUE_TYPES name). Raises RuleProblems listing what is wrong."""
    reference: rule_engine.Rule | None = None
    engine_error: Exception | None = None
    try:
        reference = rule_engine.Rule(text, context=engine_context(symbols))
        statement = reference.statement
    except re_errors.EngineError as error:
        engine_error = error
        if isinstance(error, re_errors.SyntaxError):
            raise RuleProblems([_engine_message(error)]) from None
        # Find out more than rule-engine's first complaint: walk an untyped parse.
        try:
            statement = rule_engine.Rule(text, context=engine_context(None)).statement
        except re_errors.EngineError:
            raise RuleProblems([_engine_message(error)]) from None

    compiler = _Compiler(symbols, allowed_kinds)
    expr = compiler.visit(statement)
    problems = list(compiler.problems)
    if engine_error is not None and not problems:
        problems.append(_engine_message(engine_error))
    if not problems:
        wanted = _STATIC[result_type]
        if expr.type != wanted and not (expr.type == "null" and wanted != "boolean"):
            word = "true or false" if wanted == "boolean" else _WORDS[wanted]
            problems.append(
                f"type error: the rule must give {word}, but it gives "
                f"{_WORDS.get(expr.type, expr.type)}"
            )
    if problems:
        raise RuleProblems(problems)
    assert reference is not None

    code = expr.code
    if result_type == "float" and expr.type == "number":
        code = f"_float({code})"
    elif result_type == "integer" and expr.type == "number":
        code = f"_int({code})"
    source = f"def rule(v):\n    return {code}\n"
    namespace: dict[str, Any] = {**_RUNTIME, **compiler.constants}
    exec(compile(source, f"<rule {text!r}>", "exec"), namespace)  # noqa: S102 - our own generated code
    reads = tuple(compiler.reads)
    return CompiledRule(
        text=text,
        source=source,
        function=namespace["rule"],
        reads=reads,
        facts=tuple(name for name in reads if symbols[name].kind == "fact"),
        null_checked=frozenset(compiler.null_checked),
        days_since=tuple(compiler.days_since),
        result_type=result_type,
        reference=reference,
    )


def reference_evaluate(
    rule: CompiledRule, values: Mapping[str, Any], *, as_of: datetime.date
) -> Any:
    """Evaluate `rule` with rule-engine itself (slow; for tests and debugging).

    Returns rule-engine's value: Decimals for numbers, datetimes for dates."""
    as_of_moment = datetime.datetime(
        as_of.year, as_of.month, as_of.day, tzinfo=datetime.UTC
    )

    def days_since(moment: datetime.datetime) -> int:
        return (as_of_moment - moment).days

    thing = {name: values.get(name) for name in rule.reads}
    thing["as_of"] = as_of
    thing["days_since"] = days_since
    return rule.reference.evaluate(thing)
