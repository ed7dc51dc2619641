from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from community.forms import DateInput
from community.models import Association, Role, User
from localareas.models import (
    AreaResource,
    ContactLogEntry,
    CoordinationMeeting,
    LocalArea,
    LocalCouncil,
    Project,
)


class CouncilForm(forms.ModelForm):
    website = forms.URLField(
        label=capfirst(LocalCouncil._meta.get_field("website").verbose_name),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-input"}),
    )

    class Meta:
        model = LocalCouncil
        fields = ["description", "email", "phone", "website"]
        widgets = {
            "description": forms.Textarea(attrs={"class": "form-input", "rows": 5}),
            "email": forms.EmailInput(attrs={"class": "form-input"}),
            "phone": forms.TextInput(attrs={"class": "form-input"}),
            "website": forms.URLInput(attrs={"class": "form-input"}),
        }


# A title is optional; the empty choice says so in words rather than a "---" that reads like a value.
TITLE_CHOICES = [("", _("Ingen titel")), *Role._meta.get_field("title").choices]


class CouncilMemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail på det nye medlem"),
        help_text=_(
            "Personen får en invitation på e-mail og bliver vist som medlem, når de har sagt ja."
        ),
    )
    title = forms.ChoiceField(label=_("Titel"), choices=TITLE_CHOICES, required=False)


class CouncilMemberTitleForm(forms.Form):
    title = forms.ChoiceField(label=_("Titel"), choices=TITLE_CHOICES, required=False)


class ResourceForm(forms.ModelForm):
    class Meta:
        model = AreaResource
        fields = [
            "kind",
            "name",
            "role",
            "contact_person",
            "email",
            "phone",
            "address",
            "core_tasks",
            "association",
            "notes",
        ]
        widgets = {
            "core_tasks": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = Association.objects.order_by("name")
        self.fields["association"].empty_label = _("Ingen")


class ContactLogForm(forms.ModelForm):
    class Meta:
        model = ContactLogEntry
        fields = ["contacted_on", "resource", "spoke_with", "channel", "summary", "follow_up_on"]
        widgets = {
            "contacted_on": DateInput,
            "follow_up_on": DateInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"follow_up_on": _("Så kommer samtalen på listen over opfølgninger.")}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = AreaResource.objects.filter(area=area).order_by("name")
        self.fields["resource"].empty_label = _("Ingen bestemt ressource")
        if not self.is_bound and not self.initial.get("contacted_on"):
            self.initial["contacted_on"] = timezone.localdate()


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "areas",
            "goal",
            "core_tasks",
            "status",
            "partner_resources",
            "partners_other",
            "next_step",
            "next_step_on",
            "is_public",
        ]
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "core_tasks": forms.CheckboxSelectMultiple,
            "partner_resources": forms.CheckboxSelectMultiple,
            "goal": forms.Textarea(attrs={"rows": 3}),
            "next_step_on": DateInput,
        }

    def __init__(self, *args, areas, **kwargs):
        """`areas`: the areas the editor may choose from (their own)."""
        super().__init__(*args, **kwargs)
        area_ids = [a.pk for a in areas]
        self.fields["areas"].queryset = LocalArea.objects.filter(pk__in=area_ids).defer("geometry")
        self.fields["areas"].required = not (self.instance.pk and self.instance.areas.exists())
        # Partners come from the project's own areas, so an administrator is not shown every
        # resource in the municipality.
        partner_area_ids = set()
        if self.instance.pk:
            partner_area_ids |= set(self.instance.areas.values_list("pk", flat=True))
        if self.is_bound and hasattr(self.data, "getlist"):
            posted = self.data.getlist(self.add_prefix("areas"))
            partner_area_ids |= {int(v) for v in posted if str(v).isdigit()}
        else:
            partner_area_ids |= set(self.initial.get("areas") or [])
        if not partner_area_ids and len(area_ids) <= 6:
            partner_area_ids = set(area_ids)
        partner_area_ids &= set(area_ids)
        partners = self.fields["partner_resources"]
        partners.queryset = (
            AreaResource.objects.filter(area_id__in=partner_area_ids)
            .select_related("area")
            .order_by("area__name", "name")
        )
        partners.label_from_instance = lambda r: f"{r.name} ({r.area})"
        if not partner_area_ids:
            partners.help_text = _(
                "Vælg område og gem projektet. Så kan du vælge partnere blandt områdets ressourcer."
            )


class MeetingForm(forms.ModelForm):
    class Meta:
        model = CoordinationMeeting
        fields = ["held_on", "place", "agenda", "notes", "attendees"]
        widgets = {
            "held_on": DateInput,
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "notes": forms.Textarea(attrs={"rows": 6}),
            "attendees": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = playmaker_users()
        self.fields["attendees"].label_from_instance = lambda u: u.get_full_name() or u.email


def playmaker_users():
    return (
        User.objects.filter(roles__kind=Role.Kind.AREA_CONTACT)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


class DecisionForm(forms.Form):
    """One decision row; an empty row is skipped."""

    text = forms.CharField(label=_("Beslutning"), max_length=500, required=False)
    owner = forms.ModelChoiceField(
        label=_("Ansvarlig"), queryset=User.objects.none(), required=False, empty_label=_("Ingen")
    )
    due_on = forms.DateField(label=_("Frist"), required=False, widget=DateInput)
    done = forms.BooleanField(label=_("Gjort"), required=False)

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners if owners is not None else playmaker_users()
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.email


DecisionFormSet = forms.formset_factory(DecisionForm, extra=3)
