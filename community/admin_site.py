from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from community import access


class SamskabAdminSite(admin.AdminSite):
    site_header = "Samskab administration"
    site_title = "Samskab"
    index_title = "Administration"

    def has_permission(self, request):
        """Only administrators (with two-factor login, see StaffMFAMiddleware) use the admin."""
        user = request.user
        return user.is_active and user.is_staff and access.is_admin(user)

    def login(self, request, extra_context=None):
        """Django's own password form would skip the second factor: everyone logs in through allauth."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        return redirect_to_login(next_url, reverse("account_login"))
