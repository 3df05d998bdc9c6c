"""Failed-login throttling: too many failures for a username or from an address lock sign-in for a while."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from .models import FailedLogin


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def is_locked_out(username: str, address: str | None) -> bool:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = FailedLogin.objects.filter(at__gte=since)
    limit = settings.LOGIN_FAILURE_LIMIT
    if recent.filter(username__iexact=username).count() >= limit:
        return True
    return bool(address) and recent.filter(address=address).count() >= limit * 4


@receiver(user_login_failed)
def remember_failed_login(sender, credentials, request=None, **kwargs) -> None:
    # Security bookkeeping, not business logic: the one signal we listen to.
    FailedLogin.objects.create(username=(credentials.get("username") or "")[:150], address=client_address(request))
