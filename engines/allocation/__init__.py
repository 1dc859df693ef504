"""The allocation engine: which System Leader supports which school in a year, and
when the visits happen. Pure Python with OR-Tools (CP-SAT, SCIP, min-cost flow);
never imports Django or the apps (docs/allocation.md, ADR 10 and 13)."""

from .costs import haversine_km
from .explain import change_cost, evaluate, objective_of, violations
from .greedy import greedy
from .model import (
    Allocation,
    Assignment,
    ChangeCost,
    Demand,
    Leader,
    Problem,
    Unmet,
    Weights,
)
from .schedule import (
    PlannedVisit,
    Schedule,
    Term,
    Unplaced,
    england_bank_holidays,
    schedule,
)
from .solver import solve

__all__ = [
    "Allocation",
    "Assignment",
    "ChangeCost",
    "Demand",
    "Leader",
    "PlannedVisit",
    "Problem",
    "Schedule",
    "Term",
    "Unmet",
    "Unplaced",
    "Weights",
    "change_cost",
    "england_bank_holidays",
    "evaluate",
    "greedy",
    "haversine_km",
    "objective_of",
    "schedule",
    "solve",
    "violations",
]
