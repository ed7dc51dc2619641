"""The non-point places the OGC tests share: a meadow drawn clockwise and a path."""

# Drawn clockwise, as an old import stored it: RFC 7946 wants the outer ring counter-clockwise.
CLOCKWISE = [[9.700, 55.760], [9.700, 55.763], [9.704, 55.763], [9.704, 55.760], [9.700, 55.760]]


def meadow_and_path(layers) -> list:
    """ "Engen" (a clockwise polygon) and "Stien" (a line) on the green-areas layer, saved."""
    from maps.models import Facility

    made = []
    for name, geometry in [
        ("Engen", {"type": "Polygon", "coordinates": [CLOCKWISE]}),
        ("Stien", {"type": "LineString", "coordinates": [[9.70, 55.76], [9.72, 55.78]]}),
    ]:
        facility = Facility(name=name, layer=layers["green-areas"], geometry=geometry)
        facility.save()
        made.append(facility)
    return made
