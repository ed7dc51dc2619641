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


class BBoxField(forms.CharField):
    """west,south,east,north in WGS84, four finite numbers with west < east and south < north."""

    default_error_messages = {
        "invalid": gettext_lazy("bbox skal være fire tal: vest,syd,øst,nord (WGS84).")
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            w, s, e, n = (float(v) for v in value.split(","))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not all(math.isfinite(v) for v in (w, s, e, n)) or not (w < e and s < n):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return (w, s, e, n)


class SearchField(forms.CharField):
    def to_python(self, value):
        # Longer text is cut, not refused: a search box should not answer "invalid".
        return super().to_python(value)[:Q_MAX_LENGTH]


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField


class BBoxFilter(django_filters.Filter):
    field_class = BBoxField


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class FacilityFilterSet(django_filters.FilterSet):
    layers = SlugListFilter(field_name="layer__slug", lookup_expr="in")
    area = django_filters.CharFilter(field_name="local_area__slug")
    bbox = BBoxFilter(method="filter_bbox")
    status = django_filters.ChoiceFilter(choices=Facility.Status.choices)
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
        w, s, e, n = value
        # Bounding boxes overlap: cheap on the stored box, exact enough for a map view.
        return queryset.filter(min_lon__lte=e, max_lon__gte=w, min_lat__lte=n, max_lat__gte=s)

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(description__icontains=value)
            | Q(local_area__name__icontains=value)
            | Q(layer__name_da__icontains=value)
            | Q(layer__name_en__icontains=value)
        )


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
