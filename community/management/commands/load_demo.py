import random
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

from community import demo
from community.site import absolute_url

# The core first, then the apps that build on it.
ORDER = ["community", "localareas", "volunteers", "maps", "matching"]


class Command(BaseCommand):
    help = "Load the seeded Hedensted demo data (safe to run again: nothing is duplicated)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args, seed, quiet_logins, **options):
        rng = random.Random(seed)
        logins = {}
        with transaction.atomic():
            logins.update(demo.load(rng, self.stdout))
            for label in ORDER[1:] + [
                c.label for c in apps.get_app_configs() if c.label not in ORDER
            ]:
                if label == "community" or not apps.is_installed(label):
                    continue
                # An app may split its demo data over several modules (AppConfig.demo_modules).
                config = next(c for c in apps.get_app_configs() if c.label == label)
                for name in getattr(config, "demo_modules", ("demo",)):
                    try:
                        module = import_module(f"{label}.{name}")
                    except ModuleNotFoundError as exc:
                        if exc.name != f"{label}.{name}":
                            raise
                        continue
                    logins.update(module.load(rng, self.stdout) or {})
        if quiet_logins:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDemo data is ready. Log in at {absolute_url(reverse('account_login'))}"
            )
        )
        self.stdout.write(f"Password for every demo login: {demo.DEMO_PASSWORD}\n")
        width = max(len(r) for r in logins)
        for role, email in logins.items():
            self.stdout.write(f"  {role.ljust(width)}  {email}")
        self.stdout.write(
            "\nStaff logins (administrator, coordinator, playmaker) ask for a two-factor code.\n"
            f"Add the secret {demo.DEMO_TOTP_SECRET} to an authenticator app, or run\n"
            "  uv run python manage.py totp_code EMAIL\n"
        )
