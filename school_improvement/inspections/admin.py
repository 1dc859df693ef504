from django.contrib import admin

from school_improvement.core.admin import ReadOnlyAdmin
from school_improvement.inspections.models import Inspection


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = (
        "inspection_number",
        "establishment",
        "framework",
        "start_date",
        "category_of_concern",
    )
    list_filter = ("framework", "category_of_concern")
    search_fields = ("inspection_number", "establishment__urn", "establishment__name")
    raw_id_fields = ("establishment", "import_run")
