"""The people who deliver support: System Leaders, School Improvement Partners,
national and local leaders, Ofsted inspectors, LA and Early Years advisers.

An adviser's accreditations carry dates, so "was an NLE", "is an Ofsted inspector on
1 September" are answered from the records. Whether someone may act as a System
Leader is decided by the published policy's eligibility rule (engines/categorisation,
docs/policy-format.md), never stored: the register shows the answer and why.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from school_improvement.core import clock
from school_improvement.core.models import TrackedModel
from school_improvement.schools.models import (
    Establishment,
    Federation,
    LocalAuthority,
    Trust,
)


class Accreditation(models.TextChoices):
    """Roles and accreditations an adviser may hold (each with dates)."""

    SYSTEM_LEADER = "system_leader", "System Leader"
    SIP = "sip", "School Improvement Partner"
    NLE = "nle", "National Leader of Education"
    LLE = "lle", "Local Leader of Education"
    NLG = "nlg", "National Leader of Governance"
    OFSTED_INSPECTOR = "ofsted_inspector", "Ofsted inspector"
    LA_ADVISER = "la_adviser", "LA adviser"
    EARLY_YEARS_ADVISER = "early_years_adviser", "Early Years adviser"


class Phase(models.TextChoices):
    """The phases an adviser supports, as allocation matches them with schools
    (people.rules.school_phase gives a school's)."""

    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    POST_16 = "post_16", "16 plus"
    SPECIAL = "special", "Special"
    ALTERNATIVE_PROVISION = "ap", "Alternative provision"


def phase_label(value: str) -> str:
    """A phase in words ("all_through" -> "All-through"); one it does not know, as
    stored."""
    return dict(Phase.choices).get(value, value)


class SchoolRole(models.TextChoices):
    HEADTEACHER = "headteacher", "Headteacher"
    EXECUTIVE_HEAD = "executive_head", "Executive headteacher"
    HEAD_OF_SCHOOL = "head_of_school", "Head of school"
    DEPUTY = "deputy", "Deputy or assistant headteacher"
    OTHER = "other", "Other"


HEAD_ROLES = frozenset({SchoolRole.HEADTEACHER, SchoolRole.EXECUTIVE_HEAD})

# A suggested vocabulary; advisers may list others.
SPECIALISMS = (
    "Early years",
    "SEND",
    "Reading and phonics",
    "English",
    "Mathematics",
    "Science",
    "Curriculum design",
    "Assessment",
    "Attendance",
    "Behaviour and exclusions",
    "Safeguarding",
    "Leadership",
    "Governance",
    "Finance and resources",
    "Post-16",
    "Inclusion and disadvantage",
)


class Adviser(TrackedModel):
    """Someone who delivers support: their accreditations, their own school (if a
    practising head), phases and specialisms, home base, capacity and conflicts."""

    la = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        related_name="advisers",
        help_text="The area they work for.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adviser",
        help_text="Their sign-in account, if they use the service.",
    )
    title = models.CharField(max_length=30, blank=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    organisation = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where they are commissioned from, e.g. a teaching school hub.",
    )
    own_school = models.ForeignKey(
        Establishment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advisers_from_here",
        help_text="The school they work in, if they are a practising leader.",
    )
    own_school_role = models.CharField(
        max_length=20, choices=SchoolRole.choices, blank=True
    )
    retired_on = models.DateField(
        null=True,
        blank=True,
        help_text="When they retired as a headteacher, if they have.",
    )
    phases = models.JSONField(
        default=list, blank=True, help_text="Phase keys (Phase) they support."
    )
    specialisms = models.JSONField(default=list, blank=True)
    home_postcode = models.CharField(max_length=10, blank=True)
    latitude = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(49.0), MaxValueValidator(61.0)],
    )
    longitude = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-9.0), MaxValueValidator(3.0)],
    )
    capacity_days_per_term = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Days a term they can give, unless a term says otherwise.",
    )
    max_travel_km = models.PositiveIntegerField(
        null=True, blank=True, help_text="Furthest they will travel (blank: no limit)."
    )
    day_rate = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="What a day of their time costs, in pounds.",
    )
    started_on = models.DateField(
        default=clock.today,
        help_text="When they started supporting the area's schools (a new System "
        "Leader's reports all go to quality assurance).",
    )
    active = models.BooleanField(default=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="adviser_coordinates_together",
            ),
            models.CheckConstraint(
                condition=Q(capacity_days_per_term__gte=0),
                name="adviser_capacity_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def location(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)


class AdviserAccreditation(TrackedModel):
    """One role or accreditation, held from ``awarded_on`` until ``ended_on``."""

    adviser = models.ForeignKey(
        Adviser, on_delete=models.CASCADE, related_name="accreditations"
    )
    kind = models.CharField(max_length=30, choices=Accreditation.choices)
    awarded_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    reference = models.CharField(
        max_length=100, blank=True, help_text="e.g. a designation number."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-awarded_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(awarded_on__isnull=True)
                | Q(ended_on__gte=models.F("awarded_on")),
                name="accreditation_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.adviser})"

    def current_on(self, day: dt.date) -> bool:
        started = self.awarded_on is None or self.awarded_on <= day
        return started and (self.ended_on is None or self.ended_on >= day)

    def held_before(self, day: dt.date) -> bool:
        return self.awarded_on is None or self.awarded_on <= day


class Conflict(TrackedModel):
    """A declared conflict of interest with a school, a trust or a federation.
    Conflicts that follow from the register (their own school, its trust or
    federation) are found by people.rules.conflicts_for and need no declaring."""

    adviser = models.ForeignKey(
        Adviser, on_delete=models.CASCADE, related_name="conflicts"
    )
    establishment = models.ForeignKey(
        Establishment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    trust = models.ForeignKey(
        Trust, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    federation = models.ForeignKey(
        Federation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300)
    declared_on = models.DateField(default=clock.today)
    ended_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-declared_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(establishment__isnull=False)
                | Q(trust__isnull=False)
                | Q(federation__isnull=False),
                name="conflict_names_something",
            )
        ]

    def __str__(self) -> str:
        with_ = self.establishment or self.trust or self.federation
        return f"{self.adviser}: {with_} ({self.reason})"


class Unavailability(TrackedModel):
    """Dates an adviser cannot visit (leave, inspection weeks, secondment)."""

    adviser = models.ForeignKey(
        Adviser, on_delete=models.CASCADE, related_name="unavailability"
    )
    start_date = models.DateField()
    end_date = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="unavailability_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.adviser}: {self.start_date} to {self.end_date}"


class TermCapacity(TrackedModel):
    """An adviser's days for one term, where it differs from their usual."""

    adviser = models.ForeignKey(
        Adviser, on_delete=models.CASCADE, related_name="term_capacities"
    )
    term = models.ForeignKey("terms.Term", on_delete=models.CASCADE, related_name="+")
    days = models.DecimalField(
        max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["adviser", "term"], name="one_capacity_per_adviser_per_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.adviser}: {self.days} days in {self.term}"
