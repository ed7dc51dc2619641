"""Deploy checks (`manage.py check --deploy`) for what settings.py cannot refuse on its own."""

from django.conf import settings
from django.core.checks import Error, register
from django.http.request import split_domain_port, validate_host

from community.site import site_domain


@register(deploy=True)
def site_url_is_served(app_configs=None, **kwargs):
    """Every mail links to SITE_URL: a host the site does not answer for makes every link dead."""
    host, _port = split_domain_port(site_domain())
    if host and validate_host(host, settings.ALLOWED_HOSTS):
        return []
    return [
        Error(
            f"SITE_URL={settings.SITE_URL!r} names a host that is not in ALLOWED_HOSTS: "
            "every link in every mail would lead nowhere.",
            hint="Set SITE_URL to the site's public address and add its host to ALLOWED_HOSTS.",
            id="samskab.E001",
        )
    ]
