from django.core.management.base import BaseCommand, CommandError

from community.models import CoreTask
from localareas.models import LocalArea
from matching.services.runs import matching_run


class Command(BaseCommand):
    help = "Run the matching for a core task, an area or the whole municipality (proposals wait for a coordinator)."

    def add_arguments(self, parser):
        parser.add_argument("--core-task", help="slug, e.g. social-omsorg (default: all)")
        parser.add_argument("--area", help="local area slug (default: the whole municipality)")
        parser.add_argument("--prefer-more-matches", action="store_true")

    def handle(self, *args, **options):
        tasks = None
        if options["core_task"]:
            task = CoreTask.objects.filter(slug=options["core_task"]).first()
            if task is None:
                raise CommandError(f"Unknown core task {options['core_task']!r}")
            tasks = {task.pk}
        area = None
        if options["area"]:
            area = LocalArea.objects.filter(slug=options["area"]).first()
            if area is None:
                raise CommandError(f"Unknown local area {options['area']!r}")
        run = matching_run(
            actor=None,
            core_task_ids=tasks,
            local_area=area,
            prefer_more_matches=options["prefer_more_matches"],
        )
        self.stdout.write(
            f"Run #{run.pk}: {run.needs_count} needs, {run.providers_count} providers, {run.candidates_count} candidates, "
            f"{run.proposed_count} proposals, solve {run.solve_ms:.1f} ms, total {run.total_ms:.0f} ms\n"
        )
