from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from community import totp


class Command(BaseCommand):
    help = "Print the current two-factor code of a user (development only, for the demo logins)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if settings.PRODUCTION:
            raise CommandError("Not available in production.")
        auth = Authenticator.objects.filter(
            user__email=email.lower(), type=Authenticator.Type.TOTP
        ).first()
        if auth is None:
            raise CommandError(f"{email} has no two-factor authenticator.")
        self.stdout.write(totp.code(totp.secret_of(auth)))
