"""Demo sign-ins, one per role, printed at the end of ``generate_demo`` and by ``demo_logins``.

They work in the "lead" authority of the demo (Kent when it is in scope). The password is
the same for all demo users and is not a secret: it only ever protects generated data.
Set DEMO_PASSWORD to choose another.
"""

from __future__ import annotations

import os

from django.contrib.auth.models import Group

from .models import Role, User

DEMO_PASSWORD_DEFAULT = "fostering-demo"  # noqa: S105 - demo data only, printed on screen


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)


def lead_authority_code(ctx) -> str:
    codes = [la.code for la in ctx.authorities]
    return "E10000016" if "E10000016" in codes else max(ctx.authorities, key=lambda la: la.postcode_count).code


def make_user(username: str, first: str, last: str, organisation, roles: list[Role], **extra) -> User:
    user = User(username=username, first_name=first, last_name=last, organisation=organisation,
                email=f"{username}@example.org", **extra)  # fmt: skip
    user.set_password(demo_password())
    user.save()
    user.groups.set([Group.objects.get_or_create(name=r.label)[0] for r in roles])
    return user


def contribute(ctx) -> None:
    lead = lead_authority_code(ctx)
    la_org = ctx.state["la_orgs"][lead]
    ifa = ctx.state["ifa_services"][0]
    region = next(la.region_id for la in ctx.authorities if la.code == lead)
    users = {
        "placement.officer": make_user("placement.officer", "Priya", "Shah", la_org, [Role.PLACEMENT_OFFICER]),
        "fostering.team": make_user("fostering.team", "Mark", "Evans", la_org, [Role.FOSTERING_TEAM]),
        "ifa.team": make_user("ifa.team", "Grace", "Okafor", ifa.organisation, [Role.FOSTERING_TEAM]),
        "commissioner": make_user("commissioner", "Helen", "Wright", la_org, [Role.COMMISSIONER]),
        "analyst": make_user("analyst", "Tom", "Clarke", ctx.state["national_org"], [Role.ANALYST]),
        "regional.analyst": make_user(
            "regional.analyst", "Sam", "Hughes", ctx.state["regional_orgs"][region], [Role.ANALYST]
        ),
        "admin": make_user(
            "admin", "Alex", "Moore", ctx.state["operator_org"], [Role.ADMINISTRATOR],
            is_staff=True, is_superuser=True,
        ),
    }  # fmt: skip
    if ctx.state["consortia"]:
        users["consortium.commissioner"] = make_user(
            "consortium.commissioner", "Ruth", "Hall", ctx.state["consortia"][0], [Role.COMMISSIONER]
        )
    ctx.state["users"] = users
    ctx.state["lead_authority"] = lead


DESCRIPTIONS = {
    "placement.officer": "Placement officer (local authority)",
    "fostering.team": "Fostering team (local authority service)",
    "ifa.team": "Fostering team (independent fostering agency)",
    "carer": "Foster carer",
    "commissioner": "Commissioner (local authority)",
    "consortium.commissioner": "Commissioner (consortium)",
    "analyst": "Analyst (national, aggregates only)",
    "regional.analyst": "Analyst (regional, aggregates only)",
    "admin": "Administrator",
}


def login_lines() -> list[str]:
    lines = []
    for username, description in DESCRIPTIONS.items():
        user = User.objects.filter(username=username).select_related("organisation").first()
        if user:
            org = user.organisation.name if user.organisation else ""
            lines.append(f"  {description:<45} {username:<24} {org}")
    return lines
