"""Small policies for the engine's tests, written inline so each test shows what it
relies on."""

from __future__ import annotations

import datetime
from typing import Any

import yaml

from engines.categorisation import Policy, load_policy

AS_OF = datetime.date(2018, 9, 1)

# A small policy in the shape of seed 001 (Oxfordshire). Tests that need other
# rules build their own with make_policy().
OXON = """\
name: test-policy
version: 3
title: Test policy
source: "Seed 001: a cut-down Oxfordshire guarantee"
framework: eif
description: >
  A small policy for the engine's tests.

parameters:
  red_flag_significant_pct:
    type: float
    default: 25
    label: Share of Position Statement red flags that is significant
    reading: Seed 001 says "a significant percentage"; we read it as 25% or more.
  attendance_margin_points:
    type: float
    default: 1
    label: Absence above England by more than this many points
  new_head_days:
    type: integer
    default: 365
    label: A headteacher is new for this many days

facts:
  governance:
    type: string
    label: Governance
    choices: [maintained, academy, other]
  ofsted_grade:
    type: string
    label: Latest graded inspection
    choices: [Outstanding, Good, Requires improvement, Inadequate]
  red_flag_pct:
    type: float
    label: Position Statement red flags (%)
  abs_overall_pct:
    type: float
    label: Overall absence (%)
  abs_overall_pct_england:
    type: float
    label: Overall absence in England (%)
  leadership_below_good:
    type: boolean
    label: Leadership judged less than good
  head_start_date:
    type: date
    label: Headteacher started
  interim_head:
    type: boolean
    label: Interim headteacher
  attendance_concern:
    type: boolean
    label: Attendance concern
    rule: "abs_overall_pct - abs_overall_pct_england > attendance_margin_points"

triggers:
  red_flags:
    label: A significant percentage of Position Statement red flags
    rule: "red_flag_pct >= red_flag_significant_pct"
  attendance:
    label: Concerns around attendance data
    rule: "attendance_concern"
    when_missing: ignore
  leadership:
    label: School leadership judged less than good
    rule: "leadership_below_good"
    when_missing: fire

categories:
  - id: A
    label: Academy
    when: "governance == 'academy'"
    entitlement:
      structured_conversation: true
  - id: I
    label: Inadequate
    when: "ofsted_grade == 'Inadequate'"
    entitlement:
      strategy_meeting_weeks: 6
      academisation_support: true
  - id: TGO
    label: Good or outstanding, with a trigger
    when: "red_flags or attendance or leadership"
    entitlement:
      visits: 3
      early_years_support: true
  - id: GO
    label: Good or outstanding, no trigger
    when: "true"
    entitlement:
      visits: 1

flags:
  NH:
    label: New headteacher
    rule: "interim_head or days_since(head_start_date) <= new_head_days"
    when_missing: ignore
    entitlement:
      welcome_visit: true
      visits: 2
"""

# Facts for a maintained Good school with no trigger and an established head.
QUIET_SCHOOL: dict[str, Any] = {
    "governance": "maintained",
    "ofsted_grade": "Good",
    "red_flag_pct": 10.0,
    "abs_overall_pct": 5.0,
    "abs_overall_pct_england": 5.0,
    "leadership_below_good": False,
    "head_start_date": datetime.date(2012, 1, 1),
    "interim_head": False,
}


def oxon() -> Policy:
    return load_policy(OXON, file_name="test-policy.yaml")


def line_of(text: str, fragment: str, *, after: str | None = None) -> int:
    """The 1-based line of the first line holding `fragment` (after the line
    holding `after`, when given)."""
    lines = text.splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line) + 1
    for number, line in enumerate(lines[start:], start + 1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} is not in the text")


def make_policy(
    *,
    facts: dict[str, Any] | None = None,
    parameters: dict[str, Any] | None = None,
    triggers: dict[str, Any] | None = None,
    categories: list[dict[str, Any]] | None = None,
    flags: dict[str, Any] | None = None,
    framework: str = "none",
    name: str = "made",
) -> Policy:
    """A policy from Python data (names are not checked against a file name)."""
    document = {
        "name": name,
        "version": 1,
        "title": "Made for a test",
        "source": "tests",
        "framework": framework,
        "description": "Made for a test.",
        "parameters": parameters or {},
        "facts": facts or {},
        "triggers": triggers or {},
        "categories": categories
        or [{"id": "ALL", "label": "Everyone", "when": "true"}],
        "flags": flags or {},
    }
    return load_policy(yaml.safe_dump(document, sort_keys=False))
