"""Compressed answers: Brotli where the client asks for it, else gzip, for HTML, JSON and GeoJSON.

Static files never reach this middleware: WhiteNoise (above it) serves the .br and .gz files
collectstatic made. Tiny answers and streams of other types (files, CSV exports) are left as
they are; a JSON or HTML stream (the map's GeoJSON download) is compressed piece by piece as it
goes out, so it stays a stream of bounded memory. Like
Django's GZipMiddleware, a strong ETag becomes weak (the bytes differ from the identity answer,
the content does not), so If-None-Match still gets its 304 from condition(); gzip gets Django's
random filename bytes against BREACH. Large bodies with an ETag (the map API's megabyte) are
compressed once per ETag and encoding in this process, not once per request.
"""

from __future__ import annotations

from collections import OrderedDict

import brotli
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_sequence, compress_string

MIN_BYTES = 200
# Quality 5 compresses about as fast as gzip's 6 and some 15% smaller; 11 (the default) is for files.
BROTLI_QUALITY = 5
COMPRESSIBLE = ("text/html", "application/json", "application/geo+json")
CACHE_FROM_BYTES = 32 * 1024
CACHE_MAX = 16
_compressed: OrderedDict[tuple, bytes] = OrderedDict()


def accepted_encodings(header: str) -> set[str]:
    """The codings of an Accept-Encoding header the client takes (q above 0), lower case."""
    accepted = set()
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding and q > 0:
            accepted.add(coding.strip().lower())
    return accepted


def _compressible(response) -> bool:
    if response.has_header("Content-Encoding"):
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type in COMPRESSIBLE or content_type.endswith("+json")


def _encode(content: bytes, coding: str) -> bytes:
    if coding == "br":
        return brotli.compress(content, quality=BROTLI_QUALITY)
    return compress_string(content, max_random_bytes=100)


def _encode_stream(chunks, coding: str):
    """The pieces of a stream compressed one by one, each flushed so the client gets it at once."""
    if coding != "br":
        yield from compress_sequence(chunks, max_random_bytes=100)
        return
    compressor = brotli.Compressor(quality=BROTLI_QUALITY)
    for chunk in chunks:
        if out := compressor.process(chunk) + compressor.flush():
            yield out
    yield compressor.finish()


def _coding(request) -> str | None:
    accepted = accepted_encodings(request.headers.get("Accept-Encoding", ""))
    return "br" if "br" in accepted else "gzip" if "gzip" in accepted else None


def _weaken_etag(response) -> None:
    etag = response.get("ETag", "")
    if etag and not etag.startswith("W/"):
        response["ETag"] = "W/" + etag


class CompressionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not _compressible(response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if response.streaming:
            # Its length is unknown until it has gone: compressed whatever its size.
            coding = _coding(request)
            if coding is not None:
                response.streaming_content = _encode_stream(response.streaming_content, coding)
                del response["Content-Length"]
                response["Content-Encoding"] = coding
                _weaken_etag(response)
            return response
        if len(response.content) < MIN_BYTES:
            return response
        coding = _coding(request)
        if coding is None:
            return response
        etag = response.get("ETag", "")
        if etag and len(response.content) >= CACHE_FROM_BYTES:
            key = (request.path, etag, coding, len(response.content))
            body = _compressed.get(key)
            if body is None:
                body = _compressed[key] = _encode(response.content, coding)
                while len(_compressed) > CACHE_MAX:
                    _compressed.popitem(last=False)
        else:
            body = _encode(response.content, coding)
        if len(body) >= len(response.content):
            return response
        response.content = body
        response["Content-Length"] = str(len(body))
        response["Content-Encoding"] = coding
        _weaken_etag(response)
        return response
