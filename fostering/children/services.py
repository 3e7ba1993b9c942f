"""Changing children's records: needs profiles (always a new version, never an overwrite),
the child's voice and the people important to them. Each service checks the user may act
for the child's authority and writes the change to the audit log."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from fostering.accounts import audit, scoping
from fostering.accounts.models import Role
from fostering.core.needs import DOMAIN_CODES
from fostering.geography.services import PostcodeError, geocode

from .models import Child, ChildVoice, ImportantPerson, NeedsProfile

VOICE_FIELDS = (
    "about_me",
    "want_carers_to_know",
    "matters_for_new_home",
    "wants_pets",
    "wants_to_stay_at_school",
    "faith_matters",
    "language_matters",
    "culture_matters",
    "food",
)
SDQ_FIELDS = ("sdq_total", "sdq_emotional", "sdq_conduct", "sdq_hyperactivity", "sdq_peer", "sdq_prosocial")


def _require_officer_for(user, child: Child) -> None:
    scoping.require_role(user, Role.PLACEMENT_OFFICER)
    if child.local_authority_id not in scoping.local_authority_codes(user):
        raise Child.DoesNotExist("No such child.")


@transaction.atomic
def create_needs_profile(
    request_or_user,
    child: Child,
    *,
    assessed_on: dt.date,
    needs: dict[str, int],
    strengths: dict[str, int],
    narratives: dict[str, str] | None = None,
    assessed_by: str = "",
    sdq: dict[str, int | None] | None = None,
) -> NeedsProfile:
    """Record a new assessment as a new version; earlier versions are kept unchanged so
    the history shows how the child's needs changed. Every domain must be rated."""
    user = getattr(request_or_user, "user", request_or_user)
    _require_officer_for(user, child)
    missing = [d for d in DOMAIN_CODES if d not in needs or d not in strengths]
    if missing:
        raise ValidationError(f"Rate every domain for need and strength (missing: {', '.join(missing)}).")
    if assessed_on > dt.date.today():
        raise ValidationError("The assessment date must be today or in the past.")
    for code in DOMAIN_CODES:
        if not (0 <= int(needs[code]) <= 3 and 0 <= int(strengths[code]) <= 3):
            raise ValidationError("Needs and strengths are rated from 0 to 3.")
    profile = NeedsProfile.objects.create(
        child=child,
        assessed_on=assessed_on,
        assessed_by=assessed_by or user.get_full_name() or user.username,
        narratives={k: v.strip() for k, v in (narratives or {}).items() if k in DOMAIN_CODES and v and v.strip()},
        **{f"need_{d}": int(needs[d]) for d in DOMAIN_CODES},
        **{f"strength_{d}": int(strengths[d]) for d in DOMAIN_CODES},
        **{k: v for k, v in (sdq or {}).items() if k in SDQ_FIELDS},
    )
    audit.record(request_or_user, "create", profile, detail=f"child {child.pk}")
    return profile


@transaction.atomic
def save_voice(request_or_user, child: Child, **fields) -> ChildVoice:
    """Create or update the child's own words (one record per child)."""
    user = getattr(request_or_user, "user", request_or_user)
    _require_officer_for(user, child)
    voice, created = ChildVoice.objects.get_or_create(child=child)
    for name in VOICE_FIELDS:
        if name in fields:
            setattr(voice, name, fields[name])
    voice.save()
    audit.record(request_or_user, "create" if created else "update", voice, detail=f"child {child.pk}")
    return voice


@transaction.atomic
def add_important_person(
    request_or_user,
    child: Child,
    *,
    name: str,
    relationship: str,
    keep_in_touch: bool = True,
    contact: str = ImportantPerson.Contact.FACE_TO_FACE,
    postcode: str = "",
) -> ImportantPerson:
    """Add someone who matters to the child; a known postcode is placed on the map so
    matching can keep the child near them."""
    user = getattr(request_or_user, "user", request_or_user)
    _require_officer_for(user, child)
    easting = northing = None
    if postcode:
        try:
            loc = geocode(postcode)
        except PostcodeError as exc:
            raise ValidationError(f"Enter a real postcode, like ME14 1AA ({exc}).") from exc
        postcode, easting, northing = loc.postcode, loc.easting, loc.northing
    person = ImportantPerson.objects.create(
        child=child,
        name=name.strip(),
        relationship=relationship.strip(),
        keep_in_touch=keep_in_touch,
        contact=contact if keep_in_touch else ImportantPerson.Contact.NONE,
        postcode=postcode,
        easting=easting,
        northing=northing,
    )
    audit.record(request_or_user, "create", person, detail=f"child {child.pk}")
    return person


@transaction.atomic
def remove_important_person(request_or_user, child: Child, person_id: int) -> None:
    user = getattr(request_or_user, "user", request_or_user)
    _require_officer_for(user, child)
    person = child.important_people.get(pk=person_id)
    audit.record(request_or_user, "delete", person, detail=f"child {child.pk}")
    person.delete()
