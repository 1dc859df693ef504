"""Small rules about advisers: the phase allocation matches a school by, and the
conflicts of interest that follow from the register or were declared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from school_improvement.people.models import Adviser, Phase
from school_improvement.schools.models import Establishment


def school_phase(establishment: Establishment) -> str:
    """The Phase key a school is matched by: special schools and pupil referral units
    by their type, middle schools with the phase they are deemed, the rest by GIAS
    phase; "" when the register does not say."""
    group = establishment.type_group_name.lower()
    kind = establishment.type_name.lower()
    if "special" in group or "special" in kind:
        return Phase.SPECIAL
    if "pupil referral" in kind or "alternative provision" in kind:
        return Phase.ALTERNATIVE_PROVISION
    phase = establishment.phase_name.lower()
    if phase == "nursery":
        return Phase.NURSERY
    if phase in ("primary", "middle deemed primary"):
        return Phase.PRIMARY
    if phase in ("secondary", "middle deemed secondary"):
        return Phase.SECONDARY
    if phase == "all-through":
        return Phase.ALL_THROUGH
    if phase == "16 plus":
        return Phase.POST_16
    return ""


def adviser_phases(adviser: Adviser) -> frozenset[str]:
    """The phases an adviser supports; one who supports both primary and secondary
    also supports all-through schools."""
    phases = frozenset(adviser.phases)
    if {Phase.PRIMARY, Phase.SECONDARY} <= phases:
        phases |= {Phase.ALL_THROUGH}
    return phases


def conflicts_for(
    adviser: Adviser, schools: Iterable[Establishment], on: dt.date
) -> dict[int, str]:
    """Establishment id -> why ``adviser`` may not support it: their own school, a
    school of the same trust or federation as their own, or a declared conflict
    (with the school, its trust or its federation) current on ``on``.

    Reads ``adviser.conflicts`` (prefetch it for many advisers)."""
    own = adviser.own_school
    declared = [
        c
        for c in adviser.conflicts.all()
        if c.declared_on <= on and (c.ended_on is None or c.ended_on >= on)
    ]
    out: dict[int, str] = {}
    for school in schools:
        reason = ""
        if own is not None and school.pk == own.pk:
            reason = "their own school"
        elif own is not None and own.trust_id and school.trust_id == own.trust_id:
            reason = f"same trust as their own school ({school.trust})"
        elif (
            own is not None
            and own.federation_id
            and school.federation_id == own.federation_id
        ):
            reason = f"same federation as their own school ({school.federation})"
        else:
            for c in declared:
                if (
                    c.establishment_id == school.pk
                    or (c.trust_id and c.trust_id == school.trust_id)
                    or (c.federation_id and c.federation_id == school.federation_id)
                ):
                    reason = f"declared: {c.reason}"
                    break
        if reason:
            out[school.pk] = reason
    return out
