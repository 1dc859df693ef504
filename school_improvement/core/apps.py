from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "school_improvement.core"
    label = "core"
    verbose_name = "Core"
