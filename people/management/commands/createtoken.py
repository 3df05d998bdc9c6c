"""manage.py createtoken USERNAME NAME: create an API token for a user and print it once.

Only its hash is stored: copy it now. Use it as `Authorization: Bearer <token>` (or `X-API-Key: <token>`)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from common import audit
from common.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for USERNAME, labelled NAME, and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="What the token is for, e.g. 'HR feed'.")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"username: there is no user '{options['username']}'.", returncode=2)
        if not user.is_active:
            raise CommandError(f"username: '{user.username}' is deactivated.", returncode=2)
        name = options["name"].strip()
        if not name:
            raise CommandError("name: give the token a name.", returncode=2)
        key = ApiToken.new_key()
        token = ApiToken.objects.create(user=user, name=name[:100], prefix=key[:8], key_hash=ApiToken.hash_key(key))
        audit.record(actor=None, action="common.apitoken.created", obj=token,
                     after={"user": user.username, "name": token.name, "prefix": token.prefix})
        self.stderr.write(f"Token '{name}' for {user.username} (shown once; only its hash is stored):")
        self.stdout.write(key)
