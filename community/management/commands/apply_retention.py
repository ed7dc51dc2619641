from django.core.management.base import BaseCommand
from django.utils import timezone

from community.services import citizens_erase_expired
from hearings.services import responses_purge_unconfirmed


class Command(BaseCommand):
    help = (
        "Erase citizens' records whose retention period has run out, and hearing answers whose "
        "confirmation link expired unused (run daily from cron)."
    )

    def handle(self, *args, **options):
        erased = citizens_erase_expired(today=timezone.localdate())
        self.stdout.write(f"Erased {erased} citizen record(s) past their retention date.")
        purged = responses_purge_unconfirmed()
        self.stdout.write(f"Deleted {purged} unconfirmed hearing answer(s) whose link expired.")
