import re

from django import forms
from django.utils.translation import gettext_lazy as _

from community.access import READ_PURPOSES

NAME_RE = re.compile(r"^[^\W\d_]+(?:[ \-'.][^\W\d_]+)*\.?$")


def clean_person_name(value: str) -> str:
    value = " ".join(value.split())
    if not value or not NAME_RE.match(value):
        raise forms.ValidationError(_("Skriv navnet med bogstaver, f.eks. Karen eller Jens-Ole."))
    return value


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
    purpose = forms.ChoiceField(
        label=_("Hvorfor åbner du borgerens oplysninger?"), choices=READ_PURPOSES
    )


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


class AuditSearchForm(forms.Form):
    q = forms.CharField(label=_("Søg (bruger, objekt eller formål)"), required=False)
    action = forms.CharField(label=_("Handling"), required=False)
    date_from = forms.DateField(
        label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
