"""OGC API – Features, Part 1 Core with GeoJSON and HTML, under /kort/ogc/ (open data, no login).

A thin layer over maps/features.py, in plain Django views: the protocol is six read-only
resources, and pygeoapi would bring its own server, configuration and provider for data that
one selector already reads. JSON answers carry an ETag (Django's condition(): weak comparison,
If-None-Match: *), are kept by it in the cache like the GeoJSON API's, and are compressed (gzip or Brotli); HTML
answers are the same resources for people.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from functools import wraps
from urllib.parse import urlencode

import orjson
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from community.caching import cached, namespace_version
from community.municipality import current_municipality
from maps import features, selectors
from maps.api import _body

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
]
JSON, GEOJSON, HTML = "application/json", "application/geo+json", "text/html"


class Refused(Exception):
    """An answer other than 200: its status, OGC exception code and message."""

    def __init__(self, status: int, code: str, description: str):
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


def _format(request) -> str:
    """json or html: ?f= first, else the Accept header (a browser asks for HTML first)."""
    f = request.GET.get("f", "")
    if f in ("json", "geojson"):
        return "json"
    if f == "html":
        return "html"
    if f:
        raise Refused(400, "InvalidParameterValue", _("f skal være json eller html."))
    accept = request.headers.get("Accept", "")
    html, json_at = accept.find("text/html"), accept.find("json")
    return "html" if html != -1 and (json_at == -1 or html < json_at) else "json"


def _collections() -> list[features.Collection]:
    from localareas.lookup import NAMESPACE

    version = f"{selectors.data_version()}|{namespace_version(NAMESPACE)}"
    key = [translation.get_language(), hashlib.sha256(version.encode()).hexdigest()[:16]]
    return cached(selectors.DATA_NAMESPACE, ["ogc-collections", *key], features.collections, 2.0)


def _collection(collection_id: str) -> features.Collection:
    c = next((c for c in _collections() if c.id == collection_id), None)
    if c is None:
        raise Refused(404, "NotFound", _("Der er ingen samling med dette id."))
    return c


# Parsed queries by collection and query string: parsing builds a django-filter form, which costs
# more than serving the cached page it leads to. Parsing reads no data, so an entry never goes stale.
_parsed: OrderedDict[tuple[str, str], features.ItemsQuery] = OrderedDict()
PARSED_MAX = 256


def _items_query(request, c: features.Collection) -> features.ItemsQuery:
    key = (c.id, translation.get_language(), request.GET.urlencode())
    q = _parsed.get(key)
    if q is None:
        q = _parsed[key] = features.items_query(c, request.GET)
        while len(_parsed) > PARSED_MAX:
            _parsed.popitem(last=False)
    if q.errors:
        raise Refused(400, "InvalidParameterValue", " ".join(q.errors))
    return q


def _language(request):
    lang = request.GET.get("lang")
    return translation.override(lang if lang in ("da", "en") else translation.get_language())


def _url(request, name: str, *args, **params) -> str:
    """An absolute link: clients on other sites follow it as it is."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return request.build_absolute_uri(reverse(name, args=args)) + (f"?{query}" if query else "")


def _self_and_alternate(request, name, *args, kind=JSON, **params) -> list[dict]:
    return [
        {
            "href": _url(request, name, *args, **params, f="json"),
            "rel": "self",
            "type": kind,
            "title": _("Denne side som JSON"),
        },
        {
            "href": _url(request, name, *args, **params, f="html"),
            "rel": "alternate",
            "type": HTML,
            "title": _("Denne side som HTML"),
        },
    ]


def _etag(request, **kwargs) -> str | None:
    """The version of a JSON answer; None (no ETag, no 304) for HTML and for a refused request."""
    if not hasattr(request, "_ogc_etag"):  # condition() and the view both ask
        request._ogc_etag = _version(request, **kwargs)
    return request._ogc_etag


