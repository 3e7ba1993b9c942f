"""Print the demo sign-ins again (the demo script calls this on every start)."""

from django.core.management.base import BaseCommand

from fostering.accounts.demo import demo_password, login_lines


class Command(BaseCommand):
    help = "List the demo users, one per role."

    def handle(self, *args, **options):
        lines = login_lines()
        if not lines:
            self.stdout.write("There are no demo users: run manage.py generate_demo.")
            return
        self.stdout.write(f"Demo sign-ins (password for all: {demo_password()}):")
        for line in lines:
            self.stdout.write(line)
