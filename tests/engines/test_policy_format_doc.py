"""docs/policy-format.md is the contract: these fail when the engine and the doc
disagree."""

from __future__ import annotations

import re
from pathlib import Path

from engines.categorisation import (
    ENTITLEMENT_DEFAULTS,
    FRAMEWORKS,
    OUTCOMES,
    SYSTEM_FACTS,
    WHEN_MISSING,
    evaluate,
)
from engines.categorisation.facts import INDICATOR_SUFFIXES
from engines.categorisation.policy import (
    _CATEGORY_KEYS,
    _ELIGIBILITY_KEYS,
    _FACT_KEYS,
    _FLAG_KEYS,
    _OWN_SCHOOL_KEYS,
    _PARAMETER_KEYS,
    _ROUTE_KEYS,
    _TOP_OPTIONAL,
    _TOP_REQUIRED,
    _TRIGGER_KEYS,
)
from tests.engines.support import AS_OF, QUIET_SCHOOL, oxon

DOC = (Path(__file__).resolve().parents[2] / "docs" / "policy-format.md").read_text()


def table_rows(first_heading: str) -> list[list[str]]:
    lines = DOC.splitlines()
    start = next(
        i for i, line in enumerate(lines) if line.startswith(f"| {first_heading}")
    )
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_keys_table_lists_exactly_the_keys_the_loader_accepts():
    documented = {
        row[0]: (re.findall(r"`(\w+)`", row[1]), re.findall(r"`(\w+)`", row[2]))
        for row in table_rows("where")
    }

    assert documented == {
        "top level": (list(_TOP_REQUIRED), list(_TOP_OPTIONAL)),
        "a parameter": tuple(map(list, _PARAMETER_KEYS)),
        "a fact": tuple(map(list, _FACT_KEYS)),
        "a trigger": tuple(map(list, _TRIGGER_KEYS)),
        "a category": tuple(map(list, _CATEGORY_KEYS)),
        "a flag": tuple(map(list, _FLAG_KEYS)),
        "eligibility": tuple(map(list, _ELIGIBILITY_KEYS)),
        "own_school_good": tuple(map(list, _OWN_SCHOOL_KEYS)),
        "a route": tuple(map(list, _ROUTE_KEYS)),
    }


def test_every_entitlement_key_with_its_default_is_documented():
    for key, default in ENTITLEMENT_DEFAULTS.items():
        if default is None:
            shown = "null"
        elif isinstance(default, bool):
            shown = "true" if default else "false"
        elif default == "":
            shown = '""'
        else:
            shown = str(default)
        assert f"`{key}: {shown}`" in DOC, key


def test_outcomes_when_missing_values_and_frameworks_are_documented():
    for word in (*OUTCOMES, *WHEN_MISSING, *FRAMEWORKS):
        assert f"`{word}`" in DOC, word


def test_every_key_of_the_result_is_in_the_documented_example():
    data = evaluate(oxon(), QUIET_SCHOOL, as_of=AS_OF).to_dict()
    example = DOC[DOC.index("## The result of") :]

    for key in data:
        assert f'"{key}":' in example, key
    for key in data["triggers"][0]:
        assert f'"{key}":' in example, key


def test_the_system_facts_table_matches_the_engines_catalogue():
    indicators = re.findall(
        r"`(\w+)`", DOC[DOC.index("Indicators with facts:") :].split("\n\n")[0]
    )
    documented: dict[str, str] = {}
    for row in table_rows("fact"):
        names = re.findall(r"`([\w<>]+)`", row[0])
        types = [t.strip() for t in row[1].split(",")]
        if len(types) == 1:
            types = types * len(names)
        for name, type_ in zip(names, types, strict=True):
            if name.startswith("<indicator>"):
                suffix = name.removeprefix("<indicator>")
                assert suffix in INDICATOR_SUFFIXES
                documented.update({i + suffix: type_ for i in indicators})
            else:
                documented[name] = type_

    assert documented == SYSTEM_FACTS
