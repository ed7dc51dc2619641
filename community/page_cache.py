"""Whole public pages kept in the shared cache for visitors who are not logged in (issue 17).

A view marked with @public_page (the area list and the area pages) is rendered once per language,
address and data version; later anonymous visitors get the stored HTML without the view, its
queries or its templates running. Every middleware still runs on every request, so the security
headers, the Content-Security-Policy and the cookies are those of this request.

What would tie a page to one visitor is never kept:
- the CSRF token of the page's forms (the language switch) is stored as a placeholder and each
  visitor gets a token of their own (`get_token`, which also sets their CSRF cookie);
- the CSP nonce is stored as a placeholder and replaced with this response's nonce;
- a visitor with a session cookie, a pending message or an htmx request is neither served from nor
  stored into the cache, nor is any page whose view touched the session, set a cookie or used the
  CSRF token anywhere but in a form field.

The data version is a namespace bumped by every save and delete of any model (connected in
community/apps.py), so councils, projects or hearings show at once too; writes no signal sees
(update(), bulk_create) show after PAGE_TTL_S.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from community.caching import namespace_bump, namespace_key

PAGE_NAMESPACE = "community.pages"
PAGE_TTL_S = 60
# The other namespaces the public pages are made from (named here, not imported, to keep this light).
FOLLOWED_NAMESPACES = ("localareas.figures", "maps.facilities", "volunteers.figures")
CSRF_PLACEHOLDER = "\x00samskab-csrf\x00"
NONCE_PLACEHOLDER = "\x00samskab-nonce\x00"
_CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]*)(")')
MESSAGES_COOKIE = "messages"


def public_page(view):
    """Mark a view whose page is the same for every anonymous visitor (per language and address)."""
    view.public_page = True
    return view


def _bump() -> None:
    namespace_bump(PAGE_NAMESPACE)


def forget_pages(**_kwargs) -> None:
    """Forget every stored page: now, and again on commit, so a page rendered before the commit (from
    the old rows) cannot stay for the TTL."""
    _bump()
    if connection.in_atomic_block:
        transaction.on_commit(_bump)


def forget_pages_on_change(sender, **kwargs) -> None:
    if sender._meta.app_label == "sessions":
        return
    forget_pages()


def _anonymous_visit(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
        and "HTTP_HX_REQUEST" not in request.META
        and not request.user.is_authenticated
    )


def _key(request) -> str:
    from community.caching import namespace_version

    return namespace_key(
        PAGE_NAMESPACE,
        [
            request.LANGUAGE_CODE,
            request.scheme,
            request.get_host(),
            timezone.localdate().isoformat(),
            *(namespace_version(name) for name in FOLLOWED_NAMESPACES),
            request.get_full_path(),
        ],
    )


def _template(request, response) -> str | None:
    """The response's HTML with the visitor's own tokens taken out, or None if it must not be kept."""
    if (
        response.status_code != 200
        or response.streaming
        or not response.get("Content-Type", "").startswith("text/html")
        or response.cookies
        or response.has_header("Cache-Control")
        or getattr(request, "session", None) is not None
        and request.session.modified
    ):
        return None
    html = response.content.decode(response.charset)
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        html, fields = _CSRF_FIELD.subn(rf"\g<1>{CSRF_PLACEHOLDER}\g<3>", html)
        token = request.META.get("CSRF_COOKIE", "")
        if not fields or (token and token in html):
            return None  # the token is somewhere a placeholder cannot follow
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        html = html.replace(nonce, NONCE_PLACEHOLDER)
    if CSRF_PLACEHOLDER not in html and _CSRF_FIELD.search(html):
        return None
    return html


def _fill(request, html: str) -> str:
    if NONCE_PLACEHOLDER in html:
        html = html.replace(NONCE_PLACEHOLDER, str(request.csp_nonce))
    # A fresh masked token per field, as {% csrf_token %} gives; the secret is this visitor's own.
    parts = html.split(CSRF_PLACEHOLDER)
    return parts[0] + "".join(get_token(request) + part for part in parts[1:])


class PublicPageCacheMiddleware:
    """Serves @public_page views to anonymous visitors from the shared cache (see the module doc).

    It works in process_view, after every middleware has read the request (session, language,
    CSRF cookie, user), and its answer goes back out through all of them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "public_page", False) or not _anonymous_visit(request):
            return None
        return _kept_or_rendered(
            request, _key(request), lambda: view_func(request, *view_args, **view_kwargs)
        )


def _kept_or_rendered(request, key: str, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The page kept under key, with this request's tokens filled in; else rendered, and kept if
    nothing in it is this request's own (_template)."""
    stored = cache.get(key)
    if stored is not None:
        response = HttpResponse(_fill(request, stored), content_type="text/html; charset=utf-8")
        response["X-Page-Cache"] = "hit"
        return response
    response = render()
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    html = _template(request, response)
    if html is not None:
        cache.set(key, html, PAGE_TTL_S)
        response["X-Page-Cache"] = "miss"
    return response


def _user_visit(request) -> bool:
    from django.contrib import messages

    return (
        request.method == "GET"
        and "HTTP_HX_REQUEST" not in request.META
        and request.user.is_authenticated
        and getattr(request, "session", None) is not None
        and request.session.session_key is not None
        and not len(messages.get_messages(request))  # a pending message is shown once, never kept
    )


def user_page(request, parts: list[object], render: Callable[[], HttpResponse]) -> HttpResponse:
    """A whole staff page kept for this user and session alone, in their language and at this address,
    under the public pages' data version; the caller checks every access rule before asking, on every
    request, and names in `parts` whatever the page depends on besides (access.role_signature).

    A hit skips the view's reads and the templates; its form tokens and CSP nonce are this request's
    own, as for the public pages. A page with a pending message, one whose view set a cookie or
    changed the session, and htmx requests are neither served from nor kept in the cache."""
    from community.caching import namespace_version

    if not _user_visit(request):
        return render()
    # Hashed: the session key, the path and the roles stay out of the cache's key list.
    parts_of_key = [
        request.user.pk,
        request.session.session_key,
        request.LANGUAGE_CODE,
        request.scheme,
        request.get_host(),
        timezone.localdate().isoformat(),
        *(namespace_version(name) for name in FOLLOWED_NAMESPACES),
        request.get_full_path(),
        *parts,
    ]
    digest = hashlib.sha256(repr(parts_of_key).encode()).hexdigest()
    return _kept_or_rendered(request, namespace_key(PAGE_NAMESPACE, ["user-page", digest]), render)
