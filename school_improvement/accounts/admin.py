from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from school_improvement.accounts.models import User


@admin.register(User)
class SchoolImprovementUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Role and scope", {"fields": ("role", "establishments")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Role and scope", {"fields": ("role",)}),
    )
    autocomplete_fields = ("establishments",)
