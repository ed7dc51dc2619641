from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CommunityConfig(AppConfig):
    default = True
    name = "community"
    verbose_name = "Samskab"

    def ready(self):
        from django.db.models.signals import post_migrate

        from community import checks, mfa, site  # noqa: F401 (checks registers itself)

        mfa.connect_signals()
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from community.page_cache import forget_pages_on_change

        # Any change may show on a public page: the stored pages follow every save and delete.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(forget_pages_on_change, dispatch_uid=f"community.pages.{id(signal)}")
        # After the sites app made its example.com row (it comes first in INSTALLED_APPS).
        post_migrate.connect(site.site_sync, sender=self, dispatch_uid="community.site_sync")


class SamskabAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "community.admin_site.SamskabAdminSite"
