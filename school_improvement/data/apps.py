from django.apps import AppConfig


class DataConfig(AppConfig):
    name = "school_improvement.data"
    label = "data"
    verbose_name = "Official data"
