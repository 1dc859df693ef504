"""Small, pure rules about the register."""

from __future__ import annotations

from school_improvement.schools.models import Governance, TrustType

_MAINTAINED_SPECIAL_TYPES = {"7", "12"}  # community special, foundation special
_INDEPENDENT_SPECIAL_TYPES = {"10"}  # other independent special school


def governance_for(type_group_code: str, type_code: str) -> Governance:
    """Derive governance from GIAS EstablishmentTypeGroup and TypeOfEstablishment codes.

    Group 4 (LA maintained, incl. PRUs and nursery schools) and maintained special
    schools are LA maintained; groups 10 and 11 are academies and free schools; group 3
    and independent special schools are independent; everything else (colleges,
    universities, non-maintained special schools, Welsh, secure units...) is other.
    """
    group = type_group_code.strip().lstrip("0")
    kind = type_code.strip().lstrip("0")
    if group == "4" or (group == "5" and kind in _MAINTAINED_SPECIAL_TYPES):
        return Governance.LA_MAINTAINED
    if group in {"10", "11"}:
        return Governance.ACADEMY
    if group == "3" or (group == "5" and kind in _INDEPENDENT_SPECIAL_TYPES):
        return Governance.INDEPENDENT
    return Governance.OTHER


def trust_type_for(trust_flag: str) -> TrustType:
    """GIAS TrustSchoolFlag (name) says which kind of trust supports the school."""
    flag = trust_flag.lower()
    if "multi-academy" in flag:
        return TrustType.MULTI_ACADEMY
    if "single-academy" in flag:
        return TrustType.SINGLE_ACADEMY
    if "trust" in flag:
        return TrustType.FOUNDATION
    return TrustType.UNKNOWN


def same_person(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether two (first name, last name) pairs name the same person, ignoring case
    and spacing (GIAS sometimes re-types a name without a change of head)."""

    def norm(pair: tuple[str, str]) -> str:
        return " ".join(" ".join(pair).lower().split())

    return norm(a) == norm(b)
