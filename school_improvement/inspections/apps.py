from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "school_improvement.inspections"
    label = "inspections"
    verbose_name = "Inspections"
