"""Writes owned by the indicators app: the catalogue, imports of values, neighbours."""

from __future__ import annotations

from school_improvement.data.imports.catalogue import CATALOGUE
from school_improvement.indicators.models import Indicator


def catalogue_sync(using: str = "default") -> int:
    """Make the Indicator table match the catalogue (data/imports/catalogue.py).

    Runs after every migrate; returns the number of rows created or changed.
    """
    existing = {i.code: i for i in Indicator.objects.using(using).all()}
    changed = 0
    for position, spec in enumerate(CATALOGUE):
        values = {
            "name": spec.name,
            "source": spec.source,
            "unit": spec.unit,
            "higher_is_better": spec.higher_is_better,
            "phases": list(spec.phases),
            "description": spec.description,
            "decimals": spec.decimals,
            "position": position,
        }
        current = existing.get(spec.code)
        if current is None:
            Indicator.objects.using(using).create(code=spec.code, **values)
            changed += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            current.save(using=using)
            changed += 1
    return changed
