"""Children's experience: survey rounds, one-time survey links, anonymous answers and each
authority's advocacy contact.

Privacy design (issue 9): a child's answers must never be linkable to their record in any
view a carer or agency can reach, and we make them unlinkable in the database too:

* ``SurveyLink`` knows the child (so an authority can see who has been sent a link and not
  issue two), but only the SHA-256 of its token is stored, and it records *that* it was
  used, never when.
* ``SurveyResponse`` has no child, link or token: only the round, the authority, the age
  version and the date. Answers are therefore stored against the round and the authority.
  Responses are not ordered or timestamped more finely than a day, so the two tables
  cannot be joined by key or by time.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from fostering.children.models import Child
from fostering.geography.models import LocalAuthority

from .questions import QUESTION_CODES, AgeGroup, Answer


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class SurveyRound(models.Model):
    """A national round of the survey (e.g. "Autumn 2026"): every authority surveys its
    children in the same window, so results compare like with like."""

    name = models.CharField(max_length=100, unique=True)
    opens_on = models.DateField()
    closes_on = models.DateField()

    class Meta:
        ordering = ["-opens_on"]

    def __str__(self) -> str:
        return self.name


class SurveyLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        return self.filter(used=False, expires_at__gt=now or timezone.now())


class SurveyLink(models.Model):
    """A one-time link an authority issues to one child for one round."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="links")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="survey_links")
    child = models.ForeignKey(
        Child, on_delete=models.SET_NULL, null=True, blank=True, related_name="survey_links",
        help_text="Only to avoid issuing twice and to mark the link used; never joined to answers.",
    )  # fmt: skip
    age_group = models.CharField(max_length=5, choices=AgeGroup.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used = models.BooleanField(default=False)

    objects = SurveyLinkQuerySet.as_manager()

    class Meta:
        ordering = ["round", "local_authority", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "child"], name="one_survey_link_per_child_per_round"),
        ]

    def __str__(self) -> str:
        return f"Survey link {self.pk} ({self.round}, {self.local_authority_id})"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()


def _answer_field(code: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(choices=Answer.choices, null=True, blank=True, verbose_name=code)


class SurveyResponse(models.Model):
    """One child's answers, anonymous: no child, no link, only round, authority and day.
    A blank answer means the child chose "I don't want to say"."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="survey_responses")
    age_group = models.CharField(max_length=5, choices=AgeGroup.choices)
    submitted_on = models.DateField(default=dt.date.today)
    safe = _answer_field("safe")
    trust_carers = _answer_field("trust_carers")
    settled = _answer_field("settled")
    know_why = _answer_field("know_why")
    know_social_worker = _answer_field("know_social_worker")
    have_say = _answer_field("have_say")
    see_people = _answer_field("see_people")
    like_school = _answer_field("like_school")
    wellbeing = _answer_field("wellbeing")
    better_care = models.TextField("What would make care better?", blank=True, max_length=2000)

    class Meta:
        indexes = [models.Index(fields=["round", "local_authority"])]

    def __str__(self) -> str:
        return f"Response to {self.round} in {self.local_authority_id}"

    def answers(self) -> dict[str, int | None]:
        return {code: getattr(self, code) for code in QUESTION_CODES}


class AdvocacyContact(models.Model):
    """How a child reaches their authority's advocacy service; kept up to date by the
    authority's placement officers and commissioners, shown on the children's rights pages."""

    local_authority = models.OneToOneField(LocalAuthority, on_delete=models.CASCADE, related_name="advocacy_contact")
    service_name = models.CharField("Name of the advocacy service", max_length=200)
    phone = models.CharField("Phone number", max_length=40, blank=True)
    text_number = models.CharField("Number to text", max_length=40, blank=True)
    email = models.EmailField("Email address", blank=True)
    website = models.URLField("Website", blank=True)
    hours = models.CharField("When someone answers", max_length=200, blank=True)
    children_in_care_council = models.CharField(
        "Children in care council", max_length=300, blank=True,
        help_text="How children can join or contact the council (optional).",
    )  # fmt: skip
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.service_name} ({self.local_authority_id})"
