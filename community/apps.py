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
        # After the sites app made its example.com row (it comes first in INSTALLED_APPS).
        post_migrate.connect(site.site_sync, sender=self, dispatch_uid="community.site_sync")


class SamskabAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "community.admin_site.SamskabAdminSite"
