"""API throttles: per client IP for anonymous callers, per user when logged in, per door for locks."""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.settings import api_settings

from community.http import client_ip


class _RatesFromSettings:
    # DRF binds THROTTLE_RATES once at import; read them per request so an override applies.
    def get_rate(self):
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        return super().get_rate()

    def get_ident(self, request):
        # The same client address as the log-in limits and the audit log (community.http).
        return client_ip(request)


class AnonRateThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_RatesFromSettings, throttling.UserRateThrottle):
    pass


class DoorRateThrottle(_RatesFromSettings, throttling.SimpleRateThrottle):
    """The `lock` rate, counted per door: locks behind one router share an IP but not a door."""

    scope = "lock"

    def get_cache_key(self, request, view):
        door = getattr(request, "door", None)
        ident = f"door-{door.pk}" if door is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
