"""Postcode look-up and distance for signed-in users (an unknown postcode is a 404 with
a reason, a malformed one a 400)."""

from ninja import Router, Schema
from ninja.errors import HttpError

from .services import InvalidPostcode, UnknownPostcode, distance_km, geocode

router = Router(tags=["Geography"])


class PostcodeOut(Schema):
    postcode: str
    district: str
    easting: float
    northing: float
    local_authority_code: str | None
    local_authority_name: str | None


class DistanceOut(Schema):
    from_postcode: str
    to_postcode: str
    km: float


def _locate(raw: str):
    try:
        return geocode(raw)
    except InvalidPostcode as exc:
        raise HttpError(400, str(exc))
    except UnknownPostcode as exc:
        raise HttpError(404, str(exc))


@router.get("/postcodes/{postcode}", response=PostcodeOut, summary="Where a postcode is and its local authority")
def postcode(request, postcode: str):
    loc = _locate(postcode)
    return {**loc.__dict__, "district": loc.district}


@router.get("/postcodes/{a}/distance/{b}", response=DistanceOut, summary="Straight-line distance between two postcodes")
def distance(request, a: str, b: str):
    la, lb = _locate(a), _locate(b)
    return {"from_postcode": la.postcode, "to_postcode": lb.postcode, "km": round(distance_km(la.postcode, lb.postcode), 2)}
