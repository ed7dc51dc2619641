from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community.forms import DateInput, checkboxes, clean_person_name
from community.models import CoreTask, User
from community.weekly import TIME_CHOICES, choices_from_slots, slots_from_choices
from volunteers.models import (
    LANGUAGE_CHOICES,
    Activity,
    AgeGroup,
    HoursEntry,
    NotificationKind,
    Opportunity,
    TravelMode,
    Volunteer,
)


def password_min_length() -> int:
    """The shortest password AUTH_PASSWORD_VALIDATORS accept, so the hint cannot drift from the rule."""
    from django.contrib.auth.password_validation import (
        MinimumLengthValidator,
        get_default_password_validators,
    )

    lengths = [
        v.min_length
        for v in get_default_password_validators()
        if isinstance(v, MinimumLengthValidator)
    ]
    return max(lengths, default=1)


class AccountFields(forms.Form):
    """For visitors without an account: the account is created in the same step as the profile."""

    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100)
    email = forms.EmailField(label=_("E-mail"))
    password1 = forms.CharField(
        label=_("Vælg en adgangskode"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Skriv adgangskoden igen"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = ngettext(
            "Mindst %(count)d tegn. Brug ikke en adgangskode, du bruger andre steder.",
            "Mindst %(count)d tegn. Brug ikke en adgangskode, du bruger andre steder.",
            password_min_length(),
        ) % {"count": password_min_length()}

    def clean_first_name(self):
        return clean_person_name(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return clean_person_name(self.cleaned_data["last_name"])

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "Der findes allerede en konto med den e-mail. Log ind først, og bliv så frivillig."
                )
            )
        return email

    def clean(self):
        from django.contrib.auth.password_validation import validate_password

        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("De to adgangskoder er ikke ens."))
        elif p1:
            try:
                validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def account_data(self) -> dict:
        d = self.cleaned_data
        return {
            "email": d["email"],
            "password": d["password1"],
            "first_name": d["first_name"],
            "last_name": d["last_name"],
        }


def _period_label(period: dict) -> str:
    from datetime import date

    from django.utils.formats import date_format

    def day(value):
        return date_format(date.fromisoformat(value), "DATE_FORMAT")

    return f"{day(period['from'])} - {day(period['to'])}"


