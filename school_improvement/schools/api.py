"""Read-only register API: the same filters and permission checks as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import viewsets

from school_improvement.accounts.permissions import Action
from school_improvement.schools import selectors
from school_improvement.schools.filters import EstablishmentFilter
from school_improvement.schools.models import Establishment
from school_improvement.schools.serializers import (
    EstablishmentDetailSerializer,
    EstablishmentListSerializer,
)


class EstablishmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Establishments in the caller's scope. A school user sees only their own; asking
    for another school's URN answers 404, as if it did not exist."""

    lookup_field = "urn"
    filterset_class = EstablishmentFilter
    required_action = Action.VIEW_SCHOOL

    def get_queryset(self) -> QuerySet[Establishment]:
        return selectors.establishment_list_for_user(self.request.user).select_related(
            "federation", "diocese"
        )

    def get_serializer_class(self) -> Any:
        return (
            EstablishmentDetailSerializer
            if self.action == "retrieve"
            else EstablishmentListSerializer
        )
