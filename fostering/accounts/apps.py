from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fostering.accounts"
    verbose_name = "Accounts and audit"