def _version(request, **kwargs) -> str | None:
    from localareas.lookup import NAMESPACE

    try:
        if _format(request) != "json":
            return None
        with _language(request):
            if "collection_id" in kwargs:
                c = _collection(kwargs["collection_id"])
                if "fid" not in kwargs and request.resolver_match.url_name == "ogc-items":
                    _items_query(request, c)
            raw = "|".join(
                [
                    selectors.data_version(),
                    namespace_version(NAMESPACE),
                    request.get_host(),
                    request.get_full_path(),
                    translation.get_language(),
                ]
            )
    except Refused:
        return None
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _answer(request, build, *, kind=JSON) -> HttpResponse:
    """A JSON body (from the cache for its ETag) or the HTML page; CORS and caching headers."""
    fmt = "json"
    try:
        with _language(request):
            fmt = _format(request)
            if fmt == "html":
                response = render(request, "maps/ogc.html", build(html=True))
            else:
                etag = _etag(request, **request.resolver_match.kwargs)
                data = lambda: _json_bytes(build(html=False))  # noqa: E731
                body = _body(etag, data) if etag else data()
                response = HttpResponse(body, content_type=kind)
                response["Cache-Control"] = "public, max-age=60"
    except Refused as refused:
        if fmt == "html":
            context = {"page": "error", "title": _("Det kan vi ikke vise"), **vars(refused)}
            response = render(request, "maps/ogc.html", context, status=refused.status)
        else:
            body = {"code": refused.code, "description": refused.description}
            response = HttpResponse(json.dumps(body), content_type=JSON, status=refused.status)
    response["Access-Control-Allow-Origin"] = "*"
    patch_vary_headers(response, ["Accept"])
    return response


def _json_bytes(data) -> bytes:
    """A JSON answer's body; items and item come as bytes already, joined from stored features."""
    if isinstance(data, bytes):
        return data
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def _features(texts: list[str]) -> list[dict]:
    """The features for an HTML page, which reads them as objects: the page decoded once."""
    return orjson.loads("[" + ",".join(texts) + "]")


def _open_data(kind=JSON):
    """Every OGC view: GET/HEAD only, ETag for JSON, and on a 304 the 200's headers (compressed by
    community.compression)."""

    def decorator(view):
        conditional = condition(etag_func=_etag)(view)

        @require_safe
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = conditional(request, *args, **kwargs)
            if response.status_code == 304:
                response["Content-Type"] = kind
                response["Access-Control-Allow-Origin"] = "*"
                response["Cache-Control"] = "public, max-age=60"
                patch_vary_headers(response, ["Accept", "Accept-Encoding"])
            return response

        return wrapped

    return decorator


def _link_rows(links) -> list[dict]:
    return [link for link in links if link["rel"] not in ("self", "alternate")]


@_open_data()
def landing(request):
    """The landing page: what is here, and the links a client starts from."""

    def build(html):
        links = [
            *_self_and_alternate(request, "maps:ogc-landing"),
            {
                "href": _url(request, "maps:ogc-landing", f="html"),
                "rel": "service-doc",
                "type": HTML,
                "title": _("Beskrivelse af snitfladen"),
            },
            {
                "href": _url(request, "maps:ogc-conformance", f="json"),
                "rel": "conformance",
                "type": JSON,
                "title": _("Standarder, som snitfladen følger"),
            },
            {
                "href": _url(request, "maps:ogc-collections", f="json"),
                "rel": "data",
                "type": JSON,
                "title": _("Samlinger af steder"),
            },
        ]
        data = {
            "title": _("Steder til udeliv – %(authority)s")
            % {"authority": current_municipality().authority_name},
            "description": _(
                "Kommunens steder til udeliv og lokalområderne som åbne data efter OGC API – "
                "Features (GeoJSON, WGS84)."
            ),
            "links": links,
        }
        if html:
            return {**data, "page": "landing", "link_rows": _link_rows(links)}
        return data

    return _answer(request, build)


@_open_data()
def conformance(request):
    """The conformance classes this interface implements."""

    def build(html):
        data = {"conformsTo": CONFORMANCE}
        if html:
            return {"title": _("Standarder, som snitfladen følger"), "page": "conformance", **data}
        return {
            **data,
            "links": _self_and_alternate(request, "maps:ogc-conformance"),
        }

    return _answer(request, build)


def _collection_json(request, c: features.Collection) -> dict:
    extent = {}
    if c.bbox:
        extent["spatial"] = {"bbox": [c.bbox], "crs": features.CRS84}
    if c.interval:
        extent["temporal"] = {"interval": [c.interval], "trs": features.GREGORIAN}
    return {
        "id": c.id,
        "title": c.title,
        "description": c.description,
        "itemType": "feature",
        "crs": [features.CRS84],
        "extent": extent,
        "links": [
            *_self_and_alternate(request, "maps:ogc-collection", c.id),
            {
                "href": _url(request, "maps:ogc-items", c.id, f="json"),
                "rel": "items",
                "type": GEOJSON,
                "title": _("Stederne som GeoJSON"),
            },
            {
                "href": _url(request, "maps:ogc-items", c.id, f="html"),
                "rel": "items",
                "type": HTML,
                "title": _("Stederne som HTML"),
            },
        ],
    }


