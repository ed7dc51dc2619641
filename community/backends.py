from community import access


class AdministratorRoleBackend:
    """Users with the administrator role hold every model permission; scoping still applies (see access)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        return user_obj.is_active and access.is_admin(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return user_obj.is_active and access.is_admin(user_obj)
