from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from community.site import on_site


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open to every citizen; accounts get the citizen role on creation."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from community.models import Role

            Role.objects.get_or_create(user=user, kind=Role.Kind.CITIZEN)
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mails (confirm address, reset password, log-in codes) go through our messaging:
        in the recipient's language, recorded in the outbox, retried when the mail server fails."""
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site
        from django.utils.translation import get_language

        from community.messaging import send_rendered

        request = allauth_context.request
        # allauth builds its links (activate_url, password_reset_url, signup_url ...) from the host
        # the request came in on; every link we mail goes to SITE_URL instead.
        links = {
            key: on_site(value)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str)
        }
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update({**context, **links})

        def build(language: str) -> dict:
            rendered = self.render_mail(template_prefix, email, ctx)
            html = next(
                (
                    body
                    for body, mimetype in getattr(rendered, "alternatives", [])
                    if mimetype == "text/html"
                ),
                "",
            )
            return {"subject": rendered.subject, "text": rendered.body, "html": html}

        # Someone without an account (yet) reads the mail in the language they are using the site in.
        send_rendered("account", email, build, language=get_language())

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failed log-ins per address and per account. Per account alone would let
        # anyone lock the owner out with five wrong passwords: we count per account *from this
        # address*, so the owner, from elsewhere, still gets in (the per-address limit still holds).
        from community.http import client_ip

        return (
            f"{super()._get_login_attempts_cache_key(request, **credentials)}:{client_ip(request)}"
        )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """A first log-in with MitID makes a citizen account, as a sign-up with a password does."""

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        from community.models import Role

        Role.objects.get_or_create(user=user, kind=Role.Kind.CITIZEN)
        return user
