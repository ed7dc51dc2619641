"""The public GeoJSON API: facilities filtered by bbox, layer, area and attributes, with ETags."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import condition
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from community.api_schema import ErrorSerializer
from community.caching import cached, namespace_version
from localareas.models import LocalArea
from maps import selectors
from maps.geojson_schema import geojson_ref
from maps.models import ATTRIBUTE_FIELDS

CACHE_SECONDS = 3600
DOWNLOAD_FILENAME = "faciliteter.geojson"

FILTER_PARAMETERS = [
    OpenApiParameter(
        "bbox",
        OpenApiTypes.STR,
        description=(
            "west,south,east,north in WGS84 (or six values with heights), e.g. 9.5,55.7,9.9,55.9: "
            "the facilities whose geometry meets the box"
        ),
    ),
    OpenApiParameter(
        "layers",
        OpenApiTypes.STR,
        description="Comma-separated layer slugs, e.g. shelters,fire-pits",
    ),
    OpenApiParameter("area", OpenApiTypes.STR, description="Local area slug, e.g. juelsminde"),
    OpenApiParameter(
        "status", OpenApiTypes.STR, enum=["open", "closed", "problem"], description="Status"
    ),
    *[
        OpenApiParameter(
            name,
            OpenApiTypes.BOOL,
            description=f"Only facilities where {name} is 1 (yes) or 0 (no)",
        )
        for name in ATTRIBUTE_FIELDS
    ],
    OpenApiParameter(
        "geometry_type",
        OpenApiTypes.STR,
        enum=["Point", "LineString", "Polygon"],
        description="Only this kind of geometry (its Multi kind included), e.g. for a Shapefile",
    ),
    OpenApiParameter(
        "limit",
        OpenApiTypes.INT,
        description="At most this many features a page (default and maximum 10000)",
    ),
    OpenApiParameter(
        "offset",
        OpenApiTypes.INT,
        description=(
            "Leave out this many matching features (in id order): the next page. An answer that "
            "does not hold the last matching feature links the next page (rel next)."
        ),
    ),
    OpenApiParameter("lang", OpenApiTypes.STR, enum=["da", "en"], description="Language of texts"),
]


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


# The last few bodies, kept in this process too: the shared cache would copy a megabyte per hit.
_recent: OrderedDict[str, bytes] = OrderedDict()
RECENT_MAX = 8
BODY_NAMESPACE = "maps.geojson"


def _body(etag: str, build) -> bytes:
    body = _recent.get(etag)
    if body is None:
        # The ETag names the data it was made from, so a body never needs forgetting: it expires.
        body = cached(BODY_NAMESPACE, [etag], build, CACHE_SECONDS)
        _recent[etag] = body
        while len(_recent) > RECENT_MAX:
            _recent.popitem(last=False)
    return body


def _language(request) -> str:
    return "en" if request.GET.get("lang") == "en" else "da"


# Parsed filters by language and query string: the django-filter form costs more than serving the
# cached body it leads to, and parsing reads no data, so an entry never goes stale.
_parsed: OrderedDict[tuple[str, str], tuple] = OrderedDict()
PARSED_MAX = 256


def _facilities_request(request):
    """The filter, page size and offset of a facilities request; the filter's errors say what is wrong."""
    key = (translation.get_language(), request.GET.urlencode())
    f = _parsed.get(key)
    if f is None:
        f = _parsed[key] = selectors.FacilityFilter.from_params(request.GET)
        while len(_parsed) > PARSED_MAX:
            _parsed.popitem(last=False)
    # Read every time: the page size is a setting, and parsing two numbers costs nothing.
    limit = selectors.api_limit(request.GET.get("limit"))
    return f, limit, selectors.api_offset(request.GET.get("offset"))


def _facilities_etag(request) -> str | None:
    with translation.override(_language(request)):
        f, limit, offset = _facilities_request(request)
        # No ETag for a bad request: condition() then lets the view answer 400 with the reason.
        if f.errors:
            return None
        # The host too: the next link is absolute, so other sites' maps can follow it as it is.
        return selectors.geojson_etag(f, limit, offset, request.get_host())


def _page_link(request):
    """The address of another page of this request: the same parameters, another offset."""

    def link(offset: int) -> str:
        params = request.GET.copy()
        params["offset"] = str(offset)
        return request.build_absolute_uri(request.path) + "?" + params.urlencode()

    return link


def _areas_etag(request) -> str:
    from localareas.lookup import NAMESPACE

    return f"areas-{namespace_version(NAMESPACE)}-{LocalArea.objects.count()}"


def _places_body(request) -> bytes | None:
    """The area's places with absolute links (other sites show them), made once per request."""
    if not hasattr(request, "_places_body"):
        area = LocalArea.objects.filter(slug=request.GET.get("area", "")).first()
        request._places_body = None
        if area is not None:
            data = selectors.places_geojson(area)
            for feature in data["features"]:
                url = feature["properties"]["url"]
                feature["properties"]["url"] = url and request.build_absolute_uri(url)
            request._places_body = json.dumps(data, separators=(",", ":")).encode()
    return request._places_body


def _places_etag(request) -> str | None:
    # Rooms, activities and tasks live in three other apps: the body itself is the version.
    body = _places_body(request)
    return None if body is None else hashlib.sha256(body).hexdigest()[:32]


