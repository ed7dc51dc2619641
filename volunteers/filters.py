"""The coordinators' list filters, read from the address. A value that does not fit is ignored and
shown as an error next to its field, so a hand-edited or old link never breaks the page."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.filters import FilterBar
from community.forms import DateInput
from community.models import CoreTask
from volunteers import selectors
from volunteers.models import Volunteer

DATE_WIDGET = DateInput()


class VolunteerFilter(FilterBar):
    q = django_filters.CharFilter(label=_("Søg"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Volunteer.Status.choices, empty_label=_("Alle")
    )
    core_task = django_filters.ModelChoiceFilter(
        label=_("Kerneopgave"),
        queryset=CoreTask.objects.all(),
        field_name="core_tasks",
        empty_label=_("Alle"),
    )
    # The dashboard's tiles link here, each to exactly the volunteers it counts.
    stage = django_filters.ChoiceFilter(
        label=_("Vis kun"),
        choices=[
            ("applicants", _("Nye ansøgere")),
            ("without_task", _("Aktive uden en opgave")),
            ("certificate_expiring", _("Børneattest udløber snart")),
        ],
        empty_label=_("Alle"),
        method="by_stage",
    )

    class Meta:
        model = Volunteer
        fields = ["q", "status", "core_task", "stage"]

    def by_stage(self, queryset, name, value):
        pick = {
            "applicants": selectors.applicants,
            "without_task": selectors.without_task,
            "certificate_expiring": selectors.certificate_expiring,
        }[value]
        return pick(queryset)

    def search(self, queryset, name, value):
        """Every word typed must be in the first or last name ("mette friv" finds Mette Frivillig); a
        single word may also be in the interests."""
        words = value.split()
        if len(words) == 1:
            return queryset.filter(
                Q(user__first_name__icontains=words[0])
                | Q(user__last_name__icontains=words[0])
                | Q(interests__icontains=words[0])
            )
        for word in words:
            queryset = queryset.filter(
                Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
            )
        return queryset


class VolunteerExportFilter(VolunteerFilter):
    """The export takes the same core-task filter as the list it is linked from."""

    class Meta:
        model = Volunteer
        fields = ["core_task"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("q", "status", "stage"):
            self.filters.pop(name)


class HoursFilter(FilterBar):
    """Pending hours to approve: by core task and the days they were worked."""

    core_task = django_filters.ModelChoiceFilter(
        label=_("Kerneopgave"), queryset=CoreTask.objects.none(), empty_label=_("Alle")
    )
    worked_from = django_filters.DateFilter(
        label=_("Fra dato"), field_name="worked_on", lookup_expr="gte", widget=DATE_WIDGET
    )
    worked_to = django_filters.DateFilter(
        label=_("Til dato"), field_name="worked_on", lookup_expr="lte", widget=DATE_WIDGET
    )

    def __init__(self, *args, core_tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["core_task"].queryset = core_tasks
