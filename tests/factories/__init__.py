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
