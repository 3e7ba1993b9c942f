from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "fostering.matching"
    verbose_name = "Matching"

    def ready(self) -> None:
        """Writes to anything the household arrays depend on mark the cached features stale,
        and shares let a fostering service read the anonymised summary."""
        from django.db.models.signals import post_delete, post_save

        from fostering.costs.models import PlacementCost
        from fostering.placements.models import Placement
        from fostering.referrals import anonymise
        from fostering.register.models import Approval, Capability, Carer, CarerPreferences, Household
        from fostering.vacancies.models import Availability, Hold

        from . import features, services

        def _bump(**kwargs) -> None:
            features.bump()

        for model in (
            Household,
            Approval,
            Capability,
            Carer,
            CarerPreferences,
            Placement,
            Hold,
            Availability,
            PlacementCost,
        ):
            post_save.connect(_bump, sender=model, weak=False, dispatch_uid=f"matching-bump-{model.__name__}")
            post_delete.connect(_bump, sender=model, weak=False, dispatch_uid=f"matching-bump-del-{model.__name__}")
        if services.shared_with_user not in anonymise.SHARE_CHECKS:
            anonymise.SHARE_CHECKS.append(services.shared_with_user)
