"""Setting up and reading TOTP devices for demo logins and tests, through allauth's public API only.

allauth keeps a device as an `Authenticator` whose data holds the secret encrypted by the MFA
adapter; codes are RFC 6238 (HMAC-SHA1, allauth's period and digits).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

from allauth.mfa import app_settings
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator


def activate(user, secret: str) -> Authenticator:
    """Give the user a TOTP device with this (base32) secret, unless she has one."""
    device, _created = Authenticator.objects.get_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": get_adapter().encrypt(secret)}},
    )
    return device


def secret_of(device: Authenticator) -> str:
    return get_adapter().decrypt(device.data["secret"])


def code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows now (RFC 6238)."""
    counter = int(at if at is not None else time.time()) // app_settings.TOTP_PERIOD
    key = base64.b32decode(secret.encode("ascii"), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**app_settings.TOTP_DIGITS:0{app_settings.TOTP_DIGITS}}"
