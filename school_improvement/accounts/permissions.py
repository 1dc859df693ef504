"""The one place that decides "may this user do this to that".

Every view, API endpoint and management page calls :func:`can` or :func:`require`, and
reads of establishments go through :func:`establishments_for_user`. Nothing else in the
code base inspects ``user.role`` to make an access decision; the permission-matrix test
(tests/accounts/test_permission_matrix.py) walks every URL against every role.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from school_improvement.accounts.models import Role

if TYPE_CHECKING:
    from school_improvement.schools.models import Establishment


class Action(enum.StrEnum):
    """Things a user may do. Object-level actions take an establishment."""

    VIEW_REGISTER = "view_register"  # the schools list and search
    VIEW_SCHOOL = "view_school"  # one establishment's page (object)
    VIEW_SCHOOL_HISTORY = "view_school_history"  # its record as it was (object)
    VIEW_CONTACTS = "view_contacts"  # heads, chairs, clerks (object)
    EDIT_CONTACTS = "edit_contacts"  # record a chair of governors or clerk (object)
    VIEW_AREA_OVERVIEW = "view_area_overview"  # outcomes across the area, vs England
    EDIT_NEIGHBOURS = "edit_neighbours"  # the LA's statistical neighbours list
    VIEW_CATEGORIES = (
        "view_categories"  # the area's category board, runs, Position Statement
    )
    VIEW_SCHOOL_CATEGORY = (
        "view_school_category"  # one school's category and why (object)
    )
    RUN_CATEGORISATION = "run_categorisation"  # start a run (a preview)
    PUBLISH_CATEGORISATION = "publish_categorisation"  # publish a run
    PROPOSE_OVERRIDE = "propose_override"  # propose a different category
    DECIDE_OVERRIDE = "decide_override"  # approve or reject a proposal
    EDIT_POSITION_STATEMENT = "edit_position_statement"  # the LA's red-flag tests
    RECORD_JUDGEMENT = "record_judgement"  # a judgement or review (object)
    MANAGE_LETTERS = "manage_letters"  # draft category letters, edit their wording
    VIEW_IMPORTS = "view_imports"  # the import history and each run's report
    RUN_IMPORT = "run_import"  # upload and import official files
    USE_ADMIN = "use_admin"  # Django admin: users, roles, reference data
    VIEW_API_SCHEMA = "view_api_schema"


STAFF_ROLES = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.OFFICER,
        Role.SENIOR_OFFICER,
        Role.SYSTEM_LEADER,
        Role.QUALITY_ASSURER,
    }
)
OFFICER_ROLES = frozenset({Role.ADMINISTRATOR, Role.OFFICER, Role.SENIOR_OFFICER})
ALL_ROLES = frozenset(Role)

# Which roles may take each action at all. For object-level actions a school user is
# further limited to their own establishments (see _in_scope).
_GRANTS: dict[Action, frozenset[Role]] = {
    Action.VIEW_REGISTER: ALL_ROLES,
    Action.VIEW_SCHOOL: ALL_ROLES,
    Action.VIEW_SCHOOL_HISTORY: OFFICER_ROLES | {Role.SCHOOL_USER},
    # Contacts are personal data: not for board members.
    Action.VIEW_CONTACTS: STAFF_ROLES | {Role.SCHOOL_USER},
    # Chairs and clerks are not in GIAS: officers and the school itself keep them.
    Action.EDIT_CONTACTS: OFFICER_ROLES | {Role.SCHOOL_USER},
    # Area-wide figures: everyone but school users, whose scope is their own school.
    Action.VIEW_AREA_OVERVIEW: ALL_ROLES - {Role.SCHOOL_USER},
    Action.EDIT_NEIGHBOURS: frozenset({Role.ADMINISTRATOR, Role.SENIOR_OFFICER}),
    Action.VIEW_CATEGORIES: ALL_ROLES - {Role.SCHOOL_USER},
    # Schools see their own category, the triggers that fired and the evidence.
    Action.VIEW_SCHOOL_CATEGORY: ALL_ROLES,
    Action.RUN_CATEGORISATION: OFFICER_ROLES,
    Action.PUBLISH_CATEGORISATION: frozenset({Role.ADMINISTRATOR, Role.SENIOR_OFFICER}),
    Action.PROPOSE_OVERRIDE: OFFICER_ROLES,
    Action.DECIDE_OVERRIDE: frozenset({Role.ADMINISTRATOR, Role.SENIOR_OFFICER}),
    Action.EDIT_POSITION_STATEMENT: OFFICER_ROLES,
    Action.RECORD_JUDGEMENT: OFFICER_ROLES,
    Action.MANAGE_LETTERS: OFFICER_ROLES,
    Action.VIEW_IMPORTS: OFFICER_ROLES,
    Action.RUN_IMPORT: OFFICER_ROLES,
    Action.USE_ADMIN: frozenset({Role.ADMINISTRATOR}),
    Action.VIEW_API_SCHEMA: ALL_ROLES,
}

OBJECT_ACTIONS = frozenset(
    {
        Action.VIEW_SCHOOL,
        Action.VIEW_SCHOOL_HISTORY,
        Action.VIEW_CONTACTS,
        Action.EDIT_CONTACTS,
        Action.VIEW_SCHOOL_CATEGORY,
        Action.RECORD_JUDGEMENT,
    }
)


def _role(user: Any) -> Role | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "is_active", False):
        return None
    try:
        return Role(user.role)
    except ValueError:
        return None


def _in_scope(user: Any, role: Role, establishment: Establishment | None) -> bool:
    if role is not Role.SCHOOL_USER:
        return True
    if establishment is None:
        return False
    return user.establishments.filter(pk=establishment.pk).exists()


def can(user: Any, action: Action, obj: Establishment | None = None) -> bool:
    """Whether ``user`` may take ``action`` (on ``obj`` for object-level actions).

    Anonymous and inactive users may do nothing. An object-level action asked without
    an object answers whether the role may take it on some object.
    """
    role = _role(user)
    if role is None or role not in _GRANTS[action]:
        return False
    if action in OBJECT_ACTIONS and obj is not None:
        return _in_scope(user, role, obj)
    return True


def require(user: Any, action: Action, obj: Establishment | None = None) -> None:
    """Raise :class:`PermissionDenied` unless ``user`` may take ``action``."""
    if not can(user, action, obj):
        raise PermissionDenied(f"Not permitted: {action.value}")


def establishments_for_user(user: Any, queryset: QuerySet[Establishment]) -> QuerySet:
    """Limit ``queryset`` to the establishments ``user`` may see (none if no access)."""
    role = _role(user)
    if role is None or role not in _GRANTS[Action.VIEW_SCHOOL]:
        return queryset.none()
    if role is Role.SCHOOL_USER:
        return queryset.filter(school_users=user)
    return queryset


def is_scoped_to_schools(user: Any) -> bool:
    """True for users who see only their own schools (drives navigation wording)."""
    return _role(user) is Role.SCHOOL_USER


def grants_table() -> dict[str, list[str]]:
    """The role grants as plain data, for docs and the admin page."""
    return {
        action.value: sorted(r.value for r in roles)
        for action, roles in _GRANTS.items()
    }
