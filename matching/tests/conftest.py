import pytest

from community.tests.factories import coordinator


@pytest.fixture(autouse=True)
def _forget_area_tree():
    """The point-to-area tree lives in process memory; a test that imported areas must not leak it."""
    yield
    from localareas import lookup

    lookup._state.update(tree=None, ids=[], version=None)


@pytest.fixture
def birthe():
    """Coordinator of Social & Omsorg."""
    return coordinator("social-omsorg", email="birthe@example.dk")
