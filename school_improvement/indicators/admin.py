from django.contrib import admin

from school_improvement.core.admin import ReadOnlyAdmin
from school_improvement.indicators.models import (
    AreaValue,
    Indicator,
    IndicatorValue,
    IndicatorValueRevision,
    StatisticalNeighbours,
)


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "source", "unit", "higher_is_better")
    list_filter = ("source", "unit")


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = (
        "establishment",
        "indicator",
        "academic_year",
        "phase",
        "raw",
        "status",
        "release",
    )
    list_filter = ("indicator__source", "academic_year", "status", "release")
    search_fields = ("establishment__urn", "establishment__name", "indicator__code")
    raw_id_fields = ("establishment", "import_run")


@admin.register(IndicatorValueRevision)
class IndicatorValueRevisionAdmin(ReadOnlyAdmin):
    list_display = ("of", "raw", "release", "replaced_at")
    raw_id_fields = ("of", "import_run", "replaced_by")


@admin.register(AreaValue)
class AreaValueAdmin(ReadOnlyAdmin):
    list_display = (
        "indicator",
        "level",
        "la_code",
        "academic_year",
        "phase",
        "raw",
        "status",
    )
    list_filter = ("level", "indicator__source", "academic_year")
    search_fields = ("la_code", "indicator__code")


@admin.register(StatisticalNeighbours)
class StatisticalNeighboursAdmin(admin.ModelAdmin):
    list_display = ("la_code", "source", "updated_at")
