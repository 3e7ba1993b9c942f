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
DETAIL_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "gender",
    "ethnicity",
    "religion",
    "first_language",
    "other_languages",
    "home_postcode",
    "school_postcode",
    "legal_status",
)
# Changes to coded fields are noted with their old and new codes; for names, dates of birth
# and postcodes the audit log says only *that* they changed, so it does not copy personal data.
CODED_DETAIL_FIELDS = frozenset({"sex", "gender", "ethnicity", "religion", "first_language", "legal_status"})
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


def _locate(raw: str, field: str) -> tuple[str, float | None, float | None]:
    """A typed postcode, normalised and placed on the grid ("" clears it)."""
    if not (raw or "").strip():
        return "", None, None
    try:
        loc = geocode(raw)
    except PostcodeError as exc:
        raise ValidationError({field: str(exc)}) from exc
    return loc.postcode, loc.easting, loc.northing


@transaction.atomic
def update_child_details(request_or_user, child: Child, **details) -> list[str]:
    """Change a child's basic details; only the child's own authority's placement officers may.

    Postcodes are checked against the postcode directory (ValidationError keyed by field,
    with a plain-English message, and nothing saved) and placed on the grid so matching
    measures distance from the new home or school. Returns the names of the fields that
    changed; the change is audited with that list (codes shown old → new).
    """
    user = getattr(request_or_user, "user", request_or_user)
    _require_officer_for(user, child)
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not a basic detail: {', '.join(sorted(unknown))}")
    dob = details.get("date_of_birth")
    if dob is not None and dob > dt.date.today():
        raise ValidationError({"date_of_birth": "The date of birth must be today or in the past."})
    located = {}
    errors = {}
    for kind in ("home", "school"):
        field = f"{kind}_postcode"
        if field in details:
            try:
                located[kind] = _locate(details[field], field)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    for kind, (postcode, easting, northing) in located.items():
        details[f"{kind}_postcode"] = postcode
        if postcode != getattr(child, f"{kind}_postcode") or getattr(child, f"{kind}_easting") is None:
            setattr(child, f"{kind}_easting", easting)
            setattr(child, f"{kind}_northing", northing)
    if "other_languages" in details:
        details["other_languages"] = sorted(set(details["other_languages"]) - {details.get("first_language")})
    changed = []
    notes = []
    for name in DETAIL_FIELDS:
        if name not in details:
            continue
        old, new = getattr(child, name), details[name]
        if name == "other_languages":
            old = sorted(old or [])
        if old == new:
            continue
        changed.append(name)
        notes.append(f"{name} {old or '-'}→{new or '-'}" if name in CODED_DETAIL_FIELDS else name)
        setattr(child, name, new)
    if changed:
        child.save()
        audit.record(request_or_user, "update", child, detail="changed: " + ", ".join(notes))
    return changed


@transaction.atomic
def create_child(request_or_user, *, la_child_id: str, **details) -> Child:
    """Add a child the user's authority looks after (a case system's push; SSDA903 imports use
    interop). Basic details follow the rules of the details page (ChildDetailsForm, checked
    postcodes placed on the grid); the authority's child ID (SSDA903 CHILD) must be new to it.
    The creation is audited without copying personal data."""
    user = getattr(request_or_user, "user", request_or_user)
    scoping.require_role(user, Role.PLACEMENT_OFFICER)
    codes = sorted(scoping.local_authority_codes(user))
    if len(codes) != 1:
        raise ValidationError("Only a placement officer of one local authority can add a child.")
    la_child_id = (la_child_id or "").strip()
    if not la_child_id or len(la_child_id) > 20:
        raise ValidationError({"la_child_id": "Enter your authority's child ID (SSDA903 CHILD), up to 20 characters."})
    if Child.objects.filter(local_authority_id=codes[0], la_child_id=la_child_id).exists():
        raise ValidationError({"la_child_id": f"Your authority already has a child {la_child_id} on the register."})
    unknown = set(details) - set(DETAIL_FIELDS) - {"category_of_need", "uasc", "disability", "sibling_group"}
    if unknown:
        raise ValueError(f"Not a detail of a child: {', '.join(sorted(unknown))}")
    errors, located = {}, {}
    for kind in ("home", "school"):
        field = f"{kind}_postcode"
        try:
            located[kind] = _locate(details.get(field, ""), field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    child = Child(local_authority_id=codes[0], la_child_id=la_child_id, **details)
    for kind, (postcode, easting, northing) in located.items():
        setattr(child, f"{kind}_postcode", postcode)
        setattr(child, f"{kind}_easting", easting)
        setattr(child, f"{kind}_northing", northing)
    child.other_languages = sorted(set(child.other_languages or []) - {child.first_language})
    child.full_clean()
    child.save()
    audit.record(request_or_user, "create", child, detail="child added")
    return child
