"""Map pages in English: counts, attribution and the share snippet's title are English too."""

import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def spec(html: str) -> dict:
    return json.loads(re.search(r'id="samskab-map-config"[^>]*>(.*?)</script>', html, re.S)[1])


def test_the_embed_says_1_place_and_2_places_in_english(client, layers):
    labels = spec(client.get(reverse("maps:embed"), {"lang": "en"}).text)["layers"]["labels"]
    assert labels["shownOne"] == "%(count)s place on the map"
    assert labels["shown"] == "%(count)s places on the map"


def test_the_embed_says_1_sted_in_danish(client, layers):
    labels = spec(client.get(reverse("maps:embed")).text)["layers"]["labels"]
    assert labels["shownOne"] == "%(count)s sted på kortet"
    assert labels["shown"] == "%(count)s steder på kortet"


def test_the_map_data_credit_is_in_the_pages_language(client, layers):
    danish = client.get(reverse("maps:map")).text
    assert "© OpenStreetMap-bidragydere (ODbL)" in danish
    client.post(reverse("set_language"), {"language": "en"})
    english = client.get(reverse("maps:map")).text
    assert "© OpenStreetMap contributors (ODbL)" in english
    assert "bidragydere" not in english  # neither the page's data line nor the footer


def test_the_share_snippet_title_is_offered_in_both_languages(client, layers):
    html = client.get(reverse("maps:share")).text
    assert 'data-title-en="Outdoor map of ' in html and 'data-title-da="Kort over udeliv i ' in html
    assert 'data-title-area-en="Outdoor map of __AREA__"' in html
