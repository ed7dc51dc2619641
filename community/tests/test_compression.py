"""Compressed answers (community/compression.py): Brotli when asked for, else gzip, JSON streams
piece by piece; never for static files' sake, file streams or tiny bodies; ETags stay usable."""

import gzip
import json

import brotli
import pytest
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.test import RequestFactory

from community.compression import CompressionMiddleware, accepted_encodings

pytestmark = pytest.mark.django_db
BROWSER = "gzip, deflate, br, zstd"


def test_a_page_is_brotli_for_a_browser_that_asks_and_gzip_for_one_that_does_not(client):
    plain = client.get("/", HTTP_ACCEPT_ENCODING="identity")
    assert plain.status_code == 200 and "Content-Encoding" not in plain
    br = client.get("/", HTTP_ACCEPT_ENCODING=BROWSER)
    assert br["Content-Encoding"] == "br"
    assert "Accept-Encoding" in br["Vary"]
    assert int(br["Content-Length"]) == len(br.content) < len(plain.content) / 3
    assert b"<h1" in brotli.decompress(br.content)
    gz = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert gz["Content-Encoding"] == "gzip" and b"<h1" in gzip.decompress(gz.content)


def test_a_coding_refused_with_q_0_is_not_used(client):
    assert accepted_encodings("gzip;q=1.0, br;q=0, identity; q=0.5") == {"gzip", "identity"}
    response = client.get("/", HTTP_ACCEPT_ENCODING="br;q=0, gzip")
    assert response["Content-Encoding"] == "gzip"


def _through(response, encoding=BROWSER):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=encoding)
    return CompressionMiddleware(lambda r: response)(request)


def test_a_json_stream_is_compressed_piece_by_piece_and_stays_a_stream():
    pieces = [b'{"a":[' + b",".join([b'{"name":"Shelter"}'] * 200) + b"]}"] * 5
    for encoding, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        response = StreamingHttpResponse(iter(pieces), content_type="application/geo+json")
        response["ETag"] = '"abc"'
        stream = _through(response, encoding)
        assert stream.streaming and stream["Content-Encoding"] == encoding
        assert "Content-Length" not in stream and stream["ETag"] == 'W/"abc"'
        sent = list(stream.streaming_content)
        assert decompress(b"".join(sent)) == b"".join(pieces)
        if encoding == "br":  # each piece flushed as it comes (zlib sends when its buffer fills)
            assert len(sent) > len(pieces)
    plain = _through(StreamingHttpResponse(iter(pieces), content_type="application/json"), "")
    assert "Content-Encoding" not in plain and b"".join(plain.streaming_content) == b"".join(pieces)


def test_a_file_stream_a_tiny_answer_and_a_csv_are_left_as_they_are():
    stream = _through(StreamingHttpResponse(iter([b"\x89PNG"] * 500), content_type="image/png"))
    assert (
        "Content-Encoding" not in stream and b"".join(stream.streaming_content) == b"\x89PNG" * 500
    )
    csv_stream = _through(StreamingHttpResponse(iter([b"a;b\n"] * 500), content_type="text/csv"))
    assert "Content-Encoding" not in csv_stream
    tiny = _through(JsonResponse({"ok": True}))
    assert "Content-Encoding" not in tiny and json.loads(tiny.content) == {"ok": True}
    csv = _through(HttpResponse("a;b\n" * 500, content_type="text/csv"))
    assert "Content-Encoding" not in csv


def test_a_strong_etag_becomes_weak_when_the_bytes_are_compressed():
    response = HttpResponse("<p>hej</p>" * 100, content_type="text/html")
    response["ETag"] = '"abc"'
    compressed = _through(response)
    assert compressed["ETag"] == 'W/"abc"' and compressed["Content-Encoding"] == "br"


def test_whitenoise_makes_a_brotli_file_beside_the_gzip_one_for_a_static_file(tmp_path):
    import shutil

    from django.contrib.staticfiles import finders
    from whitenoise.compress import Compressor

    source = finders.find("css/samskab.css")
    shutil.copy(source, tmp_path / "samskab.css")
    # What collectstatic's CompressedManifestStaticFilesStorage runs on every file it writes.
    list(Compressor(quiet=True).compress(str(tmp_path / "samskab.css")))
    original = (tmp_path / "samskab.css").read_bytes()
    assert brotli.decompress((tmp_path / "samskab.css.br").read_bytes()) == original
    assert gzip.decompress((tmp_path / "samskab.css.gz").read_bytes()) == original
