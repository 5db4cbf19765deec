"""Create (or with --update, update) a curator account: staff, in the curator group."""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

PASSWORD_ENV = "KBASE_CURATOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a curator account: a staff user in the curator group, who can edit sources, "
        f"claims and links in the admin but not users. The password comes from --password, "
        f"else ${PASSWORD_ENV}, else a prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default=None, help="the curator's e-mail address")
        parser.add_argument(
            "--password",
            default=None,
            help=f"the password (visible to other users of this machine; prefer ${PASSWORD_ENV})",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="if the user exists, make it a curator (and set --email or a password if given)",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="never prompt; fail if no password is given",
        )

    def handle(self, *args, username, email, password, update, interactive, **options):
        User = get_user_model()
        username = username.strip()
        if not username:
            raise CommandError("The username is empty.")
        try:
            group = Group.objects.get(name="curator")
        except Group.DoesNotExist:
            raise CommandError(
                "The curator group does not exist; run `python manage.py migrate` first."
            ) from None
        if email is not None:
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError(f"{email!r} is not a valid e-mail address.") from None

        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is not None and not update:
            raise CommandError(
                f"A user named {username!r} exists already; "
                "use --update to make it a curator (nothing was changed)."
            )
        if password is None:
            password = os.environ.get(PASSWORD_ENV) or None
        # An existing user updated without a new password keeps the one it has.
        if password is None and user is None:
            if not (interactive and sys.stdin.isatty()):
                raise CommandError(
                    f"No password: give --password, set ${PASSWORD_ENV}, "
                    "or run in a terminal to be prompted."
                )
            password = self._prompt()
        candidate = user or User(**{User.USERNAME_FIELD: username}, email=email or "")
        if password is not None:
            try:
                validate_password(password, user=candidate)
            except ValidationError as error:
                raise CommandError("Password refused: " + " ".join(error.messages)) from None

        with transaction.atomic():
            created = user is None
            user = candidate
            if email is not None:
                user.email = email
            if password is not None:
                user.set_password(password)
            user.is_staff = True
            user.is_active = True
            user.save()
            user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} curator {username!r} (staff, curator group).")
        )

    def _prompt(self) -> str:
        for _ in range(3):
            first = getpass.getpass("Password: ")
            if not first:
                self.stderr.write("The password is empty.")
                continue
            if getpass.getpass("Password (again): ") == first:
                return first
            self.stderr.write("The passwords differ.")
        raise CommandError("No password set after three tries.")
