from django.apps import AppConfig


class LocalareasConfig(AppConfig):
    name = "localareas"
    verbose_name = "Lokalområder"
    # load_demo runs these in order; the workspace's demo needs the areas, playmakers and associations.
    demo_modules = ("demo", "demo_workspace")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from localareas.lookup import areas_changed
        from localareas.models import LocalArea

        post_save.connect(areas_changed, sender=LocalArea, dispatch_uid="localareas-lookup-save")
        post_delete.connect(
            areas_changed, sender=LocalArea, dispatch_uid="localareas-lookup-delete"
        )
