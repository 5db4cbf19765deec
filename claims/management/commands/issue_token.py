"""Issue (or print the existing) API token of a user: manage.py issue_token USERNAME."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from kbase.api_support import is_curator


class Command(BaseCommand):
    help = "Print the API token of a user, creating it first if the user has none."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="replace the user's token with a new one (the old one stops working)",
        )

    @transaction.atomic
    def handle(self, *args, username: str, rotate: bool, **options):
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(
                f"No user {username!r}. Create one first: manage.py createsuperuser, "
                "or add a user in the admin and put them in the curator group."
            )
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive; a token would not work.")
        if rotate:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
        note = "new token" if created else "existing token"
        if not is_curator(user):
            note += "; this user may read but not write (not in the curator group)"
        self.stderr.write(f"{note} for {username}: send it as 'Authorization: Token {token.key}'")
