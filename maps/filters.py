"""The filters a map, list, embed or API request may carry in its URL (django-filter FilterSets).

A value that makes no sense is left out, as if it had not been sent (django-filter filters with the
fields that are valid), except a bbox: the API says what is wrong with it, since a client asking
for one area should not silently get them all.
"""

from __future__ import annotations

import math

import django_filters
import django_filters.fields
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from maps.models import ATTRIBUTE_FIELDS, Facility, ProblemReport

TRUE_VALUES = {"1", "true", "ja", "yes", "on"}
FALSE_VALUES = {"0", "false", "nej", "no", "off"}
Q_MAX_LENGTH = 100
NUL_MESSAGE = gettext_lazy("Parametrene må ikke indeholde NUL-tegn.")


class YesNoWidget(forms.Widget):
    """1/0, ja/nej, true/false, yes/no, on/off (a check box sends "1"); anything else: no filter."""

    def value_from_datadict(self, data, files, name):
        value = str(data.get(name) or "").strip().lower()
        if value in TRUE_VALUES:
            return True
        if value in FALSE_VALUES:
            return False
        return None


class SlugListWidget(forms.Widget):
    """layers=a,b and layers=a&layers=b alike: links use the first, the map's check boxes the second."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name) or ""]
        return sorted({s.strip() for value in values for s in str(value).split(",") if s.strip()})


class SlugListField(forms.Field):
    widget = SlugListWidget

    def validate(self, value):
        super().validate(value)
        # PostgreSQL refuses NUL in a text parameter: a 500 if it reached the query.
        if any("\x00" in slug for slug in value):
            raise ValidationError(NUL_MESSAGE)


BBOX_MESSAGE = gettext_lazy(
    "bbox skal være fire eller seks tal: vest,syd,øst,nord eller vest,syd,lav,øst,nord,høj "
    "(WGS84, længdegrad før breddegrad)."
)


class BBoxField(forms.CharField):
    """west,south,east,north in WGS84 (or six values with heights, which are ignored: RFC 7946).

    Four finite numbers with west <= east and south <= north, inside the world; a box with
    latitude and longitude swapped (a common mistake: Leaflet says lat,lon) is named as such.
    """

    default_error_messages = {
        "invalid": BBOX_MESSAGE,
        "range": gettext_lazy(
            "bbox ligger uden for jorden: længdegrad skal være mellem -180 og 180 og "
            "breddegrad mellem -90 og 90."
        ),
        "swapped": gettext_lazy(
            "bbox ser ud til at have breddegrad og længdegrad byttet om: skriv længdegrad "
            "først (vest,syd,øst,nord), f.eks. bbox=%(example)s."
        ),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            numbers = [float(v) for v in value.split(",")]
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if len(numbers) == 6:
            numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
        if len(numbers) != 4 or not all(math.isfinite(v) for v in numbers):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        w, s, e, n = numbers
        if _looks_swapped(w, s, e, n):
            example = ",".join(f"{v:g}" for v in (s, w, n, e))
            raise ValidationError(
                self.error_messages["swapped"], code="swapped", params={"example": example}
            )
        if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= 90 and -90 <= n <= 90):
            raise ValidationError(self.error_messages["range"], code="range")
        if not (w <= e and s <= n):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return (w, s, e, n)


def _looks_swapped(w, s, e, n) -> bool:
    """The box misses Denmark, but read as south,west,north,east it lies on it."""
    from maps.geometry import DENMARK_BOUNDS

    dw, ds, de, dn = DENMARK_BOUNDS

    def on_denmark(w, s, e, n):
        return w <= de and e >= dw and s <= dn and n >= ds and w <= e and s <= n

    return not on_denmark(w, s, e, n) and on_denmark(s, w, n, e)


# ogr2ogr writes one geometry type per Shapefile: ask for one family (the Multi kind included).
GEOMETRY_FAMILIES = {
    "Point": ["Point"],
    "LineString": ["LineString", "MultiLineString"],
    "Polygon": ["Polygon", "MultiPolygon"],
}


class GeometryTypeField(forms.CharField):
    default_error_messages = {
        "invalid": gettext_lazy(
            "geometry_type skal være Point, LineString eller Polygon (Multi-typerne følger med)."
        )
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return ""
        for family in GEOMETRY_FAMILIES:
            if value.lower() in (family.lower(), f"multi{family.lower()}"):
                return family
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class SearchField(forms.CharField):
    def to_python(self, value):
        # Longer text is cut, not refused: a search box should not answer "invalid".
        return super().to_python(value)[:Q_MAX_LENGTH]


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField


class BBoxFilter(django_filters.Filter):
    field_class = BBoxField


class GeometryTypeFilter(django_filters.Filter):
    field_class = GeometryTypeField


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class FacilityFilterSet(django_filters.FilterSet):
    layers = SlugListFilter(field_name="layer__slug", lookup_expr="in")
    area = django_filters.CharFilter(field_name="local_area__slug")
    bbox = BBoxFilter(method="filter_bbox")
    status = django_filters.ChoiceFilter(choices=Facility.Status.choices)
    geometry_type = GeometryTypeFilter(method="filter_geometry_type")
    q = SearchFilter(method="filter_q")

    class Meta:
        model = Facility
        # The yes/no attributes: one filter each, made from the model's fields.
        fields = list(ATTRIBUTE_FIELDS)
        filter_overrides = {
            models.BooleanField: {
                "filter_class": django_filters.BooleanFilter,
                "extra": lambda field: {"widget": YesNoWidget},
            }
        }

    def filter_bbox(self, queryset, name, value):
        return within_bbox(queryset, value) if value else queryset

    def filter_geometry_type(self, queryset, name, value):
        return queryset.filter(geometry_type__in=GEOMETRY_FAMILIES[value])

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(description__icontains=value)
            | Q(local_area__name__icontains=value)
            | Q(layer__name_da__icontains=value)
            | Q(layer__name_en__icontains=value)
        )


def within_bbox(queryset, bbox):
    """The rows whose geometry really meets the box (RFC 7946 and OGC API: not just its box).

    The stored bounding boxes pick the candidates in the database; a point's box is the point, so
    only the lines and areas among them are tested with shapely, and the few that miss left out.
    """
    from shapely.geometry import box, shape
    from shapely.prepared import prep

    w, s, e, n = bbox
    candidates = queryset.filter(min_lon__lte=e, max_lon__gte=w, min_lat__lte=n, max_lat__gte=s)
    window = prep(box(w, s, e, n))
    shapes = candidates
    if hasattr(queryset.model, "geometry_type"):  # facilities; local areas are all polygons
        shapes = candidates.exclude(geometry_type="Point")
    outside = [
        pk
        for pk, geometry in shapes.values_list("pk", "geometry")
        if not window.intersects(shape(geometry))
    ]
    return candidates.exclude(pk__in=outside) if outside else candidates


OPEN, ALL = "open", "all"


class ProblemStatusField(django_filters.fields.ChoiceField):
    """A missing or unknown status shows the reports not yet fixed, as if none had been asked for."""

    def clean(self, value):
        return value if value and self.valid_value(value) else OPEN


class ProblemStatusFilter(django_filters.ChoiceFilter):
    field_class = ProblemStatusField


class ProblemReportFilterSet(django_filters.FilterSet):
    status = ProblemStatusFilter(
        choices=[
            (OPEN, gettext_lazy("Ikke udbedrede")),
            *ProblemReport.Status.choices,
            (ALL, gettext_lazy("Alle")),
        ],
        method="filter_status",
        empty_label=None,
    )

    class Meta:
        model = ProblemReport
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.exclude(status=ProblemReport.Status.FIXED)
        if value == ALL:
            return queryset
        return queryset.filter(status=value)
