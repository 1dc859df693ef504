from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "school_improvement.support"
    label = "support"
    verbose_name = "Support and strategy meetings"
