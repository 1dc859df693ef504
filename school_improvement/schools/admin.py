from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from school_improvement.core.admin import ReadOnlyAdmin
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
class EstablishmentAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
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
