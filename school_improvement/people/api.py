"""Read-only advisers' register API: the register page's rows (eligibility with the
reasons when not, accreditations held, their own school's latest inspection), its
filters and its permission (``view_advisers``). An unknown filter value is refused
with the values allowed, rather than ignored as the page does, so that a script
never mistakes a typo for an empty register."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from school_improvement.accounts.permissions import Action
from school_improvement.core import clock
from school_improvement.people import selectors
from school_improvement.people.models import Accreditation, Phase
from school_improvement.schools.models import LocalAuthority

YES_NO = ("yes", "no")


class AccreditationSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField(source="get_kind_display")
    awarded_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    reference = serializers.CharField()


class OwnSchoolSerializer(serializers.Serializer):
    urn = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()
    latest_inspection = serializers.CharField(allow_null=True)
    latest_inspection_framework = serializers.CharField(allow_null=True)
    latest_inspection_date = serializers.DateField(allow_null=True)


class AdviserSerializer(serializers.Serializer):
    """One row of the register, read from ``selectors.AdviserRow``."""

    id = serializers.IntegerField(source="adviser.pk")
    title = serializers.CharField(source="adviser.title")
    name = serializers.CharField(source="adviser.full_name")
    la = serializers.CharField(source="adviser.la.code")
    email = serializers.CharField(source="adviser.email")
    organisation = serializers.CharField(source="adviser.organisation")
    own_school = serializers.SerializerMethodField()
    retired_on = serializers.DateField(source="adviser.retired_on", allow_null=True)
    phases = serializers.ListField(
        child=serializers.CharField(), source="adviser.phases"
    )
    specialisms = serializers.ListField(
        child=serializers.CharField(), source="adviser.specialisms"
    )
    home_postcode = serializers.CharField(source="adviser.home_postcode")
    latitude = serializers.FloatField(source="adviser.latitude", allow_null=True)
    longitude = serializers.FloatField(source="adviser.longitude", allow_null=True)
    max_travel_km = serializers.IntegerField(
        source="adviser.max_travel_km", allow_null=True
    )
    capacity_days_per_term = serializers.DecimalField(
        max_digits=5, decimal_places=1, source="adviser.capacity_days_per_term"
    )
    active = serializers.BooleanField(source="adviser.active")
    started_on = serializers.DateField(source="adviser.started_on")
    accreditations = AccreditationSerializer(many=True, source="current")
    eligible = serializers.BooleanField(source="eligibility.eligible")
    eligibility_policy = serializers.CharField(source="eligibility.policy")
    not_eligible_because = serializers.ListField(
        child=serializers.CharField(), source="eligibility.reasons"
    )

    @extend_schema_field(OwnSchoolSerializer(allow_null=True))
    def get_own_school(self, row: selectors.AdviserRow) -> dict[str, Any] | None:
        school = row.adviser.own_school
        if school is None:
            return None
        return OwnSchoolSerializer(
            {
                "urn": school.urn,
                "name": school.name,
                "role": row.adviser.own_school_role,
                "latest_inspection": row.outcome.text if row.outcome else None,
                "latest_inspection_framework": row.outcome.framework
                if row.outcome
                else None,
                "latest_inspection_date": row.outcome.date if row.outcome else None,
            }
        ).data


def _choice(request: Request, name: str, allowed: Any) -> str:
    value = request.query_params.get(name, "")
    if value and value not in allowed:
        raise ValidationError(
            {name: [f"expected one of {', '.join(allowed)}; got {value!r}"]}
        )
    return value


FILTERS = [
    OpenApiParameter(
        "la", str, description="An LA code; the register's main LA if not given"
    ),
    OpenApiParameter("eligible", str, enum=list(YES_NO)),
    OpenApiParameter(
        "accreditation", str, enum=list(Accreditation.values), description="Held today"
    ),
    OpenApiParameter("phase", str, enum=list(Phase.values)),
    OpenApiParameter("active", str, enum=list(YES_NO)),
]


class AdviserViewSet(viewsets.GenericViewSet):
    """System Leaders and advisers with their eligibility today, as the register
    page shows them; for officers, senior officers, administrators and quality
    assurers. Others get 403; an adviser out of scope answers 404."""

    serializer_class = AdviserSerializer
    required_action = Action.VIEW_ADVISERS
    filter_backends: list[Any] = []

    def _la(self) -> LocalAuthority | None:
        code = self.request.query_params.get("la", "")
        try:
            return selectors.register_la(code)
        except LocalAuthority.DoesNotExist:
            raise ValidationError(
                {"la": [f"no local authority with code {code!r}"]}
            ) from None

    @extend_schema(parameters=FILTERS)
    def list(self, request: Request) -> Response:
        chosen = {
            "eligible": _choice(request, "eligible", YES_NO),
            "active": _choice(request, "active", YES_NO),
            "accreditation": _choice(request, "accreditation", Accreditation.values),
            "phase": _choice(request, "phase", Phase.values),
        }
        register = selectors.adviser_register(
            request.user, la=self._la(), today=clock.today(), **chosen
        )
        page = self.paginate_queryset(register.shown)
        rows = register.shown if page is None else page
        data = AdviserSerializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, pk: str) -> Response:
        if not pk.isdigit():
            raise Http404("No such adviser")
        adviser = selectors.adviser_get(request.user, int(pk))
        row = selectors.adviser_row(adviser, today=clock.today())
        return Response(AdviserSerializer(row).data)
