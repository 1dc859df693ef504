from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_catalogue(sender: Any, **kwargs: Any) -> None:
    from school_improvement.indicators.services import catalogue_sync

    catalogue_sync(using=kwargs.get("using", "default"))


class IndicatorsConfig(AppConfig):
    name = "school_improvement.indicators"
    label = "indicators"
    verbose_name = "Indicators and comparators"

    def ready(self) -> None:
        post_migrate.connect(_sync_catalogue, sender=self)
