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
    VIEW_ADVISERS = "view_advisers"  # the register of System Leaders and advisers
    EDIT_ADVISERS = "edit_advisers"  # add and change advisers, conflicts, capacity
    VIEW_OWN_ADVISER_RECORD = "view_own_adviser_record"  # "My record": one's own
    DECLARE_OWN_CONFLICT = "declare_own_conflict"  # declare a conflict on one's own
    VIEW_LEDGER = "view_ledger"  # entitlements against delivery, capacity against load
    MANAGE_ALLOCATION = "manage_allocation"  # propose, change and confirm pairings
    VIEW_TERMS = "view_terms"  # the term calendar
    EDIT_TERMS = "edit_terms"  # term dates, closures
    EDIT_DELIVERY_SETTINGS = "edit_delivery_settings"  # days per visit, QA sample
    PLAN_VISITS = "plan_visits"  # plan visits and strategy meetings for any school
    VIEW_MY_VISITS = "view_my_visits"  # an adviser's own schools and visits
    VIEW_VISIT = "view_visit"  # one visit and its report (object: a visit)
    SCHEDULE_VISIT = "schedule_visit"  # agree a visit's date (object: a visit)
    WRITE_REPORT = "write_report"  # write a visit's report (object: a visit)
    RESPOND_TO_REPORT = "respond_to_report"  # the school's view (object: a visit)
    EDIT_VISIT_TEMPLATES = "edit_visit_templates"  # agendas and report guidance
    VIEW_QA_QUEUE = "view_qa_queue"  # reports selected for quality assurance
    RECORD_QA = "record_qa"  # record a QA outcome (object: a review)
    DRAW_QA_SAMPLE = "draw_qa_sample"  # draw a term's random sample
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
SENIOR_ROLES = frozenset({Role.ADMINISTRATOR, Role.SENIOR_OFFICER})
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
    # The advisers' register holds home bases, capacity and conflicts: officers
    # keep it; quality assurers see it (who is new, who visited).
    Action.VIEW_ADVISERS: OFFICER_ROLES | {Role.QUALITY_ASSURER},
    Action.EDIT_ADVISERS: OFFICER_ROLES,
    # Anyone who may visit reads their own record (eligibility, conflicts) and
    # declares their own conflicts of interest; only officers end one.
    Action.VIEW_OWN_ADVISER_RECORD: STAFF_ROLES,
    Action.DECLARE_OWN_CONFLICT: STAFF_ROLES,
    Action.VIEW_LEDGER: OFFICER_ROLES,
    Action.MANAGE_ALLOCATION: OFFICER_ROLES,
    Action.VIEW_TERMS: ALL_ROLES,
    Action.EDIT_TERMS: OFFICER_ROLES,
    Action.EDIT_DELIVERY_SETTINGS: SENIOR_ROLES,
    Action.PLAN_VISITS: OFFICER_ROLES,
    # Anyone who may visit has "my schools and visits" (LA advisers are officers).
    Action.VIEW_MY_VISITS: STAFF_ROLES,
    # Visits: object-level scope in _visit_in_scope (a school its own; an adviser the
    # visits they make and the schools they support; a quality assurer those in QA).
    Action.VIEW_VISIT: ALL_ROLES - {Role.BOARD_MEMBER},
    Action.SCHEDULE_VISIT: STAFF_ROLES,
    Action.WRITE_REPORT: STAFF_ROLES,
    Action.RESPOND_TO_REPORT: frozenset({Role.SCHOOL_USER}),
    Action.EDIT_VISIT_TEMPLATES: OFFICER_ROLES,
    Action.VIEW_QA_QUEUE: OFFICER_ROLES | {Role.QUALITY_ASSURER},
    Action.RECORD_QA: SENIOR_ROLES | {Role.QUALITY_ASSURER},
    Action.DRAW_QA_SAMPLE: OFFICER_ROLES,
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
        Action.VIEW_VISIT,
        Action.SCHEDULE_VISIT,
        Action.WRITE_REPORT,
        Action.RESPOND_TO_REPORT,
        Action.RECORD_QA,
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


