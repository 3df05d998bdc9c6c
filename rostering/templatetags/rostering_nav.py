"""The rostering links in the page header: rosters, my duties, notifications with the unread count."""

from django import template

from ..models import Notification

register = template.Library()


@register.inclusion_tag("rostering/_nav.html", takes_context=True)
def rostering_nav(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {"show": True, "has_role": context.get("nav_has_role"), "person": context.get("nav_person"),
            "unread": unread}
