from django.core.management.base import BaseCommand, CommandError

from localareas.importer import ImportProblem
from localareas.services import local_areas_import


class Command(BaseCommand):
    help = (
        "Import local-area polygons from GeoJSON, TopoJSON, a zipped Shapefile or a GeoPackage, "
        "in any CRS; parts of one area (same code) are merged."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--name-field", help="The attribute that holds each area's name (e.g. SOGNENAVN)."
        )
        parser.add_argument(
            "--code-field", help="The attribute that holds each area's code (e.g. SOGNEKODE)."
        )

    def handle(self, *args, path, name_field, code_field, **options):
        try:
            result = local_areas_import(
                path=path, name_field=name_field, code_field=code_field, source=path
            )
        except ImportProblem as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result['created']}, updated {result['updated']}, "
                f"left {result['unchanged']} unchanged local areas."
            )
        )
