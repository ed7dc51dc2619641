from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CommunityConfig(AppConfig):
    default = True
    name = "community"
    verbose_name = "Samskab"

    def ready(self):
        from community import mfa

        mfa.connect_signals()


class SamskabAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "community.admin_site.SamskabAdminSite"
