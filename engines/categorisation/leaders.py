"""Who may act as a System Leader under a policy: the facts an eligibility rule reads
about a person, and seed 001's routes, which a policy without an `eligibility`
section uses (docs/policy-format.md).

A policy's eligibility has two parts. `own_school_good` says how the policy reads "a
good or outstanding school" for a leader's own school: a rule over the policy's own
school facts (so a report-card policy reads report cards and an EIF policy grades,
never one mapped onto the other). `routes` are the ways of being eligible, each a
rule over the person's facts below (and the policy's parameters); a person is
eligible when any route holds.
"""

from __future__ import annotations

# name -> (type, label): what the app supplies about a person, as on the as-of date.
LEADER_FACTS: dict[str, tuple[str, str]] = {
    "practising_head": ("boolean", "Practising headteacher"),
    "own_school_good": (
        "boolean",
        "Their own school is good or better (as the policy reads it)",
    ),
    "system_leader": ("boolean", "Accredited System Leader"),
    "sip": ("boolean", "School Improvement Partner"),
    "nle": ("boolean", "National Leader of Education"),
    "lle": ("boolean", "Local Leader of Education"),
    "nlg": ("boolean", "National Leader of Governance"),
    "ofsted_inspector": ("boolean", "Ofsted inspector"),
    "la_adviser": ("boolean", "LA adviser"),
    "early_years_adviser": ("boolean", "Early Years adviser"),
    "was_nle": ("boolean", "Has been a National Leader of Education"),
    "was_lle": ("boolean", "Has been a Local Leader of Education"),
    "retired_on": ("date", "Retired as a headteacher on"),
}

# Seed 001: "System Leaders are practising headteachers in good or outstanding
# schools and National Leaders of Education (NLEs). In addition, System Leaders may
# also be Ofsted inspectors or ex-headteachers within 2 years of having retired who
# were previously NLEs or Local Leaders of Education (LLEs)."
DEFAULT_ROUTES: tuple[tuple[str, str, str], ...] = (
    (
        "practising_head",
        "Practising headteacher of a good or outstanding school",
        "practising_head and own_school_good",
    ),
    ("nle", "National Leader of Education", "nle"),
    ("ofsted_inspector", "Ofsted inspector", "ofsted_inspector"),
    (
        "retired_nle_lle",
        "Headteacher retired within 2 years who was an NLE or LLE",
        "retired_on != null and days_since(retired_on) <= 730 and (was_nle or was_lle)",
    ),
)
DEFAULT_READING = (
    "Seed 001: practising headteachers of good or outstanding schools, NLEs, Ofsted "
    "inspectors, and headteachers retired within 2 years who were NLEs or LLEs."
)
