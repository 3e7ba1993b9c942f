"""Reading referrals: scoped to the referring authority; opening a referral reads its
children's records, so each child read is audited like any other (children.selectors).

:func:`referral_document` builds the strengths-first document: for every child, first
what they are good at and what they say in their own words, then the people who matter
to them, and only then what they need from carers (written with each domain's
``carer_phrase``, never as a list of past incidents).
"""

from __future__ import annotations

from django.db.models import Count, QuerySet

from fostering.accounts import audit, scoping
from fostering.core.needs import NEED_DOMAINS, NeedLevel, StrengthLevel

from .models import Referral, ReferralChild


def _user_of(request_or_user):
    return getattr(request_or_user, "user", request_or_user)


def referrals_for(request_or_user, status: str = "") -> QuerySet[Referral]:
    """The user's authority's referrals (none for anyone else), newest first."""
    qs = scoping.scope_to_local_authority(Referral.objects.all(), _user_of(request_or_user))
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(children_count=Count("referral_children")).order_by("-created_at", "-id")


def get_referral(request_or_user, referral_id: int) -> Referral:
    """One referral of the user's authority, with its children; audits the referral and
    each child's record. Raises Referral.DoesNotExist for anyone else's."""
    referral = scoping.scope_to_local_authority(Referral.objects.all(), _user_of(request_or_user)).get(pk=referral_id)
    audit.record(request_or_user, "read", referral)
    for entry in referral.referral_children.select_related("child"):
        audit.record(request_or_user, "read", entry.child, detail=f"in referral {referral.reference}")
    return referral


def entries(referral: Referral) -> list[ReferralChild]:
    return list(
        referral.referral_children.select_related("child", "child__voice", "needs_profile").prefetch_related(
            "child__important_people"
        )
    )


def strengths_and_needs(profile) -> tuple[list[dict], list[dict]]:
    """A profile as (strengths, needs): strengths strongest first (0 centrepiece … 2),
    needs highest first (1 watch … 3 intensive), each with the carer phrase."""
    strengths, needs = [], []
    narratives = profile.narratives or {}
    for d in NEED_DOMAINS:
        s = getattr(profile, f"strength_{d.code}")
        n = getattr(profile, f"need_{d.code}")
        if s <= 2:
            strengths.append(
                {"domain": d.code, "label": d.label, "level": s, "level_label": StrengthLevel(s).label,
                 "narrative": narratives.get(d.code, "")}
            )  # fmt: skip
        if n >= 1:
            needs.append(
                {"domain": d.code, "label": d.label, "level": n, "level_label": NeedLevel(n).label,
                 "from_carers": d.carer_phrase, "narrative": narratives.get(d.code, "")}
            )  # fmt: skip
    strengths.sort(key=lambda r: r["level"])
    needs.sort(key=lambda r: -r["level"])
    return strengths, needs


def referral_document(referral: Referral) -> dict:
    """The referral document's content, strengths first (see module docstring). Call
    only after :func:`get_referral` (which checks scope and audits)."""
    children = []
    for entry in entries(referral):
        child = entry.child
        strengths, needs = strengths_and_needs(entry.needs_profile)
        children.append(
            {
                "entry": entry,
                "child": child,
                "age": child.age_on(),
                "profile": entry.needs_profile,
                "strengths": strengths,
                "voice": getattr(child, "voice", None),
                "people": list(child.important_people.all()),
                "needs": needs,
                "apart_reason": entry.apart_reason,
            }
        )
    return {"referral": referral, "children": children}


def time_open_summary(request_or_user, *, days: int = 365) -> dict:
    """How long the authority's referrals stayed open, for those closed (matched, placed or
    withdrawn) in the last ``days``: count and median/longest days, and how many are open
    now. Computed in Python from the timestamps (a few thousand rows at most)."""
    import datetime as dt
    import statistics

    from django.utils import timezone

    from .services import time_open

    since = timezone.now() - dt.timedelta(days=days)
    qs = scoping.scope_to_local_authority(Referral.objects.all(), _user_of(request_or_user)).filter(
        opened_at__isnull=False
    )
    closed = [
        time_open(r).total_seconds() / 86400
        for r in qs.exclude(status=Referral.Status.OPEN).only("opened_at", "matched_at", "placed_at", "withdrawn_at")
        if max(t for t in (r.matched_at, r.placed_at, r.withdrawn_at, r.opened_at) if t is not None) >= since
    ]
    return {
        "open_now": qs.filter(status=Referral.Status.OPEN).count(),
        "closed": len(closed),
        "median_days": round(statistics.median(closed), 1) if closed else None,
        "longest_days": round(max(closed), 1) if closed else None,
    }
