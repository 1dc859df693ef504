"""The demo area's System Leaders and advisers: about thirty people with dated
accreditations, phases and specialisms, home bases near the area's schools, declared
conflicts and some leave; a few who are not eligible under the area's policy, so the
register shows why. Their days are set so that the eligible advisers can give about
as many days as the published entitlements ask for (a few schools stay unmet, as in
a real September), with every phase that has demand covered."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from school_improvement.allocations.entitlements import (
    area_entitlements,
    delivery_settings,
)
from school_improvement.core import clock
from school_improvement.core.geo import bng_to_latlon
from school_improvement.people.eligibility import adviser_eligibility
from school_improvement.people.models import (
    Accreditation,
    Adviser,
    AdviserAccreditation,
    Conflict,
    Phase,
    SchoolRole,
    Unavailability,
)
from school_improvement.people.rules import school_phase
from school_improvement.schools.models import Establishment, LocalAuthority

FIRST = ("Aisha", "Ben", "Carys", "Dev", "Elin", "Femi", "Grace", "Harj", "Iona", "Jonah",
         "Kemi", "Liam", "Maya", "Nadia", "Owen", "Priya", "Rhys", "Sana", "Tom", "Uma",
         "Vik", "Wendy", "Xavier", "Yasmin", "Zac", "Ruth", "Imran", "Joy", "Colm")  # fmt: skip
LAST = ("Ahmed", "Bell", "Carter", "Dhillon", "Evans", "Fofana", "Green", "Hughes", "Iqbal",
        "Jones", "Kaur", "Lewis", "Morgan", "Nowak", "Okafor", "Patel", "Quinn", "Reid",
        "Shah", "Taylor", "Usher", "Vaughan", "Walsh", "Xu", "Young", "Zielinski", "Price",
        "Boyd", "Doyle")  # fmt: skip
# (accreditation kinds, how many) for the eligible routes; then those who are not.
ELIGIBLE_KINDS = (
    ((Accreditation.NLE, Accreditation.SYSTEM_LEADER), 8),
    ((Accreditation.OFSTED_INSPECTOR, Accreditation.SIP), 7),
    ((Accreditation.OFSTED_INSPECTOR, Accreditation.LA_ADVISER), 3),
    ((Accreditation.NLE, Accreditation.LLE), 3),
)
SPECIAL = ("Early years", "SEND", "Reading and phonics", "Mathematics", "English",
           "Curriculum design", "Leadership", "Attendance", "Safeguarding", "Governance")  # fmt: skip


def _place(
    rng: random.Random, schools: list[Establishment]
) -> tuple[float, float] | None:
    placed = [s for s in schools if s.easting and s.northing]
    if not placed:
        return None
    school = rng.choice(placed)
    assert school.easting is not None and school.northing is not None
    lat, lon = bng_to_latlon(
        school.easting + rng.uniform(-3000, 3000),
        school.northing + rng.uniform(-3000, 3000),
    )
    return round(lat, 5), round(lon, 5)


@transaction.atomic
def demo_people(la: LocalAuthority, *, seed: int) -> list[str]:
    """Add the demo advisers (see the module's docstring) unless the area has some."""
    if Adviser.objects.filter(la=la).exists():
        return ["System Leaders: the register already has advisers, left as it is."]
    from school_improvement.accounts.models import User

    rng = random.Random(seed)
    today = clock.today()
    schools = list(
        Establishment.objects.filter(la=la, status_name__istartswith="open").order_by(
            "urn"
        )
    )
    _, entitlements = area_entitlements(la)
    settings = delivery_settings(la)
    need = [e for e in entitlements if e.has_adviser_time]
    demand: dict[str, float] = {}
    for e in need:
        phase = school_phase(e.establishment) or Phase.PRIMARY
        demand[phase] = demand.get(phase, 0.0) + float(e.days(settings))
    phases = sorted(demand, key=lambda p: -demand[p]) or [Phase.PRIMARY]
    names = iter(zip(FIRST, LAST, strict=False))
    people: list[Adviser] = []

    def person(kinds, *, first=None, last=None, **fields) -> Adviser:
        f, l_ = (first, last) if first else next(names)
        where = _place(rng, schools)
        adviser = Adviser.objects.create(
            la=la,
            first_name=f,
            last_name=l_,
            email=f"{f}.{l_}@northshire-advisers.example".lower(),
            organisation=rng.choice(
                ("Northshire LA", "Northshire Teaching School Hub", "Independent")
            ),
            latitude=where[0] if where else None,
            longitude=where[1] if where else None,
            home_postcode=rng.choice(
                ("NS1 4AB", "NS2 7QT", "NS3 1LX", "NS4 9PD", "NS5 2HW")
            ),
            specialisms=rng.sample(SPECIAL, k=2),
            started_on=fields.pop("started_on", dt.date(rng.randint(2015, 2024), 9, 1)),
            **fields,
        )
        for n, kind in enumerate(kinds):
            AdviserAccreditation.objects.create(
                adviser=adviser,
                kind=kind,
                awarded_on=dt.date(rng.randint(2012, 2022), rng.choice((1, 4, 9)), 1),
                ended_on=fields.get("retired_on")
                if n == 0 and "retired_on" in fields
                else None,
            )
        people.append(adviser)
        return adviser

    # the eligible: NLEs, inspectors, recently retired national and local leaders;
    # each phase with demand first, then by the share of demand
    weights = [demand[p] for p in phases]
    count = 0
    for kinds, n in ELIGIBLE_KINDS:
        for _ in range(n):
            phase = (
                phases[count]
                if count < len(phases)
                else rng.choices(phases, weights)[0]
            )
            person(kinds, phases=[phase])
            count += 1
    for _ in range(2):
        person(
            (Accreditation.NLE,),
            phases=[phases[0]],
            retired_on=today - dt.timedelta(days=rng.randint(60, 600)),
        )
    person(
        (Accreditation.SYSTEM_LEADER,), first="David", last="Lund", phases=[phases[0]]
    )
    AdviserAccreditation.objects.create(
        adviser=people[-1], kind=Accreditation.NLE, awarded_on=dt.date(2018, 9, 1)
    )
    # practising heads (eligible if their own school's latest outcome is good enough)
    for school in rng.sample(schools, k=min(3, len(schools))):
        person((Accreditation.LLE,), phases=[school_phase(school) or phases[0]],
               own_school=school, own_school_role=SchoolRole.HEADTEACHER)  # fmt: skip
    # not eligible: a head retired four years ago, an Early Years adviser, an NLG
    person(
        (Accreditation.LLE,),
        phases=[phases[0]],
        retired_on=today - dt.timedelta(days=4 * 365),
    )
    person((Accreditation.EARLY_YEARS_ADVISER,), phases=[Phase.NURSERY, Phase.PRIMARY])
    person((Accreditation.NLG,), phases=[phases[0]])
    quinn = person(
        (Accreditation.OFSTED_INSPECTOR,),
        first="Sarah",
        last="Quinn",
        phases=phases[:2],
    )

    # days: the eligible give about the days the entitlements ask for
    eligibility = adviser_eligibility(people, as_of=today)
    eligible = [a for a in people if eligibility[a.pk].eligible and a is not quinn]
    total = sum(demand.values())
    share = [rng.uniform(0.6, 1.6) for _ in eligible]
    for adviser, s in zip(eligible, share, strict=True):
        days = total / 3 * s / sum(share)
        adviser.capacity_days_per_term = Decimal(max(1, round(days * 2) / 2)).quantize(
            Decimal("0.1")
        )
        adviser.save(update_fields=["capacity_days_per_term"])
    for adviser in people:
        if adviser not in eligible:
            adviser.capacity_days_per_term = Decimal(rng.choice((3, 4, 5)))
            adviser.save(update_fields=["capacity_days_per_term"])
    # conflicts, leave and the demo accounts
    for adviser in rng.sample(eligible, k=min(6, len(eligible))):
        Conflict.objects.create(
            adviser=adviser,
            establishment=rng.choice(schools),
            reason=rng.choice(
                ("Spouse teaches there", "Governor there", "Former headteacher there")
            ),
            declared_on=dt.date(2025, 9, 1),
        )
    for adviser in rng.sample(eligible, k=min(3, len(eligible))):
        start = dt.date(2027, 1, 11) + dt.timedelta(weeks=rng.randint(0, 8))
        Unavailability.objects.create(
            adviser=adviser,
            start_date=start,
            end_date=start + dt.timedelta(weeks=2),
            reason="Leave",
        )
    for username, adviser in (
        ("leader", next(a for a in people if a.last_name == "Lund")),
        ("qa", quinn),
    ):
        user = User.objects.filter(username=username).first()
        if user is not None:
            adviser.user = user
            adviser.save(update_fields=["user"])
    # everyone eligible, the quality assurer with her few days included
    able = [a for a in people if eligibility[a.pk].eligible]
    capacity = sum(a.capacity_days_per_term for a in able) * 3
    return [
        f"System Leaders: {len(people)} advisers, {len(able)} eligible with "
        f"{capacity:.1f} days over the year against {total:.1f} days of entitlement."
    ]
