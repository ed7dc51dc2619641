from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.forms import checkboxes
from community.models import CoreTask
from community.weekly import TIME_CHOICES
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
    postcode = forms.RegexField(
        label=_("Postnummer"),
        regex=r"^\d{4}$",
        error_messages={"invalid": _("Et postnummer er fire cifre.")},
    )
    city = forms.CharField(label=_("By"), max_length=100)
    phone = forms.CharField(label=_("Telefonnummer, så vi kan ringe til dig"), max_length=20)
    consent = forms.BooleanField(
        label=_(
            "Jeg siger ja til, at kommunens frivilligkoordinator må bruge mine svar til at finde en, "
            "der passer til mig, og ringe til mig om det."
        ),
        error_messages={"required": _("Vi kan kun hjælpe, hvis du siger ja til det her.")},
    )


class NeedForm(DkfdsMixin, forms.ModelForm):
    """A coordinator's record of a need after a talk with the citizen."""

    times = checkboxes(
        _("Hvornår kan borgeren?"),
        TIME_CHOICES,
        required=False,
        help_text=_("Ingen valgt betyder, at alle tider passer."),
    )
    languages = checkboxes(_("Sprog"), LANGUAGE_CHOICES, initial=["da"])
    consent = forms.BooleanField(
        label=_(
            "Borgeren har givet samtykke til, at vi bruger oplysningerne til at finde et match"
        ),
        error_messages={"required": _("Uden samtykke kan behovet ikke oprettes.")},
    )

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
