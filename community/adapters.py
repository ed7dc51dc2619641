from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open to every citizen; accounts get the citizen role on creation."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from community.models import Role

            Role.objects.get_or_create(user=user, kind=Role.Kind.CITIZEN)
        return user

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failed log-ins per address and per account. Per account alone would let
        # anyone lock the owner out with five wrong passwords: we count per account *from this
        # address*, so the owner, from elsewhere, still gets in (the per-address limit still holds).
        from community.http import client_ip

        return (
            f"{super()._get_login_attempts_cache_key(request, **credentials)}:{client_ip(request)}"
        )
