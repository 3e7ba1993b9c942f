"""Navigation per role: what each kind of user sees in the service header.

An item appears only when its page exists (its URL name resolves) and the user holds one
of its roles, so apps add pages without touching the template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from fostering.accounts.models import Role

R = Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[Role]
    description: str = ""


NAVIGATION: tuple[NavItem, ...] = (
    NavItem("Children", "children:list", frozenset({R.PLACEMENT_OFFICER}),
            "Children your authority looks after, their needs profiles and voice."),
    NavItem("Referrals", "referrals:list", frozenset({R.PLACEMENT_OFFICER}),
            "Find a home for a child or sibling group, needs first."),
    NavItem("Search the register", "register:search", frozenset({R.PLACEMENT_OFFICER}),
            "Capability and availability of every fostering household in England."),
    NavItem("Holds", "vacancies:holds", frozenset({R.PLACEMENT_OFFICER}),
            "Places your authority is holding, when each hold ends, and releasing them."),
    NavItem("Households", "register:household-list", frozenset({R.FOSTERING_TEAM}),
            "Your service's households, approvals, training and capability."),
    NavItem("Vacancies", "vacancies:service-vacancies", frozenset({R.FOSTERING_TEAM}),
            "Confirm which places are free so the register can be trusted."),
    NavItem("Shared referrals", "matching:inbox", frozenset({R.FOSTERING_TEAM}),
            "Referrals shared with your service: offer or decline."),
    NavItem("Enquiries", "enquiries:queue", frozenset({R.FOSTERING_TEAM}),
            "People who want to foster, from first contact to panel."),
    NavItem("Carers leaving", "exits:list", frozenset({R.FOSTERING_TEAM}),
            "Households that resigned or were deregistered, and their exit interviews."),
    NavItem("Home profiles", "homes:service-list", frozenset({R.FOSTERING_TEAM}),
            "What children see about each of your homes before they move in."),
    NavItem("Why carers leave", "exits:analytics", frozenset({R.ANALYST}),
            "Exit interviews and how long carers fostered, small numbers suppressed."),
    NavItem("Homes shared", "homes:shares", frozenset({R.PLACEMENT_OFFICER}),
            "Home profiles shared with children, and whether they saw them before moving."),
    NavItem("Our home for children", "homes:my-profile", frozenset({R.CARER}),
            "What a child sees about your home before they move in."),
    NavItem("My household", "register:my-household", frozenset({R.CARER}),
            "Your household's profile, approval and training."),
    NavItem("My availability", "vacancies:my-availability", frozenset({R.CARER}),
            "Tell placement officers when you can take a child."),
    NavItem("Children needing a home", "matching:carer-referrals", frozenset({R.CARER}),
            "Anonymised referrals you could help with."),
    NavItem("Sufficiency", "sufficiency:dashboard", frozenset({R.COMMISSIONER, R.ANALYST}),
            "Supply against demand, gaps and recruitment targets."),
    NavItem("Costs", "costs:dashboard", frozenset({R.COMMISSIONER, R.ANALYST}),
            "What placements cost and what the money buys."),
    NavItem("Children's survey", "experience:links", frozenset({R.PLACEMENT_OFFICER}),
            "Send children the survey and see what they say, against region and England."),
    NavItem("Survey results", "experience:results", frozenset({R.COMMISSIONER, R.ANALYST}),
            "Children's experience of care per authority, region and England."),
    NavItem("Delegated authority", "support:delegation-list", frozenset({R.PLACEMENT_OFFICER}),
            "What carers may decide for your children, and why not where they may not."),
    NavItem("Staying Put", "support:staying-put", frozenset({R.PLACEMENT_OFFICER}),
            "Young people aged 16 and 17: who wants to stay after 18, and who has no plan."),
    NavItem("Allegations", "support:allegations", frozenset({R.FOSTERING_TEAM}),
            "Allegations against your households, their timing and outcomes."),
    NavItem("Peer support", "support:networks", frozenset({R.FOSTERING_TEAM}),
            "Mockingbird-style networks of carers, and whether they help."),
    NavItem("Carers' delegated authority", "support:service-delegation-list", frozenset({R.FOSTERING_TEAM}),
            "What your carers may decide for the children living with them (read only)."),
    NavItem("Front door compared", "enquiries:comparison", frozenset({R.COMMISSIONER, R.ANALYST}),
            "How quickly enquirers are first contacted, by service, authority, region and England."),
    NavItem("What I can decide", "support:my-delegated-authority", frozenset({R.CARER}),
            "Delegated authority for the children living with you, and your network."),
    NavItem("Audit log", "accounts:audit-log", frozenset({R.ADMINISTRATOR}),
            "Who read or changed which record."),
    NavItem("Administration", "admin:index", frozenset({R.ADMINISTRATOR}),
            "Organisations, users and roles."),
)  # fmt: skip


def items_for(user) -> list[dict]:
    """The navigation items the user may use, with resolved URLs."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    roles = user.roles
    items = []
    for item in NAVIGATION:
        if not roles.intersection(item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "description": item.description})
    return items
