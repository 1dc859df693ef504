"""Read-only indicator API: the catalogue, school values (scoped like the pages) and
the LA and England comparators (published data, for every signed-in user)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets

from school_improvement.accounts.permissions import Action
from school_improvement.indicators.models import AreaValue, Indicator, IndicatorValue
from school_improvement.indicators.selectors import area_values, values_for_user


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "source",
            "unit",
            "higher_is_better",
            "phases",
            "description",
            "decimals",
        ]


_VALUE_FIELDS = [
    "indicator",
    "academic_year",
    "phase",
    "value",
    "status",
    "raw",
    "release",
    "source_file",
    "import_run",
    "updated_at",
]


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    urn = serializers.CharField(source="establishment.urn")
    source_file = serializers.CharField(source="import_run.file_name")
    import_run = serializers.IntegerField(source="import_run_id")

    class Meta:
        model = IndicatorValue
        fields = ["urn", *_VALUE_FIELDS, "england_percentile"]


class AreaValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    source_file = serializers.CharField(source="import_run.file_name")
    import_run = serializers.IntegerField(source="import_run_id")

    class Meta:
        model = AreaValue
        fields = ["level", "la_code", *_VALUE_FIELDS]


class _ValueFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code")
    year = django_filters.CharFilter(field_name="academic_year", label="e.g. 2023/24")
    phase = django_filters.CharFilter()


class IndicatorValueFilter(_ValueFilter):
    school = django_filters.CharFilter(field_name="establishment__urn", label="URN")

    class Meta:
        model = IndicatorValue
        fields = ["school", "indicator", "year", "phase"]


class AreaValueFilter(_ValueFilter):
    level = django_filters.ChoiceFilter(
        choices=AreaValue._meta.get_field("level").choices
    )
    la = django_filters.CharFilter(field_name="la_code", label="LA code, e.g. 931")

    class Meta:
        model = AreaValue
        fields = ["level", "la", "indicator", "year", "phase"]


class IndicatorViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The indicator catalogue."""

    serializer_class = IndicatorSerializer
    required_action = Action.VIEW_REGISTER
    pagination_class = None

    def get_queryset(self) -> QuerySet[Indicator]:
        return Indicator.objects.all()


class IndicatorValueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """School values with their status (a missing value is never zero), release,
    source file and England percentile."""

    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilter
    required_action = Action.VIEW_REGISTER  # rows are scoped by the queryset

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        return values_for_user(self.request.user).order_by(
            "establishment__urn", "indicator__position", "academic_year", "phase"
        )


class AreaValueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """LA and England values: the comparators."""

    serializer_class = AreaValueSerializer
    filterset_class = AreaValueFilter
    required_action = Action.VIEW_REGISTER

    def get_queryset(self) -> QuerySet[AreaValue]:
        return area_values().order_by(
            "indicator__position", "academic_year", "level", "la_code", "phase"
        )
