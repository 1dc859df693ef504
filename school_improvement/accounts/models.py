"""Users, their role and their scope."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    OFFICER = "officer", "LA officer"
    SENIOR_OFFICER = "senior_officer", "Senior LA officer"
    SYSTEM_LEADER = "system_leader", "System Leader"
    QUALITY_ASSURER = "quality_assurer", "Quality assurer"
    SCHOOL_USER = "school_user", "School user"
    BOARD_MEMBER = "board_member", "Board member"


class User(AbstractUser):
    """A person who signs in. Their role decides what they may do; a school user's
    ``establishments`` decide which schools they may see (see permissions.py)."""

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.OFFICER)
    establishments = models.ManyToManyField(
        "schools.Establishment",
        blank=True,
        related_name="school_users",
        help_text="For school users: the establishments they belong to.",
    )

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
