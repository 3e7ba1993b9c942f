"""``manage.py optimise_referrals --consortium ID | --region CODE [--la CODE]``: run the batch
optimiser for every open referral of an area and list the proposed households. Nothing is
held or placed: officers act on the proposals through the normal workflow."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fostering.geography.models import LocalAuthority
from fostering.organisations.models import Organisation
from fostering.referrals.models import Referral
from fostering.register.models import Household


class Command(BaseCommand):
    help = "Propose households for all open referrals of a consortium, region or authority (no placements made)."

    def add_arguments(self, parser):
        area = parser.add_mutually_exclusive_group(required=True)
        area.add_argument("--consortium", type=int, help="Consortium organisation id.")
        area.add_argument("--region", help="Region code, e.g. E12000008.")
        area.add_argument("--la", help="Local authority code, e.g. E10000016.")
        parser.add_argument("--solver", choices=("flow", "scipy"), default="flow")

    def handle(self, *args, consortium=None, region=None, la=None, solver="flow", **options):
        from fostering.matching import engine, simulation

        if consortium is not None:
            org = Organisation.objects.filter(pk=consortium, kind=Organisation.Kind.CONSORTIUM).first()
            if org is None:
                raise CommandError(f"There is no consortium with id {consortium}.")
            codes = list(org.member_authorities.values_list("code", flat=True))
            area = org.name
        elif region is not None:
            codes = list(LocalAuthority.objects.filter(region_id=region).values_list("code", flat=True))
            if not codes:
                raise CommandError(f"There is no region {region} with authorities.")
            area = region
        else:
            if not LocalAuthority.objects.filter(code=la).exists():
                raise CommandError(f"There is no local authority {la}.")
            codes, area = [la], la
        referrals = Referral.objects.filter(status=Referral.Status.OPEN, local_authority_id__in=codes)
        instance = simulation.build_instance(referrals)
        if not instance.units:
            self.stdout.write(f"No open referral in {area}.")
            return
        problem = engine.build_problem(instance.features, instance.units)
        assignment = engine.solve(problem, solver)
        refs = {r.pk: r.reference for r in referrals}
        ids = assignment.household_ids(instance.features)
        services = dict(
            Household.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "fostering_service__name")
        )
        self.stdout.write(f"{'referral':<24} {'child':>5} {'household':>9} {'score':>6}  service")
        for u, unit in enumerate(instance.units):
            hid = ids[u]
            child = "all" if len(unit.children) > 1 else str(unit.children and 1)
            if hid is None:
                self.stdout.write(
                    f"{refs.get(unit.referral_id, '?'):<24} {child:>5} {'—':>9} {'':>6}  no eligible household"
                )
            else:
                self.stdout.write(
                    f"{refs.get(unit.referral_id, '?'):<24} {child:>5} {hid:>9} {assignment.weight[u] / 100:>6.1f}  "
                    f"{services.get(hid, '')}"
                )
        self.stdout.write(
            f"Proposed homes for {assignment.assigned} of {len(instance.units)} referrals in {area} "
            f"(total score {assignment.total_score:.0f}, solver {assignment.solver}); nothing was held or placed."
        )
