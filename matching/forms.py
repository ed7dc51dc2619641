from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.forms import checkboxes, clean_person_name
from community.models import CoreTask
from community.municipality import current_municipality
from community.weekly import TIME_CHOICES
from localareas import lookup
from localareas.models import LocalArea
from matching.models import FollowUpAnswer, Match, Need, NeedKind
from matching.reasons import LANGUAGE_NAMES

LANGUAGE_CHOICES = list(LANGUAGE_NAMES.items())
CITIZEN_KINDS = [
    (NeedKind.VISITING_FRIEND, _("En besøgsven, der kommer forbi og får en snak")),
    (NeedKind.MEAL_BUDDY, _("En at spise sammen med")),
    (NeedKind.SHARED_MEAL, _("En plads ved et fællesspisning i nærheden")),
    (NeedKind.MENTOR, _("En mentor eller støtteperson, der kan hjælpe mig videre")),
]

PHONE_RE = r"^\+?[\d ]{8,16}$"


def validate_municipal_postcode(value: str) -> None:
    """A need far outside the municipality can never be matched: say so instead of saving it."""
    if not lookup.postcode_in_municipality(value):
        raise ValidationError(
            _(
                "Postnummeret %(code)s ligger ikke i %(municipality)s. Vi kan kun hjælpe borgere, "
                "der bor i kommunen. Bor du et andet sted, så kontakt din egen kommune."
            ),
            params={"code": value, "municipality": current_municipality().authority_name},
        )


