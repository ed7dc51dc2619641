"""What every list filter of the platform shares: a filter bar, whose fields are all optional."""

from __future__ import annotations

import django_filters


class FilterBar(django_filters.FilterSet):
    """A FilterSet whose fields render without the forms' "(valgfrit)": in a filter bar all are."""

    field_template = "community/_filter_field.html"

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            field.template_name = self.field_template
        return form
