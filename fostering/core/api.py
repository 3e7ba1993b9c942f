"""Who am I: lets an API client check its token and see its organisation and roles."""

from ninja import Router, Schema

router = Router(tags=["Account"])


class MeOut(Schema):
    username: str
    organisation: str | None
    organisation_kind: str | None
    roles: list[str]


@router.get("/me", response=MeOut, summary="The signed-in user, their organisation and roles")
def me(request):
    user = request.user
    org = user.organisation
    return {
        "username": user.username,
        "organisation": org.name if org else None,
        "organisation_kind": org.kind if org else None,
        "roles": sorted(r.value for r in user.roles),
    }
