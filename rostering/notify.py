"""Telling people about their duties: an in-app Notification and an e-mail sent once the change is committed."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from people.models import Person

from .models import Notification

logger = logging.getLogger(__name__)


def _send(subject: str, body: str, address: str) -> None:
    # The notification is already recorded in the app: a mail server outage must not undo the change.
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # noqa: BLE001
        logger.exception("could not e-mail %s", address)


def _address(person: Person) -> str:
    if person.email:
        return person.email
    user = person.user if person.user_id else None
    return getattr(user, "email", "") or ""


def notify(person: Person, text: str, url: str = "", *, subject: str = "") -> Notification:
    """Record the notification now; send the e-mail only if the transaction commits (nothing lost, nothing phantom)."""
    note = Notification.objects.create(recipient_id=person.user_id, person=person, text=text, url=url)
    address = _address(person)
    if address:
        subject = subject or f"{settings.SITE_NAME}: {text[:60]}"
        body = text + (f"\n\n{url}" if url else "")
        transaction.on_commit(lambda: _send(subject, body, address))
    return note
