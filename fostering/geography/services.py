"""Postcodes: normalise, validate, geocode, name the local authority, measure distance.

Eastings and northings are British National Grid metres, so distance is plain Euclidean
(accurate to well under 1% across England). Every lookup is one indexed database query.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .models import LocalAuthority, Postcode

# Royal Mail format: outward code (area letters, district digit, optional letter/digit),
# then the inward code (digit and two letters). Whitespace anywhere is ignored.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


class PostcodeError(ValueError):
    """A postcode that cannot be used; the message is written for the person who typed it."""


class InvalidPostcode(PostcodeError):
    pass


class UnknownPostcode(PostcodeError):
    pass


@dataclass(frozen=True)
class Location:
    postcode: str
    easting: float
    northing: float
    local_authority_code: str | None
    local_authority_name: str | None

    @property
    def district(self) -> str:
        return postcode_district(self.postcode)


def normalise_postcode(raw: str | None) -> str:
    """"me14 1aa" → "ME14 1AA"; raises InvalidPostcode with a plain-English reason."""
    if raw is None or not str(raw).strip():
        raise InvalidPostcode("Enter a postcode, like ME14 1XX.")
    compact = re.sub(r"\s+", "", str(raw)).upper()
    if len(compact) > 7 or not _POSTCODE.match(compact):
        raise InvalidPostcode(
            f"“{str(raw).strip()[:20]}” is not a valid UK postcode. Enter a postcode like ME14 1XX."
        )
    return f"{compact[:-3]} {compact[-3:]}"


def is_valid_postcode(raw: str | None) -> bool:
    try:
        normalise_postcode(raw)
    except InvalidPostcode:
        return False
    return True


def postcode_district(postcode: str) -> str:
    """The outward code ("ME14"): the most of an address we show outside its owner."""
    return normalise_postcode(postcode).split(" ")[0]


def postcode_area(postcode_or_district: str) -> str:
    """The leading letters ("ME")."""
    return re.match(r"[A-Z]+", postcode_or_district.strip().upper()).group(0)


def geocode(raw: str) -> Location:
    """Where a postcode is, and its local authority.

    Raises InvalidPostcode for malformed input and UnknownPostcode for a well-formed
    postcode we have no grid reference for (terminated, non-geographic, outside England,
    or not imported on this machine).
    """
    postcode = normalise_postcode(raw)
    row = (
        Postcode.objects.filter(postcode=postcode)
        .values_list("easting", "northing", "local_authority_id", "local_authority__name")
        .first()
    )
    if row is None:
        raise UnknownPostcode(
            f"We cannot find the postcode {postcode}. Check it is right and in England; "
            "new and closed postcodes may not be listed."
        )
    return Location(postcode, row[0], row[1], row[2], row[3])


def local_authority_for(raw: str) -> LocalAuthority:
    """The upper-tier local authority a postcode is in."""
    location = geocode(raw)
    if location.local_authority_code is None:
        raise UnknownPostcode(f"We do not know which council covers {location.postcode}.")
    return LocalAuthority.objects.get(code=location.local_authority_code)


def distance_between_points_km(e1: float, n1: float, e2: float, n2: float) -> float:
    return math.hypot(e1 - e2, n1 - n2) / 1000.0


def distance_km(a: str, b: str) -> float:
    """Straight-line distance in kilometres between two postcodes."""
    la, lb = geocode(a), geocode(b)
    return distance_between_points_km(la.easting, la.northing, lb.easting, lb.northing)
