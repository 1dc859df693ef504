from django.apps import AppConfig


class AllocationsConfig(AppConfig):
    name = "school_improvement.allocations"
    label = "allocations"
    verbose_name = "Allocation and entitlements"
