from django.core.management.base import BaseCommand, CommandError

from localareas.importer import ImportProblem
from localareas.setup import municipality_setup


class Command(BaseCommand):
    help = (
        "Set up the municipality from DAGI: boundary, parishes as local areas, postcodes, the "
        "map's centre and bounds, and the seed layers. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "municipality", help="The municipality code (0440) or name (Kerteminde)."
        )

    def handle(self, *args, municipality, **options):
        try:
            report = municipality_setup(code_or_name=municipality)
        except ImportProblem as problem:
            raise CommandError(str(problem)) from None
        m, a, p = report["municipality"], report["areas"], report["postcodes"]
        self.stdout.write(f"Municipality {m['code']} {m['name']}: {m['state']}.")
        self.stdout.write(
            f"Local areas (parishes): created {a['created']}, updated {a['updated']}, "
            f"left {a['unchanged']} unchanged."
        )
        self.stdout.write(
            f"Postcodes: created {p['created']}, updated {p['updated']}, "
            f"left {p['unchanged']} unchanged."
        )
        self.stdout.write(
            self.style.SUCCESS(f"Map layers: created {report['layers_created']}; the rest left.")
        )
