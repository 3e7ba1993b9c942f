from .services import unread_count


def notifications(request) -> dict:
    """The unread count shown beside "Notifications" in the header of every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
