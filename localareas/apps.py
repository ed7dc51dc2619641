from django.apps import AppConfig

# What the area pages, the area list, the involvement index and participation count (localareas/figures.py).
# Facilities and problem reports are followed through the maps module's own namespace.
COUNTED_MODELS = (
    "localareas.LocalArea",
    "volunteers.Volunteer",
    "matching.Need",
    "matching.Match",
    # A matching run moves its needs on with update(), then saves the run.
    "matching.MatchRun",
    "bookings.Booking",
    # A weekly series writes its bookings with bulk_create in the transaction that saves the series.
    "bookings.BookingSeries",
    "bookings.Room",
    "bookings.Building",
    "hearings.Hearing",
    "hearings.Response",
)


class LocalareasConfig(AppConfig):
    name = "localareas"
    verbose_name = "Lokalområder"
    # load_demo runs these in order; the workspace's demo needs the areas, playmakers and associations.
    demo_modules = ("demo", "demo_workspace")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from localareas.figures import forget_figures
        from localareas.lookup import areas_changed
        from localareas.models import LocalArea

        post_save.connect(areas_changed, sender=LocalArea, dispatch_uid="localareas-lookup-save")
        post_delete.connect(
            areas_changed, sender=LocalArea, dispatch_uid="localareas-lookup-delete"
        )
        for label in COUNTED_MODELS:
            model = apps.get_model(label)
            post_save.connect(forget_figures, sender=model, dispatch_uid=f"area-figures-s-{label}")
            post_delete.connect(
                forget_figures, sender=model, dispatch_uid=f"area-figures-d-{label}"
            )
