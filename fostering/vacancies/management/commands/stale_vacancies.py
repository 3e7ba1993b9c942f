"""``manage.py stale_vacancies [--service URN]``: the daily list of vacancies that need
confirming, per fostering service — how many are amber (7+ days) and red (14+ days or
never confirmed), and which households. The scheduled job "Stale vacancies" (fostering/jobs)
tells carers and services by notification when a vacancy turns amber or red."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from fostering.vacancies.freshness import describe
from fostering.vacancies.selectors import stale_vacancies_by_service


class Command(BaseCommand):
    help = "List stale vacancies (amber and red) per fostering service."

    def add_arguments(self, parser):
        parser.add_argument("--service", help="Only this service (Ofsted URN).")

    def handle(self, *args, service: str | None = None, **options):
        now = timezone.now()
        report = stale_vacancies_by_service(now, service_urn=service)
        amber = sum(r["amber"] for r in report)
        red = sum(r["red"] for r in report)
        for r in report:
            s = r["service"]
            self.stdout.write(
                f"{s.name} ({s.ofsted_urn}): {r['amber']} amber, {r['red']} red of {r['total']} active households"
            )
            for item in r["households"]:
                h = item["household"]
                self.stdout.write(
                    f"  {item['freshness'].value:<5} {h.reference:<12} {describe(item['last_confirmed_at'], now)}"
                )
        self.stdout.write(f"{len(report)} service(s) with stale vacancies: {amber} amber, {red} red.")
