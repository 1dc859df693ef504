"""A small policy in the real format, written to a temporary policies directory, so
the app's tests do not depend on the shipped policies' thresholds."""

from __future__ import annotations

import pytest

TEST_POLICY = """\
name: test-policy
version: 1
title: Test policy
source: tests
framework: eif
description: A small policy for the app's tests.
parameters:
  attendance_margin:
    type: float
    default: 1.0
    label: Points above England that are a concern
    reading: test
facts:
  governance:
    type: string
    label: Governance
    choices: [maintained, academy, other]
  ofsted_grade:
    type: string
    label: Latest grade
  abs_overall_pct:
    type: float
    label: Overall absence
  abs_overall_pct_england:
    type: float
    label: Overall absence, England
  leadership_below_good:
    type: boolean
    label: Leadership judged below good
  attendance_concern:
    type: boolean
    label: Attendance concern
    rule: "abs_overall_pct - abs_overall_pct_england > attendance_margin"
triggers:
  attendance:
    label: Overall absence above England by more than the margin
    rule: "attendance_concern"
    when_missing: review
  leadership:
    label: Leadership judged less than good
    rule: "leadership_below_good"
    when_missing: ignore
categories:
  - id: A
    label: Academy
    when: "governance == 'academy'"
    entitlement:
      visits: 0
      visits_is_cap: false
      support_plan: false
      strategy_meeting_weeks: null
      welcome_visit: false
      structured_conversation: true
      academisation_support: false
      early_years_support: false
      target: ""
  - id: T
    label: Targeted
    when: "attendance or leadership"
    entitlement:
      visits: 3
      visits_is_cap: false
      support_plan: true
      strategy_meeting_weeks: 6
      welcome_visit: false
      structured_conversation: false
      academisation_support: false
      early_years_support: false
      target: "Attendance in line with England"
  - id: U
    label: Universal
    when: "true"
    entitlement:
      visits: 1
      visits_is_cap: false
      support_plan: false
      strategy_meeting_weeks: null
      welcome_visit: false
      structured_conversation: false
      academisation_support: false
      early_years_support: false
      target: ""
flags: {}
"""


@pytest.fixture
def policy_dir(tmp_path, settings):
    settings.SI_POLICY_DIR = tmp_path
    (tmp_path / "test-policy.yaml").write_text(TEST_POLICY, encoding="utf-8")
    return tmp_path
