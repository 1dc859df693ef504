from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "school_improvement.people"
    label = "people"
    verbose_name = "System Leaders and advisers"
