from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "school_improvement.visits"
    label = "visits"
    verbose_name = "Visits and quality assurance"
