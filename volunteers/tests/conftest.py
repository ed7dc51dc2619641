import pytest

from community.tests.factories import coordinator


@pytest.fixture
def social():
    """Birthe, coordinator of Social & Omsorg."""
    return coordinator("social-omsorg", email="birthe@example.dk")
