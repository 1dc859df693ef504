"""The demo area's term dates: three academic years of typical English terms, with
their half terms, and two INSET days when schools are closed to visits."""

from __future__ import annotations

import datetime as dt

from school_improvement.schools.models import LocalAuthority
from school_improvement.terms.models import ClosureDay, Term

D = dt.date
# (year, term, start, end, half-term start, half-term end)
DEMO_TERMS = (
    ("2025/26", "autumn", D(2025, 9, 3), D(2025, 12, 19), D(2025, 10, 27), D(2025, 10, 31)),
    ("2025/26", "spring", D(2026, 1, 5), D(2026, 3, 27), D(2026, 2, 16), D(2026, 2, 20)),
    ("2025/26", "summer", D(2026, 4, 13), D(2026, 7, 22), D(2026, 5, 25), D(2026, 5, 29)),
    ("2026/27", "autumn", D(2026, 9, 2), D(2026, 12, 18), D(2026, 10, 26), D(2026, 10, 30)),
    ("2026/27", "spring", D(2027, 1, 5), D(2027, 3, 25), D(2027, 2, 15), D(2027, 2, 19)),
    ("2026/27", "summer", D(2027, 4, 12), D(2027, 7, 21), D(2027, 5, 31), D(2027, 6, 4)),
    ("2027/28", "autumn", D(2027, 9, 2), D(2027, 12, 17), D(2027, 10, 25), D(2027, 10, 29)),
    ("2027/28", "spring", D(2028, 1, 4), D(2028, 3, 31), D(2028, 2, 14), D(2028, 2, 18)),
    ("2027/28", "summer", D(2028, 4, 18), D(2028, 7, 21), D(2028, 5, 29), D(2028, 6, 2)),
)  # fmt: skip
DEMO_CLOSURES = (
    (D(2026, 9, 2), "INSET day: the area's shared training day"),
    (D(2027, 1, 5), "INSET day: the area's shared training day"),
)


def demo_terms(la: LocalAuthority) -> list[str]:
    """Enter the demo terms and closures the area does not have yet."""
    added = 0
    for year, name, start, end, ht_start, ht_end in DEMO_TERMS:
        _, created = Term.objects.get_or_create(
            la=la,
            academic_year=year,
            name=name,
            defaults={
                "start_date": start,
                "end_date": end,
                "half_term_start": ht_start,
                "half_term_end": ht_end,
            },
        )
        added += created
    for day, reason in DEMO_CLOSURES:
        ClosureDay.objects.get_or_create(la=la, date=day, defaults={"reason": reason})
    if not added:
        return ["Term dates: already entered, left as they are."]
    return [
        f"Term dates: {added} terms of 2025/26 to 2027/28 entered, with 2 INSET days."
    ]
