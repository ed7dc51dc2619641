import pytest

from community.tests.factories import coordinator


@pytest.fixture
def alice(db):
    """Coordinator of Social Omsorg."""
    return coordinator("social-omsorg", email="alice@example.dk")
