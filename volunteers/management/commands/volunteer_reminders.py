from django.core.management.base import BaseCommand

from volunteers.services import certificate_reminders
from volunteers.waitlist import waitlist_lapse_offers


class Command(BaseCommand):
    help = "Mail coordinators about child certificates that run out within 30 days and pass on waiting-list offers not taken in time (run daily from cron)."

    def handle(self, *args, **options):
        sent = certificate_reminders()
        offered = waitlist_lapse_offers()
        self.stdout.write(f"{sent} e-mails sent, {offered} waiting-list places offered again")
