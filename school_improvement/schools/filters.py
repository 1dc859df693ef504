"""One set of register filters, used by the schools page and the API alike."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from school_improvement.schools.models import Establishment, Governance


class EstablishmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Name, URN, LAESTAB or postcode"
    )
    phase = django_filters.CharFilter(
        field_name="phase_name", lookup_expr="iexact", label="Phase"
    )
    type = django_filters.CharFilter(
        field_name="type_name", lookup_expr="iexact", label="Type"
    )
    governance = django_filters.ChoiceFilter(
        choices=Governance.choices, label="Governance"
    )
    trust = django_filters.CharFilter(
        field_name="trust__code", label="Trust (GIAS group UID)"
    )
    status = django_filters.CharFilter(
        field_name="status_name", lookup_expr="iexact", label="Status"
    )
    la = django_filters.CharFilter(field_name="la__code", label="LA code")

    class Meta:
        model = Establishment
        fields: list[str] = []

    def search(
        self, queryset: QuerySet[Establishment], name: str, value: str
    ) -> QuerySet[Establishment]:
        value = value.strip()
        if not value:
            return queryset
        compact = value.replace(" ", "").replace("/", "")
        query = (
            Q(name__icontains=value)
            | Q(postcode__iexact=value)
            | Q(town__icontains=value)
        )
        if compact.isdigit():
            query |= Q(urn=compact) | Q(laestab=compact)
        return queryset.filter(query)
