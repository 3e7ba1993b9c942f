"""``manage.py create_api_token USERNAME``: issue an API token and print it once."""

from django.core.management.base import BaseCommand, CommandError

from fostering.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is not stored and cannot be shown again)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="API token")

    def handle(self, *args, username: str, name: str, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"There is no user called {username!r}.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is deactivated; reactivate them first.")
        _, raw = ApiToken.issue(user, name=name)
        self.stdout.write(raw)
