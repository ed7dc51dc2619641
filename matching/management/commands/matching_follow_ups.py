from django.core.management.base import BaseCommand

from matching.services.follow_ups import follow_ups_remind


class Command(BaseCommand):
    help = "Send the follow-up reminders that are due (2 weeks and 3 months after a match starts). Run daily from cron."

    def handle(self, *args, **options):
        sent = follow_ups_remind()
        self.stdout.write(f"{sent} follow-up reminder(s) sent.\n")
