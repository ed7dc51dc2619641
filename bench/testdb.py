"""A throwaway test database for the benchmarks: a run never touches the developer's own data."""

from contextlib import contextmanager


@contextmanager
def throwaway_database():
    """Set up Django's test environment and a fresh test database; drop it afterwards, even on error."""
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
