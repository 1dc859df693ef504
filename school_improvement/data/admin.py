from django.contrib import admin

from school_improvement.core.admin import ReadOnlyAdmin
from school_improvement.data.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "kind", "file_name", "status", "actor_label")
    list_filter = ("kind", "status")
