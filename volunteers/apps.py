from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = "Frivillige"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from volunteers.models import Application, HoursEntry, Opportunity, Volunteer
        from volunteers.selectors import forget_figures

        # The dashboards' cached counts follow every change to what they count.
        for model in (Volunteer, HoursEntry, Application, Opportunity):
            post_save.connect(
                forget_figures, sender=model, dispatch_uid=f"figures-save-{model.__name__}"
            )
            post_delete.connect(
                forget_figures, sender=model, dispatch_uid=f"figures-delete-{model.__name__}"
            )
        m2m_changed.connect(
            forget_figures, sender=Volunteer.core_tasks.through, dispatch_uid="figures-core-tasks"
        )
