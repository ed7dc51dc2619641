import pytest


@pytest.fixture(autouse=True)
def _forget_area_tree():
    """The point-to-area tree lives in process memory; a test that imported areas must not leak it."""
    yield
    from localareas import lookup

    lookup._state.update(tree=None, ids=[], version=None)
