from django.core.management.base import BaseCommand

from community.retention import kinds, retention_apply


class Command(BaseCommand):
    help = (
        "Delete every kind of personal data whose retention period (settings.RETENTION) has run out; "
        "run daily from cron. Running it twice deletes nothing the second time."
    )

    def handle(self, *args, **options):
        counts = retention_apply()
        for kind in kinds():
            if kind.key in counts:
                self.stdout.write(f"{kind.key}: {counts[kind.key]} {kind.report}")
