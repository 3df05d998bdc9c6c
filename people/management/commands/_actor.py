"""Who a command acts as: a named user (their permissions apply) or, by default, the system with full rights.

Someone with shell access to the server can already do anything; the audit log records the actor as "system"."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


class SystemActor:
    """Stands in for a user in permission checks and the audit log (actor_name "system", no user row)."""

    pk = None
    id = None
    username = "system"
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = True

    def __str__(self) -> str:
        return "system"


def resolve_actor(username: str | None):
    if not username:
        return SystemActor()
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"--user: there is no user '{username}'.", returncode=2)
    return user
