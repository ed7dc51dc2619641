import pytest

from community.tests.factories import LocalAreaFactory
from maps.importers import FacilityRecord
from maps.services import layers_seed

REAL = "/work/shared/data/osm-campsites-dk"


@pytest.fixture(autouse=True)
def _fresh_area_lookup():
    """The point-to-area tree is kept per process by version; a cleared cache restarts the version."""
    from localareas import lookup
    from maps import api, ogc, selectors

    lookup._state.update(version=None, tree=None, ids=[])
    # Each test starts a new database state: forget what the API remembered from the last one.
    selectors.forget_data_version()
    api._recent.clear()
    # Parsed query strings hold a limit read from settings, which a test may change.
    api._parsed.clear()
    ogc._parsed.clear()


@pytest.fixture
def small_limits(settings, tmp_path):
    """The hostile-file tests: a limit of 10 features keeps the "too many" files small."""
    settings.MAPS_IMPORT_MAX_FEATURES = 10
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def existing(layers):
    """A facility the source already has: a refused file must neither change nor retire it."""
    from maps.models import Facility
    from maps.services import facilities_sync
    from maps.tests.hostile import SOURCE

    report = facilities_sync(records=[record("old", name="Gammelt shelter")], source=SOURCE)
    assert report.created == 1
    return Facility.objects.get()


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


@pytest.fixture
def layers(db):
    layers_seed()
    from maps.models import Layer

    return {layer.slug: layer for layer in Layer.objects.all()}


@pytest.fixture
def area(db):
    """A square local area near Hedensted: 9.70-9.72 E, 55.76-55.78 N."""
    return LocalAreaFactory(name="Testby", slug="testby", lon=9.70, lat=55.76)


def point(lon, lat):
    return {"type": "Point", "coordinates": [lon, lat]}


def record(external_id="a", name="Shelteret", layer="shelters", lon=9.71, lat=55.77, **kwargs):
    return FacilityRecord(
        external_id=external_id, name=name, layer=layer, geometry=point(lon, lat), **kwargs
    )


@pytest.fixture
def make_facility(layers):
    from maps.models import Facility

    def make(name="Shelteret", layer="shelters", lon=9.71, lat=55.77, **kwargs):
        facility = Facility(name=name, layer=layers[layer], geometry=point(lon, lat), **kwargs)
        facility.full_clean()
        facility.save()
        return facility

    return make
