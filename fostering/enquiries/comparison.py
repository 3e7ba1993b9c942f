"""Front-door measures compared across services and areas, for commissioners and analysts.

A service's own measures (measures.py) are for its team. This module compares how
quickly enquirers are first contacted (target: within 1 working day) across services,
aggregated by where the enquirer lives:
* an area is the enquirer's local authority (Enquiry.local_authority), then its region,
  then England, so a commissioner sees how people in their area are treated by every
  service they asked (their LA's own and IFAs), against the region and England;
* each service's row counts only the enquiries it received from people in the chosen
  authority; an enquiry sent to three services counts once for each service and once
  per service in the area totals (each service's first contact is measured);
* the period is the last 12 months of enquiries (by when they were received).

Who sees what (accounts.scoping): commissioners see their own authorities
(commissioning_authority_codes: their LA, or their consortium's members) in full;
analysts see any authority, with every count below the threshold shown as "fewer than 5"
(core.suppression), and shares and medians hidden with them. Nobody else may use it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fostering.accounts import scoping
from fostering.accounts.models import Role
from fostering.core.suppression import Column, Table, suppress_table
from fostering.geography.models import LocalAuthority, Region

from .measures import first_contact_measure
from .models import ServiceEnquiry, Stage

PERIOD_DAYS = 365

COLUMNS = (
    Column("name", "Area or service", kind="text"),
    Column("enquiries", "Enquiries"),
    Column("contacted", "Contacted"),
    Column("within_target", "Contacted within 1 working day"),
    Column("share_within_target", "Share within target", kind="share", base="contacted"),
    Column("median_working_days", "Median working days to contact", kind="number", base="contacted"),
    Column("waiting", "Waiting for contact"),
    Column("waiting_overdue", "Waiting past target"),
)


def authorities_for(user) -> list[LocalAuthority]:
    """Authorities whose comparison the user may see: any for analysts, their own for commissioners."""
    if scoping.sees_aggregates_only(user):
        return list(LocalAuthority.objects.select_related("region").order_by("name"))
    if not scoping.has_role(user, Role.COMMISSIONER):
        return []
    codes = scoping.commissioning_authority_codes(user)
    return list(LocalAuthority.objects.filter(code__in=codes).select_related("region").order_by("name"))


def authority_for(user, code: str | None) -> LocalAuthority | None:
    """The requested authority if the user may see it; a commissioner's own by default; for
    an analyst with no choice, None (regions and England only)."""
    allowed = authorities_for(user)
    if not allowed:
        raise PermissionDenied("The front-door comparison is for commissioners and analysts.")
    if not code:
        return None if scoping.sees_aggregates_only(user) else allowed[0]
    for la in allowed:
        if la.code == code:
            return la
    raise PermissionDenied("You cannot see that authority's front-door figures.")


def _figures(rows: list[tuple], now: dt.datetime) -> dict:
    """rows: (received at, first contact at or None, stage) of service enquiries."""
    contact_rows = [(received, contacted) for received, contacted, stage in rows
                    if contacted is not None or stage == Stage.ENQUIRY]  # fmt: skip
    fc = first_contact_measure(contact_rows, now)
    return {
        "enquiries": len(rows), "contacted": fc.contacted, "within_target": fc.within_target,
        "share_within_target": fc.share_within_target, "median_working_days": fc.median_working_days,
        "waiting": fc.waiting, "waiting_overdue": fc.waiting_overdue,
    }  # fmt: skip


def comparison(
    user, code: str | None = None, *, now: dt.datetime | None = None
) -> tuple[LocalAuthority | None, list[Table]]:
    """The tables for the user: regions and England; and for a chosen authority, the
    authority against its region and England, and each service that its residents asked."""
    la = authority_for(user, code)
    now = now or timezone.now()
    since = now - dt.timedelta(days=PERIOD_DAYS)
    data = list(
        ServiceEnquiry.objects.filter(enquiry__created_at__gte=since, enquiry__created_at__lte=now).values_list(
            "fostering_service_id", "fostering_service__name", "enquiry__local_authority_id",
            "enquiry__local_authority__region_id", "enquiry__created_at", "first_contact_at", "stage",
        )
    )  # fmt: skip
    by_region: dict[str, list[tuple]] = defaultdict(list)
    for _sid, _name, _la, region, received, contacted, stage in data:
        by_region[region].append((received, contacted, stage))
    everything = [(r[4], r[5], r[6]) for r in data]
    aggregates_only = scoping.sees_aggregates_only(user)

    def suppress(row: dict) -> bool:
        return aggregates_only

    note = f"Enquiries received from {since:%-d %B %Y} to {now:%-d %B %Y}, by where the enquirer lives."
    england = {"area_key": "E92000001", "name": "England", **_figures(everything, now)}
    regions = [{"area_key": r.code, "name": r.name, **_figures(by_region.get(r.code, []), now)}
               for r in Region.objects.order_by("name")]  # fmt: skip
    tables = [suppress_table(Table("regions", "By region", COLUMNS, [*regions, england], note), suppress)]
    if la is not None:
        in_la = [r for r in data if r[2] == la.code]
        region_row = next(r for r in regions if r["area_key"] == la.region_id)
        area_rows = [{"area_key": la.code, "name": la.name, **_figures([(r[4], r[5], r[6]) for r in in_la], now)},
                     region_row, england]  # fmt: skip
        tables.insert(0, suppress_table(
            Table("area", f"{la.name} against {la.region.name} and England", COLUMNS, area_rows, note), suppress
        ))  # fmt: skip
        per_service: dict[int, list[tuple]] = defaultdict(list)
        names: dict[int, str] = {}
        for sid, name, _la, _region, received, contacted, stage in in_la:
            per_service[sid].append((received, contacted, stage))
            names[sid] = name
        service_rows = [{"area_key": str(sid), "name": names[sid], **_figures(per_service[sid], now)}
                        for sid in sorted(per_service, key=lambda s: names[s])]  # fmt: skip
        tables.insert(1, suppress_table(
            Table("services", f"Services that people in {la.name} asked", COLUMNS, service_rows,
                  "Each service's first contact with the enquirers who chose it."), suppress,
        ))  # fmt: skip
    return la, tables
