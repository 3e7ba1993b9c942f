"""One-time survey links: issuing them in bulk for a round or to one child, finding one
from its token, and turning a submitted survey into an anonymous response.

A token is 32 random bytes (``secrets.token_urlsafe``): unguessable. Only its SHA-256 is
stored, so the raw link exists only on the page the officer sees once. A link works once
and until it expires (``SURVEY_LINK_DAYS``, 28 days by default).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fostering.accounts import audit, scoping
from fostering.accounts.models import Role
from fostering.children.models import Child

from .models import SurveyLink, SurveyResponse, SurveyRound, hash_token
from .questions import QUESTION_CODES, age_group_for


def link_lifetime() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "SURVEY_LINK_DAYS", 28)))


class LinkUnusable(Exception):
    """The link does not exist, has been used or has expired; ``reason`` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class IssuedLink:
    link: SurveyLink
    child: Child
    token: str


def issuing_authority(user) -> str:
    """The authority whose children a placement officer may send links to."""
    scoping.require_role(user, Role.PLACEMENT_OFFICER)
    codes = scoping.local_authority_codes(user)
    if not codes:
        raise PermissionDenied("Only a local authority's placement officers can send survey links.")
    return sorted(codes)[0]


def eligible_children(user, survey_round: SurveyRound, today: dt.date | None = None):
    """The authority's children in care aged 4 to 17 who have no link for this round yet."""
    code = issuing_authority(user)
    today = today or timezone.localdate()
    oldest = dt.date(today.year - 18, today.month, min(today.day, 28))
    youngest = dt.date(today.year - 4, today.month, min(today.day, 28))
    return (
        Child.objects.filter(
            local_authority_id=code, in_care=True, date_of_birth__gt=oldest, date_of_birth__lte=youngest
        )
        .exclude(survey_links__round=survey_round)
        .order_by("la_child_id")
    )


def issue_links(user, survey_round: SurveyRound, *, now=None) -> list[IssuedLink]:
    """Issue a link to every eligible child of the officer's authority (bulk, for a round)."""
    now = now or timezone.now()
    code = issuing_authority(user)
    issued: list[IssuedLink] = []
    with transaction.atomic():
        for child in eligible_children(user, survey_round, now.date()):
            group = age_group_for(child.age_on(now.date()))
            if group is None:
                continue
            raw = secrets.token_urlsafe(32)
            link = SurveyLink(
                round=survey_round, local_authority_id=code, child=child, age_group=group,
                token_hash=hash_token(raw), issued_by=user, issued_at=now, expires_at=now + link_lifetime(),
            )  # fmt: skip
            issued.append(IssuedLink(link, child, raw))
        SurveyLink.objects.bulk_create([i.link for i in issued], batch_size=1000)
    audit.record(user, "create", object_type="experience.surveylink", object_id=survey_round.pk,
                 detail=f"{len(issued)} survey links issued for {survey_round.name}")  # fmt: skip
    return issued


@dataclass(frozen=True)
class IssuedOne:
    issued: IssuedLink
    replaced: bool  # the child's earlier, unused link for the round stopped working


def issue_one_link(user, survey_round: SurveyRound, la_child_id: str, *, now=None) -> IssuedOne:
    """Issue one child's link for a round (their age picks the survey version), for an
    officer passing it on by hand: a new child in care, or a link that was lost or ran out.

    A child has one link per round. If their earlier link was never used it is replaced
    (the old one stops working); if it was used, no new link is given, so nobody answers
    twice. That tells the officer the child took part, never what they said: answers
    are stored without the child, as for bulk links."""
    now = now or timezone.now()
    code = issuing_authority(user)
    today = timezone.localtime(now).date()
    if survey_round.closes_on < today:
        raise ValidationError(
            f"{survey_round.name} closed on {survey_round.closes_on:%-d %B %Y}. Choose an open round."
        )
    reference = (la_child_id or "").strip()
    child = Child.objects.filter(local_authority_id=code, la_child_id__iexact=reference).first()
    if child is None or not child.in_care:
        raise ValidationError(
            f"There is no child with the reference {reference} in your authority's care. Check the reference."
        )
    age = child.age_on(today)
    group = age_group_for(age)
    if group is None:
        raise ValidationError(f"Child {child.la_child_id} is {age}. The survey is for children aged 4 to 17.")
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        existing = SurveyLink.objects.select_for_update().filter(round=survey_round, child=child).first()
        if existing is not None and existing.used:
            raise ValidationError(
                f"Child {child.la_child_id}'s link for {survey_round.name} has already been used. "
                "Each child answers once in a round."
            )
        link = existing or SurveyLink(round=survey_round, local_authority_id=code, child=child)
        link.age_group, link.token_hash, link.issued_by = group, hash_token(raw), user
        link.issued_at, link.expires_at = now, now + link_lifetime()
        try:
            with transaction.atomic():
                link.save()
        except IntegrityError as exc:  # another officer issued this child's link at the same moment
            raise ValidationError(
                f"A link for child {child.la_child_id} was issued a moment ago. Try again to replace it."
            ) from exc
    audit.record(user, "update" if existing else "create", link,
                 detail=f"one survey link issued for {survey_round.name}{' (replaces an unused link)' if existing else ''}")  # fmt: skip
    return IssuedOne(IssuedLink(link, child, raw), replaced=existing is not None)


def find_link(raw: str, *, now=None) -> SurveyLink:
    """The usable link for ``raw``, or LinkUnusable("unknown"|"used"|"expired")."""
    link = SurveyLink.objects.select_related("round", "local_authority").filter(token_hash=hash_token(raw)).first()
    if link is None:
        raise LinkUnusable("unknown")
    if link.used:
        raise LinkUnusable("used")
    if link.expires_at <= (now or timezone.now()):
        raise LinkUnusable("expired")
    return link


def submit(raw: str, answers: dict[str, int | None], better_care: str, *, now=None) -> SurveyResponse:
    """Store the answers anonymously and spend the link, atomically: a link can never give
    two responses, even when a child presses "Send" twice at once."""
    now = now or timezone.now()
    with transaction.atomic():
        link = SurveyLink.objects.select_for_update().filter(token_hash=hash_token(raw)).first()
        if link is None:
            raise LinkUnusable("unknown")
        if link.used:
            raise LinkUnusable("used")
        if link.expires_at <= now:
            raise LinkUnusable("expired")
        response = SurveyResponse.objects.create(
            round_id=link.round_id, local_authority_id=link.local_authority_id, age_group=link.age_group,
            submitted_on=now.date(), better_care=(better_care or "").strip()[:2000],
            **{code: answers.get(code) for code in QUESTION_CODES},
        )  # fmt: skip
        link.used = True
        link.save(update_fields=["used"])
    return response


def link_counts(user, survey_round: SurveyRound) -> dict[str, int]:
    """How many links the officer's authority issued for a round, and how many were used."""
    code = issuing_authority(user)
    qs = SurveyLink.objects.filter(round=survey_round, local_authority_id=code)
    now = timezone.now()
    return {
        "issued": qs.count(),
        "used": qs.filter(used=True).count(),
        "expired": qs.filter(used=False, expires_at__lte=now).count(),
        "waiting": qs.usable(now).count(),
    }
