from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "maps"
    verbose_name = "Kort og udeliv"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from maps.models import Facility, Layer, ProblemReport
        from maps.selectors import forget_data_version

        for model in (Facility, Layer, ProblemReport):
            post_save.connect(forget_data_version, sender=model, dispatch_uid=f"maps-v-{model}")
            post_delete.connect(forget_data_version, sender=model, dispatch_uid=f"maps-d-{model}")
