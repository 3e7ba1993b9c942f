"""Demo organisations: every in-scope authority and its fostering service, a few hundred
IFAs nationally (fewer in a region), one consortium per region, national and regional
analysts' bodies and the operator."""

from __future__ import annotations

import numpy as np

from fostering.core.demo.names import AGENCY_WORDS_A, AGENCY_WORDS_B
from fostering.core.demo.places import PostcodeSampler
from fostering.geography.models import Region

from .models import FosteringService, Organisation


def contribute(ctx) -> None:
    rng = ctx.rng("organisations")
    authorities = ctx.authorities
    codes = [la.code for la in authorities]
    sampler = ctx.state.get("postcodes") or PostcodeSampler(codes)
    ctx.state["postcodes"] = sampler
    missing = sampler.missing(codes)
    if missing:
        raise RuntimeError(
            f"No postcodes are loaded for {len(missing)} authorities (e.g. {missing[0]}); "
            "run `manage.py import_postcodes` first."
        )

    la_orgs = Organisation.objects.bulk_create(
        [Organisation(name=la.name + " Council", kind=Organisation.Kind.LOCAL_AUTHORITY, local_authority=la)
         for la in authorities]
    )  # fmt: skip
    services = []
    for i, (la, org) in enumerate(zip(authorities, la_orgs, strict=True)):
        pc = sampler.sample(rng, la.code, 1)
        services.append(
            FosteringService(
                organisation=org, name=f"{la.name} Fostering Service", kind=FosteringService.Kind.LOCAL_AUTHORITY,
                sector=FosteringService.Sector.PUBLIC, ofsted_urn=f"SC{100000 + i:06d}",
                address=f"County Hall, {la.name}", postcode=str(pc.postcodes[0]), local_authority=la,
                recruits_within_km=30, office_easting=float(pc.eastings[0]), office_northing=float(pc.northings[0]),
            )
        )  # fmt: skip
    la_services = FosteringService.objects.bulk_create(services)
    for service, la in zip(la_services, authorities, strict=True):
        service.regions.add(la.region_id)

    # IFAs: offices placed by postcode density; each operates in its office's region and,
    # for a quarter of them, a neighbouring one too.
    n_ifas = max(ctx.scale.min_ifas, ctx.count("ifas"))
    weights = np.array([la.postcode_count for la in authorities], dtype=float)
    office_la = rng.choice(len(authorities), size=n_ifas, p=weights / weights.sum())
    names_seen: set[str] = set()
    region_codes = list(Region.objects.values_list("code", flat=True))
    ifa_orgs, ifa_services = [], []
    for j in range(n_ifas):
        while True:
            name = f"{rng.choice(AGENCY_WORDS_A)} {rng.choice(AGENCY_WORDS_B)} Fostering"
            if name in names_seen:
                name = f"{name} {authorities[office_la[j]].name}"
            if name not in names_seen:
                break
        names_seen.add(name)
        ifa_orgs.append(Organisation(name=name, kind=Organisation.Kind.IFA))
    ifa_orgs = Organisation.objects.bulk_create(ifa_orgs)
    for j, org in enumerate(ifa_orgs):
        la = authorities[office_la[j]]
        pc = sampler.sample(rng, la.code, 1)
        voluntary = rng.random() < 0.3
        ifa_services.append(
            FosteringService(
                organisation=org, name=org.name, kind=FosteringService.Kind.IFA,
                sector=FosteringService.Sector.VOLUNTARY if voluntary else FosteringService.Sector.PRIVATE,
                ofsted_urn=f"SC{500000 + j:06d}", address=f"Unit {j % 40 + 1}, Business Park",
                postcode=str(pc.postcodes[0]), local_authority=la,
                recruits_within_km=int(rng.choice([40, 60, 80])),
                office_easting=float(pc.eastings[0]), office_northing=float(pc.northings[0]),
            )
        )  # fmt: skip
    ifa_services = FosteringService.objects.bulk_create(ifa_services)
    for j, service in enumerate(ifa_services):
        home = authorities[office_la[j]].region_id
        service.regions.add(home)
        if ctx.scale.name == "national" and rng.random() < 0.25:
            service.regions.add(region_codes[(region_codes.index(home) + 1) % len(region_codes)])

    # Consortia (one per region in scope), national and regional analysts, the operator.
    in_scope_regions = sorted({la.region_id for la in authorities})
    region_names = dict(Region.objects.values_list("code", "name"))
    consortia = []
    for code in in_scope_regions:
        members = [la for la in authorities if la.region_id == code]
        if len(members) < 2:
            continue
        c = Organisation.objects.create(name=f"{region_names[code]} Fostering Consortium", kind=Organisation.Kind.CONSORTIUM)
        c.member_authorities.set(members)
        consortia.append(c)
    national = Organisation.objects.create(name="Department for Education", kind=Organisation.Kind.NATIONAL)
    regional = {
        code: Organisation.objects.create(
            name=f"{region_names[code]} Regional Improvement Alliance", kind=Organisation.Kind.REGIONAL, region_id=code
        )
        for code in in_scope_regions
    }
    operator = Organisation.objects.create(name="National Fostering Register service team", kind=Organisation.Kind.OPERATOR)

    ctx.state.update(
        la_services={s.local_authority_id: s for s in la_services},
        la_orgs={o.local_authority_id: o for o in la_orgs},
        ifa_services=ifa_services,
        consortia=consortia,
        national_org=national,
        regional_orgs=regional,
        operator_org=operator,
    )
    ctx.log(f"  organisations: {len(la_orgs)} local authorities, {len(ifa_services)} IFAs, {len(consortia)} consortia")