@_open_data()
def collection_list(request):
    """Every collection: one per map layer, and the local areas."""

    def build(html):
        items = [_collection_json(request, c) for c in _collections()]
        links = _self_and_alternate(request, "maps:ogc-collections")
        if html:
            return {
                "title": _("Samlinger af steder"),
                "page": "collections",
                "collections": [
                    (c, _url(request, "maps:ogc-collection", c.id)) for c in _collections()
                ],
            }
        return {"links": links, "collections": items}

    return _answer(request, build)


@_open_data()
def collection_detail(request, collection_id):
    """One collection: its extent and where its items are."""

    def build(html):
        c = _collection(collection_id)
        data = _collection_json(request, c)
        if html:
            return {
                **data,
                "page": "collection",
                "collection": c,
                "items_url": _url(request, "maps:ogc-items", c.id),
                "link_rows": _link_rows(data["links"]),
            }
        return data

    return _answer(request, build)


def _page_links(request, c, q: features.ItemsQuery, returned: int, matched: int) -> list[dict]:
    params = {k: v for k, v in request.GET.items() if k not in ("f", "offset")}
    links = _self_and_alternate(
        request, "maps:ogc-items", c.id, kind=GEOJSON, **params, offset=q.offset or None
    )
    if q.offset + returned < matched:
        links.append(
            {
                "href": _url(
                    request, "maps:ogc-items", c.id, **params, offset=q.offset + q.limit, f="json"
                ),
                "rel": "next",
                "type": GEOJSON,
                "title": _("Næste side"),
            }
        )
    if q.offset > 0:
        links.append(
            {
                "href": _url(
                    request,
                    "maps:ogc-items",
                    c.id,
                    **params,
                    offset=max(0, q.offset - q.limit) or None,
                    f="json",
                ),
                "rel": "prev",
                "type": GEOJSON,
                "title": _("Forrige side"),
            }
        )
    links.append(
        {
            "href": _url(request, "maps:ogc-collection", c.id, f="json"),
            "rel": "collection",
            "type": JSON,
            "title": c.title,
        }
    )
    return links


@_open_data(GEOJSON)
def items(request, collection_id):
    """One page of a collection's features, filtered by bbox, datetime and its queryables."""

    def build(html):
        c = _collection(collection_id)
        q = _items_query(request, c)
        page, matched = features.items_page(c, q)
        links = _page_links(request, c, q, len(page), matched)
        data = {
            "type": "FeatureCollection",
            "timeStamp": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "numberMatched": matched,
            "numberReturned": len(page),
            "links": links,
        }
        if not html:
            # The features are texts already (maps/features.py): joined in, not decoded and encoded.
            return orjson.dumps(data)[:-1] + f',"features":[{",".join(page)}]}}'.encode()
        pager = {
            link["rel"]: link["href"].replace("f=json", "f=html")
            for link in links
            if link["rel"] in ("next", "prev")
        }
        return {
            **data,
            "features": _features(page),
            "title": c.title,
            "page": "items",
            "collection": c,
            "collection_url": _url(request, "maps:ogc-collection", c.id),
            "json_url": links[0]["href"],
            "pager": pager,
            "first": q.offset + 1,
            "last": q.offset + len(page),
        }

    return _answer(request, build, kind=GEOJSON)


@_open_data(GEOJSON)
def item(request, collection_id, fid):
    """One feature by its id."""

    def build(html):
        c = _collection(collection_id)
        text = features.item(c, fid)
        if text is None:
            raise Refused(404, "NotFound", _("Samlingen har intet sted med dette id."))
        links = [
            *_self_and_alternate(request, "maps:ogc-item", c.id, fid, kind=GEOJSON),
            {
                "href": _url(request, "maps:ogc-collection", c.id, f="json"),
                "rel": "collection",
                "type": JSON,
                "title": c.title,
            },
        ]
        if not html:
            return f'{text[:-1]},"links":{orjson.dumps(links).decode()}}}'.encode()
        feature = {**_features([text])[0], "links": links}
        return {
            "title": feature["properties"]["name"],
            "page": "item",
            "feature": feature,
            "collection": c,
            "collection_url": _url(request, "maps:ogc-collection", c.id),
            "items_url": _url(request, "maps:ogc-items", c.id),
            "json_url": links[0]["href"],
        }

    return _answer(request, build, kind=GEOJSON)
