"""The allocation problem and its answer as plain, frozen values.

Every field is JSON-friendly through ``dataclasses.asdict`` (sets become lists, tuples
lists, dates ISO strings in the app's ``as_json``) and nothing nests another
dataclass, so the app can store exactly what the optimiser was given beside what it
proposed, and rebuild it with ``Leader(**d)`` after turning lists back into sets and
tuples.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Leader:
    """A System Leader (adviser) who can take schools.

    ``capacity_days`` is the year's days; ``term_capacity`` (term id -> days) is used
    only by scheduling. Empty ``phases`` means any phase. ``location`` is (latitude,
    longitude) of the home base; unknown means distances to it count as 0 (noted in
    the answer) because guessing a place would be worse than not pricing travel.
    ``conflicts`` maps a school id to why the leader must not support it."""

    id: str
    name: str
    capacity_days: float
    phases: frozenset[str] = frozenset()
    location: tuple[float, float] | None = None
    conflicts: dict[str, str] = field(default_factory=dict)
    specialisms: frozenset[str] = frozenset()
    max_travel_km: float | None = None
    term_capacity: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Demand:
    """A school's entitlement for the year: ``days`` of adviser time over ``visits``
    visits, met wholly by one leader or not at all.

    ``priority`` 0 is the highest category. ``inspection_due`` makes an unmet demand
    costlier the sooner it falls (none counts as most urgent: the school could be
    inspected any time). ``fixed_leader_id`` pins the pair (a confirmed pairing)."""

    id: str
    school_id: str
    school_name: str = ""
    phase: str = ""
    days: float = 1.0
    visits: int = 1
    category: str = ""
    priority: int = 0
    inspection_due: dt.date | None = None
    autumn_first: bool = False
    location: tuple[float, float] | None = None
    previous_leader_id: str | None = None
    wants_continuity: bool = False
    label: str = ""
    fixed_leader_id: str | None = None
    needs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Weights:
    """What the objective counts, in one currency ("cost points").

    The defaults make coverage come first: leaving one day of the lowest category
    unmet (200) costs as much as 200 km of travel, so the optimiser only leaves a
    school unmet when nobody suitable has the days, or every suitable leader is
    further than a day's penalty in kilometres. Each category step is worth 100 to
    200 points a day, so a day of a higher category is always covered before a day of
    a lower one when the two compete for the same leader. A continuity bonus of 60 is
    worth 60 km: enough to keep last year's adviser over a slightly nearer one, not
    enough to outweigh any day of coverage. A matched specialism (10) only breaks
    near-ties."""

    km: float = 1.0
    unmet_penalty_per_day_by_priority: tuple[float, ...] = (
        1000.0,
        800.0,
        600.0,
        400.0,
        300.0,
        200.0,
    )
    inspection_urgency: float = 0.5
    continuity_bonus: float = 60.0
    specialism_bonus: float = 10.0


@dataclass(frozen=True)
class Problem:
    """Leaders, demands and the weights of the objective."""

    leaders: tuple[Leader, ...]
    demands: tuple[Demand, ...]
    weights: Weights = Weights()

    def check(self) -> None:
        """Raise ValueError naming every inconsistency at once: duplicate ids,
        negative or non-finite days and capacities, visits below 1, a pin to an
        unknown leader, a negative weight. Solving an inconsistent problem would give
        an answer that looks right and is not."""
        problems: list[str] = []
        seen: set[str] = set()
        for leader in self.leaders:
            if leader.id in seen:
                problems.append(f"duplicate leader id {leader.id!r}")
            seen.add(leader.id)
            if not _finite(leader.capacity_days) or leader.capacity_days < 0:
                problems.append(
                    f"leader {leader.id!r}: capacity_days {leader.capacity_days} is negative"
                )
            for term, days in leader.term_capacity.items():
                if not _finite(days) or days < 0:
                    problems.append(
                        f"leader {leader.id!r}: term {term!r} capacity {days} is negative"
                    )
            if leader.max_travel_km is not None and leader.max_travel_km < 0:
                problems.append(
                    f"leader {leader.id!r}: max_travel_km {leader.max_travel_km} is negative"
                )
            if leader.location is not None and not _valid_location(leader.location):
                problems.append(
                    f"leader {leader.id!r}: location {leader.location} is not (lat, lon)"
                )
        demand_ids: set[str] = set()
        for demand in self.demands:
            if demand.id in demand_ids:
                problems.append(f"duplicate demand id {demand.id!r}")
            demand_ids.add(demand.id)
            if not _finite(demand.days) or demand.days < 0:
                problems.append(f"demand {demand.id!r}: days {demand.days} is negative")
            if demand.visits < 1:
                problems.append(
                    f"demand {demand.id!r}: visits {demand.visits} is below 1"
                )
            if demand.priority < 0:
                problems.append(
                    f"demand {demand.id!r}: priority {demand.priority} is negative"
                )
            if (
                demand.fixed_leader_id is not None
                and demand.fixed_leader_id not in seen
            ):
                problems.append(
                    f"demand {demand.id!r}: fixed_leader_id {demand.fixed_leader_id!r} "
                    "is not a leader of the problem"
                )
            if demand.location is not None and not _valid_location(demand.location):
                problems.append(
                    f"demand {demand.id!r}: location {demand.location} is not (lat, lon)"
                )
        w = self.weights
        if not w.unmet_penalty_per_day_by_priority:
            problems.append("weights: unmet_penalty_per_day_by_priority is empty")
        for name in (
            "km",
            "inspection_urgency",
            "continuity_bonus",
            "specialism_bonus",
        ):
            if getattr(w, name) < 0:
                problems.append(f"weights: {name} is negative")
        if any(p < 0 for p in w.unmet_penalty_per_day_by_priority):
            problems.append("weights: an unmet penalty is negative")
        if problems:
            raise ValueError("; ".join(problems))


def _finite(value: float) -> bool:
    return value == value and value not in (float("inf"), float("-inf"))


def _valid_location(location: tuple[float, float]) -> bool:
    return (
        len(location) == 2 and -90 <= location[0] <= 90 and -180 <= location[1] <= 180
    )


@dataclass(frozen=True)
class Assignment:
    """A demand met by a leader. ``km`` is the one-way straight-line distance (None
    when either place is unknown); the objective counts it once per visit.
    ``continuity`` and ``specialism_match`` say which bonuses the pair earned, for
    the proposal's table."""

    demand_id: str
    leader_id: str
    days: float
    km: float | None
    pinned: bool = False
    continuity: bool = False
    specialism_match: bool = False


@dataclass(frozen=True)
class Unmet:
    """A demand nobody meets, with reasons an officer can act on."""

    demand_id: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Allocation:
    """An answer: who meets what, what is unmet and why, each leader's days, and how
    good it is. ``bound`` is a proven lower bound on the objective of the model that
    was solved (see ``method`` and ``notes``: a pruned or regional model proves less
    than the whole problem); ``gap`` = (objective - bound) / max(1, |objective|)."""

    assignments: tuple[Assignment, ...]
    unmet: tuple[Unmet, ...]
    leader_days: dict[str, float]
    objective: float
    bound: float | None
    gap: float | None
    seconds: float
    method: str
    status: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangeCost:
    """What moving one demand to another leader (or to nobody) would do."""

    demand_id: str
    from_leader_id: str | None
    to_leader_id: str | None
    objective_before: float
    objective_after: float
    delta: float
    extra_km: float
    continuity_lost: bool
    continuity_gained: bool
    to_leader_load_after: float | None
    to_leader_capacity: float | None
    from_leader_load_after: float | None
    warnings: tuple[str, ...]