def _adviser_id(user: Any) -> int | None:
    """The id of the user's own adviser record, if they have one."""
    from school_improvement.people.models import Adviser

    return Adviser.objects.filter(user_id=user.pk).values_list("id", flat=True).first()


def _visit_in_scope(user: Any, role: Role, action: Action, visit: Any) -> bool:
    """Who may do what to one visit.

    A report is written only by the visit's own visitors, whatever their role. The
    school responds to its own visits' reports. Officers see and schedule every
    visit; an adviser sees the visits they make and those to the schools they
    currently support (so the previous report is at hand), and schedules their own;
    a quality assurer sees the visits whose reports are in quality assurance.
    """
    if action is Action.RESPOND_TO_REPORT or role is Role.SCHOOL_USER:
        return user.establishments.filter(pk=visit.establishment_id).exists()
    adviser = _adviser_id(user)
    visitor = adviser is not None and adviser in (
        visit.lead_id,
        visit.second_visitor_id,
    )
    if action is Action.WRITE_REPORT:
        return visitor
    if role in OFFICER_ROLES or visitor:
        return True
    if action is Action.SCHEDULE_VISIT:
        return False
    from school_improvement.allocations.models import Assignment
    from school_improvement.visits.models import QualityReview

    if adviser is not None and (
        Assignment.objects.filter(
            adviser_id=adviser,
            establishment_id=visit.establishment_id,
            ended_on__isnull=True,
        ).exists()
    ):
        return True
    return (
        role is Role.QUALITY_ASSURER
        and QualityReview.objects.filter(report__visit_id=visit.pk).exists()
    )


def _review_in_scope(user: Any, review: Any) -> bool:
    """A quality assurer may not assure a report of a visit they made."""
    adviser = _adviser_id(user)
    visit = review.report.visit
    return adviser is None or adviser not in (visit.lead_id, visit.second_visitor_id)


def can(user: Any, action: Action, obj: Any = None) -> bool:
    """Whether ``user`` may take ``action`` (on ``obj`` for object-level actions).

    ``obj`` is an establishment, a visit or a quality review, as the action says.
    Anonymous and inactive users may do nothing. An object-level action asked without
    an object answers whether the role may take it on some object.
    """
    role = _role(user)
    if role is None or role not in _GRANTS[action]:
        return False
    if action in OBJECT_ACTIONS and obj is not None:
        label = obj._meta.label
        if label == "visits.Visit":
            return _visit_in_scope(user, role, action, obj)
        if label == "visits.QualityReview":
            return _review_in_scope(user, obj)
        return _in_scope(user, role, obj)
    return True


def require(user: Any, action: Action, obj: Any = None) -> None:
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


def visits_for_user(user: Any, queryset: QuerySet) -> QuerySet:
    """Limit a queryset of visits to those ``user`` may see (as _visit_in_scope)."""
    role = _role(user)
    if role is None or role not in _GRANTS[Action.VIEW_VISIT]:
        return queryset.none()
    if role in OFFICER_ROLES:
        return queryset
    if role is Role.SCHOOL_USER:
        return queryset.filter(establishment__school_users=user)
    from django.db.models import Q

    adviser = _adviser_id(user)
    scope = Q(pk__in=[])
    if adviser is not None:
        scope = (
            Q(lead_id=adviser)
            | Q(second_visitor_id=adviser)
            | Q(
                establishment__assignments__adviser_id=adviser,
                establishment__assignments__ended_on__isnull=True,
            )
        )
    if role is Role.QUALITY_ASSURER:
        scope |= Q(report__quality_review__isnull=False)
    return queryset.filter(scope).distinct()


def advisers_for_user(user: Any, queryset: QuerySet) -> QuerySet:
    """Limit a queryset of advisers to those ``user`` may see in the register: the
    whole area's for the roles granted VIEW_ADVISERS (users carry no LA: every role
    but a school user's sees the whole area), none for anyone else. A user's own
    record is read through VIEW_OWN_ADVISER_RECORD, not this."""
    if not can(user, Action.VIEW_ADVISERS):
        return queryset.none()
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
