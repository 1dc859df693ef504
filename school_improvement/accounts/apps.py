from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "school_improvement.accounts"
    label = "accounts"
    verbose_name = "Users and roles"
