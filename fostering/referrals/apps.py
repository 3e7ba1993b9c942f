from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "fostering.referrals"
    verbose_name = "Referrals"
