from django.contrib import admin

from school_improvement.core.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the system (imports, runs, audit): shown in the admin,
    never added, changed or deleted there."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "actor_label", "verb", "summary")
    list_filter = ("verb",)
    search_fields = ("summary", "object_id")
