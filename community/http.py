"""Facts about the HTTP request that several apps need."""

from __future__ import annotations


def client_ip(request) -> str:
    """The client's address: behind the load balancer, the one it appended to X-Forwarded-For.

    allauth's adapter reads it as ALLAUTH_TRUSTED_PROXY_COUNT says (set from BEHIND_PROXY), so the
    audit log, our own rate limits and allauth's log-in limits agree on who is asking.
    """
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import ImproperlyConfigured, PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        # No usable address (a malformed or short X-Forwarded-For): one bucket for all of those.
        return "unknown"
