from django.conf import settings


def navigation(request) -> dict:
    """What the menu shows: only links the user may follow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_name": settings.SITE_NAME}
    from org.permissions import has_any_role, is_administrator

    return {
        "site_name": settings.SITE_NAME,
        "nav_is_admin": is_administrator(user),
        "nav_has_role": has_any_role(user),
        "nav_person": getattr(user, "person", None) if hasattr(user, "person") else None,
    }
