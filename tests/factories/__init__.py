"""factory_boy factories for the register and users. Real database rows, no mocks."""

from __future__ import annotations

import datetime as dt

import factory

from school_improvement.accounts.models import Role, User
from school_improvement.schools.models import (
    Contact,
    ContactRole,
    ContactSource,
    Establishment,
    Governance,
    LocalAuthority,
    Trust,
    TrustType,
)

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    code = "931"
    name = "Northshire"


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust

    code = factory.Sequence(lambda n: f"{5000 + n}")
    name = factory.Sequence(lambda n: f"Learning Trust {n}")
    trust_type = TrustType.MULTI_ACADEMY


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    urn = factory.Sequence(lambda n: f"{900000 + n}")
    la = factory.SubFactory(LocalAuthorityFactory)
    establishment_number = factory.Sequence(lambda n: f"{2000 + n % 8000:04d}")
    laestab = factory.LazyAttribute(lambda o: f"{o.la.code}{o.establishment_number}")
    name = factory.Sequence(lambda n: f"Test Primary School {n}")
    type_code = "1"
    type_name = "Community school"
    type_group_code = "4"
    type_group_name = "Local authority maintained schools"
    governance = Governance.LA_MAINTAINED
    status_code = "1"
    status_name = "Open"
    phase_code = "2"
    phase_name = "Primary"
    statutory_low_age = 4
    statutory_high_age = 11
    number_of_pupils = 210
    open_date = dt.date(1990, 9, 1)
    postcode = "NS1 1AA"
    town = "Northtown"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    establishment = factory.SubFactory(EstablishmentFactory)
    role = ContactRole.HEADTEACHER
    first_name = "Ada"
    last_name = "Lovelace"
    first_seen_on = dt.date(2025, 4, 22)
    source = ContactSource.GIAS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.OFFICER
    is_staff = factory.LazyAttribute(lambda o: o.role == Role.ADMINISTRATOR)
    is_superuser = factory.LazyAttribute(lambda o: o.role == Role.ADMINISTRATOR)

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            self.save()

    @factory.post_generation
    def schools(
        self, create: bool, extracted: list[Establishment] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.establishments.set(extracted)


# ---- System Leaders, terms, allocation and visits ---------------------------------------


class AdviserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "people.Adviser"

    la = factory.SubFactory(LocalAuthorityFactory)
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Leader {n}")
    email = factory.LazyAttribute(
        lambda o: f"{o.last_name.replace(' ', '.')}@example.org"
    )
    phases = factory.LazyFunction(lambda: ["primary"])
    specialisms = factory.LazyFunction(list)
    latitude = 51.75
    longitude = -1.25
    capacity_days_per_term = 5
    started_on = dt.date(2020, 9, 1)


class AccreditationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "people.AdviserAccreditation"

    adviser = factory.SubFactory(AdviserFactory)
    kind = "nle"
    awarded_on = dt.date(2019, 9, 1)


class TermFactory(factory.django.DjangoModelFactory):
    """The autumn term of 2026/27 unless told otherwise."""

    class Meta:
        model = "terms.Term"

    la = factory.SubFactory(LocalAuthorityFactory)
    academic_year = "2026/27"
    name = "autumn"
    start_date = dt.date(2026, 9, 2)
    end_date = dt.date(2026, 12, 18)
    half_term_start = dt.date(2026, 10, 26)
    half_term_end = dt.date(2026, 10, 30)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "allocations.Assignment"

    establishment = factory.SubFactory(EstablishmentFactory)
    la = factory.LazyAttribute(lambda o: o.establishment.la)
    adviser = factory.SubFactory(AdviserFactory)
    academic_year = "2026/27"
    days = 3


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "visits.Visit"

    establishment = factory.SubFactory(EstablishmentFactory)
    visit_type = "targeted"
    academic_year = "2026/27"
    planned_date = dt.date(2026, 11, 10)
    days = 1
    lead = factory.SubFactory(AdviserFactory)
    agenda = "Welcome and context\nProgress since the last visit\nAgreed actions"