class ProfileForm(forms.Form):
    """The volunteer profile in plain words. Used both at sign-up and when the volunteer edits it.

    Away periods: the ones already registered are listed with a box to keep each (unticking removes
    it), and the two date fields add one more; periods that have ended are dropped."""

    def __init__(self, *args, away: list[dict] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate().isoformat()
        self.away = sorted(
            (p for p in (away or []) if p.get("to", "") >= today), key=lambda p: p.get("from", "")
        )
        if self.away:
            self.fields["keep_away"] = checkboxes(
                _("Perioder, hvor du er væk"),
                [(str(i), _period_label(p)) for i, p in enumerate(self.away)],
                help_text=_("Fjern fluebenet for at slette en periode."),
                initial=[str(i) for i in range(len(self.away))],
                required=False,
            )

    activities = checkboxes(
        _("Hvad vil du gerne lave?"),
        Activity.choices,
        error_messages={"required": _("Vælg mindst én ting, du gerne vil lave.")},
    )
    core_tasks = forms.ModelMultipleChoiceField(
        label=_("Hvilke områder vil du gerne hjælpe inden for?"),
        queryset=CoreTask.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    age_groups = checkboxes(
        _("Hvem vil du gerne være sammen med?"), AgeGroup.choices, required=False
    )
    interests = forms.CharField(
        label=_("Hvad er du interesseret i?"),
        help_text=_("F.eks. gåture, strik, fodbold, musik"),
        required=False,
        max_length=1000,
    )
    skills = forms.CharField(
        label=_("Hvad er du god til?"),
        help_text=_("F.eks. madlavning, it, at lytte"),
        required=False,
        max_length=1000,
    )
    languages = checkboxes(
        _("Hvilke sprog taler du?"), LANGUAGE_CHOICES, initial=["da"], required=False
    )
    times = checkboxes(_("Hvornår på ugen har du tid?"), TIME_CHOICES, required=False)
    away_from = forms.DateField(
        label=_("Væk fra (dato)"),
        help_text=_("Tilføj en periode, hvor du ikke kan, f.eks. en ferie. Du kan tilføje flere."),
        required=False,
        widget=DateInput,
    )
    away_to = forms.DateField(
        label=_("Væk til (dato)"),
        required=False,
        widget=DateInput,
    )
    street = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    postcode = forms.RegexField(
        label=_("Postnummer"),
        regex=r"^\d{4}$",
        error_messages={"invalid": _("Et postnummer er fire cifre, f.eks. 8722.")},
    )
    city = forms.CharField(label=_("By"), max_length=100, required=False)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=54, max_value=58)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=7, max_value=16)
    travel_km = forms.IntegerField(
        label=_("Hvor langt vil du rejse? (km)"), min_value=0, max_value=100, initial=5
    )
    travel_mode = forms.ChoiceField(
        label=_("Hvordan kommer du rundt?"), choices=TravelMode.choices, initial=TravelMode.CAR
    )
    capacity = forms.IntegerField(
        label=_("Hvor mange personer kan du hjælpe ad gangen?"),
        min_value=1,
        max_value=20,
        initial=1,
    )
    birth_year = forms.IntegerField(label=_("Fødselsår"), min_value=1900, required=False)
    gender = forms.ChoiceField(
        label=_("Køn"),
        choices=[("", _("Vil ikke oplyse"))] + Volunteer._meta.get_field("gender").choices,
        required=False,
    )
    child_certificate_checked_on = forms.DateField(
        label=_("Dato for din seneste børneattest"),
        help_text=_("Kun hvis du vil være sammen med børn under 15. Koordinatoren tjekker den."),
        required=False,
        widget=DateInput,
    )

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year and year > timezone.localdate().year - 13:
            raise forms.ValidationError(_("Du skal være mindst 13 år for at blive frivillig."))
        return year

    def clean(self):
        data = super().clean()
        start, end = data.get("away_from"), data.get("away_to")
        if start and end and end < start:
            self.add_error("away_to", _("Slutdatoen skal være efter startdatoen."))
        if (start and not end) or (end and not start):
            self.add_error("away_to", _("Skriv både en start- og en slutdato."))
        cert = data.get("child_certificate_checked_on")
        if cert and cert > timezone.localdate():
            self.add_error("child_certificate_checked_on", _("Datoen kan ikke ligge i fremtiden."))
        return data

    def profile_data(self) -> dict:
        d = self.cleaned_data
        kept = set(d.get("keep_away") or [])
        exceptions = [p for i, p in enumerate(self.away) if str(i) in kept]
        if d.get("away_from") and d.get("away_to"):
            exceptions.append({"from": d["away_from"].isoformat(), "to": d["away_to"].isoformat()})
        exceptions.sort(key=lambda p: p["from"])
        return {
            "activities": d["activities"],
            "age_groups": d.get("age_groups") or [],
            "interests": d.get("interests", ""),
            "skills": d.get("skills", ""),
            "languages": d.get("languages") or [],
            "availability": slots_from_choices(d.get("times") or []),
            "availability_exceptions": exceptions,
            "street": d.get("street", ""),
            "postcode": d["postcode"],
            "city": d.get("city", ""),
            "lat": d.get("lat"),
            "lon": d.get("lon"),
            "travel_km": d["travel_km"],
            "travel_mode": d["travel_mode"],
            "capacity": d["capacity"],
            "birth_year": d.get("birth_year"),
            "gender": d.get("gender", ""),
            "child_certificate_checked_on": d.get("child_certificate_checked_on"),
        }

    @classmethod
    def initial_from(cls, v: Volunteer) -> dict:
        return {
            "activities": v.activities,
            "core_tasks": list(v.core_tasks.all()),
            "age_groups": v.age_groups,
            "interests": v.interests,
            "skills": v.skills,
            "languages": v.languages,
            "times": choices_from_slots(v.availability),
            "street": v.street,
            "postcode": v.postcode,
            "city": v.city,
            # The saved point, so the map shows it and saving again without a click keeps it.
            "lat": v.lat,
            "lon": v.lon,
            "travel_km": v.travel_km,
            "travel_mode": v.travel_mode,
            "capacity": v.capacity,
            "birth_year": v.birth_year,
            "gender": v.gender,
            "child_certificate_checked_on": v.child_certificate_checked_on,
        }


def clean_danish_phone(value: str) -> str:
    """A Danish number: 8 digits, optionally after +45 (or 0045), spaces allowed; kept as "+45 12345678"."""
    digits = value.replace(" ", "")
    if digits.startswith("+45"):
        digits = digits[3:]
    elif digits.startswith("0045"):
        digits = digits[4:]
    if not re.fullmatch(r"\d{8}", digits):
        raise forms.ValidationError(
            _("Skriv et dansk telefonnummer med 8 cifre, f.eks. 12 34 56 78 eller +45 12 34 56 78.")
        )
    return f"+45 {digits}"


class ContactForm(forms.Form):
    """How a coordinator reaches a new volunteer (stored on the account, User.phone)."""

    phone = forms.CharField(
        label=_("Telefonnummer"),
        max_length=20,
        help_text=_("8 cifre. En koordinator ringer til dig om en opgave."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self):
        return clean_danish_phone(self.cleaned_data["phone"])


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "Jeg giver lov til, at kommunen gemmer mine oplysninger, så en koordinator kan finde opgaver til mig. "
            "Oplysningerne slettes senest 3 år efter, at jeg sidst var aktiv, eller når jeg beder om det."
        ),
        error_messages={"required": _("Du skal give samtykke, før vi kan gemme dine oplysninger.")},
    )


class StatusForm(forms.Form):
    """Offers only the steps the volunteer may take from her present status."""

    status = forms.ChoiceField(label=_("Ny status"), choices=[])

    def __init__(self, *args, volunteer: Volunteer, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Volunteer.Status.choices)
        self.fields["status"].choices = [(s, labels[s]) for s in volunteer.next_statuses()]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    remind_on = forms.DateField(
        label=_("Påmind mig den"),
        required=False,
        widget=DateInput,
    )


