"""The school register: local authorities, establishments, trusts, federations,
dioceses, links between establishments and contacts, as GIAS describes them.

Every establishment and contact keeps its full field history (django-simple-history),
dated by the extract that stated it, so a record can be shown as it was on any date.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from school_improvement.core.models import TrackedModel


class Governance(models.TextChoices):
    LA_MAINTAINED = "la_maintained", "LA maintained"
    ACADEMY = "academy", "Academy or free school"
    INDEPENDENT = "independent", "Independent"
    OTHER = "other", "Other"


class LocalAuthority(TrackedModel):
    code = models.CharField(
        max_length=3, unique=True, help_text="DfE LA code, e.g. 931"
    )
    name = models.CharField(max_length=200)
    gss_code = models.CharField(max_length=9, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class TrustType(models.TextChoices):
    MULTI_ACADEMY = "mat", "Multi-academy trust"
    SINGLE_ACADEMY = "sat", "Single-academy trust"
    FOUNDATION = "foundation", "Foundation trust"
    UNKNOWN = "unknown", "Not known"


class Trust(TrackedModel):
    code = models.CharField(max_length=20, unique=True, help_text="GIAS group UID")
    name = models.CharField(max_length=300)
    trust_type = models.CharField(
        max_length=20, choices=TrustType.choices, default=TrustType.UNKNOWN
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Federation(TrackedModel):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=300)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Diocese(TrackedModel):
    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "dioceses"

    def __str__(self) -> str:
        return self.name


class Establishment(TrackedModel):
    """One establishment (URN) as GIAS last stated it. Codes are strings."""

    urn = models.CharField("URN", max_length=10, unique=True)
    la = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        related_name="establishments",
        verbose_name="local authority",
    )
    establishment_number = models.CharField(max_length=4)
    laestab = models.CharField("LAESTAB", max_length=7, db_index=True)
    name = models.CharField(max_length=300, db_index=True)
    type_code = models.CharField(max_length=4)
    type_name = models.CharField("type", max_length=100)
    type_group_code = models.CharField(max_length=4)
    type_group_name = models.CharField("type group", max_length=100)
    governance = models.CharField(
        max_length=20, choices=Governance.choices, db_index=True
    )
    status_code = models.CharField(max_length=4, blank=True)
    status_name = models.CharField("status", max_length=60, db_index=True)
    open_reason_code = models.CharField(max_length=4, blank=True)
    open_reason = models.CharField(max_length=100, blank=True)
    open_date = models.DateField(null=True, blank=True)
    close_reason_code = models.CharField(max_length=4, blank=True)
    close_reason = models.CharField(max_length=100, blank=True)
    close_date = models.DateField(null=True, blank=True)
    phase_code = models.CharField(max_length=4, blank=True)
    phase_name = models.CharField("phase", max_length=60, blank=True, db_index=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    boarders = models.CharField(max_length=60, blank=True)
    nursery_provision = models.CharField(max_length=60, blank=True)
    sixth_form = models.CharField(max_length=60, blank=True)
    gender = models.CharField(max_length=20, blank=True)
    religious_character_code = models.CharField(max_length=4, blank=True)
    religious_character = models.CharField(max_length=100, blank=True)
    religious_ethos = models.CharField(max_length=100, blank=True)
    diocese = models.ForeignKey(
        Diocese,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="establishments",
    )
    admissions_policy = models.CharField(max_length=60, blank=True)
    school_capacity = models.PositiveIntegerField(null=True, blank=True)
    special_classes = models.CharField(max_length=60, blank=True)
    census_date = models.DateField(null=True, blank=True)
    number_of_pupils = models.PositiveIntegerField(null=True, blank=True)
    number_of_boys = models.PositiveIntegerField(null=True, blank=True)
    number_of_girls = models.PositiveIntegerField(null=True, blank=True)
    percentage_fsm = models.DecimalField(
        "FSM %", max_digits=5, decimal_places=1, null=True, blank=True
    )
    fsm_count = models.PositiveIntegerField(null=True, blank=True)
    trust_flag = models.CharField(max_length=100, blank=True)
    trust = models.ForeignKey(
        Trust,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="establishments",
    )
    sponsor_flag = models.CharField(max_length=60, blank=True)
    sponsors = models.CharField(max_length=300, blank=True)
    federation_flag = models.CharField(max_length=60, blank=True)
    federation = models.ForeignKey(
        Federation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="establishments",
    )
    ukprn = models.CharField("UKPRN", max_length=12, blank=True)
    further_education_type = models.CharField(max_length=100, blank=True)
    last_changed_date = models.DateField(null=True, blank=True)
    street = models.CharField(max_length=200, blank=True)
    locality = models.CharField(max_length=200, blank=True)
    address3 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    county = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    website = models.CharField(max_length=300, blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    head_title = models.CharField(max_length=30, blank=True)
    head_first_name = models.CharField(max_length=100, blank=True)
    head_last_name = models.CharField(max_length=100, blank=True)
    head_job_title = models.CharField(max_length=200, blank=True)
    sen_provision = models.JSONField("SEN provision", default=list, blank=True)
    resourced_provision = models.CharField(max_length=100, blank=True)
    resourced_provision_on_roll = models.PositiveIntegerField(null=True, blank=True)
    resourced_provision_capacity = models.PositiveIntegerField(null=True, blank=True)
    sen_unit_on_roll = models.PositiveIntegerField(null=True, blank=True)
    sen_unit_capacity = models.PositiveIntegerField(null=True, blank=True)
    sen_statements = models.PositiveIntegerField(null=True, blank=True)
    sen_no_statements = models.PositiveIntegerField(null=True, blank=True)
    gor_code = models.CharField("region code", max_length=4, blank=True)
    gor_name = models.CharField("region", max_length=100, blank=True)
    district_code = models.CharField(max_length=9, blank=True)
    district_name = models.CharField("district", max_length=100, blank=True)
    ward_code = models.CharField(max_length=9, blank=True)
    ward_name = models.CharField("ward", max_length=100, blank=True)
    constituency_code = models.CharField(max_length=9, blank=True)
    constituency_name = models.CharField(
        "parliamentary constituency", max_length=100, blank=True
    )
    urban_rural_code = models.CharField(max_length=4, blank=True)
    urban_rural_name = models.CharField("urban or rural", max_length=100, blank=True)
    gss_la_code = models.CharField("GSS LA code", max_length=9, blank=True)
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)
    msoa_code = models.CharField("MSOA", max_length=9, blank=True)
    lsoa_code = models.CharField("LSOA", max_length=9, blank=True)
    uprn = models.CharField("UPRN", max_length=20, blank=True)
    previous_la_code = models.CharField(max_length=3, blank=True)
    previous_establishment_number = models.CharField(max_length=4, blank=True)
    # Only in GIAS extracts before April 2025; Ofsted's own files are the source since.
    ofsted_rating = models.CharField(
        "Ofsted rating (GIAS, historic)", max_length=60, blank=True
    )
    ofsted_last_inspection_date = models.DateField(null=True, blank=True)
    ofsted_special_measures = models.CharField(max_length=60, blank=True)
    # Import bookkeeping: the hash of the last row imported, and the extract it came from.
    source_hash = models.CharField(max_length=40, blank=True, editable=False)
    source_file_date = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["source_hash", "updated_at", "created_at"]
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["la", "status_name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    @property
    def is_open(self) -> bool:
        return self.status_name.lower().startswith("open")

    @property
    def head_name(self) -> str:
        return " ".join(
            p for p in (self.head_title, self.head_first_name, self.head_last_name) if p
        )

    @property
    def address_lines(self) -> list[str]:
        return [
            p
            for p in (
                self.street,
                self.locality,
                self.address3,
                self.town,
                self.county,
                self.postcode,
            )
            if p
        ]


class ContactRole(models.TextChoices):
    HEADTEACHER = "headteacher", "Headteacher"
    CHAIR_OF_GOVERNORS = "chair", "Chair of governors"
    CLERK = "clerk", "Clerk to governors"


class ContactSource(models.TextChoices):
    GIAS = "gias", "GIAS"
    MANUAL = "manual", "Entered by an officer"


class Contact(TrackedModel):
    """A person in a role at an establishment, from the date they took it up.

    ``started_on`` is the date the role began when known (a GIAS head change is dated by
    the extract that first shows the new name); ``first_seen_on`` is the extract or entry
    that first showed them. A head present in the very first import has no known start.
    """

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="contacts"
    )
    role = models.CharField(max_length=20, choices=ContactRole.choices)
    title = models.CharField(max_length=30, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    started_on = models.DateField(null=True, blank=True)
    first_seen_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=ContactSource.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["establishment_id", "role", "-first_seen_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "role"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_contact_per_role",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("first_seen_on")),
                name="contact_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    @property
    def is_interim(self) -> bool:
        text = self.job_title.lower()
        return any(
            word in text for word in ("interim", "acting", "executive head (interim)")
        )


class EstablishmentLink(TrackedModel):
    """A GIAS link between two URNs (predecessor, successor, merger...).

    URNs are kept as strings, not foreign keys: the other establishment is often outside
    the area's register, and the link must still be known.
    """

    urn = models.CharField("URN", max_length=10, db_index=True)
    linked_urn = models.CharField("linked URN", max_length=10, db_index=True)
    linked_name = models.CharField(max_length=300, blank=True)
    link_type = models.CharField(max_length=100)
    established_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["urn", "established_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["urn", "linked_urn", "link_type"],
                name="unique_establishment_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.urn} {self.link_type} {self.linked_urn}"

    @property
    def is_predecessor(self) -> bool:
        return self.link_type.lower().startswith("predecessor")
