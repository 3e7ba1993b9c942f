"""The anonymised referral summary that may be shared with fostering services and eligible
carers (DESIGN.md §4): no names, exact dates of birth or addresses.

What it keeps: age in years, sex, postcode *district* (e.g. ME14), needs and strength
levels per domain, what the child needs from carers, the child's own words with
identifiers removed, and who matters to them by relationship only.

How words are cleaned (:func:`scrub`): every known name of the people around the child is
replaced by "[name]" — the referred children's first and last names, their important
people's names, and the names of carers they have lived with — matched as whole words,
case-insensitively, possessives included; "Mr/Mrs/Ms/Miss/Dr + word" becomes "[name]"
too. Anything shaped like a full postcode (or postcode sector), a date, a phone number or
an e-mail address is replaced by "[postcode]", "[date]", "[phone]", "[email]". The
scrubbing errs towards removing too much: a shared summary that leaks a name cannot be
unshared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from fostering.accounts import scoping
from fostering.geography.services import postcode_district

from .models import Referral
from .selectors import entries, strengths_and_needs

MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I), "[email]"),
    # Full postcodes and sectors: "ME14 1AA", "me141aa", "ME14 1".
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.I), "[postcode]"),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d\b(?![/.-])", re.I), "[postcode]"),
    # Dates: 01/02/2013, 1-2-13, 2013-02-01, 1.2.2013, 1st of March 2013, March 1st, 2013, March 2013.
    (re.compile(r"\b\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\b"), "[date]"),
    (re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"), "[date]"),
    (re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b\.?(?:,?\s+\d{{2,4}})?", re.I), "[date]"),
    (re.compile(rf"\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b", re.I), "[date]"),
    (re.compile(rf"\b(?:{MONTHS})\.?\s+\d{{4}}\b", re.I), "[date]"),
    # Phone numbers: UK style, with spaces, dashes or brackets; 10–13 digits.
    (re.compile(r"(?:\+\s*44\s*\(?0?\)?|\(0|\b0)[\d\s()-]{8,15}\d\b"), "[phone]"),
    (re.compile(r"\b(?:mr|mrs|ms|miss|mx|dr)\.?\s+[A-Z][\w'-]+", re.I), "[name]"),
)
NAME_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]+")


def _names_regex(names: Iterable[str]) -> re.Pattern | None:
    tokens = set()
    for name in names:
        for token in NAME_TOKEN.findall(name or ""):
            token = token.strip("'-")
            if len(token) >= 2:
                tokens.add(token)
    if not tokens:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?:['’]s)?(?![\w-])", re.I)


def scrub(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with the given names and anything like a postcode, date, phone number or
    e-mail address replaced by neutral words."""
    if not text:
        return ""
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    names_re = _names_regex(names)
    if names_re is not None:
        text = names_re.sub("[name]", text)
    return text


def names_around(referral: Referral) -> set[str]:
    """Every name the summary must not contain: the children, their important people and
    the carers they have lived with."""
    from fostering.register.models import Carer

    names: set[str] = set()
    child_ids = []
    for entry in referral.referral_children.select_related("child"):
        child = entry.child
        child_ids.append(child.pk)
        names.update({child.first_name, child.last_name})
        names.update(child.important_people.values_list("name", flat=True))
        if child.sibling_group_id:
            for first, last in child.sibling_group.children.values_list("first_name", "last_name"):
                names.update({first, last})
    for first, last in Carer.objects.filter(household__placements__child_id__in=child_ids).values_list(
        "first_name", "last_name"
    ):
        names.update({first, last})
    return {n for n in names if n}


def summary_for(referral: Referral) -> dict:
    """The anonymised summary as plain data (for the API, the shared page and carers).

    The caller decides who may see it (:func:`may_see_summary`)."""
    names = names_around(referral)
    children = []
    for n, entry in enumerate(entries(referral), start=1):
        child = entry.child
        strengths, needs = strengths_and_needs(entry.needs_profile)
        voice = getattr(child, "voice", None)
        children.append(
            {
                "label": f"Child {n}",
                "age": child.age_on(),
                "sex": child.get_sex_display(),
                "first_language": child.get_first_language_display(),
                "religion": child.get_religion_display(),
                "home_postcode_district": postcode_district(child.home_postcode) if child.home_postcode else "",
                "school_postcode_district": postcode_district(child.school_postcode) if child.school_postcode else "",
                "strengths": [
                    {
                        "domain": s["domain"],
                        "label": s["label"],
                        "level": s["level"],
                        "level_label": s["level_label"],
                        "narrative": scrub(s["narrative"], names),
                    }
                    for s in strengths
                ],  # fmt: skip
                "voice": {
                    "about_me": scrub(voice.about_me, names) if voice else "",
                    "want_carers_to_know": scrub(voice.want_carers_to_know, names) if voice else "",
                    "matters_for_new_home": scrub(voice.matters_for_new_home, names) if voice else "",
                    "wants_pets": voice.wants_pets if voice else None,
                    "wants_to_stay_at_school": voice.wants_to_stay_at_school if voice else None,
                    "food": scrub(voice.food, names) if voice else "",
                },
                "important_people": [
                    {
                        "relationship": scrub(p.relationship, names),
                        "keep_in_touch": p.keep_in_touch,
                        "contact": p.get_contact_display(),
                    }
                    for p in child.important_people.all()
                ],  # fmt: skip
                "needs_from_carers": [
                    {
                        "domain": x["domain"],
                        "label": x["label"],
                        "level": x["level"],
                        "level_label": x["level_label"],
                        "from_carers": x["from_carers"],
                        "narrative": scrub(x["narrative"], names),
                    }
                    for x in needs
                ],  # fmt: skip
                "needs_levels": {code: getattr(entry.needs_profile, f"need_{code}") for code in _domain_codes()},
                "apart_reason": scrub(entry.apart_reason, names),
            }
        )
    return {
        "reference": referral.reference,
        "local_authority": referral.local_authority.name,
        "status": referral.status,
        "placement_type": referral.get_placement_type_display(),
        "urgency": referral.get_urgency_display(),
        "wanted_start": referral.wanted_start.isoformat(),
        "distance_from": referral.distance_from,
        "max_distance_km": referral.max_distance_km,
        "siblings_together": referral.siblings_together,
        "group_size": len(children),
        "children": children,
    }


def _domain_codes() -> tuple[str, ...]:
    from fostering.core.needs import DOMAIN_CODES

    return DOMAIN_CODES


# Further "may this user see the summary" rules, registered by other apps (the matching
# workflow's shares, eligible carers). Each takes (user, referral) and returns True to allow.
SHARE_CHECKS: list[Callable[[object, Referral], bool]] = []


def may_see_summary(user, referral: Referral) -> bool:
    """The referring authority, any fostering service holding a place for the referral
    (``vacancies.Hold`` on one of its households), or a registered share check."""
    if referral.local_authority_id in scoping.local_authority_codes(user):
        return True
    services = scoping.fostering_service_ids(user)
    if services:
        from fostering.vacancies.models import Hold

        if Hold.objects.filter(referral=referral, household__fostering_service_id__in=services).exists():
            return True
    return any(check(user, referral) for check in SHARE_CHECKS)