def _geojson(body: bytes) -> HttpResponse:
    return HttpResponse(body, content_type="application/geo+json")


class PublicGeoJSONView(APIView):
    """Open data: no login, GeoJSON or JSON, and parameters the database can take."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # PostgreSQL refuses NUL in a text parameter: say so before any query would fail with 500.
        if any("\x00" in value for _name, values in request.GET.lists() for value in values):
            raise ParseError(_("Parametrene må ikke indeholde NUL-tegn."))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        if response.status_code in (200, 304):
            # On the 304 too: a map on another site keeps using its copy for another minute.
            response["Cache-Control"] = "public, max-age=60"
        return response


class FacilitiesGeoJSON(PublicGeoJSONView):
    """Outdoor facilities as a GeoJSON FeatureCollection (open data, no login)."""

    @extend_schema(
        operation_id="facilities_geojson",
        summary="Outdoor facilities as GeoJSON",
        description=(
            "Active facilities as a GeoJSON FeatureCollection in WGS84. Filter by bbox, layers, "
            "area, status and yes/no attributes. Responses carry an ETag; send If-None-Match "
            "to get 304 Not Modified. numberMatched/numberReturned tell whether the limit cut the result; "
            "then the next page is linked (links, rel next)."
        ),
        parameters=FILTER_PARAMETERS,
        responses={
            (200, "application/geo+json"): OpenApiResponse(
                geojson_ref("FacilityCollection"), description="FeatureCollection"
            ),
            304: OpenApiResponse(description="Not modified"),
        },
        tags=["maps"],
    )
    @method_decorator(condition(etag_func=_facilities_etag))
    def get(self, request):
        with translation.override(_language(request)):
            f, limit, offset = _facilities_request(request)
            if f.errors:
                return Response({"detail": " ".join(f.errors)}, status=400)
            etag = _facilities_etag(request)
            link = _page_link(request)
            return _geojson(
                _body(etag, lambda: selectors.geojson_payload(f, limit, offset, link=link))
            )


def _download_etag(request) -> str | None:
    with translation.override(_language(request)):
        f, _limit, _offset = _facilities_request(request)
        # The limit 0 (no page) keeps it apart from every page's ETag of the same filter.
        return None if f.errors else selectors.geojson_etag(f, 0, 0, "download")


class FacilitiesDownload(PublicGeoJSONView):
    """Every facility a filter selects, as one GeoJSON file: the map's "download" link."""

    @extend_schema(
        operation_id="facilities_geojson_download",
        summary="All outdoor facilities of a filter as one GeoJSON file",
        description=(
            "The same filters and features as facilities.geojson, without its page limit: every "
            "matching facility in one FeatureCollection, streamed as an attachment. "
            "numberMatched/numberReturned come last and are equal."
        ),
        parameters=[p for p in FILTER_PARAMETERS if p.name not in ("limit", "offset")],
        responses={
            (200, "application/geo+json"): OpenApiResponse(
                geojson_ref("FacilityCollection"), description="FeatureCollection"
            ),
            304: OpenApiResponse(description="Not modified"),
            400: OpenApiResponse(ErrorSerializer, description="A filter that makes no sense"),
        },
        tags=["maps"],
    )
    @method_decorator(condition(etag_func=_download_etag))
    def get(self, request):
        with translation.override(_language(request)):
            f, _limit, _offset = _facilities_request(request)
            if f.errors:
                return Response({"detail": " ".join(f.errors)}, status=400)
            response = StreamingHttpResponse(
                selectors.geojson_download(f), content_type="application/geo+json"
            )
            response["Content-Disposition"] = f'attachment; filename="{DOWNLOAD_FILENAME}"'
            return response


class AreasGeoJSON(PublicGeoJSONView):
    """The local-area boundaries (simplified) for the map overlay."""

    @extend_schema(
        operation_id="local_areas_geojson",
        summary="Local-area boundaries as GeoJSON",
        responses={
            (200, "application/geo+json"): OpenApiResponse(
                geojson_ref("LocalAreaCollection"), description="FeatureCollection"
            )
        },
        tags=["maps"],
    )
    @method_decorator(condition(etag_func=_areas_etag))
    def get(self, request):
        return _geojson(_body(_areas_etag(request), selectors.areas_geojson))


class PlacesGeoJSON(PublicGeoJSONView):
    """Rooms to book, associations' activities and open volunteer tasks in one local area (public)."""

    @extend_schema(
        operation_id="area_places_geojson",
        summary="Rooms, association activities and volunteer tasks of a local area as GeoJSON",
        parameters=[OpenApiParameter("area", str, required=True, description="Local-area slug")],
        responses={
            (200, "application/geo+json"): OpenApiResponse(
                geojson_ref("PlaceCollection"), description="FeatureCollection"
            ),
            404: OpenApiResponse(ErrorSerializer, description="No local area with this slug"),
        },
        tags=["maps"],
    )
    @method_decorator(condition(etag_func=_places_etag))
    def get(self, request):
        body = _places_body(request)
        if body is None:
            raise NotFound(_("Der er intet lokalområde med dette navn."))
        return _geojson(body)
