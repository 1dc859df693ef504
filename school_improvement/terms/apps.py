from django.apps import AppConfig


class TermsConfig(AppConfig):
    name = "school_improvement.terms"
    label = "terms"
    verbose_name = "Term calendar"
