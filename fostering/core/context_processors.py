from django.conf import settings

from .navigation import items_for


def service(request) -> dict:
    user = getattr(request, "user", None)
    nav = items_for(user)
    path = request.path
    for item in nav:
        item["active"] = path.startswith(item["url"]) and item["url"] != "/"
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": nav,
        "user_roles": sorted(r.label for r in getattr(user, "roles", ())) if user else [],
    }
