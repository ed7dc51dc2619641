from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from community.access import READ_PURPOSES
from community.models import Association, CoreTask

NAME_RE = re.compile(r"^[^\W\d_]+(?:[ \-'.][^\W\d_]+)*\.?$")


class DateInput(forms.DateInput):
    """The one date widget of every form: a browser's date input takes only ISO values.

    Danish formatting (12.01.2027) would be dropped by the browser and leave the field empty.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def clean_person_name(value: str) -> str:
    value = " ".join(value.split())
    if not value or not NAME_RE.match(value):
        raise forms.ValidationError(_("Skriv navnet med bogstaver, f.eks. Karen eller Jens-Ole."))
    return value


def checkboxes(label, choices, **kwargs) -> forms.MultipleChoiceField:
    """A question with several answers, one checkbox each."""
    return forms.MultipleChoiceField(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, **kwargs
    )


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up: the name we greet you by, and consent to the privacy terms."""

    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100)
    accept_terms = forms.BooleanField(
        label=_("Jeg har læst, hvordan kommunen passer på mine oplysninger."),
        help_text=_('Læs <a href="/#om">hvordan vi passer på dine oplysninger</a>.'),
        error_messages={"required": _("Du skal sætte flueben, før du kan oprette en konto.")},
    )

    field_order = ["first_name", "last_name", "email", "password1", "password2", "accept_terms"]

    def clean_first_name(self):
        return clean_person_name(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return clean_person_name(self.cleaned_data["last_name"])

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class PurposeForm(forms.Form):
    """Asked before a citizen's record opens; the answer goes into the audit trail with the read.

    A page that knows why the record is opened (a need, a proposal, a match) links here with
    `?suggest=<purpose>`, and the answer is ticked in advance: one more click opens the record.
    """

    purpose = forms.ChoiceField(
        label=_("Hvorfor åbner du borgerens oplysninger?"),
        choices=READ_PURPOSES,
        widget=forms.RadioSelect,
    )

    @classmethod
    def from_query(cls, query) -> PurposeForm:
        if "purpose" in query:
            return cls(query)
        suggested = query.get("suggest")
        return cls(initial={"purpose": suggested} if suggested in dict(READ_PURPOSES) else {})


class CitizenSearchForm(forms.Form):
    """The citizen search. A purpose given here is the purpose of every record opened from the list."""

    all_optional = True  # a search bar: no field is marked "(valgfrit)"

    q = forms.CharField(label=_("Søg efter navn"), required=False, max_length=100)
    purpose = forms.ChoiceField(
        label=_("Formål, når du åbner en borger"),
        choices=[("", _("Spørg hver gang"))] + READ_PURPOSES,
        required=False,
    )

    def clean_q(self):
        return self.cleaned_data["q"].strip()


class EraseCitizenForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor slettes oplysningerne?"),
        help_text=_(
            'F.eks. "Borgeren har bedt om det i telefonen 23. november". Begrundelsen gemmes i loggen.'
        ),
        max_length=300,
    )
    confirm = forms.BooleanField(
        label=_(
            "Jeg forstår, at borgerens oplysninger, ønsker og match slettes, og at det ikke kan fortrydes."
        )
    )


class AssociationRegisterForm(forms.ModelForm):
    core_tasks = forms.ModelMultipleChoiceField(
        label=_("Kerneopgaver"),
        queryset=CoreTask.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )

    class Meta:
        model = Association
        fields = ["name", "cvr", "purpose", "email", "postcode", "works_with_children"]
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-input"}),
            "cvr": forms.TextInput(attrs={"class": "form-input", "inputmode": "numeric"}),
            "purpose": forms.Textarea(attrs={"class": "form-input", "rows": 3}),
            "email": forms.EmailInput(attrs={"class": "form-input"}),
            "postcode": forms.TextInput(attrs={"class": "form-input", "inputmode": "numeric"}),
            "works_with_children": forms.CheckboxInput(attrs={"class": "form-checkbox"}),
        }


class DeclarationForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Vi erklærer, at foreningen har indhentet børneattest for alle, der arbejder med børn under 15 år."
        ),
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )


class RepresentativeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail på en ny repræsentant"),
        widget=forms.EmailInput(attrs={"class": "form-input"}),
    )
