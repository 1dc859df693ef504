from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from school_improvement.schools.models import (
    Contact,
    Diocese,
    Establishment,
    EstablishmentLink,
    Federation,
    LocalAuthority,
    Trust,
)


@admin.register(Establishment)
class EstablishmentAdmin(SimpleHistoryAdmin):
    list_display = (
        "urn",
        "name",
        "type_name",
        "phase_name",
        "governance",
        "status_name",
    )
    list_filter = ("governance", "status_name", "phase_name")
    search_fields = ("urn", "name", "laestab", "postcode")

    # The register is GIAS's: corrections come through the next import, not by hand.
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = (
        "establishment",
        "role",
        "first_name",
        "last_name",
        "started_on",
        "ended_on",
        "source",
    )
    list_filter = ("role", "source")
    search_fields = ("establishment__name", "establishment__urn", "last_name")
    autocomplete_fields = ("establishment",)
    exclude = ("created_by", "updated_by", "created_at", "updated_at")


for model in (LocalAuthority, Trust, Federation, Diocese, EstablishmentLink):
    admin.site.register(model)
