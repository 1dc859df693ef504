"""Read-only inspections API, scoped like the pages (a school user: their own school)."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q, QuerySet
from rest_framework import mixins, serializers, viewsets

from school_improvement.accounts.permissions import Action
from school_improvement.data.imports.coded import parse_academic_year
from school_improvement.inspections.models import Framework, Inspection
from school_improvement.inspections.selectors import inspections_for_user
from school_improvement.schools.selectors import lineage_urns


class InspectionSerializer(serializers.ModelSerializer):
    urn = serializers.CharField(source="establishment.urn")
    source_file = serializers.CharField(source="import_run.file_name")
    import_run = serializers.IntegerField(source="import_run_id")

    class Meta:
        model = Inspection
        fields = [
            "inspection_number",
            "urn",
            "framework",
            "inspection_type",
            "type_grouping",
            "event_type_grouping",
            "start_date",
            "end_date",
            "publication_date",
            "relates_to_current_urn",
            "urn_at_time",
            "school_name_at_time",
            "category_of_concern",
            "judgements",
            "grade_dates",
            "outcome",
            "converted_to_graded",
            "web_link",
            "first_seen_on",
            "file_date",
            "source_file",
            "import_run",
        ]


def academic_year_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """1 September to 31 August of the academic year ``text``; None if not a year."""
    try:
        start = int(parse_academic_year(text)[:4])
    except ValueError:
        return None
    return dt.date(start, 9, 1), dt.date(start + 1, 8, 31)


class InspectionFilter(django_filters.FilterSet):
    school = django_filters.CharFilter(
        method="filter_school",
        label="URN: the school's inspections and its predecessors'",
    )
    framework = django_filters.ChoiceFilter(choices=Framework.choices)
    year = django_filters.CharFilter(
        method="filter_year", label="Academic year of the start date, e.g. 2025/26"
    )

    class Meta:
        model = Inspection
        fields = ["school", "framework", "year"]

    def filter_school(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        urns = lineage_urns(value.strip())
        return queryset.filter(Q(establishment__urn__in=urns) | Q(urn_at_time__in=urns))

    def filter_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        bounds = academic_year_bounds(value)
        if bounds is None:
            raise serializers.ValidationError(
                {"year": "expected an academic year such as 2025/26"}
            )
        return queryset.filter(start_date__range=bounds)


class InspectionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Inspections, newest first, each in its own framework (report-card judgements in
    words; EIF grades "1" to "4", "not_judged" or "not_applicable")."""

    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter
    required_action = Action.VIEW_REGISTER  # rows are scoped by the queryset

    def get_queryset(self) -> QuerySet[Inspection]:
        return inspections_for_user(self.request.user).order_by(
            "-start_date", "-inspection_number"
        )
