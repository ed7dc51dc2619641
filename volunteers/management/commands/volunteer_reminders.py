from django.core.management.base import BaseCommand

from volunteers.services import certificate_reminders


class Command(BaseCommand):
    help = "Mail coordinators about child certificates that run out within 30 days (run daily from cron)."

    def handle(self, *args, **options):
        sent = certificate_reminders()
        self.stdout.write(f"{sent} e-mails sent")
