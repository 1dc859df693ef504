"""Writes owned by the accounts app: creating users and setting their passwords.

Every change is validated first (Django's password validators, the model's own
checks), runs in one transaction and leaves an entry in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from school_improvement.accounts.models import Role, User
from school_improvement.core.services import audit_record
from school_improvement.schools.models import Establishment


def user_create(
    *,
    acting_user: Any | None,
    username: str,
    role: str,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    establishments: Iterable[Establishment] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a user with ``role`` and ``password`` and audit it.

    Raises ValidationError if the role is unknown, the username is taken or invalid,
    the password fails the configured validators, or a school user is given no
    establishment (a school user sees only their own schools, so none would be useless).
    """
    if role not in Role.values:
        raise ValidationError({"role": f"'{role}' is not a role."})
    schools = list(establishments)
    if role == Role.SCHOOL_USER and not schools:
        raise ValidationError(
            {
                "establishments": "A school user must belong to at least one establishment."
            }
        )
    user = User(
        username=username,
        role=role,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    validate_password(password, user=user)
    user.set_password(password)
    user.full_clean()
    with transaction.atomic():
        user.save()
        if schools:
            user.establishments.set(schools)
        audit_record(
            acting_user=acting_user,
            verb="user.created",
            summary=f"Created the {Role(role).label} account '{username}'",
            obj=user,
            details={
                "role": role,
                "establishments": [s.urn for s in schools],
                "is_staff": is_staff,
                "is_superuser": is_superuser,
            },
        )
    return user


def user_password_set(*, acting_user: Any | None, user: User, password: str) -> User:
    """Give ``user`` a new password (validated) and audit it; the password itself is
    never recorded."""
    validate_password(password, user=user)
    user.set_password(password)
    with transaction.atomic():
        user.save(update_fields=["password"])
        audit_record(
            acting_user=acting_user,
            verb="user.password_set",
            summary=f"Set a new password for '{user.get_username()}'",
            obj=user,
        )
    return user
