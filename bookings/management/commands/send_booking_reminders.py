from django.core.management.base import BaseCommand

from bookings.services import booking_reminders_send


class Command(BaseCommand):
    help = "E-mail a reminder for confirmed bookings starting within the next hours (cron: hourly)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours, **options):
        sent = booking_reminders_send(hours=hours)
        self.stdout.write(f"{sent} reminders sent.")
