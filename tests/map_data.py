"""Open map data of every shape the GeoJSON answers can hold, for the API description's tests."""

from __future__ import annotations

from community.tests.factories import LocalAreaFactory, square


def open_map_data():
    """A local area with a point, a trail, a green area with a hole, a two-part forest, and a hall,
    an activity and a volunteer task to show on the area's map."""
    from bookings.models import Building, Room
    from maps.models import Facility, Layer
    from maps.services import layers_seed
    from matching.tests.factories import make_activity
    from volunteers.tests.factories import OpportunityFactory

    layers_seed()
    layer = {layer.slug: layer for layer in Layer.objects.all()}
    area = LocalAreaFactory(name="Testby", slug="testby", lon=9.70, lat=55.76)
    outer = square(9.701, 55.761, 0.008)["coordinates"][0]
    hole = [[9.703, 55.763], [9.703, 55.765], [9.705, 55.765], [9.705, 55.763], [9.703, 55.763]]
    shapes = [
        ("Shelter ved søen", "shelters", {"type": "Point", "coordinates": [9.71, 55.77]}),
        (
            "Natursti",
            "trails",
            {"type": "LineString", "coordinates": [[9.702, 55.762], [9.71, 55.775]]},
        ),
        ("Engen", "green-areas", {"type": "Polygon", "coordinates": [outer, hole]}),
        (
            "Skoven",
            "green-areas",
            {
                "type": "MultiPolygon",
                "coordinates": [
                    square(9.712, 55.762, 0.002)["coordinates"],
                    square(9.716, 55.762, 0.002)["coordinates"],
                ],
            },
        ),
    ]
    for name, slug, geometry in shapes:
        facility = Facility(
            name=name,
            layer=layer[slug],
            geometry=geometry,
            wheelchair=True,
            fire_allowed=False,
            capacity=6,
        )
        facility.full_clean()
        facility.save()
    building = Building.objects.create(
        name="Testby Hallen", street="Hallvej 1", lat=55.7725, lon=9.7105, local_area=area
    )
    Room.objects.create(building=building, name="Mødelokale", capacity=12)
    activity = make_activity(title="Fællesspisning torsdag")
    type(activity).objects.filter(pk=activity.pk).update(local_area=area, lat=55.773, lon=9.711)
    OpportunityFactory(title="Sommerfest", local_area=area, lat=55.771, lon=9.709)
    return area
