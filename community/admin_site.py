from django.contrib import admin

from community import access


class SamskabAdminSite(admin.AdminSite):
    site_header = "Samskab administration"
    site_title = "Samskab"
    index_title = "Administration"

    def has_permission(self, request):
        """Only administrators (with two-factor login, see StaffMFAMiddleware) use the admin."""
        user = request.user
        return user.is_active and user.is_staff and access.is_admin(user)
