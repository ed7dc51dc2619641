"""GET filters (django-filter): what every filter bar shares, and the audit search. A bad value is
left out, never an error page."""

from __future__ import annotations

import django_filters
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from community import audit
from community.forms import DateInput
from community.models import AuditEntry

# The largest id a database integer column holds; a bigger number in a URL names no row.
MAX_ID = 2**63 - 1


def id_param(raw: str | None) -> int | None:
    """A row id from a query string, or None: "²" passes str.isdigit() but int() refuses it."""
    if raw and raw.isascii() and raw.isdigit() and int(raw) <= MAX_ID:
        return int(raw)
    return None


class FilterBar(django_filters.FilterSet):
    """A FilterSet whose fields render without the forms' "(valgfrit)": in a filter bar all are."""

    @property
    def form(self):
        form = super().form
        form.all_optional = True  # read by templates/django/forms/field.html
        return form


def _object_type_choices():
    """The kinds of object the log holds, by their names ("booking", "borger"), not their labels."""
    choices = []
    for label in AuditEntry.objects.order_by().values_list("object_type", flat=True).distinct():
        if not label:
            continue
        try:
            name = str(apps.get_model(label)._meta.verbose_name)
        except (LookupError, ValueError):
            name = label
        choices.append((label, f"{name[:1].upper()}{name[1:]} ({label})"))
    return sorted(choices, key=lambda c: c[1].lower())


class AuditFilter(FilterBar):
    q = django_filters.CharFilter(label=_("Søg (bruger, objekt eller formål)"), method="search")
    action = django_filters.CharFilter(
        label=_("Handling"),
        lookup_expr="icontains",
        help_text=_("Fx booking. for alle bookinger, eller booking.approved."),
    )
    object_type = django_filters.ChoiceFilter(
        label=_("Slags objekt"), choices=_object_type_choices, empty_label=_("Alle")
    )
    object_id = django_filters.CharFilter(label=_("Objektets nummer"))
    date_from = django_filters.DateFilter(
        label=_("Fra dato"),
        field_name="at",
        lookup_expr="date__gte",
        widget=DateInput(),
    )
    date_to = django_filters.DateFilter(
        label=_("Til dato"),
        field_name="at",
        lookup_expr="date__lte",
        widget=DateInput(),
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []

    def search(self, queryset, name, value):
        # A citizen's id finds her rows only for those who may see her (audit.search_condition).
        return queryset.filter(audit.search_condition(self.request.user, value))
