"""Forms of room search, bookings and series."""

from __future__ import annotations

from datetime import date, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from bookings.models import Equipment
from bookings.services.series import WeeklyPattern
from community.forms import DateInput
from community.weekly import WEEKDAY_CHOICES
from localareas.models import LocalArea


def _date(**kw):
    return forms.DateField(widget=DateInput, **kw)


def _time(**kw):
    return forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time", "class": "form-input"}, format="%H:%M"), **kw
    )


def _count(**kw):
    """An optional whole number from 1 up."""
    return forms.IntegerField(
        min_value=1, required=False, widget=forms.NumberInput(attrs={"class": "form-input"}), **kw
    )


def _weekday(**kw):
    return forms.TypedChoiceField(
        label=_("Ugedag"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select"}),
        **kw,
    )


def season_default() -> tuple[date, date]:
    """The next season: from the coming Monday for about 20 weeks."""
    today = timezone.localdate()
    start = today + timedelta(days=7 - today.weekday())
    return start, start + timedelta(weeks=20)


class TimeRangeMixin:
    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Sluttidspunktet skal ligge efter starttidspunktet."))
        return data


def check_season(form: forms.Form, first: date | None, last: date | None) -> None:
    """A season's last day comes after its first, at most a year later (errors on last_date)."""
    if first and last and last < first:
        form.add_error("last_date", _("Sidste dag skal ligge efter første dag."))
    if first and last and (last - first).days > 366:
        form.add_error("last_date", _("En sæson kan højst vare et år."))


class RoomSearchForm(TimeRangeMixin, forms.Form):
    MODES = [("date", _("En bestemt dag")), ("weekly", _("Fast hver uge i en sæson"))]
    mode = forms.ChoiceField(
        label=_("Hvornår"),
        choices=MODES,
        initial="date",
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
    )
    day = _date(label=_("Dato"), required=False)
    weekday = _weekday(required=False)
    first_date = _date(label=_("Første dag"), required=False)
    last_date = _date(label=_("Sidste dag"), required=False)
    start_time = _time(label=_("Fra kl."), initial=time(19, 0))
    end_time = _time(label=_("Til kl."), initial=time(21, 0))
    capacity = _count(label=_("Antal personer"), max_value=2000)
    equipment = forms.MultipleChoiceField(
        label=_("Udstyr"),
        choices=Equipment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    step_free = forms.BooleanField(
        label=_("Uden trin (kørestolsegnet)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    area = forms.ModelChoiceField(
        label=_("Lokalområde"),
        queryset=LocalArea.objects.order_by("name"),
        required=False,
        empty_label=_("Hele kommunen"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    postcode = forms.RegexField(
        label=_("Tæt på postnummer"),
        regex=r"^\d{4}$",
        required=False,
        error_messages={"invalid": _("Et postnummer er fire cifre.")},
        widget=forms.TextInput(attrs={"class": "form-input", "inputmode": "numeric"}),
    )
    max_distance_km = _count(label=_("Højst så mange km væk"), max_value=100)
    # The page's groups of fields: legend, the mode they belong to ("" for both), field names.
    FIELDSETS = [
        (_("En bestemt dag"), "date", ["day"]),
        (_("Fast hver uge"), "weekly", ["weekday", "first_date", "last_date"]),
        (_("Tidspunkt og antal"), "", ["start_time", "end_time", "capacity"]),
    ]

    def fieldsets(self) -> list:
        return [(legend, when, [self[n] for n in names]) for legend, when, names in self.FIELDSETS]

    def clean(self):
        data = super().clean()
        if data.get("mode") == "weekly":
            first, last = data.get("first_date"), data.get("last_date")
            if data.get("weekday") in (None, ""):
                self.add_error("weekday", _("Vælg en ugedag."))
            if not first:
                self.add_error("first_date", _("Vælg sæsonens første dag."))
            if not last:
                self.add_error("last_date", _("Vælg sæsonens sidste dag."))
            check_season(self, first, last)
        elif not data.get("day"):
            self.add_error("day", _("Vælg en dato."))
        return data


class AssociationChoiceMixin:
    """The booking is for one of the user's associations, or for the user."""

    def __init__(self, *args, associations=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Mig selv (privat)"))] + [(str(a.pk), a.name) for a in associations]
        self._associations = {str(a.pk): a for a in associations}
        self.fields["association"] = forms.ChoiceField(
            label=_("Booker for"),
            choices=choices,
            required=False,
            initial=choices[1][0] if len(choices) > 1 else "",
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.order_fields(["association"])

    def clean_association(self):
        value = self.cleaned_data.get("association")
        return self._associations.get(value) if value else None


class ActivityForm(AssociationChoiceMixin, TimeRangeMixin, forms.Form):
    """What a booking and a series both ask: for whom, the activity's name, and how many come."""

    title = forms.CharField(
        label=_("Aktivitet"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    head_count = forms.IntegerField(
        label=_("Antal personer"),
        min_value=1,
        max_value=5000,
        widget=forms.NumberInput(attrs={"class": "form-input", "inputmode": "numeric"}),
    )

    def __init__(self, *args, room, **kwargs):
        super().__init__(*args, **kwargs)
        self.room = room
        self.fields["head_count"].help_text = _("Lokalet har plads til %(n)s.") % {
            "n": number_format(room.capacity, force_grouping=True)
        }

    def clean_head_count(self):
        head_count = self.cleaned_data["head_count"]
        problem = self.room.head_count_problem(head_count)
        if problem:
            raise forms.ValidationError(problem)
        return head_count


class BookingForm(ActivityForm):
    day = _date(label=_("Dato"))
    start_time = _time(label=_("Fra kl."))
    end_time = _time(label=_("Til kl."))


class BookingEditForm(TimeRangeMixin, forms.Form):
    day = _date(label=_("Dato"))
    start_time = _time(label=_("Fra kl."))
    end_time = _time(label=_("Til kl."))

    @staticmethod
    def initial_for(booking) -> dict:
        """The booking's own day and times in Copenhagen, so a move starts from where it is."""
        starts_at, ends_at = (
            timezone.localtime(booking.starts_at),
            timezone.localtime(booking.ends_at),
        )
        return {"day": starts_at.date(), "start_time": starts_at.time(), "end_time": ends_at.time()}


class SeriesForm(ActivityForm):
    weekday = _weekday()
    also_weekdays = forms.TypedMultipleChoiceField(
        label=_("Også disse ugedage"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    interval_weeks = forms.TypedChoiceField(
        label=_("Hvor ofte"),
        choices=[(1, _("Hver uge")), (2, _("Hver anden uge"))],
        coerce=int,
        required=False,
        empty_value=1,
        initial=1,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    start_time = _time(label=_("Fra kl."))
    end_time = _time(label=_("Til kl."))
    first_date = _date(label=_("Første dag"))
    last_date = _date(label=_("Sidste dag"))
    skip_school_holidays = forms.BooleanField(
        label=_("Spring skoleferier over"),
        help_text=_("Helligdage springes altid over."),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    # The dates the user accepted to skip after the conflict report (read in clean_skip).
    skip = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    PATTERN = ("weekday", "start_time", "end_time", "first_date", "last_date")

    @classmethod
    def initial_from(cls, query) -> dict:
        """The coming season at 19-21, or the pattern the user searched for (coming from the search)."""
        start, end = season_default()
        initial = {
            "first_date": start,
            "last_date": end,
            "start_time": time(19),
            "end_time": time(21),
        }
        initial.update({k: v for k, v in query.items() if k in cls.PATTERN})
        if query.get("capacity"):
            initial["head_count"] = query["capacity"]
        return initial

    def pattern(self) -> WeeklyPattern:
        return WeeklyPattern(
            **{k: self.cleaned_data[k] for k in self.PATTERN},
            interval_weeks=self.cleaned_data["interval_weeks"] or 1,
            also_weekdays=tuple(self.cleaned_data["also_weekdays"]),
            skip_school_holidays=self.cleaned_data["skip_school_holidays"],
        )

    def clean_skip(self):
        out = []
        for value in (
            self.data.getlist(self.add_prefix("skip")) if hasattr(self.data, "getlist") else []
        ):
            try:
                out.append(date.fromisoformat(value))
            except ValueError as exc:
                raise forms.ValidationError(_("Ugyldig dato.")) from exc
        return out

    def clean(self):
        data = super().clean()
        check_season(self, data.get("first_date"), data.get("last_date"))
        return data


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Begrundelse"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )


class SeriesCancelForm(forms.Form):
    """Which coming dates of a series to cancel: none ticked until the user ticks them."""

    bookings = forms.ModelMultipleChoiceField(
        label=_("Datoer, der skal aflyses"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        error_messages={"required": _("Vælg mindst én dato, der skal aflyses.")},
    )

    def __init__(self, *args, cancellable, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["bookings"]
        field.queryset = cancellable.order_by("starts_at")
        field.label_from_instance = booking_label


def booking_label(booking) -> str:
    """A booking's date and time in words, e.g. "tir. 5. jan. 2027 kl. 19:00–21:00"."""
    return _("%(day)s kl. %(start)s–%(end)s") % {
        "day": short_date(timezone.localtime(booking.starts_at)),
        "start": timezone.localtime(booking.starts_at).strftime("%H:%M"),
        "end": timezone.localtime(booking.ends_at).strftime("%H:%M"),
    }


def short_date(value) -> str:
    """A weekday and date with the month in lower case as Danish writes it: "tir. 5. jan. 2027"
    ("4. maj 2027": May is written out, so it takes no full stop)."""
    text = date_format(value, _("D. j. b. Y"))
    return text.replace(" maj. ", " maj ")
