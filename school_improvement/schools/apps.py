from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "school_improvement.schools"
    label = "schools"
    verbose_name = "School register"
