import pytest
from django.urls import reverse

from community.tests.factories import LocalAreaFactory, area_contact


def post_council_page(client, council, **fields):
    """Send the council page form; the fields not given are sent empty, as a browser does."""
    blank = {"description": "", "email": "", "phone": "", "website": ""}
    return client.post(reverse("localareas:council-edit", args=[council.slug]), blank | fields)


@pytest.fixture
def juelsminde(db):
    return LocalAreaFactory(name="Juelsminde")


@pytest.fixture
def alice(juelsminde):
    """Alice is the playmaker of Juelsminde."""
    return area_contact(juelsminde, email="alice@example.dk")