class OpportunityForm(forms.ModelForm):
    class Meta:
        model = Opportunity
        fields = [
            "title",
            "description",
            "core_task",
            "association",
            "activity",
            "kind",
            "recurrence",
            "starts_at",
            "ends_at",
            "places",
            "requires_child_certificate",
            "min_age",
            "requirements",
            "street",
            "postcode",
            "city",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description": forms.Textarea(attrs={"rows": 4}),
            "requirements": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, task_ids: set[int], association_ids: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        from community.models import Association

        self.task_ids, self.association_ids = task_ids, association_ids
        self.fields["association"].queryset = Association.objects.filter(pk__in=association_ids)
        self.fields["association"].required = not task_ids
        self.fields["postcode"].required = True

    def clean(self):
        data = super().clean()
        task, association = data.get("core_task"), data.get("association")
        if task and not association and task.pk not in self.task_ids:
            self.add_error("core_task", _("Du kan kun oprette opgaver i dine egne kerneopgaver."))
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("Opgaven skal slutte efter, den starter."))
        return data

    def opportunity_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class ApplyForm(forms.Form):
    message = forms.CharField(
        label=_("Besked til koordinatoren"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class _DayAndHours(forms.Form):
    """The day and the hours of an hour entry, as the volunteer logs it and a coordinator corrects it."""

    worked_on = forms.DateField(label=_("Dato"), widget=DateInput)
    hours = forms.DecimalField(
        label=_("Antal timer"),
        min_value=0.25,
        max_value=24,
        decimal_places=2,
        help_text=_("F.eks. 2 eller 1,5"),
        localize=True,
    )


class HoursForm(_DayAndHours):
    opportunity = forms.ModelChoiceField(
        label=_("Opgave"), queryset=Opportunity.objects.none(), required=False
    )
    core_task = forms.ModelChoiceField(
        label=_("Kerneopgave"),
        queryset=CoreTask.objects.all(),
        required=False,
        help_text=_("Hvis timerne ikke hører til en bestemt opgave"),
    )
    description = forms.CharField(label=_("Hvad lavede du?"), max_length=300, required=False)

    def __init__(self, *args, volunteer: Volunteer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = Opportunity.objects.filter(
            applications__volunteer=volunteer, applications__status="approved"
        )

    def clean(self):
        data = super().clean()
        if not data.get("opportunity") and not data.get("core_task"):
            self.add_error("core_task", _("Vælg en opgave eller en kerneopgave."))
        return data


class HoursDecisionForm(forms.Form):
    """The ticked entries and what to do with them; nothing changes until `confirmed` is sent from
    the confirmation step."""

    entries = forms.ModelMultipleChoiceField(
        label=_("Timer"),
        queryset=HoursEntry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg de registreringer, du vil godkende eller afvise.")},
    )
    decision = forms.ChoiceField(choices=[("approve", _("Godkend")), ("reject", _("Afvis"))])
    reason = forms.CharField(
        label=_("Begrundelse"),
        help_text=_("Den frivillige får begrundelsen i en e-mail."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = queryset


class HoursCorrectionForm(_DayAndHours):
    """A coordinator corrects the day, the hours or the description of an entry."""

    description = forms.CharField(label=_("Beskrivelse"), max_length=300, required=False)
    reason = forms.CharField(
        label=_("Hvorfor retter du registreringen?"),
        help_text=_("Den frivillige får en e-mail med rettelsen og din begrundelse."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _(
                "Skriv hvorfor du retter registreringen. Den frivillige får begrundelsen."
            )
        },
    )


class PreferenceForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Sprog i e-mails"), choices=[("da", _("Dansk")), ("en", _("Engelsk"))]
    )
    kinds = forms.MultipleChoiceField(
        label=_("Hvilke e-mails vil du have?"),
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class NoteDoneForm(forms.Form):
    note = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class DashboardForm(forms.Form):
    """Which of her core tasks a coordinator's dashboard shows (none given: her first)."""

    core_task = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class SignupForms:
    """The sign-up page's forms together: the account (only for a visitor), the profile and consent."""

    def __init__(self, data=None, *, new_account: bool):
        self.account = AccountFields(data, prefix="account") if new_account else None
        self.profile = ProfileForm(data)
        self.contact = ContactForm(data, prefix="contact")
        self.consent = ConsentForm(data)

    def is_valid(self) -> bool:
        forms_ = (self.account, self.profile, self.contact, self.consent)
        return all([f.is_valid() for f in forms_ if f])

    def sign_up_arguments(self) -> dict:
        """The keyword arguments of services.volunteer_sign_up, from the valid forms."""
        return {
            "account": self.account.account_data() if self.account is not None else None,
            "data": self.profile.profile_data(),
            "core_tasks": self.profile.cleaned_data.get("core_tasks") or [],
            "phone": self.contact.cleaned_data["phone"],
        }

    def context(self) -> dict:
        return {
            "account": self.account,
            "profile": self.profile,
            "contact": self.contact,
            "consent": self.consent,
        }
