from django.apps import AppConfig


class CategorisationConfig(AppConfig):
    name = "school_improvement.categorisation"
    label = "categorisation"
    verbose_name = "Categorisation"
