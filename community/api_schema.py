"""The OpenAPI schema of the whole API: every operation documents the error answers it can give."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import permissions, serializers
from rest_framework.authentication import SessionAuthentication

from community.site import absolute_url


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


# DRF answers a failed validation with {field: [messages]} (non_field_errors for the whole
# request) and our services answer a refused request with {"detail": message}.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer", "minimum": 0},
        "description": "Seconds until a new request is accepted",
    }
}

ERROR_DESCRIPTIONS = {
    "400": "Invalid parameters or body; the answer names the fields and what is wrong",
    "401": "No valid credentials for this operation",
    "403": "Not logged in, no access, or the CSRF token is missing",
    "404": "No such object, or not one you may see",
    "409": "The request clashes with the current state",
    "429": "Too many requests; see Retry-After",
}


class AutoSchema(SpectacularAutoSchema):
    """Adds 400/401/403/404/429 answers with an error body wherever the view can give them."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction=direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code in responses:
                continue
            schema = self._validation_error_ref() if code == "400" else ErrorSerializer
            response = self._get_response_for_code(schema, code, direction=direction)
            response["description"] = ERROR_DESCRIPTIONS[code]
            if code == "429":
                response["headers"] = RETRY_AFTER
            responses[code] = response
        return responses

    def _error_codes(self) -> list[str]:
        view = self.view
        codes = []
        if self.method not in permissions.SAFE_METHODS or any(
            p["in"] == "query" for p in self._get_parameters()
        ):
            codes.append("400")
        authenticators = view.get_authenticators()
        if any(a.authenticate_header(view.request) for a in authenticators):
            codes.append("401")
        public = all(isinstance(p, permissions.AllowAny) for p in view.get_permissions())
        csrf = self.method not in permissions.SAFE_METHODS and any(
            isinstance(a, SessionAuthentication) for a in authenticators
        )
        if not public or csrf:
            codes.append("403")
        if "{" in self.path:  # a path parameter names an object that may not exist
            codes.append("404")
        if view.get_throttles():
            codes.append("429")
        return codes

    def _validation_error_ref(self) -> dict:
        component = ResolvedComponent(
            name="ValidationError",
            type=ResolvedComponent.SCHEMA,
            object="ValidationError",
            schema=VALIDATION_ERROR_SCHEMA,
        )
        self.registry.register_on_missing(component)
        return component.ref


def add_servers(result, generator, request, public):
    """drf-spectacular postprocessing hook: the site's public address, so a client that only has the
    document (downloaded, or served behind a proxy) knows where to send its requests."""
    result["servers"] = [{"url": absolute_url(""), "description": settings.SITE_NAME}]
    return result
