"""The platform's own address and name: every link in a mail and the Sites row come from here."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` on the public address of settings.SITE_URL, whatever host served the request."""
    return settings.SITE_URL.rstrip("/") + path


def on_site(url: str) -> str:
    """The same page and query as `url`, on SITE_URL's scheme and host."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).netloc


def site_sync(**kwargs) -> None:
    """post_migrate: the Sites row (allauth's mails name it) gets SITE_URL's domain and SITE_NAME."""
    from django.contrib.sites.models import Site

    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": site_domain(), "name": settings.SITE_NAME}
    )
    Site.objects.clear_cache()