def postcode_field(label=None, **kwargs) -> forms.RegexField:
    return forms.RegexField(
        label=label or _("Postnummer"),
        regex=r"^\d{4}$",
        validators=[validate_municipal_postcode],
        error_messages={"invalid": _("Et postnummer er fire cifre, f.eks. 8722.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        **kwargs,
    )


class PhoneField(forms.RegexField):
    def clean(self, value):
        # Stored without spaces, so a search for "22334455" finds "22 33 44 55".
        return super().clean(value).replace(" ", "")


def phone_field(label, **kwargs) -> forms.RegexField:
    return PhoneField(
        label=label,
        regex=PHONE_RE,
        max_length=20,
        error_messages={"invalid": _("Skriv telefonnummeret med cifre, f.eks. 22 33 44 55.")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        **kwargs,
    )


class DkfdsMixin:
    """DKFDS classes on the inputs, so every form of the module looks the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                continue
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", "form-input")
            elif not isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-input")


class NeedRequestForm(DkfdsMixin, forms.Form):
    """The citizen's own request, in everyday Danish."""

    kind = forms.ChoiceField(
        label=_("Hvad kunne du tænke dig?"), choices=CITIZEN_KINDS, widget=forms.RadioSelect
    )
    hopes = forms.CharField(
        label=_("Fortæl med dine egne ord, hvad du håber på"),
        help_text=_("For eksempel: 'Jeg vil gerne have en at gå ture med og tale om haven.'"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    interests = forms.CharField(
        label=_("Hvad kan du lide at lave?"),
        help_text=_("For eksempel havearbejde, kortspil, gåture."),
        required=False,
        max_length=500,
    )
    times = checkboxes(
        _("Hvornår passer det dig?"),
        TIME_CHOICES,
        help_text=_("Sæt flueben ved alle de tider, der passer."),
    )
    languages = checkboxes(_("Hvilke sprog taler du?"), LANGUAGE_CHOICES, initial=["da"])
    preferred_gender = forms.ChoiceField(
        label=_("Vil du helst mødes med en kvinde eller en mand?"),
        choices=[("", _("Det er lige meget")), ("female", _("En kvinde")), ("male", _("En mand"))],
        required=False,
    )
    step_free = forms.BooleanField(
        label=_("Jeg har brug for steder uden trin (f.eks. kørestol eller rollator)"),
        required=False,
    )
    street = forms.CharField(label=_("Din adresse"), max_length=200)
    postcode = postcode_field()
    city = forms.CharField(label=_("By"), max_length=100)
    phone = forms.CharField(label=_("Telefonnummer, så vi kan ringe til dig"), max_length=20)
    consent = forms.BooleanField(
        label=_(
            "Jeg siger ja til, at kommunens frivilligkoordinator må bruge mine svar til at finde en, "
            "der passer til mig, og ringe til mig om det."
        ),
        error_messages={"required": _("Vi kan kun hjælpe, hvis du siger ja til det her.")},
    )


def citizen_times_field():
    """When the citizen can meet, as a coordinator records it (after a talk or on the phone)."""
    return checkboxes(
        _("Hvornår kan borgeren?"),
        TIME_CHOICES,
        required=False,
        help_text=_("Ingen valgt betyder, at alle tider passer."),
    )


def citizen_consent_field():
    """The citizen's consent to use what she told, without which no need is recorded."""
    return forms.BooleanField(
        label=_(
            "Borgeren har givet samtykke til, at vi bruger oplysningerne til at finde et match"
        ),
        error_messages={"required": _("Uden samtykke kan behovet ikke oprettes.")},
    )


class NeedForm(DkfdsMixin, forms.ModelForm):
    """A coordinator's record of a need after a talk with the citizen."""

    times = citizen_times_field()
    languages = checkboxes(_("Sprog"), LANGUAGE_CHOICES, initial=["da"])
    consent = citizen_consent_field()

    class Meta:
        model = Need
        fields = [
            "citizen",
            "kind",
            "core_task",
            "hopes",
            "interests",
            "preferred_gender",
            "preferred_age_min",
            "preferred_age_max",
            "step_free",
            "group_size",
            "frequency",
            "travel_km",
        ]
        widgets = {"hopes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, citizens, core_tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["citizen"].queryset = citizens
        self.fields["core_task"].queryset = core_tasks
        self.fields["core_task"].empty_label = None

    def clean(self):
        data = super().clean()
        if data.get("consent"):
            # The model refuses a need without consent; the service stamps the real time on save.
            self.instance.consent_at = timezone.now()
        return data


class RunForm(DkfdsMixin, forms.Form):
    core_task = forms.ModelChoiceField(
        label=_("Kerneopgave"),
        queryset=CoreTask.objects.none(),
        required=False,
        empty_label=_("Alle mine kerneopgaver"),
    )
    local_area = forms.ModelChoiceField(
        label=_("Lokalområde"),
        queryset=LocalArea.objects.all(),
        required=False,
        empty_label=_("Hele kommunen"),
    )
    prefer_more_matches = forms.BooleanField(
        label=_("Match flest mulige borgere, også hvis det samlede match bliver lidt dårligere"),
        required=False,
    )

    def __init__(self, *args, core_tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["core_task"].queryset = core_tasks


class RejectForm(DkfdsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor afviser du forslaget?"),
        max_length=500,
        error_messages={"required": _("Skriv kort, hvorfor forslaget afvises.")},
    )


class WithdrawForm(DkfdsMixin, forms.Form):
    reason = forms.CharField(label=_("Hvorfor lukkes behovet?"), max_length=500)


class EndForm(DkfdsMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Hvordan endte det?"), choices=Match.Outcome.choices)
    note = forms.CharField(
        label=_("Bemærkning"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(
        choices=[("yes", _("Ja")), ("no", _("Nej"))], coerce=lambda v: v == "yes"
    )


class PhoneAnswerForm(DkfdsMixin, forms.Form):
    """An answer a party gave the coordinator by phone or in person."""

    party = forms.ChoiceField(
        label=_("Hvem har svaret?"),
        choices=[("citizen", _("Borgeren")), ("provider", _("Den frivillige eller foreningen"))],
        widget=forms.RadioSelect,
    )
    given = forms.TypedChoiceField(
        label=_("Hvad blev svaret?"),
        choices=[("yes", _("Ja")), ("no", _("Nej tak"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note om samtalen"),
        required=False,
        max_length=500,
        help_text=_("Skriv ikke helbredsoplysninger her."),
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        choices = dict(self.fields["party"].choices)
        self.fields["party"].choices = [(p, choices[p]) for p in parties]


class FollowUpAnswerForm(DkfdsMixin, forms.ModelForm):
    # Required radios with no initial: the model field's blank "---------" would be a checked radio.
    met = forms.ChoiceField(
        label=_("Hvor mange gange har I mødtes?"),
        choices=FollowUpAnswer.Met.choices,
        widget=forms.RadioSelect,
    )
    wants_to_continue = forms.TypedChoiceField(
        label=_("Vil du gerne fortsætte?"),
        choices=[("yes", _("Ja")), ("no", _("Nej"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    going_well = forms.TypedChoiceField(
        label=_("Hvor godt går det? (1 = dårligt, 5 = rigtig godt)"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = FollowUpAnswer
        fields = ["met", "going_well", "wants_to_continue", "comment"]
        # The field template adds "(valgfrit)" to an optional field, so the label does not say it.
        labels = {"comment": _("Vil du fortælle mere?")}
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}


class OpenRequestForm(DkfdsMixin, forms.Form):
    """A request from someone without an account: enough for a coordinator to call her back."""

    name = forms.CharField(label=_("Dit navn"), max_length=200)
    phone = phone_field(
        _("Telefonnummer"),
        required=False,
        help_text=_("Skriv telefonnummer eller e-mail, så vi kan kontakte dig. Gerne begge."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    kind = forms.ChoiceField(
        label=_("Hvad kunne du tænke dig?"), choices=CITIZEN_KINDS, widget=forms.RadioSelect
    )
    postcode = postcode_field()
    message = forms.CharField(
        label=_("Fortæl kort, hvad du håber på"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "Jeg siger ja til, at kommunens frivilligkoordinator må gemme mine oplysninger, ringe "
            "eller skrive til mig og bruge mine svar til at finde en, der passer til mig."
        ),
        error_messages={"required": _("Vi kan kun hjælpe, hvis du siger ja til det her.")},
    )
    # A honeypot: hidden from people (and screen readers), filled in by bots.
    website = forms.CharField(
        label=_("Lad dette felt være tomt"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_name(self):
        return clean_person_name(self.cleaned_data["name"])

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email") and not self.has_error("phone"):
            self.add_error(
                "phone", _("Skriv dit telefonnummer eller din e-mail, så vi kan kontakte dig.")
            )
        return data


class IntakeSearchForm(forms.Form):
    q = forms.CharField(label=_("Navn eller telefonnummer"), max_length=100, required=False)


class IntakeForm(DkfdsMixin, forms.Form):
    """A phone call taken by a coordinator: the citizen (unless picked) and the need in one form."""

    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100)
    phone = phone_field(_("Telefon"))
    email = forms.EmailField(label=_("E-mail"), required=False)
    street = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    postcode = postcode_field()
    city = forms.CharField(label=_("By"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Hvad ønsker borgeren?"), choices=CITIZEN_KINDS)
    core_task = forms.ModelChoiceField(
        label=_("Kerneopgave"), queryset=CoreTask.objects.none(), empty_label=None
    )
    hopes = forms.CharField(
        label=_("Hvad borgeren håber på (egne ord)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    times = citizen_times_field()
    languages = checkboxes(_("Sprog"), LANGUAGE_CHOICES, initial=["da"])
    consent = citizen_consent_field()

    CITIZEN_FIELDS = ["first_name", "last_name", "phone", "email", "street", "postcode", "city"]

    def __init__(self, *args, core_tasks, citizen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["core_task"].queryset = core_tasks
        if citizen is not None:
            # The citizen is known: only the need is asked for.
            for name in self.CITIZEN_FIELDS:
                del self.fields[name]

    def clean_first_name(self):
        return clean_person_name(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return clean_person_name(self.cleaned_data["last_name"])
