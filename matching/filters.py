"""The coordinators' list filters, read from the address. A value that does not fit is ignored and
shown as an error next to its field, so a hand-edited or old link never breaks the page."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from community.filters import FilterBar
from community.models import CoreTask
from localareas.models import LocalArea
from matching import selectors
from matching.models import Match, Need, Proposal


class _OwnCoreTasks(FilterBar):
    """A core_task filter that offers only the core tasks the view passes in (hers)."""

    def __init__(self, *args, core_tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["core_task"].queryset = core_tasks


class NeedFilter(_OwnCoreTasks):
    """Needs of her core tasks; without a status, the ones still waiting (open or proposed)."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Need.Status.choices, empty_label=_("Alle åbne")
    )
    core_task = django_filters.ModelChoiceFilter(
        label=_("Kerneopgave"), queryset=CoreTask.objects.none(), empty_label=_("Alle mine")
    )
    # The dashboards' "open needs" figure links here: the needs that wait for a proposal.
    without_proposal = django_filters.BooleanFilter(
        label=_("Kun dem uden forslag endnu"),
        method="waiting_for_a_proposal",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Need
        fields = ["status", "core_task", "without_proposal"]

    def waiting_for_a_proposal(self, queryset, name, value):
        return queryset.filter(status__in=selectors.OPEN_STATUSES) if value else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status__in=selectors.OPEN_STATUSES + [Need.Status.PROPOSED])
        return queryset


class ProposalFilter(_OwnCoreTasks):
    core_task = django_filters.ModelChoiceFilter(
        label=_("Kerneopgave"),
        queryset=CoreTask.objects.none(),
        field_name="need__core_task",
        empty_label=_("Alle mine"),
    )
    local_area = django_filters.ModelChoiceFilter(
        label=_("Lokalområde"),
        queryset=LocalArea.objects.only("pk", "name").order_by("name"),
        field_name="need__local_area",
        empty_label=_("Alle"),
    )

    class Meta:
        model = Proposal
        fields = ["core_task", "local_area"]


class MatchFilter(FilterBar):
    """Matches by status; without one, the active ones (what a coordinator follows up)."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Match.Status.choices, empty_label=None
    )
    core_task = django_filters.ModelChoiceFilter(
        label=_("Kerneopgave"), queryset=CoreTask.objects.all(), empty_label=_("Alle mine")
    )
    # The dashboard's "follow-ups due now" links here: the matches with a follow-up due.
    due = django_filters.BooleanFilter(
        label=_("Kun med opfølgning, der skal laves nu"),
        method="with_follow_up_due",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Match
        fields = ["status", "core_task", "due"]

    def with_follow_up_due(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            pk__in=list(selectors.follow_ups_due().values_list("match_id", flat=True))
        )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("status"):
            data = data.copy()
            data["status"] = Match.Status.ACTIVE
        super().__init__(data, *args, **kwargs)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):  # a status that does not parse: as if none
            queryset = queryset.filter(status=Match.Status.ACTIVE)
        return queryset
