"""Checks over every shipped policy: each loads, is named after its file, explains
every parameter and every `when_missing`, declares the facts the system supplies with
the types docs/policy-format.md gives, reads one inspection framework, uses what it
declares, and is documented in docs/policies.md. Also: a changed threshold in a
scratch copy changes results (the policy tests read the file's numbers), and the
`fire` mode, which no shipped trigger uses, works for an LA that chooses it. Pure."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from engines.categorisation import PolicyError, evaluate, evaluate_csv, load_policy

REPO = Path(__file__).resolve().parents[2]
POLICY_DIR = REPO / "policies"
FORMAT_DOC = (REPO / "docs" / "policy-format.md").read_text()
POLICIES_DOC_PATH = REPO / "docs" / "policies.md"
SHIPPED = {
    "oxfordshire-2018-19": "eif",
    "oldham-2017": "eif",
    "report-cards-2025": "report_card",
}
EIF_ONLY = {
    "ofsted_grade",
    "ofsted_key_judgement_worst",
    "ofsted_graded_date",
    "ungraded_outcome",
    "section8_concern",
}


def load(name: str):
    return load_policy(POLICY_DIR / f"{name}.yaml")


def documented_system_facts() -> dict[str, str]:
    """The table "Facts the system supplies" of docs/policy-format.md, as name -> type,
    with the <indicator> rows expanded over the indicators it lists."""
    section = FORMAT_DOC.split("## Facts the system supplies", 1)[1]
    indicators = re.findall(
        r"`([a-z0-9_]+)`", section.split("Indicators with facts:", 1)[1]
    )
    assert "ks2_rwm_expected" in indicators and "excl_permanent_rate" in indicators
    facts: dict[str, str] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        names = re.findall(r"`([^`]+)`", cells[0])
        types = [t.strip() for t in cells[1].split(",")]
        if len(types) == 1:
            types = types * len(names)
        assert len(types) == len(names), line
        for name, type_ in zip(names, types, strict=True):
            if "<indicator>" in name:
                for indicator in indicators:
                    facts[name.replace("<indicator>", indicator)] = type_
            else:
                facts[name] = type_
    return facts


SYSTEM_FACTS = documented_system_facts()


def test_the_documented_table_was_read():
    assert SYSTEM_FACTS["governance"] == "string"
    assert SYSTEM_FACTS["red_flag_count"] == "integer"
    assert SYSTEM_FACTS["rc_post_16"] == "string"
    assert SYSTEM_FACTS["abs_overall_pct_prev_england"] == "float"
    assert SYSTEM_FACTS["head_start_date"] == "date"


def test_the_three_policies_ship():
    assert {p.stem for p in POLICY_DIR.glob("*.yaml")} >= set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_it_loads_and_is_named_after_its_file(name):
    policy = load(name)
    assert policy.name == name
    assert isinstance(policy.version, int) and policy.version >= 1
    assert policy.framework == SHIPPED[name]
    assert policy.title and policy.source and policy.description


@pytest.mark.parametrize("name", SHIPPED)
def test_every_parameter_has_a_label_and_a_reading(name):
    policy = load(name)
    assert policy.parameters
    for parameter in policy.parameters.values():
        assert parameter.label.strip(), parameter.name
        assert len(parameter.reading.split()) >= 8, parameter.name


@pytest.mark.parametrize("name", SHIPPED)
def test_every_trigger_and_flag_says_why_it_handles_missing_facts_so(name):
    policy = load(name)
    for item in [*policy.triggers.values(), *policy.flags.values()]:
        assert item.label.strip(), item.id
        assert item.reading.strip(), (
            f"{item.id}: say why when_missing is {item.when_missing}"
        )
        assert item.when_missing in ("fire", "ignore", "review")


@pytest.mark.parametrize("name", SHIPPED)
def test_every_fact_and_category_has_a_label(name):
    policy = load(name)
    for fact in policy.facts.values():
        assert fact.label.strip(), fact.name
    for category in policy.categories:
        assert category.label.strip(), category.id


@pytest.mark.parametrize("name", SHIPPED)
def test_the_facts_the_system_supplies_have_the_documented_type(name):
    policy = load(name)
    supplied = [fact for fact in policy.facts.values() if fact.name in SYSTEM_FACTS]
    assert supplied
    for fact in supplied:
        assert fact.type == SYSTEM_FACTS[fact.name], fact.name
        assert not fact.derived, f"{fact.name} is supplied by the system: not derive it"


@pytest.mark.parametrize("name", SHIPPED)
def test_it_reads_one_inspection_framework(name):
    policy = load(name)
    report_card = {f for f in policy.facts if f.startswith("rc_")}
    eif = set(policy.facts) & EIF_ONLY
    if policy.framework == "eif":
        assert not report_card and eif
    else:
        assert report_card and not eif


@pytest.mark.parametrize("name", SHIPPED)
def test_the_last_category_always_matches(name):
    assert load(name).categories[-1].when.strip() == "true"


@pytest.mark.parametrize("name", SHIPPED)
def test_everything_declared_is_used(name):
    policy = load(name)
    rules = [
        *(f.compiled for f in policy.facts.values() if f.compiled is not None),
        *(t.compiled for t in policy.triggers.values()),
        *(c.compiled for c in policy.categories),
        *(f.compiled for f in policy.flags.values()),
        *(r.compiled for r in policy.eligibility.routes),
    ]
    read = {symbol for rule in rules for symbol in rule.reads}
    assert set(policy.parameters) <= read, set(policy.parameters) - read
    assert set(policy.facts) <= read, set(policy.facts) - read
    by_categories = {
        s for c in policy.categories for s in c.compiled.reads if s in policy.triggers
    }
    assert set(policy.triggers) == by_categories


@pytest.mark.parametrize("name", SHIPPED)
def test_entitlements_are_coherent(name):
    for category in load(name).categories:
        entitlement = category.entitlement
        if entitlement["visits_is_cap"]:
            assert entitlement["visits"] > 0, category.id
        assert entitlement["target"].strip(), category.id


# ---- docs/policies.md ---------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_docs_describe_every_category_trigger_flag_and_parameter(name):
    doc = POLICIES_DOC_PATH.read_text()
    policy = load(name)
    section = doc.split(f"`{name}`", 1)[1]
    names = [
        *(c.id for c in policy.categories),
        *policy.triggers,
        *policy.flags,
        *policy.parameters,
    ]
    for item in names:
        assert f"`{item}`" in section, (
            f"document `{item}` of {name} in docs/policies.md"
        )
    for parameter in policy.parameters.values():
        default = parameter.default
        if isinstance(default, bool):
            shown = "true" if default else "false"
        elif isinstance(default, float) and default == int(default):
            shown = str(int(default))
        else:
            shown = str(default)
        row = f"| `{parameter.name}` | {shown} |"
        assert row in section, f"docs/policies.md should show {row}"


def test_docs_link_to_the_format_and_show_the_commands():
    doc = POLICIES_DOC_PATH.read_text()
    assert "(policy-format.md)" in doc
    assert "manage.py categorise --policy" in doc and "--facts" in doc
    assert "--dry-run" in doc


def test_the_csv_example_in_the_docs_is_categorised_as_the_docs_say():
    doc = POLICIES_DOC_PATH.read_text()
    csv_text = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    results = evaluate_csv(
        load("oxfordshire-2018-19"), csv_text, as_of=datetime.date(2018, 9, 1)
    )
    assert len(results) == 5
    for result in results:
        flags = ", ".join(result.flags) or "-"
        review = "yes" if result.needs_review else "no"
        row = f"| {result.urn} | {result.category} | {flags} | {review} |"
        assert row in doc, f"docs/policies.md should say {row}"
    output = doc.split("```json\n", 1)[1].split("```", 1)[0]
    first = results[0].to_dict()
    assert f'"urn": "{first["urn"]}"' in output
    assert f'"category": "{first["category"]}"' in output
    for key, value in first["entitlements"].items():
        shown = (
            "null"
            if value is None
            else str(value).lower()
            if isinstance(value, bool)
            else value
        )
        assert f'"{key}": ' in output and str(shown) in output, key


def test_the_load_error_in_the_docs_is_the_one_the_loader_gives():
    doc = POLICIES_DOC_PATH.read_text()
    text = (POLICY_DIR / "oxfordshire-2018-19.yaml").read_text()
    broken = text.replace(
        'rule: "red_flag_pct >= red_flag_significant_pct"',
        'rule: "red_flags_pct >= red_flag_significant_pct"',
    )
    assert broken != text
    with pytest.raises(PolicyError) as error:
        load_policy(broken, file_name="oxfordshire-2018-19.yaml")
    message = str(error.value)
    assert re.fullmatch(
        r"oxfordshire-2018-19\.yaml:\d+: rule 'red_flags': unknown name "
        r"'red_flags_pct' \(did you mean 'red_flag_pct'\?\)",
        message,
    )
    shown = re.sub(r":\d+:", ":LINE:", message)
    assert shown in re.sub(r":\d+:", ":LINE:", doc)


# ---- scratch copies ------------------------------------------------------------------------

PRIMARY_AT_25 = {
    "governance": "maintained",
    "ofsted_grade": "Good",
    "red_flag_pct": 25.0,
    "attainment_concern": False,
    "progress_concern": False,
    "attendance_concern": False,
    "leadership_below_good": False,
    "inspection_risk": False,
    "causing_concern": False,
    "low_attainment_2y": False,
    "low_progress_2y": False,
    "section8_risk": False,
    "interim_head": False,
}


def scratch(name: str, old: str, new: str):
    text = (POLICY_DIR / f"{name}.yaml").read_text()
    assert text.count(old) == 1, old
    return load_policy(text.replace(old, new), file_name=f"{name}.yaml")


def test_a_changed_threshold_in_the_file_changes_the_result():
    as_of = datetime.date(2018, 9, 1)
    shipped = evaluate(load("oxfordshire-2018-19"), PRIMARY_AT_25, as_of=as_of)
    assert shipped.category == "TGO"
    copy = scratch(
        "oxfordshire-2018-19",
        "  red_flag_significant_pct:\n    type: float\n    default: 25\n",
        "  red_flag_significant_pct:\n    type: float\n    default: 30\n",
    )
    changed = evaluate(copy, PRIMARY_AT_25, as_of=as_of)
    assert changed.category == "GO"
    assert changed.sha256 != shipped.sha256  # a run records which file it used


def test_an_la_may_choose_fire_for_the_cautious_reading():
    as_of = datetime.date(2018, 9, 1)
    facts = {k: v for k, v in PRIMARY_AT_25.items() if k != "red_flag_pct"}
    shipped = evaluate(load("oxfordshire-2018-19"), facts, as_of=as_of).to_dict()
    assert shipped["category"] == "GO" and shipped["needs_review"] is True
    copy = scratch(
        "oxfordshire-2018-19",
        '    rule: "red_flag_pct >= red_flag_significant_pct"\n    when_missing: review\n',
        '    rule: "red_flag_pct >= red_flag_significant_pct"\n    when_missing: fire\n',
    )
    result = evaluate(copy, facts, as_of=as_of).to_dict()
    red_flags = next(t for t in result["triggers"] if t["id"] == "red_flags")
    assert red_flags["outcome"] == "missing_fired" and red_flags["fired"] is True
    assert result["category"] == "TGO"
    assert result["needs_review"] is False
