"""Carers' support: delegated authority per placement, allegations against households
(with each service's target time to conclude), peer-support networks (the Mockingbird
model) and young people's Staying Put intentions.

These live in their own app beside register, placements and children (which other teams
own) and point at their models; the household's status is still written through
register.HouseholdStatusChange so its history stays in one place.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fostering.children.models import Child
from fostering.organisations.models import FosteringService
from fostering.placements.models import Placement
from fostering.register.models import Household, HouseholdStatus


class Decision(models.TextChoices):
    """Day-to-day decisions that can be delegated to foster carers (DfE delegated authority guidance)."""

    HAIRCUTS = "haircuts", "Haircuts and hairstyles"
    SLEEPOVERS = "sleepovers", "Sleepovers at friends' homes"
    SCHOOL_TRIPS = "school_trips", "School trips, day and residential"
    ROUTINE_HEALTH = "routine_health", "Routine health, dental and optician appointments"
    MEDICINE = "medicine", "Over-the-counter medicine"
    ACTIVITIES = "activities", "Clubs, sports and activities"
    HOLIDAYS_UK = "holidays_uk", "Holidays in the UK"
    HOLIDAYS_ABROAD = "holidays_abroad", "Holidays abroad"
    SOCIAL_MEDIA = "social_media", "Social media and mobile phone use"
    PHOTOGRAPHS = "photographs", "Photographs at school and in the community"
    SCHOOL_CONSENT = "school_consent", "School consent forms and parents' evenings"
    RELIGIOUS = "religious", "Religious and cultural activities"


class DelegatedAuthority(models.Model):
    """What the carers may decide for the child in one placement. Every decision is delegated
    unless there is an exception, and every exception has a reason."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="delegated_authority")
    agreed_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "delegated authority"

    def __str__(self) -> str:
        return f"Delegated authority for placement {self.placement_id}"


class DelegationException(models.Model):
    """A decision the carers must ask the social worker about, and why."""

    authority = models.ForeignKey(DelegatedAuthority, on_delete=models.CASCADE, related_name="exceptions")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["authority_id", "decision"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "decision"], name="one_exception_per_decision"),
            models.CheckConstraint(name="exception_has_reason", condition=~models.Q(reason="")),
        ]


class AllegationCategory(models.TextChoices):
    PHYSICAL = "physical", "Physical harm"
    EMOTIONAL = "emotional", "Emotional harm"
    SEXUAL = "sexual", "Sexual harm"
    NEGLECT = "neglect", "Neglect"
    STANDARDS = "standards", "Standards of care"
    OTHER = "other", "Other"


class AllegationOutcome(models.TextChoices):
    """The outcomes of Working Together to Safeguard Children for allegations against carers."""

    SUBSTANTIATED = "substantiated", "Substantiated"
    UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
    UNFOUNDED = "unfounded", "Unfounded"
    FALSE = "false", "False"
    MALICIOUS = "malicious", "Malicious"


class Allegation(models.Model):
    """An allegation against a fostering household. Only the household's own fostering
    service and administrators may read it (see support.allegations); every read is audited."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="allegations")
    received_on = models.DateField("Date received")
    category = models.CharField(max_length=12, choices=AllegationCategory.choices)
    summary = models.TextField(blank=True, max_length=2000)
    investigating_officer = models.CharField("Who is investigating", max_length=200)
    independent_support_offered = models.BooleanField("Independent support offered to the carers", default=False)
    independent_support_worker = models.CharField("Independent support worker", max_length=200, blank=True)
    outcome = models.CharField(max_length=16, choices=AllegationOutcome.choices, blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    status_before = models.CharField(max_length=24, choices=HouseholdStatus.choices, blank=True)
    status_after = models.CharField(max_length=24, choices=HouseholdStatus.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["household", "concluded_on"])]
        constraints = [
            models.CheckConstraint(
                name="allegation_concluded_with_outcome",
                condition=models.Q(concluded_on__isnull=True, outcome="")
                | (models.Q(concluded_on__isnull=False) & ~models.Q(outcome="")),
            ),
            models.CheckConstraint(
                name="allegation_concluded_after_received",
                condition=models.Q(concluded_on__isnull=True) | models.Q(concluded_on__gte=models.F("received_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"Allegation {self.pk} against {self.household}"

    @property
    def is_open(self) -> bool:
        return self.concluded_on is None


class AllegationTarget(models.Model):
    """A service's own target for concluding an allegation, in days (default
    settings.ALLEGATION_TARGET_DAYS, 30: most allegations should be resolved within a month)."""

    fostering_service = models.OneToOneField(
        FosteringService, on_delete=models.CASCADE, related_name="allegation_target"
    )
    target_days = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(365)])


class PeerNetwork(models.Model):
    """A Mockingbird-style constellation: a hub carer household supporting 6 to 10 satellite households."""

    fostering_service = models.ForeignKey(FosteringService, on_delete=models.PROTECT, related_name="peer_networks")
    name = models.CharField(max_length=100)
    hub = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="hub_of")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["fostering_service_id", "name"]

    def __str__(self) -> str:
        return self.name


class PeerNetworkMember(models.Model):
    """A satellite household's time in a network, from ``joined_on`` until the day it left
    (``left_on``, exclusive). Leaving closes the row and never deletes it, so analytics keep
    counting the household's past membership; a household that rejoins gets a new row."""

    network = models.ForeignKey(PeerNetwork, on_delete=models.CASCADE, related_name="members")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="peer_memberships")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["network_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "household"], condition=models.Q(left_on__isnull=True),
                name="one_open_membership_per_network",
            ),
            models.CheckConstraint(
                name="membership_left_after_joining",
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
            ),
        ]  # fmt: skip


class PeerNetworkHub(models.Model):
    """Which household was a network's hub carer, from ``from_on`` until ``until_on``
    (exclusive; open while it is the hub). PeerNetwork.hub is the current hub; these rows
    keep the history, so a former hub still counts as having been in the network."""

    network = models.ForeignKey(PeerNetwork, on_delete=models.CASCADE, related_name="hub_terms")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="hub_terms")
    from_on = models.DateField()
    until_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["network_id", "from_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["network"], condition=models.Q(until_on__isnull=True), name="one_current_hub_per_network"
            ),
            models.CheckConstraint(
                name="hub_term_ends_after_it_starts",
                condition=models.Q(until_on__isnull=True) | models.Q(until_on__gte=models.F("from_on")),
            ),
        ]


class StayingPutIntention(models.Model):
    """What a young person aged 16+ in foster care wants for after 18, and when it was
    discussed. History is kept: the latest discussion is the current intention."""

    class Intention(models.TextChoices):
        WANTS_TO_STAY = "wants_to_stay", "Wants to stay (Staying Put)"
        UNDECIDED = "undecided", "Undecided"
        NOT_WANTED = "not_wanted", "Does not want to stay"
        NOT_POSSIBLE = "not_possible", "Staying is not possible"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="staying_put_intentions")
    intention = models.CharField(max_length=16, choices=Intention.choices)
    reasons = models.TextField(blank=True, max_length=2000)
    discussed_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child_id", "-discussed_on", "-id"]
        indexes = [models.Index(fields=["child", "discussed_on"])]

    def __str__(self) -> str:
        return f"{self.get_intention_display()} ({self.child_id}, {self.discussed_on})"
