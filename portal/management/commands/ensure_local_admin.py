"""Create the local-only admin account for `make run`, and print how to log in."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "konsultacje-demo"  # noqa: S105 - a documented local-only account, refused outside DEBUG


class Command(BaseCommand):
    help = "Create the local admin account (development only) and print its login."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The local admin account is for development only (DEBUG is off).")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=USERNAME,
            defaults={"email": "admin@localhost", "is_staff": True, "is_superuser": True, "first_name": "Admin"},
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        self.stdout.write(
            f"Local admin: http://127.0.0.1:8000/admin/  user: {USERNAME}  password: {PASSWORD}"
            + ("" if created else "  (existing account; password unchanged if you changed it)")
        )
