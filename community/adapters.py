from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open to every citizen; accounts get the citizen role on creation."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from community.models import Role

            Role.objects.get_or_create(user=user, kind=Role.Kind.CITIZEN)
        return user
